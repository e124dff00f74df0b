/**
 * The normalisation layer's read-out (20)–(23), shared by the GNN and the DNN of Benchmark 3:
 * per-user outputs z_l ∈ R^{2M} become ċ_l = z_l(1:M) + j z_l(M+1:2M) (20); the sensing output
 * in R^{2M²} is reshaped to Z_s ∈ R^{2M×M} and Ṡ = Z_s(1:M, :) + j Z_s(M+1:2M, :) (21)–(22); then
 * both are scaled by one factor so that tr(C Cᴴ + S Sᴴ) = P₀ (23). (23) as printed divides by
 * tr(·) rather than its square root, which would not meet (11c); we use √(P₀ / tr(Ċ Ċᴴ + Ṡ Ṡᴴ)).
 */
import { tf } from "../../tensor/backend";
import { cnorm2, cscale, type ComplexTensor } from "../../tensor/complex";

export interface BeamTensors {
  /** [B, M, L], column l is c_l */
  c: ComplexTensor;
  /** [B, M, M] */
  s: ComplexTensor;
}

/** zc [B, L, 2M], zs [B, 2M²] → normalised beams with tr R = power in every sample. */
export function normalisedBeams(zc: tf.Tensor, zs: tf.Tensor, antennas: number, power: number): BeamTensors {
  const M = antennas, B = zc.shape[0];
  if (zc.shape[2] !== 2 * M) throw new Error(`normalisedBeams: user outputs must have 2M = ${2 * M} features, got shape [${zc.shape}]`);
  if (zs.shape[1] !== 2 * M * M) throw new Error(`normalisedBeams: sensing output must have 2M² = ${2 * M * M} features, got shape [${zs.shape}]`);
  const [cr, ci] = tf.split(zc, 2, 2); // (20) [B, L, M] each
  const c = { re: cr.transpose([0, 2, 1]), im: ci.transpose([0, 2, 1]) };
  const [sr, si] = tf.split(zs.reshape([B, 2 * M, M]), 2, 1); // (21)–(22) [B, M, M] each
  const s = { re: sr, im: si };
  const total = tf.add(cnorm2(c, [1, 2]), cnorm2(s, [1, 2])).reshape([B, 1, 1]); // tr(ĊĊᴴ + ṠṠᴴ)
  const f = tf.sqrt(tf.div(power, tf.add(total, 1e-12))); // (23)
  return { c: cscale(c, f), s: cscale(s, f) };
}
