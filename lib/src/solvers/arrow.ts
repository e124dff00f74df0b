/**
 * Block-arrow factorisation of the reduced KKT matrix [H + δI, Aᵀ; A, −δI] for LP/SOCP problems
 * whose H = Gᵀ W⁻² G is "small blocks plus low rank" — the paper-003 power-allocation SOCP
 * (2001 variables, dense H, but 1000 three-row cones on pairs of variables, long cones whose rows
 * mostly have one entry, and a few hundred dense rows).
 *
 * H is written as the Schur complement of an augmented, sparse matrix
 *
 *   [ B   Ũ   Ṽ  ]        B = Σ (contributions of rows or small cones that touch ≤ BMAX columns,
 *   [ Ũᵀ −I   0  ]             grouped by union–find into dense diagonal blocks),
 *   [ Ṽᵀ  0  +I  ]        H = B + ŨŨᵀ − ṼṼᵀ.
 *
 * Ũ holds the remaining rows (√weight · g_i) and, for each second-order cone too large to be a
 * block, the vector √2 Gᵀw̃/η; Ṽ holds that cone's first row g₀/η. This follows from
 * W⁻² = η⁻² J W̄² J = η⁻²(2 w̃ w̃ᵀ − J), w̃ = J w̄ (so η² H_k = Σ_{i≥1} g_i g_iᵀ + 2 q qᵀ − g₀ g₀ᵀ,
 * q = G_kᵀ w̃), the expansion ECOS uses in the full KKT system (Domahidi et al. 2013, §5.2).
 * Variables that no block covers and the equality rows join the dense "tail" too. A "hub" variable
 * shared by more than BMAX small cones (the interference level of one user in the paper-003
 * power-allocation cones z² ≤ P·u) is put in the tail up front, so those cones stay in blocks;
 * their coupling to the hub enters E and T directly. The factorisation
 * eliminates the blocks (Cholesky, tiny), forms the tail's Schur complement
 * S = T − Eᵀ B⁻¹ E (only the tail nodes touching each block), and factors S by LDLᵀ in the order
 * [Ũ nodes (−), uncovered variables (+), Ṽ nodes (+), equalities (−)]: every pivot then has a
 * known sign (the Ṽ pivots are I − Ṽᵀ(B + ŨŨᵀ)⁻¹Ṽ ≻ 0 exactly when H ≻ 0), so no pivoting is needed
 * and small pivots are regularised as in the dense path.
 */
import type { ConeSpace, Scaling } from "./cones";
import { ldlFactor, ldlSolve } from "./dense";
import type { CsrMatrix } from "./problem";

/** Largest diagonal block (columns). */
const BMAX = 8;
/** Static regularisation δ (as the dense path). */
const DELTA = 1e-9;

/** Tail node kinds, in elimination order. */
const enum Kind {
  RowU = 0, // an orthant or SOC (i ≥ 1) row that is not in a block
  ConeU = 1, // √2 Gᵀw̃/η of an expanded second-order cone
  Var = 2, // a variable that no block covers
  ConeV = 3, // g₀/η of an expanded second-order cone
  Eq = 4, // an equality row
}

