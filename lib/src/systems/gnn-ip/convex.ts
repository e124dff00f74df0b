/**
 * Pieces shared by the convex problems of paper 001 (SDR, ZF, projection) in the solver's modelling layer:
 * the beampattern MSE objective (7) with β as a variable (minimising over β gives the least-squares
 * β of §IV.B), solving with retries, and a Hermitian solution read back as a CMat. Channels enter
 * the models unscaled: the modelling layer scales each row itself (scaling them by channelScale
 * beforehand made the solver end 'numerical' more often, measured).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { hashKey } from "../../core/cache";
import { cmat, type CMat } from "../../core/linalg";
import { Affine, Model, type HermitianExpr, type ModelSolution } from "../../solvers";
import type { SystemConfig } from "./config";
import { gridOf } from "./system";

/** Column n of A as a complex vector. */
export function column(A: CMat, n: number): { re: Float64Array; im: Float64Array } {
  const re = new Float64Array(A.rows), im = new Float64Array(A.rows);
  for (let m = 0; m < A.rows; m++) {
    re[m] = A.re[m * A.cols + n];
    im[m] = A.im[m * A.cols + n];
  }
  return { re, im };
}

/** Row l of H (h_l) as a complex vector. */
export function row(H: CMat, l: number): { re: Float64Array; im: Float64Array } {
  return { re: H.re.slice(l * H.cols, (l + 1) * H.cols), im: H.im.slice(l * H.cols, (l + 1) * H.cols) };
}

/** Sets the objective (1/N) Σₙ (β bₙ − pₙ)² (7) through one rotated second-order cone; β is free. */
export function minimiseBeampatternMse(m: Model, pattern: Affine[], desired: Float64Array): void {
  const beta = m.variable();
  const err = pattern.map((p, n) => beta.times(desired[n]).minus(p));
  const t = m.variable();
  m.sumSquaresLeq(err, t);
  m.minimize(t.times(1 / pattern.length));
}

/** A Hermitian expression's value at a solution, as a CMat. */
export function hermitianValue(sol: ModelSolution, X: HermitianExpr): CMat {
  const v = sol.hermitian(X);
  return cmat(X.n, X.n, v.re.flat(), v.im.flat());
}

/** CVX's reduced precision ε^¼ ≈ 1.22e-4: a solve that stalls within it is "Inaccurate/Solved" there, and used. */
const INACCURATE = 1.22e-4;

/** The largest of the primal and dual residuals and the (absolute or relative) gap of a solution. */
function accuracy(sol: ModelSolution): number {
  const { pres, dres, gap, pobj } = sol.raw;
  if (pres === null || dres === null || gap === null || pobj === null) return Infinity;
  return Math.max(pres, dres, Math.min(gap, gap / Math.abs(pobj)));
}

/**
 * Solves at the solver's default tolerance (1e-8), retrying at 1e-7, 1e-6 and 1e-5 when it ends
 * 'numerical': on some of these problems the interior-point iterates reach ~2e-8 and then stall
 * (residuals grow), one step short of 1e-8; on a few (one ZF design in 1,000) the primal residual
 * stalls near 1.5e-6. When every try stalls — instances near the edge of feasibility, e.g. an SDR
 * at σ² = 2·10⁻⁹ and Γ₀ = 9 dB, where cvxopt fails too — the most accurate point is used if it is
 * within CVX's reduced precision (INACCURATE), as CVX (the paper's solver) would; the callers
 * then check the SINR constraints on the beams themselves. Returns null when the problem is
 * infeasible (e.g. an SINR target a far user cannot reach); throws, naming the problem, on any
 * other failure. If ISAC_GNNIP_DUMP names a folder, each problem that needed a retry is written
 * there as JSON.
 */
export function solveModel(what: string, m: Model): ModelSolution | null {
  let best: ModelSolution | null = null;
  for (const tol of [1e-8, 1e-7, 1e-6, 1e-5]) {
    const sol = m.solve({ tol });
    if (sol.status === "optimal") return sol;
    if (sol.status === "primal_infeasible") return null;
    if (sol.status !== "numerical") throw new Error(`${what}: solver ended with status '${sol.status}' (expected 'optimal')`);
    if (tol === 1e-8 && process.env.ISAC_GNNIP_DUMP) dumpProblem(what, m);
    if (!best || accuracy(sol) < accuracy(best)) best = sol;
  }
  if (accuracy(best!) <= INACCURATE) {
    console.log(`${what}: the solver stalls at accuracy ${accuracy(best!).toExponential(1)}; using that point, as CVX's "Inaccurate/Solved"`);
    return best;
  }
  throw new Error(`${what}: solver ended with status 'numerical' (accuracy ${accuracy(best!).toExponential(1)}, expected 'optimal')`);
}

function dumpProblem(what: string, m: Model): void {
  const dir = process.env.ISAC_GNNIP_DUMP!;
  fs.mkdirSync(dir, { recursive: true });
  const json = JSON.stringify(m.toProblem());
  fs.writeFileSync(path.join(dir, `${what.replace(/\W+/g, "-")}-${hashKey(json)}.json`), json);
}
