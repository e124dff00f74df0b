/**
 * WMMSE for the communication-only problem (8) with β_s = 0 under the per-AP power constraints
 * (8b) — paper 002's baseline (i) (Shi et al. 2011; Christensen et al. 2008).
 *
 * With MMSE receive scalars u_k, weights w_k and e_k the MSE of user k, minimising
 * Σ_k w_k e_k − ln w_k over (u, w, V) block by block never decreases the sum rate:
 *   u_k = h_kᴴv_k / T_k,  T_k = Σ_s |h_kᴴv_s|² + σ²;   w_k = 1 / e_k = T_k / (T_k − |h_kᴴv_k|²).
 * The beam step has one power constraint per AP, which couples the APs; we minimise over one AP's
 * beams at a time with the others fixed (block coordinate descent, exact per block, so the cost
 * still decreases monotonically):
 *   min Σ_s v_sᴴ A v_s − 2 Re(r_sᴴ v_s)  s.t. Σ_s ‖v_s‖² ≤ P_m,
 *   A = Σ_k c_k h_mk h_mkᴴ = H C Hᴴ  (c_k = w_k |u_k|², H = [h_m1 … h_mU]),
 *   r_s = H y_s,  y_ks = w_s u_s [k = s] − c_k Σ_{m'≠m} h_m'kᴴ v_m's,
 * solved by v_s = (A + μ I)⁻¹ r_s with the AP's multiplier μ ≥ 0: μ = 0 when that spends at most
 * P_m, else the μ at which it spends exactly P_m (bisection; complementary slackness). Everything
 * lies in the span of H (U dimensions): with K = C^½ HᴴH C^½ = Q Λ Qᴴ and z_s = C^-½ y_s,
 *   v_s = H C^½ Q (Λ + μ)⁻¹ Qᴴ z_s,   Σ_s ‖v_s‖² = Σ_s Σ_i λ_i |q_iᴴ z_s|² / (λ_i + μ)²,
 * so each step needs a U×U eigendecomposition, not an Nt×Nt one. The sensing stream gets no power.
 */
import { linalg } from "../../core";
import type { CellFreeBatch, Complex32 } from "../../systems/cellfree-gnn/system";
import { conjugateCommunication } from "./conjugate";

export interface WmmseOptions {
  /** Most iterations (one iteration = receivers, weights, then every AP's beams). Default 200. */
  iterations?: number;
  /** Stop when the sum rate improves by less than this, relative. Default 1e-7. */
  tol?: number;
}

/** Runs WMMSE on every sample from conjugate beamforming; returns beams [B, M, U+1, Nt] and sample 0's sum-rate trace. */
export function wmmse(b: CellFreeBatch, apPower: number, noise: number, o: WmmseOptions = {}): { beams: Complex32; trace: number[] } {
  const F = conjugateCommunication(b, apPower);
  let trace: number[] = [];
  for (let s = 0; s < b.size; s++) {
    const t = new WmmseSample(b, s, F, apPower, noise).run(o.iterations ?? 200, o.tol ?? 1e-7);
    if (s === 0) trace = t;
  }
  return { beams: F, trace };
}

/** One sample's WMMSE, updating its beams in F in place (float64 copies while iterating). */
class WmmseSample {
  private readonly M: number;
  private readonly U: number;
  private readonly N: number;
  /** h[m][k] and v[m][s] as interleaved complex vectors [re₀, im₀, re₁, …] of length 2N. */
  private readonly h: Float64Array[][];
  private readonly v: Float64Array[][];
  /** g[k][s] = h_kᴴ v_s = Σ_m h_mkᴴ v_ms, kept current as APs update. */
  private readonly g: Float64Array;

