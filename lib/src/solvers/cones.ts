/**
 * The self-dual cone K = R₊^l × Q^{q₁} × … × S₊^{k₁} × … of the inequality rows, with the
 * Euclidean Jordan algebra operations and Nesterov–Todd scaling the interior-point method needs
 * (Vandenberghe, "The CVXOPT linear and quadratic cone program solvers", 2010, §4;
 * Domahidi, Chu & Boyd, "ECOS", 2013, §5 for the second-order cone formulas).
 *
 * PSD blocks are stored as svec (lower triangle column by column, off-diagonals ×√2), an isometry
 * from symmetric matrices with ⟨X, Y⟩ = tr(XY) to vectors with the Euclidean inner product; the
 * matrix operations convert to full k×k row-major matrices.
 *
 * NT scaling W maps z to λ = W z = W⁻ᵀ s:
 *  - orthant: W = diag(√(s/z));
 *  - second-order cone: W = η W̄ with w̄ = (s̄ + J z̄)/(2γ), W̄ = [w̄₀ w̄₁ᵀ; w̄₁ I + w̄₁w̄₁ᵀ/(1 + w̄₀)],
 *    η = (sᵀJs / zᵀJz)^{1/4}, J = diag(1, −1, …, −1); W is symmetric and W⁻¹ = η⁻¹ J W̄ J;
 *  - PSD cone: W(U) = Rᵀ U R with R = L_s V Σ^{-1/2}, from S = L_s L_sᵀ, Z = L_z L_zᵀ and the SVD
 *    L_zᵀ L_s = U Σ Vᵀ; then Rᵀ Z R = R⁻¹ S R⁻ᵀ = Σ, so λ is diagonal on PSD blocks.
 */
import { cholesky, matMul, matTMul, svdJacobi, symEigenvalues, transpose, triInverseLower } from "./dense";
import { svecLength } from "./problem";

/** NT scaling of one iterate. */
export interface Scaling {
  /** orthant: W = diag(d) */
  d: Float64Array;
  /** second-order cones: W = eta·W̄(w) */
  soc: { eta: number; w: Float64Array }[];
  /** PSD cones: W(U) = Rᵀ U R; Rinv = R⁻¹ */
  sdp: { R: Float64Array; Rinv: Float64Array }[];
  /** λ = W z = W⁻ᵀ s */
  lambda: Float64Array;
}

export class ConeSpace {
  readonly l: number;
  readonly q: number[];
  readonly s: number[];
  /** total rows */
  readonly dim: number;
  /** barrier degree ν = l + #SOC + Σ k */
  readonly degree: number;
  /** l + Σ q + Σ s: the length of λ in cvxopt's storage (SOC blocks full, PSD blocks by their diagonal) */
  readonly diagDim: number;
  readonly qOffset: number[];
  readonly sOffset: number[];
  /** per PSD block: svec index of entry (i, j) in row-major k×k layout */
  private readonly svecIndex: Int32Array[];

  constructor(l: number, q: number[], s: number[]) {
    this.l = l;
    this.q = q;
    this.s = s;
    let off = l;
    this.qOffset = q.map((k) => ((off += k), off - k));
    this.sOffset = s.map((k) => ((off += svecLength(k)), off - svecLength(k)));
    this.dim = off;
    this.degree = l + q.length + s.reduce((a, k) => a + k, 0);
    this.diagDim = l + q.reduce((a, k) => a + k, 0) + s.reduce((a, k) => a + k, 0);
    this.svecIndex = s.map((k) => {
      const idx = new Int32Array(k * k);
      let t = 0;
      for (let j = 0; j < k; j++) for (let i = j; i < k; i++) idx[i * k + j] = idx[j * k + i] = t++;
      return idx;
    });
  }

