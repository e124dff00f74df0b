/**
 * Metrics of paper 001 as plain reference functions (float64): the transmit covariance (4), the
 * beampattern (6), the power normalisation β and the beampattern MSE (7), and the SINR (9), with
 * the feasibility test of (10). The differentiable batched versions are in metrics-tf.ts.
 *
 * Beams of one sample: C (M × L, column l is c_l) and S (M × M).
 */
import { adjoint, cadd, cmat, cmatmul, type CMat } from "../../core/linalg";
import type { SystemConfig } from "./config";
import { gridOf } from "./system";

export interface Beams {
  c: CMat;
  s: CMat;
}

/** R = C Cᴴ + S Sᴴ (4). */
export function covariance(b: Beams): CMat {
  return cadd(cmatmul(b.c, adjoint(b.c)), cmatmul(b.s, adjoint(b.s)));
}

/** tr R, the transmit power of (4). */
export function transmitPower(R: CMat): number {
  let t = 0;
  for (let i = 0; i < R.rows; i++) t += R.re[i * R.cols + i];
  return t;
}

/** xᴴ R x for x = column `col` of X, or row `col` of X when `row` (real for Hermitian R). */
function quadForm(R: CMat, X: CMat, col: number, row = false): number {
  const n = R.rows, k = X.cols;
  let s = 0;
  for (let i = 0; i < n; i++) {
    // (R x)_i
    let yr = 0, yi = 0;
    for (let j = 0; j < n; j++) {
      const xr = row ? X.re[col * n + j] : X.re[j * k + col];
      const xi = row ? X.im[col * n + j] : X.im[j * k + col];
      yr += R.re[i * n + j] * xr - R.im[i * n + j] * xi;
      yi += R.re[i * n + j] * xi + R.im[i * n + j] * xr;
    }
    const xr = row ? X.re[col * n + i] : X.re[i * k + col];
    const xi = row ? X.im[col * n + i] : X.im[i * k + col];
    s += xr * yr + xi * yi; // Re(conj(x_i) (R x)_i)
  }
  return s;
}

/** P(θ_n; R) = a(θ_n)ᴴ R a(θ_n) (6) for the columns of the steering matrix A (M × N). */
export function beampattern(R: CMat, A: CMat): Float64Array {
  if (R.rows !== A.rows) throw new Error(`beampattern: R is ${R.rows}×${R.cols} but steering vectors have ${A.rows} entries`);
  return Float64Array.from({ length: A.cols }, (_, n) => quadForm(R, A, n));
}

/** β of (7) from βb = p in the least-squares sense (§IV.B): β = bᵀp / bᵀb. */
export function powerNormalisation(desired: ArrayLike<number>, pattern: ArrayLike<number>): number {
  let bp = 0, bb = 0;
  for (let n = 0; n < desired.length; n++) {
    bp += desired[n] * pattern[n];
    bb += desired[n] * desired[n];
  }
  if (bb === 0) throw new Error("powerNormalisation: the desired beampattern is zero on every grid point");
  return bp / bb;
}

/** L(R) = (1/N) Σₙ |β b(θₙ) − P(θₙ; R)|² (7), with β from powerNormalisation. */
export function beampatternMse(desired: ArrayLike<number>, pattern: ArrayLike<number>): number {
  if (desired.length !== pattern.length) throw new Error(`beampatternMse: ${desired.length} desired values but ${pattern.length} pattern values`);
  const beta = powerNormalisation(desired, pattern);
  let s = 0;
  for (let n = 0; n < desired.length; n++) s += (beta * desired[n] - pattern[n]) ** 2;
  return s / desired.length;
}

/**
 * Γ_l = |h_lᴴ c_l|² / (h_lᴴ (R − C_l) h_l + σ²) (9) for channels H (L × M, row l is h_lᵀ),
 * communication beams C (M × L) and covariance R.
 */
export function sinrs(H: CMat, C: CMat, R: CMat, noise: number): Float64Array {
  const L = H.rows, M = H.cols;
  if (C.rows !== M || C.cols !== L) throw new Error(`sinrs: C must be ${M}×${L} for ${L} users, got ${C.rows}×${C.cols}`);
  const G = cmatmul(conjugate(H), C); // G_lk = h_lᴴ c_k
  return Float64Array.from({ length: L }, (_, l) => {
    const signal = G.re[l * L + l] ** 2 + G.im[l * L + l] ** 2;
    return signal / (quadForm(R, H, l, true) - signal + noise);
  });
}

/** Elementwise complex conjugate. */
export function conjugate(A: CMat): CMat {
  return cmat(A.rows, A.cols, A.re, A.im.map((v) => -v));
}

/** (10): every Γ_l ≥ Γ₀, up to a relative tolerance (1e-4) for the conic solver's accuracy on SDR and projection outputs. */
export function meetsSinr(gammas: ArrayLike<number>, sinrDb: number, relTol = 1e-4): boolean {
  const g0 = 10 ** (sinrDb / 10);
  for (let l = 0; l < gammas.length; l++) if (!(gammas[l] >= g0 * (1 - relTol))) return false;
  return true;
}

/** One method's result on one sample. */
export interface SampleResult {
  /** MSE (7) on the evaluation grid, null when the method returned nothing (infeasible problem) */
  mse: number | null;
  /** every Γ_l ≥ Γ₀ */
  feasible: boolean;
  seconds: number;
}

/** MSE on the evaluation grid and SINR feasibility of beams. */
export function assess(H: CMat, beams: Beams, sys: SystemConfig, evalSys: SystemConfig): { mse: number; feasible: boolean; pattern: Float64Array } {
  const R = covariance(beams);
  const { A, desired } = gridOf(evalSys);
  const pattern = beampattern(R, A);
  return { mse: beampatternMse(desired, pattern), feasible: meetsSinr(sinrs(H, beams.c, R, sys.noise), sys.sinrDb), pattern };
}
