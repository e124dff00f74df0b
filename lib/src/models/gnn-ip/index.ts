export * from "./normalisation";
export * from "./gnn";
export * from "./dnn";
export * from "./projection";
