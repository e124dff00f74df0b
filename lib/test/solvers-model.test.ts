/**
 * The modelling layer: Hermitian PSD problems against their real embedding and closed forms, and
 * the semidefinite relaxation of paper 001 (problem (11)) against the JSON path (`isac solve`).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Rng, repoRoot } from "isac/core";
import { Affine, ComplexAffine, HermitianExpr, Model, constantHermitian, isacChannels, isacSdr, solveConic, sum, verifySolution } from "isac/solvers";

/** A random n×n Hermitian matrix as split parts. */
function randomHermitian(rng: Rng, n: number): { re: number[][]; im: number[][] } {
  const re = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const im = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    re[i][i] = rng.normal();
    for (let j = 0; j < i; j++) {
      re[i][j] = re[j][i] = rng.normal();
      im[i][j] = rng.normal();
      im[j][i] = -im[i][j];
    }
  }
  return { re, im };
}

/** Largest eigenvalue of a Hermitian matrix by power iteration on its real embedding shifted to be PSD. */
function lambdaMax(H: { re: number[][]; im: number[][] }): number {
  const n = H.re.length;
  const shift = n * 10;
  let v = Array.from({ length: 2 * n }, (_, i) => 1 + i / (2 * n));
  let lam = 0;
  for (let it = 0; it < 20000; it++) {
    const w = new Array<number>(2 * n).fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        w[i] += H.re[i][j] * v[j] - H.im[i][j] * v[j + n];
        w[i + n] += H.im[i][j] * v[j] + H.re[i][j] * v[j + n];
      }
    }
    for (let i = 0; i < 2 * n; i++) w[i] += shift * v[i];
    const nrm = Math.hypot(...w);
    lam = w.reduce((s, x, i) => s + x * v[i], 0);
    v = w.map((x) => x / nrm);
  }
  return lam - shift;
}

test("Hermitian LMI: min t s.t. tI − H ⪰ 0 gives λmax(H); equals the hand-built real-embedding SDP", () => {
  const rng = new Rng("hermitian-lmi");
  const n = 4;
  const H = randomHermitian(rng, n);
  const m = new Model();
  const t = m.variable();
  const tI = new HermitianExpr(
    Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => new ComplexAffine(i === j ? t : new Affine()))),
  );
  m.psd(tI.minus(constantHermitian(H.re, H.im)));
  m.minimize(t);
  const sol = m.solve();
  assert.equal(sol.status, "optimal");
  const ref = lambdaMax(H);
  assert.ok(Math.abs(sol.objective! - ref) < 1e-6, `${sol.objective} vs λmax ${ref}`);

  // The same problem with a real symmetric 2n×2n LMI written out by hand: tI − [[Re, −Im], [Im, Re]] ⪰ 0.
  const r = new Model();
  const tr = r.variable();
  const E = Array.from({ length: 2 * n }, (_, i) =>
    Array.from({ length: 2 * n }, (_, j) => {
      const [a, b] = [i % n, j % n];
      const block = i < n ? (j < n ? H.re[a][b] : -H.im[a][b]) : j < n ? H.im[a][b] : H.re[a][b];
      return (i === j ? tr : new Affine()).minus(block);
    }),
  );
  r.lmi(E);
  r.minimize(tr);
  assert.ok(Math.abs(r.solve().objective! - sol.objective!) < 1e-7);
});

test("Hermitian PSD variable: min ⟨C, X⟩ s.t. tr X = 1, X ⪰ 0 is λmin(C), attained by a rank-one X", () => {
  const rng = new Rng("hermitian-min");
  const n = 5;
  const C = randomHermitian(rng, n);
  const m = new Model();
  const X = m.hermitianPsd(n);
  m.eq(X.trace(), 1);
  // ⟨C, X⟩ = Σᵢⱼ Re(conj(Cᵢⱼ) Xᵢⱼ)
  const terms: Affine[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) terms.push(X.entry(i, j).times(C.re[i][j], -C.im[i][j]).re);
  m.minimize(sum(terms));
  const sol = m.solve();
  const neg = { re: C.re.map((r) => r.map((v) => -v)), im: C.im.map((r) => r.map((v) => -v)) };
  assert.ok(Math.abs(sol.objective! + lambdaMax(neg)) < 1e-6, `${sol.objective} vs λmin ${-lambdaMax(neg)}`);
  const Xv = sol.hermitian(X);
  for (let i = 0; i < n; i++) {
    assert.ok(Math.abs(Xv.im[i][i]) < 1e-12);
    for (let j = 0; j < n; j++) assert.ok(Math.abs(Xv.re[i][j] - Xv.re[j][i]) < 1e-12 && Math.abs(Xv.im[i][j] + Xv.im[j][i]) < 1e-12);
  }
});

