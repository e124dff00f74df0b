export * from "./init";
export * from "./dense";
export * from "./mlp";
