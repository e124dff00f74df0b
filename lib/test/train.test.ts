import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Rng } from "isac/core";
import { tf, initBackend } from "isac/tensor";
import { Mlp } from "isac/nn";
import { Trainer, Adam, saveWeights, loadWeights } from "isac/train";

before(async () => {
  await initBackend(undefined, { quiet: true });
});

/** Regression y = sin(x₀) + x₁² with a small MLP. */
function problem(seed: number) {
  const rng = new Rng(seed);
  const n = 512;
  const x = rng.normals(2 * n);
  const y = new Float32Array(n).map((_, i) => Math.sin(x[2 * i]) + x[2 * i + 1] ** 2);
  const mlp = new Mlp(rng.child("mlp"), [2, 32, 1]);
  const data = { x: tf.tensor2d(Float32Array.from(x), [n, 2]), y: tf.tensor2d(y, [n, 1]) };
  const loss = (b: Record<string, tf.Tensor>) => tf.losses.meanSquaredError(b.y, mlp.apply(b.x)) as tf.Scalar;
  return { mlp, data, loss };
}

test("Trainer: same seed gives the same losses; loss falls; live tensors stay flat over epochs", () => {
  const counts: number[] = [];
  const run = () => {
    const { mlp, data, loss } = problem(3);
    const r = new Trainer({ epochs: 20, batchSize: 64, learningRate: 1e-2, schedule: "cosine", seed: 9 }).fit({
      variables: mlp.variables,
      data,
      loss,
      onEpoch: () => counts.push(tf.memory().numTensors),
    });
    tf.dispose([...mlp.variables, data.x, data.y]);
    return r.history.map((h) => h.loss);
  };
  const a = run();
  const epoch1 = counts[0], epoch20 = counts[19];
  const b = run();
  assert.deepEqual(a, b);
  assert.ok(a[19] < 0.5 * a[0], `loss ${a[0]} → ${a[19]}`);
  assert.equal(epoch20, epoch1, "live tensors after epoch 20 vs epoch 1");
});

test("Trainer keeps the best validated weights", () => {
  const { mlp, data, loss } = problem(4);
  let calls = 0;
  // A validation that is best at epoch 2: the variables must hold epoch 2's weights at the end.
  let snapshot: Float32Array | null = null;
  const r = new Trainer({ epochs: 5, batchSize: 128, learningRate: 1e-2, seed: 1 }).fit({
    variables: mlp.variables,
    data,
    loss,
    validate: () => {
      calls++;
      if (calls === 2) snapshot = mlp.variables[0].dataSync().slice() as Float32Array;
      return calls === 2 ? 0 : 1;
    },
  });
  assert.equal(r.keptEpoch, 2);
  assert.deepEqual(mlp.variables[0].dataSync(), snapshot);
});

test("Trainer rejects inconsistent data and bad settings", () => {
  assert.throws(() => new Trainer({ epochs: 0, batchSize: 1, learningRate: 1, seed: 0 }), /must be positive/);
  const t = new Trainer({ epochs: 1, batchSize: 2, learningRate: 1e-3, seed: 0 });
  assert.throws(() => t.fit({ variables: [], loss: () => tf.scalar(0), data: { a: tf.zeros([3]), b: tf.zeros([4]) } }), /'b' has 4 samples/);
});

test("weights round-trip through a file; wrong shapes and corrupt files are named", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "isac-w-"));
  const file = path.join(dir, "w.json");
  const a = new Mlp(new Rng(1), [3, 4, 2]);
  const b = new Mlp(new Rng(2), [3, 4, 2]);
  saveWeights(file, a.variables, { note: "x" });
  assert.deepEqual(loadWeights(file, b.variables), { note: "x" });
  a.variables.forEach((v, i) => assert.deepEqual(b.variables[i].dataSync(), v.dataSync()));
  assert.throws(() => loadWeights(file, new Mlp(new Rng(3), [3, 5, 2]).variables), /tensor 0 has shape \[3,4\], the model's variable has \[3,5\]/);
  fs.writeFileSync(file, "{not json");
  assert.throws(() => loadWeights(file, b.variables), /not a readable weights file/);
  assert.throws(() => loadWeights(path.join(dir, "missing.json"), b.variables), /weights file not found/);
  assert.deepEqual(fs.readdirSync(dir), ["w.json"], "no temporary files left behind");
});

test("Adam: the first steps follow the closed form (step lr·g/(|g|+ε), then bias-corrected moments)", () => {
  const x = tf.variable(tf.tensor1d([1, -2, 0.5]));
  const opt = new Adam([x]);
  const f = () => tf.sum(tf.mul(tf.tensor1d([3, -1, 0.25]), x)) as tf.Scalar; // constant gradient g
  tf.dispose(opt.minimize(f, 0.1));
  // m̂ = g and v̂ = g² at every step for a constant gradient, so each step is lr·g/(|g| + ε).
  const step = (g: number) => (0.1 * g) / (Math.abs(g) + 1e-8);
  const expect1 = [1 - step(3), -2 - step(-1), 0.5 - step(0.25)];
  Array.from(x.dataSync()).forEach((v, i) => assert.ok(Math.abs(v - expect1[i]) < 1e-6, `step 1, x[${i}] = ${v}`));
  tf.dispose(opt.minimize(f, 0.1));
  const expect2 = expect1.map((e, i) => e - step([3, -1, 0.25][i]));
  Array.from(x.dataSync()).forEach((v, i) => assert.ok(Math.abs(v - expect2[i]) < 1e-6, `step 2, x[${i}] = ${v}`));
  assert.equal(opt.step, 2);
  opt.dispose();
  x.dispose();
});

test("Trainer: a run interrupted and resumed from its checkpoint ends as the uninterrupted run", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "isac-ckpt-"));
  const checkpoint = path.join(dir, "run.ckpt.json");
  const config = { epochs: 6, batchSize: 64, learningRate: 1e-2, schedule: "cosine" as const, seed: 5 };
  const full = problem(8);
  const ref = new Trainer(config).fit({ variables: full.mlp.variables, data: full.data, loss: full.loss, validate: () => 1 });
  const resumed = problem(8);
  const fit = (onEpoch?: (r: { epoch: number }) => void) =>
    new Trainer(config).fit({ variables: resumed.mlp.variables, data: resumed.data, loss: resumed.loss, validate: () => 1, checkpoint, checkpointSeconds: 0, onEpoch });
  assert.throws(() => fit((r) => { if (r.epoch === 4) throw new Error("interrupted"); }), /interrupted/);
  assert.ok(fs.existsSync(checkpoint), "checkpoint written");
  const before = tf.memory().numTensors;
  const r = fit();
  assert.equal(tf.memory().numTensors, before, "no tensors left by the resumed run");
  assert.deepEqual(r.history.map((h) => h.loss), ref.history.map((h) => h.loss));
  assert.equal(r.keptEpoch, ref.keptEpoch);
  resumed.mlp.variables.forEach((v, i) => assert.deepEqual(v.dataSync(), full.mlp.variables[i].dataSync()));
  assert.ok(!fs.existsSync(checkpoint), "checkpoint removed after the run completes");
});