  /** Full symmetric k×k matrix of PSD block `b` of vector v. */
  mat(v: ArrayLike<number>, b: number, out?: Float64Array): Float64Array {
    const k = this.s[b];
    const off = this.sOffset[b];
    const X = out ?? new Float64Array(k * k);
    const idx = this.svecIndex[b];
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) X[i * k + j] = i === j ? v[off + idx[i * k + i]] : v[off + idx[i * k + j]] * Math.SQRT1_2;
    }
    return X;
  }

  /** Writes symmetric k×k matrix X (lower triangle read) into PSD block `b` of v. */
  svec(X: Float64Array, b: number, v: Float64Array): void {
    const k = this.s[b];
    const off = this.sOffset[b];
    let t = off;
    for (let j = 0; j < k; j++) {
      v[t++] = X[j * k + j];
      for (let i = j + 1; i < k; i++) v[t++] = X[i * k + j] * Math.SQRT2;
    }
  }

  /** The identity element e (λ∘e = λ). */
  unit(out: Float64Array = new Float64Array(this.dim)): Float64Array {
    out.fill(0);
    for (let i = 0; i < this.l; i++) out[i] = 1;
    for (const off of this.qOffset) out[off] = 1;
    this.s.forEach((k, b) => {
      let t = this.sOffset[b];
      for (let j = 0; j < k; j++) {
        out[t] = 1;
        t += k - j;
      }
    });
    return out;
  }

  /** Adds alpha·e to v. */
  addUnit(v: Float64Array, alpha: number): void {
    for (let i = 0; i < this.l; i++) v[i] += alpha;
    for (const off of this.qOffset) v[off] += alpha;
    this.s.forEach((k, b) => {
      let t = this.sOffset[b];
      for (let j = 0; j < k; j++) {
        v[t] += alpha;
        t += k - j;
      }
    });
  }

  /** Jordan product u∘v: orthant elementwise, SOC (uᵀv, u₀v₁ + v₀u₁), PSD (UV + VU)/2. */
  product(u: Float64Array, v: Float64Array, out: Float64Array): void {
    for (let i = 0; i < this.l; i++) out[i] = u[i] * v[i];
    this.q.forEach((k, b) => {
      const o = this.qOffset[b];
      let dot = 0;
      for (let i = 0; i < k; i++) dot += u[o + i] * v[o + i];
      const u0 = u[o];
      const v0 = v[o];
      for (let i = 1; i < k; i++) out[o + i] = u0 * v[o + i] + v0 * u[o + i];
      out[o] = dot;
    });
    this.s.forEach((k, b) => {
      const U = this.mat(u, b);
      const V = this.mat(v, b);
      const P = matMul(U, V, k, new Float64Array(k * k));
      for (let i = 0; i < k; i++) for (let j = 0; j <= i; j++) P[i * k + j] = (P[i * k + j] + P[j * k + i]) / 2;
      this.svec(P, b, out);
    });
  }

  /**
   * Solves λ∘u = v for u (out may alias v). λ must be an NT-scaled point: on PSD blocks it is
   * diagonal, so u_ij = 2 v_ij / (λ_i + λ_j).
   */
  divide(lambda: Float64Array, v: Float64Array, out: Float64Array): void {
    for (let i = 0; i < this.l; i++) out[i] = v[i] / lambda[i];
    this.q.forEach((k, b) => {
      const o = this.qOffset[b];
      const l0 = lambda[o];
      let l1v1 = 0;
      let l1l1 = 0;
      for (let i = 1; i < k; i++) {
        l1v1 += lambda[o + i] * v[o + i];
        l1l1 += lambda[o + i] * lambda[o + i];
      }
      // u₀ = (λ₀v₀ − λ₁ᵀv₁)/(λ₀² − ‖λ₁‖²), u₁ = (v₁ − u₀λ₁)/λ₀
      const u0 = (l0 * v[o] - l1v1) / ((l0 - Math.sqrt(l1l1)) * (l0 + Math.sqrt(l1l1)));
      for (let i = 1; i < k; i++) out[o + i] = (v[o + i] - u0 * lambda[o + i]) / l0;
      out[o] = u0;
    });
    this.s.forEach((k, b) => {
      const off = this.sOffset[b];
      const diag = new Float64Array(k);
      let t = off;
      for (let j = 0; j < k; j++) {
        diag[j] = lambda[t];
        t += k - j;
      }
      t = off;
      for (let j = 0; j < k; j++) for (let i = j; i < k; i++, t++) out[t] = (2 * v[t]) / (diag[i] + diag[j]);
    });
  }

  /** Minimum "eigenvalue" of x over all blocks: x + t·e ∈ K iff t ≥ −minEig(x). */
  minEig(x: Float64Array): number {
    let m = Infinity;
    for (let i = 0; i < this.l; i++) m = Math.min(m, x[i]);
    this.q.forEach((k, b) => {
      const o = this.qOffset[b];
      let nrm = 0;
      for (let i = 1; i < k; i++) nrm += x[o + i] * x[o + i];
      m = Math.min(m, x[o] - Math.sqrt(nrm));
    });
    this.s.forEach((k, b) => {
      const ev = symEigenvalues(this.mat(x, b), k);
      for (const e of ev) m = Math.min(m, e);
    });
    return m;
  }

  /** Largest α with x + α·dx in K, for x in the interior (Infinity if unbounded). */
  maxStep(x: Float64Array, dx: Float64Array): number {
    let alpha = Infinity;
    for (let i = 0; i < this.l; i++) if (dx[i] < 0) alpha = Math.min(alpha, -x[i] / dx[i]);
    this.q.forEach((k, b) => {
      const o = this.qOffset[b];
      // Normalise x to xᵀJx = 1 and apply the Lorentz boost that maps x to e (ECOS §5.3):
      // ρ₀ = xᵀJd, ρ₁ = d₁ − (ρ₀ + d₀)/(x₀ + 1)·x₁; then e + αρ ∈ Q iff α(‖ρ₁‖ − ρ₀) ≤ 1.
      let x1n = 0;
      for (let i = 1; i < k; i++) x1n += x[o + i] * x[o + i];
      x1n = Math.sqrt(x1n);
      const nx = Math.sqrt((x[o] - x1n) * (x[o] + x1n));
      const x0 = x[o] / nx;
      const d0 = dx[o] / nx;
      let rho0 = x0 * d0;
      for (let i = 1; i < k; i++) rho0 -= (x[o + i] / nx) * (dx[o + i] / nx);
      const f = (rho0 + d0) / (x0 + 1);
      let r1 = 0;
      for (let i = 1; i < k; i++) {
        const r = dx[o + i] / nx - f * (x[o + i] / nx);
        r1 += r * r;
      }
      const denom = Math.sqrt(r1) - rho0;
      if (denom > 0) alpha = Math.min(alpha, 1 / denom);
    });
    this.s.forEach((k, b) => {
      // x + αd ⪰ 0 iff I + α L⁻¹ D L⁻ᵀ ⪰ 0 with X = L Lᵀ.
      const L = cholesky(this.mat(x, b), k);
      if (!L) throw new Error("maxStep: PSD block is not positive definite");
      const Li = triInverseLower(L, k);
      const D = this.mat(dx, b);
      const T = matMul(Li, D, k, new Float64Array(k * k));
      const M = new Float64Array(k * k);
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < k; j++) {
          let sum = 0;
          for (let t = 0; t <= j; t++) sum += T[i * k + t] * Li[j * k + t];
          M[i * k + j] = sum;
        }
      }
      const lmin = Math.min(...symEigenvalues(M, k));
      if (lmin < 0) alpha = Math.min(alpha, -1 / lmin);
    });
    return alpha;
  }

  /** The identity scaling W = I (λ = e), used to find the starting point. */
  identityScaling(): Scaling {
    return {
      d: new Float64Array(this.l).fill(1),
      soc: this.q.map((k) => {
        const w = new Float64Array(k);
        w[0] = 1;
        return { eta: 1, w };
      }),
      sdp: this.s.map((k) => {
        const I = new Float64Array(k * k);
        for (let i = 0; i < k; i++) I[i * k + i] = 1;
        return { R: I, Rinv: I };
      }),
      lambda: this.unit(),
    };
  }

  /** Nesterov–Todd scaling of (s, z), both in the interior. Throws if a PSD block is not positive definite. */
  scaling(s: Float64Array, z: Float64Array): Scaling {
    const lambda = new Float64Array(this.dim);
    const d = new Float64Array(this.l);
    for (let i = 0; i < this.l; i++) {
      d[i] = Math.sqrt(s[i] / z[i]);
      lambda[i] = Math.sqrt(s[i] * z[i]);
    }
    const soc = this.q.map((k, b) => {
      const o = this.qOffset[b];
      const sn = jnorm(s, o, k);
      const zn = jnorm(z, o, k);
      let sz = 0;
      for (let i = 0; i < k; i++) sz += (s[o + i] / sn) * (z[o + i] / zn);
      const gamma = Math.sqrt((1 + sz) / 2);
      const w = new Float64Array(k);
      w[0] = (s[o] / sn + z[o] / zn) / (2 * gamma);
      for (let i = 1; i < k; i++) w[i] = (s[o + i] / sn - z[o + i] / zn) / (2 * gamma);
      return { eta: Math.sqrt(sn / zn), w };
    });
    const sdp = this.s.map((k, b) => {
      const Ls = cholesky(this.mat(s, b), k);
      const Lz = cholesky(this.mat(z, b), k);
      if (!Ls || !Lz) throw new Error("scaling: PSD block is not positive definite");
      const { U, sigma, V } = svdJacobi(matTMul(Lz, Ls, k, new Float64Array(k * k)), k);
      // R = L_s V Σ^{-1/2}, R⁻¹ = Σ^{-1/2} Uᵀ L_zᵀ
      const R = matMul(Ls, V, k, new Float64Array(k * k));
      const Rinv = matTMul(U, transpose(Lz, k), k, new Float64Array(k * k));
      for (let j = 0; j < k; j++) {
        const f = 1 / Math.sqrt(sigma[j]);
        for (let i = 0; i < k; i++) {
          R[i * k + j] *= f;
          Rinv[j * k + i] *= f;
        }
      }
      let t = this.sOffset[b];
      for (let j = 0; j < k; j++) {
        lambda[t] = sigma[j];
        t += k - j;
      }
      return { R, Rinv };
    });
    const W: Scaling = { d, soc, sdp, lambda };
    // λ on the SOC blocks is W z (PSD blocks are already set, off-diagonals zero).
    const wz = new Float64Array(this.dim);
    this.applyW(W, z, wz, false, false, true);
    this.q.forEach((k, b) => lambda.set(wz.subarray(this.qOffset[b], this.qOffset[b] + k), this.qOffset[b]));
    return W;
  }

  /**
   * out = W⁻¹W⁻ᵀ·v (`inverse`) or WᵀW·v, the pairs the KKT solves need, in one pass without
   * allocations: the two factors are applied in turn, as two `applyW` calls would, but PSD blocks
   * stay full k×k matrices between them and compute only the lower triangle. `out` must not alias `v`.
   */
  applyWW(W: Scaling, v: Float64Array, out: Float64Array, inverse: boolean): void {
    for (let i = 0; i < this.l; i++) out[i] = inverse ? v[i] / W.d[i] / W.d[i] : v[i] * W.d[i] * W.d[i];
    for (let b = 0; b < this.q.length; b++) {
      const k = this.q[b];
      const o = this.qOffset[b];
      const tmp = this.scratch(k, 0);
      socApply(W.soc[b].eta, W.soc[b].w, v, o, tmp, 0, k, inverse);
      socApply(W.soc[b].eta, W.soc[b].w, tmp, 0, out, o, k, inverse);
    }
    for (let b = 0; b < this.s.length; b++) {
      const k = this.s[b];
      const blk = W.sdp[b] as Scaling["sdp"][number] & { Rt?: Float64Array; Rinvt?: Float64Array };
      const X = inverse ? blk.Rinv : blk.R;
      const Xt = inverse ? (blk.Rinvt ??= transpose(blk.Rinv, k)) : (blk.Rt ??= transpose(blk.R, k));
      const V = this.mat(v, b, this.scratch(k * k, 1));
      const Y = this.scratch(k * k, 2);
      const U = this.scratch(k * k, 3);
      // W⁻¹W⁻ᵀ(V) = R⁻ᵀ(R⁻¹ V R⁻ᵀ)R⁻¹ and WᵀW(V) = R(Rᵀ V R)Rᵀ, one congruence at a time (forming
      // R⁻ᵀR⁻¹ first would square the condition number of the scaling).
      congruence(inverse ? X : Xt, V, Y, U, k);
      for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) U[j * k + i] = U[i * k + j];
      congruence(inverse ? Xt : X, U, Y, V, k);
      this.svec(V, b, out);
    }
  }

  private readonly scratchBufs: Float64Array[] = [];

  /** Reusable scratch vector `slot` of at least `len` entries (contents undefined). */
  private scratch(len: number, slot: number): Float64Array {
    let buf = this.scratchBufs[slot];
    if (!buf || buf.length < len) buf = this.scratchBufs[slot] = new Float64Array(Math.max(len, 2 * (buf?.length ?? 0)));
    return buf.length === len ? buf : buf.subarray(0, len);
  }

  /**
   * out = op(W)·v with op one of W, Wᵀ, W⁻¹, W⁻ᵀ (`trans`, `inverse`). With `socOnly` the
   * other blocks are left untouched (used while building λ).
   */
  applyW(W: Scaling, v: Float64Array, out: Float64Array, trans: boolean, inverse: boolean, socOnly = false): void {
    if (!socOnly) for (let i = 0; i < this.l; i++) out[i] = inverse ? v[i] / W.d[i] : v[i] * W.d[i];
    this.q.forEach((k, b) => {
      const o = this.qOffset[b];
      const { eta, w } = W.soc[b];
      // W̄v = (w₀v₀ + w₁ᵀv₁, v₁ + (v₀ + w₁ᵀv₁/(1 + w₀)) w₁); W⁻¹ = η⁻¹ J W̄ J flips the signs of v₁ and of the result's tail.
      const sgn = inverse ? -1 : 1;
      const f = inverse ? 1 / eta : eta;
      let w1v1 = 0;
      for (let i = 1; i < k; i++) w1v1 += w[i] * v[o + i];
      w1v1 *= sgn;
      const v0 = v[o];
      const c = v0 + w1v1 / (1 + w[0]);
      for (let i = 1; i < k; i++) out[o + i] = f * (v[o + i] + sgn * c * w[i]);
      out[o] = f * (w[0] * v0 + w1v1);
    });
    if (socOnly) return;
    this.s.forEach((k, b) => {
      // out = Mᵀ V M with M = R (W), Rᵀ (Wᵀ), R⁻¹ (W⁻¹), R⁻ᵀ (W⁻ᵀ).
      const { R, Rinv } = W.sdp[b];
      const base = inverse ? Rinv : R;
      const M = trans ? transpose(base, k) : base;
      const V = this.mat(v, b);
      const T = matTMul(M, V, k, new Float64Array(k * k));
      const P = matMul(T, M, k, V);
      this.svec(P, b, out);
    });
  }
}

