/**
 * Checks a solution against its problem from first principles (the problem's own data, not the
 * solver's internal state), so that a caller — or a test — can trust a status without trusting
 * the solver: residuals of the optimality conditions, or of an infeasibility certificate.
 */
import { symEigenvalues } from "./dense";
import type { ConicProblemJSON, ConicSolution } from "./problem";

/**
 * Scaled violations, each ≈ 0 for a correct answer:
 *  - optimal: `primal` ‖Ax + s − b‖∞, `dual` ‖Aᵀy + c‖∞, `sCone` (s ∈ K), `yCone` (y ∈ K*),
 *    `objective` |cᵀx − pobj|, `gap` |cᵀx + bᵀy|;
 *  - primal_infeasible: `certificate` |bᵀy + 1|, `dual` ‖Aᵀy‖∞, `yCone`;
 *  - dual_infeasible: `certificate` |cᵀx + 1|, `primal` ‖Ax + s‖∞, `sCone`.
 * Residuals are divided by 1 + the size of the data and point involved; cone violations by 1 + ‖v‖∞.
 * Other statuses give {}.
 */
export function verifySolution(problem: ConicProblemJSON, sol: ConicSolution): Record<string, number> {
  const normA = 1 + normInf(problem.A.v);
  const ax = (x: number[]) => {
    const out = new Array<number>(problem.A.m).fill(0);
    problem.A.i.forEach((r, t) => (out[r] += problem.A.v[t] * x[problem.A.j[t]]));
    return out;
  };
  const aty = (y: number[]) => {
    const out = new Array<number>(problem.A.n).fill(0);
    problem.A.i.forEach((r, t) => (out[problem.A.j[t]] += problem.A.v[t] * y[r]));
    return out;
  };
  if (sol.status === "optimal") {
    const [x, y, s] = [sol.x!, sol.y!, sol.s!];
    const cx = dot(problem.c, x);
    return {
      primal: normInf(ax(x).map((v, i) => v + s[i] - problem.b[i])) / (1 + normInf(problem.b) + normA * normInf(x)),
      dual: normInf(aty(y).map((v, i) => v + problem.c[i])) / (1 + normInf(problem.c) + normA * normInf(y)),
      sCone: coneViolation(problem, s, false) / (1 + normInf(s)),
      yCone: coneViolation(problem, y, true) / (1 + normInf(y)),
      objective: Math.abs(cx - sol.pobj!) / (1 + Math.abs(cx)),
      gap: Math.abs(cx + dot(problem.b, y)) / (1 + Math.abs(cx)),
    };
  }
  if (sol.status === "primal_infeasible") {
    const y = sol.y!;
    return {
      certificate: Math.abs(dot(problem.b, y) + 1),
      dual: normInf(aty(y)) / (normA * (1 + normInf(y))),
      yCone: coneViolation(problem, y, true) / (1 + normInf(y)),
    };
  }
  if (sol.status === "dual_infeasible") {
    const [x, s] = [sol.x!, sol.s!];
    return {
      certificate: Math.abs(dot(problem.c, x) + 1),
      primal: normInf(ax(x).map((v, i) => v + s[i])) / (normA * (1 + normInf(x))),
      sCone: coneViolation(problem, s, false) / (1 + normInf(s)),
    };
  }
  return {};
}

/**
 * How far v is outside K (dual = false: the primal cone, where the zero-cone rows must vanish)
 * or K* (dual = true: the zero-cone rows are free); ≤ 0 inside.
 */
export function coneViolation(problem: ConicProblemJSON, v: number[], dual: boolean): number {
  const cone = { z: 0, l: 0, q: [] as number[], s: [] as number[], ...problem.cone };
  let worst = dual ? 0 : normInf(v.slice(0, cone.z));
  let off = cone.z;
  for (let i = 0; i < cone.l; i++) worst = Math.max(worst, -v[off + i]);
  off += cone.l;
  for (const k of cone.q) {
    let nrm = 0;
    for (let i = 1; i < k; i++) nrm += v[off + i] ** 2;
    worst = Math.max(worst, Math.sqrt(nrm) - v[off]);
    off += k;
  }
  for (const k of cone.s) {
    const X = new Float64Array(k * k);
    for (let j = 0, t = off; j < k; j++) {
      for (let i = j; i < k; i++, t++) X[i * k + j] = X[j * k + i] = i === j ? v[t] : v[t] * Math.SQRT1_2;
    }
    worst = Math.max(worst, -Math.min(...symEigenvalues(X, k)));
    off += (k * (k + 1)) / 2;
  }
  return worst;
}

function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function normInf(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}
