/**
 * The GNN module of paper 001 (Table I) at the paper's sizes (M = 10, L = 2 users, K = 3 targets,
 * hidden 128/64, 2 updating layers, N = 180 grid, batch 100): one Adam step on the loss (25) and
 * inference. scripts/bench/gnn_ip.py is the same model and loss in PyTorch.
 */
import { Rng } from "../core/rng";
import { tf } from "../tensor/backend";
import { Adam } from "../train/adam";
import { GNN_IP_PRESETS } from "../systems/gnn-ip/config";
import { sampleChannels, steeringMatrix } from "../systems/gnn-ip/system";
import { channelTensors, disposeSystemTensors, lossTf, systemTensors, targetFeatures } from "../systems/gnn-ip/metrics-tf";
import { IsacGnn } from "../models/gnn-ip/gnn";
import { medianMs, profileStep } from "./timing";
import type { ModelTiming } from "./cellfree-gnn";

export async function timeGnnIp(reps = 20): Promise<ModelTiming> {
  const cfg = GNN_IP_PRESETS.paper, sys = cfg.system, B = cfg.train.batchSize;
  const rng = new Rng("bench-gnn-ip");
  const model = new IsacGnn(rng.child("model"), sys.antennas, cfg.gnn);
  const h = channelTensors(sampleChannels(sys, B, rng.child("batch")), sys);
  const targets = targetFeatures(steeringMatrix(sys.antennas, sys.targetsDeg));
  const st = systemTensors(sys);
  const opt = new Adam(model.variables);
  const loss = () => {
    const b = model.beams(h, targets, sys.power);
    return lossTf(h, b.c, b.s, st, cfg.train.mu);
  };
  const step = () => opt.minimize(loss, cfg.train.gnnLearningRate).dispose();
  step();
  const before = tf.memory().numTensors;
  const trainStepMs = medianMs(step, reps);
  const leakedTensors = tf.memory().numTensors - before;
  const { peakMb, kernels } = await profileStep(step);
  const inferMs = medianMs(() => tf.tidy(() => void model.beams(h, targets, sys.power).c.re.dataSync()), reps);
  const parameters = model.variables.reduce((n, v) => n + v.size, 0);
  opt.dispose();
  tf.dispose([...model.variables, h.re, h.im, targets]);
  disposeSystemTensors(st);
  return { trainStepMs, inferMsPerSample: inferMs / B, leakedTensors, parameters, peakMb, kernels };
}
