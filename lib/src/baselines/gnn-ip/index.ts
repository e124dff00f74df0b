export * from "./sdr";
export * from "./zf";
export * from "./solve-pool";
