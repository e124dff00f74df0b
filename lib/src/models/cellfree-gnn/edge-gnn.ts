/**
 * The heterogeneous edge GNN of paper 002 (Section IV.C), on dense batched tensors.
 *
 * Node types AP [B, M, ·], UE [B, U, ·] and ST [B, 1, ·]; relations AP–UE with edges [B, M, U, ·]
 * and AP–ST with edges [B, M, 1, ·], initialised with the stacked channels (12):
 *   e⁰_mu = S(h_mu),  e⁰_m = S(a(θ_m)),  S(x) = [Re x; Im x].
 * Each of the `layers` hidden layers is a HeteroEdgeConv (vertex update (13), edge update (14) with
 * leaky ReLU), after which the initial edge features are concatenated to the updated ones,
 * e^l ← [e^l; e⁰] (Section IV.C). A linear readout per edge type maps the last edges to 2·Nt
 * numbers, read as S(f_mu) (AP–UE) and S(f_mq), the sensing beam (AP–ST), and the beams of each AP
 * are scaled to spend exactly P_m:  f_ms = √P_m S⁻¹(e_ms) / (Σ_s ‖e_ms‖²)^{1/2}  (so (8b) holds).
 *
 * Choices the paper leaves open: vertices have no features before the first vertex update; "4
 * hidden layers of 256" are four message-passing layers followed by the linear readout.
 * All weights are shared across APs, users and samples, so one model runs on any M and U.
 */
import { Rng } from "../../core/rng";
import { tf } from "../../tensor/backend";
import { cnormalize, featuresToComplex, type ComplexTensor } from "../../tensor/complex";
import { Dense } from "../../nn/dense";
import { HeteroEdgeConv, type EdgeFeatures, type NodeFeatures } from "../../nn/hetero-edge-conv";
import type { GnnConfig } from "../../systems/cellfree-gnn/config";
import type { BatchTensors } from "../../systems/cellfree-gnn/metrics-tf";

const NODE_TYPES = ["ap", "ue", "st"] as const;

/** Reference counts of APs and/or users for the rescaled sums of `beams` (see HeteroEdgeConv). */
export type SumsAt = Partial<Record<"ap" | "ue", number>>;

export class CellFreeEdgeGnn {
  private readonly layers: HeteroEdgeConv[];
  private readonly readUe: Dense;
  private readonly readSt: Dense;

  constructor(rng: Rng, readonly antennas: number, readonly cfg: GnnConfig) {
    const e0 = 2 * antennas, H = cfg.hidden;
    this.layers = Array.from({ length: cfg.layers }, (_, l) => {
      const edgeIn = l === 0 ? e0 : H + e0; // edges carry [e^l; e⁰] after the first layer
      const nodeIn = Object.fromEntries(NODE_TYPES.map((t) => [t, l === 0 ? 0 : H]));
      return new HeteroEdgeConv(rng.child(`layer${l}`), {
        nodeIn,
        relations: { "ap-ue": { src: "ap", dst: "ue", edgeIn }, "ap-st": { src: "ap", dst: "st", edgeIn } },
        out: H,
        alpha: cfg.alpha,
      });
    });
    const last = cfg.layers === 0 ? e0 : H + e0;
    this.readUe = new Dense(rng.child("out-ue"), last, e0);
    this.readSt = new Dense(rng.child("out-st"), last, e0);
  }

  get variables(): tf.Variable[] {
    return [...this.layers.flatMap((l) => l.variables), ...this.readUe.variables, ...this.readSt.variables];
  }

  /**
   * Beams [B, M, U+1, Nt] (streams: the U users, then the sensing stream), each AP spending exactly
   * apPower. `sumsAt` (not in the paper), e.g. { ap: 5 }: run the sums over APs as if there were 5
   * (see HeteroEdgeConv), for a network trained with M = 5 tested on other M.
   */
  beams(t: BatchTensors, apPower: number, sumsAt: SumsAt = {}): ComplexTensor {
    const N = t.h.re.shape[3];
    if (N !== this.antennas) throw new Error(`CellFreeEdgeGnn: built for ${this.antennas} antennas, channels have ${N}`);
    const e0: EdgeFeatures = {
      "ap-ue": tf.concat([t.h.re, t.h.im], -1), // (12): [B, M, U, 2Nt]
      "ap-st": tf.concat([t.a.re, t.a.im], -1).expandDims(2), // (12): [B, M, 1, 2Nt]
    };
    let nodes: NodeFeatures = { ap: null, ue: null, st: null };
    let edges = e0;
    for (const layer of this.layers) {
      const next = layer.apply(nodes, edges, sumsAt);
      nodes = next.nodes;
      edges = { "ap-ue": tf.concat([next.edges["ap-ue"], e0["ap-ue"]], -1), "ap-st": tf.concat([next.edges["ap-st"], e0["ap-st"]], -1) };
    }
    const out = tf.concat([this.readUe.apply(edges["ap-ue"]), this.readSt.apply(edges["ap-st"])], 2); // [B, M, U+1, 2Nt]
    // Per-AP normalisation over streams and antennas (8b)
    return cnormalize(featuresToComplex(out), apPower, [2, 3]);
  }
}
