import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { configFor, Rng } from "isac/core";
import { initBackend } from "isac/tensor";
import { cellfreeGnn as sys } from "isac/systems";
import { cellfreeGnn as models } from "isac/models";
import { cellfreeGnn as exp } from "isac/experiments";
import { cellfreeGnn as baselines } from "isac/baselines";
import { pl } from "isac/table";
import { withEnv } from "./env";

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
  const untrained = models.createModel(cfg, new Rng(cfg.seed).child("model"));
  const score = (m: models.CellFreeModel) => mean(sys.objective(sys.metrics(test, exp.modelBeams(m, test), 0.1), 1));
  const before = score(untrained);
  const log = console.log;
  console.log = () => {};
  process.env.ISAC_CACHE = fs.mkdtempSync(path.join(os.tmpdir(), "isac-cf-"));
  try {
    const trained = exp.trainedModel(cfg, 1, "fit");
    assert.ok(score(trained) > before + 0.3, `objective ${before} → ${score(trained)}`);
    assert.equal(score(exp.trainedModel(cfg, 1, "load")), score(trained));
    // Fig. 3's WMMSE row: WMMSE on the test batch, solved once, then read from the cache.
    const logged: string[] = [];
    console.log = (m: unknown) => logged.push(String(m));
    const wmmseRow = (df: pl.DataFrame) => df.filter(pl.col("method").eq(pl.lit("WMMSE (comm.)"))).toRecords()[0];
    const first = wmmseRow(exp.tradeoff(cfg, "load")), again = wmmseRow(exp.tradeoff(cfg, "load"));
    assert.equal(logged.filter((l) => l.startsWith("WMMSE on")).length, 1, logged.join("\n"));
    assert.deepEqual(again, first);
    const batch = sys.sampleBatch(system, cfg.train.testSamples, new Rng(cfg.seed).child("test"));
    const direct = sys.metrics(batch, baselines.wmmse(batch, 1 / 3, 0.1).beams, 0.1);
    assert.ok(Math.abs((first.sum_rate as number) - mean(direct.sumRate)) < 1e-9, `${first.sum_rate} vs ${mean(direct.sumRate)}`);
  } finally {
    console.log = log;
    fs.rmSync(process.env.ISAC_CACHE, { recursive: true, force: true });
    delete process.env.ISAC_CACHE;
  }
});

test("claims: each of Section V's claims is read off the figure data, and a missing row is named", () => {
  const fig3 = pl.DataFrame([
    { method: "GNN", beta_s: 0, sum_rate: 9.6, sensing_snr_db: 5 },
    { method: "GNN", beta_s: 2, sum_rate: 9.0, sensing_snr_db: 19 },
    { method: "GNN", beta_s: 10, sum_rate: 7, sensing_snr_db: 19.8 },
    { method: "WMMSE (comm.)", beta_s: null, sum_rate: 10, sensing_snr_db: 0 },
    { method: "CB (comm.)", beta_s: null, sum_rate: 8, sensing_snr_db: 0 },
    { method: "CB (sensing)", beta_s: null, sum_rate: 0, sensing_snr_db: 20 },
  ]);
  const fig4 = pl.DataFrame([2, 5, 8].flatMap((m) => [
    { aps: m, method: "GNN, β_s = 0", sum_rate: m === 5 ? 9.6 : 8, sensing_snr_db: 0 },
    { aps: m, method: "GNN, β_s = 2", sum_rate: 9, sensing_snr_db: m === 8 ? 23.5 : 19 },
    { aps: m, method: "WMMSE (comm.)", sum_rate: 10, sensing_snr_db: 0 },
    { aps: m, method: "GNN rescaled, β_s = 0", sum_rate: m === 5 ? 9.6 : 9.4, sensing_snr_db: 0 },
    { aps: m, method: "GNN rescaled, β_s = 2", sum_rate: 9, sensing_snr_db: m === 2 ? 18 : 19 },
  ]));
  const rows = exp.claims(fig3, fig4, 5).toRecords() as Array<{ ours: number; holds: boolean }>;
  const ours = rows.map((r) => r.ours);
  const expected = [0.96, 10 ** -0.1, 19 / 20, 9 / 9.6, 7 / 8, 10 ** -0.02, 0.8, 4.5, 0.94, 1];
  ours.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-12, `claim ${i}: ${v} vs ${expected[i]}`));
  assert.deepEqual(rows.map((r) => r.holds), [true, false, true, true, false, true, true, false, true, true]);
  assert.throws(() => exp.claims(fig3.filter(pl.col("method").neq(pl.lit("CB (sensing)"))), fig4, 5), /no row for CB \(sensing\)/);
});

test("every committed paper-scale weights file is a β_s of the paper preset's Fig. 3 and loads (a config change that orphans them fails here)", () => {
  withEnv("ISAC_SCALE", "paper", () => { // paper-scale weights live in data/weights/
    const paper = configFor(sys.CELLFREE_PRESETS, {}, "paper");
    const byFile = new Map(paper.sensingWeights.map((b) => [exp.weightsFile(paper, b), b]));
    const dir = path.dirname(exp.weightsFile(paper, 0));
    const committed = fs.readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => path.join(dir, f));
    assert.ok(committed.length > 0, `no weights in ${dir}`);
    assert.deepEqual(committed.filter((f) => !byFile.has(f)), [], "weights files that no β_s of the paper preset uses");
    const log = console.log;
    console.log = () => {};
    try {
      for (const f of committed) exp.trainedModel(paper, byFile.get(f)!, "load").dispose(); // throws if a shape differs
    } finally {
      console.log = log;
    }
  });
});
