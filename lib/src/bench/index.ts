export * from "./reference-step";
export * from "./pytorch";
