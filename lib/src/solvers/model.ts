/**
 * A small modelling layer over the conic solver, so that baselines read like the papers' math:
 *
 *   const m = new Model();
 *   const R = m.hermitian(M), C = m.hermitianPsd(M);
 *   m.psd(R.minus(C));  m.eq(R.trace(), P0);  m.geq(C.quadForm(h), sigma2);
 *   m.minimize(...);  const sol = m.solve();  sol.hermitian(R)
 *
 * Variables are real scalars (`variable`, `variables`), complex scalars (`complexVariable`) and
 * Hermitian matrices (`hermitian`, `hermitianPsd`); expressions are the affine types of affine.ts.
 * Constraints compile to the solver's standard form: equalities to the zero cone, inequalities to
 * the orthant, `normLeq`/`sumSquaresLeq` to second-order cones (the latter through the rotated
 * cone ‖(2x, t − 1)‖ ≤ t + 1 ⇔ ‖x‖² ≤ t), `lmi` to a PSD block (so a Schur complement
 * [[P, x], [xᵀ, t]] ⪰ 0 is written directly), and Hermitian PSD constraints to a real PSD block.
 *
 * Complex Hermitian PSD constraints use the real embedding X ⪰ 0 ⇔ [[Re X, −Im X], [Im X, Re X]] ⪰ 0
 * (a 2n PSD block), not a native Hermitian cone: the standard form, the JSON interface and the cvxopt
 * oracle stay real, and the variable's n² real parameters enter the embedded block through A, so
 * no extra equality constraints are needed. The price is about twice the flops of a native complex
 * cone in the scaling of that block, negligible at the papers' sizes (sides ≤ 2·40).
 *
 * Rows are scaled at compile time (each scalar row, and each cone block as a whole, by the inverse
 * of its largest coefficient): the papers' channel gains (~1e-7) and noise powers (~1e-10) would
 * otherwise be below the solver's absolute tolerances.
 */
import { Affine, ComplexAffine, HermitianExpr } from "./affine";
import { solveConic } from "./ipm";
import type { ConicProblemJSON, ConicSolution, SolverOptions, SolveStatus } from "./problem";

interface Block {
  rows: Affine[];
  /** scaled together (a cone) or row by row */
  joint: boolean;
}

export class ModelSolution {
  constructor(
    readonly status: SolveStatus,
    /** objective value in the model's sense (max problems reported as maxima) at the returned point, null without one */
    readonly objective: number | null,
    readonly raw: ConicSolution,
    private readonly x: number[] | null,
  ) {}

  /** Value of a real affine expression at the solution. */
  value(e: Affine): number {
    if (!this.x) throw new Error(`no primal solution (status ${this.status})`);
    let v = e.constant;
    for (const [k, c] of e.terms) v += c * this.x[k];
    return v;
  }

  /** Value of a Hermitian expression as split real and imaginary n×n parts. */
  hermitian(H: HermitianExpr): { re: number[][]; im: number[][] } {
    return {
      re: H.entries.map((r) => r.map((e) => this.value(e.re))),
      im: H.entries.map((r) => r.map((e) => this.value(e.im))),
    };
  }
}

export class Model {
  private nvars = 0;
  private readonly zero: Affine[] = [];
  private readonly nonneg: Affine[] = [];
  private readonly socs: Block[] = [];
  private readonly psds: { side: number; rows: Affine[] }[] = [];
  private objective: Affine = new Affine();
  private sense: 1 | -1 = 1;

  /** A real scalar variable. */
  variable(): Affine {
    return new Affine(new Map([[this.nvars++, 1]]));
  }

  /** n real scalar variables. */
  variables(n: number): Affine[] {
    return Array.from({ length: n }, () => this.variable());
  }

  /** A complex scalar variable. */
  complexVariable(): ComplexAffine {
    return new ComplexAffine(this.variable(), this.variable());
  }

  /** A free n×n Hermitian matrix variable (n real diagonal and n(n−1) real off-diagonal parameters). */
  hermitian(n: number): HermitianExpr {
    const E: ComplexAffine[][] = Array.from({ length: n }, () => new Array<ComplexAffine>(n));
    for (let j = 0; j < n; j++) {
      E[j][j] = new ComplexAffine(this.variable());
      for (let i = j + 1; i < n; i++) {
        E[i][j] = this.complexVariable();
        E[j][i] = E[i][j].conj();
      }
    }
    return new HermitianExpr(E);
  }

