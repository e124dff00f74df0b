/**
 * Settings of paper 000 (Lian et al., link-heterogeneous GNN for cooperative localisation and
 * communication), Section IV.A, as typed presets. Values the paper leaves open are marked "ours".
 */
import type { Presets } from "../../core/config";

export type Vec3 = [number, number, number];

export interface SystemConfig {
  /** O1 base-station ids (BS 1–3 at [236, 390, 6], [288, 390, 6], [236, 490, 6] m). */
  bs: number[];
  /** UPA [horizontal, vertical] elements, L = product (paper: 4 × 4). */
  arrayShape: [number, number];
  /** Element spacing [wavelengths] (ours: 0.5). */
  spacing: number;
  /** Single-antenna users K. */
  users: number;
  /** Target positions t_z [m] (paper: one target at [244, 456, 22]). */
  targets: Vec3[];
  /** Carrier frequency [GHz]. */
  carrierGHz: number;
  /** Noise power σ² of users and BS receivers [dBm] (ours: −174 dBm/Hz + 100 MHz + 7 dB NF). */
  noiseDbm: number;
  /** Snapshots T of the sensing echo per estimate (ours: 10⁶, a 10 ms interval at 100 MHz). */
  snapshots: number;
  /** Target radar cross-section [m²] for the bistatic reflection coefficients α_{m,n} (ours: 10, a car). */
  rcs: number;
}

export interface DataConfig {
  /** Training samples I_T and test samples (each sample: K users drawn from the O1-like grid). */
  trainSamples: number;
  testSamples: number;
  /** User rows of the O1-like grid (1-based, 0.2 m apart); train rows and test rows interleave. */
  rows: [number, number];
  /** Grid subsampling: every colStep-th user of a row; train uses rows r0, r0+2·rowStep, …, test the rows in between. */
  rowStep: number;
  colStep: number;
}

export interface ModelConfig {
  /** Output sizes of the U GNN hidden layers; the input size is 2L (paper: [2L, 128, 128, 128, 256, 512, 256, 128, 2L]). */
  gnnDims: number[];
  /** Hidden sizes of the U' = 2 fully connected layers before the output (ours: one hidden layer). */
  fcHidden: number[];
  /** Naive CNN: channels of its 3×3 convolutions and its fully connected hidden size (ours). */
  cnnChannels: number[];
  cnnHidden: number;
  /** Leaky-ReLU slope of f¹, f² (ours). */
  alpha: number;
}

export interface TrainConfig {
  epochs: number;
  batchSize: number;
  learningRate: number;
  weightDecay: number;
  /** ρ1 = rho1PerEpoch · epoch, ρ2 = rho2PerEpoch · epoch (paper: 0.8, 0.5). */
  rho1PerEpoch: number;
  rho2PerEpoch: number;
  /** Per-user rate floor r of (51c) [bit/s/Hz] (paper: 0.05). */
  rateFloor: number;
}

export interface SrwConfig {
  /** γ = slack · SPEB of the all-sensing beams toward the targets (ours: "a strict constraint"). */
  spebSlack: number;
  maxIterations: number;
  /** Stop when the sum rate improves by less than this fraction. */
  tolerance: number;
  /** Test samples SRW is run on (it is the slow method). */
  samples: number;
}

export interface RobustnessConfig {
  /** Per-BS power of Figs. 9–10 [dBm]. */
  powerDbm: number;
  /** Fig. 9: channel-estimation SNRs [dB] at the position error fixedPositionError. */
  snrsDb: number[];
  fixedPositionError: number;
  /** Fig. 10: position errors a (each axis uniform in ±[a, a+1) m) at SNR fixedSnrDb. */
  positionErrors: number[];
  fixedSnrDb: number;
}

export interface LhgnnConfig {
  seed: number;
  system: SystemConfig;
  data: DataConfig;
  /** Per-BS powers P_n of Figs. 7–8 [dBm]. */
  powersDbm: number[];
  model: ModelConfig;
  train: TrainConfig;
  srw: SrwConfig;
  robustness: RobustnessConfig;
}

const paperSystem: SystemConfig = {
  bs: [1, 2, 3],
  arrayShape: [4, 4],
  spacing: 0.5,
  users: 5,
  targets: [[244, 456, 22]],
  carrierGHz: 28,
  noiseDbm: -87,
  snapshots: 1e6,
  rcs: 10,
};

export const LHGNN_PRESETS: Presets<LhgnnConfig> = {
  paper: {
    seed: 2025,
    system: paperSystem,
    data: { trainSamples: 4000, testSamples: 500, rows: [401, 1001], rowStep: 5, colStep: 5 },
    powersDbm: [0, 5, 10, 15, 20, 25, 30],
    model: { gnnDims: [32, 128, 128, 128, 256, 512, 256, 128, 32], fcHidden: [128], cnnChannels: [64, 64], cnnHidden: 512, alpha: 0.1 },
    train: { epochs: 800, batchSize: 100, learningRate: 2e-4, weightDecay: 5e-4, rho1PerEpoch: 0.8, rho2PerEpoch: 0.5, rateFloor: 0.05 },
    srw: { spebSlack: 2, maxIterations: 30, tolerance: 1e-3, samples: 50 },
    robustness: { powerDbm: 20, snrsDb: [0, 5, 10, 15, 20, 25, 30], fixedPositionError: 2, positionErrors: [0, 1, 2, 3, 4, 5, 6], fixedSnrDb: 20 },
  },
  quick: {
    seed: 2025,
    system: { ...paperSystem, arrayShape: [2, 2], users: 3 },
    data: { trainSamples: 128, testSamples: 64, rows: [401, 1001], rowStep: 5, colStep: 5 },
    powersDbm: [10, 20, 30],
    model: { gnnDims: [8, 16, 8], fcHidden: [16], cnnChannels: [16], cnnHidden: 64, alpha: 0.1 },
    // ρ grows per epoch 40× faster than the paper's, so that after 20 epochs it reaches the paper's value at epoch 800.
    train: { epochs: 20, batchSize: 64, learningRate: 3e-3, weightDecay: 5e-4, rho1PerEpoch: 32, rho2PerEpoch: 20, rateFloor: 0.05 },
    srw: { spebSlack: 2, maxIterations: 8, tolerance: 1e-3, samples: 6 },
    robustness: { powerDbm: 20, snrsDb: [0, 20], fixedPositionError: 2, positionErrors: [0, 4], fixedSnrDb: 20 },
  },
};
