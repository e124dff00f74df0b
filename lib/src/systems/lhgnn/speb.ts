/**
 * Squared position error bound (19)–(31), reference implementation (float64, one sample).
 *
 * `efimAngles` follows the paper literally: A (17), B (18) (read as [α_1, …, α_N]ᵀ ⊗ 1_{L×L}, so that
 * block (n, m) is α_{m,n}; the printed 1_L does not give an NL × NL matrix), D = [D_θ, D_β] (26)–(27),
 * Ã (22) with ∂B/∂α (23), Π⊥ = I − Ã(ÃᴴÃ)^†Ãᴴ (21) (ÃᴴÃ is singular: Ã has rank N, so the
 * pseudo-inverse of the appendix), and
 *   J_e = 2T Re{ Σ_q P̄_qᴴ Dᴴ Π⊥ D P̄_q }   (20), P̄_q = I_2N ⊗ p_q over all Z + K streams,
 * i.e. [J_e]_ij = 2T Re Σ_q p_qᴴ D_iᴴ Π⊥ D_j p_q in noise units (σ² = 1) with T snapshots of
 * unit-power symbols (E[ssᴴ] = I). Then J = Qᵀ J_e Q (28) and SPEB = tr J⁻¹ (19).
 *
 * `fimOperators` folds (28) into (20): with E_a = √(2T) Π⊥ Σ_i Q_ia D_i (a = x, y, z),
 *   [J]_ab = Re Σ_q (E_a p_q)ᴴ (E_b p_q),
 * the form the tensor code and the SRW baseline use (tested equal to the literal one).
 *
 * Z > 1 targets (Section III): each target's SPEB is computed from its own echo with all streams
 * illuminating it, as if the targets' echoes were resolved (ours; the paper's figures use Z = 1).
 */
import { cmat, hermitianEig, inverse, mat, type CMat } from "../../core/linalg";
import type { Scene, TargetGeometry } from "./scene";
import type { Complex } from "./types";

/** A (17) and ∂A/∂ω_i (i < N: θ_i, else β_{i−N}) as NL × NL matrices; a_r = a_t = a. */
function arrayMatrices(tg: TargetGeometry, N: number, L: number): { A: CMat; dA: CMat[] } {
  const NL = N * L;
  const A = cmat(NL, NL);
  const dA = Array.from({ length: 2 * N }, () => cmat(NL, NL));
  // x ⊙ conj(y) written into (re, im) at index idx, accumulated
  const acc = (M: CMat, idx: number, xr: number, xi: number, yr: number, yi: number) => {
    M.re[idx] += xr * yr + xi * yi;
    M.im[idx] += xi * yr - xr * yi;
  };
  for (let n = 0; n < N; n++) {
    for (let m = 0; m < N; m++) {
      const an = tg.steering[n], am = tg.steering[m];
      for (let l = 0; l < L; l++) {
        for (let lp = 0; lp < L; lp++) {
          const idx = (n * L + l) * NL + m * L + lp;
          acc(A, idx, an.a.re[l], an.a.im[l], am.a.re[lp], am.a.im[lp]);
          // ∂/∂θ_n of a_r(n): the receive side; ∂/∂θ_m of a_t(m)ᴴ: the transmit side.
          acc(dA[n], idx, an.dTheta.re[l], an.dTheta.im[l], am.a.re[lp], am.a.im[lp]);
          acc(dA[m], idx, an.a.re[l], an.a.im[l], am.dTheta.re[lp], am.dTheta.im[lp]);
          acc(dA[N + n], idx, an.dBeta.re[l], an.dBeta.im[l], am.a.re[lp], am.a.im[lp]);
          acc(dA[N + m], idx, an.a.re[l], an.a.im[l], am.dBeta.re[lp], am.dBeta.im[lp]);
        }
      }
    }
  }
  return { A, dA };
}

