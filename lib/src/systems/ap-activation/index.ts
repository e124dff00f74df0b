export * from "./config";
export * from "./scenario";
export * from "./metrics";
export * from "./metrics-tf";
