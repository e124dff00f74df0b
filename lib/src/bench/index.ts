export * from "./reference-step";
export * from "./pytorch";
export * from "./deepmimo";
export * from "./cellfree-gnn";
export * from "./timing";
export * from "./gnn-ip";
export * from "./lhgnn";