export class ArrowReduced {
  /** number of tail nodes */
  readonly r: number;
  private readonly n: number;
  private readonly p: number;
  // tail nodes: kind, source (row of G, cone index, variable or equality row), pattern over x
  private readonly kind: Int8Array;
  private readonly src: Int32Array;
  private readonly nodePtr: Int32Array;
  private readonly nodeIdx: Int32Array;
  private readonly nodeVal: Float64Array;
  /** for ConeU nodes: position in nodeVal of each entry of the cone's rows (aligned with G.col) */
  private readonly qPos: Map<number, Int32Array> = new Map();
  private readonly sign: Int8Array;
  private readonly S: Float64Array;
  private readonly tailOfVar: Int32Array; // variable → tail node, −1 when in a block
  // entries of nodes at uncovered variables: (node, tail node of the variable, position in nodeVal)
  private readonly tA: Int32Array;
  private readonly tB: Int32Array;
  private readonly tPos: Int32Array;
  // blocks
  private readonly nBlocks: number;
  private readonly blkPtr: Int32Array; // block → range in blkVars
  private readonly blkVars: Int32Array;
  private readonly unitPtr: Int32Array; // block → range in unitList
  private readonly unitList: Int32Array; // encoded units: ≥ 0 row of G (weighted g gᵀ), < 0: −1 − cone index (exact)
  private readonly tlPtr: Int32Array; // block → range in tlList (tail nodes touching the block)
  private readonly tlList: Int32Array;
  private readonly ePtr: Int32Array; // block → range of E entries
  private readonly eVar: Int32Array; // local variable
  private readonly eTail: Int32Array; // local tail column
  private readonly ePos: Int32Array; // position in nodeVal
  private readonly Lptr: Int32Array; // block → offset of its nb×nb factor
  private readonly L: Float64Array;
  private readonly Fptr: Int32Array; // block → offset of its rβ×nb matrix Fᵀ, F = L⁻¹E
  private readonly F: Float64Array;
  private readonly localOf: Int32Array; // variable → index in its block
  private readonly tailIndex: Map<number, number>[]; // block → (tail node → its column in the block's E)
  private readonly work: Float64Array;
  private readonly q: Float64Array;

  /** Estimated multiply–adds of one factorisation (for choosing between this and the dense path). */
  readonly cost: number;

