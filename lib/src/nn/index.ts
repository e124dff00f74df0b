export * from "./init";
export * from "./dense";
export * from "./mlp";
export * from "./relation-attention";
export * from "./conv2d";
export * from "./concat-linear";
export * from "./hetero-edge-conv";
