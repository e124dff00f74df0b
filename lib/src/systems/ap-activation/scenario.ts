/**
 * One random instance of the cell-free ISAC system of Section II and IV: AP, user and
 * sensing-receiver (SR) positions, large-scale fading, MMSE estimate variances (1) and the CRLB
 * coefficients of (5)–(7).
 *
 * Units (a choice that keeps (8a) in watts, see the notebook's "Deviations and choices"): P_mk is the
 * power [W] AP m radiates for user k, so P_sen,m = Σ_k P_mk is AP m's transmit power, (8b) reads
 * Σ_k P_mk ≤ ρ_DL, and the paper's normalised coefficients are η_mk = P_mk / (ρ_DL v_mk). Gains are
 * stored divided by the noise power σ² (so in 1/W): β_mk = ς_mk/σ², ṽ_mk = v_mk/σ².
 */
import type { Rng } from "../../core/rng";
import { SPEED_OF_LIGHT, dbToLinear, noisePowerWatt } from "../../core/units";
import type { ApActivationSystem } from "./config";

export interface Instance {
  M: number;
  K: number;
  T: number;
  /** positions [m]; the target is at the origin */
  aps: [number, number][];
  users: [number, number][];
  receivers: [number, number][];
  /** β_mk = ς_mk / σ² [1/W], M×K */
  beta: number[][];
  /** ṽ_mk = E|ĥ_mk|² / σ² [1/W], M×K, from (1) */
  v: number[][];
  /** |θ_kᴴ θ_k'|², K×K (pilot Gram) */
  pilotGram: number[][];
  /** |χ_mt|², the target's reflection gain from AP m to SR t, M×T */
  chi2: number[][];
  /** CRLB coefficients q_a, q_b, q_c of (5) [1/(W m²)] */
  qa: number[];
  qb: number[];
  qc: number[];
  /** per-AP budget ρ_DL [W], circuit power [W], SINR threshold γ_thr (linear), CRLB threshold ν [m²] */
  rho: number;
  pcir: number;
  gamma: number;
  nu: number;
}

/** A uniform point in the disc of radius R centred at the origin. */
function pointInDisc(rng: Rng, R: number): [number, number] {
  const r = R * Math.sqrt(rng.uniform());
  const a = 2 * Math.PI * rng.uniform();
  return [r * Math.cos(a), r * Math.sin(a)];
}

/** Pilot Gram |θ_kᴴθ_k'|² for orthonormal pilots drawn per user (equal indices collide fully). */
function pilotGram(rng: Rng, s: ApActivationSystem): number[][] {
  const K = s.users;
  if (s.pilots === "orthogonal" && K > s.pilotLength) {
    throw new Error(`system.pilots: "orthogonal" needs users ≤ pilotLength, got K = ${K} > τ_p = ${s.pilotLength}`);
  }
  const idx = s.pilots === "orthogonal" ? Array.from({ length: K }, (_, k) => k) : Array.from({ length: K }, () => rng.int(s.pilotLength));
  return idx.map((a) => idx.map((b) => (a === b ? 1 : 0)));
}

function validate(s: ApActivationSystem): void {
  for (const key of ["aps", "users", "receivers", "pilotLength"] as const) {
    if (!Number.isInteger(s[key]) || s[key] < 1) throw new Error(`system.${key}: expected a positive integer, got ${s[key]}`);
  }
  for (const key of ["diameter", "bandwidthHz", "carrierHz", "pilotPower", "downlinkPower", "nu", "rcs", "sensingSamples"] as const) {
    if (!(s[key] > 0)) throw new Error(`system.${key}: expected a positive number, got ${s[key]}`);
  }
}

