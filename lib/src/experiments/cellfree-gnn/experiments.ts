/**
 * Experiments of paper 002, each returning a DataFrame for one figure: training the edge GNN for a
 * sensing weight β_s (weights cached under data/weights/cellfree-gnn/ by config hash), Fig. 3's
 * communication–sensing trade-off, and Fig. 4's AP-scaling test.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import pl from "nodejs-polars";
import { cacheDir, hashKey } from "../../core/cache";
import { currentScale } from "../../core/scale";
import { repoRoot } from "../../core/paths";
import { Rng } from "../../core/rng";
import { tf } from "../../tensor/backend";
import { Trainer } from "../../train/trainer";
import { loadWeights, saveWeights } from "../../train/checkpoint";
import type { CellFreeConfig, SystemConfig } from "../../systems/cellfree-gnn/config";
import { metrics, sampleBatch, type CellFreeBatch, type Complex32 } from "../../systems/cellfree-gnn/system";
import { batchTensors, objectiveTf } from "../../systems/cellfree-gnn/metrics-tf";
import { conjugateCommunication, conjugateSensing } from "../../baselines/cellfree-gnn/conjugate";
import { wmmse } from "../../baselines/cellfree-gnn/wmmse";
import { CellFreeEdgeGnn } from "../../models/cellfree-gnn/edge-gnn";

export type TrainMode = "auto" | "fit" | "load";

const apPower = (s: SystemConfig) => s.totalPower / s.aps;
const toDb = (x: number) => 10 * Math.log10(x);

/** Paper-scale weights are committed under data/weights/cellfree-gnn/; others go to the cache. */
export function weightsFile(cfg: CellFreeConfig, betaS: number): string {
  const key = { seed: cfg.seed, system: cfg.system, gnn: cfg.gnn, train: cfg.train, betaS };
  const dir = currentScale() === "paper" ? path.join(repoRoot(), "data", "weights") : path.join(cacheDir(), "weights");
  return path.join(dir, "cellfree-gnn", `beta-${betaS}-${hashKey(key)}.json`);
}

/**
 * A model for sensing weight β_s: loaded from its weights file ("load", or "auto" when the file
 * exists), else trained unsupervised on −(8a) (Adam, cosine annealing) and saved.
 */
export function trainedModel(cfg: CellFreeConfig, betaS: number, mode: TrainMode = "auto"): CellFreeEdgeGnn {
  const rng = new Rng(cfg.seed);
  const model = new CellFreeEdgeGnn(rng.child("model"), cfg.system.antennas, cfg.gnn);
  const file = weightsFile(cfg, betaS);
  if (mode === "load" || (mode === "auto" && fs.existsSync(file))) {
    loadWeights(file, model.variables);
    console.log(`β_s = ${betaS}: loaded ${path.relative(repoRoot(), file)}`);
    return model;
  }
  const train = batchTensors(sampleBatch(cfg.system, cfg.train.trainSamples, rng.child("train")));
  const valid = batchTensors(sampleBatch(cfg.system, Math.min(512, cfg.train.testSamples), rng.child("validation")));
  const P = apPower(cfg.system), noise = cfg.system.noise;
  console.log(`β_s = ${betaS}: training on ${cfg.train.trainSamples} samples for ${cfg.train.epochs} epochs`);
  new Trainer({ ...cfg.train, schedule: "cosine", seed: `${cfg.seed}-${betaS}`, logEvery: 1 }).fit({
    variables: model.variables,
    data: { hr: train.h.re, hi: train.h.im, ar: train.a.re, ai: train.a.im, w: train.sensingWeight },
    loss: (b) => {
      const t = { h: { re: b.hr, im: b.hi }, a: { re: b.ar, im: b.ai }, sensingWeight: b.w };
      return tf.neg(objectiveTf(t, model.beams(t, P), noise, betaS));
    },
    validate: () => tf.tidy(() => -objectiveTf(valid, model.beams(valid, P), noise, betaS).dataSync()[0]),
    checkpoint: `${file}.checkpoint`,
  });
  tf.dispose([train.h.re, train.h.im, train.a.re, train.a.im, train.sensingWeight]);
  saveWeights(file, model.variables, { betaS, config: cfg });
  return model;
}

