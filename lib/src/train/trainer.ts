/**
 * One small training loop reused by every series: shuffled mini-batches drawn from tensors
 * whose first axis is the sample, Adam, optional cosine annealing, per-epoch progress, and an
 * optional validation metric with best-model keeping. Everything inside a step is tidied, so
 * the number of live tensors stays flat over epochs. With a checkpoint file, a run that is
 * interrupted resumes from its last completed epoch and ends with the same weights as an
 * uninterrupted one (each epoch's shuffle depends only on the seed and the epoch).
 */
import { Rng } from "../core/rng";
import { EventEmitter } from "node:events";
import * as fs from "node:fs";
import { tf } from "../tensor/backend";
import { Adam } from "./adam";
import { assignStored, readWeights, saveWeights } from "./checkpoint";

/** Named tensors sharing their first axis (the sample axis). */
export type TensorBatch = Record<string, tf.Tensor>;

export interface TrainerConfig {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** "cosine": lr_t = lr · (1 + cos(π t / T)) / 2 over all steps (cosine annealing). */
  schedule?: "constant" | "cosine";
  /** Shuffling seed. */
  seed: number | string;
  /** Print progress every this many epochs (0: never). */
  logEvery?: number;
  /** Validate every this many epochs (needs `validate`). */
  validateEvery?: number;
  /**
   * L2 weight decay λ added to the loss as (λ/2)·Σ‖θ‖² over all variables, i.e. a gradient term λθ:
   * PyTorch's Adam(weight_decay = λ). The logged loss includes it.
   */
  weightDecay?: number;
}

export interface EpochRecord {
  epoch: number;
  loss: number;
  validation?: number;
  seconds: number;
}

/**
 * Emits "epoch" with each EpochRecord of every Trainer run in the process: a hook for progress
 * displays and for tests that watch a series' own training loop (e.g. live tensors per epoch).
 */
export const trainingEvents = new EventEmitter();

export interface FitArgs {
  variables: tf.Variable[];
  /** Mean loss of a batch (a scalar to minimise); `epoch` counts from 1 (for epoch-dependent weights). */
  loss: (batch: TensorBatch, epoch: number) => tf.Scalar;
  data: TensorBatch;
  /** Validation metric, lower is better (e.g. the loss on held-out data). */
  validate?: () => number;
  onEpoch?: (r: EpochRecord) => void;
  /**
   * Checkpoint file: the state (weights, Adam moments, history, best weights) is written there
   * at most every `checkpointSeconds` (default 60) and after the last epoch; a run finding it
   * resumes after its epoch. It is removed when the run completes.
   */
  checkpoint?: string;
  checkpointSeconds?: number;
}

export interface FitResult {
  history: EpochRecord[];
  /** Epoch whose weights the variables hold at the end (the best validated one, else the last). */
  keptEpoch: number;
}

function sampleCount(data: TensorBatch): number {
  const entries = Object.entries(data);
  if (!entries.length) throw new Error("Trainer: no data tensors given");
  const n = entries[0][1].shape[0];
  for (const [k, t] of entries) {
    if (t.shape[0] !== n) throw new Error(`Trainer: data '${k}' has ${t.shape[0]} samples, '${entries[0][0]}' has ${n}`);
  }
  return n;
}

export class Trainer {
  constructor(readonly config: TrainerConfig) {
    const c = config;
    if (!(c.epochs > 0 && c.batchSize > 0 && c.learningRate > 0)) {
      throw new Error(`Trainer: epochs, batchSize and learningRate must be positive (got ${c.epochs}, ${c.batchSize}, ${c.learningRate})`);
    }
    if (c.weightDecay !== undefined && !(c.weightDecay >= 0)) throw new Error(`Trainer: weightDecay must be ≥ 0 (got ${c.weightDecay})`);
  }

