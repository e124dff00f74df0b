/**
 * Every series' own training loop keeps the number of live tensors flat: the count after epoch 20
 * equals the count after epoch 1 (the loops run at tiny sizes; the Trainer reports each epoch).
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { configFor } from "isac/core";
import { tf, initBackend } from "isac/tensor";
import { trainingEvents, type EpochRecord } from "isac/train";
import { cellfreeGnn as CF, gnnIp as GI, lhgnn as LH } from "isac/systems";
import { cellfreeGnn as cfExp, gnnIp as giExp, lhgnn as lhExp } from "isac/experiments";

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

function assertFlat(counts: number[], series: string) {
  assert.ok(counts.length >= 20, `${series}: ${counts.length} epochs reported`);
  assert.equal(counts[19], counts[0], `${series}: live tensors after epoch 20 vs epoch 1`);
}

test("cellfree-gnn: live tensors are the same after epochs 1 and 20", () => {
  const cfg = configFor(CF.CELLFREE_PRESETS, { train: { trainSamples: 64, testSamples: 32, epochs: 20, batchSize: 32 }, gnn: { hidden: 16, layers: 1 } }, "quick");
  assertFlat(tensorsPerEpoch(() => tf.dispose(cfExp.trainedModel(cfg, 2, "fit").variables)), "cellfree-gnn");
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
