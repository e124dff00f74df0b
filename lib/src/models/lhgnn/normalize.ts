/**
 * Output layer (50): beams scaled per BS so that ‖p^s_n‖² + Σ_k ‖p^c_{n,k}‖² ≤ P_n,
 *   p = √P_n · p̂ / max(√P_n, √P̂_n),  P̂_n = Σ_z ‖p̂^s_{n,z}‖² + Σ_k ‖p̂^c_{n,k}‖²,
 * i.e. unchanged when within budget, scaled onto it otherwise. Beams [B, N, S, L].
 */
import { tf } from "../../tensor/backend";
import type { ComplexTensor } from "../../tensor/complex";

export function powerNormalize(p: ComplexTensor, powerW: number): ComplexTensor {
  const Pn = tf.sum(tf.add(tf.square(p.re), tf.square(p.im)), [2, 3], true); // [B, N, 1, 1]
  const scale = tf.div(Math.sqrt(powerW), tf.maximum(Math.sqrt(powerW), tf.sqrt(Pn)));
  return { re: tf.mul(p.re, scale), im: tf.mul(p.im, scale) };
}
