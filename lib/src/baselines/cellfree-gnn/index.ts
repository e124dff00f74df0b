export * from "./conjugate";
export * from "./wmmse";
