export * from "./reference-step";
export * from "./pytorch";
export * from "./deepmimo";
