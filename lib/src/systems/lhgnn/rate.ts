/**
 * Communication model (1)–(4), reference implementation for one sample: SINR_k (3) with the
 * sensing beams and the other users' beams as interference, R_k = log2(1 + SINR_k) (4).
 * Channels h [N, K, L] and beams [N, S, L] in noise units (σ² = 1), see scene.ts.
 */
import type { Complex } from "./types";

/** Per-user rates R_k [bit/s/Hz] and their sum. */
export function userRates(h: Complex, beams: Complex, N: number, K: number, Z: number, L: number): { rates: Float64Array; sumRate: number } {
  const S = Z + K;
  if (h.re.length !== N * K * L) throw new Error(`userRates: h has ${h.re.length} values, expected N·K·L = ${N * K * L}`);
  if (beams.re.length !== N * S * L) throw new Error(`userRates: beams have ${beams.re.length} values, expected N·S·L = ${N * S * L}`);
  const rates = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let signal = 0, total = 0;
    for (let s = 0; s < S; s++) {
      // g = h_kᴴ p_s = Σ_n Σ_l conj(h_{k,n,l}) p_{n,s,l}
      let gr = 0, gi = 0;
      for (let n = 0; n < N; n++) {
        for (let l = 0; l < L; l++) {
          const hi = (n * K + k) * L + l, pi = (n * S + s) * L + l;
          gr += h.re[hi] * beams.re[pi] + h.im[hi] * beams.im[pi];
          gi += h.re[hi] * beams.im[pi] - h.im[hi] * beams.re[pi];
        }
      }
      const p = gr * gr + gi * gi;
      total += p;
      if (s === Z + k) signal = p;
    }
    rates[k] = Math.log2(1 + signal / (total - signal + 1));
  }
  return { rates, sumRate: rates.reduce((a, b) => a + b, 0) };
}

/** Per-BS transmit powers ‖p^s_n‖² + Σ_k ‖p^c_{n,k}‖² (32b) [W]. */
export function bsPowers(beams: Complex, N: number, S: number, L: number): Float64Array {
  const out = new Float64Array(N);
  for (let n = 0; n < N; n++) for (let i = n * S * L; i < (n + 1) * S * L; i++) out[n] += beams.re[i] ** 2 + beams.im[i] ** 2;
  return out;
}
