export * as cellfreeGnn from "./cellfree-gnn";
export * as lhgnn from "./lhgnn";
export * as apActivation from "./ap-activation";
export * as gnnIp from "./gnn-ip";
