/**
 * The HetGNN of paper 003 (Section III.B), on dense padded batches (graph.ts).
 *
 * Each of the `layers` layers runs, per node type X ∈ {AP, UE, SR} and edge type Y ∈ {comm, radar}:
 *   aggregation (11)   m_i = mean_{j ∈ A(i)} ψ^{X,Y}([v_j; e_ij])            (masked mean over real neighbours)
 *   node update (12)   v_i ← φ^X([v_i; m_i])                                  (an AP concatenates its comm and radar messages)
 *   edge update (13)   e_ij ← ω^Y([v_i; e_ij; v_j])                            (with the updated nodes)
 * where ψ, φ and ω are MLPs [input–256–128] with leaky ReLU after both layers (Section IV: "two
 * MLPs with [input–256–128] architecture with LeakyReLU"; ω gets the same shape, a choice). UE and
 * SR nodes start without features, so their first messages see the edge alone. The last layer
 * skips the SR nodes and radar edges: no head reads them.
 *
 * Heads (Section III.B.2): the AP activation is σ(w·v_m + b) (active when ≥ 0.5) and the powers
 * are ReLU(w·e_mk + b), read as P̂_mk = P_mk/ρ_DL and scaled per AP so that Σ_k P̂_mk ≤ 1 (8b)
 * holds by construction (a choice: the paper's ReLU head alone does not enforce (8b)).
 *
 * Weights depend on node and edge types only, so one model runs on any M, K and T, and it is
 * equivariant to permuting APs, users or SRs.
 */
import { Rng } from "../../core/rng";
import { tf } from "../../tensor/backend";
import { ConcatLinear } from "../../nn/concat-linear";
import { Dense } from "../../nn/dense";
import type { HetGnnConfig } from "../../systems/ap-activation/config";
import { AP_FEATURES, COMM_FEATURES, RADAR_FEATURES, type HetGraph } from "./graph";

const leaky = (z: tf.Tensor, alpha: number) => tf.mul(z, tf.step(z, alpha));

/** An MLP [inputs–h1–h2] whose first layer takes its inputs unconcatenated (broadcasting node features over edges). */
class EdgeMlp {
  private readonly first: ConcatLinear;
  private readonly second: Dense;
  constructor(rng: Rng, inSizes: number[], [h1, h2]: [number, number], private readonly alpha: number) {
    this.first = new ConcatLinear(rng.child("first"), inSizes, h1);
    this.second = new Dense(rng.child("second"), h1, h2, { activation: "leakyrelu", alpha });
  }
  get variables(): tf.Variable[] {
    return [...this.first.variables, ...this.second.variables];
  }
  apply(inputs: tf.Tensor[]): tf.Tensor {
    return this.second.apply(leaky(this.first.apply(inputs), this.alpha));
  }
}

/** Masked mean over `axis` of x [..., F]: Σ x·mask / max(Σ mask, 1), mask broadcastable to x without its feature axis. */
function maskedMean(x: tf.Tensor, mask: tf.Tensor, axis: number): tf.Tensor {
  const w = mask.expandDims(-1);
  return tf.div(tf.sum(tf.mul(x, w), axis), tf.maximum(tf.sum(w, axis), 1));
}

interface Layer {
  msgApComm: EdgeMlp; // ψ^{AP,comm}([v_ue; e_mk])
  msgApRadar: EdgeMlp; // ψ^{AP,radar}([v_sr; e_mt])
  msgUe: EdgeMlp; // ψ^{UE}([v_ap; e_mk])
  msgSr: EdgeMlp | null; // ψ^{SR}([v_ap; e_mt]); null in the last layer, whose radar edges no head reads
  nodeAp: EdgeMlp; // φ^{AP}([v_ap; m_comm; m_radar])
  nodeUe: EdgeMlp; // φ^{UE}([v_ue; m])
  nodeSr: EdgeMlp | null;
  edgeComm: EdgeMlp; // ω^{comm}([v_ap; e_mk; v_ue])
  edgeRadar: EdgeMlp | null;
}

export interface HetGnnOutput {
  /** σ(·) of the AP activation head, [B, M] (0 on padded APs) */
  activation: tf.Tensor;
  /** P̂_mk = P_mk/ρ_DL, [B, M, K], Σ_k ≤ 1 per AP, 0 on padding (not yet gated by the activation) */
  power: tf.Tensor;
}

