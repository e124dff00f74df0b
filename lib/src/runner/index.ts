export * from "./kernel-client";
export * from "./notebook";
export * from "./reproduce";
