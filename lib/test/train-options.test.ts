import { test, before } from "node:test";
import assert from "node:assert/strict";
import { tf, initBackend } from "isac/tensor";
import { Trainer } from "isac/train";

before(async () => {
  await initBackend(undefined, { quiet: true });
});

test("Trainer: the loss receives the epoch number (1-based), once per batch", () => {
  const w = tf.variable(tf.scalar(1));
  const seen: number[] = [];
  new Trainer({ epochs: 3, batchSize: 2, learningRate: 0.1, seed: 1 }).fit({
    variables: [w],
    data: { x: tf.ones([4]) },
    loss: (b, epoch) => {
      seen.push(epoch);
      return tf.mean(tf.mul(b.x, tf.square(w))) as tf.Scalar;
    },
  });
  assert.deepEqual(seen, [1, 1, 2, 2, 3, 3]);
  w.dispose();
});

test("Trainer: weightDecay adds (λ/2)‖θ‖², i.e. Adam on the gradient g + λθ", () => {
  // Loss 0 ⇒ the only gradient is λθ; Adam's first step moves every θ by −lr·sign(λθ).
  const w = tf.variable(tf.tensor1d([2, -3]));
  const r = new Trainer({ epochs: 1, batchSize: 1, learningRate: 0.01, seed: 1, weightDecay: 0.5 }).fit({
    variables: [w],
    data: { x: tf.ones([1]) },
    loss: (b) => tf.mul(tf.sum(b.x), 0) as tf.Scalar,
  });
  assert.ok(Math.abs(r.history[0].loss - 0.25 * (4 + 9)) < 1e-5, `logged loss ${r.history[0].loss} includes the decay term`);
  const v = w.dataSync();
  assert.ok(Math.abs(v[0] - 1.99) < 1e-5 && Math.abs(v[1] + 2.99) < 1e-5, `after one step: ${v}`);
  assert.throws(() => new Trainer({ epochs: 1, batchSize: 1, learningRate: 0.1, seed: 1, weightDecay: -1 }), /weightDecay/);
  w.dispose();
});
