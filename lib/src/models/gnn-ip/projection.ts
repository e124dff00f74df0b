/**
 * The implicit projection module of paper 001 (§III.C): the convex problem (29),
 *   minimise_{Ĉ_l, R̂}  Σ_l ‖Ĉ_l − C_l‖_F² + ‖R̂ − R‖_F²                     (29a)
 *   subject to  R̂ − Σ_l Ĉ_l ⪰ 0  (29c),  tr R̂ = P₀  (29d),
 *               (1 + Γ₀⁻¹) h_lᴴ Ĉ_l h_l ≥ h_lᴴ R̂ h_l + σ²                     (29e)
 *               Ĉ_l ⪰ 0
 * with C_l = c_l c_lᴴ and R from the GNN, then the beams of (30)–(31). Ĉ_l ⪰ 0 is not printed in
 * (29) but is what Proposition 1's Cauchy–Schwarz step (32) needs (and (11) has it through
 * C_l = c_l c_lᴴ); with it, (29b) R̂ ⪰ 0 follows from (29c) and is not added as a separate cone.
 * The objective enters as one rotated second-order cone over the entries of the differences
 * (off-diagonal entries weighted √2, since ‖X‖_F² counts (i, j) and (j, i)).
 */
import { adjoint, cmat, cmatmul, type CMat } from "../../core/linalg";
import { Affine, Model, constantHermitian, sumHermitian, type HermitianExpr } from "../../solvers";
import type { SystemConfig } from "../../systems/gnn-ip/config";
import type { Beams } from "../../systems/gnn-ip/metrics";
import { rankOneRecovery } from "../../systems/gnn-ip/recovery";
import { hermitianValue, solveModel, row } from "../../systems/gnn-ip/convex";

export interface Projected {
  beams: Beams;
  /** R̂, the projected covariance (= C̃ C̃ᴴ + S̃ S̃ᴴ) */
  R: CMat;
  /** Ĉ_l of (29) before the rank-one step */
  Chat: CMat[];
  /** optimal value of (29a) */
  distance: number;
  seconds: number;
}

function toRows(X: CMat): number[][] {
  return Array.from({ length: X.rows }, (_, i) => Array.from(X.re.subarray(i * X.cols, (i + 1) * X.cols)));
}

function constant(X: CMat): HermitianExpr {
  const im = Array.from({ length: X.rows }, (_, i) => Array.from(X.im.subarray(i * X.cols, (i + 1) * X.cols)));
  return constantHermitian(toRows(X), im);
}

/** Real entries whose squares sum to ‖X‖_F² for a Hermitian expression X. */
function frobeniusParts(X: HermitianExpr): Affine[] {
  const out: Affine[] = [];
  for (let i = 0; i < X.n; i++) {
    out.push(X.entry(i, i).re);
    for (let j = i + 1; j < X.n; j++) out.push(X.entry(i, j).re.times(Math.SQRT2), X.entry(i, j).im.times(Math.SQRT2));
  }
  return out;
}

/** Projects GNN beams {C, S} for channels H (L × M) onto the feasible set of (29), then (30)–(31). */
export function project(H: CMat, beams: Beams, sys: SystemConfig): Projected | null {
  const L = H.rows, M = H.cols;
  if (beams.c.rows !== M || beams.c.cols !== L) throw new Error(`project: C must be ${M}×${L}, got ${beams.c.rows}×${beams.c.cols}`);
  const t0 = performance.now();
  const noise = sys.noise;
  const g0 = 10 ** (sys.sinrDb / 10);
  const R0 = cmatmul(beams.c, adjoint(beams.c));
  const S0 = cmatmul(beams.s, adjoint(beams.s));
  for (let k = 0; k < R0.re.length; k++) {
    R0.re[k] += S0.re[k];
    R0.im[k] += S0.im[k];
  }
  const m = new Model();
  const Rh = m.hermitian(M);
  const Ch = Array.from({ length: L }, () => m.hermitianPsd(M));
  m.psd(Rh.minus(sumHermitian(Ch))); // (29c)
  m.eq(Rh.trace(), sys.power); // (29d)
  Ch.forEach((Cl, l) => {
    const h = row(H, l);
    m.geq(Cl.quadForm(h).times(1 + 1 / g0).minus(Rh.quadForm(h)), noise); // (29e)
  });
  const parts = Ch.flatMap((Cl, l) => {
    const c = cmat(M, 1);
    for (let i = 0; i < M; i++) {
      c.re[i] = beams.c.re[i * L + l];
      c.im[i] = beams.c.im[i * L + l];
    }
    return frobeniusParts(Cl.minus(constant(cmatmul(c, adjoint(c)))));
  });
  parts.push(...frobeniusParts(Rh.minus(constant(R0))));
  const t = m.variable();
  m.sumSquaresLeq(parts, t);
  m.minimize(t); // (29a)
  const sol = solveModel("projection (29)", m);
  if (!sol) return null;
  const Chat = Ch.map((Cl) => hermitianValue(sol, Cl));
  const R = hermitianValue(sol, Rh);
  return { beams: rankOneRecovery(H, Chat, R), R, Chat, distance: sol.objective!, seconds: (performance.now() - t0) / 1000 };
}
