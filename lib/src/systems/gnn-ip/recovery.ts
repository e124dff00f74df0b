/**
 * Rank-one recovery of beams from a covariance solution {Ĉ_l, R̂} (SDR of problem (11), projection
 * (29)): (30) c̃_l = Ĉ_l h_l / √(h_lᴴ Ĉ_l h_l), and (31) S̃ S̃ᴴ = R̂ − Σ_l c̃_l c̃_lᴴ — the same
 * construction as Liu et al. (TSP 2020, Theorem 1). Proposition 1 shows the remainder is PSD, so
 * any square root works; we take the Hermitian one, V diag(√λ) Vᴴ, from the eigendecomposition
 * rather than a Cholesky factor, because the remainder is usually singular (rank M − L or less),
 * where Cholesky breaks down. Eigenvalues below zero by round-off are clipped to zero.
 */
import { adjoint, cmat, cmatmul, csub, hermitianEig, type CMat } from "../../core/linalg";
import type { Beams } from "./metrics";

export function rankOneRecovery(H: CMat, Chat: CMat[], Rhat: CMat): Beams {
  const L = H.rows, M = H.cols;
  if (Chat.length !== L) throw new Error(`rankOneRecovery: ${Chat.length} matrices Ĉ_l for ${L} users`);
  const c = cmat(M, L);
  let rest = Rhat;
  Chat.forEach((Cl, l) => {
    const h = cmat(M, 1, H.re.subarray(l * M, (l + 1) * M), H.im.subarray(l * M, (l + 1) * M));
    const Ch = cmatmul(Cl, h);
    let q = 0; // h_lᴴ Ĉ_l h_l
    for (let m = 0; m < M; m++) q += h.re[m] * Ch.re[m] + h.im[m] * Ch.im[m];
    if (!(q > 0)) throw new Error(`rankOneRecovery: h_lᴴ Ĉ_l h_l = ${q} for user ${l}; expected a positive value`);
    const f = 1 / Math.sqrt(q);
    for (let m = 0; m < M; m++) {
      c.re[m * L + l] = Ch.re[m] * f;
      c.im[m * L + l] = Ch.im[m] * f;
    }
    const cl = cmat(M, 1, Ch.re.map((v) => v * f), Ch.im.map((v) => v * f));
    rest = csub(rest, cmatmul(cl, adjoint(cl)));
  });
  return { c, s: hermitianSqrt(rest) };
}

/** V diag(√max(λ, 0)) Vᴴ for Hermitian PSD X (up to round-off). */
export function hermitianSqrt(X: CMat): CMat {
  const { values, vectors: V } = hermitianEig(X);
  const n = X.rows;
  const Vs = cmat(n, n, V.re, V.im);
  for (let j = 0; j < n; j++) {
    const r = Math.sqrt(Math.max(values[j], 0));
    for (let i = 0; i < n; i++) {
      Vs.re[i * n + j] *= r;
      Vs.im[i * n + j] *= r;
    }
  }
  return cmatmul(Vs, adjoint(V));
}
