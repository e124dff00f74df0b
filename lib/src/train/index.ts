export * from "./trainer";
export * from "./checkpoint";
