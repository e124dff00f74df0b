/**
 * Gradients of Mean and Sum that broadcast instead of multiplying by a tensor of ones.
 *
 * tfjs's own gradient of y = mean(x, axes) builds ones(x.shape) and computes
 * (reshape(dy) · ones) / n: three full-size kernels. The same value is one broadcast of
 * reshape(dy) / n (a small tensor) to x's shape. GNN layers aggregate with mean/sum over node
 * axes at every layer, so this runs many times per step.
 */
import * as tf from "@tensorflow/tfjs";

function expandedDy(dy: tf.Tensor, x: tf.Tensor, axis: number | number[] | null): { dy: tf.Tensor; count: number } {
  const axes = tf.util.parseAxisParam(axis as number | number[], x.shape); // null means all axes
  const shape = x.shape.slice();
  let count = 1;
  for (const a of axes) {
    count *= shape[a];
    shape[a] = 1;
  }
  return { dy: tf.reshape(dy, shape), count };
}

const meanGrad: tf.GradConfig = {
  kernelName: tf.Mean,
  inputsToSave: ["x"],
  gradFunc: (dy, [x], attrs) => {
    const { axis } = attrs as unknown as { axis: number | number[] | null };
    const e = expandedDy(dy as tf.Tensor, x, axis);
    return { x: () => tf.broadcastTo(tf.div(e.dy, e.count), x.shape) };
  },
};

const sumGrad: tf.GradConfig = {
  kernelName: tf.Sum,
  inputsToSave: ["x"],
  gradFunc: (dy, [x], attrs) => {
    const { axis } = attrs as unknown as { axis: number | number[] | null };
    const e = expandedDy(dy as tf.Tensor, x, axis);
    return { x: () => tf.broadcastTo(e.dy, x.shape) };
  },
};

export const broadcastReduceGrads = [meanGrad, sumGrad];
