/**
 * The two paper problems the solver is benchmarked and tested on, written with the modelling layer.
 *
 * 1. The semidefinite relaxation of problem (11) of Zhao et al. (papers/001, §II-B and §V-A):
 *      minimise_{R, C_l, β}  (1/N) Σₙ (β b(θₙ) − a(θₙ)ᴴ R a(θₙ))²            (7), (11a)
 *      subject to  R − Σ_l C_l ⪰ 0 (i.e. S Sᴴ ⪰ 0),  C_l ⪰ 0,  tr R = P₀        (11b), (11c)
 *                  (1 + Γ₀⁻¹) h_lᴴ C_l h_l ≥ h_lᴴ R h_l + σ²                      (11e) as in (29e)
 *    with the rank-one constraint (11d) dropped; β is a variable as in Stoica's beampattern matching.
 *    Instance (paper §V-A): ULA with half-wavelength spacing, users uniform in [5, 35] × [−35, 35] m,
 *    h_l = √α_l · CN(0, I), α_l = 10⁻³ d_l^{−2.67}, σ² = 10⁻¹⁰, Γ₀ = 8 dB, P₀ = 1, three 10°-wide
 *    beams, grid −90°…89° at 1°.
 *
 * 2. The power-allocation SOCP (9)–(10) of Tung et al. (papers/003, §III-A) for a fixed active-AP set:
 *      minimise Σ_{m,k} y_mk²  s.t.  P_mk ≥ y_mk² (9b),  Σ_k v_mk P_mk ≤ 1 (8b),
 *      √γ ‖(Σ_m y_mk' v_mk ς_mk/ς_mk')_{k'≠k}, (√(v_mk' ς_mk) y_mk')_{m,k'}, σ_DL‖ ≤ Σ_m y_mk v_mk (10),
 *      b − ν A p_sen ≤ 0 with p_sen,m = Σ_k P_mk (9d).
 *    Instance (paper §IV, Table I): APs, UEs and sensing receivers uniform in a 500 m disc, target at
 *    the centre, path loss −120.9 − 37.6 log₁₀ d [dB, d in km] with 7 dB shadowing (in units of its
 *    median, with normalised SNRs), orthogonal pilots; the CRLB coefficients of (5)–(7) from the
 *    AP/SR geometry. Constants the paper leaves open (RCS, ζ) are set so that the sensing constraint
 *    is feasible with margin. This is a benchmark instance; the ap-activation series owns the
 *    faithful system model.
 */
import { Rng } from "../core";
import { Affine, type ComplexVector, HermitianExpr, sum, sumHermitian } from "./affine";
import { Model } from "./model";

export interface IsacSdrParams {
  antennas: number;
  users: number;
  /** grid angles in degrees */
  gridDeg: number[];
  /** target directions in degrees (beams of width beamWidthDeg) */
  targetsDeg: number[];
  beamWidthDeg: number;
  /** SINR threshold Γ₀ (linear) */
  sinr: number;
  noise: number;
  power: number;
}

export const PAPER_001_DEFAULTS: IsacSdrParams = {
  antennas: 10,
  users: 2,
  gridDeg: Array.from({ length: 180 }, (_, n) => -90 + n),
  targetsDeg: [-40, 0, 40],
  beamWidthDeg: 10,
  sinr: 10 ** 0.8,
  noise: 1e-10,
  power: 1,
};

/** ULA response a(θ) = [1, e^{−jπ sin θ}, …] for half-wavelength spacing. */
export function ulaResponse(antennas: number, thetaDeg: number): ComplexVector {
  const phase = -Math.PI * Math.sin((thetaDeg * Math.PI) / 180);
  return {
    re: Array.from({ length: antennas }, (_, m) => Math.cos(m * phase)),
    im: Array.from({ length: antennas }, (_, m) => Math.sin(m * phase)),
  };
}

/** Rayleigh channels of §V-A: users uniform in [5, 35] × [−35, 35] m, α = 10⁻³ d^{−2.67}. */
export function isacChannels(rng: Rng, antennas: number, users: number): ComplexVector[] {
  return Array.from({ length: users }, () => {
    const x = 5 + 30 * rng.uniform();
    const y = -35 + 70 * rng.uniform();
    const alpha = 1e-3 * Math.hypot(x, y) ** -2.67;
    const s = Math.sqrt(alpha / 2);
    return { re: Array.from(rng.normals(antennas), (v) => s * v), im: Array.from(rng.normals(antennas), (v) => s * v) };
  });
}

/** The SDR of problem (11) as a model; returns the model and its R, C_l, β for reading the solution. */
export function isacSdr(channels: ComplexVector[], p: IsacSdrParams = PAPER_001_DEFAULTS) {
  const { antennas: M, gridDeg } = p;
  const desired = gridDeg.map((t) => (p.targetsDeg.some((c) => Math.abs(t - c) <= p.beamWidthDeg / 2) ? 1 : 0));
  const m = new Model();
  const R = m.hermitian(M);
  const C: HermitianExpr[] = channels.map(() => m.hermitianPsd(M));
  const beta = m.variable();
  m.psd(R.minus(sumHermitian(C))); // (11b): S Sᴴ = R − Σ C_l ⪰ 0
  m.eq(R.trace(), p.power); // (11c)
  channels.forEach((h, l) => m.geq(C[l].quadForm(h).times(1 + 1 / p.sinr).minus(R.quadForm(h)), p.noise)); // (11e)
  const err = gridDeg.map((t, n) => beta.times(desired[n]).minus(R.quadForm(ulaResponse(M, t))));
  const mse = m.variable();
  m.sumSquaresLeq(err, mse); // (7): Σₙ errₙ² ≤ mse
  m.minimize(mse.times(1 / gridDeg.length));
  return { model: m, R, C, beta };
}

