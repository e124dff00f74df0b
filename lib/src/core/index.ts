export * from "./rng";
export * from "./paths";
export * from "./files";
export * from "./scale";
export * from "./csv";
export * from "./config";
export * from "./cache";
export * as linalg from "./linalg";
export * from "./units";
