import { test, before } from "node:test";
import assert from "node:assert/strict";
import { Rng, configFor } from "isac/core";
import { tf, initBackend } from "isac/tensor";
import { cellfreeGnn as sys } from "isac/systems";
import { cellfreeGnn as base } from "isac/baselines";

before(async () => {
  await initBackend(undefined, { quiet: true });
});

const system = (over: Partial<sys.SystemConfig> = {}): sys.SystemConfig => ({ aps: 3, users: 2, antennas: 4, totalPower: 1, noise: 0.1, sensingGain: "unit", ...over });
const mean = (x: ArrayLike<number>) => Array.from(x).reduce((a, b) => a + b, 0) / x.length;

function randomBeams(b: sys.CellFreeBatch, rng: Rng): sys.Complex32 {
  const n = b.size * b.aps * (b.users + 1) * b.antennas;
  return { re: Float32Array.from(rng.normals(n)), im: Float32Array.from(rng.normals(n)) };
}

const beamTensors = (b: sys.CellFreeBatch, F: sys.Complex32) => {
  const shape = [b.size, b.aps, b.users + 1, b.antennas];
  return { re: tf.tensor(F.re, shape), im: tf.tensor(F.im, shape) };
};

test("presets: paper has Section V's settings, quick is smaller; unknown override keys throw", () => {
  const paper = sys.CELLFREE_PRESETS.paper;
  assert.deepEqual(paper.system, { aps: 5, users: 2, antennas: 8, totalPower: 1, noise: 0.1, sensingGain: "unit" });
  assert.deepEqual(paper.gnn, { hidden: 256, layers: 4, alpha: 0.1 });
  assert.deepEqual(paper.train, { trainSamples: 100_000, testSamples: 2_000, epochs: 60, batchSize: 256, learningRate: 4e-4 });
  assert.ok(sys.CELLFREE_PRESETS.quick.train.trainSamples < paper.train.trainSamples);
  assert.equal(configFor(sys.CELLFREE_PRESETS, { system: { users: 3 } }, "quick").system.users, 3);
  assert.throws(() => configFor(sys.CELLFREE_PRESETS, { system: { user: 3 } } as never, "quick"), /unknown key 'user'/);
});

test("sampling: seeded and advancing, h ~ CN(0, I), |a_n| = 1 with θ in [0, π/2), ζ² = 1 ('unit') or |ζ|² with mean 1 ('gain')", () => {
  const cfg = system({ aps: 4, users: 3, antennas: 8 });
  const b = sys.sampleBatch(cfg, 500, new Rng(1));
  assert.deepEqual(sys.sampleBatch(cfg, 500, new Rng(1)).h.re, b.h.re);
  assert.notDeepEqual(sys.sampleBatch(cfg, 500, new Rng(2)).h.re, b.h.re);
  const stream = new Rng(1); // drawing advances the generator: batch after batch differ
  assert.notDeepEqual(sys.sampleBatch(cfg, 2, stream).h.re, sys.sampleBatch(cfg, 2, stream).h.re);
  const power = mean(b.h.re.map((x, i) => x * x + b.h.im[i] ** 2));
  assert.ok(Math.abs(power - 1) < 0.02, `E|h|² = ${power}`);
  assert.ok(Math.abs(mean(b.h.re)) < 0.01 && Math.abs(mean(b.h.im)) < 0.01);
  for (let i = 0; i < b.a.re.length; i++) assert.ok(Math.abs(b.a.re[i] ** 2 + b.a.im[i] ** 2 - 1) < 1e-6);
  // a_1 = e^{jπ sin θ}: its phase π sin θ lies in [0, π) and sin θ has mean 2/π for θ ~ U[0, π/2).
  const sines = Array.from({ length: b.size * cfg.aps }, (_, k) => Math.atan2(b.a.im[k * 8 + 1], b.a.re[k * 8 + 1]) / Math.PI);
  assert.ok(sines.every((s) => s >= -1e-6 && s < 1));
  assert.ok(Math.abs(mean(sines) - 2 / Math.PI) < 0.02, `mean sin θ = ${mean(sines)}`);
  assert.ok(b.sensingWeight.every((w) => w === cfg.aps), "unit: Σ_mr ζ² = M");
  const g = sys.sampleBatch({ ...cfg, sensingGain: "gain" }, 500, new Rng(1)).sensingWeight;
  assert.ok(Math.abs(mean(g) - cfg.aps) < 0.1 * cfg.aps && new Set(g).size > 100, `gain: mean Σ_mr |ζ|² = ${mean(g)}`);
  assert.throws(() => sys.sampleBatch({ ...cfg, aps: 0 }, 1, new Rng(1)), /positive integers/);
});

test("metrics: the differentiable objective (tfjs) equals the reference SINR (4), rates (3), SNR (7) and (8a)", () => {
  const cfg = system({ sensingGain: "gain" });
  const b = sys.sampleBatch(cfg, 6, new Rng(1));
  const F = randomBeams(b, new Rng(2));
  const ref = sys.metrics(b, F, cfg.noise);
  const t = sys.batchTensors(b);
  const got = sys.metricsTf(t, beamTensors(b, F), cfg.noise);
  Array.from(got.sumRate.dataSync()).forEach((v, i) => assert.ok(Math.abs(v - ref.sumRate[i]) < 1e-4 * (1 + ref.sumRate[i]), `rate ${i}`));
  Array.from(got.sensingSnr.dataSync()).forEach((v, i) => assert.ok(Math.abs(v - ref.sensingSnr[i]) < 1e-4 * ref.sensingSnr[i], `snr ${i}`));
  const obj = sys.objectiveTf(t, beamTensors(b, F), cfg.noise, 2).dataSync()[0];
  assert.ok(Math.abs(obj - mean(sys.objective(ref, 2))) < 1e-4 * Math.abs(obj));
});

