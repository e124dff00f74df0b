import { test, before } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "isac/core";
import { tf, initBackend } from "isac/tensor";
import { cellfreeGnn as sys } from "isac/systems";
import { cellfreeGnn as base } from "isac/baselines";
import { cellfreeGnn as models } from "isac/models";
import { cellfreeGnn as exp } from "isac/experiments";

before(async () => {
  await initBackend(undefined, { quiet: true });
});

const system = (over: Partial<sys.SystemConfig> = {}): sys.SystemConfig => ({ aps: 3, users: 2, antennas: 4, totalPower: 1, noise: 0.1, sensingGain: "gain", ...over });
const mean = (x: ArrayLike<number>) => Array.from(x).reduce((a, b) => a + b, 0) / x.length;

function randomBeams(b: sys.CellFreeBatch, rng: Rng): sys.Complex32 {
  const n = b.size * b.aps * (b.users + 1) * b.antennas;
  return { re: Float32Array.from(rng.normals(n)), im: Float32Array.from(rng.normals(n)) };
}

test("the differentiable objective (tfjs) equals the reference SINR (4), rates (3) and sensing SNR (7)", () => {
  const cfg = system();
  const b = sys.sampleBatch(cfg, 6, new Rng(1));
  const F = randomBeams(b, new Rng(2));
  const ref = sys.metrics(b, F, cfg.noise);
  const t = sys.batchTensors(b);
  const Ft = { re: tf.tensor4d(F.re, [6, 3, 3, 4]), im: tf.tensor4d(F.im, [6, 3, 3, 4]) };
  const got = sys.metricsTf(t, Ft, cfg.noise);
  Array.from(got.sumRate.dataSync()).forEach((v, i) => assert.ok(Math.abs(v - ref.sumRate[i]) < 1e-4 * (1 + ref.sumRate[i]), `rate ${i}`));
  Array.from(got.sensingSnr.dataSync()).forEach((v, i) => assert.ok(Math.abs(v - ref.sensingSnr[i]) < 1e-4 * ref.sensingSnr[i], `snr ${i}`));
  const obj = sys.objectiveTf(t, Ft, cfg.noise, 2).dataSync()[0];
  assert.ok(Math.abs(obj - mean(sys.objective(ref, 2))) < 1e-4 * Math.abs(obj));
});

test("conjugate beamforming for sensing: SNR = Σ_m w_m P_m Nt / (M σ²) in closed form; CB comm spends P_m per AP", () => {
  const cfg = system();
  const b = sys.sampleBatch(cfg, 4, new Rng(3));
  const P = 1 / 3;
  const m = sys.metrics(b, base.conjugateSensing(b, P), cfg.noise);
  for (let s = 0; s < 4; s++) {
    let want = 0;
    for (let k = 0; k < 3; k++) want += (b.sensingWeight[s * 3 + k] * P * 4) / (3 * 0.1);
    assert.ok(Math.abs(m.sensingSnr[s] - want) < 1e-4 * want);
    assert.equal(m.sumRate[s], 0);
  }
  sys.apPowers(base.conjugateCommunication(b, P), 4, 3, 3, 4).forEach((p) => assert.ok(Math.abs(p - P) < 1e-6));
});

test("WMMSE: sum rate never decreases, per-AP power holds, beats conjugate beamforming; one user reaches MRT's rate", () => {
  const cfg = system();
  const b = sys.sampleBatch(cfg, 8, new Rng(4));
  const P = 1 / 3;
  const { beams, trace } = base.wmmse(b, P, cfg.noise, { iterations: 60 });
  for (let i = 1; i < trace.length; i++) assert.ok(trace[i] >= trace[i - 1] - 1e-9, `iteration ${i}: ${trace[i - 1]} → ${trace[i]}`);
  sys.apPowers(beams, 8, 3, 3, 4).forEach((p) => assert.ok(p <= P * (1 + 1e-6), `AP power ${p}`));
  const w = mean(sys.metrics(b, beams, cfg.noise).sumRate);
  const cb = mean(sys.metrics(b, base.conjugateCommunication(b, P), cfg.noise).sumRate);
  assert.ok(w > cb, `WMMSE ${w} vs CB ${cb}`);
  // One AP, one user: the optimum is MRT at full power, rate log2(1 + P‖h‖²/σ²).
  const one = sys.sampleBatch(system({ aps: 1, users: 1 }), 3, new Rng(5));
  const r = sys.metrics(one, base.wmmse(one, 1, 0.1).beams, 0.1).sumRate;
  for (let s = 0; s < 3; s++) {
    let h2 = 0;
    for (let n = 0; n < 4; n++) h2 += one.h.re[s * 4 + n] ** 2 + one.h.im[s * 4 + n] ** 2;
    assert.ok(Math.abs(r[s] - Math.log2(1 + h2 / 0.1)) < 1e-4, `sample ${s}: ${r[s]} vs ${Math.log2(1 + h2 / 0.1)}`);
  }
});

