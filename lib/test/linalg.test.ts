import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Rng, mat, matFromRows, eye, matmul, transpose, add, sub, scale, kron, cholesky, solve, inverse, symmetricEig,
  cmat, ceye, cmatmul, adjoint, cadd, csub, cscale, ckron, ccholesky, csolve, cinverse, hermitianEig, ctrace,
  cfrobenius, outer, complexOf, complex, cmul, cconj, cabs, cabs2, cvec, cdot, cnorm, type CMat, type Mat,
} from "isac/core";

const maxAbs = (a: Mat) => a.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const near = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

/** A random Hermitian matrix with eigenvalues of both signs. */
function randomHermitian(rng: Rng, n: number): CMat {
  const g = cmat(n, n, rng.normals(n * n), rng.normals(n * n));
  const h = cmatmul(g, adjoint(g));
  for (let i = 0; i < n; i++) h.re[i * n + i] -= n;
  return h;
}

/** A random Hermitian positive definite matrix. */
function randomHpd(rng: Rng, n: number): CMat {
  const g = cmat(n, n, rng.normals(n * n), rng.normals(n * n));
  const h = cmatmul(g, adjoint(g));
  for (let i = 0; i < n; i++) h.re[i * n + i] += 0.1;
  return h;
}

function cdiag(values: ArrayLike<number>): CMat {
  const n = values.length, d = cmat(n, n);
  for (let i = 0; i < n; i++) d.re[i * n + i] = values[i];
  return d;
}

/** Checks A = VΛVᴴ, VᴴV = I and ascending eigenvalues to the stated accuracy. */
function checkEig(a: CMat, values: Float64Array, V: CMat, what: string): void {
  const n = a.rows;
  for (let i = 1; i < n; i++) assert.ok(values[i] >= values[i - 1], `${what}: ascending`);
  const recon = cmatmul(cmatmul(V, cdiag(values)), adjoint(V));
  assert.ok(cfrobenius(csub(recon, a)) <= 1e-12 * cfrobenius(a), `${what}: ‖A − VΛVᴴ‖ = ${cfrobenius(csub(recon, a))}`);
  assert.ok(cfrobenius(csub(cmatmul(adjoint(V), V), ceye(n))) <= 1e-13 * Math.sqrt(n), `${what}: VᴴV = I`);
}

test("closed forms: 2×2 symmetric eigenpairs, Pauli matrices, known real and complex Cholesky factors", () => {
  // [[a, b], [b, d]]: λ = (a + d)/2 ∓ √(((a − d)/2)² + b²)
  const [a, b, d] = [1.3, -0.7, -2.1];
  const r = Math.hypot((a - d) / 2, b);
  const e = symmetricEig(matFromRows([[a, b], [b, d]]));
  near(e.values[0], (a + d) / 2 - r, 1e-15, "λ₁");
  near(e.values[1], (a + d) / 2 + r, 1e-15, "λ₂");
  // Pauli X, Y, Z: eigenvalues ∓1, and A v = λ v for each returned pair
  const paulis: [string, CMat][] = [
    ["X", cmat(2, 2, [0, 1, 1, 0])],
    ["Y", cmat(2, 2, [0, 0, 0, 0], [0, -1, 1, 0])],
    ["Z", cmat(2, 2, [1, 0, 0, -1])],
  ];
  for (const [name, s] of paulis) {
    const { values, vectors } = hermitianEig(s);
    near(values[0], -1, 1e-15, `σ_${name}: λ₁`);
    near(values[1], 1, 1e-15, `σ_${name}: λ₂`);
    assert.ok(cfrobenius(csub(cmatmul(s, vectors), cmatmul(vectors, cdiag(values)))) < 1e-15, `σ_${name}: A V = V Λ`);
  }
  // The classic example: [[4, 12, −16], [12, 37, −43], [−16, −43, 98]] = L Lᵀ, L = [[2, 0, 0], [6, 1, 0], [−8, 5, 3]]
  const L = cholesky(matFromRows([[4, 12, -16], [12, 37, -43], [-16, -43, 98]]));
  assert.deepEqual(Array.from(L.data), [2, 0, 0, 6, 1, 0, -8, 5, 3]);
  // [[2, 1 − j], [1 + j, 3]] = L Lᴴ, L = [[√2, 0], [(1 + j)/√2, √2]]
  const Lc = ccholesky(cmat(2, 2, [2, 1, 1, 3], [0, -1, 1, 0]));
  assert.ok(cfrobenius(csub(Lc, cmat(2, 2, [Math.SQRT2, 0, Math.SQRT1_2, Math.SQRT2], [0, 0, Math.SQRT1_2, 0]))) < 1e-15);
});

