/**
 * One small training loop reused by every series: shuffled mini-batches drawn from tensors
 * whose first axis is the sample, Adam, optional cosine annealing, per-epoch progress, and an
 * optional validation metric with best-model keeping. Everything inside a step is tidied, so
 * the number of live tensors stays flat over epochs.
 */
import { Rng } from "../core/rng";
import { tf } from "../tensor/backend";

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

export interface FitArgs {
  variables: tf.Variable[];
  /** Mean loss of a batch (a scalar to minimise); `epoch` counts from 1 (for epoch-dependent weights). */
  loss: (batch: TensorBatch, epoch: number) => tf.Scalar;
  data: TensorBatch;
  /** Validation metric, lower is better (e.g. the loss on held-out data). */
  validate?: () => number;
  onEpoch?: (r: EpochRecord) => void;
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
    const opt = tf.train.adam(c.learningRate);
    const rng = new Rng(c.seed).child("shuffle");
    const history: EpochRecord[] = [];
    let best: { value: number; epoch: number; weights: tf.Tensor[] } | null = null;
    let step = 0;
    try {
      for (let epoch = 1; epoch <= c.epochs; epoch++) {
        const t0 = performance.now();
        const order = rng.permutation(n);
        let lossSum = 0;
        for (let s = 0; s < stepsPerEpoch; s++) {
          // tfjs's Adam reads its (protected) learningRate at every step.
          if (c.schedule === "cosine") (opt as unknown as { learningRate: number }).learningRate = (c.learningRate * (1 + Math.cos((Math.PI * step) / totalSteps))) / 2;
          const idx = order.slice(s * c.batchSize, (s + 1) * c.batchSize);
          const cost = tf.tidy(() => {
            const ii = tf.tensor1d(idx, "int32");
            const batch: TensorBatch = {};
            for (const [k, t] of Object.entries(args.data)) batch[k] = tf.gather(t, ii);
            const objective = (): tf.Scalar => {
              const l = args.loss(batch, epoch);
              if (!c.weightDecay) return l;
              const l2 = tf.addN(args.variables.map((v) => tf.sum(tf.square(v))));
              return tf.add(l, tf.mul(c.weightDecay / 2, l2)) as tf.Scalar;
            };
            return opt.minimize(objective, true, args.variables)!;
          });
          lossSum += cost.dataSync()[0] * idx.length;
          cost.dispose();
          step++;
        }
        const rec: EpochRecord = { epoch, loss: lossSum / n, seconds: (performance.now() - t0) / 1000 };
        if (!Number.isFinite(rec.loss)) throw new Error(`Trainer: loss became ${rec.loss} in epoch ${epoch}`);
        if (args.validate && (epoch % (c.validateEvery ?? 1) === 0 || epoch === c.epochs)) {
          rec.validation = args.validate();
          if (!best || rec.validation < best.value) {
            if (best) tf.dispose(best.weights);
            best = { value: rec.validation, epoch, weights: args.variables.map((v) => v.clone()) };
          }
        }
        history.push(rec);
        args.onEpoch?.(rec);
        if (c.logEvery && (epoch % c.logEvery === 0 || epoch === c.epochs)) {
          const v = rec.validation !== undefined ? `  validation ${rec.validation.toPrecision(5)}` : "";
          console.log(`epoch ${String(epoch).padStart(String(c.epochs).length)}/${c.epochs}  loss ${rec.loss.toPrecision(5)}${v}  (${rec.seconds.toFixed(2)} s)`);
        }
      }
      if (best) args.variables.forEach((v, i) => v.assign(best!.weights[i]));
      return { history, keptEpoch: best ? best.epoch : c.epochs };
    } finally {
      if (best) tf.dispose(best.weights);
      opt.dispose();
    }
  }
}
