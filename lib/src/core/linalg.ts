/**
 * Dense linear algebra for the papers' small problems (n ≤ ~100): real matrices `Mat` and complex
 * matrices `CMat`, both row-major. The factorisations are written once, for complex matrices; the
 * real ones call them with a zero imaginary part, which stays exactly zero throughout (a real
 * symmetric matrix only ever meets rotations with phase ±1), so the real results are exact
 * restrictions of the complex ones.
 *
 * Eigendecomposition is cyclic Jacobi with complex Hermitian rotations rather than Householder
 * tridiagonalisation + implicit QL: it is short, needs no separate back-transformation, and
 * gives eigenvectors orthonormal to machine precision even for clustered or repeated eigenvalues
 * (which the rank-one extraction of SDR solutions relies on). Its cost, about 10 sweeps of
 * O(n³) each, is about 10 ms at n = 64.
 */
import { cnorm, type Complex, type CVec } from "./complex";

export interface Mat {
  rows: number;
  cols: number;
  data: Float64Array;
}

export interface CMat {
  rows: number;
  cols: number;
  re: Float64Array;
  im: Float64Array;
}

type Shape = { rows: number; cols: number };

const shape = (a: Shape) => `${a.rows}×${a.cols}`;

function sameShape(op: string, a: Shape, b: Shape): void {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new Error(`${op}: shapes ${shape(a)} and ${shape(b)} differ`);
}

function square(op: string, a: Shape): number {
  if (a.rows !== a.cols) throw new Error(`${op}: needs a square matrix, got ${shape(a)}`);
  return a.rows;
}

// ---------------------------------------------------------------- construction

/** A rows × cols real matrix from row-major data (zeros if omitted). */
export function mat(rows: number, cols: number, data?: ArrayLike<number>): Mat {
  if (data && data.length !== rows * cols) throw new Error(`mat(${rows}, ${cols}): got ${data.length} values, expected ${rows * cols}`);
  return { rows, cols, data: data ? Float64Array.from(data) : new Float64Array(rows * cols) };
}

export function matFromRows(rows: number[][]): Mat {
  const n = rows.length, m = n ? rows[0].length : 0;
  rows.forEach((r, i) => {
    if (r.length !== m) throw new Error(`matFromRows: row ${i} has ${r.length} entries, row 0 has ${m}`);
  });
  return mat(n, m, rows.flat());
}

export function eye(n: number): Mat {
  const a = mat(n, n);
  for (let i = 0; i < n; i++) a.data[i * n + i] = 1;
  return a;
}

/** A rows × cols complex matrix from row-major real and imaginary parts (zeros if omitted). */
export function cmat(rows: number, cols: number, re?: ArrayLike<number>, im?: ArrayLike<number>): CMat {
  for (const [name, v] of [["re", re], ["im", im]] as const) {
    if (v && v.length !== rows * cols) throw new Error(`cmat(${rows}, ${cols}): ${name} has ${v.length} values, expected ${rows * cols}`);
  }
  return {
    rows,
    cols,
    re: re ? Float64Array.from(re) : new Float64Array(rows * cols),
    im: im ? Float64Array.from(im) : new Float64Array(rows * cols),
  };
}

export function ceye(n: number): CMat {
  const a = cmat(n, n);
  for (let i = 0; i < n; i++) a.re[i * n + i] = 1;
  return a;
}

/** A real matrix as a complex one. */
export function complexOf(a: Mat): CMat {
  return cmat(a.rows, a.cols, a.data);
}

/** The real part of a complex matrix. */
export function realPart(a: CMat): Mat {
  return mat(a.rows, a.cols, a.re);
}

// ---------------------------------------------------------------- real arithmetic

export function matmul(a: Mat, b: Mat): Mat {
  if (a.cols !== b.rows) throw new Error(`matmul: inner sizes differ (${shape(a)} · ${shape(b)})`);
  const c = mat(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++)
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k];
      for (let j = 0; j < b.cols; j++) c.data[i * b.cols + j] += aik * b.data[k * b.cols + j];
    }
  return c;
}

export function transpose(a: Mat): Mat {
  const t = mat(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) t.data[j * a.rows + i] = a.data[i * a.cols + j];
  return t;
}

