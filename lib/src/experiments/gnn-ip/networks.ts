/**
 * Training and inference of paper 001's learned models: the GNN module and the DNN of Benchmark 3,
 * trained unsupervised on the loss (25) (Adam, validation every few epochs, best model kept,
 * §IV.B; optionally on phase-rotated channels, see TrainConfig.gnnPhaseAugmentation), with weights
 * stored by config hash — committed under data/weights/gnn-ip/ at paper scale and loaded when
 * present, in the disk cache otherwise — and their batched inference.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { cacheDir, hashKey } from "../../core/cache";
import { cmat } from "../../core/linalg";
import { repoRoot } from "../../core/paths";
import { Rng } from "../../core/rng";
import { currentScale } from "../../core/scale";
import { tf } from "../../tensor/backend";
import { Trainer } from "../../train/trainer";
import { loadWeights, saveWeights } from "../../train/checkpoint";
import type { GnnIpConfig, SystemConfig } from "../../systems/gnn-ip/config";
import type { Beams } from "../../systems/gnn-ip/metrics";
import { channelTensors, lossTf, rotateUserPhases, systemTensors, targetFeatures, disposeSystemTensors } from "../../systems/gnn-ip/metrics-tf";
import { sampleChannels, steeringMatrix, type ChannelSet } from "../../systems/gnn-ip/system";
import { IsacGnn } from "../../models/gnn-ip/gnn";
import { IsacDnn } from "../../models/gnn-ip/dnn";
import type { BeamTensors } from "../../models/gnn-ip/normalisation";

export type TrainMode = "auto" | "fit" | "load";
export type NetworkKind = "gnn" | "dnn";
export type Network = IsacGnn | IsacDnn;

/** What determines a trained network: its kind, architecture, the system it was trained for, training settings. */
function weightsKey(cfg: GnnIpConfig, kind: NetworkKind, sys: SystemConfig) {
  const { gnnSchedule, gnnPhaseAugmentation, ...shared } = cfg.train; // the DNN does not use the GNN-only settings
  return { kind, seed: cfg.seed, system: sys, net: kind === "gnn" ? cfg.gnn : cfg.dnn, train: kind === "gnn" ? cfg.train : shared };
}

/** Paper-scale weights live in data/weights/gnn-ip/ (committed); other scales in the cache. */
export function weightsFile(cfg: GnnIpConfig, kind: NetworkKind, sys: SystemConfig): string {
  const dir = currentScale() === "paper" ? path.join(repoRoot(), "data", "weights") : path.join(cacheDir(), "weights");
  const tag = `${kind}-L${sys.users}-G${sys.sinrDb}dB-N${sys.gridPoints}`;
  return path.join(dir, "gnn-ip", `${tag}-${hashKey(weightsKey(cfg, kind, sys))}.json`);
}

/**
 * Every network that the figures and tables of experiments.ts load, once each: GNN and DNN per
 * target set (Figs. 6–7), per Γ₀ (Fig. 8, Fig. 10, Table III) and per L (Fig. 9, Fig. 11), the GNN
 * per grid size N (Table II), and the GNN per L trained for Γ₀ − trainingMarginDb (user sweep).
 */
export function sweepNetworks(cfg: GnnIpConfig): Array<{ kind: NetworkKind; sys: SystemConfig; file: string }> {
  const s = cfg.system, w = cfg.sweep;
  const both = (sys: SystemConfig) => (["gnn", "dnn"] as const).map((kind) => ({ kind, sys }));
  const all = [
    ...w.targetSets.flatMap((targetsDeg) => both({ ...s, targetsDeg })),
    ...w.sinrDb.flatMap((sinrDb) => both({ ...s, sinrDb })),
    ...w.users.flatMap((users) => both({ ...s, users })),
    ...w.gridPoints.map((gridPoints) => ({ kind: "gnn" as const, sys: { ...s, gridPoints } })),
    ...(w.trainingMarginDb ? w.users.map((users) => ({ kind: "gnn" as const, sys: { ...s, users, sinrDb: s.sinrDb - w.trainingMarginDb } })) : []),
  ].map((n) => ({ ...n, file: weightsFile(cfg, n.kind, n.sys) }));
  return all.filter((n, i) => all.findIndex((m) => m.file === n.file) === i);
}

function build(cfg: GnnIpConfig, kind: NetworkKind, sys: SystemConfig): Network {
  const rng = new Rng(cfg.seed).child(`${kind}-model`);
  return kind === "gnn" ? new IsacGnn(rng, sys.antennas, cfg.gnn) : new IsacDnn(rng, sys.antennas, sys.users, sys.targetsDeg.length, cfg.dnn);
}

