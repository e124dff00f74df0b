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

/**
 * Solves at the solver's default tolerance (1e-8), retrying at 1e-7, 1e-6 and 1e-5 when it ends
 * 'numerical': on some of these problems the interior-point iterates reach ~2e-8 and then stall
 * (residuals grow), one step short of 1e-8; on a few (a ZF design at σ² = 3·10⁻¹⁰ in the
 * noise study) the primal residual stalls near 1.5e-6 while the gap is 1e-7. Returns null when the problem is infeasible (e.g. an
 * SINR target a far user cannot reach); throws, naming the problem, on any other failure.
 * If ISAC_GNNIP_DUMP names a folder, each problem that needed a retry is written there as JSON.
 */
export function solveModel(what: string, m: Model): ModelSolution | null {
  let sol: ModelSolution | null = null;
  for (const tol of [1e-8, 1e-7, 1e-6, 1e-5]) {
    sol = m.solve({ tol });
    if (sol.status !== "numerical") break;
    if (tol === 1e-8 && process.env.ISAC_GNNIP_DUMP) dumpProblem(what, m);
  }
  if (sol!.status === "primal_infeasible") return null;
  if (sol!.status !== "optimal") throw new Error(`${what}: solver ended with status '${sol!.status}' (expected 'optimal')`);
  return sol!;
}

function dumpProblem(what: string, m: Model): void {
  const dir = process.env.ISAC_GNNIP_DUMP!;
  fs.mkdirSync(dir, { recursive: true });
  const json = JSON.stringify(m.toProblem());
  fs.writeFileSync(path.join(dir, `${what.replace(/\W+/g, "-")}-${hashKey(json)}.json`), json);
}