  constructor(private readonly b: CellFreeBatch, private readonly sample: number, private readonly F: Complex32, private readonly P: number, private readonly noise: number) {
    const { aps: M, users: U, antennas: N } = b;
    [this.M, this.U, this.N] = [M, U, N];
    const read = (src: Complex32, off: number) => {
      const x = new Float64Array(2 * N);
      for (let n = 0; n < N; n++) [x[2 * n], x[2 * n + 1]] = [src.re[off + n], src.im[off + n]];
      return x;
    };
    this.h = Array.from({ length: M }, (_, m) => Array.from({ length: U }, (_, k) => read(b.h, ((sample * M + m) * U + k) * N)));
    this.v = Array.from({ length: M }, (_, m) => Array.from({ length: U }, (_, s) => read(F, ((sample * M + m) * (U + 1) + s) * N)));
    this.g = new Float64Array(2 * U * U);
    for (let m = 0; m < M; m++) for (let k = 0; k < U; k++) for (let s = 0; s < U; s++) this.addInner(k, s, this.h[m][k], this.v[m][s], 1);
  }

  run(iterations: number, tol: number): number[] {
    const trace = [this.sumRate()];
    for (let it = 0; it < iterations; it++) {
      const c = new Float64Array(this.U), wu = new Float64Array(2 * this.U); // c_k = w_k|u_k|², w_k u_k
      for (let k = 0; k < this.U; k++) {
        const T = this.total(k), [sr, si] = this.gain(k, k);
        const w = T / (T - sr * sr - si * si);
        [wu[2 * k], wu[2 * k + 1]] = [(w * sr) / T, (w * si) / T];
        c[k] = (w * (sr * sr + si * si)) / (T * T);
      }
      for (let m = 0; m < this.M; m++) this.updateAp(m, c, wu);
      trace.push(this.sumRate());
      const [prev, cur] = trace.slice(-2);
      if (Math.abs(cur - prev) <= tol * Math.max(1, Math.abs(cur))) break;
    }
    this.write();
    return trace;
  }

  private gain(k: number, s: number): [number, number] {
    return [this.g[2 * (k * this.U + s)], this.g[2 * (k * this.U + s) + 1]];
  }

  /** T_k = Σ_s |h_kᴴv_s|² + σ². */
  private total(k: number): number {
    let T = this.noise;
    for (let s = 0; s < this.U; s++) T += this.g[2 * (k * this.U + s)] ** 2 + this.g[2 * (k * this.U + s) + 1] ** 2;
    return T;
  }

  private sumRate(): number {
    let r = 0;
    for (let k = 0; k < this.U; k++) {
      const T = this.total(k), [sr, si] = this.gain(k, k);
      r += Math.log2(T / (T - sr * sr - si * si));
    }
    return r;
  }

  /** g[k][s] += sign · xᴴ y. */
  private addInner(k: number, s: number, x: Float64Array, y: Float64Array, sign: number): void {
    let re = 0, im = 0;
    for (let n = 0; n < 2 * this.N; n += 2) {
      re += x[n] * y[n] + x[n + 1] * y[n + 1];
      im += x[n] * y[n + 1] - x[n + 1] * y[n];
    }
    this.g[2 * (k * this.U + s)] += sign * re;
    this.g[2 * (k * this.U + s) + 1] += sign * im;
  }

