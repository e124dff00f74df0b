/**
 * The edge GNN of paper 002 bound to its system: beams with each AP's power P_m = totalPower / M
 * (M read off the batch, so the same weights serve any number of APs and users), the training loss
 * −(8a), and weights on disk.
 */
import { Rng } from "../../core/rng";
import { tf } from "../../tensor/backend";
import type { ComplexTensor } from "../../tensor/complex";
import { loadWeights, saveWeights } from "../../train/checkpoint";
import type { CellFreeConfig } from "../../systems/cellfree-gnn/config";
import { objectiveTf, type BatchTensors } from "../../systems/cellfree-gnn/metrics-tf";
import { CellFreeEdgeGnn, type SumsAt } from "./edge-gnn";

export interface CellFreeModel {
  readonly net: CellFreeEdgeGnn;
  readonly variables: tf.Variable[];
  /**
   * Beams [B, M, U+1, Nt] satisfying (8b) with equality at every AP; `sumsAt` rescales the sums
   * over APs or users to a reference count (see CellFreeEdgeGnn.beams).
   */
  beamformers(batch: BatchTensors, sumsAt?: SumsAt): ComplexTensor;
  /** −(8a), the batch mean of Σ_u R_u + β_s log2(1 + SNR), to minimise. */
  loss(batch: BatchTensors, betaS: number): tf.Scalar;
  /** Writes the weights atomically (temp file, then rename), with the config and `meta` as metadata. */
  save(file: string, meta?: Record<string, unknown>): void;
  /** Reads weights written by `save`; throws unless every tensor's shape matches (same Nt and GNN sizes). */
  load(file: string): void;
  dispose(): void;
}

export function createModel(config: Pick<CellFreeConfig, "system" | "gnn">, rng: Rng): CellFreeModel {
  const { system, gnn } = config;
  const net = new CellFreeEdgeGnn(rng, system.antennas, gnn);
  const beamformers = (batch: BatchTensors, sumsAt: SumsAt = {}) => {
    const [, aps] = batch.h.re.shape as number[];
    return net.beams(batch, system.totalPower / aps, sumsAt);
  };
  return {
    net,
    variables: net.variables,
    beamformers,
    loss: (batch, betaS) => tf.tidy(() => tf.neg(objectiveTf(batch, beamformers(batch), system.noise, betaS))),
    save: (file, meta = {}) => saveWeights(file, net.variables, { model: "cellfree-edge-gnn", antennas: system.antennas, gnn, ...meta }),
    load: (file) => void loadWeights(file, net.variables),
    dispose: () => tf.dispose(net.variables),
  };
}
