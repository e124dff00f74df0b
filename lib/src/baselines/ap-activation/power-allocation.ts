/**
 * The power-allocation problem of Section III-A for a fixed set of active APs, written with the
 * project's modelling layer and solved by its conic solver.
 *
 * Formulation. The paper's (9)–(10) use amplitudes y_mk with P_mk ≥ y_mk² (9b): the SINR (10) sees
 * y, the budget and the CRLB see P, so an optimum may put sensing power into P that (10) never
 * counts as interference. We solve the same problem without that gap, using that for orthogonal
 * pilots the SINR constraint (3) ≥ γ is convex in the powers P themselves:
 *
 *   h_k(P) = (Σ_m √(ṽ_mk P_mk))²  is concave and 1-homogeneous, and
 *   h_k(P) ≥ u  ⇔  ∃ w ≥ 0: Σ_m w_mk ≥ u,  w_mk² ≤ ṽ_mk P_mk u        (rotated cones of size 3)
 *
 * (⇐: Σ_m √(ṽ P u) ≥ Σ_m w ≥ u; ⇒: take w_mk = √(ṽ_mk P_mk u)). With the interference plus noise
 * u_k = γ(Σ_m β_mk Σ_k' P_mk' + 1), affine in P, the problem is
 *
 *   minimise   Σ_m Σ_k P_mk                              (8a) less the constant circuit power
 *   subject to Σ_k P_mk ≤ ρ_DL                            (8b)
 *              Σ_m w_mk ≥ u_k,  w_mk² ≤ ṽ_mk P_mk u_k      (8c), exactly
 *              b_i − ν (A p_sen)_i ≤ 0 for active i       (9d), the paper's "relaxation", or
 *              tr J(p_sen)⁻¹ ≤ ν                          (8d) itself, J of (5)
 *
 * (9d) implies (8d) (multiply row i by p_i ≥ 0 and sum), so it is a restriction; rows of inactive
 * APs are dropped since p_i = 0 there. (8d) is convex in p_sen: with X = νJ = [[a, c], [c, b]],
 * tr X⁻¹ ≤ 1 ⇔ (a − 1)(b − 1) ≥ c² + 1, a, b ≥ 1 ⇔ ‖(a − b, 2c, 2)‖ ≤ a + b − 2, one cone.
 *
 * Scaling (see powerAllocationModel): streams in units of their noise-limited need, interference
 * plus noise in units of γσ². Path gains still span many decades, and the interior-point method
 * often stalls near the optimum from M ≈ 30; allocatePower therefore checks every answer (and the
 * solver's best iterate when it stalls) against the closed forms before returning it, and reports
 * the rest as "failed". Measured at M = 30, K = 6 on 10 seeds × 3 sensing modes: 22 answers
 * accepted, 1 certified infeasible, 7 failed (SINR short by 0.06–1%).
 *
 * Pilot contamination (non-orthogonal pilots) would add a term that breaks this convexity; the
 * functions then throw.
 */
import { Affine, Model, sum, type SolverOptions } from "../../solvers";
import { apPowers, assertOrthogonalPilots, crlb, crlbTerms, sinr, type Instance } from "../../systems/ap-activation";

/** "rowwise": the paper's (9d), as Algorithm 1 uses it; "exact": (8d); "none": communication only. */
export type SensingConstraint = "rowwise" | "exact" | "none";

export interface Allocation {
  /** "failed": no certificate either way, or an answer that failed the check against the closed forms (see `solver`) */
  status: "optimal" | "infeasible" | "failed";
  /** P_mk [W], M×K, zero rows for inactive APs; null when infeasible */
  P: number[][] | null;
  /** Σ P_mk [W], Infinity when infeasible */
  transmit: number;
  /** (8a): transmit + |M_act| P_cir [W] */
  total: number;
  /** solver status and iterations, for diagnostics */
  solver: string;
  iterations: number;
}

/** An allocation that does not exist, with the reason. */
export function noAllocation(status: "infeasible" | "failed", note: string, iterations = 0): Allocation {
  return { status, P: null, transmit: Infinity, total: Infinity, solver: note, iterations };
}

/** Indices of the active APs of a mask, checked against the instance. */
export function activeIndices(inst: Instance, active: readonly boolean[]): number[] {
  if (active.length !== inst.M) throw new Error(`active: expected a mask of length M = ${inst.M}, got ${active.length}`);
  return active.flatMap((a, m) => (a ? [m] : []));
}

/**
 * The conic model of the power allocation on the APs where `active` is true (at least one), and
 * its P̂_mk = P_mk/ρ_DL expressions (one row per active AP).
 */
