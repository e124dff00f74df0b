export * from "./backend";
export * from "./matmul-grad";
