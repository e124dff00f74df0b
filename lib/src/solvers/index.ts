export * from "./problem";
export { solveConic } from "./ipm";
export { verifySolution, coneViolation } from "./verify";
