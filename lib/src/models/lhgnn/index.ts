export * from "./graph";
export * from "./inputs";
export * from "./normalize";
export * from "./link-gnn";
export * from "./naive-cnn";
export * from "./loss";