export function add(a: Mat, b: Mat): Mat {
  sameShape("add", a, b);
  return mat(a.rows, a.cols, a.data.map((v, i) => v + b.data[i]));
}

export function sub(a: Mat, b: Mat): Mat {
  sameShape("sub", a, b);
  return mat(a.rows, a.cols, a.data.map((v, i) => v - b.data[i]));
}

export function scale(a: Mat, s: number): Mat {
  return mat(a.rows, a.cols, a.data.map((v) => v * s));
}

/** Kronecker product A ⊗ B: block (i, j) is a_ij·B. */
export function kron(a: Mat, b: Mat): Mat {
  const c = mat(a.rows * b.rows, a.cols * b.cols);
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < a.cols; j++)
      for (let k = 0; k < b.rows; k++)
        for (let l = 0; l < b.cols; l++) c.data[(i * b.rows + k) * c.cols + j * b.cols + l] = a.data[i * a.cols + j] * b.data[k * b.cols + l];
  return c;
}

// ---------------------------------------------------------------- complex arithmetic

export function cmatmul(a: CMat, b: CMat): CMat {
  if (a.cols !== b.rows) throw new Error(`cmatmul: inner sizes differ (${shape(a)} · ${shape(b)})`);
  const c = cmat(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++)
    for (let k = 0; k < a.cols; k++) {
      const ar = a.re[i * a.cols + k], ai = a.im[i * a.cols + k];
      for (let j = 0; j < b.cols; j++) {
        const br = b.re[k * b.cols + j], bi = b.im[k * b.cols + j];
        c.re[i * b.cols + j] += ar * br - ai * bi;
        c.im[i * b.cols + j] += ar * bi + ai * br;
      }
    }
  return c;
}

/** Conjugate transpose Aᴴ. */
export function adjoint(a: CMat): CMat {
  const t = cmat(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < a.cols; j++) {
      t.re[j * a.rows + i] = a.re[i * a.cols + j];
      t.im[j * a.rows + i] = -a.im[i * a.cols + j];
    }
  return t;
}

export function cadd(a: CMat, b: CMat): CMat {
  sameShape("cadd", a, b);
  return cmat(a.rows, a.cols, a.re.map((v, i) => v + b.re[i]), a.im.map((v, i) => v + b.im[i]));
}

export function csub(a: CMat, b: CMat): CMat {
  sameShape("csub", a, b);
  return cmat(a.rows, a.cols, a.re.map((v, i) => v - b.re[i]), a.im.map((v, i) => v - b.im[i]));
}

/** (re + j·im)·A. */
export function cscale(a: CMat, re: number, im = 0): CMat {
  return cmat(a.rows, a.cols, a.re.map((v, i) => v * re - a.im[i] * im), a.re.map((v, i) => v * im + a.im[i] * re));
}

/** Kronecker product A ⊗ B: block (i, j) is a_ij·B. */
export function ckron(a: CMat, b: CMat): CMat {
  const c = cmat(a.rows * b.rows, a.cols * b.cols);
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < a.cols; j++) {
      const ar = a.re[i * a.cols + j], ai = a.im[i * a.cols + j];
      for (let k = 0; k < b.rows; k++)
        for (let l = 0; l < b.cols; l++) {
          const br = b.re[k * b.cols + l], bi = b.im[k * b.cols + l];
          const idx = (i * b.rows + k) * c.cols + j * b.cols + l;
          c.re[idx] = ar * br - ai * bi;
          c.im[idx] = ar * bi + ai * br;
        }
    }
  return c;
}

/** u vᴴ (n × m) for complex vectors u (length n) and v (length m); a CMat of any shape is read flat. */
export function outer(u: CVec, v: CVec): CMat {
  const n = u.re.length, m = v.re.length;
  const c = cmat(n, m);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      c.re[i * m + j] = u.re[i] * v.re[j] + u.im[i] * v.im[j];
      c.im[i * m + j] = u.im[i] * v.re[j] - u.re[i] * v.im[j];
    }
  return c;
}

export function ctrace(a: CMat): Complex {
  const n = square("ctrace", a);
  let re = 0, im = 0;
  for (let i = 0; i < n; i++) {
    re += a.re[i * n + i];
    im += a.im[i * n + i];
  }
  return { re, im };
}

