/**
 * The heterogeneous edge GNN of paper 002 (Section IV.C), on dense batched tensors.
 *
 * Nodes: APs [B, M, ·], users [B, U, ·], the sensing target [B, ·]. Edges: AP–UE [B, M, U, ·] and
 * AP–ST [B, M, ·], initialised with the stacked channels (12): e⁰_mu = S(h_mu), e⁰_m = S(a(θ_m)).
 * Each layer l
 *   vertex update (13):  v_AP = W[Σ_u e_mu, v_m] + W'[e_m, v_m],  v_UE = W[Σ_m e_mu, v_u],  v_ST = W[Σ_m e_m, v_t]
 *   edge update (14):    e_mu = act(W[v_m, v_u, e_mu]),  e_m = act(W[v_m, v_t, e_m]),
 * and the initial edge features are concatenated to every updated edge (Section IV.C). A linear
 * layer maps the last edges to 2·Nt numbers, read as beams f_mu (AP–UE) and the sensing beam f_mq
 * (AP–ST), normalised per AP to spend exactly P_m.
 *
 * A linear layer on a concatenation, W[x, y], is computed as W_x x + W_y y with broadcasting, so
 * vertex features are never tiled over edges. All weights are shared across APs, users and
 * samples, so one model runs on any M and U.
 */
import { Rng } from "../../core/rng";
import { tf } from "../../tensor/backend";
import { cnormalize, featuresToComplex, type ComplexTensor } from "../../tensor/complex";
import { Dense } from "../../nn/dense";
import type { GnnConfig } from "../../systems/cellfree-gnn/config";
import type { BatchTensors } from "../../systems/cellfree-gnn/metrics-tf";

/** W[x₁, x₂, …] + b for broadcastable inputs, as a sum of per-input linear maps. */
class ConcatLinear {
  private readonly parts: Dense[];
  constructor(rng: Rng, inSizes: number[], out: number) {
    this.parts = inSizes.map((n, i) => new Dense(rng.child(i), n, out));
  }
  get variables(): tf.Variable[] {
    return this.parts.flatMap((p) => p.variables);
  }
  apply(inputs: (tf.Tensor | null)[]): tf.Tensor {
    return inputs.map((x, i) => (x ? this.parts[i].apply(x) : null)).filter((t): t is tf.Tensor => t !== null).reduce((a, b) => tf.add(a, b));
  }
}

interface Layer {
  apFromUe: ConcatLinear;
  apFromSt: ConcatLinear;
  ue: ConcatLinear;
  st: ConcatLinear;
  edgeUe: ConcatLinear;
  edgeSt: ConcatLinear;
}

export class CellFreeEdgeGnn {
  private readonly layers: Layer[];
  private readonly outUe: Dense;
  private readonly outSt: Dense;

  constructor(rng: Rng, readonly antennas: number, readonly cfg: GnnConfig) {
    const e0 = 2 * antennas, H = cfg.hidden;
    this.layers = Array.from({ length: cfg.layers }, (_, l) => {
      const r = rng.child(`layer${l}`);
      const eIn = l === 0 ? e0 : H + e0; // edges carry [e', e⁰] after the first layer
      const vIn = l === 0 ? 0 : H; // no vertex features before the first vertex update
      const withV = (x: number) => (vIn ? [x, vIn] : [x]);
      return {
        apFromUe: new ConcatLinear(r.child("ap-ue"), withV(eIn), H),
        apFromSt: new ConcatLinear(r.child("ap-st"), withV(eIn), H),
        ue: new ConcatLinear(r.child("ue"), withV(eIn), H),
        st: new ConcatLinear(r.child("st"), withV(eIn), H),
        edgeUe: new ConcatLinear(r.child("edge-ue"), [H, H, eIn], H),
        edgeSt: new ConcatLinear(r.child("edge-st"), [H, H, eIn], H),
      };
    });
    this.outUe = new Dense(rng.child("out-ue"), H + e0, e0);
    this.outSt = new Dense(rng.child("out-st"), H + e0, e0);
  }

  get variables(): tf.Variable[] {
    const ls = this.layers.flatMap((l) => [l.apFromUe, l.apFromSt, l.ue, l.st, l.edgeUe, l.edgeSt].flatMap((c) => c.variables));
    return [...ls, ...this.outUe.variables, ...this.outSt.variables];
  }

  /** Beams [B, M, U+1, Nt] (last stream: sensing), each AP spending exactly apPower. */
  beams(t: BatchTensors, apPower: number): ComplexTensor {
    const N = t.h.re.shape[3];
    if (N !== this.antennas) throw new Error(`CellFreeEdgeGnn: built for ${this.antennas} antennas, channels have ${N}`);
    const act = (x: tf.Tensor) => tf.leakyRelu(x, this.cfg.alpha);
    const e0Ue = tf.concat([t.h.re, t.h.im], -1); // (12): [B, M, U, 2N]
    const e0St = tf.concat([t.a.re, t.a.im], -1); // (12): [B, M, 2N]
    let eUe = e0Ue, eSt = e0St;
    let vAp: tf.Tensor | null = null, vUe: tf.Tensor | null = null, vSt: tf.Tensor | null = null;
    for (const L of this.layers) {
      // (13) vertex updates from sum-aggregated edges and the previous vertex features
      const nAp: tf.Tensor = tf.add(L.apFromUe.apply([tf.sum(eUe, 2), vAp]), L.apFromSt.apply([eSt, vAp]));
      const nUe = L.ue.apply([tf.sum(eUe, 1), vUe]);
      const nSt = L.st.apply([tf.sum(eSt, 1), vSt]);
      [vAp, vUe, vSt] = [nAp, nUe, nSt];
      // (14) edge updates, then the initial edge features are appended
      const ue = act(L.edgeUe.apply([nAp.expandDims(2), nUe.expandDims(1), eUe]));
      const st = act(L.edgeSt.apply([nAp, nSt.expandDims(1), eSt]));
      eUe = tf.concat([ue, e0Ue], -1);
      eSt = tf.concat([st, e0St], -1);
    }
    const out = tf.concat([this.outUe.apply(eUe), this.outSt.apply(eSt).expandDims(2)], 2); // [B, M, S, 2N]
    // Per-AP normalisation: f_ms = √P_m S⁻¹(e_ms) / (Σ_s ‖e_ms‖²)^{1/2}
    return cnormalize(featuresToComplex(out), apPower, [2, 3]);
  }
}
