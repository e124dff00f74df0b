/**
 * Primal-dual interior-point method on the homogeneous self-dual embedding, with
 * Nesterov–Todd scaling and Mehrotra's predictor–corrector — the algorithm of cvxopt's conelp
 * (Vandenberghe 2010, §7; Andersen, Dahl & Vandenberghe) in the notation of ECOS (Domahidi et al. 2013).
 *
 * Rows of the standard form split into equalities A x = b (zero cone; their dual y is free) and
 * cone rows G x + s = h, s ∈ K (dual z ∈ K). The embedding
 *
 *   Aᵀy + Gᵀz + cτ = 0,   Ax − bτ = 0,   Gx + s − hτ = 0,   κ + cᵀx + bᵀy + hᵀz = 0,
 *   s, z ∈ K,  τ, κ ≥ 0
 *
 * always has an interior-point path; its limit gives the optimum (τ > 0) or an infeasibility
 * certificate (κ > 0). Each iteration solves the linearisation twice (affine and combined
 * directions) with one factorisation of the KKT matrix (see kkt.ts), and dτ follows in closed form
 * from the two solutions K⁻¹[−c; b; h] and K⁻¹[rhs].
 *
 * Termination follows cvxopt's tests with one tolerance `tol` for the relative residuals,
 * the gap (absolute or relative) and the infeasibility certificates.
 */
import { ConeSpace, type Scaling } from "./cones";
import { KktSystem } from "./kkt";
import {
  type ConicProblemJSON,
  type ConicSolution,
  type CsrMatrix,
  type Problem,
  type SolverOptions,
  csrMulAdd,
  csrTMulAdd,
  validateProblem,
} from "./problem";

/** Iterations without progress after which a solve stops as "numerical" with its best iterate. */
const STALL = 10;
/**
 * KKT solves whose relative residual stays above this after iterative refinement have lost the
 * accuracy further iterations need (see `run`).
 */
const KKT_DEGRADED = 1e-4;
/** Fraction of the step to the boundary taken by the combined direction. */
const STEP = 0.99;
/** ISAC_SOLVER_TRACE=1 prints one line per iteration to stderr (pcost, dcost, gap, pres, dres, κ/τ), as cvxopt's show_progress. */
const TRACE = typeof process !== "undefined" && process.env?.ISAC_SOLVER_TRACE === "1";

/** Solves a conic problem given as JSON-like input (validated) or an already validated `Problem`. */
export function solveConic(input: ConicProblemJSON | Problem, options: SolverOptions = {}): ConicSolution {
  const problem = isValidated(input) ? input : validateProblem(input);
  return new InteriorPoint(problem, { ...problem.options, ...options }).run();
}

function isValidated(p: ConicProblemJSON | Problem): p is Problem {
  return typeof p === "object" && p !== null && p.c instanceof Float64Array;
}

class InteriorPoint {
  private readonly start = performance.now();
  private readonly n: number;
  private readonly p: number;
  private readonly mi: number;
  private readonly Aeq: CsrMatrix;
  private readonly G: CsrMatrix;
  private readonly beq: Float64Array;
  private readonly h: Float64Array;
  private readonly cones: ConeSpace;
  private readonly kkt: KktSystem;

  constructor(
    private readonly prob: Problem,
    private readonly opts: Required<SolverOptions>,
  ) {
    const { A, b, cone } = prob;
    this.n = prob.n;
    this.p = cone.z;
    this.mi = prob.m - cone.z;
    this.Aeq = csrRows(A, 0, this.p);
    this.G = csrRows(A, this.p, prob.m);
    this.beq = b.slice(0, this.p);
    this.h = b.slice(this.p);
    this.cones = new ConeSpace(cone.l, cone.q, cone.s);
    this.kkt = new KktSystem(this.Aeq, this.G, this.cones, opts.kkt);
  }

