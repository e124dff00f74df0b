import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng, linalg, dbToLinear, linearToDb, dbmToWatt, wattToDbm, noisePowerWatt } from "isac/core";
const { mat, matFromRows, eye, matmul, transpose, sub, kron, cholesky, solve, inverse, symmetricEig, cmat, ceye, cmatmul, adjoint, csub, ckron, ccholesky, csolve, cinverse, hermitianEig, cfrobenius, outer, ctrace, complexOf } = linalg;
type CMat = linalg.CMat;

const maxAbs = (a: { data: Float64Array }) => a.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

function randomHermitian(rng: Rng, n: number): CMat {
  const g = cmat(n, n, rng.normals(n * n), rng.normals(n * n));
  const h = cmatmul(g, adjoint(g)); // GGᴴ: Hermitian PSD; shift to get mixed signs
  for (let i = 0; i < n; i++) h.re[i * n + i] -= n;
  return h;
}

function randomHpd(rng: Rng, n: number): CMat {
  const g = cmat(n, n, rng.normals(n * n), rng.normals(n * n));
  const h = cmatmul(g, adjoint(g));
  for (let i = 0; i < n; i++) h.re[i * n + i] += 0.1;
  return h;
}

test("closed forms: 2×2 symmetric eigenvalues, Pauli matrices, a known Cholesky factor", () => {
  // [[2, 1], [1, 2]]: eigenvalues 1 and 3, vectors (1, −1)/√2 and (1, 1)/√2
  const e = symmetricEig(matFromRows([[2, 1], [1, 2]]));
  assert.deepEqual(Array.from(e.values, (v) => +v.toFixed(12)), [1, 3]);
  assert.ok(Math.abs(Math.abs(e.vectors.data[0]) - Math.SQRT1_2) < 1e-12);
  // Pauli Y = [[0, −j], [j, 0]] has eigenvalues ±1
  const y = hermitianEig(cmat(2, 2, [0, 0, 0, 0], [0, -1, 1, 0]));
  assert.ok(Math.abs(y.values[0] + 1) < 1e-14 && Math.abs(y.values[1] - 1) < 1e-14);
  // [[4, 2], [2, 3]] = L Lᵀ with L = [[2, 0], [1, √2]]
  const L = cholesky(matFromRows([[4, 2], [2, 3]]));
  assert.ok(maxAbs(sub(L, matFromRows([[2, 0], [1, Math.SQRT2]]))) < 1e-15);
  assert.throws(() => cholesky(matFromRows([[1, 2], [2, 1]])), /not positive definite \(pivot 1/);
});

test("Hermitian eig reconstructs A = VΛVᴴ with unitary V, ascending values, for n up to 64", () => {
  const rng = new Rng("eig");
  for (const n of [1, 2, 5, 17, 64]) {
    const a = randomHermitian(rng, n);
    const { values, vectors: V } = hermitianEig(a);
    for (let i = 1; i < n; i++) assert.ok(values[i] >= values[i - 1]);
    const lam = cmat(n, n);
    values.forEach((v, i) => (lam.re[i * n + i] = v));
    const recon = cmatmul(cmatmul(V, lam), adjoint(V));
    assert.ok(cfrobenius(csub(recon, a)) <= 1e-12 * cfrobenius(a), `n=${n}: reconstruction`);
    assert.ok(cfrobenius(csub(cmatmul(adjoint(V), V), ceye(n))) < 1e-12, `n=${n}: unitarity`);
  }
});

test("Hermitian eigenvalues equal those of the real embedding [[Re, −Im], [Im, Re]], each twice", () => {
  const rng = new Rng("embed");
  const n = 6;
  const a = randomHermitian(rng, n);
  const emb = mat(2 * n, 2 * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const r = a.re[i * n + j], m = a.im[i * n + j];
      emb.data[i * 2 * n + j] = r;
      emb.data[i * 2 * n + n + j] = -m;
      emb.data[(n + i) * 2 * n + j] = m;
      emb.data[(n + i) * 2 * n + n + j] = r;
    }
  const real = symmetricEig(emb).values;
  const cplx = hermitianEig(a).values;
  cplx.forEach((v, i) => {
    assert.ok(Math.abs(real[2 * i] - v) < 1e-10 && Math.abs(real[2 * i + 1] - v) < 1e-10, `eigenvalue ${i}`);
  });
});

test("degenerate eigenvalues still give an orthonormal basis", () => {
  const rng = new Rng("degenerate");
  // Q diag(1, 1, 1, 5) Qᴴ with a random unitary Q
  const q = hermitianEig(randomHermitian(rng, 4)).vectors;
  const d = ceye(4);
  d.re[15] = 5;
  const a = cmatmul(cmatmul(q, d), adjoint(q));
  for (let i = 0; i < 4; i++) a.im[i * 4 + i] = 0;
  const { values, vectors } = hermitianEig(a);
  assert.deepEqual(Array.from(values, (v) => +v.toFixed(10)), [1, 1, 1, 5]);
  assert.ok(cfrobenius(csub(cmatmul(adjoint(vectors), vectors), ceye(4))) < 1e-12);
});

test("Cholesky, solve and inverse reconstruct (complex and real)", () => {
  const rng = new Rng("factor");
  const n = 12;
  const a = randomHpd(rng, n);
  const L = ccholesky(a);
  assert.ok(cfrobenius(csub(cmatmul(L, adjoint(L)), a)) < 1e-12 * cfrobenius(a));
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) assert.equal(L.re[i * n + j], 0);
  const b = cmat(n, 3, rng.normals(3 * n), rng.normals(3 * n));
  assert.ok(cfrobenius(csub(cmatmul(a, csolve(a, b)), b)) < 1e-10 * cfrobenius(b));
  assert.ok(cfrobenius(csub(cmatmul(a, cinverse(a)), ceye(n))) < 1e-10);
  const r = mat(5, 5, rng.normals(25));
  assert.ok(maxAbs(sub(matmul(r, inverse(r)), eye(5))) < 1e-10);
  const rb = mat(5, 2, rng.normals(10));
  assert.ok(maxAbs(sub(matmul(r, solve(r, rb)), rb)) < 1e-10);
  assert.throws(() => solve(matFromRows([[1, 2], [2, 4]]), eye(2)), /singular/);
  assert.throws(() => csolve(a, cmat(n + 1, 1)), /A is 12×12 but B has 13 rows/);
});