/** Draws one instance; the same rng state gives the same instance. */
export function sampleInstance(rng: Rng, s: ApActivationSystem): Instance {
  validate(s);
  const R = s.diameter / 2;
  const aps = Array.from({ length: s.aps }, () => pointInDisc(rng, R));
  const users = Array.from({ length: s.users }, () => pointInDisc(rng, R));
  const receivers = Array.from({ length: s.receivers }, () => pointInDisc(rng, R));
  const noise = noisePowerWatt(s.noiseDensityDbmHz, s.bandwidthHz, s.noiseFigureDb); // σ² [W]

  // Large-scale fading ς_mk = −120.9 − 37.6 log₁₀(d/1 km) + 7 dB shadowing (§IV), divided by σ².
  const beta = aps.map((a) =>
    users.map((u) => {
      const d = Math.max(Math.hypot(a[0] - u[0], a[1] - u[1]), s.minDistance) / 1000;
      return dbToLinear(s.pathLossConstDb - s.pathLossExponent * Math.log10(d) + s.shadowingDb * rng.normal()) / noise;
    }),
  );
  const gram = pilotGram(rng, s);
  // (1): v_mk = τ_p ρ_p ς_mk² / (τ_p ρ_p Σ_k' ς_mk' |θ_kᴴθ_k'|² + σ²), here divided by σ².
  const tp = s.pilotLength * s.pilotPower;
  const v = beta.map((row) =>
    row.map((b, k) => (tp * b * b) / (tp * row.reduce((acc, b2, k2) => acc + b2 * gram[k][k2], 0) + 1)),
  );

  // (5): q_a, q_b, q_c with ζ = 8π²B²/(σ_S² c²), σ_S² = σ²; |χ_mt|² from the bistatic radar
  // equation L σ_RCS λ² / ((4π)³ R_m² R_t²) with Swerling-I (exponential) fluctuation (choice).
  const zeta = (8 * Math.PI ** 2 * s.bandwidthHz ** 2) / (noise * SPEED_OF_LIGHT ** 2);
  const lambda = SPEED_OF_LIGHT / s.carrierHz;
  const chi2 = aps.map((a) => {
    const ra = Math.max(Math.hypot(a[0], a[1]), s.minDistance);
    return receivers.map((t) => {
      const rt = Math.max(Math.hypot(t[0], t[1]), s.minDistance);
      return ((s.sensingSamples * s.rcs * lambda ** 2) / ((4 * Math.PI) ** 3 * ra ** 2 * rt ** 2)) * -Math.log(1 - rng.uniform());
    });
  });
  const qa: number[] = [];
  const qb: number[] = [];
  const qc: number[] = [];
  aps.forEach((a, m) => {
    const ra = Math.max(Math.hypot(a[0], a[1]), s.minDistance);
    let sa = 0;
    let sb = 0;
    let sc = 0;
    receivers.forEach((t, i) => {
      const rt = Math.max(Math.hypot(t[0], t[1]), s.minDistance);
      const ux = a[0] / ra + t[0] / rt; // (x_m − x)/R_m + (x_t − x)/R_t with the target at 0
      const uy = a[1] / ra + t[1] / rt;
      sa += chi2[m][i] * ux * ux;
      sb += chi2[m][i] * uy * uy;
      sc += chi2[m][i] * ux * uy;
    });
    qa.push(zeta * sa);
    qb.push(zeta * sb);
    qc.push(zeta * sc);
  });
  return {
    M: s.aps,
    K: s.users,
    T: s.receivers,
    aps,
    users,
    receivers,
    beta,
    v,
    pilotGram: gram,
    chi2,
    qa,
    qb,
    qc,
    rho: s.downlinkPower,
    pcir: s.circuitPower,
    gamma: dbToLinear(s.sinrThresholdDb),
    nu: s.nu,
  };
}

/** Throws unless the pilots are mutually orthogonal (the convexity of (8c) in P, and the SINR without pilot contamination, need it). */
export function assertOrthogonalPilots(inst: Instance): void {
  if (inst.pilotGram.some((row, k) => row.some((g, k2) => k2 !== k && g !== 0))) {
    throw new Error('ap-activation: needs orthogonal pilots (system.pilots = "orthogonal"); pilot contamination makes (8c) non-convex');
  }
}