  constructor(
    private readonly A: CsrMatrix,
    private readonly G: CsrMatrix,
    private readonly cones: ConeSpace,
  ) {
    const n = (this.n = G.n);
    const p = (this.p = A.m);
    // ---- union–find of variables over "local units" (small cones whole, then short rows)
    const parent = Int32Array.from({ length: n }, (_, i) => i);
    const size = new Int32Array(n).fill(1);
    const covered = new Uint8Array(n);
    const find = (x: number): number => {
      while (parent[x] !== x) x = parent[x] = parent[parent[x]];
      return x;
    };
    const tryUnion = (cols: number[]): boolean => {
      const roots = [...new Set(cols.map(find))];
      let total = 0;
      for (const r of roots) total += size[r];
      if (total > BMAX) return false;
      for (let t = 1; t < roots.length; t++) {
        parent[roots[t]] = roots[0];
        size[roots[0]] += size[roots[t]];
      }
      for (const c of cols) covered[c] = 1;
      return true;
    };
    const rowCols = (r: number): number[] => Array.from(G.col.subarray(G.rowPtr[r], G.rowPtr[r + 1]));
    const coneSupport = (b: number): number[] => {
      const set = new Set<number>();
      const o = cones.qOffset[b];
      for (let r = o; r < o + cones.q[b]; r++) for (const c of rowCols(r)) set.add(c);
      return [...set].sort((x, y) => x - y);
    };
    const nq = cones.q.length;
    const supports = cones.q.map((_, b) => coneSupport(b));
    const uses = new Int32Array(n);
    for (const sup of supports) if (sup.length <= BMAX) for (const c of sup) uses[c]++;
    const hub = (c: number) => uses[c] > BMAX;
    // a small cone's support without hubs: the columns it puts in its block
    const own = supports.map((sup) => (sup.length <= BMAX ? sup.filter((c) => !hub(c)) : sup));
    const localCone = new Uint8Array(nq);
    const coneOrder = [...supports.keys()].sort((x, y) => own[x].length - own[y].length || x - y);
    for (const b of coneOrder) {
      const s = own[b];
      if (s.length > 0 && s.length <= BMAX && tryUnion(s)) localCone[b] = 1;
    }
    // candidate rows: orthant rows and rows i ≥ 1 of expanded cones
    const rows: number[] = [];
    for (let r = 0; r < cones.l; r++) rows.push(r);
    cones.q.forEach((k, b) => {
      if (!localCone[b]) for (let i = 1; i < k; i++) rows.push(cones.qOffset[b] + i);
    });
    const nnz = (r: number) => G.rowPtr[r + 1] - G.rowPtr[r];
    rows.sort((x, y) => nnz(x) - nnz(y) || x - y);
    const localRow = new Uint8Array(G.m);
    const uRows: number[] = [];
    for (const r of rows) {
      if (nnz(r) === 0) continue;
      if (nnz(r) <= BMAX && !rowCols(r).some(hub) && tryUnion(rowCols(r))) localRow[r] = 1;
      else uRows.push(r);
    }
    uRows.sort((x, y) => x - y);
    // ---- tail nodes
    const kinds: number[] = [];
    const srcs: number[] = [];
    const pats: number[][] = [];
    for (const r of uRows) kinds.push(Kind.RowU), srcs.push(r), pats.push(rowCols(r));
    for (let b = 0; b < nq; b++) if (!localCone[b]) kinds.push(Kind.ConeU), srcs.push(b), pats.push(supports[b]);
    const tailOfVar = new Int32Array(n).fill(-1);
    for (let c = 0; c < n; c++) {
      if (!covered[c] || hub(c)) {
        covered[c] = 0;
        tailOfVar[c] = kinds.length;
        kinds.push(Kind.Var), srcs.push(c), pats.push([]);
      }
    }
    for (let b = 0; b < nq; b++) {
      const o = cones.qOffset[b];
      if (!localCone[b] && nnz(o) > 0) kinds.push(Kind.ConeV), srcs.push(b), pats.push(rowCols(o));
    }
    for (let e = 0; e < p; e++) kinds.push(Kind.Eq), srcs.push(e), pats.push(Array.from(A.col.subarray(A.rowPtr[e], A.rowPtr[e + 1])));
    const r = (this.r = kinds.length);
    this.kind = Int8Array.from(kinds);
    this.src = Int32Array.from(srcs);
    this.tailOfVar = tailOfVar;
    this.nodePtr = new Int32Array(r + 1);
    for (let j = 0; j < r; j++) this.nodePtr[j + 1] = this.nodePtr[j] + pats[j].length;
    this.nodeIdx = Int32Array.from(pats.flat());
    this.nodeVal = new Float64Array(this.nodeIdx.length);
    for (let j = 0; j < r; j++) {
      if (kinds[j] === Kind.Eq) this.nodeVal.set(A.val.subarray(A.rowPtr[srcs[j]], A.rowPtr[srcs[j] + 1]), this.nodePtr[j]);
      if (kinds[j] === Kind.ConeU) {
        const b = srcs[j];
        const o = cones.qOffset[b];
        const pos = new Map<number, number>();
        supports[b].forEach((c, t) => pos.set(c, this.nodePtr[j] + t));
        const qp = new Int32Array(G.rowPtr[o + cones.q[b]] - G.rowPtr[o]);
        for (let t = G.rowPtr[o]; t < G.rowPtr[o + cones.q[b]]; t++) qp[t - G.rowPtr[o]] = pos.get(G.col[t])!;
        this.qPos.set(b, qp);
      }
    }
    this.sign = Int8Array.from(kinds, (k) => (k === Kind.RowU || k === Kind.ConeU || k === Kind.Eq ? -1 : 1));
    this.S = new Float64Array(r * r);
    // entries at uncovered variables go straight into the tail matrix
    const tA: number[] = [];
    const tB: number[] = [];
    const tPos: number[] = [];
    for (let j = 0; j < r; j++) {
      for (let t = this.nodePtr[j]; t < this.nodePtr[j + 1]; t++) {
        const v = tailOfVar[this.nodeIdx[t]];
        if (v >= 0) tA.push(j), tB.push(v), tPos.push(t);
      }
    }
    this.tA = Int32Array.from(tA);
    this.tB = Int32Array.from(tB);
    this.tPos = Int32Array.from(tPos);
    // ---- blocks: variables by root, units by block, tail nodes touching each block
    const blockOf = new Int32Array(n).fill(-1);
    const blockVars: number[][] = [];
    for (let c = 0; c < n; c++) {
      if (!covered[c]) continue;
      const root = find(c);
      if (blockOf[root] < 0) (blockOf[root] = blockVars.length), blockVars.push([]);
      blockOf[c] = blockOf[root];
    }
    const localOf = (this.localOf = new Int32Array(n).fill(-1));
    for (let c = 0; c < n; c++) {
      if (blockOf[c] < 0) continue;
      localOf[c] = blockVars[blockOf[c]].length;
      blockVars[blockOf[c]].push(c);
    }
    const nb = (this.nBlocks = blockVars.length);
    const units: number[][] = blockVars.map(() => []);
    for (let b = 0; b < nq; b++) if (localCone[b]) units[blockOf[own[b][0]]].push(-1 - b);
    for (let row = 0; row < G.m; row++) if (localRow[row]) units[blockOf[G.col[G.rowPtr[row]]]].push(row);
    const tailSets: Set<number>[] = blockVars.map(() => new Set());
    for (let j = 0; j < r; j++) {
      for (let t = this.nodePtr[j]; t < this.nodePtr[j + 1]; t++) if (blockOf[this.nodeIdx[t]] >= 0) tailSets[blockOf[this.nodeIdx[t]]].add(j);
    }
    for (let b = 0; b < nq; b++) {
      if (localCone[b]) for (const c of supports[b]) if (tailOfVar[c] >= 0) tailSets[blockOf[own[b][0]]].add(tailOfVar[c]);
    }
    const tails = tailSets.map((set) => [...set].sort((x, y) => x - y));
    const tailIndex = tails.map((list) => new Map(list.map((j, i) => [j, i])));
    this.tailIndex = tailIndex;
    const ents: { v: number; j: number; pos: number }[][] = blockVars.map(() => []);
    for (let j = 0; j < r; j++) {
      for (let t = this.nodePtr[j]; t < this.nodePtr[j + 1]; t++) {
        const bl = blockOf[this.nodeIdx[t]];
        if (bl >= 0) ents[bl].push({ v: localOf[this.nodeIdx[t]], j: tailIndex[bl].get(j)!, pos: t });
      }
    }
    this.blkPtr = new Int32Array(nb + 1);
    this.unitPtr = new Int32Array(nb + 1);
    this.tlPtr = new Int32Array(nb + 1);
    this.ePtr = new Int32Array(nb + 1);
    this.Lptr = new Int32Array(nb + 1);
    this.Fptr = new Int32Array(nb + 1);
    let cost = r ** 3 / 3;
    for (let bl = 0; bl < nb; bl++) {
      const m = blockVars[bl].length;
      const rb = tails[bl].length;
      this.blkPtr[bl + 1] = this.blkPtr[bl] + m;
      this.unitPtr[bl + 1] = this.unitPtr[bl] + units[bl].length;
      this.tlPtr[bl + 1] = this.tlPtr[bl] + rb;
      this.ePtr[bl + 1] = this.ePtr[bl] + ents[bl].length;
      this.Lptr[bl + 1] = this.Lptr[bl] + m * m;
      this.Fptr[bl + 1] = this.Fptr[bl] + m * rb;
      cost += (rb * (rb + 1) * m) / 2 + m * m * rb + m ** 3;
    }
    this.cost = cost + this.nodeIdx.length;
    this.blkVars = Int32Array.from(blockVars.flat());
    this.unitList = Int32Array.from(units.flat());
    this.tlList = Int32Array.from(tails.flat());
    const allEnts = ents.flat();
    this.eVar = Int32Array.from(allEnts, (e) => e.v);
    this.eTail = Int32Array.from(allEnts, (e) => e.j);
    this.ePos = Int32Array.from(allEnts, (e) => e.pos);
    this.L = new Float64Array(this.Lptr[nb]);
    this.F = new Float64Array(this.Fptr[nb]);
    this.work = new Float64Array(n);
    this.q = new Float64Array(r);
  }

