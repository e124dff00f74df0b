export * from "./rng";
export * from "./paths";
export * from "./files";
export * from "./scale";
export * from "./csv";
export * from "./config";
export * from "./cache";
