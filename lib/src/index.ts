export * as core from "./core";
export * as tensor from "./tensor";
