/**
 * A linear layer on a concatenation, W·[x₁; x₂; …] + b, computed as Σᵢ Wᵢ xᵢ + b without building
 * the concatenation: each input may have size-1 axes where the others have full ones, and the sum
 * broadcasts. Message-passing layers use this to combine vertex features [B, M, 1, F] and
 * [B, 1, U, F] with edge features [B, M, U, F] without tiling the vertices over the edges.
 */
import { Rng } from "../core/rng";
import { tf } from "../tensor/backend";
import { Dense } from "./dense";

export class ConcatLinear {
  private readonly parts: Dense[];

  /** One block Wᵢ per input, inSizes[i] → out. */
  constructor(rng: Rng, readonly inSizes: number[], readonly out: number) {
    if (inSizes.length === 0) throw new Error("ConcatLinear: needs at least one input size");
    this.parts = inSizes.map((n, i) => new Dense(rng.child(i), n, out));
  }

  get variables(): tf.Variable[] {
    return this.parts.flatMap((p) => p.variables);
  }

  /** Σᵢ Wᵢ xᵢ + b over inputs with broadcastable leading axes; [..., inSizes[i]] → [..., out]. */
  apply(inputs: tf.Tensor[]): tf.Tensor {
    if (inputs.length !== this.parts.length) {
      throw new Error(`ConcatLinear: built for ${this.parts.length} inputs, got ${inputs.length}`);
    }
    return inputs.map((x, i) => this.parts[i].apply(x)).reduce((a, b) => tf.add(a, b));
  }
}
