/**
 * The metrics of metrics.ts as differentiable, batched tfjs functions (for training), and the
 * loss (25). Channels enter scaled by channelScale (entries of order one) with the noise scaled
 * alike, which leaves every SINR unchanged and keeps float32 well away from underflow.
 *
 * Shapes: channels H [B, L, M]; beams C [B, M, L] and S [B, M, M]; steering Aᴴ [N, M];
 * desired b [N]; beampatterns [B, N]; SINRs [B, L].
 */
import { tf } from "../../tensor/backend";
import { cabs2, cmatmul, type ComplexTensor } from "../../tensor/complex";
import type { CMat } from "../../core/linalg";
import type { SystemConfig } from "./config";
import { angleGrid, channelScale, desiredBeampattern, steeringMatrix, type ChannelSet } from "./system";

/** Constants of a system: the grid's Aᴴ and b, the scaled noise, Γ₀ and P₀. */
export interface SystemTensors {
  steeringH: ComplexTensor;
  desired: tf.Tensor1D;
  noise: number;
  sinr: number;
  power: number;
}

export function systemTensors(sys: SystemConfig): SystemTensors {
  const grid = angleGrid(sys.gridPoints);
  const A = steeringMatrix(sys.antennas, grid);
  const N = grid.length, M = sys.antennas;
  const hRe = new Float32Array(N * M), hIm = new Float32Array(N * M);
  for (let m = 0; m < M; m++)
    for (let n = 0; n < N; n++) {
      hRe[n * M + m] = A.re[m * N + n];
      hIm[n * M + m] = -A.im[m * N + n];
    }
  const s = channelScale(sys);
  return {
    steeringH: { re: tf.tensor2d(hRe, [N, M]), im: tf.tensor2d(hIm, [N, M]) },
    desired: tf.tensor1d(Float32Array.from(desiredBeampattern(grid, sys.targetsDeg, sys.beamWidthDeg))),
    noise: sys.noise * s * s,
    sinr: 10 ** (sys.sinrDb / 10),
    power: sys.power,
  };
}

export function disposeSystemTensors(t: SystemTensors): void {
  tf.dispose([t.steeringH.re, t.steeringH.im, t.desired]);
}

/** Scaled channels [B, L, M] of a channel set. */
export function channelTensors(set: ChannelSet, sys: SystemConfig): ComplexTensor {
  const s = channelScale(sys), shape = [set.size, set.users, set.antennas];
  return { re: tf.tensor3d(Float32Array.from(set.re, (v) => v * s), shape as [number, number, number]), im: tf.tensor3d(Float32Array.from(set.im, (v) => v * s), shape as [number, number, number]) };
}

/**
 * Channels with user l of sample b rotated by e^{jφ[b·L + l]}: [B, L, M]. The SINRs (9) of any
 * fixed beams are unchanged (they depend on |h_lᴴ x|² only) and the beampattern (6) does not involve
 * the channels, so a rotated drop poses the same problem with the same optimum (training-time
 * augmentation).
 */
export function rotateUserPhases(h: ComplexTensor, phases: Float32Array): ComplexTensor {
  const [B, L] = h.re.shape;
  if (phases.length !== B * L) throw new Error(`rotateUserPhases: need ${B * L} phases for channels [${h.re.shape}], got ${phases.length}`);
  return tf.tidy(() => {
    const phi = tf.tensor3d(phases, [B, L, 1]);
    const cos = tf.cos(phi), sin = tf.sin(phi);
    return { re: tf.sub(tf.mul(h.re, cos), tf.mul(h.im, sin)), im: tf.add(tf.mul(h.re, sin), tf.mul(h.im, cos)) };
  });
}

/** Steering vectors of the target directions as network features [K, 2M] = [Re a(θ̂_k), Im a(θ̂_k)]. */
export function targetFeatures(A: CMat): tf.Tensor2D {
  const M = A.rows, K = A.cols;
  const f = new Float32Array(K * 2 * M);
  for (let k = 0; k < K; k++)
    for (let m = 0; m < M; m++) {
      f[k * 2 * M + m] = A.re[m * K + k];
      f[k * 2 * M + M + m] = A.im[m * K + k];
    }
  return tf.tensor2d(f, [K, 2 * M]);
}

/** X = [C, S] [B, M, L + M]. */
function stacked(C: ComplexTensor, S: ComplexTensor): ComplexTensor {
  return { re: tf.concat([C.re, S.re], 2), im: tf.concat([C.im, S.im], 2) };
}

/** P(θ_n; R) = Σ_k |a(θ_n)ᴴ x_k|² over the columns x_k of [C, S] (6): [B, N]. */
export function beampatternTf(C: ComplexTensor, S: ComplexTensor, steeringH: ComplexTensor): tf.Tensor {
  const X = stacked(C, S);
  const [B, M, K] = X.re.shape;
  const flat = (x: tf.Tensor) => x.transpose([1, 0, 2]).reshape([M, B * K]); // [M, B·K]
  const Y = cmatmul(steeringH, { re: flat(X.re), im: flat(X.im) }); // [N, B·K]
  const N = steeringH.re.shape[0];
  return tf.sum(cabs2(Y).reshape([N, B, K]), 2).transpose(); // [B, N]
}

/** L(R) of (7) per sample, with β = bᵀp / bᵀb (§IV.B): [B]. */
export function mseTf(pattern: tf.Tensor, desired: tf.Tensor1D): tf.Tensor {
  const beta = tf.div(tf.sum(tf.mul(pattern, desired), 1, true), tf.sum(tf.square(desired))); // [B, 1]
  return tf.mean(tf.square(tf.sub(tf.mul(beta, desired), pattern)), 1);
}

/** Γ_l of (9): [B, L]. H [B, L, M] and the noise must be scaled alike. */
export function sinrTf(H: ComplexTensor, C: ComplexTensor, S: ComplexTensor, noise: number): tf.Tensor {
  const X = stacked(C, S);
  const [, L] = H.re.shape;
  const G = cabs2(cmatmul({ re: H.re, im: tf.neg(H.im) }, X)); // |h_lᴴ x_k|² [B, L, L + M]
  const signal = tf.sum(tf.mul(G, tf.eye(L, G.shape[2]).expandDims(0)), 2);
  return tf.div(signal, tf.add(tf.sub(tf.sum(G, 2), signal), noise));
}

/** The loss (25) per sample: t₁ = L(R), t₂ = Σ_l ReLU(Γ₀ − Γ_l); returns both terms [B]. */
export function lossTermsTf(H: ComplexTensor, C: ComplexTensor, S: ComplexTensor, t: SystemTensors): { mse: tf.Tensor; barrier: tf.Tensor } {
  const mse = mseTf(beampatternTf(C, S, t.steeringH), t.desired);
  const barrier = tf.sum(tf.relu(tf.sub(t.sinr, sinrTf(H, C, S, t.noise))), 1);
  return { mse, barrier };
}

/** Batch mean of (25): t₁ + μ t₂. */
export function lossTf(H: ComplexTensor, C: ComplexTensor, S: ComplexTensor, t: SystemTensors, mu: number): tf.Scalar {
  const { mse, barrier } = lossTermsTf(H, C, S, t);
  return tf.mean(tf.add(mse, tf.mul(mu, barrier))) as tf.Scalar;
}