  /** Assembles and factors for scaling W; returns the number of regularised pivots. */
  factor(W: Scaling): number {
    const { G, cones, r, S, nodePtr, nodeVal, kind, src } = this;
    // node values for this scaling
    for (let j = 0; j < r; j++) {
      const k = kind[j];
      const s = src[j];
      if (k === Kind.RowU) {
        const f = this.rowWeightSqrt(W, s);
        for (let t = G.rowPtr[s], u = nodePtr[j]; t < G.rowPtr[s + 1]; t++, u++) nodeVal[u] = f * G.val[t];
      } else if (k === Kind.ConeU) {
        const { eta, w } = W.soc[s];
        const o = cones.qOffset[s];
        const qp = this.qPos.get(s)!;
        nodeVal.fill(0, nodePtr[j], nodePtr[j + 1]);
        const f = Math.SQRT2 / eta;
        const base = G.rowPtr[o];
        for (let i = 0; i < cones.q[s]; i++) {
          const coef = f * (i === 0 ? w[0] : -w[i]);
          if (coef === 0) continue;
          for (let t = G.rowPtr[o + i]; t < G.rowPtr[o + i + 1]; t++) nodeVal[qp[t - base]] += coef * G.val[t];
        }
      } else if (k === Kind.ConeV) {
        const o = cones.qOffset[s];
        const f = 1 / W.soc[s].eta;
        for (let t = G.rowPtr[o], u = nodePtr[j]; t < G.rowPtr[o + 1]; t++, u++) nodeVal[u] = f * G.val[t];
      }
    }
    // tail matrix T (lower triangle)
    S.fill(0);
    for (let j = 0; j < r; j++) {
      const k = kind[j];
      S[j * r + j] = k === Kind.RowU || k === Kind.ConeU ? -1 : k === Kind.ConeV ? 1 : k === Kind.Var ? DELTA : -DELTA;
    }
    for (let e = 0; e < this.tA.length; e++) {
      const a = this.tA[e];
      const b = this.tB[e];
      S[a > b ? a * r + b : b * r + a] += nodeVal[this.tPos[e]];
    }
    // blocks
    let replaced = 0;
    let maxDiag = 1;
    const { L, F, blkPtr, localOf, Lptr, Fptr, tlPtr, tlList, ePtr, eVar, eTail, ePos, unitPtr, unitList } = this;
    const rowPtr = G.rowPtr;
    const gcol = G.col;
    const gval = G.val;
    for (let bl = 0; bl < this.nBlocks; bl++) {
      const m = blkPtr[bl + 1] - blkPtr[bl];
      const lo = Lptr[bl];
      L.fill(0, lo, lo + m * m);
      F.fill(0, Fptr[bl], Fptr[bl] + m * (tlPtr[bl + 1] - tlPtr[bl]));
      for (let u = unitPtr[bl]; u < unitPtr[bl + 1]; u++) {
        const unit = unitList[u];
        if (unit >= 0) {
          const f = this.rowWeightSqrt(W, unit);
          const w2 = f * f;
          for (let a = rowPtr[unit]; a < rowPtr[unit + 1]; a++) {
            const va = w2 * gval[a];
            const ra = lo + localOf[gcol[a]] * m;
            for (let c = rowPtr[unit]; c < rowPtr[unit + 1]; c++) L[ra + localOf[gcol[c]]] += va * gval[c];
          }
        } else this.addLocalCone(W, -1 - unit, bl, m);
      }
      for (let i = 0; i < m; i++) {
        L[lo + i * m + i] += DELTA;
        if (L[lo + i * m + i] > maxDiag) maxDiag = L[lo + i * m + i];
      }
    }
    const minPivot = 1e-13 * maxDiag;
    for (let bl = 0; bl < this.nBlocks; bl++) {
      const m = blkPtr[bl + 1] - blkPtr[bl];
      const lo = Lptr[bl];

      // Cholesky in place (lower), regularising small pivots
      for (let j = 0; j < m; j++) {
        let d = L[lo + j * m + j];
        for (let k = 0; k < j; k++) d -= L[lo + j * m + k] * L[lo + j * m + k];
        if (!(d > minPivot)) {
          d = minPivot;
          replaced++;
        }
        const ljj = Math.sqrt(d);
        L[lo + j * m + j] = ljj;
        for (let i = j + 1; i < m; i++) {
          let s = L[lo + i * m + j];
          for (let k = 0; k < j; k++) s -= L[lo + i * m + k] * L[lo + j * m + k];
          L[lo + i * m + j] = s / ljj;
        }
      }
      // Fᵀ = (L⁻¹ E)ᵀ stored rb × m (row c: tail node c's column), so that Fᵀ F reads contiguous rows
      const rb = tlPtr[bl + 1] - tlPtr[bl];
      const fo = Fptr[bl];
      for (let e = ePtr[bl]; e < ePtr[bl + 1]; e++) F[fo + eTail[e] * m + eVar[e]] += nodeVal[ePos[e]];
      for (let c = 0; c < rb; c++) {
        const fc = fo + c * m;
        for (let i = 0; i < m; i++) {
          let s = F[fc + i];
          for (let k = 0; k < i; k++) s -= L[lo + i * m + k] * F[fc + k];
          F[fc + i] = s / L[lo + i * m + i];
        }
      }
      // S[tl, tl] −= Fᵀ F (lower triangle of S; tail lists are ascending)
      const tl = tlPtr[bl];
      if (m === 1) {
        for (let a = 0; a < rb; a++) {
          const row = tlList[tl + a] * r;
          const fa = F[fo + a];
          for (let b = 0; b <= a; b++) S[row + tlList[tl + b]] -= fa * F[fo + b];
        }
      } else if (m === 2) {
        for (let a = 0; a < rb; a++) {
          const row = tlList[tl + a] * r;
          const fa0 = F[fo + 2 * a];
          const fa1 = F[fo + 2 * a + 1];
          for (let b = 0; b <= a; b++) S[row + tlList[tl + b]] -= fa0 * F[fo + 2 * b] + fa1 * F[fo + 2 * b + 1];
        }
      } else {
        for (let a = 0; a < rb; a++) {
          const row = tlList[tl + a] * r;
          const fa = fo + a * m;
          for (let b = 0; b <= a; b++) {
            const fb = fo + b * m;
            let s = 0;
            for (let i = 0; i < m; i++) s += F[fa + i] * F[fb + i];
            S[row + tlList[tl + b]] -= s;
          }
        }
      }
    }
    return replaced + ldlFactor(S, r, this.sign, minPivot);
  }

