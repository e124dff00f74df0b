/**
 * The constants of one CoISAC setting that every sample shares: BS positions, array, targets, noise,
 * and, per target, the steering vectors, reflection coefficients and the Jacobian Q. Channels and
 * beams are in noise units (divided by σ), so the noise variance in (3) and in the FIM is 1 and
 * powers are in watts.
 *
 * Beam layout used throughout the series: [N, S, L] with S = Z + K streams per BS, the Z sensing
 * beams p^s_{n,z} first, then the K communication beams p^c_{n,k} (the paper's P_n = [p^s_n, p^c_{n,1}, …]).
 * Channel layout: [N, K, L], h_{k,n} with y_k = h_kᴴ x (the conjugate of DeepMIMO's row vector).
 */
import { o1BaseStations } from "../../data/o1";
import { dbmToWatt } from "../../core/units";
import type { SystemConfig, Vec3 } from "./config";
import { jacobianQ, reflectionCoefficients, steering, targetAngles, type Steering } from "./geometry";

export interface TargetGeometry {
  position: Vec3;
  /** Per BS n: a_t(θ_n, β_n) and its derivatives (a_r = a_t, one array for both). */
  steering: Steering[];
  /** α_{m,n}/σ, row-major [m, n]. */
  alpha: { re: Float64Array; im: Float64Array };
  /** ∂ω/∂t, 2N × 3 row-major. */
  Q: Float64Array;
}

export interface Scene {
  N: number;
  L: number;
  K: number;
  Z: number;
  /** Streams per BS, Z + K. */
  S: number;
  bsPositions: Vec3[];
  shape: [number, number];
  spacing: number;
  noiseW: number;
  snapshots: number;
  targets: TargetGeometry[];
}

/** BS positions of the O1-like scenario (BS1 = [235.5, 389.5, 6], …). */
export function bsPositionsOf(ids: number[]): Vec3[] {
  const all = o1BaseStations();
  return ids.map((id) => {
    if (!(Number.isInteger(id) && id >= 1 && id <= all.length)) throw new RangeError(`system.bs: base station ${id} is not in 1..${all.length}`);
    return all[id - 1] as Vec3;
  });
}

/** Geometry of target positions `targets` (e.g. noisy estimates) seen from the scene's BSs. */
export function targetGeometry(sys: SystemConfig, bsPositions: Vec3[], t: Vec3): TargetGeometry {
  const sigma = Math.sqrt(dbmToWatt(sys.noiseDbm));
  const alpha = reflectionCoefficients(bsPositions, t, sys.carrierGHz, sys.rcs);
  return {
    position: t,
    steering: bsPositions.map((b) => {
      const { theta, beta } = targetAngles(b, t);
      return steering(sys.arrayShape, sys.spacing, theta, beta);
    }),
    alpha: { re: alpha.re.map((v) => v / sigma), im: alpha.im.map((v) => v / sigma) },
    Q: jacobianQ(bsPositions, t),
  };
}

export function makeScene(sys: SystemConfig): Scene {
  if (!(sys.users >= 1 && Number.isInteger(sys.users))) throw new RangeError(`system.users must be a positive integer, got ${sys.users}`);
  if (!sys.targets.length) throw new RangeError("system.targets: at least one target is needed");
  const bsPositions = bsPositionsOf(sys.bs);
  const L = sys.arrayShape[0] * sys.arrayShape[1];
  return {
    N: bsPositions.length,
    L,
    K: sys.users,
    Z: sys.targets.length,
    S: sys.targets.length + sys.users,
    bsPositions,
    shape: sys.arrayShape,
    spacing: sys.spacing,
    noiseW: dbmToWatt(sys.noiseDbm),
    snapshots: sys.snapshots,
    targets: sys.targets.map((t) => targetGeometry(sys, bsPositions, t)),
  };
}
