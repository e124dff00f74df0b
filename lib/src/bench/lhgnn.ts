/**
 * The LHGNN with attention of paper 000 at the paper's sizes (N = 3 BSs with 4×4 UPAs, K = 5
 * users, Z = 1 target, U = 9 GNN layers of output sizes [2L, 128, 128, 128, 256, 512, 256, 128, 2L], one FC hidden
 * layer, batch 100): one Adam step and inference. The loss here is the negative sum rate (4) only
 * (the SPEB term of (51) is left out on both sides, so the twin needs no Fisher-information code);
 * scripts/bench/lhgnn.py is the same model and loss in PyTorch.
 */
import { Rng } from "../core/rng";
import { tf } from "../tensor/backend";
import { Adam } from "../train/adam";
import { LHGNN_PRESETS } from "../systems/lhgnn/config";
import { userRatesTf } from "../systems/lhgnn/metrics-tf";
import { LinkGnn } from "../models/lhgnn/link-gnn";
import { medianMs, profileStep } from "./timing";
import type { ModelTiming } from "./cellfree-gnn";

export async function timeLhgnn(reps = 5): Promise<ModelTiming> {
  const cfg = LHGNN_PRESETS.paper, B = cfg.train.batchSize;
  const dims = { N: cfg.system.bs.length, K: cfg.system.users, Z: cfg.system.targets.length, L: cfg.system.arrayShape[0] * cfg.system.arrayShape[1] };
  const { N, K, Z, L } = dims;
  const rng = new Rng("bench-lhgnn");
  const model = new LinkGnn(rng.child("model"), dims, cfg.model, "lhgnn");
  const normal = (shape: number[], r: Rng) => tf.tensor(Float32Array.from(r.normals(shape.reduce((a, b) => a * b, 1))), shape);
  const x = { comm: normal([B, N, K, 2 * L], rng.child("comm")), sens: normal([B, N, Z, 2 * L], rng.child("sens")) };
  const h = { re: normal([B, N, K, L], rng.child("hr")), im: normal([B, N, K, L], rng.child("hi")) };
  const P = 0.1;
  const opt = new Adam(model.variables);
  const step = () => opt.minimize(() => tf.neg(tf.mean(tf.sum(userRatesTf(h, model.beams(x, P), Z), -1))) as tf.Scalar, cfg.train.learningRate).dispose();
  step();
  const before = tf.memory().numTensors;
  const trainStepMs = medianMs(step, reps);
  const leakedTensors = tf.memory().numTensors - before;
  const { peakMb, kernels } = await profileStep(step);
  const inferMs = medianMs(() => tf.tidy(() => void model.beams(x, P).re.dataSync()), reps);
  const parameters = model.variables.reduce((n, v) => n + v.size, 0);
  opt.dispose();
  tf.dispose([...model.variables, x.comm, x.sens, h.re, h.im]);
  return { trainStepMs, inferMsPerSample: inferMs / B, leakedTensors, parameters, peakMb, kernels };
}
