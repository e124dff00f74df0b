export * as core from "./core";
export * as tensor from "./tensor";
export * as plot from "./plot";
export * as table from "./table";