/** X ⊙ B(α) with B (18): block (n, m) scaled by α_{m,n}. */
function timesB(X: CMat, tg: TargetGeometry, N: number, L: number): CMat {
  const NL = N * L, out = cmat(NL, NL);
  for (let r = 0; r < NL; r++) {
    for (let c = 0; c < NL; c++) {
      const n = Math.floor(r / L), m = Math.floor(c / L), ar = tg.alpha.re[m * N + n], ai = tg.alpha.im[m * N + n];
      const i = r * NL + c;
      out.re[i] = X.re[i] * ar - X.im[i] * ai;
      out.im[i] = X.re[i] * ai + X.im[i] * ar;
    }
  }
  return out;
}

/** Π⊥ (21): I minus the projector onto the range of Ã (22), from the eigenvectors of ÃÃᴴ. */
export function projectorPerp(tg: TargetGeometry, N: number, L: number): CMat {
  const NL = N * L;
  const { A } = arrayMatrices(tg, N, L);
  // Ã = [A ⊙ ∂B/∂α_11, …, A ⊙ ∂B/∂α_NN]: column block (m, n) is A masked to its block (n, m).
  const G = cmat(NL, NL); // ÃÃᴴ = Σ_{m,n} (A ⊙ E_nm)(A ⊙ E_nm)ᴴ
  for (let m = 0; m < N; m++) {
    for (let n = 0; n < N; n++) {
      for (let r = n * L; r < (n + 1) * L; r++) {
        for (let r2 = n * L; r2 < (n + 1) * L; r2++) {
          let sr = 0, si = 0;
          for (let c = m * L; c < (m + 1) * L; c++) {
            const x = r * NL + c, y = r2 * NL + c;
            sr += A.re[x] * A.re[y] + A.im[x] * A.im[y];
            si += A.im[x] * A.re[y] - A.re[x] * A.im[y];
          }
          G.re[r * NL + r2] += sr;
          G.im[r * NL + r2] += si;
        }
      }
    }
  }
  const { values, vectors: V } = hermitianEig(G);
  const tol = 1e-9 * Math.max(...values);
  const P = cmat(NL, NL);
  for (let i = 0; i < NL; i++) P.re[i * NL + i] = 1;
  for (let e = 0; e < NL; e++) {
    if (values[e] <= tol) continue;
    for (let i = 0; i < NL; i++) {
      for (let j = 0; j < NL; j++) {
        const vr = V.re[i * NL + e], vi = V.im[i * NL + e], wr = V.re[j * NL + e], wi = V.im[j * NL + e];
        P.re[i * NL + j] -= vr * wr + vi * wi;
        P.im[i * NL + j] -= vi * wr - vr * wi;
      }
    }
  }
  return P;
}

/** D_i = ∂A/∂ω_i ⊙ B (26)–(27), i = 0..2N−1. */
export function derivativeBlocks(tg: TargetGeometry, N: number, L: number): CMat[] {
  return arrayMatrices(tg, N, L).dA.map((d) => timesB(d, tg, N, L));
}

/** y = M x for an n×n complex M and a complex n-vector given at an offset with a stride. */
function apply(M: CMat, xr: ArrayLike<number>, xi: ArrayLike<number>, get: (i: number) => number): { re: Float64Array; im: Float64Array } {
  const n = M.rows, re = new Float64Array(n), im = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let sr = 0, si = 0;
    for (let c = 0; c < n; c++) {
      const k = get(c), mr = M.re[r * n + c], mi = M.im[r * n + c];
      sr += mr * xr[k] - mi * xi[k];
      si += mr * xi[k] + mi * xr[k];
    }
    re[r] = sr;
    im[r] = si;
  }
  return { re, im };
}

/** Index of element (n, l) of stream q's stacked beam p_q ∈ C^{NL} in the [N, S, L] beam layout. */
const beamIndex = (S: number, L: number, q: number) => (c: number) => (Math.floor(c / L) * S + q) * L + (c % L);

