export * from "./edge-gnn";