export class HetGnn {
  private readonly layerList: Layer[];
  private readonly activationHead: Dense;
  private readonly powerHead: Dense;

  constructor(rng: Rng, readonly cfg: HetGnnConfig) {
    const [, F] = cfg.hidden;
    const mlp = (name: string, inSizes: number[]) => new EdgeMlp(rng.child(name), inSizes.filter((n) => n > 0), cfg.hidden, cfg.alpha);
    this.layerList = Array.from({ length: cfg.layers }, (_, l) => {
      const first = l === 0;
      const last = l === cfg.layers - 1;
      const [ap, ue, sr] = first ? [AP_FEATURES, 0, 0] : [F, F, F];
      const [ec, er] = first ? [COMM_FEATURES, RADAR_FEATURES] : [F, F];
      return {
        msgApComm: mlp(`l${l}-msg-ap-comm`, [ue, ec]),
        msgApRadar: mlp(`l${l}-msg-ap-radar`, [sr, er]),
        msgUe: mlp(`l${l}-msg-ue`, [ap, ec]),
        msgSr: last ? null : mlp(`l${l}-msg-sr`, [ap, er]),
        nodeAp: mlp(`l${l}-node-ap`, [ap, F, F]),
        nodeUe: mlp(`l${l}-node-ue`, [ue, F]),
        nodeSr: last ? null : mlp(`l${l}-node-sr`, [sr, F]),
        edgeComm: mlp(`l${l}-edge-comm`, [F, ec, F]),
        edgeRadar: last ? null : mlp(`l${l}-edge-radar`, [F, er, F]),
      };
    });
    this.activationHead = new Dense(rng.child("head-activation"), F, 1, { activation: "sigmoid" });
    this.powerHead = new Dense(rng.child("head-power"), F, 1, { activation: "relu" });
  }

  get variables(): tf.Variable[] {
    return [
      ...this.layerList.flatMap((l) => Object.values(l).flatMap((m: EdgeMlp | null) => m?.variables ?? [])),
      ...this.activationHead.variables,
      ...this.powerHead.variables,
    ];
  }

  apply(g: HetGraph): HetGnnOutput {
    return tf.tidy(() => {
      const T = g.radar.shape[2]!;
      const B = g.ap.shape[0];
      const srMask = tf.ones([B, T]);
      const withNode = (v: tf.Tensor | null, rest: tf.Tensor[]) => (v ? [v, ...rest] : rest);
      let ap: tf.Tensor = g.ap; // [B, M, F]
      let ue: tf.Tensor | null = null; // [B, K, F]
      let sr: tf.Tensor | null = null; // [B, T, F]
      let comm = g.comm; // [B, M, K, F]
      let radar = g.radar; // [B, M, T, F]
      for (const L of this.layerList) {
        const apIn = ap;
        // (11): messages along each edge, averaged over the real neighbours
        const mApComm = maskedMean(L.msgApComm.apply(withNode(ue && ue.expandDims(1), [comm])), g.ueMask.expandDims(1), 2);
        const mApRadar = maskedMean(L.msgApRadar.apply(withNode(sr && sr.expandDims(1), [radar])), srMask.expandDims(1), 2);
        const mUe = maskedMean(L.msgUe.apply([ap.expandDims(2), comm]), g.apMask.expandDims(2), 1);
        // (12)
        ap = L.nodeAp.apply([ap, mApComm, mApRadar]);
        ue = L.nodeUe.apply(withNode(ue, [mUe]));
        // (13)
        comm = L.edgeComm.apply([ap.expandDims(2), comm, ue.expandDims(1)]);
        if (L.msgSr && L.nodeSr && L.edgeRadar) {
          sr = L.nodeSr.apply(withNode(sr, [maskedMean(L.msgSr.apply([apIn.expandDims(2), radar]), g.apMask.expandDims(2), 1)]));
          radar = L.edgeRadar.apply([ap.expandDims(2), radar, sr.expandDims(1)]);
        }
      }
      const activation = tf.mul(this.activationHead.apply(ap).squeeze([2]), g.apMask);
      const raw = tf.mul(this.powerHead.apply(comm).squeeze([3]), tf.mul(g.apMask.expandDims(2), g.ueMask.expandDims(1)));
      const power = tf.div(raw, tf.maximum(tf.sum(raw, 2, true), 1)); // (8b) per AP
      return { activation, power };
    });
  }
}
