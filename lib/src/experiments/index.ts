export * as cellfreeGnn from "./cellfree-gnn";
export * as lhgnn from "./lhgnn";
export * as gnnIp from "./gnn-ip";
export * as apActivation from "./ap-activation";
