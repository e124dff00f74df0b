export * from "./graph";
export * from "./hetgnn";
export * from "./loss";
