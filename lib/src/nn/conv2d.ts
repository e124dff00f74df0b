/**
 * 2-D convolution layer y = act(conv(x, W) + b) on NHWC tensors, "same" padding, stride 1,
 * Glorot-uniform kernel (fan-in kh·kw·cin, fan-out kh·kw·cout).
 */
import { Rng } from "../core/rng";
import { tf } from "../tensor/backend";
import type { Activation } from "./dense";

export class Conv2d {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;

  constructor(rng: Rng, readonly inChannels: number, readonly outChannels: number, readonly size = 3, readonly activation: Activation = "relu", readonly alpha = 0.1) {
    const a = Math.sqrt(6 / (size * size * (inChannels + outChannels)));
    const w = new Float32Array(size * size * inChannels * outChannels);
    for (let i = 0; i < w.length; i++) w[i] = rng.uniformIn(-a, a);
    this.kernel = tf.variable(tf.tensor4d(w, [size, size, inChannels, outChannels]));
    this.bias = tf.variable(tf.zeros([outChannels]));
  }

  get variables(): tf.Variable[] {
    return [this.kernel, this.bias];
  }

  apply(x: tf.Tensor4D): tf.Tensor4D {
    const z = tf.add(tf.conv2d(x, this.kernel as unknown as tf.Tensor4D, 1, "same"), this.bias) as tf.Tensor4D;
    switch (this.activation) {
      case "linear":
        return z;
      case "relu":
        return tf.relu(z);
      case "leakyrelu":
        return tf.leakyRelu(z, this.alpha);
      case "sigmoid":
        return tf.sigmoid(z);
    }
  }
}
