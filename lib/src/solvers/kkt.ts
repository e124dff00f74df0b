/**
 * The interior-point method's linear systems
 *
 *   [ 0  Aᵀ  Gᵀ   ] [dx]   [rx]
 *   [ A  0   0    ] [dy] = [ry]        (A: equality rows, G: cone rows, W: NT scaling)
 *   [ G  0  −WᵀW  ] [dz]   [rz]
 *
 * solved by eliminating dz = W⁻¹W⁻ᵀ(G dx − rz), which leaves the reduced system
 * [H  Aᵀ; A  0] with H = Gᵀ W⁻¹ W⁻ᵀ G = Σ_blocks (W⁻ᵀG_k)ᵀ(W⁻ᵀG_k). That matrix is factored
 * dense as the quasi-definite [H + δI, Aᵀ; A, −δI] (LDLᵀ, no pivoting, small static δ), and
 * iterative refinement on the full, unregularised system removes the effect of δ.
 *
 * H is assembled block by block without forming W⁻ᵀG densely:
 *  - orthant rows add (z_i/s_i) g_i g_iᵀ over their sparsity pattern;
 *  - a second-order cone with W⁻¹ = η⁻¹ J W̄ J has scaled rows r₀ = a g₀ − v and
 *    r_i = g_i + b_i u (i ≥ 1), where w̄ = (a, b), v = Σ_{i≥1} b_i g_i, u = v/(1 + a) − g₀; so
 *    η² H_k = Σ_{i≥1} g_i g_iᵀ (sparse) + r₀r₀ᵀ + v uᵀ + u vᵀ + ‖b‖² u uᵀ (dense only on the
 *    columns the cone touches) — cheap for cones with sparse rows;
 *  - a PSD block adds tr(A_i T A_j T), T = R⁻ᵀR⁻¹, from the nonzeros of the columns A_i, A_j.
 */
import type { ConeSpace, Scaling } from "./cones";
import { ArrowReduced } from "./arrow";
import { ldlFactor, ldlSolve } from "./dense";
import { type CsrMatrix, csrMulAdd, csrTMulAdd } from "./problem";

/** Column-wise view of the rows of one cone block: for each column j, the (row offset, value) pairs. */
interface BlockColumns {
  cols: Int32Array;
  ptr: Int32Array;
  row: Int32Array;
  val: Float64Array;
}

/** Relative residual above which a block-arrow solve counts as broken down (then "auto" switches to dense). */
const ARROW_FAILED = 1e-6;
/**
 * Largest reduced system (variables + equality rows) that may switch to dense after a breakdown.
 * Beyond it a dense factorisation costs ≳ 40 ms per iteration, and on the paper-003 power
 * allocation (M = 30–50, K = 20) the dense solves lost accuracy at the same iteration as the
 * block-arrow ones: the fallback made a solve 10–40× slower (62 s against 1.3 s) for nothing.
 */
const DENSE_FALLBACK_MAX = 500;
/** Iterative refinement stops once the relative residual of a KKT solve is below this. */
const REFINE_TOL = 1e-13;

export class KktSystem {
  private readonly n: number;
  private readonly p: number;
  private readonly N: number;
  private K: Float64Array;
  private readonly sign: Int8Array;
  private W: Scaling | null = null;
  private socColumns: BlockColumns[];
  private readonly sdpColumns: BlockColumns[];
  /** scratch: column → position in the current block's support, −1 when absent */
  private readonly local: Int32Array;
  /** the block-arrow factorisation, when chosen instead of the dense one */
  private arrow: ArrowReduced | null = null;
  /** whether a failed block-arrow solve may switch this system to the dense factorisation */
  private readonly mayFallBack: boolean;

  constructor(
    private readonly A: CsrMatrix,
    private readonly G: CsrMatrix,
    private readonly cones: ConeSpace,
    mode: "auto" | "dense" | "arrow" = "auto",
    fallBack = true,
  ) {
    this.n = G.n;
    this.p = A.m;
    this.N = this.n + this.p;
    this.mayFallBack = fallBack && this.N <= DENSE_FALLBACK_MAX;
    if (mode !== "dense" && cones.s.length === 0) {
      const arrow = new ArrowReduced(A, G, cones);
      if (mode === "arrow" || arrow.cost < 0.5 * (this.N ** 3 / 3 + G.col.length)) this.arrow = arrow;
    }
    const N = this.arrow ? 0 : this.N;
    this.K = new Float64Array(N * N);
    this.sign = new Int8Array(this.N).fill(1);
    this.sign.fill(-1, this.n);
    this.local = new Int32Array(this.n).fill(-1);
    this.socColumns = this.arrow ? [] : cones.q.map((k, b) => blockColumns(G, cones.qOffset[b], k));
    this.sdpColumns = cones.s.map((k, b) => blockColumns(G, cones.sOffset[b], (k * (k + 1)) / 2));
  }

