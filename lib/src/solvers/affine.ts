/**
 * Affine expressions for the modelling layer: real scalars a₀ + Σ aᵢ xᵢ over the model's
 * variables (sparse map), complex scalars as (re, im) pairs of them, and Hermitian matrices as
 * n×n arrays of complex ones. Every operation returns a new expression (immutable values).
 */

/** A real affine expression: constant + Σ coef·x[index]. */
export class Affine {
  constructor(
    readonly terms: ReadonlyMap<number, number> = new Map(),
    readonly constant = 0,
  ) {}

  static const(v: number): Affine {
    return new Affine(new Map(), v);
  }

  plus(o: Affine | number): Affine {
    if (typeof o === "number") return new Affine(this.terms, this.constant + o);
    const t = new Map(this.terms);
    for (const [k, v] of o.terms) t.set(k, (t.get(k) ?? 0) + v);
    return new Affine(t, this.constant + o.constant);
  }

  minus(o: Affine | number): Affine {
    return this.plus(typeof o === "number" ? -o : o.times(-1));
  }

  times(f: number): Affine {
    const t = new Map<number, number>();
    if (f !== 0) for (const [k, v] of this.terms) t.set(k, v * f);
    return new Affine(t, this.constant * f);
  }
}

/** Σ of real affine expressions. */
export function sum(xs: readonly Affine[]): Affine {
  const t = new Map<number, number>();
  let c = 0;
  for (const x of xs) {
    for (const [k, v] of x.terms) t.set(k, (t.get(k) ?? 0) + v);
    c += x.constant;
  }
  return new Affine(t, c);
}

/** A complex affine expression re + i·im. */
export class ComplexAffine {
  constructor(
    readonly re: Affine,
    readonly im: Affine = new Affine(),
  ) {}

  plus(o: ComplexAffine): ComplexAffine {
    return new ComplexAffine(this.re.plus(o.re), this.im.plus(o.im));
  }

  minus(o: ComplexAffine): ComplexAffine {
    return new ComplexAffine(this.re.minus(o.re), this.im.minus(o.im));
  }

  /** Product with the complex number a + ib. */
  times(a: number, b = 0): ComplexAffine {
    return new ComplexAffine(this.re.times(a).minus(this.im.times(b)), this.re.times(b).plus(this.im.times(a)));
  }

  conj(): ComplexAffine {
    return new ComplexAffine(this.re, this.im.times(-1));
  }
}

/** A complex vector in split form (real and imaginary parts), as channels are stored. */
export interface ComplexVector {
  re: ArrayLike<number>;
  im: ArrayLike<number>;
}

/** An n×n Hermitian matrix of complex affine expressions (entry (j, i) is the conjugate of (i, j)). */
export class HermitianExpr {
  /** entries[i][j], full storage */
  constructor(readonly entries: readonly (readonly ComplexAffine[])[]) {}

  get n(): number {
    return this.entries.length;
  }

  entry(i: number, j: number): ComplexAffine {
    return this.entries[i][j];
  }

  plus(o: HermitianExpr): HermitianExpr {
    return new HermitianExpr(this.entries.map((r, i) => r.map((e, j) => e.plus(o.entries[i][j]))));
  }

  minus(o: HermitianExpr): HermitianExpr {
    return new HermitianExpr(this.entries.map((r, i) => r.map((e, j) => e.minus(o.entries[i][j]))));
  }

  times(f: number): HermitianExpr {
    return new HermitianExpr(this.entries.map((r) => r.map((e) => e.times(f))));
  }

  /** tr(X), real for Hermitian X. */
  trace(): Affine {
    return sum(this.entries.map((r, i) => r[i].re));
  }

  /** hᴴ X h = Σᵢⱼ Re(conj(hᵢ) hⱼ Xᵢⱼ), real and affine in X. */
  quadForm(h: ComplexVector): Affine {
    const parts: Affine[] = [];
    const n = this.n;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        // g = conj(hᵢ) hⱼ
        const gr = h.re[i] * h.re[j] + h.im[i] * h.im[j];
        const gi = h.re[i] * h.im[j] - h.im[i] * h.re[j];
        if (gr === 0 && gi === 0) continue;
        parts.push(this.entries[i][j].times(gr, gi).re);
      }
    }
    return sum(parts);
  }

  /** The real symmetric embedding [[Re X, −Im X], [Im X, Re X]] (2n×2n), PSD iff X is. */
  realEmbedding(): Affine[][] {
    const n = this.n;
    const E: Affine[][] = Array.from({ length: 2 * n }, () => new Array<Affine>(2 * n));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const e = this.entries[i][j];
        E[i][j] = e.re;
        E[i + n][j + n] = e.re;
        E[i + n][j] = e.im;
        E[i][j + n] = e.im.times(-1);
      }
    }
    return E;
  }
}

/** Σ of Hermitian expressions of the same size. */
export function sumHermitian(xs: readonly HermitianExpr[]): HermitianExpr {
  return xs.slice(1).reduce((a, b) => a.plus(b), xs[0]);
}

/** A constant Hermitian matrix from split real/imaginary parts (row-major n×n). */
export function constantHermitian(re: number[][], im?: number[][]): HermitianExpr {
  return new HermitianExpr(re.map((r, i) => r.map((v, j) => new ComplexAffine(Affine.const(v), Affine.const(im ? im[i][j] : 0)))));
}
