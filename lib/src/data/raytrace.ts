/**
 * A small geometric ray model for street canyons: line of sight plus specular reflections found by
 * the image method (first and second order) on axis-aligned planes (building facades and the ground),
 * with blockage by box-shaped buildings. Synthetic: no diffraction, scattering or transmission.
 *
 * Per path: length d (delay d/c), free-space amplitude λ/(4πd) times the Fresnel reflection
 * coefficient of every bounce (perpendicular polarisation, lossless dielectric of relative
 * permittivity εr: Γ = (cosθi − √(εr − sin²θi)) / (cosθi + √(εr − sin²θi)), real and negative, so each
 * bounce adds |Γ| in amplitude and 180° in phase), carrier phase −2πd/λ. Angles follow DeepMIMO:
 * degrees, θ zenith from +z, φ azimuth from +x; the DoD points from the transmitter along the first
 * leg, the DoA from the receiver back along the last leg.
 */
import { SPEED_OF_LIGHT } from "../core/units";

export type Vec3 = [number, number, number];

export interface Box {
  min: Vec3;
  max: Vec3;
}

/** A reflecting plane `coord[axis] = value` made of rectangular faces; empty `faces` means infinite. */
export interface Plane {
  name: string;
  axis: 0 | 1 | 2;
  value: number;
  /** Face rectangles on the two other axes (in increasing axis order): [[lo_a, hi_a], [lo_b, hi_b]]. */
  faces: [[number, number], [number, number]][];
  /** Relative permittivity for the Fresnel coefficient. */
  permittivity: number;
}

export interface Environment {
  boxes: Box[];
  planes: Plane[];
  /** Highest reflection order (0, 1 or 2). */
  maxOrder: number;
}

export interface RayPath {
  lengthM: number;
  delayS: number;
  /** Path gain in dB (free space and reflection losses), i.e. received power for 0 dBW transmitted. */
  gainDb: number;
  phaseDeg: number;
  dodThetaDeg: number;
  dodPhiDeg: number;
  doaThetaDeg: number;
  doaPhiDeg: number;
  /** Planes hit, in order (empty for the line of sight). */
  bounces: string[];
  /** Interaction points. */
  points: Vec3[];
}

const EPS = 1e-7;

function mirror(p: Vec3, pl: Plane): Vec3 {
  const q: Vec3 = [p[0], p[1], p[2]];
  q[pl.axis] = 2 * pl.value - p[pl.axis];
  return q;
}

/** Point where segment a→b crosses the plane, or null if it does not cross strictly inside. */
function crossing(a: Vec3, b: Vec3, pl: Plane): Vec3 | null {
  const da = a[pl.axis] - pl.value, db = b[pl.axis] - pl.value;
  if (da * db >= 0) return null;
  const t = da / (da - db);
  return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]), a[2] + t * (b[2] - a[2])];
}

function onFace(p: Vec3, pl: Plane): boolean {
  if (!pl.faces.length) return true;
  const [i, j] = pl.axis === 0 ? [1, 2] : pl.axis === 1 ? [0, 2] : [0, 1];
  return pl.faces.some(([ra, rb]) => p[i] >= ra[0] && p[i] <= ra[1] && p[j] >= rb[0] && p[j] <= rb[1]);
}

/** True if the open segment a→b passes through the interior of any box (slab test). */
export function blocked(a: Vec3, b: Vec3, boxes: Box[]): boolean {
  const d: Vec3 = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
  for (const box of boxes) {
    let t0 = EPS, t1 = 1 - EPS;
    let hit = true;
    for (let k = 0; k < 3 && hit; k++) {
      const lo = box.min[k] + EPS, hi = box.max[k] - EPS; // interior only: grazing a face is not blockage
      if (Math.abs(d[k]) < 1e-15) {
        if (a[k] <= lo || a[k] >= hi) hit = false;
      } else {
        let ta = (lo - a[k]) / d[k], tb = (hi - a[k]) / d[k];
        if (ta > tb) [ta, tb] = [tb, ta];
        t0 = Math.max(t0, ta);
        t1 = Math.min(t1, tb);
        if (t0 >= t1) hit = false;
      }
    }
    if (hit) return true;
  }
  return false;
}

