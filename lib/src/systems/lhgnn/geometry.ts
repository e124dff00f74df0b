/**
 * Geometry of Section II.B: the target's elevation and azimuth seen from each BS (5)–(6), the UPA
 * steering vector (8) and its derivatives, the Jacobian Q = ∂ω/∂t (29)–(31), and the bistatic
 * reflection coefficients α_{m,n}.
 *
 * Array orientation (the paper says "x–z plane" in II.B and "L_x × L_y" in IV.A): we use DeepMIMO's
 * panel in the y–z plane, the one the O1 channels are generated with, so that communication
 * channels and sensing steering vectors describe the same array. Element m sits at
 * (0, y_m, z_m)·d·λ with y_m = m mod L_h, z_m = ⌊m / L_h⌋, and (8) becomes
 *   a(θ, β)_m = exp(−j 2π d (y_m cos θ sin β + z_m sin θ)) / √L
 * (θ elevation, β azimuth from +x; the paper's x–z panel has cos β in place of sin β). The sign is
 * the conjugate of DeepMIMO's response so that y = aᴴx is the field radiated toward (θ, β) and a
 * line-of-sight channel h_k (y_k = h_kᴴ x) is parallel to a.
 */
import { panelIndices } from "../../channels/array";
import { SPEED_OF_LIGHT } from "../../core/units";
import type { Vec3 } from "./config";

export interface Angles {
  /** Elevation θ (5), azimuth β (6) [rad], distance d and horizontal distance d_xy [m]. */
  theta: number;
  beta: number;
  d: number;
  dxy: number;
}

/** (5)–(6): angles of target t seen from a BS at b. */
export function targetAngles(b: Vec3, t: Vec3): Angles {
  const dx = t[0] - b[0], dy = t[1] - b[1], dz = t[2] - b[2];
  const d = Math.hypot(dx, dy, dz), dxy = Math.hypot(dx, dy);
  if (!(dxy > 0)) throw new RangeError(`targetAngles: target [${t}] is straight above or below the BS at [${b}]`);
  // (6): arctan(Δy/Δx) + π·1(t_x < b_x), i.e. the four-quadrant azimuth (up to 2π).
  return { theta: Math.asin(dz / d), beta: Math.atan2(dy, dx), d, dxy };
}

/** Steering vector a(θ, β) (8) and its derivatives ∂a/∂θ, ∂a/∂β; split re/im of length L. */
export interface Steering {
  a: { re: Float64Array; im: Float64Array };
  dTheta: { re: Float64Array; im: Float64Array };
  dBeta: { re: Float64Array; im: Float64Array };
}

export function steering(shape: [number, number], spacing: number, theta: number, beta: number): Steering {
  const idx = panelIndices(shape);
  const L = idx.length / 3, k = 2 * Math.PI * spacing, s = 1 / Math.sqrt(L);
  const mk = () => ({ re: new Float64Array(L), im: new Float64Array(L) });
  const a = mk(), dTheta = mk(), dBeta = mk();
  for (let m = 0; m < L; m++) {
    const y = idx[3 * m + 1], z = idx[3 * m + 2];
    const phase = -k * (y * Math.cos(theta) * Math.sin(beta) + z * Math.sin(theta));
    const dPhTheta = -k * (-y * Math.sin(theta) * Math.sin(beta) + z * Math.cos(theta));
    const dPhBeta = -k * (y * Math.cos(theta) * Math.cos(beta));
    const re = s * Math.cos(phase), im = s * Math.sin(phase);
    a.re[m] = re; a.im[m] = im;
    // ∂/∂x of e^{jφ(x)} = j φ'(x) e^{jφ(x)}
    dTheta.re[m] = -dPhTheta * im; dTheta.im[m] = dPhTheta * re;
    dBeta.re[m] = -dPhBeta * im; dBeta.im[m] = dPhBeta * re;
  }
  return { a, dTheta, dBeta };
}

/** (30)–(31): rows ∂θ_n/∂t and ∂β_n/∂t. */
export function angleJacobian(b: Vec3, t: Vec3): { dTheta: Vec3; dBeta: Vec3 } {
  const { d, dxy } = targetAngles(b, t);
  const dx = t[0] - b[0], dy = t[1] - b[1], dz = t[2] - b[2];
  return {
    dTheta: [-(dx * dz) / (d * d * dxy), -(dy * dz) / (d * d * dxy), dxy / (d * d)],
    dBeta: [-dy / (dxy * dxy), dx / (dxy * dxy), 0],
  };
}

/** (29): Q = ∂ω/∂t (2N × 3, row-major), ω = [θ_1..θ_N, β_1..β_N]. */
export function jacobianQ(bsPositions: Vec3[], t: Vec3): Float64Array {
  const N = bsPositions.length;
  const Q = new Float64Array(2 * N * 3);
  bsPositions.forEach((b, n) => {
    const { dTheta, dBeta } = angleJacobian(b, t);
    Q.set(dTheta, 3 * n);
    Q.set(dBeta, 3 * (N + n));
  });
  return Q;
}

/**
 * Bistatic reflection coefficients α_{m,n} (BS m → target → BS n), ours (the paper leaves them open):
 * radar equation |α|² = λ² σ_RCS / ((4π)³ d_m² d_n²), phase −2π (d_m + d_n)/λ. Row-major [m, n], re/im.
 */
export function reflectionCoefficients(bsPositions: Vec3[], t: Vec3, carrierGHz: number, rcs: number) {
  const N = bsPositions.length, lambda = SPEED_OF_LIGHT / (carrierGHz * 1e9);
  const d = bsPositions.map((b) => targetAngles(b, t).d);
  const re = new Float64Array(N * N), im = new Float64Array(N * N);
  for (let m = 0; m < N; m++) {
    for (let n = 0; n < N; n++) {
      const mag = Math.sqrt((lambda * lambda * rcs) / ((4 * Math.PI) ** 3 * d[m] ** 2 * d[n] ** 2));
      const ph = (-2 * Math.PI * (d[m] + d[n])) / lambda;
      re[m * N + n] = mag * Math.cos(ph);
      im[m * N + n] = mag * Math.sin(ph);
    }
  }
  return { re, im };
}
