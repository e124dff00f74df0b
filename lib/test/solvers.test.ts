/**
 * The conic solver on problems with known optima, random feasible / infeasible / unbounded
 * instances (certificates checked from the data), bad input, and the `isac solve` command.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { Rng, repoRoot } from "isac/core";
import { solveConic, verifySolution, type ConicProblemJSON } from "isac/solvers";

/** Builds a JSON problem from dense rows. */
function problem(c: number[], rows: number[][], b: number[], cone: ConicProblemJSON["cone"]): ConicProblemJSON {
  const I: number[] = [];
  const J: number[] = [];
  const V: number[] = [];
  rows.forEach((r, i) => r.forEach((v, j) => v !== 0 && (I.push(i), J.push(j), V.push(v))));
  return { c, A: { m: rows.length, n: c.length, i: I, j: J, v: V }, b, cone };
}

function assertVerified(p: ConicProblemJSON, status: string, tol = 1e-7) {
  const sol = solveConic(p);
  assert.equal(sol.status, status);
  for (const [what, v] of Object.entries(verifySolution(p, sol))) assert.ok(v <= tol, `${status} check '${what}' = ${v}`);
  return sol;
}

const close = (a: number, b: number, tol = 1e-7) => assert.ok(Math.abs(a - b) <= tol * (1 + Math.abs(b)), `${a} vs ${b}`);

test("LP with a known vertex optimum", () => {
  // max x1 + x2 s.t. x1 + 2x2 ≤ 4, 3x1 + x2 ≤ 6, x ≥ 0: optimum (1.6, 1.2), value 2.8
  const p = problem([-1, -1], [[1, 2], [3, 1], [-1, 0], [0, -1]], [4, 6, 0, 0], { l: 4 });
  const sol = assertVerified(p, "optimal");
  close(sol.pobj!, -2.8);
  close(sol.x![0], 1.6, 1e-6);
  close(sol.x![1], 1.2, 1e-6);
  // duals of the two active constraints: (0.4, 0.2)
  close(sol.y![0], 0.4, 1e-6);
  close(sol.y![1], 0.2, 1e-6);
});

test("SOCP: minimum-norm point of an affine set equals ‖b‖/‖a‖-type closed form", () => {
  // min ‖x − p‖ s.t. aᵀx = β: value |aᵀp − β| / ‖a‖
  const rng = new Rng("min-norm");
  const n = 6;
  const a = Array.from(rng.normals(n));
  const pt = Array.from(rng.normals(n));
  const beta = 2.5;
  // variables (x, t); rows: aᵀx = β (zero cone); (t, x − p) ∈ Q^{n+1}: s = [t; x − p] = b − A(x, t)
  const rows = [[...a, 0], [...new Array(n).fill(0), -1], ...a.map((_, i) => [...a.map((_, j) => (i === j ? -1 : 0)), 0])];
  const b = [beta, 0, ...pt.map((v) => -v)];
  const p = problem([...new Array(n).fill(0), 1], rows, b, { z: 1, q: [n + 1] });
  const sol = assertVerified(p, "optimal");
  const norm = Math.hypot(...a);
  close(sol.pobj!, Math.abs(a.reduce((s, v, i) => s + v * pt[i], 0) - beta) / norm);
});

