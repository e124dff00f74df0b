/**
 * The cell-free edge GNN of paper 002 at the paper's sizes (M = 5, U = 2, Nt = 8, 4 layers of
 * 256, batch 256, β_s = 2): one Adam step on −(8a) and inference. scripts/bench/cellfree_gnn.py is
 * the same model and loss in PyTorch.
 */
import { Rng } from "../core/rng";
import { tf } from "../tensor/backend";
import { CELLFREE_PRESETS } from "../systems/cellfree-gnn/config";
import { sampleBatch } from "../systems/cellfree-gnn/system";
import { batchTensors, objectiveTf } from "../systems/cellfree-gnn/metrics-tf";
import { CellFreeEdgeGnn } from "../models/cellfree-gnn/edge-gnn";
import { Adam } from "../train/adam";
import { medianMs, profileStep, type KernelTime } from "./timing";

/** One model's benchmark: Adam step and inference time, tensors left per step, parameter count. */
export interface ModelTiming {
  trainStepMs: number;
  inferMsPerSample: number;
  leakedTensors: number;
  parameters: number;
  /** Peak tensor memory during one training step (MiB; weights, Adam state and inputs included). */
  peakMb: number;
  /** Kernel times of one profiled training step. */
  kernels: KernelTime[];
}

export async function timeCellFreeGnn(reps = 10): Promise<ModelTiming> {
  const cfg = CELLFREE_PRESETS.paper;
  const B = cfg.train.batchSize, P = cfg.system.totalPower / cfg.system.aps;
  const rng = new Rng("bench-cellfree");
  const model = new CellFreeEdgeGnn(rng.child("model"), cfg.system.antennas, cfg.gnn);
  const t = batchTensors(sampleBatch(cfg.system, B, rng.child("batch")));
  const opt = new Adam(model.variables);
  const step = () => opt.minimize(() => tf.neg(objectiveTf(t, model.beams(t, P), cfg.system.noise, 2)), cfg.train.learningRate).dispose();
  step();
  const before = tf.memory().numTensors;
  const trainStepMs = medianMs(step, reps);
  const leakedTensors = tf.memory().numTensors - before;
  const { peakMb, kernels } = await profileStep(step);
  const inferMs = medianMs(() => tf.tidy(() => void model.beams(t, P).re.dataSync()), reps);
  const parameters = model.variables.reduce((n, v) => n + v.size, 0);
  opt.dispose();
  tf.dispose([...model.variables, t.h.re, t.h.im, t.a.re, t.a.im, t.sensingWeight]);
  return { trainStepMs, inferMsPerSample: inferMs / B, leakedTensors, parameters, peakMb, kernels };
}
