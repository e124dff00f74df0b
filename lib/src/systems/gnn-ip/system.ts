/**
 * System model of paper 001 (§II.A, §IV.A): the BS's half-wavelength ULA, users dropped uniformly
 * in the region, Rayleigh channels with distance path loss, the angle grid and desired beampattern
 * (34), and the dynamic scenario of Fig. 8 (users random-walking between time slots).
 *
 * Layout (row-major, complex as separate real and imaginary Float64Arrays):
 *   channels h   [B, L, M]   h_l of sample b is row (b, l)
 *   positions    [B, L, 2]   user (x, y) [m], z = 0
 *   steering A   M × N       column n is a(θ_n) = [1, e^{−jπ sin θ_n}, …, e^{−jπ(M−1) sin θ_n}]ᵀ (Δ = 1/2)
 */
import { Rng } from "../../core/rng";
import { cmat, type CMat } from "../../core/linalg";
import type { SystemConfig } from "./config";

export interface ChannelSet {
  size: number;
  users: number;
  antennas: number;
  re: Float64Array;
  im: Float64Array;
  positions: Float64Array;
}

const deg = (t: number) => (t * Math.PI) / 180;

/** a(θ) for a half-wavelength ULA of M antennas (θ in degrees), as split arrays. */
export function steeringVector(antennas: number, thetaDeg: number): { re: Float64Array; im: Float64Array } {
  const phase = -Math.PI * Math.sin(deg(thetaDeg));
  const re = new Float64Array(antennas), im = new Float64Array(antennas);
  for (let m = 0; m < antennas; m++) {
    re[m] = Math.cos(m * phase);
    im[m] = Math.sin(m * phase);
  }
  return { re, im };
}

/** M × N matrix whose columns are a(θ_n). */
export function steeringMatrix(antennas: number, anglesDeg: readonly number[]): CMat {
  const N = anglesDeg.length;
  const A = cmat(antennas, N);
  anglesDeg.forEach((t, n) => {
    const a = steeringVector(antennas, t);
    for (let m = 0; m < antennas; m++) {
      A.re[m * N + n] = a.re[m];
      A.im[m * N + n] = a.im[m];
    }
  });
  return A;
}

/**
 * The grid {θ_n} of (7): N points from −90° in steps of 180°/N (N = 180: −90°, −89°, …, 89°).
 * +90° is left out because it is the same direction as −90° for the array (sin θ = ±1 give
 * a(θ) = e^{∓jπ m}, identical), so including both would count that direction twice.
 */
export function angleGrid(points: number): number[] {
  if (!Number.isInteger(points) || points < 1) throw new Error(`angleGrid: points must be a positive integer, got ${points}`);
  return Array.from({ length: points }, (_, n) => -90 + (n * 180) / points);
}

/** Desired beampattern (34): 1 within ±Δ/2 of a target direction (edges included), else 0. */
export function desiredBeampattern(gridDeg: readonly number[], targetsDeg: readonly number[], beamWidthDeg: number): Float64Array {
  const eps = 1e-9; // grid angles such as −35 must count as inside a beam ending at −35
  return Float64Array.from(gridDeg, (t) => (targetsDeg.some((c) => Math.abs(t - c) <= beamWidthDeg / 2 + eps) ? 1 : 0));
}

/** Large-scale fading α = α₁·d^−κ at distance d [m] from the BS. */
export function pathLoss(sys: SystemConfig, x: number, y: number): number {
  const [bx, by, bz] = sys.bsPosition;
  const d = Math.hypot(x - bx, y - by, bz);
  return sys.pathLossAt1m * d ** -sys.pathLossExponent;
}

/**
 * Scale applied to channels before they enter the networks and the differentiable metrics:
 * 1/√α at the centre of the user region, so that entries are of order one (the raw h are
 * ~1e−4.5; SINRs are unchanged when h and σ are scaled together).
 */
export function channelScale(sys: SystemConfig): number {
  const r = sys.region;
  return 1 / Math.sqrt(pathLoss(sys, (r.xMin + r.xMax) / 2, (r.yMin + r.yMax) / 2));
}

function checkSize(what: string, size: number, users: number): void {
  if (!Number.isInteger(size) || size < 1) throw new Error(`${what}: size must be a positive integer, got ${size}`);
  if (!Number.isInteger(users) || users < 1) throw new Error(`${what}: users must be a positive integer, got ${users}`);
}