test("SDP: largest eigenvalue and nearest-correlation-type problem with known answers", () => {
  // λmax(C) = min t s.t. tI − C ⪰ 0, for C = [[2, 1], [1, 3]]: (5 + √5)/2
  const p1 = problem([1], [[-1], [0], [-1]], [-2, -Math.SQRT2, -3], { s: [2] });
  close(assertVerified(p1, "optimal").pobj!, (5 + Math.sqrt(5)) / 2);

  // min ⟨C, X⟩ s.t. diag(X) = 1, X ⪰ 0 for C = −J (all ones, k×k): the optimum is X = J, value −k²;
  // for C = [[0, −1],[−1, 0]] ⊕ … the same: take k = 4 and C = J − 2I (value min over correlations = −k·... ).
  const k = 4;
  // variables: svec(X) (10 entries); objective ⟨C, X⟩ with C = −J: diag coefficient −1, off-diagonal −√2 (svec)
  const len = (k * (k + 1)) / 2;
  const c: number[] = [];
  const diagIdx: number[] = [];
  for (let j = 0, t = 0; j < k; j++) for (let i = j; i < k; i++, t++) {
    c.push(i === j ? -1 : -Math.SQRT2);
    if (i === j) diagIdx.push(t);
  }
  const rows: number[][] = [];
  diagIdx.forEach((t) => rows.push(c.map((_, u) => (u === t ? 1 : 0)))); // X_ii = 1
  for (let t = 0; t < len; t++) rows.push(c.map((_, u) => (u === t ? -1 : 0))); // s = svec(X) ∈ S₊
  const p2 = problem(c, rows, [...new Array(k).fill(1), ...new Array(len).fill(0)], { z: k, s: [k] });
  close(assertVerified(p2, "optimal").pobj!, -k * k);
});

test("SOC and PSD cones of size 1 behave as the orthant", () => {
  // min x s.t. x ≥ 3 written three ways
  for (const cone of [{ l: 1 }, { q: [1] }, { s: [1] }]) {
    const sol = assertVerified(problem([1], [[-1]], [-3], cone), "optimal");
    close(sol.pobj!, 3);
  }
});

/** Random instance in the mixed cone, built feasible, primal infeasible or dual infeasible. */
function randomInstance(rng: Rng, kind: "feasible" | "primal_infeasible" | "dual_infeasible"): ConicProblemJSON {
  const normals = (k: number) => Array.from(rng.normals(k));
  const cone = { z: 1, l: 3, q: [3, 4], s: [3] };
  const m = 1 + 3 + 7 + 6;
  const n = 6;
  const A = Array.from({ length: m }, () => normals(n));
  const interior = () => {
    const v = [...Array.from({ length: 3 }, () => 0.1 + rng.uniform())];
    for (const k of cone.q) {
      const tail = normals(k - 1);
      v.push(Math.hypot(...tail) + 0.1 + rng.uniform(), ...tail);
    }
    const M = Array.from({ length: 3 }, () => normals(3));
    const X = (i: number, j: number) => M[i].reduce((s, v, t) => s + v * M[j][t], 0) + (i === j ? 0.1 : 0);
    for (let j = 0; j < 3; j++) for (let i = j; i < 3; i++) v.push(i === j ? X(i, j) : X(i, j) * Math.SQRT2);
    return v;
  };
  const mul = (x: number[]) => A.map((r) => r.reduce((s, v, j) => s + v * x[j], 0));
  const tmul = (y: number[]) => Array.from({ length: n }, (_, j) => A.reduce((s, r, i) => s + r[j] * y[i], 0));
  const dotv = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);
  let b: number[];
  let c: number[];
  if (kind === "primal_infeasible") {
    const y = [rng.normal(), ...interior()];
    const yA = tmul(y);
    const yy = dotv(y, y);
    A.forEach((r, i) => r.forEach((_, j) => (r[j] -= (y[i] * yA[j]) / yy))); // Aᵀy = 0
    b = normals(m);
    const by = dotv(b, y);
    b = b.map((v, i) => v - (y[i] * (by + 1)) / yy); // bᵀy = −1
    c = tmul([rng.normal(), ...interior()]).map((v) => -v);
  } else if (kind === "dual_infeasible") {
    const x = normals(n);
    const s = [0, ...interior()];
    const r0 = mul(x).map((v, i) => v + s[i]);
    const xx = dotv(x, x);
    A.forEach((r, i) => r.forEach((_, j) => (r[j] -= (r0[i] * x[j]) / xx))); // Ax + s = 0
    c = normals(n);
    const cx = dotv(c, x);
    c = c.map((v, j) => v - (x[j] * (cx + 1)) / xx); // cᵀx = −1
    const s0 = [0, ...interior()];
    b = mul(normals(n)).map((v, i) => v + s0[i]);
  } else {
    const s0 = [0, ...interior()];
    b = mul(normals(n)).map((v, i) => v + s0[i]);
    c = tmul([rng.normal(), ...interior()]).map((v) => -v);
  }
  return problem(c, A, b, cone);
}

