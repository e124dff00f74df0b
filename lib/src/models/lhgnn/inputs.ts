/**
 * Network inputs (43)–(44) as tensors: communication-node features c⁰ = [Re ĥ_{k,n}, Im ĥ_{k,n}]
 * [B, N, K, 2L] and sensing-node features s⁰ = [Re a_t, Im a_t] [B, N, Z, 2L]. Both are scaled to
 * unit RMS per entry (ours: ĥ by a constant taken from the training set, a_t by √L), which changes
 * no information and keeps the first layers in their useful range.
 */
import { tf } from "../../tensor/backend";
import type { LhgnnDataset } from "../../systems/lhgnn/data";

export interface BeamInputs {
  comm: tf.Tensor;
  sens: tf.Tensor;
}

/** 1/RMS of the entries of the estimated channels (the feature scale, from the training set). */
export function channelScale(ds: LhgnnDataset): number {
  let s = 0;
  for (let i = 0; i < ds.hHat.re.length; i++) s += ds.hHat.re[i] ** 2 + ds.hHat.im[i] ** 2;
  return 1 / Math.sqrt(s / (2 * ds.hHat.re.length));
}

function features(re: Float32Array, im: Float32Array, shape: [number, number, number, number], scale: number): tf.Tensor {
  return tf.tidy(() => tf.mul(tf.concat([tf.tensor4d(re, shape), tf.tensor4d(im, shape)], 3), scale));
}

export function inputTensors(ds: LhgnnDataset, hScale: number): BeamInputs {
  return {
    comm: features(ds.hHat.re, ds.hHat.im, [ds.size, ds.N, ds.K, ds.L], hScale),
    sens: features(ds.steer.re, ds.steer.im, [ds.size, ds.N, ds.Z, ds.L], Math.sqrt(ds.L)),
  };
}

/** True channels [B, N, K, L] (for the loss and the metrics). */
export function channelTensors(ds: LhgnnDataset): { re: tf.Tensor; im: tf.Tensor } {
  const shape: [number, number, number, number] = [ds.size, ds.N, ds.K, ds.L];
  return { re: tf.tensor4d(ds.h.re, shape), im: tf.tensor4d(ds.h.im, shape) };
}

/** Splits [B, N, S, 2L] into complex beams [B, N, S, L]. */
export function featuresToBeams(x: tf.Tensor): { re: tf.Tensor; im: tf.Tensor } {
  const L = x.shape[3]! / 2;
  const [re, im] = tf.split(x, [L, L], 3);
  return { re, im };
}
