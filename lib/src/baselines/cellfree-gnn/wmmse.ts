/**
 * WMMSE for the communication-only problem (8) with β_s = 0 under per-AP power constraints (8b)
 * (paper 002's baseline (i); Shi et al. 2011, Christensen et al. 2008).
 *
 * With receive scalars u_k and weights w_k, minimising Σ_k w_k e_k − log w_k over (u, w, V) in turn
 * never decreases the sum rate. The V step has one power constraint per AP, which couples the
 * APs' multipliers; we solve it by block coordinate descent over APs: for AP m, with the other
 * APs' beams fixed, the minimiser is
 *   v_ms = (A_mm + μ_m I)⁻¹ (w_s u_s h_ms − Σ_{m'≠m} A_mm' v_m's),   A = Σ_k w_k |u_k|² h_k h_kᴴ,
 * with μ_m ≥ 0 found by bisection so that Σ_s ‖v_ms‖² ≤ P_m (complementary slackness). Each block
 * step is exact, so the WMMSE cost decreases monotonically. The sensing stream gets no power.
 */
import { linalg } from "../../core";
import type { CellFreeBatch, Complex32 } from "../../systems/cellfree-gnn/system";
import { conjugateCommunication } from "./conjugate";

export interface WmmseOptions {
  iterations?: number;
  /** Stop when the sum rate improves by less than this (relative). */
  tol?: number;
}

type C = { re: number; im: number };

/** Runs WMMSE on every sample; returns beams [B, M, U+1, Nt] and the sum-rate trace of sample 0. */
export function wmmse(b: CellFreeBatch, apPower: number, noise: number, o: WmmseOptions = {}): { beams: Complex32; trace: number[] } {
  const F = conjugateCommunication(b, apPower); // start from conjugate beamforming
  let trace: number[] = [];
  for (let s = 0; s < b.size; s++) {
    const t = wmmseOne(b, s, F, apPower, noise, o.iterations ?? 200, o.tol ?? 1e-7);
    if (s === 0) trace = t;
  }
  return { beams: F, trace };
}

