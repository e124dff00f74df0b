export * from "./methods";
export * from "./experiments";
