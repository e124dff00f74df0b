/**
 * The solver's standard form and its JSON interface (issue 3):
 *
 *   minimise cᵀx  subject to  Ax + s = b,  s ∈ K,
 *   K = {0}^z × R₊^l × Q^{q₁} × … × S₊^{s₁} × …,
 *
 * with dual  maximise −bᵀy  subject to  Aᵀy + c = 0,  y ∈ K*.
 * A is given as 0-based sparse triplets; rows run through the cones in the order zero,
 * nonnegative, second-order (first entry of each cone is its "t"), semidefinite (each of side
 * k stored as the lower triangle column by column, off-diagonals multiplied by √2, as SCS does).
 * `validateProblem` turns JSON-like input into a checked `Problem` or throws an error naming the
 * field and what was expected.
 */

export interface ConeDims {
  /** equality rows (zero cone) */
  z: number;
  /** nonnegative orthant */
  l: number;
  /** second-order cone sizes (each ≥ 1, first entry is t) */
  q: number[];
  /** PSD cone sides (each block has k(k+1)/2 rows) */
  s: number[];
}

export interface SparseTriplets {
  m: number;
  n: number;
  i: number[];
  j: number[];
  v: number[];
}

export interface SolverOptions {
  /** relative gap, primal and dual residual tolerance (default 1e-8) */
  tol?: number;
  /** iteration limit (default 200) */
  maxIter?: number;
  /**
   * Linear algebra of the KKT systems (library callers only; not part of the JSON options):
   * "dense" factors the reduced matrix densely, "arrow" uses small blocks plus a dense tail
   * (LP/SOCP only, see arrow.ts; a solve that breaks down switches to dense for the rest of the
   * run where the reduced system has at most 500 rows), "auto" (default) picks the cheaper of the
   * two by an operation count.
   */
  kkt?: "auto" | "dense" | "arrow";
}

/** The JSON problem, as read from a file. */
export interface ConicProblemJSON {
  c: number[];
  A: SparseTriplets;
  b: number[];
  cone: Partial<ConeDims>;
  options?: SolverOptions;
}

export type SolveStatus = "optimal" | "primal_infeasible" | "dual_infeasible" | "max_iter" | "numerical";

/**
 * The solution. For `optimal` (and the last iterate of `max_iter`/`numerical`) x, y, s are the
 * primal-dual point. For `primal_infeasible`, y is a certificate: Aᵀy = 0, bᵀy = −1, y ∈ K*
 * (x, s are null). For `dual_infeasible`, (x, s) is one: Ax + s = 0, s ∈ K, cᵀx = −1 (y null).
 */
export interface ConicSolution {
  status: SolveStatus;
  x: number[] | null;
  y: number[] | null;
  s: number[] | null;
  /** cᵀx (null when the primal is infeasible) */
  pobj: number | null;
  /** −bᵀy (null when the dual is infeasible) */
  dobj: number | null;
  /** sᵀy, the duality gap */
  gap: number | null;
  /** ‖Ax + s − b‖ / max(1, ‖b‖), or for a dual-infeasibility certificate ‖Ax + s‖ */
  pres: number | null;
  /** ‖Aᵀy + c‖ / max(1, ‖c‖), or for a primal-infeasibility certificate ‖Aᵀy‖ */
  dres: number | null;
  iterations: number;
  time_ms: number;
}

/** Compressed sparse rows; duplicates of the triplet input are summed. */
export interface CsrMatrix {
  m: number;
  n: number;
  rowPtr: Int32Array;
  col: Int32Array;
  val: Float64Array;
}

/** A validated problem in the internal representation. */
export interface Problem {
  n: number;
  m: number;
  c: Float64Array;
  A: CsrMatrix;
  b: Float64Array;
  cone: ConeDims;
  options: Required<SolverOptions>;
}

export const DEFAULT_OPTIONS: Required<SolverOptions> = { tol: 1e-8, maxIter: 200, kkt: "auto" };

/** Number of rows of a PSD block of side k (svec length). */
export function svecLength(k: number): number {
  return (k * (k + 1)) / 2;
}

