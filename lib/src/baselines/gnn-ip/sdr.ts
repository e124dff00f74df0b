/**
 * Benchmark 1 of paper 001: the semidefinite relaxation of problem (11) (Liu et al., TSP 2020),
 *   minimise_{R, C_l ⪰ 0, β}  (1/N) Σₙ (β b(θₙ) − a(θₙ)ᴴ R a(θₙ))²     (7), (11a)
 *   subject to  R − Σ_l C_l ⪰ 0   (11b: S Sᴴ ⪰ 0),   tr R = P₀   (11c),
 *               (1 + Γ₀⁻¹) h_lᴴ C_l h_l ≥ h_lᴴ R h_l + σ²            (11e), written as in (29e)
 * with rank(C_l) = 1 (11d) dropped, then the rank-one beams of (30)–(31), which keep R and every
 * SINR (Liu et al., Theorem 1: the relaxation is tight).
 */
import type { CMat } from "../../core/linalg";
import { Model, sumHermitian } from "../../solvers";
import type { SystemConfig } from "../../systems/gnn-ip/config";
import type { Beams } from "../../systems/gnn-ip/metrics";
import { rankOneRecovery } from "../../systems/gnn-ip/recovery";
import { column, hermitianValue, minimiseBeampatternMse, solveModel, row } from "../../systems/gnn-ip/convex";
import { gridOf } from "../../systems/gnn-ip/system";

export interface SolvedBeams {
  beams: Beams;
  /** the optimal value of the convex problem (here: the MSE (7) on the system's grid) */
  objective: number;
  /** wall time of building and solving the problem and recovering the beams [s] */
  seconds: number;
  iterations: number;
}

/** The SDR model of (11) for channels H (L × M, row l is h_lᵀ); exported for the solver cross-check. */
export function sdrModel(H: CMat, sys: SystemConfig) {
  const noise = sys.noise;
  const { A, desired } = gridOf(sys);
  const M = sys.antennas, g0 = 10 ** (sys.sinrDb / 10);
  const m = new Model();
  const R = m.hermitian(M);
  const C = Array.from({ length: H.rows }, () => m.hermitianPsd(M));
  m.psd(R.minus(sumHermitian(C))); // (11b)
  m.eq(R.trace(), sys.power); // (11c)
  C.forEach((Cl, l) => {
    const h = row(H, l);
    m.geq(Cl.quadForm(h).times(1 + 1 / g0).minus(R.quadForm(h)), noise); // (11e)
  });
  minimiseBeampatternMse(m, Array.from({ length: A.cols }, (_, n) => R.quadForm(column(A, n))), desired);
  return { model: m, R, C };
}

export function sdrBeamforming(H: CMat, sys: SystemConfig): SolvedBeams | null {
  if (H.cols !== sys.antennas) throw new Error(`sdrBeamforming: channels have ${H.cols} antennas, the system ${sys.antennas}`);
  const t0 = performance.now();
  const { model, R, C } = sdrModel(H, sys);
  const sol = solveModel("SDR of (11)", model);
  if (!sol) return null;
  const beams = rankOneRecovery(H, C.map((Cl) => hermitianValue(sol, Cl)), hermitianValue(sol, R));
  return { beams, objective: sol.objective!, seconds: (performance.now() - t0) / 1000, iterations: sol.raw.iterations };
}
