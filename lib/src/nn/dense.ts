/**
 * Dense (fully connected) layer y = act(x W + b) on the last axis of x ([..., in] → [..., out]).
 *
 * Forward runs tfjs's fused matMul+bias(+activation) kernel. Its stock gradient multiplies with
 * transposed-operand flags, which the wasm backend runs ~10× slower (DESIGN.md), so the gradient
 * here is written out with explicit transposes:
 *   dZ = dY ⊙ act'(Z),  dX = dZ Wᵀ,  dW = Xᵀ dZ,  db = Σ_rows dZ.
 * Each choice below was timed on wasm (`npm run bench`; environment.md has the figures).
 */
import { Rng } from "../core/rng";
import { tf } from "../tensor/backend";
import { matMulT, transposeLast2 } from "../tensor/matmul-grad";
import { nativeGemmActive } from "../tensor/native-gemm";
import { glorotUniform } from "./init";

export type Activation = "linear" | "relu" | "leakyrelu" | "sigmoid";

export interface DenseOptions {
  activation?: Activation;
  /** Negative slope of leaky ReLU (default 0.2, tfjs's default; the papers use 0.1 or 0.01). */
  alpha?: number;
}

/**
 * Leaky ReLU as z ⊙ step(z; α) (step(z; α) = 1 for z > 0, α otherwise): on wasm this is two fast
 * kernels (3 ms on a 3840×256 tensor) where tfjs's LeakyRelu kernel, fused or not, takes 5–6 ms.
 */
function leakyRelu(z: tf.Tensor, alpha: number): tf.Tensor {
  return tf.mul(z, tf.step(z, alpha));
}

/** dZ = dY ⊙ act'(Z), with act' read off the output Y = act(Z) (Z is not kept). */
function activationBackward(act: Activation, dy: tf.Tensor, y: tf.Tensor, alpha: number): tf.Tensor {
  switch (act) {
    case "linear":
      return dy;
    case "relu":
      return tf.mul(dy, tf.step(y, 0));
    case "leakyrelu":
      return tf.mul(dy, tf.step(y, alpha)); // y > 0 exactly when z > 0
    case "sigmoid":
      return tf.mul(dy, tf.mul(y, tf.sub(1, y)));
  }
}

function fusedDense(act: Activation, alpha: number) {
  const f = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    const fusedAct = act === "leakyrelu" ? "linear" : act;
    const z = tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: b, activation: fusedAct });
    const y = act === "leakyrelu" ? leakyRelu(z, alpha) : z;
    save([x, w, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws, ys] = saved;
        const dz = activationBackward(act, dy, ys, alpha);
        // dW = Xᵀ dZ; without BLAS, transpose the narrower of X [rows, in] and dZ [rows, out] (dW = (dZᵀ X)ᵀ).
        const [inFeatures, out] = [xs.shape[1]!, dz.shape[1]!];
        const dw = out < inFeatures && !nativeGemmActive() ? transposeLast2(tf.matMul(transposeLast2(dz), xs)) : matMulT(xs, dz, true, false);
        // db = Σ_rows dZ as 1ᵀ dZ: a [1, rows] product is ~40× faster than Sum over axis 0 on wasm.
        const db = tf.matMul(tf.ones([1, dz.shape[0]!]), dz).reshape([out]);
        return [matMulT(dz, ws, false, true), dw, db];
      },
    };
  };
  return tf.customGrad(f as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor;
}

export class Dense {
  readonly w: tf.Variable;
  readonly b: tf.Variable;
  readonly activation: Activation;
  readonly alpha: number;
  private readonly op: (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor;

  constructor(rng: Rng, readonly inFeatures: number, readonly outFeatures: number, o: DenseOptions = {}) {
    this.activation = o.activation ?? "linear";
    this.alpha = o.alpha ?? 0.2;
    // Unnamed variables: tfjs names them uniquely, so two models built from one seed can coexist.
    this.w = tf.variable(glorotUniform(rng, inFeatures, outFeatures), true);
    this.b = tf.variable(tf.zeros([outFeatures]), true);
    this.op = fusedDense(this.activation, this.alpha);
  }

  get variables(): tf.Variable[] {
    return [this.w, this.b];
  }

  /** [..., in] → [..., out]; leading axes are flattened into one matrix product. */
  apply(x: tf.Tensor): tf.Tensor {
    const last = x.shape[x.rank - 1];
    if (last !== this.inFeatures) {
      throw new Error(`Dense ${this.inFeatures}→${this.outFeatures}: input's last axis is ${last} (shape [${x.shape}])`);
    }
    const lead = x.shape.slice(0, -1);
    const y = this.op(x.reshape([-1, this.inFeatures]), this.w, this.b);
    return y.reshape([...lead, this.outFeatures]);
  }
}