/** Frobenius norm ‖A‖_F. */
export function cfrobenius(a: CMat): number {
  return cnorm(a);
}

// ---------------------------------------------------------------- factorisations (complex; `op` names the caller in errors)

/** Lower L with A = L Lᴴ and a real positive diagonal; reads only the lower triangle of A. */
function choleskyOf(op: string, a: CMat): CMat {
  const n = square(op, a);
  const L = cmat(n, n);
  for (let j = 0; j < n; j++) {
    let d = a.re[j * n + j];
    for (let k = 0; k < j; k++) d -= L.re[j * n + k] ** 2 + L.im[j * n + k] ** 2;
    if (!(d > 0)) throw new Error(`${op}: matrix is not positive definite (pivot ${j} is ${d})`);
    const ljj = Math.sqrt(d);
    L.re[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      // L_ij = (A_ij − Σ_k L_ik·conj(L_jk)) / L_jj
      let sr = a.re[i * n + j], si = a.im[i * n + j];
      for (let k = 0; k < j; k++) {
        const ar = L.re[i * n + k], ai = L.im[i * n + k], br = L.re[j * n + k], bi = L.im[j * n + k];
        sr -= ar * br + ai * bi;
        si -= ai * br - ar * bi;
      }
      L.re[i * n + j] = sr / ljj;
      L.im[i * n + j] = si / ljj;
    }
  }
  return L;
}

/** 2^−⌈log₂ m⌉: a power of two (so multiplying by it is exact) that brings m into (½, 1]. */
const pow2Scale = (m: number) => (m > 0 ? 2 ** -Math.ceil(Math.log2(m)) : 1);

/**
 * X with A X = B, by LU with partial pivoting. A is first equilibrated, Ã = R A C with power-of-two
 * diagonal R, C chosen so that every entry of Ã is at most 1 and every column's largest is in
 * (½, 1]; then Ã Y = R B and X = C Y. The pivot test "≤ n·1e-14" is thus relative and independent
 * of units: a Fisher matrix mixing metres and radians is not declared singular for being badly
 * scaled, only for being (numerically) rank deficient.
 */
function luSolve(op: string, a: CMat, b: CMat): CMat {
  const n = square(op, a);
  if (b.rows !== n) throw new Error(`${op}: A is ${shape(a)} but B is ${shape(b)}; their row counts must match`);
  const m = b.cols;
  const A = cmat(n, n, a.re, a.im), X = cmat(n, m, b.re, b.im);
  const absA = (i: number, j: number) => Math.hypot(A.re[i * n + j], A.im[i * n + j]);
  const r = new Float64Array(n), c = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let mx = 0;
    for (let j = 0; j < n; j++) mx = Math.max(mx, absA(i, j));
    r[i] = pow2Scale(mx);
  }
  for (let j = 0; j < n; j++) {
    let mx = 0;
    for (let i = 0; i < n; i++) mx = Math.max(mx, r[i] * absA(i, j));
    c[j] = pow2Scale(mx);
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      A.re[i * n + j] *= r[i] * c[j];
      A.im[i * n + j] *= r[i] * c[j];
    }
    for (let j = 0; j < m; j++) {
      X.re[i * m + j] *= r[i];
      X.im[i * m + j] *= r[i];
    }
  }
  const swapRows = (M: CMat, r1: number, r2: number) => {
    for (const part of [M.re, M.im]) {
      const row1 = part.slice(r1 * M.cols, (r1 + 1) * M.cols);
      part.copyWithin(r1 * M.cols, r2 * M.cols, (r2 + 1) * M.cols);
      part.set(row1, r2 * M.cols);
    }
  };
  // Forward elimination on [A | X].
  for (let k = 0; k < n; k++) {
    let p = k, best = -1;
    for (let i = k; i < n; i++) {
      const v = absA(i, k);
      if (v > best) [best, p] = [v, i];
    }
    if (!(best > n * 1e-14)) throw new Error(`${op}: matrix is singular to working precision (column ${k})`);
    if (p !== k) {
      swapRows(A, p, k);
      swapRows(X, p, k);
    }
    const pr = A.re[k * n + k], pi = A.im[k * n + k], pd = pr * pr + pi * pi;
    for (let i = k + 1; i < n; i++) {
      // f = A_ik / A_kk; row_i −= f·row_k
      const ar = A.re[i * n + k], ai = A.im[i * n + k];
      const fr = (ar * pr + ai * pi) / pd, fi = (ai * pr - ar * pi) / pd;
      for (let j = k; j < n; j++) {
        const br = A.re[k * n + j], bi = A.im[k * n + j];
        A.re[i * n + j] -= fr * br - fi * bi;
        A.im[i * n + j] -= fr * bi + fi * br;
      }
      for (let j = 0; j < m; j++) {
        const br = X.re[k * m + j], bi = X.im[k * m + j];
        X.re[i * m + j] -= fr * br - fi * bi;
        X.im[i * m + j] -= fr * bi + fi * br;
      }
    }
  }
  // Back substitution with the upper triangle, then undo the column scaling.
  for (let k = n - 1; k >= 0; k--) {
    const pr = A.re[k * n + k], pi = A.im[k * n + k], pd = pr * pr + pi * pi;
    for (let j = 0; j < m; j++) {
      let sr = X.re[k * m + j], si = X.im[k * m + j];
      for (let l = k + 1; l < n; l++) {
        const ar = A.re[k * n + l], ai = A.im[k * n + l], xr = X.re[l * m + j], xi = X.im[l * m + j];
        sr -= ar * xr - ai * xi;
        si -= ar * xi + ai * xr;
      }
      X.re[k * m + j] = (sr * pr + si * pi) / pd;
      X.im[k * m + j] = (si * pr - sr * pi) / pd;
    }
  }
  for (let k = 0; k < n; k++)
    for (let j = 0; j < m; j++) {
      X.re[k * m + j] *= c[k];
      X.im[k * m + j] *= c[k];
    }
  return X;
}

