/**
 * The learned methods of Section IV.B/D behind one interface, and their training on the loss (51):
 * weights are saved under data/weights/lhgnn/ (paper scale, committed) or the cache (other scales),
 * keyed by a hash of everything that determines them, and loaded instead of retrained when present.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { cacheDir, hashKey } from "../../core/cache";
import { currentScale } from "../../core/scale";
import { repoRoot } from "../../core/paths";
import { Rng } from "../../core/rng";
import { tf } from "../../tensor/backend";
import type { ComplexTensor } from "../../tensor/complex";
import { Trainer } from "../../train/trainer";
import { loadWeights, saveWeights } from "../../train/checkpoint";
import type { LhgnnConfig } from "../../systems/lhgnn/config";
import { makeDataset, type InputErrors } from "../../systems/lhgnn/data";
import type { SpebOperators } from "../../systems/lhgnn/metrics-tf";
import { LinkGnn, type GnnVariant } from "../../models/lhgnn/link-gnn";
import { NaiveCnn } from "../../models/lhgnn/naive-cnn";
import { channelScale, channelTensors, inputTensors, type BeamInputs } from "../../models/lhgnn/inputs";
import { lhgnnLoss } from "../../models/lhgnn/loss";

export type LearnedMethod = GnnVariant | "naive-cnn";
export const LEARNED_METHODS: LearnedMethod[] = ["lhgnn", "lhgnn-no-attention", "homo-gnn", "naive-cnn"];
export const METHOD_LABELS: Record<LearnedMethod | "srw", string> = {
  lhgnn: "LHGNN",
  "lhgnn-no-attention": "LHGNN w/o attention",
  "homo-gnn": "Homo GNN",
  "naive-cnn": "Naive CNN",
  srw: "SRW",
};

/** "auto": load when the weights file exists, else train and save; "fit": always train; "load": must exist. */
export type TrainMode = "auto" | "fit" | "load";

export interface BeamModel {
  variables: tf.Variable[];
  beams(x: BeamInputs, powerW: number): ComplexTensor;
}

export function buildModel(cfg: LhgnnConfig, method: LearnedMethod, rng: Rng): BeamModel {
  const dims = { N: cfg.system.bs.length, K: cfg.system.users, Z: cfg.system.targets.length, L: cfg.system.arrayShape[0] * cfg.system.arrayShape[1] };
  if (method === "naive-cnn") return new NaiveCnn(rng, dims, cfg.model);
  if (!["lhgnn", "lhgnn-no-attention", "homo-gnn"].includes(method)) throw new Error(`unknown method '${method}' (known: ${LEARNED_METHODS.join(", ")})`);
  return new LinkGnn(rng, dims, cfg.model, method);
}

export interface TrainSpec {
  method: LearnedMethod;
  powerDbm: number;
  /** SPEB threshold γ of every target [m²]. */
  gamma: number;
  errors: InputErrors;
}

export function weightsFile(cfg: LhgnnConfig, spec: TrainSpec): string {
  const key = { seed: cfg.seed, system: cfg.system, data: cfg.data, model: cfg.model, train: cfg.train, spec };
  const dir = currentScale() === "paper" ? path.join(repoRoot(), "data", "weights") : path.join(cacheDir(), "weights");
  const err = `${spec.errors.snrDb ?? "inf"}dB-${spec.errors.positionError ?? 0}m`;
  return path.join(dir, "lhgnn", `${spec.method}-${spec.powerDbm}dBm-${err}-${hashKey(key)}.json`);
}

export interface TrainedModel {
  model: BeamModel;
  /** Feature scale of the channels (from the training set). */
  hScale: number;
  file: string;
  loaded: boolean;
}

/** A trained model for `spec` (see TrainMode). */
export function trainedModel(cfg: LhgnnConfig, spec: TrainSpec, ops: SpebOperators, mode: TrainMode = "auto"): TrainedModel {
  const train = makeDataset(cfg, "train", cfg.data.trainSamples, spec.errors, "train");
  const hScale = channelScale(train);
  const model = buildModel(cfg, spec.method, new Rng(cfg.seed).child(`model-${spec.method}`));
  const file = weightsFile(cfg, spec);
  const label = `${METHOD_LABELS[spec.method]} at ${spec.powerDbm} dBm`;
  if (mode === "load" || (mode === "auto" && fs.existsSync(file))) {
    loadWeights(file, model.variables);
    console.log(`${label}: loaded ${path.relative(repoRoot(), file)}`);
    return { model, hScale, file, loaded: true };
  }
  const P = 10 ** (spec.powerDbm / 10) / 1000;
  const x = inputTensors(train, hScale), h = channelTensors(train);
  const t = cfg.train;
  const t0 = performance.now();
  new Trainer({ epochs: t.epochs, batchSize: t.batchSize, learningRate: t.learningRate, weightDecay: t.weightDecay, seed: `${cfg.seed}-${spec.method}`, logEvery: t.epochs >= 100 ? Math.round(t.epochs / 10) : 0 }).fit({
    variables: model.variables,
    data: { comm: x.comm, sens: x.sens, hr: h.re, hi: h.im },
    loss: (b, epoch) =>
      lhgnnLoss({ re: b.hr, im: b.hi }, model.beams({ comm: b.comm, sens: b.sens }, P), ops, {
        rho1: t.rho1PerEpoch * epoch,
        rho2: t.rho2PerEpoch * epoch,
        gamma: spec.gamma,
        rateFloor: t.rateFloor,
      }),
    checkpoint: `${file}.checkpoint`,
  });
  tf.dispose([x.comm, x.sens, h.re, h.im]);
  console.log(`${label}: trained ${t.epochs} epochs on ${train.size} samples in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  saveWeights(file, model.variables, { spec, hScale });
  return { model, hScale, file, loaded: false };
}
