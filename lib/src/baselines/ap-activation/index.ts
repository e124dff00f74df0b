export * from "./power-allocation";
export * from "./activation";
export { allocateMany } from "./solve-pool";
