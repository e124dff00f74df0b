export * from "./experiments";
