export * from "./trainer";
export * from "./checkpoint";
export * from "./adam";