  /** An n×n Hermitian PSD matrix variable. */
  hermitianPsd(n: number): HermitianExpr {
    const X = this.hermitian(n);
    this.psd(X);
    return X;
  }

  /** a = b. */
  eq(a: Affine, b: Affine | number = 0): void {
    this.zero.push(a.minus(b));
  }

  /** a ≤ b. */
  leq(a: Affine, b: Affine | number = 0): void {
    this.nonneg.push(typeof b === "number" ? a.times(-1).plus(b) : b.minus(a));
  }

  /** a ≥ b. */
  geq(a: Affine, b: Affine | number = 0): void {
    this.nonneg.push(a.minus(b));
  }

  /** ‖xs‖₂ ≤ t (second-order cone). */
  normLeq(xs: Affine[], t: Affine): void {
    this.socs.push({ rows: [t, ...xs], joint: true });
  }

  /** Σ xᵢ² ≤ t, through the rotated cone ‖(2x, t − 1)‖ ≤ t + 1. */
  sumSquaresLeq(xs: Affine[], t: Affine): void {
    this.socs.push({ rows: [t.plus(1), ...xs.map((x) => x.times(2)), t.minus(1)], joint: true });
  }

  /** Linear matrix inequality M ⪰ 0 for a symmetric matrix of real affine expressions (lower triangle read). */
  lmi(M: Affine[][]): void {
    const k = M.length;
    const rows: Affine[] = [];
    for (let j = 0; j < k; j++) for (let i = j; i < k; i++) rows.push(i === j ? M[i][j] : M[i][j].times(Math.SQRT2));
    this.psds.push({ side: k, rows });
  }

  /** X ⪰ 0 for a Hermitian expression, through its real embedding. */
  psd(X: HermitianExpr): void {
    this.lmi(X.realEmbedding());
  }

  minimize(e: Affine): void {
    this.objective = e;
    this.sense = 1;
  }

  maximize(e: Affine): void {
    this.objective = e.times(-1);
    this.sense = -1;
  }

  /** The standard-form problem in the JSON format of `isac solve`. */
  toProblem(options?: SolverOptions): ConicProblemJSON {
    const blocks: Block[] = [
      ...this.zero.map((r) => ({ rows: [r], joint: false })),
      ...this.nonneg.map((r) => ({ rows: [r], joint: false })),
      ...this.socs,
      ...this.psds.map((p) => ({ rows: p.rows, joint: true })),
    ];
    const I: number[] = [];
    const J: number[] = [];
    const V: number[] = [];
    const b: number[] = [];
    for (const { rows } of blocks) {
      // s = e(x) = constant + Σ aⱼxⱼ  ⇒  row of A is −a, b = constant; scaled by 1/max|aⱼ|.
      let big = 0;
      for (const r of rows) for (const v of r.terms.values()) big = Math.max(big, Math.abs(v));
      const f = big > 0 ? 1 / big : 1;
      for (const r of rows) {
        for (const [j, v] of r.terms) {
          if (v === 0) continue;
          I.push(b.length);
          J.push(j);
          V.push(-v * f);
        }
        b.push(r.constant * f);
      }
    }
    const c = new Array<number>(this.nvars).fill(0);
    for (const [j, v] of this.objective.terms) c[j] = v;
    return {
      c,
      A: { m: b.length, n: this.nvars, i: I, j: J, v: V },
      b,
      cone: { z: this.zero.length, l: this.nonneg.length, q: this.socs.map((s) => s.rows.length), s: this.psds.map((p) => p.side) },
      ...(options ? { options } : {}),
    };
  }

  solve(options?: SolverOptions): ModelSolution {
    const raw = solveConic(this.toProblem(), options);
    const hasPoint = raw.status === "optimal" || raw.status === "max_iter" || raw.status === "numerical";
    const objective = hasPoint && raw.pobj !== null ? this.sense * (raw.pobj + this.objective.constant) : null;
    return new ModelSolution(raw.status, objective, raw, hasPoint ? raw.x : null);
  }
}
