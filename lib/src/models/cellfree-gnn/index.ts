export * from "./edge-gnn";
export * from "./model";
