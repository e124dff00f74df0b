/**
 * 2-D convolution layer y = act(conv(x, W) + b) on NHWC tensors, "same" zero padding, stride 1,
 * written as a Dense layer over the k×k shifted copies of x concatenated on the channel axis
 * (im2col by slicing): the wasm backend has no Conv2DBackpropFilter kernel, and the grids here are
 * tiny (a few rows and columns), so this is also fast.
 */
import { Rng } from "../core/rng";
import { tf } from "../tensor/backend";
import { Dense, type Activation } from "./dense";

export class Conv2d {
  readonly dense: Dense;

  constructor(rng: Rng, readonly inChannels: number, readonly outChannels: number, readonly size = 3, activation: Activation = "relu", alpha = 0.1) {
    if (!(Number.isInteger(size) && size % 2 === 1)) throw new RangeError(`Conv2d: size must be an odd integer, got ${size}`);
    this.dense = new Dense(rng, size * size * inChannels, outChannels, { activation, alpha });
  }

  get variables(): tf.Variable[] {
    return this.dense.variables;
  }

  apply(x: tf.Tensor4D): tf.Tensor4D {
    const [B, H, W, C] = x.shape;
    const r = (this.size - 1) / 2;
    const padded = tf.pad(x, [[0, 0], [r, r], [r, r], [0, 0]]);
    const shifted: tf.Tensor[] = [];
    for (let dy = 0; dy < this.size; dy++) for (let dx = 0; dx < this.size; dx++) shifted.push(padded.slice([0, dy, dx, 0], [B, H, W, C]));
    return this.dense.apply(tf.concat(shifted, 3)) as tf.Tensor4D;
  }
}
