/**
 * The reference GNN-like training step (issue 2, item 9), timed on the tfjs backend in use:
 * 256 graphs × 15 nodes, dense layers 32 → 256 → 128 → 32, after each layer the mean over a
 * graph's nodes is added back to every node, leaky ReLU (0.2) on hidden layers, mean-square
 * loss, Adam (lr 1e-3). scripts/bench/reference_step.py is the same step in PyTorch.
 *
 * Two variants: "stock" uses plain tfjs ops with tfjs's own gradients (what a user gets out of
 * the box); "fixed" uses the library's Dense layer (fused kernel, explicit-transpose gradient)
 * with the gradient fixes (lib/src/tensor/grad-fixes.ts).
 */
import { Rng } from "../core/rng";
import { tf } from "../tensor/backend";
import { setGradientFixes } from "../tensor/grad-fixes";
import { Dense } from "../nn/dense";
import { glorotUniform } from "../nn/init";
import { medianMs, profileStep, type KernelTime } from "./timing";

export const REF = { batch: 256, nodes: 15, sizes: [32, 256, 128, 32], alpha: 0.2, lr: 1e-3 };

type Forward = (x: tf.Tensor) => tf.Tensor;

function addNodeMean(z: tf.Tensor): tf.Tensor {
  return tf.add(z, tf.mean(z, 1, true));
}

/** Plain tfjs ops: matMul, add, leakyRelu, with the default gradients. */
function stockModel(rng: Rng): { forward: Forward; vars: tf.Variable[] } {
  const { sizes, alpha } = REF;
  const ws = sizes.slice(1).map((o, i) => tf.variable(glorotUniform(rng.child(i), sizes[i], o)));
  const bs = sizes.slice(1).map((o) => tf.variable(tf.zeros([o])));
  const forward: Forward = (x) => {
    let h = x;
    ws.forEach((w, i) => {
      const z = addNodeMean(tf.add(tf.matMul(h.reshape([-1, sizes[i]]), w).reshape([REF.batch, -1, sizes[i + 1]]), bs[i]));
      h = i < ws.length - 1 ? tf.leakyRelu(z, alpha) : z;
    });
    return h;
  };
  return { forward, vars: [...ws, ...bs] };
}

/**
 * The library's Dense layers. The node mean is added after the activation here (the fused kernel
 * applies bias and activation together); the cost is the same and so is the shape of the work.
 */
function libraryModel(rng: Rng): { forward: Forward; vars: tf.Variable[] } {
  const { sizes, alpha } = REF;
  const layers = sizes.slice(1).map(
    (o, i) => new Dense(rng.child(i), sizes[i], o, { activation: i < sizes.length - 2 ? "leakyrelu" : "linear", alpha }),
  );
  const forward: Forward = (x) => layers.reduce((h, l) => addNodeMean(l.apply(h)), x);
  return { forward, vars: layers.flatMap((l) => l.variables) };
}

export interface StepTiming {
  variant: "stock" | "fixed";
  trainStepMs: number;
  inferMsPerSample: number;
  /** Live tensors after the timed steps minus before: 0 when nothing leaks. */
  leakedTensors: number;
  peakRssMb: number;
  /** Peak tensor memory during one training step (MiB), tf.profile's peakBytes. */
  peakMb: number;
  /** Kernel times of one profiled training step. */
  kernels: KernelTime[];
}

/** Times one variant; `reps` timed repetitions after 3 warm-up ones. */
export async function timeReferenceStep(variant: "stock" | "fixed", reps = 20): Promise<StepTiming> {
  setGradientFixes(variant === "fixed" && tf.getBackend() !== "tensorflow");
  const rng = new Rng("reference-step");
  const model = variant === "stock" ? stockModel(rng) : libraryModel(rng);
  const x = tf.tensor3d(Float32Array.from(rng.child("x").normals(REF.batch * REF.nodes * REF.sizes[0])), [REF.batch, REF.nodes, REF.sizes[0]]);
  const y = tf.tensor3d(Float32Array.from(rng.child("y").normals(REF.batch * REF.nodes * REF.sizes.at(-1)!)), [REF.batch, REF.nodes, REF.sizes.at(-1)!]);
  const opt = tf.train.adam(REF.lr);
  const loss = () => tf.mean(tf.squaredDifference(model.forward(x), y)) as tf.Scalar;
  const step = () => {
    const cost = opt.minimize(loss, true, model.vars);
    cost?.dataSync();
    cost?.dispose();
  };
  step(); // creates Adam's slots, so the tensor count below is steady-state
  const before = tf.memory().numTensors;
  let peak = process.memoryUsage().rss;
  const trainStepMs = medianMs(() => {
    step();
    peak = Math.max(peak, process.memoryUsage().rss);
  }, reps);
  const leakedTensors = tf.memory().numTensors - before;
  const { peakMb, kernels } = await profileStep(step);
  // Nothing is returned from tidy: it walks a returned typed array element by element (258 ms here).
  const inferMs = medianMs(() => tf.tidy(() => void model.forward(x).dataSync()), reps);
  opt.dispose();
  tf.dispose([x, y, ...model.vars]);
  return { variant, trainStepMs, inferMsPerSample: inferMs / REF.batch, leakedTensors, peakRssMb: peak / 2 ** 20, peakMb, kernels };
}
