/**
 * The metrics as differentiable, batched tfjs functions of the beams (training and evaluation of the
 * learned models), the same formulas as rate.ts and speb.ts:
 *  - per-user rates (3)–(4) from g[b,k,s] = h_kᴴ p_s, one batched complex product [B,K,NL]·[B,NL,S];
 *  - the SPEB (19) of each target from J = Re Σ_q (E p_q)ᴴ(E p_q) with the constant operators
 *    E = [E_x; E_y; E_z] of speb.ts (3NL × NL), one product with all beams of the batch at once,
 *    then tr J⁻¹ of the 3 × 3 J in closed form (sum of principal 2 × 2 minors over det J).
 * Shapes: h [B, N, K, L], beams [B, N, S, L] (sensing streams first), both in noise units.
 */
import { tf } from "../../tensor/backend";
import { cabs2, type ComplexTensor } from "../../tensor/complex";
import type { Scene } from "./scene";
import { fimOperators } from "./speb";

/** Per target, E stacked as a complex 3NL × NL constant. */
export interface SpebOperators {
  E: ComplexTensor[];
  N: number;
  L: number;
}

export function spebOperators(scene: Scene): SpebOperators {
  const NL = scene.N * scene.L;
  const E = scene.targets.map((_, z) => {
    const ops = fimOperators(scene, z);
    const re = new Float32Array(3 * NL * NL), im = new Float32Array(3 * NL * NL);
    ops.forEach((Ea, a) => {
      re.set(Ea.re, a * NL * NL);
      im.set(Ea.im, a * NL * NL);
    });
    return { re: tf.tensor2d(re, [3 * NL, NL]), im: tf.tensor2d(im, [3 * NL, NL]) };
  });
  return { E, N: scene.N, L: scene.L };
}

export function disposeOperators(ops: SpebOperators): void {
  tf.dispose(ops.E.flatMap((e) => [e.re, e.im]));
}

/** [B, N, S, L] → [B, NL, S] (stream q's stacked beam p_q as a column). */
function stackBeams(b: tf.Tensor): tf.Tensor {
  const [B, N, S, L] = b.shape;
  return b.transpose([0, 1, 3, 2]).reshape([B, N * L, S]);
}

/** Per-user rates R_k [B, K] (4); Z sensing streams come first in the beams. */
export function userRatesTf(h: ComplexTensor, beams: ComplexTensor, Z: number): tf.Tensor {
  const [B, N, K, L] = h.re.shape;
  const S = beams.re.shape[2];
  const H = { re: h.re.transpose([0, 2, 1, 3]).reshape([B, K, N * L]), im: h.im.transpose([0, 2, 1, 3]).reshape([B, K, N * L]) };
  const P = { re: stackBeams(beams.re), im: stackBeams(beams.im) };
  // g = Hᴴ-rows · P: conj(h)·p
  const g = {
    re: tf.add(tf.matMul(H.re, P.re), tf.matMul(H.im, P.im)),
    im: tf.sub(tf.matMul(H.re, P.im), tf.matMul(H.im, P.re)),
  };
  const pow = cabs2(g); // [B, K, S]
  const own = tf.concat([tf.zeros([K, Z]), tf.eye(K)], 1).expandDims(0); // selects s = Z + k
  const signal = tf.sum(tf.mul(pow, own), -1);
  const interference = tf.sub(tf.sum(pow, -1), signal);
  return tf.div(tf.log1p(tf.div(signal, tf.add(interference, 1))), Math.LN2);
}

/** Position FIMs J (28) of every target, [B, Z, 3, 3]. */
export function positionFimTf(ops: SpebOperators, beams: ComplexTensor): tf.Tensor {
  const [B, N, S, L] = beams.re.shape;
  const NL = N * L;
  // all beams as columns of one NL × (B·S) matrix
  const cols = (x: tf.Tensor) => x.transpose([1, 3, 0, 2]).reshape([NL, B * S]);
  const Pr = cols(beams.re), Pi = cols(beams.im);
  const Js = ops.E.map((E) => {
    const Vr = tf.sub(tf.matMul(E.re, Pr), tf.matMul(E.im, Pi));
    const Vi = tf.add(tf.matMul(E.re, Pi), tf.matMul(E.im, Pr));
    // [3, NL, B, S] → [B, 3, NL·S]; J = Vr Vrᵀ + Vi Viᵀ
    const v = (x: tf.Tensor) => x.reshape([3, NL, B, S]).transpose([2, 0, 1, 3]).reshape([B, 3, NL * S]);
    const vr = v(Vr), vi = v(Vi);
    const t = (x: tf.Tensor) => x.transpose([0, 2, 1]);
    return tf.add(tf.matMul(vr, t(vr)), tf.matMul(vi, t(vi)));
  });
  return tf.stack(Js, 1);
}

/** tr J⁻¹ of symmetric PSD 3 × 3 matrices [..., 3, 3] → [...], by minors over the determinant. */
export function traceInverse3(J: tf.Tensor): tf.Tensor {
  const e = (i: number, j: number) => J.slice([...J.shape.slice(0, -2).map(() => 0), i, j], [...J.shape.slice(0, -2), 1, 1]).squeeze([-1, -2]);
  const [a, b, c, d, f, g] = [e(0, 0), e(1, 1), e(2, 2), e(0, 1), e(0, 2), e(1, 2)];
  const m0 = tf.sub(tf.mul(b, c), tf.square(g));
  const m1 = tf.sub(tf.mul(a, c), tf.square(f));
  const m2 = tf.sub(tf.mul(a, b), tf.square(d));
  const det = tf.add(tf.sub(tf.mul(a, m0), tf.mul(d, tf.sub(tf.mul(d, c), tf.mul(f, g)))), tf.mul(f, tf.sub(tf.mul(d, g), tf.mul(b, f))));
  // A (numerically) singular J — e.g. beams that miss the target — gets a huge finite SPEB.
  const tr = tf.add(tf.add(a, b), c);
  return tf.div(tf.add(tf.add(m0, m1), m2), tf.maximum(det, tf.add(tf.mul(1e-9, tf.pow(tr, 3)), 1e-30)));
}

/** SPEB of every target [B, Z] [m²]. */
export function spebTf(ops: SpebOperators, beams: ComplexTensor): tf.Tensor {
  return traceInverse3(positionFimTf(ops, beams));
}