/** Total rows of a cone product. */
export function coneRows(cone: ConeDims): number {
  return cone.z + cone.l + cone.q.reduce((a, k) => a + k, 0) + cone.s.reduce((a, k) => a + svecLength(k), 0);
}

/** Builds CSR from triplets (duplicates summed, explicit zeros dropped). */
export function csrFromTriplets(m: number, n: number, I: ArrayLike<number>, J: ArrayLike<number>, V: ArrayLike<number>): CsrMatrix {
  const count = new Int32Array(m + 1);
  for (let k = 0; k < I.length; k++) count[I[k] + 1]++;
  for (let r = 0; r < m; r++) count[r + 1] += count[r];
  const order = new Int32Array(I.length);
  const fill = count.slice(0, m);
  for (let k = 0; k < I.length; k++) order[fill[I[k]]++] = k;
  const rowPtr = new Int32Array(m + 1);
  const col: number[] = [];
  const val: number[] = [];
  const seen = new Map<number, number>();
  for (let r = 0; r < m; r++) {
    seen.clear();
    const start = col.length;
    for (let p = count[r]; p < count[r + 1]; p++) {
      const k = order[p];
      const at = seen.get(J[k]);
      if (at === undefined) {
        seen.set(J[k], col.length);
        col.push(J[k]);
        val.push(V[k]);
      } else val[at] += V[k];
    }
    // sort the row by column and drop exact zeros
    const idx = Array.from({ length: col.length - start }, (_, t) => start + t).sort((a, b) => col[a] - col[b]);
    const cs = idx.map((t) => col[t]);
    const vs = idx.map((t) => val[t]);
    col.length = start;
    val.length = start;
    for (let t = 0; t < cs.length; t++) {
      if (vs[t] !== 0) {
        col.push(cs[t]);
        val.push(vs[t]);
      }
    }
    rowPtr[r + 1] = col.length;
  }
  return { m, n, rowPtr, col: Int32Array.from(col), val: Float64Array.from(val) };
}

/** y[rows] += alpha · A x, for A in CSR. */
export function csrMulAdd(A: CsrMatrix, x: ArrayLike<number>, y: Float64Array, alpha = 1): void {
  for (let r = 0; r < A.m; r++) {
    let s = 0;
    for (let p = A.rowPtr[r]; p < A.rowPtr[r + 1]; p++) s += A.val[p] * x[A.col[p]];
    y[r] += alpha * s;
  }
}

/** y += alpha · Aᵀ x, for A in CSR. */
export function csrTMulAdd(A: CsrMatrix, x: ArrayLike<number>, y: Float64Array, alpha = 1): void {
  for (let r = 0; r < A.m; r++) {
    const xr = alpha * x[r];
    if (xr === 0) continue;
    for (let p = A.rowPtr[r]; p < A.rowPtr[r + 1]; p++) y[A.col[p]] += A.val[p] * xr;
  }
}

function isNonNegInt(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 0;
}

function numberArray(v: unknown, name: string, length?: number): number[] {
  if (!Array.isArray(v)) throw new Error(`${name}: expected an array of numbers`);
  if (length !== undefined && v.length !== length) throw new Error(`${name}: expected length ${length}, got ${v.length}`);
  for (let k = 0; k < v.length; k++) {
    if (typeof v[k] !== "number" || !Number.isFinite(v[k])) {
      throw new Error(`${name}[${k}]: expected a finite number, got ${JSON.stringify(v[k])}`);
    }
  }
  return v as number[];
}

