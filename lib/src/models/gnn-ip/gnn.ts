/**
 * The GNN module of paper 001 (§III.A, Table I) on dense batched tensors.
 *
 * Graph: L user nodes (one per communication beam c_l) and one radar node (the sensing matrix S).
 *   Initialisation (13): z_l = f_ct(f_c(h_l) + (1/K) Σ_k f_s(a(θ̂_k)))
 *                  (14): z_R = f_st((1/L) Σ_l f_c(h_l) + (1/K) Σ_k f_s(a(θ̂_k)))
 *   Updating layer t (16)–(19):
 *     z_l ← f_Comb,1(z_l, f_2(z_R), max_{j≠l} f_1(z_j))      element-wise max over the other users
 *     z_R ← f_Comb,2(f_2(z_R), mean_l f_1(z_l))
 *   Normalisation (20)–(23): f_c^(T+1): z_l → R^{2M}, f_s^(T+1): z_R → R^{2M²}, then tr R = P₀.
 * Every encoder is an MLP (Table I: sigmoid on every layer; cfg.encoder = "leakyrelu": leaky ReLU
 * hidden layers and a linear output); the combining functions act on the concatenation of their
 * arguments. With cfg.channelSkip the read-out f_c^(T+1) sees [z_l, h_l] (not in the paper), a
 * linear path from h_l to c_l. Weights are shared over users, so the module is permutation
 * equivariant in C, invariant in S, and runs on any number of users L.
 *
 * Inputs: channels [B, L, M] (scaled, see channelScale) and target steering features [K, 2M].
 */
import { Rng } from "../../core/rng";
import { tf } from "../../tensor/backend";
import { complexToFeatures, type ComplexTensor } from "../../tensor/complex";
import { Dense } from "../../nn/dense";
import { Mlp } from "../../nn/mlp";
import type { GnnConfig } from "../../systems/gnn-ip/config";
import { normalisedBeams, type BeamTensors } from "./normalisation";

/** An encoder of Table I's sizes with the configured activations. */
function encoder(rng: Rng, sizes: number[], kind: GnnConfig["encoder"]): Mlp {
  return kind === "sigmoid" ? new Mlp(rng, sizes, { activation: "sigmoid", outputActivation: "sigmoid" }) : new Mlp(rng, sizes, { activation: "leakyrelu", outputActivation: "linear" });
}

interface UpdatingLayer {
  f1: Mlp;
  f2: Mlp;
  comb1: Mlp;
  comb2: Mlp;
}

/** Element-wise max over the other users j ≠ l (17): [B, L, F] → [B, L, F]; zeros when L = 1. */
export function maxOverOthers(x: tf.Tensor): tf.Tensor {
  const L = x.shape[1]!;
  if (L === 1) return tf.zerosLike(x);
  // Push each node's own entry far below every other (features are O(1)).
  const self = tf.mul(tf.eye(L), -1e9).reshape([1, L, L, 1]);
  return tf.max(tf.add(x.expandDims(1), self), 2);
}

export class IsacGnn {
  private readonly fc0: Mlp;
  private readonly fs0: Mlp;
  private readonly fct0: Mlp;
  private readonly fst0: Mlp;
  private readonly layers: UpdatingLayer[];
  private readonly outC: Dense;
  private readonly outS: Dense;

  constructor(rng: Rng, readonly antennas: number, readonly cfg: GnnConfig) {
    const M = antennas, H = cfg.hidden, mid = cfg.mid;
    const mlp = (r: Rng, sizes: number[]) => encoder(r, sizes, cfg.encoder);
    this.fc0 = mlp(rng.child("fc0"), [2 * M, H, H]);
    this.fs0 = mlp(rng.child("fs0"), [2 * M, H, H]);
    this.fct0 = mlp(rng.child("fct0"), [H, H, H]);
    this.fst0 = mlp(rng.child("fst0"), [H, H, H]);
    this.layers = Array.from({ length: cfg.layers }, (_, t) => {
      const r = rng.child(`layer${t}`);
      return {
        f1: mlp(r.child("f1"), [H, mid, H]),
        f2: mlp(r.child("f2"), [H, mid, H]),
        comb1: mlp(r.child("comb1"), [3 * H, mid, H]),
        comb2: mlp(r.child("comb2"), [2 * H, mid, H]),
      };
    });
    this.outC = new Dense(rng.child("outC"), cfg.channelSkip ? H + 2 * M : H, 2 * M);
    this.outS = new Dense(rng.child("outS"), H, 2 * M * M);
  }

  get variables(): tf.Variable[] {
    const mlps = [this.fc0, this.fs0, this.fct0, this.fst0, ...this.layers.flatMap((l) => [l.f1, l.f2, l.comb1, l.comb2])];
    return [...mlps.flatMap((m) => m.variables), ...this.outC.variables, ...this.outS.variables];
  }

  /** Beams C [B, M, L], S [B, M, M] with tr R = power, for channels [B, L, M] and targets [K, 2M]. */
  beams(h: ComplexTensor, targets: tf.Tensor, power: number): BeamTensors {
    const [B, L, M] = h.re.shape;
    if (M !== this.antennas) throw new Error(`IsacGnn: built for ${this.antennas} antennas, channels have ${M} (shape [${h.re.shape}])`);
    if (targets.rank !== 2 || targets.shape[1] !== 2 * M) throw new Error(`IsacGnn: targets must be [K, ${2 * M}], got [${targets.shape}]`);
    const H = this.cfg.hidden;
    const hf = complexToFeatures(h); // [B, L, 2M]
    const fc = this.fc0.apply(hf); // [B, L, H]
    const fs = tf.mean(this.fs0.apply(targets), 0).reshape([1, 1, H]); // (1/K) Σ_k f_s(a_k)
    let users = this.fct0.apply(tf.add(fc, fs)); // (13) [B, L, H]
    let radar = this.fst0.apply(tf.add(tf.mean(fc, 1), fs.reshape([1, H]))); // (14) [B, H]
    for (const layer of this.layers) {
      const m1 = layer.f1.apply(users); // [B, L, H]
      const m2 = layer.f2.apply(radar); // [B, H]
      const agg = maxOverOthers(m1); // (17), ψ₁ = max
      const m2b = tf.tile(m2.expandDims(1), [1, L, 1]);
      const nextUsers = layer.comb1.apply(tf.concat([users, m2b, agg], 2)); // (16)
      radar = layer.comb2.apply(tf.concat([m2, tf.mean(m1, 1)], 1)); // (18)–(19), ψ₀ = mean
      users = nextUsers;
    }
    const readout = this.cfg.channelSkip ? tf.concat([users, hf], 2) : users;
    return normalisedBeams(this.outC.apply(readout), this.outS.apply(radar), M, power);
  }
}
