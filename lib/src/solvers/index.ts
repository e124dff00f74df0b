export * from "./problem";
export { solveConic } from "./ipm";