/** Mean sum rate [bit/s/Hz] and mean sensing SNR [dB of the mean linear SNR] of beams on a batch. */
function summarise(batch: CellFreeBatch, F: Complex32, noise: number) {
  const m = metrics(batch, F, noise);
  const mean = (x: Float64Array) => x.reduce((a, b) => a + b, 0) / x.length;
  return { sumRate: mean(m.sumRate), sensingSnrDb: toDb(mean(m.sensingSnr)) };
}

/** Beams of a model on a batch, as arrays. */
export function modelBeams(model: CellFreeEdgeGnn, batch: CellFreeBatch, sys: SystemConfig): Complex32 {
  return tf.tidy(() => {
    const t = batchTensors(batch);
    const F = model.beams(t, apPower(sys));
    return { re: F.re.dataSync() as Float32Array, im: F.im.dataSync() as Float32Array };
  });
}

/**
 * Fig. 3: networks trained with U and M of the config for each β_s, and the three baselines
 * (WMMSE and conjugate beamforming for communication, conjugate beamforming for sensing).
 */
export function tradeoff(cfg: CellFreeConfig, mode: TrainMode = "auto"): pl.DataFrame {
  const sys = cfg.system, P = apPower(sys);
  const test = sampleBatch(sys, cfg.train.testSamples, new Rng(cfg.seed).child("test"));
  const rows: Array<{ method: string; beta_s: number | null; sum_rate: number; sensing_snr_db: number }> = [];
  for (const beta of cfg.sensingWeights) {
    const model = trainedModel(cfg, beta, mode);
    rows.push({ method: "GNN", beta_s: beta, ...renamed(summarise(test, modelBeams(model, test, sys), sys.noise)) });
    tf.dispose(model.variables);
  }
  console.log(`WMMSE on ${test.size} test samples…`);
  rows.push({ method: "WMMSE (comm.)", beta_s: null, ...renamed(summarise(test, wmmse(test, P, sys.noise).beams, sys.noise)) });
  rows.push({ method: "CB (comm.)", beta_s: null, ...renamed(summarise(test, conjugateCommunication(test, P), sys.noise)) });
  rows.push({ method: "CB (sensing)", beta_s: null, ...renamed(summarise(test, conjugateSensing(test, P), sys.noise)) });
  return pl.DataFrame(rows);
}

function renamed(s: { sumRate: number; sensingSnrDb: number }) {
  return { sum_rate: s.sumRate, sensing_snr_db: s.sensingSnrDb };
}

/**
 * Fig. 4 and the user-scaling experiment: the networks trained at the config's M and U (for each
 * β_s given) tested on other numbers of APs or users without retraining (each AP keeps
 * P_m = totalPower / M), against WMMSE at each size.
 */
export function scaling(cfg: CellFreeConfig, axis: "aps" | "users", counts: number[], betas: number[], mode: TrainMode = "auto"): pl.DataFrame {
  const rows: Array<{ aps: number; users: number; method: string; sum_rate: number; sensing_snr_db: number }> = [];
  const models = betas.map((b) => ({ beta: b, model: trainedModel(cfg, b, mode) }));
  for (const n of counts) {
    const sys = { ...cfg.system, [axis]: n };
    const test = sampleBatch(sys, cfg.train.testSamples, new Rng(cfg.seed).child(`test-${axis}-${n}`));
    const at = { aps: sys.aps, users: sys.users };
    for (const { beta, model } of models) rows.push({ ...at, method: `GNN, β_s = ${beta}`, ...renamed(summarise(test, modelBeams(model, test, sys), sys.noise)) });
    rows.push({ ...at, method: "WMMSE (comm.)", ...renamed(summarise(test, wmmse(test, apPower(sys), sys.noise).beams, sys.noise)) });
    console.log(`${axis} = ${n} done`);
  }
  for (const { model } of models) tf.dispose(model.variables);
  return pl.DataFrame(rows);
}
