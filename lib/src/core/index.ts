export * from "./rng";
export * from "./paths";
export * from "./files";
export * from "./scale";
export * from "./csv";
export * from "./config";
export * from "./cache";
export * from "./complex";
export * from "./linalg";
export * as linalg from "./linalg"; // also as a namespace: `linalg.solve` reads clearly beside other solvers
export * from "./units";
export * from "./threads";