  run(): ConicSolution {
    const { n, p, mi, cones, kkt, Aeq, G, beq, h } = this;
    const c = this.prob.c;
    const { tol, maxIter } = this.opts;
    const resx0 = Math.max(1, norm(c));
    const resy0 = Math.max(1, norm(beq));
    const resz0 = Math.max(1, norm(h));

    // Starting point (cvxopt): x, s from min ‖Gx − h‖ s.t. Ax = b; y, z from min ‖z‖ s.t. Aᵀy + Gᵀz + c = 0;
    // then s and z are shifted into the interior of K.
    const x = new Float64Array(n);
    const y = new Float64Array(p);
    const s = new Float64Array(mi);
    const z = new Float64Array(mi);
    const tmpX = new Float64Array(n);
    const tmpY = new Float64Array(p);
    kkt.factor(cones.identityScaling());
    kkt.solve(new Float64Array(n), beq, h, x, tmpY, s);
    s.forEach((v, i) => (s[i] = -v));
    kkt.solve(c.map((v) => -v), new Float64Array(p), new Float64Array(mi), tmpX, y, z);
    for (const v of [s, z]) {
      const shift = -cones.minEig(v);
      if (shift >= -1e-8 * Math.max(norm(v), 1)) cones.addUnit(v, 1 + shift);
    }
    let tau = 1;
    let kappa = 1;

    const rx = new Float64Array(n);
    const ry = new Float64Array(p);
    const rz = new Float64Array(mi);
    const hrx = new Float64Array(n);
    const hry = new Float64Array(p);
    const hrz = new Float64Array(mi);
    const x1 = new Float64Array(n);
    const y1 = new Float64Array(p);
    const z1 = new Float64Array(mi);
    const dx = new Float64Array(n);
    const dy = new Float64Array(p);
    const dz = new Float64Array(mi);
    const ds = new Float64Array(mi);
    const dS = new Float64Array(mi); // complementarity right-hand side d_s
    const work = new Float64Array(mi);
    const work2 = new Float64Array(mi);
    const corr = new Float64Array(mi); // (W⁻ᵀ ds_a) ∘ (W dz_a)
    const bx = new Float64Array(n);
    const by = new Float64Array(p);
    const bz = new Float64Array(mi);

    let best = { score: Infinity, x, y, s, z, tau: 1, pcost: NaN, dcost: NaN, gap: NaN, relgap: NaN, pres: NaN, dres: NaN };
    let lastProgress = { score: Infinity, pinf: Infinity, dinf: Infinity, iter: 0 };
    for (let iter = 0; ; iter++) {
      // Residuals of the embedding: hr* are the homogeneous parts, r* include τ.
      hrx.fill(0);
      csrTMulAdd(Aeq, y, hrx, -1);
      csrTMulAdd(G, z, hrx, -1);
      for (let i = 0; i < n; i++) rx[i] = hrx[i] - c[i] * tau; // rx = −(Aᵀy + Gᵀz + cτ)
      hry.fill(0);
      csrMulAdd(Aeq, x, hry);
      for (let i = 0; i < p; i++) ry[i] = hry[i] - beq[i] * tau; // ry = Ax − bτ
      hrz.set(s);
      csrMulAdd(G, x, hrz);
      for (let i = 0; i < mi; i++) rz[i] = hrz[i] - h[i] * tau; // rz = Gx + s − hτ
      const cx = dot(c, x);
      const bty = dot(beq, y);
      const hz = dot(h, z);
      const rt = kappa + cx + bty + hz;
      const gap = dot(s, z) / (tau * tau);
      const pcost = cx / tau;
      const dcost = -(bty + hz) / tau;
      const relgap = pcost < 0 ? gap / -pcost : dcost > 0 ? gap / dcost : Infinity;
      const pres = Math.max(norm(ry) / resy0, norm(rz) / resz0) / tau;
      const dres = norm(rx) / resx0 / tau;
      const pinfres = bty + hz < 0 ? norm(hrx) / resx0 / -(bty + hz) : Infinity;
      const dinfres = cx < 0 ? Math.max(norm(hry) / resy0, norm(hrz) / resz0) / -cx : Infinity;
      if (TRACE) {
        const e = (v: number) => v.toExponential(3).padStart(11);
        process.stderr.write(`${String(iter).padStart(3)} ${e(pcost)} ${e(dcost)} ${e(gap)} ${e(pres)} ${e(dres)} ${e(kappa / tau)} ${e(kkt.worstResidual)}\n`);
      }

      if (pres <= tol && dres <= tol && (gap <= tol || relgap <= tol)) {
        return this.point("optimal", x, y, s, z, tau, iter, pcost, dcost, gap, pres, dres);
      }
      if (pinfres <= tol) {
        const f = 1 / -(bty + hz);
        return this.result("primal_infeasible", null, this.fullY(y, z, f), null, null, null, null, null, pinfres, iter);
      }
      if (dinfres <= tol) {
        const f = 1 / -cx;
        return this.result("dual_infeasible", scaled(x, f), null, this.fullS(s, f), null, null, null, dinfres, null, iter);
      }
      // Keep the best iterate (smallest pres + dres + gap). When the iterates stop making
      // progress (towards optimality or an infeasibility certificate) for STALL iterations, or turn
      // NaN, that point is returned as "numerical"; at the iteration limit, as "max_iter".
      const score = pres + dres + Math.min(gap, relgap);
      if (score < best.score) best = { score, x: x.slice(), y: y.slice(), s: s.slice(), z: z.slice(), tau, pcost, dcost, gap, relgap, pres, dres };
      if (score < lastProgress.score || pinfres < lastProgress.pinf || dinfres < lastProgress.dinf) {
        lastProgress = { score: Math.min(score, lastProgress.score), pinf: Math.min(pinfres, lastProgress.pinf), dinf: Math.min(dinfres, lastProgress.dinf), iter };
      }
      const stop = (status: "max_iter" | "numerical") => {
        const b = best.score < Infinity ? best : { x, y, s, z, tau, pcost, dcost, gap, pres, dres };
        return this.point(status, b.x, b.y, b.s, b.z, b.tau, iter, b.pcost, b.dcost, b.gap, b.pres, b.dres);
      };
      if (iter === maxIter) return stop("max_iter");
      if (Number.isNaN(score) || iter - lastProgress.iter >= STALL) return stop("numerical");
      // The last KKT solves lost their accuracy while the best iterate is already within 1000× of
      // every tolerance: later iterates only drift from it (seen on the paper-003 power
      // allocations, where this saves the STALL iterations). Infeasible problems never get here.
      const nearOptimal = best.pres <= 1e3 * tol && best.dres <= 1e3 * tol && Math.min(best.gap, best.relgap) <= 1e3 * tol;
      if (kkt.worstResidual > KKT_DEGRADED && nearOptimal) return stop("numerical");

      let W: Scaling;
      try {
        W = cones.scaling(s, z);
        kkt.factor(W);
      } catch {
        return stop("numerical");
      }
      const lambda = W.lambda;
      // μ as cvxopt computes it: divided by l + Σq + Σs + 1 (full SOC dimensions rather than the
      // barrier degree); the smaller centring target cuts iterations (18 → 12 on the paper-001 SDR).
      const mu = (dot(s, z) + tau * kappa) / (cones.diagDim + 1);

      // u1 = K⁻¹[−c; b; h]; then c·x1 + b·y1 + h·z1 = −‖W z1‖² < 0.
      kkt.solve(c.map((v) => -v), beq, h, x1, y1, z1);
      const denomBase = dot(c, x1) + dot(beq, y1) + dot(h, z1);

      let sigma = 0;
      let step = 0;
      let dtauA = 0;
      let dkappaA = 0;
      for (const pass of ["affine", "combined"] as const) {
        // d_s = −λ∘λ [− (W⁻ᵀds_a)∘(W dz_a) + σμe],  d_κ = −τκ [− dτ_a dκ_a + σμ]
        cones.product(lambda, lambda, dS);
        for (let i = 0; i < mi; i++) dS[i] = -dS[i];
        let dK = -tau * kappa;
        if (pass === "combined") {
          for (let i = 0; i < mi; i++) dS[i] -= corr[i];
          cones.addUnit(dS, sigma * mu);
          dK += -dtauA * dkappaA + sigma * mu;
        }
        // Right-hand side for K u2: [(1−σ)rx; −(1−σ)ry; −(1−σ)rz − Wᵀ(λ \ d_s)].
        const f = 1 - sigma;
        for (let i = 0; i < n; i++) bx[i] = f * rx[i];
        for (let i = 0; i < p; i++) by[i] = -f * ry[i];
        cones.divide(lambda, dS, work);
        cones.applyW(W, work, work2, true, false);
        for (let i = 0; i < mi; i++) bz[i] = -f * rz[i] - work2[i];
        kkt.solve(bx, by, bz, dx, dy, dz);
        // dτ from the κ–τ row: (cᵀx1 + bᵀy1 + hᵀz1 − κ/τ) dτ = −(1−σ)rt − d_κ/τ − (cᵀx2 + bᵀy2 + hᵀz2).
        const dtau = (-f * rt - dK / tau - (dot(c, dx) + dot(beq, dy) + dot(h, dz))) / (denomBase - kappa / tau);
        for (let i = 0; i < n; i++) dx[i] += dtau * x1[i];
        for (let i = 0; i < p; i++) dy[i] += dtau * y1[i];
        for (let i = 0; i < mi; i++) dz[i] += dtau * z1[i];
        const dkappa = (dK - kappa * dtau) / tau;
        // W⁻ᵀds = λ \ d_s − W dz, ds = Wᵀ(W⁻ᵀds).
        cones.applyW(W, dz, work2, false, false);
        for (let i = 0; i < mi; i++) work[i] -= work2[i];
        cones.applyW(W, work, ds, true, false);

        let amax: number;
        try {
          amax = Math.min(cones.maxStep(s, ds), cones.maxStep(z, dz));
        } catch {
          return stop("numerical");
        }
        if (dtau < 0) amax = Math.min(amax, -tau / dtau);
        if (dkappa < 0) amax = Math.min(amax, -kappa / dkappa);
        if (pass === "affine") {
          step = Math.min(1, amax);
          sigma = (1 - step) ** 3;
          dtauA = dtau;
          dkappaA = dkappa;
          cones.product(work, work2, corr); // (W⁻ᵀds_a) ∘ (W dz_a)
        } else {
          step = Math.min(1, STEP * amax);
          for (let i = 0; i < n; i++) x[i] += step * dx[i];
          for (let i = 0; i < p; i++) y[i] += step * dy[i];
          for (let i = 0; i < mi; i++) {
            s[i] += step * ds[i];
            z[i] += step * dz[i];
          }
          tau += step * dtau;
          kappa += step * dkappa;
        }
      }
    }
  }

