/**
 * One relation of a heterogeneous graph layer with optional scaled-dot-product attention
 * (Lian et al., (46)–(47) and (49)), dense and batched: destination nodes X_i [B, n_i, F_i], source
 * nodes X_j [B, n_j, F_j] and a 0/1 neighbour mask [n_i, n_j] give
 *   F_i = f¹(x_i) + (1/|N(i)|) Σ_{j∈N(i)} λ_ij f²(x_j),
 *   λ_ij = exp(f³(x_i)ᵀ f⁴(x_j)/l) / Σ_{j'∈N(i)} exp(f³(x_i)ᵀ f⁴(x_j')/l),   l = output size,
 * computed as a masked softmax over the source axis (max-subtracted; equal to (47)). Without
 * attention λ_ij = 1 (the plain mean of the neighbours). f¹, f² are leaky-ReLU dense layers, f³, f⁴
 * linear ones. Every destination node must have at least one neighbour.
 */
import { Rng } from "../core/rng";
import { tf } from "../tensor/backend";
import { transposeLast2 } from "../tensor/matmul-grad";
import { Dense } from "./dense";

export interface RelationAttentionOptions {
  attention: boolean;
  /** Leaky-ReLU slope of f¹ and f². */
  alpha?: number;
}

export class RelationAttention {
  readonly f1: Dense;
  readonly f2: Dense;
  readonly f3: Dense | null;
  readonly f4: Dense | null;
  private readonly mask: tf.Tensor2D;
  /** mask / |N(i)| (the aggregation weights without attention) */
  private readonly meanWeights: tf.Tensor2D;
  private readonly invDegree: tf.Tensor2D;

  constructor(rng: Rng, inDst: number, inSrc: number, readonly out: number, mask: ArrayLike<number>, readonly nDst: number, readonly nSrc: number, opts: RelationAttentionOptions) {
    if (mask.length !== nDst * nSrc) throw new Error(`RelationAttention: mask has ${mask.length} entries, expected nDst·nSrc = ${nDst * nSrc}`);
    const deg = new Float32Array(nDst);
    for (let i = 0; i < nDst; i++) for (let j = 0; j < nSrc; j++) deg[i] += mask[i * nSrc + j];
    const lonely = deg.findIndex((d) => d === 0);
    if (lonely >= 0) throw new Error(`RelationAttention: destination node ${lonely} has no neighbour`);
    const a = { activation: "leakyrelu" as const, alpha: opts.alpha ?? 0.1 };
    this.f1 = new Dense(rng.child("f1"), inDst, out, a);
    this.f2 = new Dense(rng.child("f2"), inSrc, out, a);
    this.f3 = opts.attention ? new Dense(rng.child("f3"), inDst, out) : null;
    this.f4 = opts.attention ? new Dense(rng.child("f4"), inSrc, out) : null;
    this.mask = tf.tensor2d(Float32Array.from(mask), [nDst, nSrc]);
    this.invDegree = tf.tensor2d(deg.map((d) => 1 / d), [nDst, 1]);
    this.meanWeights = tf.mul(this.mask, this.invDegree) as tf.Tensor2D;
  }

  get variables(): tf.Variable[] {
    return [this.f1, this.f2, this.f3, this.f4].flatMap((d) => (d ? d.variables : []));
  }

  /** Aggregation weights λ_ij/|N(i)|, [B, n_i, n_j]. */
  weights(xDst: tf.Tensor, xSrc: tf.Tensor): tf.Tensor {
    const B = xDst.shape[0];
    if (!this.f3 || !this.f4) return this.meanWeights.expandDims(0).tile([B, 1, 1]);
    const q = this.f3.apply(xDst), k = this.f4.apply(xSrc);
    const scores = tf.div(tf.matMul(q, transposeLast2(k)), this.out);
    const masked = tf.add(scores, tf.mul(tf.sub(this.mask, 1), 1e9));
    return tf.mul(tf.softmax(masked), this.invDegree);
  }

  apply(xDst: tf.Tensor, xSrc: tf.Tensor): tf.Tensor {
    return tf.add(this.f1.apply(xDst), tf.matMul(this.weights(xDst, xSrc), this.f2.apply(xSrc)));
  }

  dispose(): void {
    tf.dispose([...this.variables, this.mask, this.meanWeights, this.invDegree]);
  }
}
