/**
 * Settings of paper 002 (Demirhan & Alkhateeb, cell-free massive MIMO ISAC), Section V.
 */
import type { Presets } from "../../core/config";

export interface SystemConfig {
  /** Access points M. */
  aps: number;
  /** Single-antenna users U. */
  users: number;
  /** Transmit antennas per AP, N_t (half-wavelength ULA). */
  antennas: number;
  /** Total power of all APs; P_m = totalPower / M. */
  totalPower: number;
  /**
   * Communication noise variance σ² (Section V: 0.1). The radar receiver noise ς²_mr of (7) is not
   * given; we take ς²_mr = σ² at every AP, so (7)'s denominator is M σ².
   */
  noise: number;
  /**
   * ζ_{mt mr} of (5)–(7). (5) makes ζ² the variance of the sensing gain α ~ CN(0, ζ²), known to the
   * transmitter as statistics; Section V writes "ζ_{mt mr} ~ CN(0, 1)".
   * "unit" (default): the gain α ~ CN(0, 1), so every ζ² = 1. This matches the authors' code for
   *   the system this paper builds on ([6]: one fixed RCS variance) and the GNN's inputs (12),
   *   which carry the target angles but no ζ.
   * "gain": ζ ~ CN(0, 1) is drawn per AP pair and sample and |ζ|² is used as ζ² in (7); the GNN
   *   then cannot see these weights (E|ζ|² = 1, so the mean SNR is the same).
   */
  sensingGain: "gain" | "unit";
}

export interface GnnConfig {
  /** Width of the hidden vertex and edge features (Section V: 256). */
  hidden: number;
  /** Message-passing layers, each (13) then (14), before the linear readout (Section V: 4). */
  layers: number;
  /** Leaky ReLU negative slope. */
  alpha: number;
}

export interface TrainConfig {
  trainSamples: number;
  testSamples: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
}

export interface CellFreeConfig {
  seed: number;
  system: SystemConfig;
  gnn: GnnConfig;
  train: TrainConfig;
  /** Sensing weights β_s of Fig. 3. */
  sensingWeights: number[];
}

const system: SystemConfig = { aps: 5, users: 2, antennas: 8, totalPower: 1, noise: 0.1, sensingGain: "unit" };

export const CELLFREE_PRESETS: Presets<CellFreeConfig> = {
  paper: {
    seed: 2023,
    system,
    gnn: { hidden: 256, layers: 4, alpha: 0.1 },
    train: { trainSamples: 100_000, testSamples: 2_000, epochs: 60, batchSize: 256, learningRate: 4e-4 },
    sensingWeights: [0, 0.5, 1, 2, 5, 10],
  },
  quick: {
    seed: 2023,
    system,
    gnn: { hidden: 64, layers: 2, alpha: 0.1 },
    train: { trainSamples: 8_192, testSamples: 256, epochs: 6, batchSize: 128, learningRate: 2e-3 },
    sensingWeights: [0, 2, 10],
  },
};
