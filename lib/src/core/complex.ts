/**
 * Complex scalars and vectors in split form (separate real and imaginary parts), the layout used
 * throughout the library. A complex matrix (`CMat` in linalg) is a `CVec` too, read flat.
 */

export interface Complex {
  re: number;
  im: number;
}

export interface CVec {
  re: Float64Array;
  im: Float64Array;
}

export function complex(re: number, im = 0): Complex {
  return { re, im };
}

export function cmul(a: Complex, b: Complex): Complex {
  return { re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re };
}

export function cconj(a: Complex): Complex {
  return { re: a.re, im: -a.im };
}

/** |a|². */
export function cabs2(a: Complex): number {
  return a.re * a.re + a.im * a.im;
}

/** |a|, without overflow or underflow in the squares. */
export function cabs(a: Complex): number {
  return Math.hypot(a.re, a.im);
}

/** A complex vector from its parts (imaginary part zero if omitted). */
export function cvec(re: ArrayLike<number>, im?: ArrayLike<number>): CVec {
  if (im && im.length !== re.length) throw new Error(`cvec: re has ${re.length} values but im has ${im.length}`);
  return { re: Float64Array.from(re), im: im ? Float64Array.from(im) : new Float64Array(re.length) };
}

/** Inner product uᴴv = Σ conj(u_i)·v_i (conjugate-linear in u, like numpy's vdot). */
export function cdot(u: CVec, v: CVec): Complex {
  if (u.re.length !== v.re.length) throw new Error(`cdot: vectors have lengths ${u.re.length} and ${v.re.length}`);
  let re = 0, im = 0;
  for (let i = 0; i < u.re.length; i++) {
    re += u.re[i] * v.re[i] + u.im[i] * v.im[i];
    im += u.re[i] * v.im[i] - u.im[i] * v.re[i];
  }
  return { re, im };
}

/** Euclidean norm ‖u‖₂ (the Frobenius norm of a matrix read flat). */
export function cnorm(u: CVec): number {
  let s = 0;
  for (let i = 0; i < u.re.length; i++) s += u.re[i] * u.re[i] + u.im[i] * u.im[i];
  return Math.sqrt(s);
}
