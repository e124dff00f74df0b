/**
 * The SRW baseline (Section IV.B, after the paper's reference [7]): successive convex approximation
 * for problem (32) — maximise Σ_k R_k s.t. the per-BS power (32b) and SPEB_z ≤ γ_z (32c) — over the
 * beamformers p_s ∈ C^{NL} directly. Each iteration solves one conic problem (lib/src/solvers):
 *
 *  - sum rate: the fractional-programming surrogate (Shen & Yu's Lagrangian-dual + quadratic
 *    transform), tight at the current point p̄ and a lower bound elsewhere,
 *      R_k ≥ [log(1+γ_k) − γ_k + (1+γ_k)(2 Re{y_k* h_kᴴ p_k} − |y_k|² (Σ_s |h_kᴴ p_s|² + 1))] / ln 2,
 *      γ_k = SINR_k(p̄),  y_k = h_kᴴ p̄_k / (Σ_s |h_kᴴ p̄_s|² + 1),
 *    concave: Σ_s |h_kᴴ p_s|² + 1 ≤ t_k is a rotated second-order cone;
 *  - power (32b): Σ_s ‖p_{n,s}‖² ≤ P_n, a second-order cone per BS;
 *  - SPEB (32c): J(p) = Re Σ_q M_qᴴ M_q with M_q = [E_x p_q, E_y p_q, E_z p_q] (speb.ts) is replaced by
 *    its linearisation J̃(p) = Re Σ_q (M̄_qᴴ M_q + M_qᴴ M̄_q − M̄_qᴴ M̄_q) ⪯ J(p) (from (M − M̄)ᴴ(M − M̄) ⪰ 0),
 *    and tr J̃⁻¹ ≤ γ_z is the LMI [[U, I], [I, J̃(p)]] ⪰ 0, tr U ≤ γ_z (Schur complement).
 *
 * Both approximations are tight at p̄ and conservative elsewhere, so every iterate is feasible and
 * the sum rate never decreases (the tests check both). Start: sensing beams a_t toward each target
 * with 1/slack of the power, matched-filter communication beams with the rest; with
 * γ_z = slack · Z · SPEB_z(all power on beam z), see `srwThresholds`, that start is feasible.
 */
import { Affine, sum } from "../../solvers/affine";
import { Model } from "../../solvers/model";
import type { CMat } from "../../core/linalg";
import type { Scene } from "../../systems/lhgnn/scene";
import type { SrwConfig } from "../../systems/lhgnn/config";
import { userRates } from "../../systems/lhgnn/rate";
import { fimOperators, positionFimFromOperators, traceInverse } from "../../systems/lhgnn/speb";
import type { Complex } from "../../systems/lhgnn/types";

export interface Beams {
  re: Float64Array;
  im: Float64Array;
}

export interface SrwIterate {
  sumRate: number;
  speb: number[];
}

export interface SrwResult {
  beams: Beams;
  sumRate: number;
  speb: number[];
  /** Start point first, then one entry per accepted iteration. */
  history: SrwIterate[];
  /** Why it stopped: "converged", "max-iterations" or the solver status that ended it. */
  stop: string;
}

/** E_a of every target (speb.ts), computed once per scene. */
export function srwOperators(scene: Scene): CMat[][] {
  return scene.targets.map((_, z) => fimOperators(scene, z));
}

function zeroBeams(scene: Scene): Beams {
  const n = scene.N * scene.S * scene.L;
  return { re: new Float64Array(n), im: new Float64Array(n) };
}

/** Beams with only the sensing beam z, a_t toward target z at every BS with power P. */
function sensingBeam(scene: Scene, z: number, powerW: number, into: Beams = zeroBeams(scene), share = 1): Beams {
  const { N, S, L } = scene, f = Math.sqrt(powerW * share);
  for (let n = 0; n < N; n++) {
    const a = scene.targets[z].steering[n].a;
    for (let l = 0; l < L; l++) {
      into.re[(n * S + z) * L + l] = f * a.re[l];
      into.im[(n * S + z) * L + l] = f * a.im[l];
    }
  }
  return into;
}

export function spebOf(scene: Scene, ops: CMat[][], beams: Beams): number[] {
  return ops.map((E) => traceInverse(positionFimFromOperators(E, beams, scene.S, scene.L)));
}

/** γ_z = slack · Z · SPEB_z of the beam a_t(target z) carrying each BS's whole power. */
export function srwThresholds(scene: Scene, ops: CMat[][], powerW: number, slack: number): number[] {
  if (!(slack > 1)) throw new RangeError(`srw.spebSlack must be > 1 (the start point needs power for the users), got ${slack}`);
  return ops.map((E, z) => slack * scene.Z * traceInverse(positionFimFromOperators(E, sensingBeam(scene, z, powerW), scene.S, scene.L)));
}

