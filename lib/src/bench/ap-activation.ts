/**
 * The HetGNN of paper 003 at Table II's largest size (M = 50 APs, K = 20 users, T = 4 SRs, 3
 * layers of [input–256–128] MLPs, batch 8): one Adam step on the semi-supervised loss (14) and
 * inference. scripts/bench/ap_activation.py is the same model and loss in PyTorch.
 */
import { Rng } from "../core/rng";
import { tf } from "../tensor/backend";
import { AP_ACTIVATION_PRESETS } from "../systems/ap-activation/config";
import { sampleInstance } from "../systems/ap-activation/scenario";
import { sharedConstants } from "../systems/ap-activation/metrics-tf";
import { disposeGraph, hetGraph } from "../models/ap-activation/graph";
import { HetGnn } from "../models/ap-activation/hetgnn";
import { semiSupervisedLoss } from "../models/ap-activation/loss";
import { Adam } from "../train/adam";
import { medianMs, profileStep } from "./timing";
import type { ModelTiming } from "./cellfree-gnn";

export async function timeApActivation(reps = 10): Promise<ModelTiming> {
  const cfg = AP_ACTIVATION_PRESETS.paper;
  const [B, M, K] = [8, 50, 20];
  const rng = new Rng("bench-ap-activation");
  const list = Array.from({ length: B }, (_, i) => sampleInstance(rng.child(i), { ...cfg.system, aps: M, users: K }));
  const g = hetGraph(list);
  const constants = sharedConstants(list);
  const labels = { power: tf.randomUniform([B, M, K], 0, 0.05), active: tf.cast(tf.greater(tf.randomUniform([B, M]), 0.6), "float32"), labelled: tf.ones([B]) };
  const model = new HetGnn(rng.child("model"), cfg.hetgnn);
  const opt = new Adam(model.variables);
  const step = () => opt.minimize(() => semiSupervisedLoss(g, model.apply(g), constants, labels, cfg.loss), cfg.train.learningRate).dispose();
  step();
  const before = tf.memory().numTensors;
  const trainStepMs = medianMs(step, reps);
  const leakedTensors = tf.memory().numTensors - before;
  const { peakMb, kernels } = await profileStep(step);
  const inferMs = medianMs(() => tf.tidy(() => void model.apply(g).power.dataSync()), reps);
  const parameters = model.variables.reduce((n, v) => n + v.size, 0);
  opt.dispose();
  disposeGraph(g);
  tf.dispose([...model.variables, labels.power, labels.active, labels.labelled]);
  return { trainStepMs, inferMsPerSample: inferMs / B, leakedTensors, parameters, peakMb, kernels };
}