  fit(args: FitArgs): FitResult {
    const c = this.config;
    const n = sampleCount(args.data);
    const stepsPerEpoch = Math.ceil(n / c.batchSize);
    const totalSteps = stepsPerEpoch * c.epochs;
    const opt = new Adam(args.variables);
    const rng = new Rng(c.seed).child("shuffle");
    // Storage for the best validated weights is allocated up front, so live tensors stay constant.
    const run: RunState = { history: [], best: null, bestWeights: args.validate ? args.variables.map((v) => tf.variable(v, false)) : [] };
    const { logEvery: _cosmetic, ...settings } = c; // a checkpoint resumes under any progress printing
    const fingerprint = JSON.stringify({ config: settings, samples: n, shapes: args.variables.map((v) => v.shape) });
    if (args.checkpoint) resume(args.checkpoint, fingerprint, args.variables, opt, run);
    let lastSave = performance.now();
    try {
      for (let epoch = run.history.length + 1; epoch <= c.epochs; epoch++) {
        const t0 = performance.now();
        const order = rng.child(`epoch-${epoch}`).permutation(n);
        let lossSum = tf.scalar(0);
        for (let s = 0; s < stepsPerEpoch; s++) {
          const lr = c.schedule === "cosine" ? (c.learningRate * (1 + Math.cos((Math.PI * opt.step) / totalSteps))) / 2 : c.learningRate;
          const idx = order.slice(s * c.batchSize, (s + 1) * c.batchSize);
          const next = tf.tidy(() => {
            const ii = tf.tensor1d(idx, "int32");
            const batch: TensorBatch = {};
            for (const [k, t] of Object.entries(args.data)) batch[k] = tf.gather(t, ii);
            const objective = (): tf.Scalar => {
              const l = args.loss(batch, epoch);
              if (!c.weightDecay) return l;
              const l2 = tf.addN(args.variables.map((v) => tf.sum(tf.square(v))));
              return tf.add(l, tf.mul(c.weightDecay / 2, l2)) as tf.Scalar;
            };
            return lossSum.add(opt.minimize(objective, lr).mul(idx.length)) as tf.Scalar;
          });
          lossSum.dispose();
          lossSum = next;
        }
        const rec: EpochRecord = { epoch, loss: lossSum.dataSync()[0] / n, seconds: (performance.now() - t0) / 1000 };
        lossSum.dispose();
        if (!Number.isFinite(rec.loss)) throw new Error(`Trainer: loss became ${rec.loss} in epoch ${epoch}`);
        if (args.validate && (epoch % (c.validateEvery ?? 1) === 0 || epoch === c.epochs)) {
          rec.validation = args.validate();
          if (!run.best || rec.validation < run.best.value) {
            run.best = { value: rec.validation, epoch };
            run.bestWeights.forEach((w, i) => w.assign(args.variables[i]));
          }
        }
        run.history.push(rec);
        args.onEpoch?.(rec);
        trainingEvents.emit("epoch", rec);
        if (c.logEvery && (epoch % c.logEvery === 0 || epoch === c.epochs)) {
          const v = rec.validation !== undefined ? `  validation ${rec.validation.toPrecision(5)}` : "";
          console.log(`epoch ${String(epoch).padStart(String(c.epochs).length)}/${c.epochs}  loss ${rec.loss.toPrecision(5)}${v}  (${rec.seconds.toFixed(2)} s)`);
        }
        if (args.checkpoint && (epoch === c.epochs || performance.now() - lastSave >= 1000 * (args.checkpointSeconds ?? 60))) {
          save(args.checkpoint, fingerprint, args.variables, opt, run);
          lastSave = performance.now();
        }
      }
      if (run.best) args.variables.forEach((v, i) => v.assign(run.bestWeights[i]));
      if (args.checkpoint) fs.rmSync(args.checkpoint, { force: true });
      return { history: run.history, keptEpoch: run.best ? run.best.epoch : c.epochs };
    } finally {
      tf.dispose(run.bestWeights);
      opt.dispose();
    }
  }
}

interface RunState {
  history: EpochRecord[];
  best: { value: number; epoch: number } | null;
  /** The best validated weights (empty without validation). */
  bestWeights: tf.Variable[];
}

/** Writes variables, Adam's moments and the best weights, with the history as meta. */
function save(file: string, fingerprint: string, variables: tf.Variable[], opt: Adam, run: RunState): void {
  const tensors = [...variables, ...opt.m, ...opt.v, ...(run.best ? run.bestWeights : [])];
  saveWeights(file, tensors, { kind: "trainer-checkpoint", fingerprint, step: opt.step, history: run.history, best: run.best });
}

/** Restores a checkpoint written by `save` for the same run (same fingerprint); else starts afresh. */
function resume(file: string, fingerprint: string, variables: tf.Variable[], opt: Adam, run: RunState): void {
  if (!fs.existsSync(file)) return;
  const { meta, tensors } = readWeights(file);
  if (meta.kind !== "trainer-checkpoint" || meta.fingerprint !== fingerprint) {
    console.warn(`${file}: a checkpoint of another run (different settings or model); starting afresh`);
    return;
  }
  const k = variables.length;
  assignStored(file, tensors.slice(0, k), variables);
  assignStored(file, tensors.slice(k, 2 * k), opt.m);
  assignStored(file, tensors.slice(2 * k, 3 * k), opt.v);
  opt.step = meta.step as number;
  run.history = meta.history as EpochRecord[];
  run.best = meta.best as RunState["best"];
  if (run.best) assignStored(file, tensors.slice(3 * k), run.bestWeights);
  console.log(`resuming from ${file} after epoch ${run.history.length}`);
}