/** The feasible start: sensing beams with P/(slack·Z) each, matched filters h_{k,n}/‖h_{k,n}‖ sharing the rest. */
export function srwStart(scene: Scene, h: Complex, powerW: number, slack: number): Beams {
  const { N, K, Z, S, L } = scene;
  const b = zeroBeams(scene);
  for (let z = 0; z < Z; z++) sensingBeam(scene, z, powerW, b, 1 / (slack * Z));
  const pc = (powerW * (1 - 1 / slack)) / K;
  for (let n = 0; n < N; n++)
    for (let k = 0; k < K; k++) {
      let nn = 0;
      for (let l = 0; l < L; l++) nn += h.re[(n * K + k) * L + l] ** 2 + h.im[(n * K + k) * L + l] ** 2;
      const f = nn > 0 ? Math.sqrt(pc / nn) : 0;
      for (let l = 0; l < L; l++) {
        b.re[(n * S + Z + k) * L + l] = f * h.re[(n * K + k) * L + l];
        b.im[(n * S + Z + k) * L + l] = f * h.im[(n * K + k) * L + l];
      }
    }
  return b;
}

/** c = E_bᴴ u for complex E (NL × NL) and u. */
function adjointTimes(E: CMat, ur: Float64Array, ui: Float64Array): { re: Float64Array; im: Float64Array } {
  const n = E.rows, re = new Float64Array(n), im = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const urr = ur[r], uii = ui[r];
    for (let c = 0; c < n; c++) {
      const er = E.re[r * n + c], ei = E.im[r * n + c];
      // conj(E_rc) u_r
      re[c] += er * urr + ei * uii;
      im[c] += er * uii - ei * urr;
    }
  }
  return { re, im };
}

function times(E: CMat, b: Beams, S: number, L: number, q: number): { re: Float64Array; im: Float64Array } {
  const n = E.rows, re = new Float64Array(n), im = new Float64Array(n);
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) {
      const i = (Math.floor(c / L) * S + q) * L + (c % L);
      const er = E.re[r * n + c], ei = E.im[r * n + c];
      re[r] += er * b.re[i] - ei * b.im[i];
      im[r] += er * b.im[i] + ei * b.re[i];
    }
  return { re, im };
}

