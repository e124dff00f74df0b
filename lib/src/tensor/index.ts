export * from "./backend";
export * from "./matmul-grad";
export * from "./complex";
