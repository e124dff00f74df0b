/**
 * The closed-form SINR (3), the CRLB (5)–(7) and the objective and constraints of problem (8),
 * for a power allocation P (M×K, watts, rows of inactive APs zero; see scenario.ts for units).
 */
import type { Instance } from "./scenario";

/**
 * (3) with η_mk = P_mk/(ρ_DL v_mk), divided through by σ²:
 *   γ_k = (Σ_m √(P_mk ṽ_mk))² / ( Σ_{k'≠k} |θ_k'ᴴθ_k|² (Σ_m √(P_mk' ṽ_mk') β_mk/β_mk')²
 *                                 + Σ_m β_mk Σ_k' P_mk' + 1 ).
 * The coherent-interference term is [14]'s (γ_mk' β_mk/β_mk'); (3) as printed has a typo there.
 */
export function sinr(inst: Instance, P: number[][]): number[] {
  const { M, K, beta, v, pilotGram } = inst;
  const apPower = apPowers(P);
  return Array.from({ length: K }, (_, k) => {
    let signal = 0;
    let interference = 1;
    for (let m = 0; m < M; m++) {
      signal += Math.sqrt(P[m][k] * v[m][k]);
      interference += beta[m][k] * apPower[m];
    }
    for (let k2 = 0; k2 < K; k2++) {
      if (k2 === k || pilotGram[k][k2] === 0) continue;
      let c = 0;
      for (let m = 0; m < M; m++) c += (Math.sqrt(P[m][k2] * v[m][k2]) * beta[m][k]) / beta[m][k2];
      interference += pilotGram[k][k2] * c * c;
    }
    return (signal * signal) / interference;
  });
}

/** Per-AP transmit powers p_sen,m = Σ_k P_mk of an allocation P (M×K). */
export function apPowers(P: readonly number[][]): number[] {
  return P.map((row) => row.reduce((a, x) => a + x, 0));
}

/** b = q_a + q_b and A = q_a q_bᵀ − q_c q_cᵀ of (7). */
export function crlbTerms(inst: Instance): { b: number[]; A: number[][] } {
  const { qa, qb, qc } = inst;
  return { b: qa.map((a, m) => a + qb[m]), A: qa.map((a, i) => qb.map((bj, j) => a * bj - qc[i] * qc[j])) };
}

/** The Fisher information of (5), Σ_m P_sen,m [[q_a, q_c], [q_c, q_b]], as [J_xx, J_yy, J_xy]. */
export function fisher(inst: Instance, psen: number[]): [number, number, number] {
  let a = 0;
  let b = 0;
  let c = 0;
  psen.forEach((p, m) => {
    a += p * inst.qa[m];
    b += p * inst.qb[m];
    c += p * inst.qc[m];
  });
  return [a, b, c];
}

/** (6): σ²_xy = bᵀp / pᵀAp = tr(J⁻¹) [m²]; Infinity when J is singular. */
export function crlb(inst: Instance, psen: number[]): number {
  const [a, b, c] = fisher(inst, psen);
  const det = a * b - c * c;
  return det > 0 ? (a + b) / det : Infinity;
}

export interface Evaluation {
  /** (8a) total power consumption [W], transmit part [W], active APs */
  total: number;
  transmit: number;
  active: number;
  sinr: number[];
  crlb: number;
  /** (8b), (8c), (8d) satisfied (relative tolerance tol) */
  budgetOk: boolean;
  sinrOk: boolean;
  sensingOk: boolean;
  feasible: boolean;
}

/**
 * Evaluates an allocation against problem (8). An AP counts as active when its power exceeds
 * `activeThreshold` [W] (or when listed in `active`, if given).
 */
export function evaluate(inst: Instance, P: number[][], opts: { active?: boolean[]; tol?: number; activeThreshold?: number } = {}): Evaluation {
  if (P.length !== inst.M || P.some((r) => r.length !== inst.K)) {
    throw new Error(`evaluate: P must be ${inst.M}×${inst.K} (M×K), got ${P.length}×${P[0]?.length}`);
  }
  const tol = opts.tol ?? 1e-3;
  const psen = apPowers(P);
  const active = opts.active ?? psen.map((p) => p > (opts.activeThreshold ?? 1e-9));
  const nActive = active.filter(Boolean).length;
  const transmit = psen.reduce((a, x, m) => a + (active[m] ? x : 0), 0);
  const Peff = P.map((row, m) => (active[m] ? row : row.map(() => 0)));
  const g = sinr(inst, Peff);
  const bound = crlb(inst, psen.map((p, m) => (active[m] ? p : 0)));
  const budgetOk = psen.every((p) => p <= inst.rho * (1 + tol));
  const sinrOk = g.every((x) => x >= inst.gamma * (1 - tol));
  const sensingOk = bound <= inst.nu * (1 + tol);
  return {
    total: transmit + nActive * inst.pcir,
    transmit,
    active: nActive,
    sinr: g,
    crlb: bound,
    budgetOk,
    sinrOk,
    sensingOk,
    feasible: budgetOk && sinrOk && sensingOk,
  };
}
