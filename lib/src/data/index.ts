/** DeepMIMO data layer: MAT/npy readers, DeepMIMO v2/v3/v4 scenario readers, frames, O1-like generator, cache. */
export * from "./mat5";
export * from "./mat-values";
