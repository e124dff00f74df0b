/**
 * Settings of paper 003 (Tung et al., joint AP activation and power allocation for cell-free
 * massive MIMO ISAC), Section IV and Table I. Quantities the paper leaves open are marked "choice".
 */
import type { Presets } from "../../core/config";

export interface ApActivationSystem {
  /** APs M, users K, sensing receivers T (choice: T = 4). */
  aps: number;
  users: number;
  receivers: number;
  /** Disc diameter D [m]; the target sits at the centre. */
  diameter: number;
  bandwidthHz: number;
  carrierHz: number;
  /** Noise power density n₀ [dBm/Hz]. */
  noiseDensityDbmHz: number;
  /** Receiver noise figure [dB] (choice: 9 dB, as in the cell-free literature the paper cites [14]). */
  noiseFigureDb: number;
  /** Path loss −120.9 − 37.6 log₁₀(d) [dB] with d in km (choice: km; metres would give −211 dB at 250 m). */
  pathLossConstDb: number;
  pathLossExponent: number;
  /** Log-normal shadowing standard deviation [dB]. */
  shadowingDb: number;
  /**
   * Distances below this are clamped [m] (choice: 50 m, the breakpoint d₁ of the three-slope model of
   * [14]; §IV's single slope would otherwise give path gains up to −46 dB at 10 m, 66 dB of SNR).
   */
  minDistance: number;
  /** Pilot length τ_p [samples] and pilot power ρ_p [W]. */
  pilotLength: number;
  pilotPower: number;
  /** "orthogonal" needs K ≤ τ_p (the paper's cases); "random" draws each user's pilot from τ_p orthogonal ones. */
  pilots: "orthogonal" | "random";
  /** Per-AP downlink power budget ρ_DL [W]. */
  downlinkPower: number;
  /** Circuit power of one active AP P_cir [W]. */
  circuitPower: number;
  /** SINR threshold γ_thr [dB]. */
  sinrThresholdDb: number;
  /** CRLB threshold ν [m²]. */
  nu: number;
  /** Target radar cross-section [m²] (choice: 10 m², a car) with Swerling-I fluctuation of χ_mt. */
  rcs: number;
  /** Samples integrated by each SR for localisation (choice; processing gain of the cross-ambiguity function). */
  sensingSamples: number;
}

export const PAPER_SYSTEM: ApActivationSystem = {
  aps: 50,
  users: 20,
  receivers: 4,
  diameter: 500,
  bandwidthHz: 20e6,
  carrierHz: 1.9e9,
  noiseDensityDbmHz: -174,
  noiseFigureDb: 9,
  pathLossConstDb: -120.9,
  pathLossExponent: 37.6,
  shadowingDb: 7,
  minDistance: 50,
  pilotLength: 20,
  pilotPower: 0.1,
  pilots: "orthogonal",
  downlinkPower: 0.1,
  circuitPower: 0.2,
  sinrThresholdDb: -5.6,
  nu: 1,
  rcs: 10,
  sensingSamples: 20,
};

/** The (M, K) pairs of Table II. */
export const TABLE_II_SIZES: [number, number][] = [
  [30, 6],
  [30, 10],
  [50, 10],
  [50, 20],
];

/** The paper's Table II numbers (total power [W], run time [s]). */
export const TABLE_II_PAPER = [
  { M: 30, K: 6, hetgnn: 4.04, ddpg: 4.13, bb: 4.34, decoupled: 5.5, tHetgnn: 0.08, tDdpg: 0.07, tBb: 87.1, tDecoupled: 61.97 },
  { M: 30, K: 10, hetgnn: 5.92, ddpg: 6.22, bb: 6.3, decoupled: 7.93, tHetgnn: 0.08, tDdpg: 0.07, tBb: 187.05, tDecoupled: 131.04 },
  { M: 50, K: 10, hetgnn: 6.64, ddpg: 6.8, bb: 7.16, decoupled: 8.88, tHetgnn: 0.08, tDdpg: 0.09, tBb: 931.95, tDecoupled: 744.79 },
  { M: 50, K: 20, hetgnn: 8.31, ddpg: 8.69, bb: 8.92, decoupled: 11.24, tHetgnn: 0.12, tDdpg: 0.14, tBb: 6035.32, tDecoupled: 2904.19 },
];

/**
 * Active APs per method at M = 50, K = 20, as Section IV's text reads them off Fig. 4 ("only 16 APs
 * to serve 20 UEs", branch-and-bound "activates 32 APs", DDPG "29 APs", decoupled "around 42 APs").
 */
export const FIG4_PAPER_ACTIVE_K20 = { M: 50, K: 20, hetgnn: 16, ddpg: 29, bb: 32, decoupled: 42 };