  /** largest relative residual of the solves since the last factorisation (diagnostics) */
  worstResidual = 0;

  /** Which factorisation is in use. */
  get mode(): "dense" | "arrow" {
    return this.arrow ? "arrow" : "dense";
  }

  /** Assembles and factors the reduced matrix for scaling W. Returns the number of pivots that had to be regularised. */
  factor(W: Scaling): number {
    this.W = W;
    this.worstResidual = 0;
    if (this.arrow) return this.arrow.factor(W);
    const { n, N, K, G, A, cones } = this;
    K.fill(0);
    // orthant rows: weight 1/d_i²
    for (let r = 0; r < cones.l; r++) {
      const w = 1 / (W.d[r] * W.d[r]);
      addRowOuter(K, N, G, r, w);
    }
    cones.q.forEach((k, b) => this.addSoc(W, b, k));
    cones.s.forEach((k, b) => this.addSdp(W, b, k));
    let maxDiag = 0;
    for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, K[i * N + i]);
    // equality rows, below H
    for (let r = 0; r < A.m; r++) {
      const row = (n + r) * N;
      for (let t = A.rowPtr[r]; t < A.rowPtr[r + 1]; t++) K[row + A.col[t]] = A.val[t];
    }
    const delta = 1e-9;
    for (let i = 0; i < N; i++) K[i * N + i] += this.sign[i] * delta;
    return ldlFactor(K, N, this.sign, 1e-13 * Math.max(1, maxDiag));
  }

  /** per SOC block: its rows as a dense S × k matrix (column j of G_k in row j), when dense enough */
  private readonly socDense: (Float64Array | null)[] = [];

  private addSoc(W: Scaling, b: number, k: number): void {
    const { N, K, G, local } = this;
    const off = this.cones.qOffset[b];
    const { eta, w } = W.soc[b];
    const cols = this.socColumns[b].cols;
    const S = cols.length;
    if (this.socDense[b] === undefined) {
      // Dense storage pays when most of the k × S entries are nonzero (paper-001: the 182-row cone).
      const bc = this.socColumns[b];
      const dense = k >= 8 && bc.row.length >= 0.5 * k * S && k * S <= 1 << 22;
      let Gt: Float64Array | null = null;
      if (dense) {
        Gt = new Float64Array(S * k);
        for (let c = 0; c < S; c++) for (let t = bc.ptr[c]; t < bc.ptr[c + 1]; t++) Gt[c * k + bc.row[t]] += bc.val[t];
      }
      this.socDense[b] = Gt;
    }
    const Gt = this.socDense[b];
    if (Gt) {
      // H_k = (W⁻¹G_k)ᵀ(W⁻¹G_k): rows of Mt are W⁻¹ applied to the columns of G_k; then dot products.
      const Mt = new Float64Array(S * k);
      const f = 1 / eta;
      const w0 = w[0];
      for (let c = 0; c < S; c++) {
        const o = c * k;
        let w1v1 = 0;
        for (let i = 1; i < k; i++) w1v1 -= w[i] * Gt[o + i];
        const v0 = Gt[o];
        const cc = v0 + w1v1 / (1 + w0);
        for (let i = 1; i < k; i++) Mt[o + i] = f * (Gt[o + i] - cc * w[i]);
        Mt[o] = f * (w0 * v0 + w1v1);
      }
      for (let a = 0; a < S; a++) {
        const row = cols[a] * N;
        const oa = a * k;
        for (let c = 0; c <= a; c++) {
          const oc = c * k;
          let s0 = 0;
          let s1 = 0;
          let i = 0;
          for (; i + 1 < k; i += 2) {
            s0 += Mt[oa + i] * Mt[oc + i];
            s1 += Mt[oa + i + 1] * Mt[oc + i + 1];
          }
          if (i < k) s0 += Mt[oa + i] * Mt[oc + i];
          K[row + cols[c]] += s0 + s1;
        }
      }
      return;
    }
    cols.forEach((c, t) => (local[c] = t));
    const f = 1 / (eta * eta);
    const g0 = new Float64Array(S);
    const v = new Float64Array(S);
    for (let t = G.rowPtr[off]; t < G.rowPtr[off + 1]; t++) g0[local[G.col[t]]] = G.val[t];
    let bb = 0;
    for (let i = 1; i < k; i++) {
      bb += w[i] * w[i];
      addRowOuter(K, N, G, off + i, f);
      for (let t = G.rowPtr[off + i]; t < G.rowPtr[off + i + 1]; t++) v[local[G.col[t]]] += w[i] * G.val[t];
    }
    const a = w[0];
    const u = new Float64Array(S);
    const r0 = new Float64Array(S);
    for (let t = 0; t < S; t++) {
      u[t] = v[t] / (1 + a) - g0[t];
      r0[t] = a * g0[t] - v[t];
    }
    for (let s = 0; s < S; s++) {
      const row = cols[s] * N;
      const r0s = f * r0[s];
      const us = f * u[s];
      const vs = f * v[s];
      const bus = bb * us;
      for (let t = 0; t <= s; t++) {
        K[row + cols[t]] += r0s * r0[t] + vs * u[t] + us * v[t] + bus * u[t];
      }
    }
    cols.forEach((c) => (local[c] = -1));
  }

  /**
   * PSD block: H_ij += ⟨svec(R⁻¹A_iR⁻ᵀ), svec(R⁻¹A_jR⁻ᵀ)⟩ = tr(A_i T A_j T) with T = R⁻ᵀR⁻¹, summed
   * over the nonzeros of A_i and A_j (sparse columns, as the modelling layer's Hermitian embeddings
   * give: SDPT3's trick) — or, for dense columns, through the scaled columns themselves.
   */
  private readonly sdpCache: ReturnType<KktSystem["buildSdpEntries"]>[] = [];

  private sdpEntries(b: number, k: number) {
    return (this.sdpCache[b] ??= this.buildSdpEntries(b, k));
  }

  /**
   * Static data of PSD block b: svec position → (i, j), and each column's entries as full-matrix
   * triples (p, q, w) — an off-diagonal svec value a gives (p, q) and (q, p) with a/√2.
   */
  private buildSdpEntries(b: number, k: number) {
    const bc = this.sdpColumns[b];
    const S = bc.cols.length;
    const len = (k * (k + 1)) / 2;
    const ri = new Int32Array(len);
    const rj = new Int32Array(len);
    for (let j = 0, t = 0; j < k; j++) for (let i = j; i < k; i++, t++) (ri[t] = i), (rj[t] = j);
    const P: number[] = [];
    const Q: number[] = [];
    const Wt: number[] = [];
    const ptr = new Int32Array(S + 1);
    for (let c = 0; c < S; c++) {
      for (let t = bc.ptr[c]; t < bc.ptr[c + 1]; t++) {
        const pos = bc.row[t];
        if (ri[pos] === rj[pos]) P.push(ri[pos]), Q.push(ri[pos]), Wt.push(bc.val[t]);
        else {
          const w = bc.val[t] * Math.SQRT1_2;
          P.push(ri[pos], rj[pos]), Q.push(rj[pos], ri[pos]), Wt.push(w, w);
        }
      }
      ptr[c + 1] = P.length;
    }
    const sparse = S === 0 || (P.length / S) ** 2 <= 2 * len;
    // Columns that are multiples of one another (R and −C_l in R − Σ C_l ⪰ 0) share one
    // representative: the Gram entries are computed once per pair of representatives.
    const rep = new Int32Array(S);
    const scale = new Float64Array(S);
    const reps: number[] = [];
    const byKey = new Map<string, number>();
    for (let c = 0; c < S; c++) {
      const first = bc.val[bc.ptr[c]];
      const parts: string[] = [];
      for (let t = bc.ptr[c]; t < bc.ptr[c + 1]; t++) parts.push(`${bc.row[t]}:${bc.val[t] / first}`);
      const key = parts.join(",");
      let r = byKey.get(key);
      if (r === undefined) byKey.set(key, (r = reps.length)), reps.push(c);
      rep[c] = r;
      scale[c] = first / bc.val[bc.ptr[reps[r]]];
    }
    return { ri, rj, ptr, P: Int32Array.from(P), Q: Int32Array.from(Q), Wt: Float64Array.from(Wt), sparse, rep, scale, reps: Int32Array.from(reps) };
  }

  private addSdp(W: Scaling, b: number, k: number): void {
    const { N, K } = this;
    const { Rinv } = W.sdp[b];
    const bc = this.sdpColumns[b];
    const S = bc.cols.length;
    const len = (k * (k + 1)) / 2;
    const { ri, rj, ptr, P, Q, Wt, sparse, rep, scale, reps } = this.sdpEntries(b, k);
    // T = R⁻ᵀ R⁻¹
    const T = new Float64Array(k * k);
    for (let x = 0; x < k; x++) {
      for (let y = 0; y <= x; y++) {
        let sum = 0;
        for (let t = 0; t < k; t++) sum += Rinv[t * k + x] * Rinv[t * k + y];
        T[x * k + y] = T[y * k + x] = sum;
      }
    }
    if (sparse) {
      // tr(A_i T A_j T) = Σ_{(p,q,w)∈A_i} Σ_{(r,s,u)∈A_j} w u T_qr T_sp, over representative columns
      const nr = reps.length;
      const gram = new Float64Array(nr * nr);
      for (let x = 0; x < nr; x++) {
        const a = reps[x];
        for (let y = 0; y <= x; y++) {
          const c = reps[y];
          let sum = 0;
          for (let e = ptr[a]; e < ptr[a + 1]; e++) {
            const qk = Q[e] * k;
            const pe = P[e];
            let inner = 0;
            for (let f = ptr[c]; f < ptr[c + 1]; f++) inner += Wt[f] * T[qk + P[f]] * T[Q[f] * k + pe];
            sum += Wt[e] * inner;
          }
          gram[x * nr + y] = gram[y * nr + x] = sum;
        }
      }
      for (let a = 0; a < S; a++) {
        const row = bc.cols[a] * N;
        const ga = rep[a] * nr;
        const sa = scale[a];
        for (let c = 0; c <= a; c++) K[row + bc.cols[c]] += sa * scale[c] * gram[ga + rep[c]];
      }
      return;
    }
    const fp: Int32Array[] = [];
    const fq: Int32Array[] = [];
    const fw: Float64Array[] = [];
    for (let c = 0; c < S; c++) {
      fp.push(P.subarray(ptr[c], ptr[c + 1]));
      fq.push(Q.subarray(ptr[c], ptr[c + 1]));
      fw.push(Wt.subarray(ptr[c], ptr[c + 1]));
    }
    const B = new Float64Array(S * len); // scaled columns svec(R⁻¹A_jR⁻ᵀ), contiguous
    const M = new Float64Array(k * k);
    const Rt = new Float64Array(k * k);
    for (let c = 0; c < S; c++) {
      M.fill(0);
      for (let e = 0; e < fp[c].length; e++) M[fp[c][e] * k + fq[c][e]] += fw[c][e];
      // Rt = R⁻¹ M, then M' = Rt R⁻ᵀ (lower triangle)
      Rt.fill(0);
      for (let x = 0; x < k; x++) for (let t = 0; t < k; t++) {
        const r = Rinv[x * k + t];
        if (r !== 0) for (let y = 0; y < k; y++) Rt[x * k + y] += r * M[t * k + y];
      }
      const col = B.subarray(c * len, (c + 1) * len);
      for (let t = 0; t < len; t++) {
        const x = ri[t];
        const y = rj[t];
        let sum = 0;
        for (let u = 0; u < k; u++) sum += Rt[x * k + u] * Rinv[y * k + u];
        col[t] = x === y ? sum : sum * Math.SQRT2;
      }
    }
    for (let a = 0; a < S; a++) {
      const row = bc.cols[a] * N;
      for (let c = 0; c <= a; c++) {
        let sum = 0;
        for (let e = 0; e < len; e++) sum += B[a * len + e] * B[c * len + e];
        K[row + bc.cols[c]] += sum;
      }
    }
  }

  /**
   * Solves the full KKT system for (rx, ry, rz); results into dx, dy, dz. Applies iterative
   * refinement against the unregularised system; returns the final relative residual.
   */
  solve(rx: Float64Array, ry: Float64Array, rz: Float64Array, dx: Float64Array, dy: Float64Array, dz: Float64Array): number {
    this.solveOnce(rx, ry, rz, dx, dy, dz);
    const ex = new Float64Array(this.n);
    const ey = new Float64Array(this.p);
    const ez = new Float64Array(this.G.m);
    const cx = new Float64Array(this.n);
    const cy = new Float64Array(this.p);
    const cz = new Float64Array(this.G.m);
    const scale = 1 + Math.max(normInf(rx), normInf(ry), normInf(rz));
    let res = this.residual(rx, ry, rz, dx, dy, dz, ex, ey, ez) / scale;
    for (let it = 0; it < (this.arrow ? 10 : 3) && res > REFINE_TOL; it++) {
      this.solveOnce(ex, ey, ez, cx, cy, cz);
      for (let i = 0; i < this.n; i++) cx[i] += dx[i];
      for (let i = 0; i < this.p; i++) cy[i] += dy[i];
      for (let i = 0; i < this.G.m; i++) cz[i] += dz[i];
      const ex2 = new Float64Array(this.n);
      const ey2 = new Float64Array(this.p);
      const ez2 = new Float64Array(this.G.m);
      const res2 = this.residual(rx, ry, rz, cx, cy, cz, ex2, ey2, ez2) / scale;
      if (!(res2 < res)) break;
      res = res2;
      dx.set(cx);
      dy.set(cy);
      dz.set(cz);
      ex.set(ex2);
      ey.set(ey2);
      ez.set(ez2);
    }
    if (this.arrow && this.mayFallBack && !(res <= ARROW_FAILED)) {
      // The block elimination broke down (a block far worse conditioned than H): continue the
      // whole solve with the dense factorisation of H, which forms H itself and cannot cancel so.
      this.arrow = null;
      this.K = new Float64Array(this.N * this.N);
      this.socColumns = this.cones.q.map((k, b) => blockColumns(this.G, this.cones.qOffset[b], k));
      this.factor(this.W!);
      return this.solve(rx, ry, rz, dx, dy, dz);
    }
    this.worstResidual = Math.max(this.worstResidual, res);
    return res;
  }

  /** e = r − KKT·d; returns ‖e‖∞. */
  private residual(
    rx: Float64Array, ry: Float64Array, rz: Float64Array,
    dx: Float64Array, dy: Float64Array, dz: Float64Array,
    ex: Float64Array, ey: Float64Array, ez: Float64Array,
  ): number {
    const W = this.W!;
    ex.set(rx);
    csrTMulAdd(this.A, dy, ex, -1);
    csrTMulAdd(this.G, dz, ex, -1);
    ey.set(ry);
    csrMulAdd(this.A, dx, ey, -1);
    const wtw = new Float64Array(this.G.m);
    this.cones.applyWW(W, dz, wtw, false);
    for (let i = 0; i < this.G.m; i++) ez[i] = rz[i] + wtw[i];
    csrMulAdd(this.G, dx, ez, -1);
    return Math.max(normInf(ex), normInf(ey), normInf(ez));
  }

  private solveOnce(rx: Float64Array, ry: Float64Array, rz: Float64Array, dx: Float64Array, dy: Float64Array, dz: Float64Array): void {
    const W = this.W!;
    const { n, p, cones, G } = this;
    // rhs_x = rx + Gᵀ W⁻¹W⁻ᵀ rz
    const t = new Float64Array(G.m);
    const u = new Float64Array(G.m);
    cones.applyWW(W, rz, u, true);
    const sol = new Float64Array(this.N);
    sol.set(rx);
    csrTMulAdd(G, u, sol);
    sol.set(ry, n);
    if (this.arrow) this.arrow.solve(sol);
    else ldlSolve(this.K, this.N, sol);
    dx.set(sol.subarray(0, n));
    dy.set(sol.subarray(n, n + p));
    // dz = W⁻¹W⁻ᵀ(G dx − rz)
    for (let i = 0; i < G.m; i++) t[i] = -rz[i];
    csrMulAdd(G, dx, t);
    cones.applyWW(W, t, dz, true);
  }
}

