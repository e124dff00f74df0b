/**
 * In-place dense kernels for the interior-point solver's hot loops.
 *
 * Matrices are row-major `Float64Array`s of an n×n square (entry (i, j) at i*n + j).
 * The solver needs only a few operations, each written for one purpose:
 *  - `ldlFactor` / `ldlSolve`: LDLᵀ of a symmetric quasi-definite matrix without pivoting
 *    (Vanderbei 1995: [H + δI, Aᵀ; A, −δI] has an LDLᵀ factorisation for every symmetric
 *    ordering, with D positive on the first block and negative on the second);
 *  - `cholesky`, `triInverseLower`: small SPD factorisations used by the PSD-cone scaling;
 *  - `symEigenvalues`: tridiagonalisation + implicit QL (small symmetric blocks);
 *  - `svdJacobi`: one-sided Jacobi SVD, which keeps small singular values to high
 *    relative accuracy (Demmel & Veselić 1992), as the Nesterov–Todd scaling of a nearly
 *    singular PSD pair needs.
 */

/**
 * Factors the symmetric matrix K (lower triangle read, overwritten by the unit lower factor L
 * below the diagonal and D on it) as K = L D Lᵀ. `sign[i]` (+1 or −1) is the sign D[i] must have;
 * a pivot with the wrong sign or smaller than `minPivot` in magnitude is replaced by
 * sign·`minPivot` (dynamic regularisation, as in QDLDL/Clarabel), and the count is returned.
 */
export function ldlFactor(K: Float64Array, n: number, sign: Int8Array, minPivot: number): number {
  const t = new Float64Array(n); // t[k] = L[j][k]·D[k] for the current column j
  let replaced = 0;
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = K[rj + j];
    for (let k = 0; k < j; k++) {
      const ljk = K[rj + k];
      t[k] = ljk * K[k * n + k];
      d -= ljk * t[k];
    }
    if (!(d * sign[j] > minPivot)) {
      d = sign[j] * minPivot;
      replaced++;
    }
    K[rj + j] = d;
    const inv = 1 / d;
    // L[i][j] = (K[i][j] − Σ_k L[i][k] D[k] L[j][k]) / D[j]: dot products of contiguous rows with t,
    // four rows at a time (each t[k] load serves all four; 1.3× over two rows, 1.6–2× over one,
    // measured at n = 300–1000; every entry is summed in the same order as one row at a time).
    let i = j + 1;
    for (; i + 3 < n; i += 4) {
      const r0 = i * n;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      let s0 = K[r0 + j];
      let s1 = K[r1 + j];
      let s2 = K[r2 + j];
      let s3 = K[r3 + j];
      for (let k = 0; k < j; k++) {
        const tk = t[k];
        s0 -= K[r0 + k] * tk;
        s1 -= K[r1 + k] * tk;
        s2 -= K[r2 + k] * tk;
        s3 -= K[r3 + k] * tk;
      }
      K[r0 + j] = s0 * inv;
      K[r1 + j] = s1 * inv;
      K[r2 + j] = s2 * inv;
      K[r3 + j] = s3 * inv;
    }
    for (; i < n; i++) {
      const ri = i * n;
      let sum = K[ri + j];
      for (let k = 0; k < j; k++) sum -= K[ri + k] * t[k];
      K[ri + j] = sum * inv;
    }
  }
  return replaced;
}

/** Solves L D Lᵀ x = b in place (b becomes x) with the factor from `ldlFactor`. */
export function ldlSolve(F: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= F[ri + k] * b[k];
    b[i] = sum;
  }
  for (let i = 0; i < n; i++) b[i] /= F[i * n + i];
  for (let i = n - 1; i >= 0; i--) {
    const x = b[i];
    if (x === 0) continue;
    const ri = i * n;
    for (let k = 0; k < i; k++) b[k] -= F[ri + k] * x;
  }
}

/** Cholesky A = L Lᵀ of an SPD matrix (lower triangle read); returns L (upper part zero) or null if not positive definite. */
export function cholesky(A: Float64Array, n: number): Float64Array | null {
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = A[j * n + j];
    for (let k = 0; k < j; k++) d -= L[j * n + k] * L[j * n + k];
    if (!(d > 0)) return null;
    const ljj = Math.sqrt(d);
    L[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = A[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = s / ljj;
    }
  }
  return L;
}

/** Inverse of a nonsingular lower-triangular matrix (lower triangular). */
export function triInverseLower(L: Float64Array, n: number): Float64Array {
  const X = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    X[j * n + j] = 1 / L[j * n + j];
    for (let i = j + 1; i < n; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= L[i * n + k] * X[k * n + j];
      X[i * n + j] = s / L[i * n + i];
    }
  }
  return X;
}

