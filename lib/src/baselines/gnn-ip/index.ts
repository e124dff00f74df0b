export * from "./sdr";
export * from "./zf";