/** Rayleigh channels h_l = √α_l·CN(0, I) at the given user positions [B, L, 2]. */
export function channelsAt(sys: SystemConfig, positions: Float64Array, users: number, rng: Rng): ChannelSet {
  const M = sys.antennas;
  const size = positions.length / (2 * users);
  checkSize("channelsAt", size, users);
  const re = new Float64Array(size * users * M), im = new Float64Array(size * users * M);
  for (let k = 0; k < size * users; k++) {
    const amp = Math.sqrt(pathLoss(sys, positions[2 * k], positions[2 * k + 1]));
    for (let m = 0; m < M; m++) {
      const [a, b] = rng.complexNormal(1);
      re[k * M + m] = amp * a;
      im[k * M + m] = amp * b;
    }
  }
  return { size, users, antennas: M, re, im, positions };
}

/** `size` independent drops of `sys.users` users with their channels (§IV.A). */
export function sampleChannels(sys: SystemConfig, size: number, rng: Rng): ChannelSet {
  checkSize("sampleChannels", size, sys.users);
  const r = sys.region, pr = rng.child("positions");
  const positions = new Float64Array(size * sys.users * 2);
  for (let k = 0; k < size * sys.users; k++) {
    positions[2 * k] = pr.uniformIn(r.xMin, r.xMax);
    positions[2 * k + 1] = pr.uniformIn(r.yMin, r.yMax);
  }
  return channelsAt(sys, positions, sys.users, rng.child("fading"));
}

/**
 * The dynamic scenario of Fig. 8: `trajectories` independent drops, each followed for `slots`
 * time slots; between slots every user moves by Δx ~ U[−stepX, stepX], Δy ~ U[−stepY, stepY]
 * (clamped to the region) and draws a new small-scale fading realisation. Samples are ordered
 * trajectory-major (sample t·slots + s is slot s of trajectory t).
 */
export function dynamicChannels(sys: SystemConfig, trajectories: number, slots: number, step: { stepX: number; stepY: number }, rng: Rng): ChannelSet {
  checkSize("dynamicChannels", trajectories * slots, sys.users);
  const L = sys.users, r = sys.region;
  const start = sampleChannels(sys, trajectories, rng.child("start")).positions;
  const walk = rng.child("walk");
  const positions = new Float64Array(trajectories * slots * L * 2);
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  for (let t = 0; t < trajectories; t++) {
    for (let l = 0; l < L; l++) {
      let x = start[(t * L + l) * 2], y = start[(t * L + l) * 2 + 1];
      for (let s = 0; s < slots; s++) {
        if (s > 0) {
          x = clamp(x + walk.uniformIn(-step.stepX, step.stepX), r.xMin, r.xMax);
          y = clamp(y + walk.uniformIn(-step.stepY, step.stepY), r.yMin, r.yMax);
        }
        const k = (t * slots + s) * L + l;
        positions[2 * k] = x;
        positions[2 * k + 1] = y;
      }
    }
  }
  return channelsAt(sys, positions, L, rng.child("fading"));
}

/** Sample b's channels as an L × M matrix (row l is h_lᵀ). */
export function channelMatrix(set: ChannelSet, b: number): CMat {
  const n = set.users * set.antennas;
  if (!(b >= 0 && b < set.size)) throw new Error(`channelMatrix: sample ${b} out of range 0…${set.size - 1}`);
  return cmat(set.users, set.antennas, set.re.subarray(b * n, (b + 1) * n), set.im.subarray(b * n, (b + 1) * n));
}

/** The first `count` samples of a set. */
export function takeSamples(set: ChannelSet, count: number): ChannelSet {
  const n = Math.min(count, set.size), k = set.users * set.antennas;
  return { ...set, size: n, re: set.re.slice(0, n * k), im: set.im.slice(0, n * k), positions: set.positions.slice(0, n * set.users * 2) };
}

/** The grid's steering matrix A (M × N) and desired beampattern b (34). */
export function gridOf(sys: SystemConfig): { A: CMat; desired: Float64Array } {
  const grid = angleGrid(sys.gridPoints);
  return { A: steeringMatrix(sys.antennas, grid), desired: desiredBeampattern(grid, sys.targetsDeg, sys.beamWidthDeg) };
}