/** HetGNN of Section III.B (sizes of Section IV). */
export interface HetGnnConfig {
  /** Message-passing layers (Section IV: 3). */
  layers: number;
  /** Hidden and output width of every MLP (Section IV: [input–256–128]). */
  hidden: [number, number];
  /** Leaky ReLU negative slope (not given; 0.1). */
  alpha: number;
}

/**
 * ε₁, ε₂ (supervised) and α, β (constraint penalties) of the loss (14); Section IV: 0.2, 0.2, 1, 1.
 * Our penalties are hinges in relative units (models/ap-activation/loss.ts), not the paper's raw
 * units, so α and β have no common scale with the paper's. The presets use α = β = 5: measured at
 * quick scale (200 epochs), α = β = 1 leaves 7 of 24 test answers feasible, α = β = 5 gives 17.
 */
export interface LossWeights {
  epsilon1: number;
  epsilon2: number;
  alpha: number;
  beta: number;
}

/** DDPG baseline (Section IV; models/ap-activation/ddpg.ts). The paper gives the networks only. */
export interface DdpgConfig {
  /** training steps; each draws `batch` fresh instances and updates critic and actor once */
  steps: number;
  batch: number;
  /** replay buffer size (transitions) */
  replay: number;
  actorLearningRate: number;
  criticLearningRate: number;
  /** initial exploration noise (standard deviation, action units) */
  noise: number;
}

export interface ApActivationConfig {
  seed: string;
  /** the system of Table I; `aps` and `users` are set per size below */
  system: ApActivationSystem;
  hetgnn: HetGnnConfig;
  loss: LossWeights;
  /** one DDPG model per (M, K) of the comparisons, trained on fresh instances */
  ddpg: DdpgConfig;
  train: {
    /** (M, K) sizes of the training set (Section IV: M ∈ {30, 50, 80} × K ∈ {5, 10, 15, 20}) */
    sizes: [number, number][];
    /** instances per size labelled by branch-and-bound (not given in the paper) */
    perSize: number;
    validationPerSize: number;
    epochs: number;
    batchSize: number;
    learningRate: number;
  };
  /** test instances per (M, K) point of Table II and Figs. 3–4 */
  testInstances: number;
  /** (M, K) of Table II */
  tableSizes: [number, number][];
  /** Figs. 3–4: M and the user counts */
  sweep: { aps: number; users: number[] };
  /** Link-budget study: branch-and-bound at (M, K) on `instances` test instances for each receiver noise figure [dB] */
  linkBudget: { size: [number, number]; instances: number; noiseFiguresDb: number[] };
}

export const AP_ACTIVATION_PRESETS: Presets<ApActivationConfig> = {
  paper: {
    seed: "tung-2025",
    system: PAPER_SYSTEM,
    hetgnn: { layers: 3, hidden: [256, 128], alpha: 0.1 },
    loss: { epsilon1: 0.2, epsilon2: 0.2, alpha: 5, beta: 5 },
    train: {
      sizes: [30, 50, 80].flatMap((M) => [5, 10, 15, 20].map((K): [number, number] => [M, K])),
      perSize: 200,
      validationPerSize: 20,
      epochs: 200,
      // Not given. Instances are padded to M = 80, K = 20: a batch of 32 aborts the wasm backend (its
      // heap cannot hold the edge activations; 8 at M = 50, K = 20 peaks at 1.8 GiB, environment.md).
      batchSize: 8,
      learningRate: 1e-3,
    },
    ddpg: { steps: 5000, batch: 32, replay: 50_000, actorLearningRate: 1e-4, criticLearningRate: 1e-3, noise: 0.2 },
    testInstances: 50,
    tableSizes: TABLE_II_SIZES,
    sweep: { aps: 50, users: [5, 10, 15, 20] },
    linkBudget: { size: [30, 6], instances: 10, noiseFiguresDb: [9, 12, 15, 18, 21] },
  },
  quick: {
    seed: "tung-2025",
    system: PAPER_SYSTEM,
    hetgnn: { layers: 2, hidden: [64, 32], alpha: 0.1 },
    loss: { epsilon1: 0.2, epsilon2: 0.2, alpha: 5, beta: 5 },
    train: { sizes: [[8, 2], [8, 3], [12, 2], [12, 3]], perSize: 24, validationPerSize: 4, epochs: 200, batchSize: 16, learningRate: 3e-3 },
    ddpg: { steps: 300, batch: 16, replay: 4_000, actorLearningRate: 1e-3, criticLearningRate: 3e-3, noise: 0.2 },
    testInstances: 6,
    tableSizes: [[8, 2], [8, 3], [12, 3], [12, 4]],
    sweep: { aps: 12, users: [2, 3, 4] },
    linkBudget: { size: [12, 3], instances: 4, noiseFiguresDb: [9, 15] },
  },
};
