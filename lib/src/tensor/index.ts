export * from "./backend";
export * from "./grad-fixes";
export { transposeLast2 } from "./matmul-grad";
export * from "./complex";
export { NATIVE_ADDON, installNativeGemm } from "./native-gemm";