function angles(from: Vec3, to: Vec3): [number, number] {
  const dx = to[0] - from[0], dy = to[1] - from[1], dz = to[2] - from[2];
  const r = Math.hypot(dx, dy, dz);
  return [(Math.acos(dz / r) * 180) / Math.PI, (Math.atan2(dy, dx) * 180) / Math.PI];
}

/** Fresnel coefficient (perpendicular polarisation) for incidence on `pl` along direction a→b. */
export function fresnelTE(a: Vec3, b: Vec3, pl: Plane): number {
  const d = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
  const cosI = Math.abs(d[pl.axis]) / Math.hypot(d[0], d[1], d[2]);
  const sin2 = 1 - cosI * cosI;
  const root = Math.sqrt(pl.permittivity - sin2);
  return (cosI - root) / (cosI + root);
}

/** Every unblocked path from tx to rx up to env.maxOrder reflections, strongest first. */
export function tracePaths(tx: Vec3, rx: Vec3, env: Environment, carrierFreqHz: number): RayPath[] {
  const lambda = SPEED_OF_LIGHT / carrierFreqHz;
  const out: RayPath[] = [];
  const sequences: number[][] = [[]];
  const P = env.planes.length;
  if (env.maxOrder >= 1) for (let i = 0; i < P; i++) sequences.push([i]);
  if (env.maxOrder >= 2) for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) if (i !== j) sequences.push([i, j]);
  for (const seq of sequences) {
    // Images of the transmitter through the planes in order.
    const images: Vec3[] = [tx];
    for (const k of seq) images.push(mirror(images[images.length - 1], env.planes[k]));
    // Walk back from the receiver: the last bounce lies on the segment rx → last image, and so on.
    const points: Vec3[] = [];
    let target = rx;
    let ok = true;
    for (let s = seq.length - 1; s >= 0 && ok; s--) {
      const pl = env.planes[seq[s]];
      const q = crossing(target, images[s + 1], pl);
      if (!q || !onFace(q, pl)) ok = false;
      else {
        points.unshift(q);
        target = q;
      }
    }
    if (!ok) continue;
    const chain: Vec3[] = [tx, ...points, rx];
    // Each leg must stay on the right side: the images guarantee crossings; check blockage.
    let isBlocked = false;
    for (let s = 0; s + 1 < chain.length && !isBlocked; s++) isBlocked = blocked(chain[s], chain[s + 1], env.boxes);
    if (isBlocked) continue;
    let length = 0;
    for (let s = 0; s + 1 < chain.length; s++) {
      length += Math.hypot(chain[s + 1][0] - chain[s][0], chain[s + 1][1] - chain[s][1], chain[s + 1][2] - chain[s][2]);
    }
    let amp = lambda / (4 * Math.PI * length);
    let phase = (-360 * length) / lambda;
    for (let s = 0; s < seq.length; s++) {
      const g = fresnelTE(chain[s], chain[s + 1], env.planes[seq[s]]);
      amp *= Math.abs(g);
      if (g < 0) phase += 180;
    }
    const [dodTheta, dodPhi] = angles(tx, chain[1]);
    const [doaTheta, doaPhi] = angles(rx, chain[chain.length - 2]);
    out.push({
      lengthM: length,
      delayS: length / SPEED_OF_LIGHT,
      gainDb: 20 * Math.log10(amp),
      phaseDeg: wrapDeg(phase),
      dodThetaDeg: dodTheta,
      dodPhiDeg: dodPhi,
      doaThetaDeg: doaTheta,
      doaPhiDeg: doaPhi,
      bounces: seq.map((k) => env.planes[k].name),
      points,
    });
  }
  return out.sort((a, b) => b.gainDb - a.gainDb);
}

/** Wraps degrees to (−180, 180]. */
export function wrapDeg(x: number): number {
  const y = ((x % 360) + 360) % 360;
  return y > 180 ? y - 360 : y;
}