/**
 * A = V diag(λ) Vᴴ by cyclic Jacobi. Each rotation U = D·J zeroes a_pq: D = diag(1, e^{−jφ}) with
 * φ = arg a_pq makes the (p, q) entry real, and J is the real Jacobi rotation that annihilates it.
 * Sweeps stop when the off-diagonal mass is below 1e-15·‖A‖_F (typically 6–10 sweeps).
 */
function jacobiEig(op: string, a: CMat): { values: Float64Array; vectors: CMat } {
  const n = square(op, a);
  let amax = 0;
  for (let i = 0; i < n * n; i++) {
    if (!Number.isFinite(a.re[i]) || !Number.isFinite(a.im[i])) throw new Error(`${op}: entry (${Math.floor(i / n)}, ${i % n}) is not finite`);
    amax = Math.max(amax, Math.abs(a.re[i]), Math.abs(a.im[i]));
  }
  // Work on the Hermitian part (A + Aᴴ)/2, after checking that A is Hermitian up to round-off.
  const A = cmat(n, n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      const dr = a.re[i * n + j] - a.re[j * n + i], di = a.im[i * n + j] + a.im[j * n + i];
      if (Math.abs(dr) + Math.abs(di) > 1e-10 * amax) throw new Error(`${op}: matrix is not ${op === "symmetricEig" ? "symmetric" : "Hermitian"} (entries (${i}, ${j}) and (${j}, ${i}))`);
      A.re[i * n + j] = A.re[j * n + i] = (a.re[i * n + j] + a.re[j * n + i]) / 2;
      A.im[i * n + j] = i === j ? 0 : (a.im[i * n + j] - a.im[j * n + i]) / 2;
      A.im[j * n + i] = -A.im[i * n + j];
    }
  const V = ceye(n);
  const target = (1e-15 * cfrobenius(A)) ** 2;
  const offNorm2 = () => {
    let s = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) s += A.re[i * n + j] ** 2 + A.im[i * n + j] ** 2;
    return s;
  };
  for (let sweep = 0; offNorm2() > target; sweep++) {
    if (sweep === 100) throw new Error(`${op}: Jacobi sweeps did not converge`);
    for (let p = 0; p < n - 1; p++)
      for (let q = p + 1; q < n; q++) {
        const apqR = A.re[p * n + q], apqI = A.im[p * n + q];
        const g = Math.hypot(apqR, apqI);
        if (g === 0) continue;
        const er = apqR / g, ei = apqI / g; // e^{jφ}
        // t = tan θ, the smaller root of t² + 2τt − 1 = 0 (rotation angle |θ| ≤ π/4)
        const tau = (A.re[q * n + q] - A.re[p * n + p]) / (2 * g);
        const t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t), s = t * c;
        // Columns: [x, y] ← [c·x − s·e^{−jφ}·y, s·x + c·e^{−jφ}·y]  (A ← A U and V ← V U)
        for (const M of [A, V])
          for (let k = 0; k < n; k++) {
            const xr = M.re[k * n + p], xi = M.im[k * n + p], yr0 = M.re[k * n + q], yi0 = M.im[k * n + q];
            const yr = yr0 * er + yi0 * ei, yi = yi0 * er - yr0 * ei; // e^{−jφ}·y
            M.re[k * n + p] = c * xr - s * yr;
            M.im[k * n + p] = c * xi - s * yi;
            M.re[k * n + q] = s * xr + c * yr;
            M.im[k * n + q] = s * xi + c * yi;
          }
        // Rows: [x, y] ← [c·x − s·e^{jφ}·y, s·x + c·e^{jφ}·y]  (A ← Uᴴ A)
        for (let k = 0; k < n; k++) {
          const xr = A.re[p * n + k], xi = A.im[p * n + k], yr0 = A.re[q * n + k], yi0 = A.im[q * n + k];
          const yr = yr0 * er - yi0 * ei, yi = yi0 * er + yr0 * ei; // e^{jφ}·y
          A.re[p * n + k] = c * xr - s * yr;
          A.im[p * n + k] = c * xi - s * yi;
          A.re[q * n + k] = s * xr + c * yr;
          A.im[q * n + k] = s * xi + c * yi;
        }
        // Exact in exact arithmetic; set so that round-off does not linger.
        A.re[p * n + q] = A.im[p * n + q] = A.re[q * n + p] = A.im[q * n + p] = 0;
        A.im[p * n + p] = A.im[q * n + q] = 0;
      }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => A.re[i * n + i] - A.re[j * n + j]);
  const values = Float64Array.from(order, (i) => A.re[i * n + i]);
  const vectors = cmat(n, n);
  order.forEach((src, dst) => {
    for (let k = 0; k < n; k++) {
      vectors.re[k * n + dst] = V.re[k * n + src];
      vectors.im[k * n + dst] = V.im[k * n + src];
    }
  });
  return { values, vectors };
}

