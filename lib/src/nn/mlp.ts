/** A stack of Dense layers: hidden layers share one activation, the last one has its own. */
import { Rng } from "../core/rng";
import { tf } from "../tensor/backend";
import { Dense, type Activation } from "./dense";

export interface MlpOptions {
  /** Activation of the hidden layers (default leakyrelu). */
  activation?: Activation;
  /** Activation of the output layer (default linear). */
  outputActivation?: Activation;
  alpha?: number;
}

export class Mlp {
  readonly layers: Dense[];

  /** sizes = [in, hidden..., out]. */
  constructor(rng: Rng, readonly sizes: number[], o: MlpOptions = {}) {
    if (sizes.length < 2) throw new Error(`Mlp needs at least [in, out] sizes, got [${sizes}]`);
    this.layers = sizes.slice(1).map((out, i) => {
      const last = i === sizes.length - 2;
      return new Dense(rng.child(i), sizes[i], out, {
        activation: last ? o.outputActivation ?? "linear" : o.activation ?? "leakyrelu",
        alpha: o.alpha,
      });
    });
  }

  get variables(): tf.Variable[] {
    return this.layers.flatMap((l) => l.variables);
  }

  apply(x: tf.Tensor): tf.Tensor {
    return this.layers.reduce((h, l) => l.apply(h), x);
  }
}
