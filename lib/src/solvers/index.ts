export * from "./problem";
export { solveConic } from "./ipm";
export { verifySolution, coneViolation } from "./verify";
export * from "./affine";
export * from "./model";
export * from "./paper-problems";
export { benchSolvers, type SolverBenchRow } from "./bench";
