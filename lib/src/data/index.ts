/** DeepMIMO data layer: MAT/npy readers, DeepMIMO v2/v3/v4 scenario readers, frames, O1-like generator, cache. */
export * from "./mat5";
export * from "./mat-values";
export * from "./npy";
export * from "./scenario";
export * from "./deepmimo-v2";
export * from "./deepmimo-v3";
export * from "./deepmimo-v4";
export * from "./load";
export * from "./frames";
export * from "./raytrace";
export * from "./o1";
export * from "./sampling";