  /** Solves the reduced system in place: sol = [x-part (n); equality part (p)]. */
  solve(sol: Float64Array): void {
    const { r, q, work, L, F, blkPtr, blkVars, n } = this;
    for (let j = 0; j < r; j++) {
      const k = this.kind[j];
      q[j] = k === Kind.Var ? sol[this.src[j]] : k === Kind.Eq ? sol[n + this.src[j]] : 0;
    }
    for (let bl = 0; bl < this.nBlocks; bl++) {
      const m = blkPtr[bl + 1] - blkPtr[bl];
      const lo = this.Lptr[bl];
      const v0 = blkPtr[bl];
      for (let i = 0; i < m; i++) {
        let s = sol[blkVars[v0 + i]];
        for (let k = 0; k < i; k++) s -= L[lo + i * m + k] * work[v0 + k];
        work[v0 + i] = s / L[lo + i * m + i];
      }
      const rb = this.tlPtr[bl + 1] - this.tlPtr[bl];
      const fo = this.Fptr[bl];
      const tl = this.tlPtr[bl];
      for (let c = 0; c < rb; c++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += F[fo + c * m + i] * work[v0 + i];
        q[this.tlList[tl + c]] -= s;
      }
    }
    ldlSolve(this.S, r, q);
    for (let bl = 0; bl < this.nBlocks; bl++) {
      const m = blkPtr[bl + 1] - blkPtr[bl];
      const lo = this.Lptr[bl];
      const v0 = blkPtr[bl];
      const rb = this.tlPtr[bl + 1] - this.tlPtr[bl];
      const fo = this.Fptr[bl];
      const tl = this.tlPtr[bl];
      for (let c = 0; c < rb; c++) {
        const qc = q[this.tlList[tl + c]];
        if (qc === 0) continue;
        for (let i = 0; i < m; i++) work[v0 + i] -= F[fo + c * m + i] * qc;
      }
      for (let i = m - 1; i >= 0; i--) {
        let s = work[v0 + i];
        for (let k = i + 1; k < m; k++) s -= L[lo + k * m + i] * work[v0 + k];
        work[v0 + i] = s / L[lo + i * m + i];
        sol[blkVars[v0 + i]] = work[v0 + i];
      }
    }
    for (let j = 0; j < r; j++) {
      const k = this.kind[j];
      if (k === Kind.Var) sol[this.src[j]] = q[j];
      else if (k === Kind.Eq) sol[n + this.src[j]] = q[j];
    }
  }

