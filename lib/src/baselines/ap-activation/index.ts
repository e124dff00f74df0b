export * from "./power-allocation";
export * from "./activation";
