/**
 * Seeded, splittable pseudo-random numbers (xoshiro128** seeded through splitmix32).
 *
 * Every stochastic function in the library takes an `Rng`; an experiment has one root
 * seed, and independent streams are derived with `child(label)`, which depends only on
 * the parent's seed and the label (not on how many numbers the parent has drawn), so adding
 * a draw in one place never shifts the numbers of another.
 */

/** splitmix32 finaliser: a strong 32-bit mixing function. */
function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Hashes a label (number or string) into 32 bits, folded with a parent key. */
function foldLabel(key: number, label: number | string): number {
  let h = mix32(key ^ 0x5bd1e995);
  if (typeof label === "number") {
    if (!Number.isFinite(label)) throw new RangeError(`Rng label must be finite, got ${label}`);
    const lo = label >>> 0;
    const hi = Math.floor(label / 4294967296) >>> 0;
    h = mix32(h ^ lo);
    h = mix32(h ^ hi ^ 0x27d4eb2f);
  } else {
    for (let i = 0; i < label.length; i++) h = mix32(h ^ label.charCodeAt(i));
    h = mix32(h ^ label.length ^ 0x165667b1);
  }
  return h;
}

export class Rng {
  /** 32-bit key identifying this stream; children derive from it. */
  readonly key: number;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | null = null;

  /** A generator for a seed (an integer or a string such as an experiment name). */
  constructor(seed: number | string, parentKey = 0x1234567) {
    this.key = foldLabel(parentKey, seed);
    let z = this.key;
    const next = () => (z = mix32(z));
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** An independent stream named by `label`; the same parent seed and label give the same stream. */
  child(label: number | string): Rng {
    return new Rng(label, this.key);
  }

  /** Next raw 32-bit unsigned integer (xoshiro128**). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Uniform in [lo, hi). */
  uniformIn(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Uniform integer in {0, …, n−1}. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`Rng.int needs a positive integer, got ${n}`);
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal N(0, 1) (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    const phi = 2 * Math.PI * this.uniform();
    this.spareNormal = r * Math.sin(phi);
    return r * Math.cos(phi);
  }

  /** Circularly-symmetric complex normal CN(0, variance): returns [re, im], each N(0, variance/2). */
  complexNormal(variance = 1): [number, number] {
    const s = Math.sqrt(variance / 2);
    return [s * this.normal(), s * this.normal()];
  }

  /** `n` uniforms in [lo, hi). */
  uniforms(n: number, lo = 0, hi = 1): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.uniformIn(lo, hi);
    return out;
  }

  /** `n` normals N(mean, std²). */
  normals(n: number, mean = 0, std = 1): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = mean + std * this.normal();
    return out;
  }

  /** A uniformly random permutation of 0…n−1 (Fisher–Yates). */
  permutation(n: number): number[] {
    const p = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
