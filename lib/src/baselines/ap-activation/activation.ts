/**
 * AP activation for problem (8): the modified branch-and-bound of Algorithm 1, exhaustive search
 * (the reference for small M), and the two model-based baselines of Section IV ("Full AP +
 * constraint relaxed" and the decoupled method). Each returns the active set and its power
 * allocation; the number of convex solves measures the work done.
 */
import { apPowers, crlb, type Instance } from "../../systems/ap-activation";
import { type Allocation, type SensingConstraint, allocatePower, noAllocation } from "./power-allocation";
import { allocateMany } from "./solve-pool";
import { solverThreads } from "../../core/threads";

export interface ActivationResult {
  active: boolean[];
  /** the allocation on `active`; status "infeasible" when the method found no feasible set */
  allocation: Allocation;
  /** convex problems solved */
  solves: number;
  /** solves that ended "failed" (counted as infeasible) */
  failures: number;
  ms: number;
}

export interface ActivationOptions {
  /** sensing constraint of the inner problem (default "rowwise", the paper's (9d)) */
  sensing?: SensingConstraint;
  /**
   * Which branch a level of branch-and-bound keeps (Remark 1: "only a suffice branch per level"):
   * "best" (default), the removal with the lowest (8a); "first", the first removal that does not
   * raise (8a), APs tried in increasing order of their current power. Measured at M = 50, K = 20
   * (one instance): "first" took 51 solves and ended at 1.50 W, "best" 314 solves and 1.30 W.
   */
  branch?: "best" | "first";
  /** called after each level of the search with the current total power [W] and active count */
  onLevel?: (level: number, total: number, active: number) => void;
}

/** Counts solves and failures around allocatePower. */
class Solver {
  solves = 0;
  failures = 0;
  constructor(
    private readonly inst: Instance,
    private readonly sensing: SensingConstraint,
  ) {}
  solve(active: readonly boolean[], sensing = this.sensing): Allocation {
    return this.count([allocatePower(this.inst, active, sensing)])[0];
  }
  /** Several active sets at once, on all cores (solve-pool.ts). */
  solveMany(masks: boolean[][], sensing = this.sensing): Allocation[] {
    return this.count(allocateMany(this.inst, masks, sensing));
  }
  private count(answers: Allocation[]): Allocation[] {
    this.solves += answers.length;
    this.failures += answers.filter((a) => a.status === "failed").length;
    return answers;
  }
}

/** Σ_k β_mk of every AP: how strongly it reaches the users. */
const strength = (inst: Instance) => inst.beta.map((row) => row.reduce((a, x) => a + x, 0));

function result(active: boolean[], allocation: Allocation, s: Solver, t0: number): ActivationResult {
  return { active, allocation, solves: s.solves, failures: s.failures, ms: performance.now() - t0 };
}

/**
 * Algorithm 1 (modified branch-and-bound with the relaxed constraint (9d)). From all APs active,
 * each level tries removing every active AP, prunes infeasible branches and keeps the removal
 * with the lowest total power (8a) if it does not exceed the current one ("retaining only a
 * suffice branch per level", Remark 1: O(M²) solves); it stops when no removal is kept.
 *
 * Algorithm 1 assumes the all-AP problem feasible. Under (9d) it is not always (every active AP adds
 * a row of (9d), so a subset can be feasible where the whole set is not): an infeasible start then
 * counts as P_curr = ∞, and while no removal is feasible the search descends by dropping the
 * weakest AP (least Σ_k β_mk) until one is, or one AP is left.
 *
 * One shortcut: with the exact (8d) or no sensing constraint a removal can only shrink the feasible
 * set, so no candidate has a total below (current transmit power) + (|M_act| − 1) P_cir.
 * Candidates are tried in increasing order of the AP's current power, and a candidate at that bound
 * (an AP carrying no power) ends the level early; the result is the one the full level would return.
 * Under (9d) the removal also drops a row, so there the shortcut is a heuristic (it keeps the first
 * removal that costs nothing).
 */
export function branchAndBound(inst: Instance, opts: ActivationOptions = {}): ActivationResult {
  const t0 = performance.now();
  const s = new Solver(inst, opts.sensing ?? "rowwise");
  let active = new Array<boolean>(inst.M).fill(true);
  let current = s.solve(active);
  for (let level = 1; ; level++) {
    const p = current.P ? apPowers(current.P) : strength(inst); // no allocation yet: weakest AP first
    const order = active.flatMap((a, m) => (a ? [m] : [])).sort((a, b) => p[a] - p[b] || a - b);
    const bound = current.P ? current.total - inst.pcir + 1e-6 + 1e-4 * current.transmit : -Infinity;
    let best: { active: boolean[]; allocation: Allocation } | null = null;
    // Candidates are solved a batch at a time (one per core) and read in order, so the outcome is
    // the sequential one; solves after an early stop within a batch are counted, not used.
    const candidates = order.map((m) => active.map((a, j) => a && j !== m));
    const batch = solverThreads();
    level: for (let start = 0; start < candidates.length; start += batch) {
      const masks = candidates.slice(start, start + batch);
      for (const [i, a] of s.solveMany(masks).entries()) {
        if (a.status !== "optimal") continue; // prune
        if (a.total <= current.total && (!best || a.total < best.allocation.total)) best = { active: masks[i], allocation: a };
        if (best && (opts.branch === "first" || best.allocation.total <= bound)) break level;
      }
    }
    if (!best && !current.P && order.length > 1) {
      active = active.slice();
      active[order[0]] = false; // still infeasible: drop the weakest AP and go on
      current = noAllocation(current.status === "failed" ? "failed" : "infeasible", `no feasible set found down to ${order.length - 1} APs`);
      continue;
    }
    if (!best) break;
    active = best.active;
    current = best.allocation;
    opts.onLevel?.(level, current.total, active.filter(Boolean).length);
  }
  return result(active, current, s, t0);
}