test("hermitianEig reconstructs A = VΛVᴴ with unitary V, ascending values, for n up to 64", () => {
  const rng = new Rng("eig");
  for (const n of [1, 2, 5, 17, 64]) {
    const a = randomHermitian(rng, n);
    const { values, vectors } = hermitianEig(a);
    checkEig(a, values, vectors, `n=${n}`);
  }
});

test("symmetricEig reconstructs A = VΛVᵀ with orthogonal V for n up to 64", () => {
  const rng = new Rng("symeig");
  for (const n of [3, 64]) {
    const g = mat(n, n, rng.normals(n * n));
    const a = add(g, transpose(g));
    const { values, vectors } = symmetricEig(a);
    checkEig(complexOf(a), values, complexOf(vectors), `n=${n}`);
  }
});

test("Hermitian eigenvalues equal those of the real embedding [[Re, −Im], [Im, Re]], each twice", () => {
  const rng = new Rng("embed");
  const n = 12;
  const a = randomHermitian(rng, n);
  const emb = mat(2 * n, 2 * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const re = a.re[i * n + j], im = a.im[i * n + j];
      emb.data[i * 2 * n + j] = re;
      emb.data[i * 2 * n + n + j] = -im;
      emb.data[(n + i) * 2 * n + j] = im;
      emb.data[(n + i) * 2 * n + n + j] = re;
    }
  const real = symmetricEig(emb).values;
  const tol = 1e-13 * cfrobenius(a);
  hermitianEig(a).values.forEach((v, i) => {
    near(real[2 * i], v, tol, `eigenvalue ${i} (first copy)`);
    near(real[2 * i + 1], v, tol, `eigenvalue ${i} (second copy)`);
  });
});

test("degenerate and trivial spectra: repeated eigenvalues, diagonal input, zero matrix", () => {
  const rng = new Rng("degenerate");
  // Q diag(1, 1, 1, 5, 5, −2) Qᴴ with a random unitary Q
  const q = hermitianEig(randomHermitian(rng, 6)).vectors;
  const a = cmatmul(cmatmul(q, cdiag([1, 1, 1, 5, 5, -2])), adjoint(q));
  const { values, vectors } = hermitianEig(a);
  Array.from([-2, 1, 1, 1, 5, 5]).forEach((v, i) => near(values[i], v, 1e-13, `eigenvalue ${i}`));
  checkEig(a, values, vectors, "degenerate");
  // Already diagonal: no rotation, just sorting, eigenvectors are permuted unit vectors
  const diag = hermitianEig(cdiag([3, -1, 2]));
  assert.deepEqual(Array.from(diag.values), [-1, 2, 3]);
  assert.deepEqual(Array.from(diag.vectors.re), [0, 0, 1, 1, 0, 0, 0, 1, 0]);
  const zero = hermitianEig(cmat(3, 3));
  assert.deepEqual(Array.from(zero.values), [0, 0, 0]);
  assert.ok(cfrobenius(csub(zero.vectors, ceye(3))) === 0);
});

test("Cholesky, solve and inverse reconstruct: L Lᴴ = A, A·solve(A, B) = B, A·inv(A) = I (complex and real)", () => {
  const rng = new Rng("factor");
  const n = 16;
  const a = randomHpd(rng, n);
  const L = ccholesky(a);
  assert.ok(cfrobenius(csub(cmatmul(L, adjoint(L)), a)) < 1e-13 * cfrobenius(a));
  for (let i = 0; i < n; i++) {
    assert.ok(L.re[i * n + i] > 0 && L.im[i * n + i] === 0, "real positive diagonal");
    for (let j = i + 1; j < n; j++) assert.ok(L.re[i * n + j] === 0 && L.im[i * n + j] === 0, "lower triangular");
  }
  const b = cmat(n, 3, rng.normals(3 * n), rng.normals(3 * n));
  assert.ok(cfrobenius(csub(cmatmul(a, csolve(a, b)), b)) < 1e-11 * cfrobenius(b));
  assert.ok(cfrobenius(csub(cmatmul(a, cinverse(a)), ceye(n))) < 1e-11);
  // A general (non-Hermitian) complex matrix
  const g = cmat(n, n, rng.normals(n * n), rng.normals(n * n));
  assert.ok(cfrobenius(csub(cmatmul(g, cinverse(g)), ceye(n))) < 1e-11);

  const r = mat(n, n, rng.normals(n * n));
  assert.ok(maxAbs(sub(matmul(r, inverse(r)), eye(n))) < 1e-11);
  const rb = mat(n, 2, rng.normals(2 * n));
  assert.ok(maxAbs(sub(matmul(r, solve(r, rb)), rb)) < 1e-11);
  const spd = add(matmul(r, transpose(r)), scale(eye(n), 0.1));
  const Lr = cholesky(spd);
  assert.ok(maxAbs(sub(matmul(Lr, transpose(Lr)), spd)) < 1e-12 * maxAbs(spd));
});

