/**
 * Adam (Kingma & Ba), with its state in plain view so a run can be checkpointed and resumed.
 *
 *   m ← β₁m + (1−β₁)g,   v ← β₂v + (1−β₂)g²,   θ ← θ − lr · m̂ / (√v̂ + ε),
 *   m̂ = m / (1−β₁ᵗ),  v̂ = v / (1−β₂ᵗ)
 *
 * with PyTorch's defaults β = (0.9, 0.999), ε = 1e-8 (the papers train with PyTorch).
 */
import { tf } from "../tensor/backend";

export class Adam {
  readonly beta1 = 0.9;
  readonly beta2 = 0.999;
  readonly epsilon = 1e-8;
  /** Steps taken so far (t in the bias corrections). */
  step = 0;
  /** First and second moments, one per variable (same order). */
  readonly m: tf.Variable[];
  readonly v: tf.Variable[];

  constructor(readonly variables: tf.Variable[]) {
    const zeros = () => variables.map((x) => tf.tidy(() => tf.variable(tf.zerosLike(x), false)));
    this.m = zeros();
    this.v = zeros();
  }

  /** One step on `objective` at learning rate `lr`; returns the objective's value (caller disposes). */
  minimize(objective: () => tf.Scalar, lr: number): tf.Scalar {
    return tf.tidy(() => {
      const { value, grads } = tf.variableGrads(objective, this.variables);
      this.step++;
      const c1 = 1 - this.beta1 ** this.step, c2 = 1 - this.beta2 ** this.step;
      this.variables.forEach((x, i) => {
        const g = grads[x.name];
        const m = this.m[i].add(g.sub(this.m[i]).mul(1 - this.beta1));
        const v = this.v[i].add(g.square().sub(this.v[i]).mul(1 - this.beta2));
        this.m[i].assign(m);
        this.v[i].assign(v);
        x.assign(x.sub(m.div(c1).div(v.div(c2).sqrt().add(this.epsilon)).mul(lr)));
      });
      return value;
    });
  }

  dispose(): void {
    tf.dispose([...this.m, ...this.v]);
  }
}
