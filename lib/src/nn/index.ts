export * from "./init";
export * from "./dense";
export * from "./mlp";
export * from "./concat-linear";
export * from "./hetero-edge-conv";
