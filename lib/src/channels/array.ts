/**
 * Array responses of uniform planar and linear arrays, with DeepMIMO's element indexing.
 *
 * DeepMIMO (v3 and v4) places an Nh×Nv panel in the y-z plane: element m sits at
 * (x, y, z) = (0, m mod Nh, floor(m / Nh)) · d·λ, with d the spacing in wavelengths, and its response
 * to a plane wave from zenith θ and azimuth φ (radians, in the panel's frame) is
 *   a_m = exp(j·2π·d·(y_m sinθ sinφ + z_m cosθ))        (no 1/√M normalisation)
 * so `shape: [Nh, Nv]` = [horizontal, vertical] and a `[N, 1]` panel is a horizontal ULA along y.
 */

/** Element coordinates (in units of the spacing) of an Nh×Nv panel in DeepMIMO's order: [x, y, z] per element. */
export function panelIndices(shape: readonly [number, number] | readonly number[]): Float64Array {
  const [nh, nv] = shape;
  if (!(Number.isInteger(nh) && nh > 0 && Number.isInteger(nv) && nv > 0)) {
    throw new RangeError(`antenna shape must be two positive integers [horizontal, vertical], got [${shape}]`);
  }
  const out = new Float64Array(3 * nh * nv);
  for (let m = 0; m < nh * nv; m++) {
    out[3 * m + 1] = m % nh;
    out[3 * m + 2] = Math.floor(m / nh);
  }
  return out;
}

/**
 * UPA response for one direction, written into `re`/`im` (length Nh·Nv).
 * `normalize` divides by √M (the paper-style steering vector); DeepMIMO's channels do not.
 */
export function upaResponse(
  shape: readonly [number, number] | readonly number[],
  thetaRad: number,
  phiRad: number,
  spacing = 0.5,
  normalize = false,
): { re: Float64Array; im: Float64Array } {
  const idx = panelIndices(shape);
  const M = idx.length / 3;
  const re = new Float64Array(M), im = new Float64Array(M);
  writeResponse(idx, thetaRad, phiRad, 2 * Math.PI * spacing, re, im, 0, normalize ? 1 / Math.sqrt(M) : 1);
  return { re, im };
}

/** ULA of N elements along y (DeepMIMO shape [N, 1]); `phiRad` azimuth, `thetaRad` zenith (π/2 = horizon). */
export function ulaResponse(n: number, phiRad: number, spacing = 0.5, thetaRad = Math.PI / 2, normalize = false) {
  return upaResponse([n, 1], thetaRad, phiRad, spacing, normalize);
}

/** Writes exp(j·kd·(idx · u(θ, φ)))·scale for every element into re/im starting at `offset`. */
export function writeResponse(
  idx: Float64Array,
  thetaRad: number,
  phiRad: number,
  kd: number,
  re: Float64Array,
  im: Float64Array,
  offset = 0,
  scale = 1,
): void {
  const st = Math.sin(thetaRad);
  const ux = st * Math.cos(phiRad), uy = st * Math.sin(phiRad), uz = Math.cos(thetaRad);
  const M = idx.length / 3;
  for (let m = 0; m < M; m++) {
    const a = kd * (idx[3 * m] * ux + idx[3 * m + 1] * uy + idx[3 * m + 2] * uz);
    re[offset + m] = scale * Math.cos(a);
    im[offset + m] = scale * Math.sin(a);
  }
}
