export * from "./rng";
export * from "./paths";