test("metrics: one user, one AP, MRT at full power gives log2(1 + P‖h‖²/σ²); (7) counts every stream", () => {
  const b = sys.sampleBatch(system({ aps: 1, users: 1 }), 1, new Rng(3));
  const h2 = b.h.re.reduce((a, x, i) => a + x * x + b.h.im[i] ** 2, 0);
  const F = { re: new Float32Array(8), im: new Float32Array(8) };
  for (let n = 0; n < 4; n++) [F.re[n], F.im[n]] = [b.h.re[n] / Math.sqrt(h2), b.h.im[n] / Math.sqrt(h2)];
  // The sensing stream (s = 1) along a: it interferes with the user, and adds |aᴴa|² = Nt² to (7).
  for (let n = 0; n < 4; n++) [F.re[4 + n], F.im[4 + n]] = [b.a.re[n], b.a.im[n]];
  const noSensing = { re: F.re.map((x, i) => (i < 4 ? x : 0)), im: F.im.map((x, i) => (i < 4 ? x : 0)) };
  assert.ok(Math.abs(sys.metrics(b, noSensing, 0.1).sumRate[0] - Math.log2(1 + h2 / 0.1)) < 1e-5);
  let ha = [0, 0];
  for (let n = 0; n < 4; n++) ha = [ha[0] + b.h.re[n] * b.a.re[n] + b.h.im[n] * b.a.im[n], ha[1] + b.h.re[n] * b.a.im[n] - b.h.im[n] * b.a.re[n]];
  const m = sys.metrics(b, F, 0.1);
  assert.ok(Math.abs(m.sumRate[0] - Math.log2(1 + h2 / (ha[0] ** 2 + ha[1] ** 2 + 0.1))) < 1e-5);
  let ah = [0, 0]; // aᴴ f_1 with f_1 = h/‖h‖
  for (let n = 0; n < 4; n++) ah = [ah[0] + (b.a.re[n] * F.re[n] + b.a.im[n] * F.im[n]), ah[1] + (b.a.re[n] * F.im[n] - b.a.im[n] * F.re[n])];
  assert.ok(Math.abs(m.sensingSnr[0] - (ah[0] ** 2 + ah[1] ** 2 + 16) / 0.1) < 1e-3);
});

test("conjugate beamforming: CB sensing reaches Σ_m w_m P_m Nt / (M σ²); CB comm spends P_m per AP and no sensing power", () => {
  const cfg = system({ sensingGain: "gain" });
  const b = sys.sampleBatch(cfg, 4, new Rng(3));
  const P = 1 / 3;
  const m = sys.metrics(b, base.conjugateSensing(b, P), cfg.noise);
  for (let s = 0; s < 4; s++) {
    let want = 0;
    for (let k = 0; k < 3; k++) want += (b.sensingWeight[s * 3 + k] * P * 4) / (3 * 0.1);
    assert.ok(Math.abs(m.sensingSnr[s] - want) < 1e-4 * want);
    assert.equal(m.sumRate[s], 0);
  }
  const cb = base.conjugateCommunication(b, P);
  sys.apPowers(cb, 4, 3, 3, 4).forEach((p) => assert.ok(Math.abs(p - P) < 1e-6));
  for (let i = 0; i < 4 * 3; i++) for (let n = 0; n < 4; n++) assert.equal(cb.re[(i * 3 + 2) * 4 + n], 0);
});

test("the gradient of the differentiable objective (8a) matches central differences of the reference", () => {
  const cfg = system({ aps: 2, users: 2, antennas: 3 });
  const b = sys.sampleBatch(cfg, 2, new Rng(4));
  const F = randomBeams(b, new Rng(5));
  const t = sys.batchTensors(b);
  const beta = 1.5;
  const shape = [2, 2, 3, 3];
  const [gRe, gIm] = tf.grads((re: tf.Tensor, im: tf.Tensor) => sys.objectiveTf(t, { re, im }, cfg.noise, beta))([tf.tensor(F.re, shape), tf.tensor(F.im, shape)]);
  const grads = { re: gRe.dataSync(), im: gIm.dataSync() };
  const J = (G: sys.Complex32) => mean(sys.objective(sys.metrics(b, G, cfg.noise), beta));
  const pick = new Rng(6);
  for (let k = 0; k < 12; k++) {
    const part = k % 2 ? "im" : "re";
    const i = Math.floor(pick.uniform() * F.re.length);
    const plus = { re: F.re.slice(), im: F.im.slice() }, minus = { re: F.re.slice(), im: F.im.slice() };
    plus[part][i] += 1e-3;
    minus[part][i] -= 1e-3;
    const fd = (J(plus) - J(minus)) / (plus[part][i] - minus[part][i]);
    assert.ok(Math.abs(grads[part][i] - fd) < 1e-3 * (1 + Math.abs(fd)), `∂/∂${part}[${i}]: ${grads[part][i]} vs ${fd}`);
  }
});