/**
 * P = Aᵀ... in dot-product form: P = A V Aᵀ for k×k row-major A and symmetric V (lower triangle of P
 * only); Y is k×k scratch. With A = Xᵀ (pass the transpose) this is Xᵀ V X. Every entry is a dot
 * product of two contiguous rows (V symmetric: (A V)_ij = A_i · V_j).
 */
function congruence(A: Float64Array, V: Float64Array, Y: Float64Array, P: Float64Array, k: number): void {
  for (let i = 0; i < k; i++) {
    const ri = i * k;
    for (let j = 0; j < k; j++) {
      const rj = j * k;
      let s0 = 0;
      let s1 = 0;
      let t = 0;
      for (; t + 1 < k; t += 2) {
        s0 += A[ri + t] * V[rj + t];
        s1 += A[ri + t + 1] * V[rj + t + 1];
      }
      if (t < k) s0 += A[ri + t] * V[rj + t];
      Y[ri + j] = s0 + s1;
    }
  }
  for (let i = 0; i < k; i++) {
    const ri = i * k;
    for (let j = 0; j <= i; j++) {
      const rj = j * k;
      let s0 = 0;
      let s1 = 0;
      let t = 0;
      for (; t + 1 < k; t += 2) {
        s0 += Y[ri + t] * A[rj + t];
        s1 += Y[ri + t + 1] * A[rj + t + 1];
      }
      if (t < k) s0 += Y[ri + t] * A[rj + t];
      P[ri + j] = s0 + s1;
    }
  }
}

/** out[oo..oo+k) = W·v[vo..vo+k) (or W⁻¹·v) for one second-order cone, W = ηW̄(w) (W symmetric). */
function socApply(eta: number, w: Float64Array, v: Float64Array, vo: number, out: Float64Array, oo: number, k: number, inverse: boolean): void {
  const sgn = inverse ? -1 : 1;
  const f = inverse ? 1 / eta : eta;
  let w1v1 = 0;
  for (let i = 1; i < k; i++) w1v1 += w[i] * v[vo + i];
  w1v1 *= sgn;
  const v0 = v[vo];
  const c = v0 + w1v1 / (1 + w[0]);
  for (let i = 1; i < k; i++) out[oo + i] = f * (v[vo + i] + sgn * c * w[i]);
  out[oo] = f * (w[0] * v0 + w1v1);
}

/** √(xᵀJx) of the SOC block at offset o, computed as √((x₀ − ‖x₁‖)(x₀ + ‖x₁‖)). */
function jnorm(x: Float64Array, o: number, k: number): number {
  let n1 = 0;
  for (let i = 1; i < k; i++) n1 += x[o + i] * x[o + i];
  n1 = Math.sqrt(n1);
  return Math.sqrt((x[o] - n1) * (x[o] + n1));
}