/** One SCA step from p̄: the convex problem's solution, or null with the solver status. */
function step(scene: Scene, ops: CMat[][], h: Complex, powerW: number, gamma: number[], pbar: Beams): { beams: Beams | null; status: string } {
  const { N, K, Z, S, L } = scene;
  const n = N * S * L;
  const m = new Model();
  const vr = m.variables(n), vi = m.variables(n);
  const idx = (v: Affine) => v.terms.keys().next().value as number;
  const ir = vr.map(idx), ii = vi.map(idx);
  /** Re(cᴴ p_q) for a coefficient vector c over (n, l) of stream q, plus a constant. */
  const reInner = (cr: ArrayLike<number>, ci: ArrayLike<number>, q: number, constant = 0): Affine => {
    const t = new Map<number, number>();
    for (let c = 0; c < N * L; c++) {
      const i = (Math.floor(c / L) * S + q) * L + (c % L);
      if (cr[c]) t.set(ir[i], cr[c]);
      if (ci[c]) t.set(ii[i], ci[c]);
    }
    return new Affine(t, constant);
  };
  // h_kᴴ p_s = Re(h_kᴴ p_s) + j Im(h_kᴴ p_s): Re(cᴴp) with c = h, and Im(hᴴp) = Re((j h)ᴴ p)... written out:
  const hk = (k: number) => {
    const re = new Float64Array(N * L), im = new Float64Array(N * L);
    for (let nn = 0; nn < N; nn++) for (let l = 0; l < L; l++) { re[nn * L + l] = h.re[(nn * K + k) * L + l]; im[nn * L + l] = h.im[(nn * K + k) * L + l]; }
    return { re, im };
  };
  const rates = userRates(h, pbar, N, K, Z, L).rates;
  const objective: Affine[] = [];
  for (let k = 0; k < K; k++) {
    const c = hk(k);
    const negIm = c.re.map((v) => -v);
    const inner = (s: number) => ({ re: reInner(c.re, c.im, s), im: reInner(c.im, negIm, s) }); // Im(hᴴp) = Σ h_re p_im − h_im p_re
    const g = Array.from({ length: S }, (_, s) => inner(s));
    // y_k and γ_k at p̄
    let gr = 0, gi = 0, tot = 1;
    for (let s = 0; s < S; s++) {
      let a = 0, b = 0;
      for (let cc = 0; cc < N * L; cc++) {
        const i = (Math.floor(cc / L) * S + s) * L + (cc % L);
        a += c.re[cc] * pbar.re[i] + c.im[cc] * pbar.im[i];
        b += c.re[cc] * pbar.im[i] - c.im[cc] * pbar.re[i];
      }
      tot += a * a + b * b;
      if (s === Z + k) [gr, gi] = [a, b];
    }
    const yr = gr / tot, yi = gi / tot, w = 2 ** rates[k]; // 1 + γ_k
    const t = m.variable();
    m.sumSquaresLeq(g.flatMap((x) => [x.re, x.im]), t.minus(1));
    const own = g[Z + k];
    objective.push(own.re.times(2 * yr * w).plus(own.im.times(2 * yi * w)).minus(t.times((yr * yr + yi * yi) * w)));
  }
  for (let nn = 0; nn < N; nn++) {
    const xs: Affine[] = [];
    for (let i = nn * S * L; i < (nn + 1) * S * L; i++) xs.push(vr[i], vi[i]);
    m.sumSquaresLeq(xs, Affine.const(powerW));
  }
  ops.forEach((E, z) => {
    const Jt: Affine[][] = [0, 1, 2].map(() => [0, 1, 2].map(() => Affine.const(0)));
    for (let q = 0; q < S; q++) {
      const u = E.map((Ea) => times(Ea, pbar, S, L, q));
      for (let a = 0; a < 3; a++)
        for (let b = a; b < 3; b++) {
          const c1 = adjointTimes(E[b], u[a].re, u[a].im), c2 = adjointTimes(E[a], u[b].re, u[b].im);
          let cst = 0;
          for (let r = 0; r < u[a].re.length; r++) cst += u[a].re[r] * u[b].re[r] + u[a].im[r] * u[b].im[r];
          Jt[a][b] = Jt[a][b].plus(reInner(c1.re.map((v, r) => v + c2.re[r]), c1.im.map((v, r) => v + c2.im[r]), q, -cst));
        }
    }
    const U = [0, 1, 2].map(() => [0, 1, 2].map(() => Affine.const(0)));
    for (let a = 0; a < 3; a++) for (let b = a; b < 3; b++) { U[a][b] = m.variable(); U[b][a] = U[a][b]; Jt[b][a] = Jt[a][b]; }
    const I = (a: number, b: number) => Affine.const(a === b ? 1 : 0);
    const M = [0, 1, 2, 3, 4, 5].map((r) => [0, 1, 2, 3, 4, 5].map((c) => (r < 3 ? (c < 3 ? U[r][c] : I(r, c - 3)) : c < 3 ? I(r - 3, c) : Jt[r - 3][c - 3])));
    m.lmi(M);
    m.leq(sum([U[0][0], U[1][1], U[2][2]]), gamma[z]);
  });
  m.maximize(sum(objective));
  // tol 1e-7: at 1e-8 the solver sometimes stalls at a ~1.6e-8 primal residual and ends "numerical".
  const sol = m.solve({ tol: 1e-7 });
  if (sol.status !== "optimal") return { beams: null, status: sol.status };
  return { beams: { re: Float64Array.from(vr, (v) => sol.value(v)), im: Float64Array.from(vi, (v) => sol.value(v)) }, status: "optimal" };
}

/** SRW for one sample: channels h [N, K, L] (noise units), per-BS power P [W], thresholds γ_z. */
export function srw(scene: Scene, ops: CMat[][], h: Complex, powerW: number, gamma: number[], cfg: SrwConfig): SrwResult {
  const { N, K, Z, L } = scene;
  let beams = srwStart(scene, h, powerW, cfg.spebSlack);
  const evalAt = (b: Beams): SrwIterate => ({ sumRate: userRates(h, b, N, K, Z, L).sumRate, speb: spebOf(scene, ops, b) });
  const history = [evalAt(beams)];
  let stop = "max-iterations";
  // Each step is solved for unit-power beams p/√P (channels and E scaled by √P): the same problem,
  // with numbers of the same size at every power.
  const f = Math.sqrt(powerW);
  const hs = { re: Float64Array.from(h.re, (v) => v * f), im: Float64Array.from(h.im, (v) => v * f) };
  const opsS = ops.map((E) => E.map((Ea) => ({ ...Ea, re: Ea.re.map((v) => v * f), im: Ea.im.map((v) => v * f) })));
  for (let it = 0; it < cfg.maxIterations; it++) {
    const r = step(scene, opsS, hs, 1, gamma, { re: beams.re.map((v) => v / f), im: beams.im.map((v) => v / f) });
    if (r.beams) r.beams = { re: r.beams.re.map((v) => v * f), im: r.beams.im.map((v) => v * f) };
    if (!r.beams) {
      stop = `solver: ${r.status}`;
      break;
    }
    const e = evalAt(r.beams);
    const prev = history[history.length - 1].sumRate;
    beams = r.beams;
    history.push(e);
    if (e.sumRate - prev <= cfg.tolerance * Math.max(prev, 1e-9)) {
      stop = "converged";
      break;
    }
  }
  const last = history[history.length - 1];
  return { beams, sumRate: last.sumRate, speb: last.speb, history, stop };
}
