export * from "./networks";
export * from "./experiments";
export * from "./paper-values";
