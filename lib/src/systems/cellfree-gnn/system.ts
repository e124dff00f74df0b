/**
 * System model of paper 002: channels and sensing geometry (Sections II, V), and the metrics —
 * communication SINR (4), rate (3), multistatic sensing SNR (7) and the objective (8a) — as plain
 * reference functions on arrays.
 *
 * Layouts (row-major, complex as separate real and imaginary arrays):
 *   channels h      [B, M, U, Nt]   h_mu, user u's channel from AP m
 *   steering a      [B, M, Nt]      a(θ_m), half-wavelength ULA, a_n = e^{jπ n sin θ_m} (the code of [6]
 *                                   uses cos θ; for θ ~ U[0, π/2) the two have the same distribution)
 *   sensingWeight w [B, M]          w_mt = Σ_mr ζ²_{mt mr}: (7)'s numerator only needs these sums
 *   beams F         [B, M, S, Nt]   f_ms, streams s = 0…U−1 communication, s = U the sensing stream
 */
import { Rng } from "../../core/rng";
import type { SystemConfig } from "./config";

export interface Complex32 {
  re: Float32Array;
  im: Float32Array;
}

export interface CellFreeBatch {
  size: number;
  aps: number;
  users: number;
  antennas: number;
  h: Complex32;
  a: Complex32;
  sensingWeight: Float32Array;
}

/**
 * Draws `size` independent network realisations (Section V) from `rng`, advancing it: two calls
 * with one generator give two different batches (a training loop can draw batch after batch).
 */
export function sampleBatch(sys: SystemConfig, size: number, rng: Rng): CellFreeBatch {
  const { aps: M, users: U, antennas: N } = sys;
  if (![M, U, N, size].every((x) => Number.isInteger(x) && x > 0)) {
    throw new Error(`sampleBatch: aps, users, antennas and size must be positive integers (got ${M}, ${U}, ${N}, ${size})`);
  }
  const h = { re: new Float32Array(size * M * U * N), im: new Float32Array(size * M * U * N) };
  const a = { re: new Float32Array(size * M * N), im: new Float32Array(size * M * N) };
  const w = new Float32Array(size * M);
  for (let i = 0; i < h.re.length; i++) [h.re[i], h.im[i]] = rng.complexNormal(1); // h_mu ~ CN(0, I)
  for (let b = 0; b < size; b++) {
    for (let m = 0; m < M; m++) {
      const theta = rng.uniformIn(0, Math.PI / 2); // θ_m ~ U[0, π/2)
      for (let n = 0; n < N; n++) {
        a.re[(b * M + m) * N + n] = Math.cos(Math.PI * n * Math.sin(theta));
        a.im[(b * M + m) * N + n] = Math.sin(Math.PI * n * Math.sin(theta));
      }
    }
    for (let mt = 0; mt < M; mt++) {
      let sum = 0;
      for (let mr = 0; mr < M; mr++) {
        if (sys.sensingGain === "unit") sum += 1;
        else {
          const [zr, zi] = rng.complexNormal(1);
          sum += zr * zr + zi * zi;
        }
      }
      w[b * M + mt] = sum;
    }
  }
  return { size, aps: M, users: U, antennas: N, h, a, sensingWeight: w };
}

export interface Metrics {
  /** Per-sample sum rate Σ_u R_u [bit/s/Hz]. */
  sumRate: Float64Array;
  /** Per-sample sensing SNR (7), linear. */
  sensingSnr: Float64Array;
}

/** Reference computation of (3), (4) and (7) for beams F [B, M, S, Nt] (S = U + 1). */
export function metrics(batch: CellFreeBatch, F: Complex32, noise: number): Metrics {
  const { size: B, aps: M, users: U, antennas: N } = batch;
  const S = U + 1;
  if (F.re.length !== B * M * S * N) throw new Error(`metrics: beams have ${F.re.length} entries, expected B·M·S·Nt = ${B * M * S * N}`);
  const sumRate = new Float64Array(B), sensingSnr = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    // g[u][s] = Σ_m h_muᴴ f_ms
    for (let u = 0; u < U; u++) {
      const pow = new Float64Array(S);
      for (let s = 0; s < S; s++) {
        let re = 0, im = 0;
        for (let m = 0; m < M; m++)
          for (let n = 0; n < N; n++) {
            const hi = ((b * M + m) * U + u) * N + n, fi = ((b * M + m) * S + s) * N + n;
            re += batch.h.re[hi] * F.re[fi] + batch.h.im[hi] * F.im[fi];
            im += batch.h.re[hi] * F.im[fi] - batch.h.im[hi] * F.re[fi];
          }
        pow[s] = re * re + im * im;
      }
      const interference = pow.reduce((x, y) => x + y, 0) - pow[u];
      sumRate[b] += Math.log2(1 + pow[u] / (interference + noise));
    }
    let num = 0;
    for (let m = 0; m < M; m++) {
      let beam = 0;
      for (let s = 0; s < S; s++) {
        let re = 0, im = 0;
        for (let n = 0; n < N; n++) {
          const ai = (b * M + m) * N + n, fi = ((b * M + m) * S + s) * N + n;
          re += batch.a.re[ai] * F.re[fi] + batch.a.im[ai] * F.im[fi];
          im += batch.a.re[ai] * F.im[fi] - batch.a.im[ai] * F.re[fi];
        }
        beam += re * re + im * im;
      }
      num += batch.sensingWeight[b * M + m] * beam;
    }
    sensingSnr[b] = num / (M * noise); // Σ_mr ς²_mr = M σ²
  }
  return { sumRate, sensingSnr };
}

/** Objective (8a) per sample: Σ_u R_u + β_s log2(1 + SNR). */
export function objective(m: Metrics, betaS: number): Float64Array {
  return m.sumRate.map((r, i) => r + betaS * Math.log2(1 + m.sensingSnr[i]));
}

/** Per-AP transmit power Σ_s ‖f_ms‖² [B, M]. */
export function apPowers(F: Complex32, B: number, M: number, S: number, N: number): Float64Array {
  const p = new Float64Array(B * M);
  for (let i = 0; i < B * M; i++)
    for (let k = 0; k < S * N; k++) p[i] += F.re[i * S * N + k] ** 2 + F.im[i * S * N + k] ** 2;
  return p;
}
