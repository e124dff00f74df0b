export * as core from "./core";
export * as tensor from "./tensor";
export * as plot from "./plot";
export * as table from "./table";
export * as nn from "./nn";
export * as train from "./train";
export * as data from "./data";
export * as channels from "./channels";
