/**
 * Complex tensors as pairs of real float32 tensors (tfjs's complex64 has broken gradients and
 * few kernels). All ops are written with real ops, so gradients flow through both parts.
 */
import { tf } from "./backend";

export interface ComplexTensor {
  re: tf.Tensor;
  im: tf.Tensor;
}

function sameShape(op: string, a: ComplexTensor): void {
  if (a.re.shape.join(",") !== a.im.shape.join(",")) {
    throw new Error(`${op}: real part has shape [${a.re.shape}] but imaginary part has [${a.im.shape}]`);
  }
}

/** A complex tensor from separate real and imaginary arrays of the given shape. */
export function complexFromArrays(re: ArrayLike<number>, im: ArrayLike<number>, shape: number[]): ComplexTensor {
  return { re: tf.tensor(Float32Array.from(re), shape), im: tf.tensor(Float32Array.from(im), shape) };
}

export function cadd(a: ComplexTensor, b: ComplexTensor): ComplexTensor {
  return { re: tf.add(a.re, b.re), im: tf.add(a.im, b.im) };
}

export function csub(a: ComplexTensor, b: ComplexTensor): ComplexTensor {
  return { re: tf.sub(a.re, b.re), im: tf.sub(a.im, b.im) };
}

/** Elementwise product (broadcasting). */
export function cmul(a: ComplexTensor, b: ComplexTensor): ComplexTensor {
  return {
    re: tf.sub(tf.mul(a.re, b.re), tf.mul(a.im, b.im)),
    im: tf.add(tf.mul(a.re, b.im), tf.mul(a.im, b.re)),
  };
}

/** Multiplication by a real tensor or number (broadcasting). */
export function cscale(a: ComplexTensor, s: tf.Tensor | number): ComplexTensor {
  return { re: tf.mul(a.re, s), im: tf.mul(a.im, s) };
}

export function cconj(a: ComplexTensor): ComplexTensor {
  return { re: a.re, im: tf.neg(a.im) };
}

/** |a|² elementwise. */
export function cabs2(a: ComplexTensor): tf.Tensor {
  return tf.add(tf.square(a.re), tf.square(a.im));
}

/** Batched matrix product (A B) over the last two axes: 4 real products (Gauss's 3 saves little here). */
export function cmatmul(a: ComplexTensor, b: ComplexTensor): ComplexTensor {
  return {
    re: tf.sub(tf.matMul(a.re, b.re), tf.matMul(a.im, b.im)),
    im: tf.add(tf.matMul(a.re, b.im), tf.matMul(a.im, b.re)),
  };
}

/** Inner product aᴴb = Σ conj(a) b over `axis` (default: last), keeping the other axes. */
export function cinner(a: ComplexTensor, b: ComplexTensor, axis = -1): ComplexTensor {
  sameShape("cinner", a);
  sameShape("cinner", b);
  return {
    re: tf.sum(tf.add(tf.mul(a.re, b.re), tf.mul(a.im, b.im)), axis),
    im: tf.sum(tf.sub(tf.mul(a.re, b.im), tf.mul(a.im, b.re)), axis),
  };
}

/** Squared Euclidean norm Σ|a|² over `axis` (keepDims optional). */
export function cnorm2(a: ComplexTensor, axis: number | number[] = -1, keepDims = false): tf.Tensor {
  return tf.sum(cabs2(a), axis, keepDims);
}

/** Scales `a` so that Σ|a|² over `axis` equals `power` (per slice); eps guards a zero slice. */
export function cnormalize(a: ComplexTensor, power: tf.Tensor | number = 1, axis: number | number[] = -1, eps = 1e-12): ComplexTensor {
  const scale = tf.sqrt(tf.div(power, tf.add(cnorm2(a, axis, true), eps)));
  return cscale(a, scale);
}

/** Real features [re, im] concatenated on the last axis: [..., n] → [..., 2n]. */
export function complexToFeatures(a: ComplexTensor): tf.Tensor {
  sameShape("complexToFeatures", a);
  return tf.concat([a.re, a.im], -1);
}

/** Inverse of complexToFeatures: [..., 2n] → [..., n] complex. */
export function featuresToComplex(x: tf.Tensor): ComplexTensor {
  const n2 = x.shape[x.rank - 1];
  if (n2 % 2) throw new Error(`featuresToComplex: last axis must be even, got shape [${x.shape}]`);
  const [re, im] = tf.split(x, 2, -1);
  return { re, im };
}
