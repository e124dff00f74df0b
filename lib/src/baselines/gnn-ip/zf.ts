/**
 * Benchmark 2 of paper 001: zero-forcing beamforming of Liu et al. (TSP 2020, §IV), which removes
 * both the inter-user and the radar interference. With the channels as columns, G = [h_1, …, h_L],
 *   c_l = √p_l w_l,  W = G (Gᴴ G)⁻¹   (h_lᴴ w_k = δ_lk),      S Sᴴ = U Y Uᴴ,  Gᴴ U = 0,
 * where U is an orthonormal basis of the null space of Gᴴ. Then Γ_l = p_l / σ², and
 *   R = Σ_l p_l w_l w_lᴴ + U Y Uᴴ
 * is affine in (p, Y), so the design is the convex problem
 *   minimise (7)  s.t.  p_l ≥ Γ₀ σ²,  Y ⪰ 0,  Σ_l p_l ‖w_l‖² + tr Y = P₀,
 * an SDP in Y of side M − L (smaller than the SDR's), with S = U Y^{1/2}.
 */
import { adjoint, ceye, cinverse, cmat, cmatmul, csub, hermitianEig, type CMat } from "../../core/linalg";
import { Affine, Model, sum } from "../../solvers";
import type { SystemConfig } from "../../systems/gnn-ip/config";
import { hermitianSqrt } from "../../systems/gnn-ip/recovery";
import { column, hermitianValue, minimiseBeampatternMse, solveModel } from "../../systems/gnn-ip/convex";
import { gridOf } from "../../systems/gnn-ip/system";
import type { SolvedBeams } from "./sdr";

/** |uᴴ x|² for vectors in split form. */
function abs2Inner(u: { re: ArrayLike<number>; im: ArrayLike<number> }, x: { re: ArrayLike<number>; im: ArrayLike<number> }): number {
  let r = 0, i = 0;
  for (let k = 0; k < u.re.length; k++) {
    r += u.re[k] * x.re[k] + u.im[k] * x.im[k];
    i += u.re[k] * x.im[k] - u.im[k] * x.re[k];
  }
  return r * r + i * i;
}

/** The ZF directions W (M × L) and the null-space basis U (M × (M − L)) for channels H (L × M). */
export function zfSubspaces(H: CMat): { W: CMat; U: CMat } {
  const L = H.rows, M = H.cols;
  if (L > M) throw new Error(`zfSubspaces: zero forcing needs L ≤ M users, got L = ${L}, M = ${M}`);
  const G = cmat(M, L, adjoint(H).re, adjoint(H).im.map((v) => -v)); // columns h_l (Hᵀ)
  const W = cmatmul(G, cinverse(cmatmul(adjoint(G), G)));
  const P = csub(ceye(M), cmatmul(W, adjoint(G))); // projector onto null(Gᴴ)
  const { vectors } = hermitianEig(P); // eigenvalues ascending: L zeros, then M − L ones
  const U = cmat(M, M - L);
  for (let i = 0; i < M; i++)
    for (let j = 0; j < M - L; j++) {
      U.re[i * (M - L) + j] = vectors.re[i * M + L + j];
      U.im[i * (M - L) + j] = vectors.im[i * M + L + j];
    }
  return { W, U };
}

export function zfBeamforming(H: CMat, sys: SystemConfig): SolvedBeams | null {
  if (H.cols !== sys.antennas) throw new Error(`zfBeamforming: channels have ${H.cols} antennas, the system ${sys.antennas}`);
  const t0 = performance.now();
  const noise = sys.noise;
  const { W, U } = zfSubspaces(H);
  const L = H.rows, M = H.cols, K = M - L, g0 = 10 ** (sys.sinrDb / 10);
  const { A, desired } = gridOf(sys);
  // Unknowns in power units: q_l = p_l ‖w_l‖² = ‖c_l‖², so that c_l = √q_l ŵ_l with ŵ_l = w_l / ‖w_l‖
  // and Γ_l = q_l / (‖w_l‖² σ²) (p_l itself is ~1e−9 and would be badly scaled for the solver).
  const w = Array.from({ length: L }, (_, l) => column(W, l));
  const norms = w.map((wl) => Math.sqrt(wl.re.reduce((s, v, k) => s + v * v + wl.im[k] ** 2, 0)));
  const unit = w.map((wl, l) => ({ re: wl.re.map((v) => v / norms[l]), im: wl.im.map((v) => v / norms[l]) }));
  const m = new Model();
  const q = m.variables(L);
  q.forEach((ql, l) => m.geq(ql, g0 * noise * norms[l] ** 2)); // Γ_l ≥ Γ₀
  const Y = K > 0 ? m.hermitianPsd(K) : null;
  m.eq(sum(q).plus(Y ? Y.trace() : new Affine()), sys.power); // tr R = P₀
  const Uh = adjoint(U);
  const pattern = Array.from({ length: A.cols }, (_, n) => {
    const a = column(A, n);
    const comm = sum(q.map((ql, l) => ql.times(abs2Inner(a, unit[l]))));
    if (!Y) return comm;
    const ua = cmatmul(Uh, cmat(M, 1, a.re, a.im)); // Uᴴ a
    return comm.plus(Y.quadForm(ua));
  });
  minimiseBeampatternMse(m, pattern, desired);
  const sol = solveModel("ZF design", m);
  if (!sol) return null;
  const c = cmat(M, L);
  q.forEach((ql, l) => {
    const f = Math.sqrt(Math.max(sol.value(ql), 0));
    for (let i = 0; i < M; i++) {
      c.re[i * L + l] = unit[l].re[i] * f;
      c.im[i * L + l] = unit[l].im[i] * f;
    }
  });
  const s = cmat(M, M);
  if (Y) {
    const US = cmatmul(U, hermitianSqrt(hermitianValue(sol, Y))); // M × K
    for (let i = 0; i < M; i++)
      for (let j = 0; j < K; j++) {
        s.re[i * M + j] = US.re[i * K + j];
        s.im[i * M + j] = US.im[i * K + j];
      }
  }
  return { beams: { c, s }, objective: sol.objective!, seconds: (performance.now() - t0) / 1000, iterations: sol.raw.iterations };
}
