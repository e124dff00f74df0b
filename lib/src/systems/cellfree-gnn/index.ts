export * from "./config";
export * from "./system";
export * from "./metrics-tf";
