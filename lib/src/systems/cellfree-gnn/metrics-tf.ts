/**
 * The objective (8a) as a differentiable, batched tfjs function of the beams (for training), the
 * same formulas as system.ts's reference code.
 */
import { tf } from "../../tensor/backend";
import { cabs2, type ComplexTensor } from "../../tensor/complex";
import type { CellFreeBatch } from "./system";

export interface BatchTensors {
  /** [B, M, U, Nt] */
  h: ComplexTensor;
  /** [B, M, Nt] */
  a: ComplexTensor;
  /** [B, M] */
  sensingWeight: tf.Tensor;
}

export function batchTensors(b: CellFreeBatch): BatchTensors {
  const { size: B, aps: M, users: U, antennas: N } = b;
  return {
    h: { re: tf.tensor4d(b.h.re, [B, M, U, N]), im: tf.tensor4d(b.h.im, [B, M, U, N]) },
    a: { re: tf.tensor3d(b.a.re, [B, M, N]), im: tf.tensor3d(b.a.im, [B, M, N]) },
    sensingWeight: tf.tensor2d(b.sensingWeight, [B, M]),
  };
}

/** Sum rate [B] and sensing SNR [B] of beams F [B, M, S, Nt] (S = U + 1). */
export function metricsTf(t: BatchTensors, F: ComplexTensor, noise: number): { sumRate: tf.Tensor; sensingSnr: tf.Tensor } {
  const [B, M, U, N] = t.h.re.shape;
  const S = U + 1;
  // g[b,u,s] = Σ_{m,n} conj(h[b,m,u,n]) f[b,m,s,n]: stack (m, n) and multiply [B,U,MN]·[B,MN,S].
  const H = { re: t.h.re.transpose([0, 2, 1, 3]).reshape([B, U, M * N]), im: t.h.im.transpose([0, 2, 1, 3]).reshape([B, U, M * N]) };
  const Fm = { re: F.re.transpose([0, 1, 3, 2]).reshape([B, M * N, S]), im: F.im.transpose([0, 1, 3, 2]).reshape([B, M * N, S]) };
  const g = {
    re: tf.add(tf.matMul(H.re, Fm.re), tf.matMul(H.im, Fm.im)),
    im: tf.sub(tf.matMul(H.re, Fm.im), tf.matMul(H.im, Fm.re)),
  };
  const pow = cabs2(g); // [B, U, S]
  const signal = tf.sum(tf.mul(pow, tf.eye(U, S).expandDims(0)), -1); // |g_uu|²
  const interference = tf.sub(tf.sum(pow, -1), signal);
  const sumRate = tf.sum(tf.div(tf.log1p(tf.div(signal, tf.add(interference, noise))), Math.LN2), -1);
  // |a_mᴴ f_ms|² summed over streams, weighted by w_m = Σ_mr ζ²_{m mr}  (7)
  const ip = {
    re: tf.sum(tf.add(tf.mul(t.a.re.expandDims(2), F.re), tf.mul(t.a.im.expandDims(2), F.im)), -1),
    im: tf.sum(tf.sub(tf.mul(t.a.re.expandDims(2), F.im), tf.mul(t.a.im.expandDims(2), F.re)), -1),
  }; // [B, M, S]
  const beam = tf.sum(cabs2(ip), -1); // [B, M]
  const sensingSnr = tf.div(tf.sum(tf.mul(t.sensingWeight, beam), -1), M * noise);
  return { sumRate, sensingSnr };
}

/** Mean of (8a) over the batch, to maximise. */
export function objectiveTf(t: BatchTensors, F: ComplexTensor, noise: number, betaS: number): tf.Scalar {
  const { sumRate, sensingSnr } = metricsTf(t, F, noise);
  return tf.mean(tf.add(sumRate, tf.mul(betaS / Math.LN2, tf.log1p(sensingSnr)))) as tf.Scalar;
}
