/**
 * One layer of heterogeneous edge message passing on dense, complete bipartite relations
 * (Demirhan & Alkhateeb, paper 002, Section IV.B–C, eqs. (13) and (14)).
 *
 * Node features of type t are [B, N_t, F] (B graphs of the same size, batched); each relation r
 * joins every node of its source type to every node of its destination type, so its edge features
 * are a dense [B, N_src, N_dst, F_r] tensor. Aggregating edges at a node is a sum over the other
 * endpoint's axis, and broadcasting replaces gather/scatter.
 *
 *   vertex update (13):  v_i ← Σ_{r ∋ t(i)} W_{r,t} [Σ_{j: (i,j) ∈ r} e_ij ; v_i]     (linear)
 *   edge update (14):    e_ij ← leakyReLU(W_r [v_i ; v_j ; e_ij])                     (new v's)
 *
 * A node type without vertex features yet (first layer: `nodeIn[t] = 0`) is updated from its
 * aggregated edges alone. The weights depend on types only, never on node counts, so one layer
 * runs on graphs of any size and is equivariant to permuting the nodes of each type.
 *
 * `sumsAt` (not in the paper) rescales aggregation to a reference graph size: sums over the N_t
 * nodes of type t are multiplied by sumsAt[t] / N_t, so a network run on more or fewer nodes of
 * that type sees aggregates of the size it was trained with.
 */
import { Rng } from "../core/rng";
import { tf } from "../tensor/backend";
import { ConcatLinear } from "./concat-linear";

export interface EdgeRelation {
  /** Source node type (axis 1 of the edge tensor). */
  src: string;
  /** Destination node type (axis 2 of the edge tensor). */
  dst: string;
  /** Feature size of the incoming edges. */
  edgeIn: number;
}

export interface HeteroEdgeConvOptions {
  /** Incoming vertex feature size per node type; 0 where there are no vertex features yet. */
  nodeIn: Record<string, number>;
  /** Relations by name. */
  relations: Record<string, EdgeRelation>;
  /** Output feature size of vertices and edges. */
  out: number;
  /** Negative slope of the edges' leaky ReLU. */
  alpha: number;
}

export type NodeFeatures = Record<string, tf.Tensor | null>;
export type EdgeFeatures = Record<string, tf.Tensor>;

export class HeteroEdgeConv {
  /** (13): W_{r,t} for every relation r and each of its two endpoint types t. */
  private readonly vertex: Array<{ type: string; relation: string; side: "src" | "dst"; linear: ConcatLinear }> = [];
  /** (14): W_r per relation. */
  private readonly edge: Record<string, ConcatLinear> = {};

  constructor(rng: Rng, readonly o: HeteroEdgeConvOptions) {
    for (const [name, r] of Object.entries(o.relations)) {
      for (const side of ["src", "dst"] as const) {
        const type = r[side];
        if (!(type in o.nodeIn)) throw new Error(`HeteroEdgeConv: relation '${name}' names node type '${type}', not in nodeIn`);
        const vIn = o.nodeIn[type];
        const linear = new ConcatLinear(rng.child(`${name}-${side}`), vIn ? [r.edgeIn, vIn] : [r.edgeIn], o.out);
        this.vertex.push({ type, relation: name, side, linear });
      }
      this.edge[name] = new ConcatLinear(rng.child(`${name}-edge`), [o.out, o.out, r.edgeIn], o.out);
    }
  }

  get variables(): tf.Variable[] {
    return [...this.vertex.flatMap((v) => v.linear.variables), ...Object.values(this.edge).flatMap((e) => e.variables)];
  }

  /** Updated vertex features [B, N_t, out] (13) and edge features [B, N_src, N_dst, out] (14). */
  apply(nodes: NodeFeatures, edges: EdgeFeatures, sumsAt: Partial<Record<string, number>> = {}): { nodes: Record<string, tf.Tensor>; edges: EdgeFeatures } {
    const next: Record<string, tf.Tensor> = {};
    for (const { type, relation, side, linear } of this.vertex) {
      const e = edges[relation];
      if (!e) throw new Error(`HeteroEdgeConv: no edge features for relation '${relation}'`);
      // Σ over the other endpoint: destinations (axis 2) for a source node, sources (axis 1) for a destination.
      const axis = side === "src" ? 2 : 1;
      const reference = sumsAt[this.o.relations[relation][side === "src" ? "dst" : "src"]];
      const sum = tf.sum(e, axis);
      const aggregated = reference === undefined ? sum : tf.mul(sum, reference / (e.shape[axis] as number));
      const v = nodes[type];
      if (this.o.nodeIn[type] && !v) throw new Error(`HeteroEdgeConv: no vertex features for node type '${type}'`);
      const term = linear.apply(v && this.o.nodeIn[type] ? [aggregated, v] : [aggregated]);
      next[type] = next[type] ? tf.add(next[type], term) : term;
    }
    const out: EdgeFeatures = {};
    for (const [name, r] of Object.entries(this.o.relations)) {
      const z = this.edge[name].apply([next[r.src].expandDims(2), next[r.dst].expandDims(1), edges[name]]);
      // leaky ReLU as z·step(z; α): two fast kernels on wasm (see nn/dense.ts)
      out[name] = tf.mul(z, tf.step(z, this.o.alpha));
    }
    return { nodes: next, edges: out };
  }
}