/** C = A B for n×n matrices (C must not alias A or B). */
export function matMul(A: Float64Array, B: Float64Array, n: number, C: Float64Array): Float64Array {
  C.fill(0);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let k = 0; k < n; k++) {
      const a = A[ri + k];
      if (a === 0) continue;
      const rk = k * n;
      for (let j = 0; j < n; j++) C[ri + j] += a * B[rk + j];
    }
  }
  return C;
}

/** C = Aᵀ B for n×n matrices. */
export function matTMul(A: Float64Array, B: Float64Array, n: number, C: Float64Array): Float64Array {
  C.fill(0);
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    for (let i = 0; i < n; i++) {
      const a = A[rk + i];
      if (a === 0) continue;
      const ri = i * n;
      for (let j = 0; j < n; j++) C[ri + j] += a * B[rk + j];
    }
  }
  return C;
}

/** Transpose of an n×n matrix into a new array. */
export function transpose(A: Float64Array, n: number): Float64Array {
  const T = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) T[j * n + i] = A[i * n + j];
  return T;
}

/**
 * Eigenvalues of a symmetric matrix (full storage, not modified): Householder reduction to
 * tridiagonal form, then the implicit QL iteration (Golub & Van Loan §8.3; EISPACK tql1).
 */
export function symEigenvalues(S: Float64Array, n: number): Float64Array {
  const A = Float64Array.from(S);
  const d = new Float64Array(n);
  const e = new Float64Array(n); // e[i] couples i and i + 1
  const v = new Float64Array(n);
  const w = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    // Householder vector v for column k below the diagonal: (I − 2vvᵀ)x = αe₁.
    let nx = 0;
    for (let i = k + 1; i < n; i++) nx += A[i * n + k] * A[i * n + k];
    nx = Math.sqrt(nx);
    const x0 = A[(k + 1) * n + k];
    const alpha = x0 > 0 ? -nx : nx;
    let nv = 0;
    for (let i = k + 1; i < n; i++) {
      v[i] = A[i * n + k] - (i === k + 1 ? alpha : 0);
      nv += v[i] * v[i];
    }
    e[k] = alpha;
    if (nv === 0) {
      e[k] = x0;
      continue;
    }
    nv = Math.sqrt(nv);
    for (let i = k + 1; i < n; i++) v[i] /= nv;
    // A ← A − v wᵀ − w vᵀ on the trailing block, w = 2(p − (vᵀp)v), p = A v
    let vp = 0;
    for (let i = k + 1; i < n; i++) {
      let p = 0;
      for (let j = k + 1; j < n; j++) p += A[i * n + j] * v[j];
      w[i] = p;
      vp += v[i] * p;
    }
    for (let i = k + 1; i < n; i++) w[i] = 2 * (w[i] - vp * v[i]);
    for (let i = k + 1; i < n; i++) for (let j = k + 1; j < n; j++) A[i * n + j] -= v[i] * w[j] + w[i] * v[j];
  }
  for (let i = 0; i < n; i++) d[i] = A[i * n + i];
  if (n >= 2) e[n - 2] = A[(n - 1) * n + n - 2];
  e[n - 1] = 0;
  // Implicit QL with Wilkinson-like shifts (EISPACK tql1).
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]) > eps * tst1) m++;
    if (m > l) {
      for (let iter = 0; iter < 100; iter++) {
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = 1;
        let c3 = 1;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
        if (!(Math.abs(e[l]) > eps * tst1)) break;
      }
    }
    d[l] += f;
    e[l] = 0;
  }
  return d;
}

/**
 * One-sided Jacobi SVD of a square matrix: B = U Σ Vᵀ. Returns U (columns), sigma and V,
 * row-major n×n. Columns of B are orthogonalised by plane rotations accumulated in V.
 */
export function svdJacobi(B: Float64Array, n: number): { U: Float64Array; sigma: Float64Array; V: Float64Array } {
  const U = Float64Array.from(B);
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let k = 0; k < n; k++) {
          const up = U[k * n + p];
          const uq = U[k * n + q];
          alpha += up * up;
          beta += uq * uq;
          gamma += up * uq;
        }
        if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let k = 0; k < n; k++) {
          const up = U[k * n + p];
          const uq = U[k * n + q];
          U[k * n + p] = c * up - s * uq;
          U[k * n + q] = s * up + c * uq;
          const vp = V[k * n + p];
          const vq = V[k * n + q];
          V[k * n + p] = c * vp - s * vq;
          V[k * n + q] = s * vp + c * vq;
        }
      }
    }
    if (!rotated) break;
  }
  const sigma = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += U[k * n + j] * U[k * n + j];
    s = Math.sqrt(s);
    sigma[j] = s;
    if (s > 0) for (let k = 0; k < n; k++) U[k * n + j] /= s;
  }
  return { U, sigma, V };
}