test("random instances: optimal points, primal and dual infeasibility certificates verified from the data", () => {
  const rng = new Rng("solver-random");
  for (const kind of ["feasible", "primal_infeasible", "dual_infeasible"] as const) {
    for (let t = 0; t < 20; t++) assertVerified(randomInstance(rng.child(`${kind}-${t}`), kind), kind === "feasible" ? "optimal" : kind);
  }
});

test("deterministic: the same problem gives bit-identical answers", () => {
  const p = randomInstance(new Rng("det"), "feasible");
  const a = solveConic(p);
  const b = solveConic(p);
  assert.deepEqual({ ...a, time_ms: 0 }, { ...b, time_ms: 0 });
});

test("iteration limit is reported as max_iter with the last iterate", () => {
  const p = { ...randomInstance(new Rng("limit"), "feasible"), options: { maxIter: 2 } };
  const sol = solveConic(p);
  assert.equal(sol.status, "max_iter");
  assert.equal(sol.iterations, 2);
  assert.equal(sol.x!.length, 6);
});

test("bad input gets an error naming what is wrong", () => {
  const good = problem([1, 1], [[-1, 0], [0, -1]], [0, 0], { l: 2 });
  const cases: [unknown, RegExp][] = [
    [{ ...good, c: [1] }, /c: length 1 does not match A.n = 2/],
    [{ ...good, b: [0, Number.NaN] }, /b\[1\]: expected a finite number/],
    [{ ...good, cone: { l: 1 } }, /cone: sizes add up to 1 rows .* but A has m = 2 rows/],
    [{ ...good, cone: { q: [2], s: [1] } }, /sizes add up to 3 rows/],
    [{ ...good, A: { ...good.A, i: [0, 2] } }, /A.i\[1\] = 2: row index out of range \[0, 2\)/],
    [{ ...good, A: { ...good.A, j: [0, -1] } }, /A.j\[1\] = -1: column index out of range/],
    [{ ...good, A: { ...good.A, v: [1] } }, /A.v: expected length 2, got 1/],
    [{ ...good, cone: { l: 2, r: 1 } }, /cone: unknown field 'r'/],
    [{ ...good, cone: { q: [0, 2] } }, /cone.q\[0\] = 0/],
    [{ ...good, options: { tol: 0 } }, /options.tol/],
    [null, /expected a JSON object/],
  ];
  for (const [input, message] of cases) assert.throws(() => solveConic(input as ConicProblemJSON), message);
});

test("isac solve reads a problem file or stdin and prints the solution JSON", () => {
  const bin = path.join(repoRoot(), "lib", "bin", "isac.js");
  const p = problem([-1, -1], [[1, 2], [3, 1], [-1, 0], [0, -1]], [4, 6, 0, 0], { l: 4 });
  const r = spawnSync(process.execPath, [bin, "solve", "-"], { input: JSON.stringify(p), encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const sol = JSON.parse(r.stdout);
  assert.equal(sol.status, "optimal");
  close(sol.pobj, -2.8);
  for (const key of ["x", "y", "s", "pobj", "dobj", "iterations", "time_ms"]) assert.ok(key in sol, key);
  const bad = spawnSync(process.execPath, [bin, "solve", "-"], { input: JSON.stringify({ ...p, b: [1] }), encoding: "utf8" });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /b: length 1 does not match A.m = 4/);
});
