/**
 * Every series' own training loop keeps the number of live tensors flat: the count after epoch 20
 * equals the count after epoch 1 (the loops run at tiny sizes; the Trainer reports each epoch).
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Rng, configFor } from "isac/core";
import { tf, initBackend } from "isac/tensor";
import { trainingEvents, type EpochRecord } from "isac/train";
import { apActivation as apModels } from "isac/models";
import { apActivation as AP, cellfreeGnn as CF, gnnIp as GI, lhgnn as LH } from "isac/systems";
import { apActivation as apExp, cellfreeGnn as cfExp, gnnIp as giExp, lhgnn as lhExp } from "isac/experiments";

const log = console.log;
before(async () => {
  await initBackend(undefined, { quiet: true });
  process.env.ISAC_CACHE = fs.mkdtempSync(path.join(os.tmpdir(), "isac-leaks-"));
  console.log = () => {};
});
after(() => {
  console.log = log;
  fs.rmSync(process.env.ISAC_CACHE!, { recursive: true, force: true });
  delete process.env.ISAC_CACHE;
});

/** Live tensors after each epoch of the training that `run` starts. */
function tensorsPerEpoch(run: () => void): number[] {
  const counts: number[] = [];
  const listener = (_: EpochRecord) => counts.push(tf.memory().numTensors);
  trainingEvents.on("epoch", listener);
  try {
    run();
  } finally {
    trainingEvents.off("epoch", listener);
  }
  return counts;
}

/** tensorsPerEpoch for a training that returns a promise. */
async function tensorsPerEpochAsync(run: () => Promise<void>): Promise<number[]> {
  const counts: number[] = [];
  const listener = (_: EpochRecord) => counts.push(tf.memory().numTensors);
  trainingEvents.on("epoch", listener);
  try {
    await run();
  } finally {
    trainingEvents.off("epoch", listener);
  }
  return counts;
}

function assertFlat(counts: number[], series: string) {
  assert.ok(counts.length >= 20, `${series}: ${counts.length} epochs reported`);
  assert.equal(counts[19], counts[0], `${series}: live tensors after epoch 20 vs epoch 1`);
}

test("cellfree-gnn: live tensors are the same after epochs 1 and 20", () => {
  const cfg = configFor(CF.CELLFREE_PRESETS, { train: { trainSamples: 64, testSamples: 32, epochs: 20, batchSize: 32 }, gnn: { hidden: 16, layers: 1 } }, "quick");
  assertFlat(tensorsPerEpoch(() => cfExp.trainedModel(cfg, 2, "fit").dispose()), "cellfree-gnn");
});

test("gnn-ip (GNN and DNN): live tensors are the same after epochs 1 and 20", () => {
  const cfg = configFor(GI.GNN_IP_PRESETS, {}, "quick");
  const small = { ...cfg, train: { ...cfg.train, trainSamples: 64, validSamples: 16, epochs: 20, batchSize: 32, validateEvery: 5 } };
  for (const kind of ["gnn", "dnn"] as const) {
    assertFlat(tensorsPerEpoch(() => tf.dispose(giExp.trainedNetwork(small, kind, small.system, "fit").variables)), `gnn-ip ${kind}`);
  }
});

test("lhgnn (LHGNN, Naive CNN): live tensors are the same after epochs 1 and 20", () => {
  const cfg = configFor(LH.LHGNN_PRESETS, { data: { trainSamples: 32 }, train: { epochs: 20, batchSize: 16 } }, "quick");
  const ops = LH.spebOperators(LH.makeScene(cfg.system));
  for (const method of ["lhgnn", "naive-cnn"] as const) {
    const spec = { method, powerDbm: 20, gamma: 1, errors: LH.NO_ERRORS };
    assertFlat(tensorsPerEpoch(() => tf.dispose(lhExp.trainedModel(cfg, spec, ops, "fit").model.variables)), `lhgnn ${method}`);
  }
  LH.disposeOperators(ops);
});

test("ap-activation (HetGNN): live tensors are the same after epochs 1 and 20", async () => {
  const cfg = configFor(
    AP.AP_ACTIVATION_PRESETS,
    { train: { sizes: [[4, 2]], perSize: 6, validationPerSize: 2, epochs: 20, batchSize: 4 }, hetgnn: { layers: 2, hidden: [8, 8] } },
    "quick",
  );
  const counts = await tensorsPerEpochAsync(async () => tf.dispose((await apExp.trainedHetGnn(cfg, "fit")).variables));
  assertFlat(counts, "ap-activation");
});

test("ap-activation (DDPG, its own loop): live tensors are the same after steps 1 and 20", () => {
  const system = { ...AP.PAPER_SYSTEM, aps: 4, users: 2 };
  const rng = new Rng("ddpg-leaks");
  const draw = () => AP.sampleInstance(rng, system);
  const probe = apModels.ddpgStates([draw()]);
  const model = new apModels.Ddpg(rng.child("model"), 4, 2, probe.shape[1]);
  probe.dispose();
  const counts: number[] = [];
  const cfg = { steps: 20, batch: 4, replay: 100, actorLearningRate: 1e-3, criticLearningRate: 1e-3, noise: 0.2 };
  model.train(draw, cfg, { epsilon1: 0, epsilon2: 0, alpha: 1, beta: 1 }, rng.child("noise"), () => counts.push(tf.memory().numTensors));
  tf.dispose(model.variables);
  assertFlat(counts, "ap-activation DDPG");
});