/** Exhaustive search over all 2^M − 1 active sets (the reference for branch-and-bound; M ≤ 12). */
export function exhaustiveSearch(inst: Instance, opts: ActivationOptions = {}): ActivationResult {
  if (inst.M > 12) throw new Error(`exhaustiveSearch: M = ${inst.M} means ${2 ** inst.M - 1} convex problems; use M ≤ 12`);
  const t0 = performance.now();
  const s = new Solver(inst, opts.sensing ?? "rowwise");
  const masks = Array.from({ length: 2 ** inst.M - 1 }, (_, i) => Array.from({ length: inst.M }, (_, m) => (((i + 1) >> m) & 1) === 1));
  let best: { active: boolean[]; allocation: Allocation } | null = null;
  for (const [i, a] of s.solveMany(masks).entries()) {
    if (a.status === "optimal" && (!best || a.total < best.allocation.total)) best = { active: masks[i], allocation: a };
  }
  return best ? result(best.active, best.allocation, s, t0) : result(new Array<boolean>(inst.M).fill(false), noAllocation("infeasible", "no feasible active set"), s, t0);
}

/** "Full AP + constraint relaxed" (Section IV): every AP active, the power allocation with (9d). */
export function fullApRelaxed(inst: Instance, opts: ActivationOptions = {}): ActivationResult {
  const t0 = performance.now();
  const s = new Solver(inst, opts.sensing ?? "rowwise");
  const active = new Array<boolean>(inst.M).fill(true);
  return result(active, s.solve(active), s, t0);
}

/**
 * The decoupled method (Section IV). The active set grows from one AP. For each candidate set the
 * communication-only problem ((8) without (8d)) gives p̄, then all powers are scaled by
 * κ = max(bᵀp̄ / (ν p̄ᵀAp̄), 1) so that the CRLB (6) meets ν (scaling raises every SINR, since
 * noise stays fixed); the set is infeasible if an AP then exceeds its budget.
 *
 * Candidate sets (the paper leaves them open): the current set plus each AP not in it. If one or
 * more are feasible the cheapest is returned; otherwise the set grows by the candidate whose
 * scaled allocation is closest to the budgets (the strongest AP, by Σ_k β_mk, when no candidate
 * even meets the SINRs).
 */
export function decoupled(inst: Instance, opts: ActivationOptions = {}): ActivationResult {
  const t0 = performance.now();
  const s = new Solver(inst, "rowwise");
  const gain = strength(inst);
  let active = new Array<boolean>(inst.M).fill(false);
  for (let size = 1; size <= inst.M; size++) {
    let feasible: { active: boolean[]; allocation: Allocation } | null = null;
    let closest: { active: boolean[]; overload: number } | null = null;
    const candidates = active.flatMap((on, m) => (on ? [] : [active.map((a, j) => a || j === m)]));
    for (const [i, a] of s.solveMany(candidates, "none").entries()) {
      const candidate = candidates[i];
      const scaled = scaleForSensing(inst, a);
      if (!scaled) continue;
      const overload = Math.max(...apPowers(scaled.P!)) / inst.rho;
      if (overload <= 1 + 1e-9) {
        if (!feasible || scaled.total < feasible.allocation.total) feasible = { active: candidate, allocation: scaled };
      } else if (!closest || overload < closest.overload) closest = { active: candidate, overload };
    }
    if (feasible) return result(feasible.active, feasible.allocation, s, t0);
    if (closest) active = closest.active;
    else {
      const next = gain.map((g, m) => (active[m] ? -Infinity : g)).reduce((bi, g, m, arr) => (g > arr[bi] ? m : bi), 0);
      active = active.slice();
      active[next] = true;
    }
    opts.onLevel?.(size, Infinity, size);
  }
  return result(active, noAllocation("infeasible", "no feasible set"), s, t0);
}

/** p = κ p̄ with κ = max(σ²_xy(p̄)/ν, 1), from (6) being homogeneous of degree −1; null if p̄ is. */
function scaleForSensing(inst: Instance, a: Allocation): Allocation | null {
  if (a.status !== "optimal" || !a.P) return null;
  const bound = crlb(inst, apPowers(a.P));
  if (!Number.isFinite(bound)) return null;
  const kappa = Math.max(bound / inst.nu, 1);
  const P = a.P.map((row) => row.map((x) => kappa * x));
  const transmit = kappa * a.transmit;
  return { ...a, P, transmit, total: a.total - a.transmit + transmit };
}