/**
 * A network for the system `sys`: loaded from its weights file ("load", or "auto" when the file
 * exists), else trained on `cfg.train.trainSamples` drops and saved.
 */
export function trainedNetwork(cfg: GnnIpConfig, kind: NetworkKind, sys: SystemConfig, mode: TrainMode = "auto"): Network {
  const net = build(cfg, kind, sys);
  const file = weightsFile(cfg, kind, sys);
  const tag = `${kind.toUpperCase()} (L = ${sys.users}, Γ₀ = ${sys.sinrDb} dB, N = ${sys.gridPoints})`;
  if (mode === "load" || (mode === "auto" && fs.existsSync(file))) {
    loadWeights(file, net.variables);
    console.log(`${tag}: loaded ${path.relative(repoRoot(), file)}`);
    return net;
  }
  const rng = new Rng(cfg.seed).child(`data-L${sys.users}`);
  const t = cfg.train;
  const train = channelTensors(sampleChannels(sys, t.trainSamples, rng.child("train")), sys);
  const valid = channelTensors(sampleChannels(sys, t.validSamples, rng.child("validation")), sys);
  const st = systemTensors(sys);
  const targets = targetFeatures(steeringMatrix(sys.antennas, sys.targetsDeg));
  const loss = (h: { re: tf.Tensor; im: tf.Tensor }) => {
    const b = net.beams(h, targets, sys.power);
    return lossTf(h, b.c, b.s, st, t.mu);
  };
  // Phases of the augmentation: a stream per epoch, so a run resumed from its checkpoint draws the same ones.
  let phases: { epoch: number; rng: Rng } | null = null;
  const augmented = (b: { re: tf.Tensor; im: tf.Tensor }, epoch: number) => {
    if (kind !== "gnn" || !t.gnnPhaseAugmentation) return b;
    if (phases?.epoch !== epoch) phases = { epoch, rng: rng.child(`phases-${kind}-epoch-${epoch}`) };
    const [B, L] = b.re.shape, draw = phases.rng;
    return rotateUserPhases(b, Float32Array.from({ length: B * L }, () => 2 * Math.PI * draw.uniform()));
  };
  console.log(`${tag}: training on ${t.trainSamples} samples for ${t.epochs} epochs`);
  const lr = kind === "gnn" ? t.gnnLearningRate : t.dnnLearningRate;
  const { keptEpoch } = new Trainer({
    epochs: t.epochs,
    batchSize: t.batchSize,
    learningRate: lr,
    schedule: kind === "gnn" ? t.gnnSchedule : "constant",
    seed: `${cfg.seed}-${kind}`,
    validateEvery: t.validateEvery,
    logEvery: Math.max(1, Math.round(t.epochs / 5)),
  }).fit({
    variables: net.variables,
    data: { re: train.re, im: train.im },
    loss: (b, epoch) => loss(augmented({ re: b.re, im: b.im }, epoch)),
    validate: () => tf.tidy(() => loss(valid).dataSync()[0]),
    checkpoint: `${file}.checkpoint`,
  });
  console.log(`${tag}: kept the weights of epoch ${keptEpoch}`);
  tf.dispose([train.re, train.im, valid.re, valid.im, targets]);
  disposeSystemTensors(st);
  saveWeights(file, net.variables, { kind, keptEpoch, key: weightsKey(cfg, kind, sys) });
  return net;
}

/** Beams of a network on a channel set, per sample, and the batched inference time per sample [s]. */
export function networkBeams(net: Network, set: ChannelSet, sys: SystemConfig): { beams: Beams[]; secondsPerSample: number } {
  const M = sys.antennas, L = set.users;
  const h = channelTensors(set, sys);
  const targets = targetFeatures(steeringMatrix(M, sys.targetsDeg));
  const run = (): tf.Tensor[] =>
    tf.tidy(() => {
      const b: BeamTensors = net.beams(h, targets, sys.power);
      return [b.c.re, b.c.im, b.s.re, b.s.im];
    });
  tf.dispose(run()); // warm-up (kernel set-up)
  const t0 = performance.now();
  const out = run();
  const [cr, ci, sr, si] = out.map((x) => x.dataSync() as Float32Array);
  const seconds = (performance.now() - t0) / 1000;
  tf.dispose([...out, h.re, h.im, targets]);
  const beams = Array.from({ length: set.size }, (_, b) => ({
    c: cmat(M, L, cr.subarray(b * M * L, (b + 1) * M * L), ci.subarray(b * M * L, (b + 1) * M * L)),
    s: cmat(M, M, sr.subarray(b * M * M, (b + 1) * M * M), si.subarray(b * M * M, (b + 1) * M * M)),
  }));
  return { beams, secondsPerSample: seconds / set.size };
}