test("edge GNN: exact per-AP power, equivariant to permuting users and APs, runs on any M and U", () => {
  const model = new models.CellFreeEdgeGnn(new Rng(6), 4, { hidden: 16, layers: 2, alpha: 0.1 });
  const cfg = system();
  const b = sys.sampleBatch(cfg, 3, new Rng(7));
  const P = 1 / 3;
  const out = (batch: sys.CellFreeBatch) => {
    const F = model.beams(sys.batchTensors(batch), P);
    return { re: F.re.arraySync() as number[][][][], im: F.im.arraySync() as number[][][][] };
  };
  const F = out(b);
  for (let s = 0; s < 3; s++)
    for (let m = 0; m < 3; m++) {
      const p = F.re[s][m].flat().reduce((a, v) => a + v * v, 0) + F.im[s][m].flat().reduce((a, v) => a + v * v, 0);
      assert.ok(Math.abs(p - P) < 1e-5, `AP power ${p}`);
    }
  // Permute users (swap 0 and 1) and APs (rotate): beams permute the same way.
  const permuted = structuredClone(b);
  const apPerm = [2, 0, 1], uePerm = [1, 0];
  for (let s = 0; s < 3; s++)
    for (let m = 0; m < 3; m++) {
      const sm = apPerm[m];
      permuted.sensingWeight[s * 3 + m] = b.sensingWeight[s * 3 + sm];
      for (let n = 0; n < 4; n++) {
        permuted.a.re[(s * 3 + m) * 4 + n] = b.a.re[(s * 3 + sm) * 4 + n];
        permuted.a.im[(s * 3 + m) * 4 + n] = b.a.im[(s * 3 + sm) * 4 + n];
        for (let u = 0; u < 2; u++) {
          permuted.h.re[((s * 3 + m) * 2 + u) * 4 + n] = b.h.re[((s * 3 + sm) * 2 + uePerm[u]) * 4 + n];
          permuted.h.im[((s * 3 + m) * 2 + u) * 4 + n] = b.h.im[((s * 3 + sm) * 2 + uePerm[u]) * 4 + n];
        }
      }
    }
  const G = out(permuted);
  const streamPerm = [...uePerm, 2];
  for (let s = 0; s < 3; s++)
    for (let m = 0; m < 3; m++)
      for (let k = 0; k < 3; k++)
        for (let n = 0; n < 4; n++) {
          assert.ok(Math.abs(G.re[s][m][k][n] - F.re[s][apPerm[m]][streamPerm[k]][n]) < 1e-4);
          assert.ok(Math.abs(G.im[s][m][k][n] - F.im[s][apPerm[m]][streamPerm[k]][n]) < 1e-4);
        }
  // Same weights on 7 APs and 3 users
  const big = model.beams(sys.batchTensors(sys.sampleBatch(system({ aps: 7, users: 3 }), 2, new Rng(8))), 1 / 7);
  assert.deepEqual(big.re.shape, [2, 7, 4, 4]);
  assert.throws(() => model.beams(sys.batchTensors(sys.sampleBatch(system({ antennas: 6 }), 1, new Rng(9))), P), /built for 4 antennas/);
});

test("training the edge GNN raises the objective (8a) over the untrained network", () => {
  const cfg = {
    seed: 11,
    system: system(),
    gnn: { hidden: 32, layers: 2, alpha: 0.1 },
    train: { trainSamples: 512, testSamples: 128, epochs: 8, batchSize: 64, learningRate: 3e-3 },
    sensingWeights: [1],
  };
  const test = sys.sampleBatch(cfg.system, 128, new Rng("held-out"));
  const untrained = new models.CellFreeEdgeGnn(new Rng(cfg.seed).child("model"), 4, cfg.gnn);
  const score = (m: models.CellFreeEdgeGnn) => mean(sys.objective(sys.metrics(test, exp.modelBeams(m, test, cfg.system), 0.1), 1));
  const before = score(untrained);
  const log = console.log;
  console.log = () => {};
  process.env.ISAC_CACHE = require("node:fs").mkdtempSync(require("node:path").join(require("node:os").tmpdir(), "isac-cf-"));
  try {
    const trained = exp.trainedModel(cfg, 1, "fit");
    assert.ok(score(trained) > before + 0.3, `objective ${before} → ${score(trained)}`);
  } finally {
    console.log = log;
    delete process.env.ISAC_CACHE;
  }
});
