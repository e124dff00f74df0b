export * as cellfreeGnn from "./cellfree-gnn";
