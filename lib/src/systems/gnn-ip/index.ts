export * from "./config";
export * from "./system";
export * from "./metrics";
export * from "./metrics-tf";
export * from "./recovery";
export * from "./convex";