  /** The exact minimiser over AP m's beams (see the module comment). */
  private updateAp(m: number, c: Float64Array, wu: Float64Array): void {
    const { U, N } = this;
    const users = Array.from({ length: U }, (_, k) => k).filter((k) => c[k] > 0); // c_k = 0 adds nothing to A or r
    const H = users.map((k) => this.h[m][k]);
    const K = users.length;
    if (K === 0) return;
    // Remove this AP's own contribution: g then holds Σ_{m'≠m} h_m'kᴴ v_m's.
    for (let k = 0; k < U; k++) for (let s = 0; s < U; s++) this.addInner(k, s, this.h[m][k], this.v[m][s], -1);
    // K = C^½ HᴴH C^½ = Q Λ Qᴴ
    const Kmat = linalg.cmat(K, K);
    for (let i = 0; i < K; i++)
      for (let j = 0; j < K; j++) {
        let re = 0, im = 0;
        for (let n = 0; n < 2 * N; n += 2) {
          re += H[i][n] * H[j][n] + H[i][n + 1] * H[j][n + 1];
          im += H[i][n] * H[j][n + 1] - H[i][n + 1] * H[j][n];
        }
        const sc = Math.sqrt(c[users[i]] * c[users[j]]);
        [Kmat.re[i * K + j], Kmat.im[i * K + j]] = [sc * re, sc * im];
      }
    const { values: lam, vectors: Q } = linalg.hermitianEig(Kmat);
    const kept = Array.from(lam, (l) => l > 1e-12 * Math.max(lam[K - 1], 1e-300)); // drop directions H cannot reach
    // p[s][i] = q_iᴴ z_s with z_ks = y_ks / √c_k
    const p = Array.from({ length: U }, (_, s) => {
      const z = users.map((k, i) => {
        const [er, ei] = this.gain(k, s);
        const yr = (k === s ? wu[2 * k] : 0) - c[k] * er, yi = (k === s ? wu[2 * k + 1] : 0) - c[k] * ei;
        const r = Math.sqrt(c[users[i]]);
        return [yr / r, yi / r];
      });
      const out = new Float64Array(2 * K);
      for (let i = 0; i < K; i++)
        for (let j = 0; j < K; j++) {
          const qr = Q.re[j * K + i], qi = Q.im[j * K + i];
          out[2 * i] += qr * z[j][0] + qi * z[j][1];
          out[2 * i + 1] += qr * z[j][1] - qi * z[j][0];
        }
      return out;
    });
    let weight = 0; // Σ_s Σ_i λ_i |p_si|², so that power(μ) ≤ weight / μ²
    const power = (mu: number) => {
      let tot = 0;
      for (const ps of p) for (let i = 0; i < K; i++) if (kept[i]) tot += (lam[i] * (ps[2 * i] ** 2 + ps[2 * i + 1] ** 2)) / (lam[i] + mu) ** 2;
      return tot;
    };
    for (const ps of p) for (let i = 0; i < K; i++) if (kept[i]) weight += lam[i] * (ps[2 * i] ** 2 + ps[2 * i + 1] ** 2);
    let mu = 0;
    if (power(0) > this.P) {
      let lo = 0, hi = Math.sqrt(weight / this.P); // power(hi) ≤ P
      for (let it = 0; it < 60; it++) {
        const mid = 0.5 * (lo + hi);
        if (power(mid) > this.P) lo = mid;
        else hi = mid;
      }
      mu = hi;
    }
    // v_s = H C^½ Q (Λ + μ)⁻¹ p_s
    for (let s = 0; s < U; s++) {
      const x = new Float64Array(2 * K); // coefficients on the columns of H
      for (let j = 0; j < K; j++) {
        let re = 0, im = 0;
        for (let i = 0; i < K; i++) {
          if (!kept[i]) continue;
          const d = lam[i] + mu, qr = Q.re[j * K + i], qi = Q.im[j * K + i], pr = p[s][2 * i], pi = p[s][2 * i + 1];
          re += (qr * pr - qi * pi) / d;
          im += (qr * pi + qi * pr) / d;
        }
        const r = Math.sqrt(c[users[j]]);
        [x[2 * j], x[2 * j + 1]] = [r * re, r * im];
      }
      const v = this.v[m][s];
      v.fill(0);
      for (let j = 0; j < K; j++)
        for (let n = 0; n < 2 * N; n += 2) {
          v[n] += H[j][n] * x[2 * j] - H[j][n + 1] * x[2 * j + 1];
          v[n + 1] += H[j][n] * x[2 * j + 1] + H[j][n + 1] * x[2 * j];
        }
    }
    for (let k = 0; k < U; k++) for (let s = 0; s < U; s++) this.addInner(k, s, this.h[m][k], this.v[m][s], 1);
  }

  private write(): void {
    const { M, U, N } = this;
    for (let m = 0; m < M; m++)
      for (let s = 0; s < U; s++) {
        const off = ((this.sample * M + m) * (U + 1) + s) * N;
        for (let n = 0; n < N; n++) [this.F.re[off + n], this.F.im[off + n]] = [this.v[m][s][2 * n], this.v[m][s][2 * n + 1]];
      }
  }
}