/** Checks a JSON-like problem and converts it; every error names the field and what was expected. */
export function validateProblem(input: unknown): Problem {
  if (typeof input !== "object" || input === null) throw new Error("problem: expected a JSON object with c, A, b, cone");
  const p = input as Record<string, unknown>;
  for (const key of Object.keys(p)) {
    if (!["c", "A", "b", "cone", "options"].includes(key)) throw new Error(`problem: unknown field '${key}'`);
  }
  const c = numberArray(p.c, "c");
  const A = p.A as Record<string, unknown> | undefined;
  if (typeof A !== "object" || A === null) throw new Error("A: expected {m, n, i, j, v} sparse triplets");
  if (!isNonNegInt(A.m) || !isNonNegInt(A.n)) throw new Error(`A.m, A.n: expected nonnegative integers, got ${A.m}, ${A.n}`);
  const m = A.m;
  const n = A.n;
  if (c.length !== n) throw new Error(`c: length ${c.length} does not match A.n = ${n}`);
  const b = numberArray(p.b, "b");
  if (b.length !== m) throw new Error(`b: length ${b.length} does not match A.m = ${m}`);
  const I = numberArray(A.i, "A.i");
  const J = numberArray(A.j, "A.j", I.length);
  const V = numberArray(A.v, "A.v", I.length);
  for (let k = 0; k < I.length; k++) {
    if (!Number.isInteger(I[k]) || I[k] < 0 || I[k] >= m) throw new Error(`A.i[${k}] = ${I[k]}: row index out of range [0, ${m})`);
    if (!Number.isInteger(J[k]) || J[k] < 0 || J[k] >= n) throw new Error(`A.j[${k}] = ${J[k]}: column index out of range [0, ${n})`);
  }
  const cin = p.cone as Record<string, unknown> | undefined;
  if (typeof cin !== "object" || cin === null) throw new Error("cone: expected {z, l, q, s}");
  for (const key of Object.keys(cin)) {
    if (!["z", "l", "q", "s"].includes(key)) throw new Error(`cone: unknown field '${key}' (expected z, l, q, s)`);
  }
  const z = cin.z ?? 0;
  const l = cin.l ?? 0;
  if (!isNonNegInt(z)) throw new Error(`cone.z: expected a nonnegative integer, got ${JSON.stringify(z)}`);
  if (!isNonNegInt(l)) throw new Error(`cone.l: expected a nonnegative integer, got ${JSON.stringify(l)}`);
  const q = numberArray(cin.q ?? [], "cone.q");
  const s = numberArray(cin.s ?? [], "cone.s");
  q.forEach((k, t) => {
    if (!Number.isInteger(k) || k < 1) throw new Error(`cone.q[${t}] = ${k}: second-order cone sizes must be integers ≥ 1`);
  });
  s.forEach((k, t) => {
    if (!Number.isInteger(k) || k < 1) throw new Error(`cone.s[${t}] = ${k}: semidefinite cone sides must be integers ≥ 1`);
  });
  const cone: ConeDims = { z, l, q: q.slice(), s: s.slice() };
  const rows = coneRows(cone);
  if (rows !== m) {
    throw new Error(
      `cone: sizes add up to ${rows} rows (z=${z} + l=${l} + q=${q.reduce((a, k) => a + k, 0)} + s=${s.reduce((a, k) => a + svecLength(k), 0)} as k(k+1)/2 each) but A has m = ${m} rows`,
    );
  }
  const options = { ...DEFAULT_OPTIONS };
  if (p.options !== undefined) {
    const o = p.options as Record<string, unknown>;
    if (typeof o !== "object" || o === null) throw new Error("options: expected an object {tol, maxIter}");
    for (const key of Object.keys(o)) {
      if (key === "tol") {
        if (typeof o.tol !== "number" || !(o.tol > 0 && o.tol < 1)) throw new Error(`options.tol: expected a number in (0, 1), got ${JSON.stringify(o.tol)}`);
        options.tol = o.tol;
      } else if (key === "maxIter") {
        if (!isNonNegInt(o.maxIter) || o.maxIter < 1) throw new Error(`options.maxIter: expected a positive integer, got ${JSON.stringify(o.maxIter)}`);
        options.maxIter = o.maxIter;
      } else throw new Error(`options: unknown field '${key}' (expected tol, maxIter)`);
    }
  }
  return {
    n,
    m,
    c: Float64Array.from(c),
    A: csrFromTriplets(m, n, I, J, V),
    b: Float64Array.from(b),
    cone,
    options,
  };
}
