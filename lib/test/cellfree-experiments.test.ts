import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Rng } from "isac/core";
import { initBackend } from "isac/tensor";
import { cellfreeGnn as sys } from "isac/systems";
import { cellfreeGnn as models } from "isac/models";
import { cellfreeGnn as exp } from "isac/experiments";

before(async () => {
  await initBackend(undefined, { quiet: true });
});

const mean = (x: ArrayLike<number>) => Array.from(x).reduce((a, b) => a + b, 0) / x.length;

test("trainedModel: fitting raises the objective (8a) over the untrained network, and a second call loads the saved weights", () => {
  const system: sys.SystemConfig = { aps: 3, users: 2, antennas: 4, totalPower: 1, noise: 0.1, sensingGain: "unit" };
  const cfg = {
    seed: 11,
    system,
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
  process.env.ISAC_CACHE = fs.mkdtempSync(path.join(os.tmpdir(), "isac-cf-"));
  try {
    const trained = exp.trainedModel(cfg, 1, "fit");
    assert.ok(score(trained) > before + 0.3, `objective ${before} → ${score(trained)}`);
    assert.equal(score(exp.trainedModel(cfg, 1, "load")), score(trained));
  } finally {
    console.log = log;
    fs.rmSync(process.env.ISAC_CACHE, { recursive: true, force: true });
    delete process.env.ISAC_CACHE;
  }
});