/** K[lower] += w · g_r g_rᵀ for row r of G (columns sorted ascending). */
function addRowOuter(K: Float64Array, N: number, G: CsrMatrix, r: number, w: number): void {
  const start = G.rowPtr[r];
  const end = G.rowPtr[r + 1];
  for (let a = start; a < end; a++) {
    const ca = G.col[a];
    const va = w * G.val[a];
    const row = ca * N;
    for (let c = start; c <= a; c++) K[row + G.col[c]] += va * G.val[c];
  }
}

/** Column-wise listing of rows [off, off + len) of G: support columns and their entries. */
function blockColumns(G: CsrMatrix, off: number, len: number): BlockColumns {
  const byCol = new Map<number, { row: number; val: number }[]>();
  for (let r = off; r < off + len; r++) {
    for (let t = G.rowPtr[r]; t < G.rowPtr[r + 1]; t++) {
      const c = G.col[t];
      let list = byCol.get(c);
      if (!list) byCol.set(c, (list = []));
      list.push({ row: r - off, val: G.val[t] });
    }
  }
  const cols = Int32Array.from([...byCol.keys()].sort((a, b) => a - b));
  const ptr = new Int32Array(cols.length + 1);
  const row: number[] = [];
  const val: number[] = [];
  cols.forEach((c, i) => {
    for (const e of byCol.get(c)!) {
      row.push(e.row);
      val.push(e.val);
    }
    ptr[i + 1] = row.length;
  });
  return { cols, ptr, row: Int32Array.from(row), val: Float64Array.from(val) };
}

function normInf(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
}