test("Kronecker mixed product (A⊗B)(C⊗D) = AC ⊗ BD; outer products and traces", () => {
  const rng = new Rng("kron");
  const A = mat(2, 3, rng.normals(6)), B = mat(3, 2, rng.normals(6)), C = mat(3, 2, rng.normals(6)), D = mat(2, 4, rng.normals(8));
  assert.ok(maxAbs(sub(matmul(kron(A, B), kron(C, D)), kron(matmul(A, C), matmul(B, D)))) < 1e-12);
  const Ac = cmat(2, 2, rng.normals(4), rng.normals(4)), Bc = cmat(2, 2, rng.normals(4), rng.normals(4));
  assert.ok(cfrobenius(csub(cmatmul(ckron(Ac, Bc), ckron(Bc, Ac)), ckron(cmatmul(Ac, Bc), cmatmul(Bc, Ac)))) < 1e-12);
  const u = cmat(3, 1, [1, 0, 2], [0, 1, 0]);
  const uu = outer(u, u); // u uᴴ: Hermitian, trace ‖u‖² = 6
  assert.deepEqual(ctrace(uu), [6, 0]);
  assert.ok(cfrobenius(csub(uu, adjoint(uu))) === 0);
  assert.deepEqual(transpose(matFromRows([[1, 2, 3]])).data, Float64Array.from([1, 2, 3]));
  assert.throws(() => matmul(A, A), /matmul: inner sizes differ \(2×3 · 2×3\)/);
  assert.throws(() => hermitianEig(complexOf(matFromRows([[1, 2], [3, 1]]))), /not Hermitian/);
});

test("units: dB, dBm and thermal noise", () => {
  assert.equal(dbToLinear(30), 1000);
  assert.ok(Math.abs(linearToDb(2) - 3.0103) < 1e-4);
  assert.ok(Math.abs(dbmToWatt(30) - 1) < 1e-12);
  assert.ok(Math.abs(wattToDbm(0.1) - 20) < 1e-12);
  // −174 dBm/Hz over 20 MHz: −101 dBm (paper 003's setting)
  assert.ok(Math.abs(wattToDbm(noisePowerWatt(-174, 20e6)) - (-174 + 73.0103)) < 1e-3);
});