// ---------------------------------------------------------------- complex factorisations

/** Lower L with A = L Lᴴ (real positive diagonal); throws naming the failing pivot if A is not positive definite. */
export function ccholesky(a: CMat): CMat {
  return choleskyOf("ccholesky", a);
}

/** X with A X = B (LU with partial pivoting); throws if A is singular to working precision. */
export function csolve(a: CMat, b: CMat): CMat {
  return luSolve("csolve", a, b);
}

export function cinverse(a: CMat): CMat {
  return luSolve("cinverse", a, ceye(square("cinverse", a)));
}

/** Hermitian A = V diag(λ) Vᴴ: eigenvalues ascending, V unitary with eigenvectors as columns. */
export function hermitianEig(a: CMat): { values: Float64Array; vectors: CMat } {
  return jacobiEig("hermitianEig", a);
}

// ---------------------------------------------------------------- real factorisations

/** Lower L with A = L Lᵀ; throws naming the failing pivot if A is not positive definite. */
export function cholesky(a: Mat): Mat {
  return realPart(choleskyOf("cholesky", complexOf(a)));
}

/** X with A X = B (LU with partial pivoting); throws if A is singular to working precision. */
export function solve(a: Mat, b: Mat): Mat {
  return realPart(luSolve("solve", complexOf(a), complexOf(b)));
}

export function inverse(a: Mat): Mat {
  return realPart(luSolve("inverse", complexOf(a), ceye(square("inverse", a))));
}

/** Symmetric A = V diag(λ) Vᵀ: eigenvalues ascending, V orthogonal with eigenvectors as columns. */
export function symmetricEig(a: Mat): { values: Float64Array; vectors: Mat } {
  const { values, vectors } = jacobiEig("symmetricEig", complexOf(a));
  return { values, vectors: realPart(vectors) };
}