  /** Result for a primal-dual point (optimal or the last iterate), normalised by τ. */
  private point(
    status: "optimal" | "max_iter" | "numerical",
    x: Float64Array, y: Float64Array, s: Float64Array, z: Float64Array, tau: number, iter: number,
    pcost: number, dcost: number, gap: number, pres: number, dres: number,
  ): ConicSolution {
    const f = 1 / tau;
    return this.result(status, scaled(x, f), this.fullY(y, z, f), this.fullS(s, f), pcost, dcost, gap, pres, dres, iter);
  }

  private result(
    status: ConicSolution["status"],
    x: number[] | null, y: number[] | null, s: number[] | null,
    pobj: number | null, dobj: number | null, gap: number | null, pres: number | null, dres: number | null, iterations: number,
  ): ConicSolution {
    return { status, x, y, s, pobj, dobj, gap, pres, dres, iterations, time_ms: performance.now() - this.start };
  }

  /** The m-vector y = [y_eq; z]·f. */
  private fullY(y: Float64Array, z: Float64Array, f: number): number[] {
    return [...Array.from(y, (v) => v * f), ...Array.from(z, (v) => v * f)];
  }

  /** The m-vector s = [0; s]·f (zero-cone slacks are 0). */
  private fullS(s: Float64Array, f: number): number[] {
    return [...new Array<number>(this.p).fill(0), ...Array.from(s, (v) => v * f)];
  }
}

/** Rows [r0, r1) of a CSR matrix, as a CSR matrix. */
function csrRows(A: CsrMatrix, r0: number, r1: number): CsrMatrix {
  const base = A.rowPtr[r0];
  return {
    m: r1 - r0,
    n: A.n,
    rowPtr: A.rowPtr.slice(r0, r1 + 1).map((v) => v - base),
    col: A.col.slice(base, A.rowPtr[r1]),
    val: A.val.slice(base, A.rowPtr[r1]),
  };
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

function scaled(v: Float64Array, f: number): number[] {
  return Array.from(v, (t) => t * f);
}