test("sums of squares and norms: least squares through the rotated cone equals the normal equations", () => {
  const rng = new Rng("lsq");
  const [rows, cols] = [8, 3];
  const A = Array.from({ length: rows }, () => Array.from(rng.normals(cols)));
  const y = Array.from(rng.normals(rows));
  const m = new Model();
  const x = m.variables(cols);
  const t = m.variable();
  m.sumSquaresLeq(A.map((r, i) => sum(r.map((a, j) => x[j].times(a))).minus(y[i])), t);
  m.minimize(t);
  const sol = m.solve();
  // normal equations AᵀA x = Aᵀy by Gaussian elimination
  const N = Array.from({ length: cols }, (_, i) => [...Array.from({ length: cols }, (_, j) => A.reduce((s, r) => s + r[i] * r[j], 0)), A.reduce((s, r, k) => s + r[i] * y[k], 0)]);
  for (let i = 0; i < cols; i++) for (let k = i + 1; k < cols; k++) { const f = N[k][i] / N[i][i]; for (let j = i; j <= cols; j++) N[k][j] -= f * N[i][j]; }
  const xs = new Array<number>(cols).fill(0);
  for (let i = cols - 1; i >= 0; i--) xs[i] = (N[i][cols] - N[i].slice(i + 1, cols).reduce((s, v, j) => s + v * xs[i + 1 + j], 0)) / N[i][i];
  const rss = A.reduce((s, r, i) => s + (r.reduce((u, a, j) => u + a * xs[j], 0) - y[i]) ** 2, 0);
  assert.ok(Math.abs(sol.objective! - rss) < 1e-7 * (1 + rss), `${sol.objective} vs ${rss}`);
  xs.forEach((v, j) => assert.ok(Math.abs(sol.value(x[j]) - v) < 1e-5));
});

test("paper 001 SDR (problem (11) relaxed): modelling layer and the JSON path (isac solve) agree", () => {
  const channels = isacChannels(new Rng("sdr-001"), 6, 2);
  const params = {
    antennas: 6, users: 2, gridDeg: Array.from({ length: 60 }, (_, n) => -90 + 3 * n),
    targetsDeg: [-40, 0, 40], beamWidthDeg: 10, sinr: 10 ** 0.8, noise: 1e-10, power: 1,
  };
  const { model, R, C } = isacSdr(channels, params);
  const sol = model.solve();
  assert.equal(sol.status, "optimal");
  // the relaxation's constraints hold at the solution
  const Rv = sol.hermitian(R);
  assert.ok(Math.abs(Rv.re.reduce((s, r, i) => s + r[i], 0) - 1) < 1e-8, "tr R = P0");
  channels.forEach((h, l) => {
    const sig = sol.value(C[l].quadForm(h));
    const tot = sol.value(R.quadForm(h));
    assert.ok(sig / (tot - sig + params.noise) >= params.sinr * (1 - 1e-6), `SINR of user ${l}`);
  });
  // The same problem through `isac solve` on the exported JSON.
  const problem = model.toProblem();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "isac-solve-")), "sdr.json");
  fs.writeFileSync(file, JSON.stringify(problem));
  const r = spawnSync(process.execPath, [path.join(repoRoot(), "lib", "bin", "isac.js"), "solve", file], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const json = JSON.parse(r.stdout);
  assert.equal(json.status, "optimal");
  assert.ok(Math.abs(json.pobj - sol.objective!) <= 1e-9 * (1 + Math.abs(sol.objective!)), `${json.pobj} vs ${sol.objective}`);
  for (const [what, v] of Object.entries(verifySolution(problem, solveConic(problem)))) assert.ok(v <= 1e-7, `${what} = ${v}`);
});
