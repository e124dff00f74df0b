export * from "./backend";
export * from "./grad-fixes";
export { transposeLast2 } from "./matmul-grad";
export * from "./complex";
