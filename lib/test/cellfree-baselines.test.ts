import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "isac/core";
import { cellfreeGnn as sys } from "isac/systems";
import { cellfreeGnn as base } from "isac/baselines";

const system = (over: Partial<sys.SystemConfig> = {}): sys.SystemConfig => ({ aps: 3, users: 2, antennas: 4, totalPower: 1, noise: 0.1, sensingGain: "unit", ...over });
const mean = (x: ArrayLike<number>) => Array.from(x).reduce((a, b) => a + b, 0) / x.length;

/**
 * ∂R/∂conj(f_ms) of the sum rate in nats for one sample: with T_k = Σ_s |h_kᴴf_s|² + σ² and
 * R = Σ_k ln T_k − ln(T_k − |h_kᴴf_k|²), it is Σ_k h_mk (h_kᴴ f_s) (1/T_k − [s ≠ k]/(T_k − |h_kᴴf_k|²)).
 */
function sumRateGradient(b: sys.CellFreeBatch, F: sys.Complex32, sample: number, noise: number): sys.Complex32 {
  const { aps: M, users: U, antennas: N } = b;
  const S = U + 1;
  const h = (m: number, k: number, n: number) => ((sample * M + m) * U + k) * N + n;
  const f = (m: number, s: number, n: number) => ((sample * M + m) * S + s) * N + n;
  const g = Array.from({ length: U }, (_, k) =>
    Array.from({ length: S }, (_, s) => {
      let re = 0, im = 0;
      for (let m = 0; m < M; m++)
        for (let n = 0; n < N; n++) {
          re += b.h.re[h(m, k, n)] * F.re[f(m, s, n)] + b.h.im[h(m, k, n)] * F.im[f(m, s, n)];
          im += b.h.re[h(m, k, n)] * F.im[f(m, s, n)] - b.h.im[h(m, k, n)] * F.re[f(m, s, n)];
        }
      return [re, im];
    }),
  );
  const grad = { re: new Float32Array(M * S * N), im: new Float32Array(M * S * N) };
  for (let k = 0; k < U; k++) {
    const T = g[k].reduce((a, [re, im]) => a + re * re + im * im, noise);
    const I = T - (g[k][k][0] ** 2 + g[k][k][1] ** 2);
    for (let s = 0; s < S; s++) {
      const c = 1 / T - (s === k ? 0 : 1 / I);
      for (let m = 0; m < M; m++)
        for (let n = 0; n < N; n++) {
          const [gr, gi] = g[k][s], hr = b.h.re[h(m, k, n)], hi = b.h.im[h(m, k, n)];
          grad.re[(m * S + s) * N + n] += c * (hr * gr - hi * gi);
          grad.im[(m * S + s) * N + n] += c * (hr * gi + hi * gr);
        }
    }
  }
  return grad;
}

test("WMMSE: the sum rate never decreases, per-AP power holds, and it beats conjugate beamforming", () => {
  const cfg = system();
  const b = sys.sampleBatch(cfg, 8, new Rng(4));
  const P = 1 / 3;
  const { beams, trace } = base.wmmse(b, P, cfg.noise, { iterations: 60 });
  assert.ok(trace.length > 5);
  for (let i = 1; i < trace.length; i++) assert.ok(trace[i] >= trace[i - 1] - 1e-9, `iteration ${i}: ${trace[i - 1]} → ${trace[i]}`);
  sys.apPowers(beams, 8, 3, 3, 4).forEach((p) => assert.ok(p <= P * (1 + 1e-6), `AP power ${p}`));
  const w = sys.metrics(b, beams, cfg.noise);
  const cb = sys.metrics(b, base.conjugateCommunication(b, P), cfg.noise);
  for (let s = 0; s < 8; s++) assert.ok(w.sumRate[s] >= cb.sumRate[s], `sample ${s}: WMMSE ${w.sumRate[s]} < CB ${cb.sumRate[s]}`);
  assert.ok(mean(w.sumRate) > mean(cb.sumRate) + 1, `WMMSE ${mean(w.sumRate)} vs CB ${mean(cb.sumRate)}`);
});

test("WMMSE, one user: reaches the per-AP optimum log2(1 + (Σ_m √P_m ‖h_m‖)² / σ²)", () => {
  const cfg = system({ aps: 3, users: 1 });
  const b = sys.sampleBatch(cfg, 4, new Rng(5));
  const P = 1 / 3;
  const r = sys.metrics(b, base.wmmse(b, P, cfg.noise).beams, cfg.noise).sumRate;
  for (let s = 0; s < 4; s++) {
    let amplitude = 0; // Σ_m √P_m ‖h_m‖: each AP beams h_m/‖h_m‖ at full power, all in phase
    for (let m = 0; m < 3; m++) {
      let h2 = 0;
      for (let n = 0; n < 4; n++) h2 += b.h.re[(s * 3 + m) * 4 + n] ** 2 + b.h.im[(s * 3 + m) * 4 + n] ** 2;
      amplitude += Math.sqrt(P * h2);
    }
    const optimum = Math.log2(1 + amplitude ** 2 / cfg.noise);
    assert.ok(Math.abs(r[s] - optimum) < 1e-5, `sample ${s}: ${r[s]} vs ${optimum}`);
  }
});

test("WMMSE, two users: the result satisfies the KKT conditions of max Σ R_u s.t. ‖f_m‖² ≤ P_m", () => {
  const cfg = system({ aps: 2, users: 2 });
  const b = sys.sampleBatch(cfg, 3, new Rng(6));
  const P = 0.5, S = 3, N = 4;
  const { beams } = base.wmmse(b, P, cfg.noise, { iterations: 2000, tol: 0 });
  const powers = sys.apPowers(beams, 3, 2, S, N);
  for (let s = 0; s < 3; s++) {
    const grad = sumRateGradient(b, beams, s, cfg.noise);
    for (let m = 0; m < 2; m++) {
      // Stationarity: ∂R/∂conj(f_m) = λ_m f_m with λ_m ≥ 0; complementary slackness: λ_m > 0 ⇒ ‖f_m‖² = P_m.
      const off = (s * 2 + m) * S * N;
      let fg = 0, ff = 0, gg = 0;
      for (let k = 0; k < S * N; k++) {
        const [fr, fi, gr, gi] = [beams.re[off + k], beams.im[off + k], grad.re[m * S * N + k], grad.im[m * S * N + k]];
        fg += fr * gr + fi * gi;
        ff += fr * fr + fi * fi;
        gg += gr * gr + gi * gi;
      }
      const lambda = fg / ff;
      let residual = 0;
      for (let k = 0; k < S * N; k++) {
        residual += (grad.re[m * S * N + k] - lambda * beams.re[off + k]) ** 2 + (grad.im[m * S * N + k] - lambda * beams.im[off + k]) ** 2;
      }
      assert.ok(Math.sqrt(residual) < 1e-4 * Math.sqrt(gg), `sample ${s}, AP ${m}: ‖∇ − λf‖ = ${Math.sqrt(residual)}, ‖∇‖ = ${Math.sqrt(gg)}`);
      assert.ok(lambda > 0, `λ = ${lambda}`);
      assert.ok(Math.abs(powers[s * 2 + m] - P) < 1e-5, `AP power ${powers[s * 2 + m]} with λ = ${lambda} > 0`);
    }
  }
});
