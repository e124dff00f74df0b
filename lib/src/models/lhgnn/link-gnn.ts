/**
 * The LHGNN of Section III.B (Fig. 6) and its two graph baselines, dense and batched:
 *  - "lhgnn": node types o_c, o_s and the six edge types of graph.ts; U GNN layers (45)–(49), each
 *    relation with its own f¹..f⁴ (nn/relation-attention.ts) and attention (47); a node's update is
 *    the mean over its relation types of Norm(F_r) (45)/(48);
 *  - "lhgnn-no-attention": the same with λ = 1 (plain neighbour means, Section IV.D);
 *  - "homo-gnn": one node type and one edge type (the union of the six), attention, the same
 *    features and adjacency (Section IV.B).
 * Then U' fully connected layers per node type (FL_c, FL_s; one shared FL for the Homo GNN) map
 * c^U_i, s^U_i to [Re p̂, Im p̂] of the node's link, and the output layer (50) meets the per-BS power.
 * Norm(·) is a layer normalisation over the feature axis without learned gain or bias (ours; the
 * paper names a "normalization function layer").
 */
import { Rng } from "../../core/rng";
import { tf } from "../../tensor/backend";
import type { ComplexTensor } from "../../tensor/complex";
import { Mlp } from "../../nn/mlp";
import { RelationAttention } from "../../nn/relation-attention";
import type { ModelConfig } from "../../systems/lhgnn/config";
import { homogeneousGraph, linkGraph, type LinkGraph, type NodeType } from "./graph";
import { featuresToBeams, type BeamInputs } from "./inputs";
import { powerNormalize } from "./normalize";

export type GnnVariant = "lhgnn" | "lhgnn-no-attention" | "homo-gnn";

export interface LinkDims {
  N: number;
  K: number;
  Z: number;
  L: number;
}

/** Layer normalisation over the last axis (no affine parameters). */
function layerNorm(x: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5)));
}

export class LinkGnn {
  readonly graph: LinkGraph;
  private readonly layers: { dst: NodeType; src: NodeType; layer: RelationAttention }[][];
  private readonly heads: Partial<Record<NodeType, Mlp>>;

  constructor(rng: Rng, readonly dims: LinkDims, cfg: ModelConfig, readonly variant: GnnVariant) {
    const { N, K, Z, L } = dims;
    this.graph = variant === "homo-gnn" ? homogeneousGraph(N, K, Z) : linkGraph(N, K, Z);
    const sizes = [2 * L, ...cfg.gnnDims];
    this.layers = cfg.gnnDims.map((_, u) =>
      this.graph.relations.map((r) => ({
        dst: r.dst,
        src: r.src,
        layer: new RelationAttention(rng.child(`layer${u}-${r.name}`), sizes[u], sizes[u], sizes[u + 1], r.mask, this.graph.nodes[r.dst]!, this.graph.nodes[r.src]!, {
          attention: variant !== "lhgnn-no-attention",
          alpha: cfg.alpha,
        }),
      })),
    );
    const last = sizes[sizes.length - 1];
    this.heads = {};
    for (const t of Object.keys(this.graph.nodes) as NodeType[]) {
      this.heads[t] = new Mlp(rng.child(`head-${t}`), [last, ...cfg.fcHidden, 2 * L], { activation: "leakyrelu", alpha: cfg.alpha });
    }
  }

  get variables(): tf.Variable[] {
    return [...this.layers.flat().flatMap((l) => l.layer.variables), ...Object.values(this.heads).flatMap((h) => h!.variables)];
  }

  /** Beams before the output normalisation, [B, N, S, 2L] (sensing streams first). */
  raw(x0: BeamInputs): tf.Tensor {
    const { N, K, Z, L } = this.dims;
    const B = x0.comm.shape[0];
    const c = x0.comm.reshape([B, N * K, 2 * L]), s = x0.sens.reshape([B, N * Z, 2 * L]);
    let x: Partial<Record<NodeType, tf.Tensor>> = this.variant === "homo-gnn" ? { all: tf.concat([c, s], 1) } : { c, s };
    for (const layer of this.layers) {
      const sums: Partial<Record<NodeType, tf.Tensor[]>> = {};
      for (const { dst, src, layer: rel } of layer) (sums[dst] ??= []).push(layerNorm(rel.apply(x[dst]!, x[src]!)));
      x = Object.fromEntries(Object.entries(sums).map(([t, fs]) => [t, fs!.length === 1 ? fs![0] : tf.div(tf.addN(fs!), fs!.length)]));
    }
    const out = Object.fromEntries(Object.entries(x).map(([t, v]) => [t, this.heads[t as NodeType]!.apply(v!)])) as Partial<Record<NodeType, tf.Tensor>>;
    const pc = out.all ? out.all.slice([0, 0, 0], [B, N * K, 2 * L]) : out.c!;
    const ps = out.all ? out.all.slice([0, N * K, 0], [B, N * Z, 2 * L]) : out.s!;
    return tf.concat([ps.reshape([B, N, Z, 2 * L]), pc.reshape([B, N, K, 2 * L])], 2);
  }

  /** Beams [B, N, S, L] meeting the per-BS power P_n (50). */
  beams(x0: BeamInputs, powerW: number): ComplexTensor {
    return powerNormalize(featuresToBeams(this.raw(x0)), powerW);
  }
}