function wmmseOne(b: CellFreeBatch, sample: number, F: Complex32, P: number, noise: number, iters: number, tol: number): number[] {
  const { aps: M, users: U, antennas: N } = b;
  const S = U + 1;
  const hIdx = (m: number, u: number, n: number) => ((sample * M + m) * U + u) * N + n;
  const fIdx = (m: number, s: number, n: number) => ((sample * M + m) * S + s) * N + n;
  // g[k][s] = h_kᴴ v_s
  const gains = (): C[][] =>
    Array.from({ length: U }, (_, k) =>
      Array.from({ length: U }, (_, s) => {
        let re = 0, im = 0;
        for (let m = 0; m < M; m++)
          for (let n = 0; n < N; n++) {
            const hr = b.h.re[hIdx(m, k, n)], hi = b.h.im[hIdx(m, k, n)], fr = F.re[fIdx(m, s, n)], fi = F.im[fIdx(m, s, n)];
            re += hr * fr + hi * fi;
            im += hr * fi - hi * fr;
          }
        return { re, im };
      }),
    );
  const sumRate = (g: C[][]) =>
    g.reduce((acc, row, k) => {
      const p = row.map((x) => x.re * x.re + x.im * x.im);
      return acc + Math.log2(1 + p[k] / (p.reduce((x, y) => x + y, 0) - p[k] + noise));
    }, 0);
  const trace = [sumRate(gains())];
  for (let it = 0; it < iters; it++) {
    const g = gains();
    // Receive scalars u_k = h_kᴴv_k / (Σ_s |h_kᴴ v_s|² + σ²) and weights w_k = 1 / e_k = 1 + SINR_k.
    const u: C[] = [], w: number[] = [];
    for (let k = 0; k < U; k++) {
      const tot = g[k].reduce((x, y) => x + y.re * y.re + y.im * y.im, 0) + noise;
      u.push({ re: g[k][k].re / tot, im: g[k][k].im / tot });
      const sig = g[k][k].re ** 2 + g[k][k].im ** 2;
      w.push(tot / (tot - sig));
    }
    for (let m = 0; m < M; m++) updateAp(m);
    trace.push(sumRate(gains()));
    const [prev, cur] = trace.slice(-2);
    if (Math.abs(cur - prev) <= tol * Math.max(1, Math.abs(cur))) break;

    function updateAp(m: number): void {
      // A_mm = Σ_k c_k h_mk h_mkᴴ with c_k = w_k |u_k|²
      const c = u.map((x, k) => w[k] * (x.re * x.re + x.im * x.im));
      const A = linalg.cmat(N, N);
      for (let k = 0; k < U; k++)
        for (let i = 0; i < N; i++)
          for (let j = 0; j < N; j++) {
            const ar = b.h.re[hIdx(m, k, i)], ai = b.h.im[hIdx(m, k, i)], br = b.h.re[hIdx(m, k, j)], bi = b.h.im[hIdx(m, k, j)];
            A.re[i * N + j] += c[k] * (ar * br + ai * bi);
            A.im[i * N + j] += c[k] * (ai * br - ar * bi);
          }
      // rhs_s = w_s u_s h_ms − Σ_k c_k h_mk (Σ_{m'≠m} h_m'kᴴ v_m's)
      const rhs = Array.from({ length: U }, (_, s) => {
        const r = { re: new Float64Array(N), im: new Float64Array(N) };
        for (let n = 0; n < N; n++) {
          // w_s u_s h_ms (the receiver estimates x̂_s = u_s* y_s)
          r.re[n] = w[s] * (u[s].re * b.h.re[hIdx(m, s, n)] - u[s].im * b.h.im[hIdx(m, s, n)]);
          r.im[n] = w[s] * (u[s].re * b.h.im[hIdx(m, s, n)] + u[s].im * b.h.re[hIdx(m, s, n)]);
        }
        for (let k = 0; k < U; k++) {
          let er = 0, ei = 0; // Σ_{m'≠m} h_m'kᴴ v_m's
          for (let mp = 0; mp < M; mp++) {
            if (mp === m) continue;
            for (let n = 0; n < N; n++) {
              const hr = b.h.re[hIdx(mp, k, n)], hi = b.h.im[hIdx(mp, k, n)], fr = F.re[fIdx(mp, s, n)], fi = F.im[fIdx(mp, s, n)];
              er += hr * fr + hi * fi;
              ei += hr * fi - hi * fr;
            }
          }
          for (let n = 0; n < N; n++) {
            const hr = b.h.re[hIdx(m, k, n)], hi = b.h.im[hIdx(m, k, n)];
            r.re[n] -= c[k] * (hr * er - hi * ei);
            r.im[n] -= c[k] * (hr * ei + hi * er);
          }
        }
        return r;
      });
      // A = Q Λ Qᴴ: v(μ) = Q (Λ + μ)⁻¹ Qᴴ rhs; ‖v(μ)‖² = Σ_i |qᵢᴴ rhs|² / (λᵢ + μ)².
      const { values: lam, vectors: Q } = linalg.hermitianEig(A);
      const proj = rhs.map((r) =>
        Array.from({ length: N }, (_, i) => {
          let re = 0, im = 0;
          for (let n = 0; n < N; n++) {
            const qr = Q.re[n * N + i], qi = Q.im[n * N + i];
            re += qr * r.re[n] + qi * r.im[n];
            im += qr * r.im[n] - qi * r.re[n];
          }
          return { re, im };
        }),
      );
      // A_mm has rank ≤ U < Nt: rhs lies in its range, so components on its null space are
      // rounding noise; drop them (μ = 0 then gives the minimum-norm solution).
      const kept = Array.from(lam, (l) => l > 1e-10 * Math.max(lam[N - 1], 1e-300));
      const power = (mu: number) =>
        proj.reduce((acc, p) => acc + p.reduce((x, q, i) => (kept[i] ? x + (q.re * q.re + q.im * q.im) / (lam[i] + mu) ** 2 : x), 0), 0);
      let mu = 0;
      if (power(0) > P) {
        // Bisection on μ > 0: the power decreases in μ.
        let lo = 0, hi = 1;
        while (power(hi) > P) hi *= 2;
        for (let k = 0; k < 100; k++) {
          const mid = 0.5 * (lo + hi);
          if (power(mid) > P) lo = mid;
          else hi = mid;
        }
        mu = hi;
      }
      for (let s = 0; s < U; s++)
        for (let n = 0; n < N; n++) {
          let re = 0, im = 0;
          for (let i = 0; i < N; i++) {
            if (!kept[i]) continue;
            const d = lam[i] + mu, qr = Q.re[n * N + i], qi = Q.im[n * N + i], p = proj[s][i];
            re += (qr * p.re - qi * p.im) / d;
            im += (qr * p.im + qi * p.re) / d;
          }
          F.re[fIdx(m, s, n)] = re;
          F.im[fIdx(m, s, n)] = im;
        }
    }
  }
  return trace;
}