export function powerAllocationModel(
  inst: Instance,
  active: readonly boolean[],
  sensing: SensingConstraint = "rowwise",
): { model: Model; P: Affine[][]; act: number[] } {
  assertOrthogonalPilots(inst);
  const act = activeIndices(inst, active);
  if (act.length === 0) throw new Error("powerAllocationModel: no active AP");
  const { K, beta, v, gamma, rho } = inst;
  // Streams in units of their noise-limited need π_mk = γ/ṽ_mk (the power with which AP m alone
  // would give user k an SINR of γ without interference): Q_mk = P_mk/π_mk. Then (3) ≥ γ reads
  // (Σ_m √Q_mk)² ≥ ũ_k with ũ_k = u_k/γ = Σ_m β_mk p_m + 1 ≥ 1, every useful stream has Q of
  // order one, and the solver's absolute tolerances are relative to the noise.
  // p̂_m and ũ_k are variables of their own (equality rows): each cone then touches Q_mk, z_mk and
  // the "hub" ũ_k only, which the solver's block-arrow KKT path exploits (solvers/arrow.ts).
  const m = new Model();
  const need = act.map((ap) => v[ap].map((vk) => gamma / vk / rho)); // π_mk / ρ
  const Q = act.map(() => m.variables(K));
  const P = Q.map((row, i) => row.map((q, k) => q.times(need[i][k]))); // P̂_mk = P_mk / ρ
  const psen = m.variables(act.length); // p̂_m = Σ_k P̂_mk
  act.forEach((_, i) => {
    Q[i].forEach((x) => m.geq(x));
    m.eq(psen[i], sum(P[i]));
    m.leq(psen[i], 1); // (8b)
  });
  for (let k = 0; k < K; k++) {
    const u = m.variable(); // ũ_k
    m.eq(u, sum(act.map((ap, i) => psen[i].times(beta[ap][k] * rho))).plus(1));
    const z = m.variables(act.length);
    m.geq(sum(z), u); // (Σ_m √Q_mk)² ≥ ũ_k through z_mk = √(Q_mk ũ_k)
    act.forEach((_, i) => m.normLeq([z[i].times(2), Q[i][k].minus(u)], Q[i][k].plus(u))); // z² ≤ Q ũ
  }
  if (sensing === "rowwise") {
    const { b, A } = crlbTerms(inst);
    for (const row of act) m.leq(Affine.const(b[row]), sum(act.map((col, j) => psen[j].times(inst.nu * rho * A[row][col])))); // (9d)
  } else if (sensing === "exact") {
    const X = (q: number[]) => sum(act.map((ap, i) => psen[i].times(inst.nu * rho * q[ap]))); // entries of νJ
    const [a, b, c] = [X(inst.qa), X(inst.qb), X(inst.qc)];
    m.normLeq([a.minus(b), c.times(2), Affine.const(2)], a.plus(b).minus(2)); // (8d)
  }
  m.minimize(sum(psen));
  return { model: m, P, act };
}

/** Relative tolerance within which an allocation must meet its constraints to be returned. */
const ACCEPT_TOL = 1e-4;

/**
 * Solves the power allocation on the APs where `active` is true. Every answer is checked against
 * the closed forms (3), (6)/(9d) and (8b) before it is returned, and so is the solver's best
 * iterate when it stops without converging (it then counts as optimal if it meets the constraints
 * within ACCEPT_TOL and its relative duality gap is below 1e-3; `solver` says so).
 */
export function allocatePower(inst: Instance, active: readonly boolean[], sensing: SensingConstraint = "rowwise", solver: SolverOptions = {}): Allocation {
  if (activeIndices(inst, active).length === 0) return noAllocation("infeasible", "no active AP");
  const { model: m, P, act } = powerAllocationModel(inst, active, sensing);
  const { K, rho } = inst;
  const sol = m.solve({ tol: 1e-7, ...solver });
  const { iterations, gap, pobj } = sol.raw;
  if (sol.status === "primal_infeasible") return noAllocation("infeasible", `primal infeasible after ${iterations} iterations`, iterations);
  if (sol.status === "dual_infeasible" || !sol.raw.x) return noAllocation("failed", `${sol.status} after ${iterations} iterations`, iterations);
  const out = Array.from({ length: inst.M }, () => new Array<number>(K).fill(0));
  act.forEach((ap, i) => P[i].forEach((e, k) => (out[ap][k] = rho * Math.max(sol.value(e), 0))));
  const relgap = gap !== null && pobj !== null ? gap / Math.max(Math.abs(pobj), 1e-300) : Infinity;
  const violation = constraintViolation(inst, out, act, sensing);
  const note = `${sol.status} after ${iterations} iterations (relative gap ${relgap.toExponential(1)}, worst relative violation ${violation.toExponential(1)})`;
  if (violation > ACCEPT_TOL || !(relgap <= 1e-3)) return noAllocation("failed", note, iterations);
  const transmit = out.reduce((s, row) => s + row.reduce((t, x) => t + x, 0), 0);
  return { status: "optimal", P: out, transmit, total: transmit + act.length * inst.pcir, solver: note, iterations };
}

/** Largest relative violation of (8b), (8c) and the chosen sensing constraint. */
function constraintViolation(inst: Instance, P: number[][], act: number[], sensing: SensingConstraint): number {
  const p = apPowers(P);
  let worst = Math.max(0, ...p.map((x) => x / inst.rho - 1));
  for (const g of sinr(inst, P)) worst = Math.max(worst, 1 - g / inst.gamma);
  if (sensing === "exact") worst = Math.max(worst, crlb(inst, p) / inst.nu - 1);
  if (sensing === "rowwise") {
    const { b, A } = crlbTerms(inst);
    for (const i of act) worst = Math.max(worst, b[i] / (inst.nu * act.reduce((a, j) => a + A[i][j] * p[j], 0)) - 1);
  }
  return Number.isNaN(worst) ? Infinity : worst;
}
