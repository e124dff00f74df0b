/**
 * Problem (8) as differentiable tensors, for training on batches of instances padded to common
 * sizes (padded APs and users have zero gains and a zero mask). Powers are in units of the per-AP
 * budget: P̂_mk = P_mk / ρ_DL, so (8b) reads Σ_k P̂_mk ≤ 1.
 *
 * With orthogonal pilots (the only case the power allocation supports, see power-allocation.ts)
 * the SINR (3) is
 *   γ_k = (Σ_m √(P̂_mk ρṽ_mk))² / (Σ_m ρβ_mk p̂_m + 1),   p̂_m = Σ_k P̂_mk,
 * and the CRLB (6) in units of ν is σ²_xy/ν = (a + b)/(ab − c²) with [a, b, c] = Σ_m p̂_m νρ[q_a, q_b, q_c]_m.
 */
import { tf } from "../../tensor/backend";
import { assertOrthogonalPilots, type Instance } from "./scenario";

/** The system quantities of a padded batch [B, M, ·]; ρ, P_cir and γ_thr are shared by the batch. */
export interface SystemTensors {
  /** ρṽ_mk and ρβ_mk, [B, M, K] */
  rv: tf.Tensor;
  rb: tf.Tensor;
  /** νρ[q_a, q_b, q_c], [B, M, 3] */
  q: tf.Tensor;
  /** 1 for real APs / users, 0 for padding: [B, M], [B, K] */
  apMask: tf.Tensor;
  ueMask: tf.Tensor;
}

export interface SharedConstants {
  rho: number;
  pcir: number;
  gamma: number;
  nu: number;
}

/** ρ, P_cir, γ_thr and ν of a set of instances; throws if they differ (one batch, one setting). */
export function sharedConstants(instances: readonly Instance[]): SharedConstants {
  if (!instances.length) throw new Error("ap-activation: no instances");
  const [first] = instances;
  for (const inst of instances) {
    assertOrthogonalPilots(inst);
    if (inst.rho !== first.rho || inst.pcir !== first.pcir || inst.gamma !== first.gamma || inst.nu !== first.nu) {
      throw new Error("ap-activation: instances of one batch must share ρ_DL, P_cir, γ_thr and ν");
    }
  }
  return { rho: first.rho, pcir: first.pcir, gamma: first.gamma, nu: first.nu };
}

/**
 * A [B, rows, cols] array of f(inst, i, j) for i, j inside each instance's own extent (default
 * its M × K), zero in the padding.
 */
export function padded(
  instances: readonly Instance[],
  rows: number,
  cols: number,
  f: (inst: Instance, i: number, j: number) => number,
  extent: (inst: Instance) => [number, number] = (inst) => [inst.M, inst.K],
): Float32Array {
  const out = new Float32Array(instances.length * rows * cols);
  instances.forEach((inst, b) => {
    const [r, c] = extent(inst);
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[(b * rows + i) * cols + j] = f(inst, i, j);
  });
  return out;
}

/** The SystemTensors of instances padded to the largest M and K among them. */
export function systemTensors(instances: readonly Instance[]): SystemTensors {
  const { rho, nu } = sharedConstants(instances);
  const B = instances.length;
  const M = Math.max(...instances.map((i) => i.M));
  const K = Math.max(...instances.map((i) => i.K));
  const q = [(i: Instance, m: number) => i.qa[m], (i: Instance, m: number) => i.qb[m], (i: Instance, m: number) => i.qc[m]];
  return {
    rv: tf.tensor3d(padded(instances, M, K, (i, m, k) => rho * i.v[m][k]), [B, M, K]),
    rb: tf.tensor3d(padded(instances, M, K, (i, m, k) => rho * i.beta[m][k]), [B, M, K]),
    q: tf.tensor3d(padded(instances, M, 3, (i, m, j) => nu * rho * q[j](i, m), (i) => [i.M, 3]), [B, M, 3]),
    apMask: tf.tensor2d(padded(instances, M, 1, () => 1, (i) => [i.M, 1]), [B, M]),
    ueMask: tf.tensor2d(padded(instances, 1, K, () => 1, (i) => [1, i.K]), [B, K]),
  };
}

/**
 * √γ_k of the SINR (3) of every user, [B, K], for powers P̂ [B, M, K] (units of ρ) on the APs where
 * `on` [B, M] is 1. √γ_k = Σ_m √(P̂_mk ρṽ_mk) / √(interference + noise) is linear in the amplitudes,
 * so its gradient does not vanish where no AP serves user k. The gate multiplies the amplitudes
 * rather than P̂ (the same for on ∈ {0, 1}), so that a gradient with respect to `on` stays finite at 0.
 */
export function sqrtSinrTf(t: SystemTensors, P: tf.Tensor, on?: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    // √ is shifted by a tiny constant so that its gradient stays finite at P̂ = 0.
    let amplitude = tf.sub(tf.sqrt(tf.add(tf.mul(P, t.rv), 1e-12)), 1e-6);
    let psen = tf.sum(P, 2, true); // [B, M, 1]
    if (on) {
      amplitude = tf.mul(amplitude, on.expandDims(2));
      psen = tf.mul(psen, on.expandDims(2));
    }
    const interference = tf.add(tf.sum(tf.mul(t.rb, psen), 1), 1); // [B, K]
    return tf.div(tf.sum(amplitude, 1), tf.sqrt(interference));
  });
}

/** SINR (3) of every user, [B, K] (see sqrtSinrTf). */
export function sinrTf(t: SystemTensors, P: tf.Tensor, on?: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.square(sqrtSinrTf(t, P, on)));
}

/** ν / σ²_xy = (ab − c²)/(a + b) per sample [B] (≥ 1 exactly when (8d) holds), for AP powers p̂ [B, M]. */
export function sensingMarginTf(t: SystemTensors, psen: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const abc = tf.sum(tf.mul(t.q, psen.expandDims(2)), 1); // [B, 3]
    const [a, b, c] = tf.unstack(abc, 1);
    return tf.div(tf.sub(tf.mul(a, b), tf.square(c)), tf.add(tf.add(a, b), 1e-12));
  });
}