  /** √weight of row `row` of G in H: 1/d for orthant rows, 1/η for rows of second-order cones. */
  private rowWeightSqrt(W: Scaling, row: number): number {
    const { cones } = this;
    if (row < cones.l) return 1 / W.d[row];
    // binary search for the cone
    let lo = 0;
    let hi = cones.q.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (cones.qOffset[mid] <= row) lo = mid;
      else hi = mid - 1;
    }
    return 1 / W.soc[lo].eta;
  }

  /**
   * Adds the exact η⁻² G_kᵀ W̄⁻² G_k = (W⁻¹G_k)ᵀ(W⁻¹G_k) of a small cone: its block columns into the
   * block, its hub columns (tail variables) into the block's E and into T.
   */
  private addLocalCone(W: Scaling, b: number, bl: number, m: number): void {
    const { G, cones, localOf, tailOfVar, L, F, S, r } = this;
    const k = cones.q[b];
    const o = cones.qOffset[b];
    const { eta, w } = W.soc[b];
    // columns: the block's m variables, then this cone's hub variables
    const hubs: number[] = [];
    for (let t = G.rowPtr[o]; t < G.rowPtr[o + k]; t++) {
      const c = G.col[t];
      if (localOf[c] < 0 && !hubs.includes(c)) hubs.push(c);
    }
    const nc = m + hubs.length;
    const col = (c: number) => (localOf[c] >= 0 ? localOf[c] : m + hubs.indexOf(c));
    const Gk = new Float64Array(k * nc); // k × nc
    for (let i = 0; i < k; i++) {
      for (let t = G.rowPtr[o + i]; t < G.rowPtr[o + i + 1]; t++) Gk[i * nc + col(G.col[t])] += G.val[t];
    }
    // columns of W⁻¹ G_k: W⁻¹v = η⁻¹ J W̄ J v
    const M = new Float64Array(k * nc);
    const f = 1 / eta;
    for (let c = 0; c < nc; c++) {
      let w1v1 = 0;
      for (let i = 1; i < k; i++) w1v1 -= w[i] * Gk[i * nc + c];
      const v0 = Gk[c];
      const cc = v0 + w1v1 / (1 + w[0]);
      for (let i = 1; i < k; i++) M[i * nc + c] = f * (Gk[i * nc + c] - cc * w[i]);
      M[c] = f * (w[0] * v0 + w1v1);
    }
    const dot = (a: number, c: number) => {
      let s = 0;
      for (let i = 0; i < k; i++) s += M[i * nc + a] * M[i * nc + c];
      return s;
    };
    const lo = this.Lptr[bl];
    for (let a = 0; a < m; a++) {
      for (let c = 0; c <= a; c++) {
        const s = dot(a, c);
        L[lo + a * m + c] += s;
        if (c !== a) L[lo + c * m + a] += s;
      }
    }
    const fo = this.Fptr[bl];
    hubs.forEach((h, ih) => {
      const jt = tailOfVar[h];
      const fc = fo + this.tailIndex[bl].get(jt)! * m;
      for (let a = 0; a < m; a++) F[fc + a] += dot(a, m + ih);
      hubs.forEach((h2, ih2) => {
        const jt2 = tailOfVar[h2];
        if (jt2 <= jt) S[jt * r + jt2] += dot(m + ih, m + ih2);
      });
    });
  }
}