test("solve is unit-independent: badly scaled but well-conditioned systems solve, scaled singular ones throw", () => {
  const rng = new Rng("scaling");
  const n = 6;
  // A = D₁ M D₂ with diagonal scales from 1e-12 to 1e12 (a Fisher matrix in mixed units looks like this)
  const d1 = Float64Array.from({ length: n }, (_, i) => 10 ** (4 * i - 12));
  const d2 = Float64Array.from({ length: n }, (_, i) => 10 ** (8 - 3 * i));
  const m = add(mat(n, n, rng.normals(n * n)), scale(eye(n), 3));
  const a = mat(n, n, m.data.map((v, k) => d1[Math.floor(k / n)] * v * d2[k % n]));
  // X = D₂⁻¹ Y for a known Y; then B = A X = D₁ M Y
  const y = mat(n, 1, rng.normals(n));
  const x = solve(a, mat(n, 1, matmul(m, y).data.map((v, i) => d1[i] * v)));
  const err = Math.hypot(...x.data.map((v, i) => v * d2[i] - y.data[i]));
  assert.ok(err < 1e-13 * Math.hypot(...y.data), `relative error ${err}`);
  // The same scaling of a rank-deficient M is still singular
  const singular = matFromRows([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
  const scaled = mat(3, 3, singular.data.map((v, k) => v * 10 ** (10 * Math.floor(k / 3) - 10)));
  assert.throws(() => inverse(scaled), /inverse: matrix is singular to working precision \(column 2\)/);
  assert.throws(() => solve(matFromRows([[1, 2], [2, 4]]), eye(2)), /solve: matrix is singular/);
  assert.throws(() => csolve(cmat(2, 2), ceye(2)), /csolve: matrix is singular to working precision \(column 0\)/);
});

test("Kronecker products: closed form and the mixed-product property (A⊗B)(C⊗D) = AC ⊗ BD", () => {
  assert.deepEqual(Array.from(kron(matFromRows([[1, 2]]), matFromRows([[1], [10]])).data), [1, 2, 10, 20]);
  const rng = new Rng("kron");
  const A = mat(2, 3, rng.normals(6)), B = mat(3, 2, rng.normals(6)), C = mat(3, 2, rng.normals(6)), D = mat(2, 4, rng.normals(8));
  assert.ok(maxAbs(sub(matmul(kron(A, B), kron(C, D)), kron(matmul(A, C), matmul(B, D)))) < 1e-13);
  const c = (r: number, k: number) => cmat(r, k, rng.normals(r * k), rng.normals(r * k));
  const Ac = c(2, 3), Bc = c(3, 2), Cc = c(3, 4), Dc = c(2, 2);
  const lhs = cmatmul(ckron(Ac, Bc), ckron(Cc, Dc));
  assert.ok(cfrobenius(csub(lhs, ckron(cmatmul(Ac, Cc), cmatmul(Bc, Dc)))) < 1e-13 * cfrobenius(lhs));
  // (A ⊗ B)ᴴ = Aᴴ ⊗ Bᴴ
  assert.ok(cfrobenius(csub(adjoint(ckron(Ac, Bc)), ckron(adjoint(Ac), adjoint(Bc)))) === 0);
});

test("complex helpers: scalars, inner product, outer product, trace, scaling", () => {
  const z = complex(3, -4), w = complex(1, 2);
  assert.deepEqual(cmul(z, w), { re: 11, im: 2 });
  assert.deepEqual(cconj(z), { re: 3, im: 4 });
  assert.equal(cabs(z), 5);
  assert.equal(cabs2(z), 25);
  const u = cvec([1, 0, 2], [0, 1, 0]), v = cvec([0, 1, 1], [1, 0, 0]);
  // uᴴv = conj(1)·j + conj(j)·1 + conj(2)·1 = j − j + 2
  assert.deepEqual(cdot(u, v), { re: 2, im: 0 });
  const vu = cdot(v, u); // = conj(uᴴv)
  assert.ok(vu.re === 2 && vu.im === 0);
  assert.equal(cnorm(u), Math.sqrt(6));
  const uu = outer(u, u); // u uᴴ: Hermitian, rank one, trace ‖u‖²
  assert.deepEqual(ctrace(uu), { re: 6, im: 0 });
  assert.ok(cfrobenius(csub(uu, adjoint(uu))) === 0);
  const uv = outer(u, v); // (u vᴴ) v = u ‖v‖² = 3u
  assert.ok(cfrobenius(csub(cmatmul(uv, cmat(3, 1, v.re, v.im)), cscale(cmat(3, 1, u.re, u.im), 3))) === 0);
  // j·A via cscale equals A·(j I)
  const a = cmat(2, 2, [1, 2, 3, 4], [0, 1, 0, -1]);
  assert.deepEqual(cscale(a, 0, 1), cmatmul(a, cscale(ceye(2), 0, 1)));
  assert.deepEqual(cadd(a, a), cscale(a, 2));
});

test("bad inputs throw errors naming the function and the shapes or entries involved", () => {
  const a23 = mat(2, 3), a32 = mat(3, 2);
  assert.throws(() => add(a23, a32), /add: shapes 2×3 and 3×2 differ/);
  assert.throws(() => sub(a23, a32), /sub: shapes 2×3 and 3×2 differ/);
  assert.throws(() => matmul(a23, a23), /matmul: inner sizes differ \(2×3 · 2×3\)/);
  assert.throws(() => cadd(cmat(1, 2), cmat(2, 1)), /cadd: shapes 1×2 and 2×1 differ/);
  assert.throws(() => csub(cmat(1, 2), cmat(2, 1)), /csub: shapes 1×2 and 2×1 differ/);
  assert.throws(() => cmatmul(cmat(2, 2), cmat(3, 1)), /cmatmul: inner sizes differ \(2×2 · 3×1\)/);
  assert.throws(() => mat(2, 2, [1, 2, 3]), /mat\(2, 2\): got 3 values, expected 4/);
  assert.throws(() => cmat(2, 1, [1, 2], [1]), /cmat\(2, 1\): im has 1 values, expected 2/);
  assert.throws(() => matFromRows([[1, 2], [3]]), /matFromRows: row 1 has 1 entries, row 0 has 2/);
  assert.throws(() => cholesky(a23), /cholesky: needs a square matrix, got 2×3/);
  assert.throws(() => cholesky(matFromRows([[1, 2], [2, 1]])), /cholesky: matrix is not positive definite \(pivot 1 is -3\)/);
  assert.throws(() => ccholesky(cmat(2, 2, [1, 0, 0, 0])), /ccholesky: matrix is not positive definite \(pivot 1 is 0\)/);
  assert.throws(() => csolve(ceye(3), cmat(4, 1)), /csolve: A is 3×3 but B is 4×1/);
  assert.throws(() => solve(eye(3), mat(2, 2)), /solve: A is 3×3 but B is 2×2/);
  assert.throws(() => cinverse(cmat(2, 3)), /cinverse: needs a square matrix, got 2×3/);
  assert.throws(() => hermitianEig(cmat(2, 2, [1, 2, 3, 1])), /hermitianEig: matrix is not Hermitian \(entries \(1, 0\) and \(0, 1\)\)/);
  assert.throws(() => hermitianEig(cmat(2, 2, [1, 0, 0, 1], [0, 1, 1, 0])), /not Hermitian/); // symmetric, not Hermitian
  assert.throws(() => symmetricEig(matFromRows([[1, 2], [3, 1]])), /symmetricEig: matrix is not symmetric/);
  assert.throws(() => symmetricEig(matFromRows([[1, NaN], [NaN, 1]])), /symmetricEig: entry \(0, 1\) is not finite/);
  assert.throws(() => cdot(cvec([1, 2]), cvec([1])), /cdot: vectors have lengths 2 and 1/);
  assert.throws(() => ctrace(cmat(1, 2)), /ctrace: needs a square matrix, got 1×2/);
});