/** J_e(P; ω) (20), 2N × 2N row-major, for target z. */
export function efimAngles(scene: Scene, z: number, beams: Complex): Float64Array {
  const { N, L, S } = scene, tg = scene.targets[z];
  const D = derivativeBlocks(tg, N, L), Pi = projectorPerp(tg, N, L);
  const J = new Float64Array(4 * N * N);
  for (let q = 0; q < S; q++) {
    const PiDp = D.map((Di) => {
      const v = apply(Di, beams.re, beams.im, beamIndex(S, L, q));
      return apply(Pi, v.re, v.im, (c) => c);
    });
    // p_qᴴ D_iᴴ Π⊥ D_j p_q = (Π⊥ D_i p_q)ᴴ (Π⊥ D_j p_q), Π⊥ being an orthogonal projector
    for (let i = 0; i < 2 * N; i++) {
      for (let j = 0; j < 2 * N; j++) {
        let s = 0;
        for (let r = 0; r < N * L; r++) s += PiDp[i].re[r] * PiDp[j].re[r] + PiDp[i].im[r] * PiDp[j].im[r];
        J[i * 2 * N + j] += 2 * scene.snapshots * s;
      }
    }
  }
  return J;
}

/** J(P; t) = Qᵀ J_e Q (28), 3 × 3 row-major. */
export function positionFim(scene: Scene, z: number, Je: Float64Array): Float64Array {
  const Q = scene.targets[z].Q, M = 2 * scene.N, J = new Float64Array(9);
  for (let a = 0; a < 3; a++)
    for (let b = 0; b < 3; b++) {
      let s = 0;
      for (let i = 0; i < M; i++) for (let j = 0; j < M; j++) s += Q[i * 3 + a] * Je[i * M + j] * Q[j * 3 + b];
      J[a * 3 + b] = s;
    }
  return J;
}

/** tr J⁻¹ (19) of a 3 × 3 FIM; Infinity when J is singular. */
export function traceInverse(J: ArrayLike<number>): number {
  const Jm = mat(3, 3, J);
  try {
    const inv = inverse(Jm);
    const t = inv.data[0] + inv.data[4] + inv.data[8];
    return t > 0 && Number.isFinite(t) ? t : Infinity;
  } catch {
    return Infinity;
  }
}

/** SPEB (19) of every target [m²], literal path (20) → (28) → (19). */
export function speb(scene: Scene, beams: Complex): number[] {
  return scene.targets.map((_, z) => traceInverse(positionFim(scene, z, efimAngles(scene, z, beams))));
}

/** E_a = √(2T) Π⊥ Σ_i Q_ia D_i, a = x, y, z: three NL × NL matrices with [J]_ab = Re Σ_q (E_a p_q)ᴴ(E_b p_q). */
export function fimOperators(scene: Scene, z: number): CMat[] {
  const { N, L } = scene, tg = scene.targets[z], NL = N * L;
  const D = derivativeBlocks(tg, N, L), Pi = projectorPerp(tg, N, L);
  const f = Math.sqrt(2 * scene.snapshots);
  return [0, 1, 2].map((a) => {
    const S = cmat(NL, NL);
    D.forEach((Di, i) => {
      const w = tg.Q[i * 3 + a] * f;
      for (let e = 0; e < NL * NL; e++) {
        S.re[e] += w * Di.re[e];
        S.im[e] += w * Di.im[e];
      }
    });
    const E = cmat(NL, NL);
    for (let r = 0; r < NL; r++)
      for (let c = 0; c < NL; c++) {
        let sr = 0, si = 0;
        for (let k = 0; k < NL; k++) {
          const pr = Pi.re[r * NL + k], pi = Pi.im[r * NL + k], xr = S.re[k * NL + c], xi = S.im[k * NL + c];
          sr += pr * xr - pi * xi;
          si += pr * xi + pi * xr;
        }
        E.re[r * NL + c] = sr;
        E.im[r * NL + c] = si;
      }
    return E;
  });
}

/** J (28) from the operators E_a of `fimOperators`, 3 × 3 row-major. */
export function positionFimFromOperators(E: CMat[], beams: Complex, S: number, L: number): Float64Array {
  const J = new Float64Array(9);
  for (let q = 0; q < S; q++) {
    const v = E.map((Ea) => apply(Ea, beams.re, beams.im, beamIndex(S, L, q)));
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++) {
        let s = 0;
        for (let r = 0; r < v[a].re.length; r++) s += v[a].re[r] * v[b].re[r] + v[a].im[r] * v[b].im[r];
        J[a * 3 + b] += s;
      }
  }
  return J;
}