export interface PowerAllocationParams {
  aps: number;
  users: number;
  receivers: number;
  /** SINR threshold γ_thr (linear) */
  sinr: number;
  /** CRLB threshold ν [m²] */
  nu: number;
}

export const PAPER_003_BENCH: PowerAllocationParams = { aps: 50, users: 20, receivers: 4, sinr: 10 ** -0.56, nu: 1 };

/** Large-scale quantities of one cell-free ISAC instance: v_mk, ς_mk, σ_DL², and b, A of (7). */
export interface CellFreeInstance {
  v: number[][];
  varsigma: number[][];
  noise: number;
  b: number[];
  A: number[][];
}

/** A seeded instance of §IV's geometry (see the module comment for the constants chosen). */
export function cellFreeInstance(rng: Rng, p: PowerAllocationParams): CellFreeInstance {
  const radius = 250;
  const point = () => {
    const r = radius * Math.sqrt(rng.uniform());
    const a = 2 * Math.PI * rng.uniform();
    return [r * Math.cos(a), r * Math.sin(a)];
  };
  const aps = Array.from({ length: p.aps }, point);
  const ues = Array.from({ length: p.users }, point);
  const srs = Array.from({ length: p.receivers }, point);
  // Path loss −120.9 − 37.6 log₁₀ d [dB, d in km] with 7 dB shadowing, in units of its median over
  // the area (keeps the SOCP well scaled); normalised pilot SNR τ_p ρ_p = 20 and downlink SNR ρ_DL = 10.
  const loss = aps.map((a) =>
    ues.map((u) => {
      const dKm = Math.max(Math.hypot(a[0] - u[0], a[1] - u[1]), 10) / 1000;
      return -120.9 - 37.6 * Math.log10(dKm) + 7 * rng.normal();
    }),
  );
  const median = loss.flat().sort((x, y) => x - y)[Math.floor((p.aps * p.users) / 2)];
  const varsigma = loss.map((row) => row.map((db) => 10 ** ((db - median) / 10)));
  const pilot = 20;
  // Orthogonal pilots: v_mk = τ_p ρ_p ς_mk² / (τ_p ρ_p ς_mk + 1).
  const v = varsigma.map((row) => row.map((s) => (pilot * s * s) / (pilot * s + 1)));
  // CRLB coefficients q_a, q_b, q_c of (5) from the AP–target–SR geometry (target at the origin).
  const qa: number[] = [];
  const qb: number[] = [];
  const qc: number[] = [];
  for (const a of aps) {
    let sa = 0;
    let sb = 0;
    let sc = 0;
    const ra = Math.hypot(a[0], a[1]);
    for (const s of srs) {
      const rs = Math.hypot(s[0], s[1]);
      const gain = 1 / (ra * rs) ** 2; // |χ_mt|² ∝ bistatic path loss
      const ux = a[0] / ra + s[0] / rs;
      const uy = a[1] / ra + s[1] / rs;
      sa += gain * ux * ux;
      sb += gain * uy * uy;
      sc += gain * ux * uy;
    }
    qa.push(sa);
    qb.push(sb);
    qc.push(sc);
  }
  // ζ chosen so that all APs at half their budget meet the CRLB threshold with a margin of 2.
  const half = aps.map(() => 0.5);
  const A = qa.map((_, i) => qa.map((_, j) => qa[i] * qb[j] - qc[i] * qc[j]));
  const b = qa.map((a, i) => a + qb[i]);
  const quad = half.reduce((s, x, i) => s + x * half.reduce((t, y, j) => t + A[i][j] * y, 0), 0);
  const zeta = (2 * b.reduce((s, x, i) => s + x * half[i], 0)) / (p.nu * quad);
  return { v, varsigma, noise: 1 / 10, b, A: A.map((r) => r.map((x) => x * zeta)) };
}

/** The SOCP (9)–(10) for all APs active; returns the model and the y, P variables. */
export function powerAllocationSocp(inst: CellFreeInstance, p: PowerAllocationParams) {
  const { aps: M, users: K } = p;
  const { v, varsigma, noise } = inst;
  const m = new Model();
  const y = Array.from({ length: M }, () => m.variables(K));
  const P = Array.from({ length: M }, () => m.variables(K));
  for (let a = 0; a < M; a++) {
    for (let k = 0; k < K; k++) m.sumSquaresLeq([y[a][k]], P[a][k]); // (9b)
    m.leq(sum(P[a].map((x, k) => x.times(v[a][k]))), 1); // (8b)
  }
  const sg = Math.sqrt(p.sinr);
  for (let k = 0; k < K; k++) {
    const parts: Affine[] = [];
    for (let k2 = 0; k2 < K; k2++) {
      if (k2 !== k) parts.push(sum(y.map((row, a) => row[k2].times((sg * v[a][k] * varsigma[a][k]) / varsigma[a][k2]))));
    }
    for (let a = 0; a < M; a++) for (let k2 = 0; k2 < K; k2++) parts.push(y[a][k2].times(sg * Math.sqrt(v[a][k2] * varsigma[a][k])));
    parts.push(Affine.const(sg * Math.sqrt(noise)));
    m.normLeq(parts, sum(y.map((row, a) => row[k].times(v[a][k])))); // (10)
  }
  const psen = P.map((row) => sum(row));
  inst.b.forEach((bm, i) => m.leq(Affine.const(bm), sum(psen.map((x, j) => x.times(p.nu * inst.A[i][j]))))); // (9d)
  const total = m.variable();
  m.sumSquaresLeq(y.flat(), total); // (9a)
  m.minimize(total);
  return { model: m, y, P };
}
