/**
 * An independent reference for the SPEB: the Fisher information of the echo model (7) computed
 * directly, for tests. Unknowns: the target position t (3) and the reflection coefficients α_{m,n}
 * (2N² real nuisances). The noiseless echo over T snapshots of unit-power orthogonal symbols is, per
 * stream q, μ_q(t, α) = stacked over n of Σ_m α_{m,n} a(θ_n, β_n) a(θ_m, β_m)ᴴ p_{m,q}; the FIM is
 * 2T Re(∂μᴴ ∂μ), ∂μ/∂t by central finite differences of μ over t (the angles recomputed by (5)–(6)),
 * and the position EFIM is its Schur complement over α.
 *
 * This is the exact EFIM of the model. The paper's (20) removes, per receiving BS and stream, the
 * whole direction a(θ_n, β_n) (Π⊥ of (21)), while the exact one removes only the span of the N
 * nuisance derivatives; they agree when those span every stream (e.g. S ≤ N generic streams) and
 * the paper's SPEB is larger otherwise (a conservative bound). The tests check both facts.
 */
import { inverse, mat } from "../../core/linalg";
import type { SystemConfig, Vec3 } from "./config";
import { targetGeometry, type Scene } from "./scene";
import { traceInverse } from "./speb";
import type { Complex } from "./types";

/** μ as a flat complex vector over (q, n, l), for target position t with α held at `alphaOf`. */
function echo(sys: SystemConfig, scene: Scene, t: Vec3, alpha: { re: ArrayLike<number>; im: ArrayLike<number> }, beams: Complex) {
  const { N, L, S } = scene;
  const tg = targetGeometry(sys, scene.bsPositions, t);
  const re = new Float64Array(S * N * L), im = new Float64Array(S * N * L);
  for (let q = 0; q < S; q++)
    for (let n = 0; n < N; n++)
      for (let m = 0; m < N; m++) {
        // g = α_{m,n} · a(m)ᴴ p_{m,q}
        const am = tg.steering[m].a;
        let cr = 0, ci = 0;
        for (let l = 0; l < L; l++) {
          const i = (m * S + q) * L + l;
          cr += am.re[l] * beams.re[i] + am.im[l] * beams.im[i];
          ci += am.re[l] * beams.im[i] - am.im[l] * beams.re[i];
        }
        const ar = alpha.re[m * N + n], ai = alpha.im[m * N + n];
        const gr = ar * cr - ai * ci, gi = ar * ci + ai * cr;
        const an = tg.steering[n].a;
        for (let l = 0; l < L; l++) {
          const o = (q * N + n) * L + l;
          re[o] += an.re[l] * gr - an.im[l] * gi;
          im[o] += an.re[l] * gi + an.im[l] * gr;
        }
      }
  return { re, im };
}

/** Exact position EFIM (3 × 3) of target z by finite differences (step h metres), and its trace-inverse. */
export function directSpeb(sys: SystemConfig, scene: Scene, z: number, beams: Complex, h = 1e-4): { J: Float64Array; speb: number } {
  const { N } = scene, tg = scene.targets[z], t = tg.position;
  const derivs: { re: Float64Array; im: Float64Array }[] = [];
  for (let a = 0; a < 3; a++) {
    const tp = [...t] as Vec3, tm = [...t] as Vec3;
    tp[a] += h;
    tm[a] -= h;
    const up = echo(sys, scene, tp, tg.alpha, beams), um = echo(sys, scene, tm, tg.alpha, beams);
    derivs.push({ re: up.re.map((v, i) => (v - um.re[i]) / (2 * h)), im: up.im.map((v, i) => (v - um.im[i]) / (2 * h)) });
  }
  // ∂μ/∂Re α_{mn}: μ with α = e_{mn}; ∂μ/∂Im α_{mn} = j times it.
  for (let e = 0; e < N * N; e++) {
    const unit = { re: new Float64Array(N * N), im: new Float64Array(N * N) };
    unit.re[e] = 1;
    const d = echo(sys, scene, t, unit, beams);
    derivs.push(d, { re: d.im.map((v) => -v), im: d.re.slice() });
  }
  const P = derivs.length, F = new Float64Array(P * P);
  for (let i = 0; i < P; i++)
    for (let j = 0; j < P; j++) {
      let s = 0;
      for (let r = 0; r < derivs[i].re.length; r++) s += derivs[i].re[r] * derivs[j].re[r] + derivs[i].im[r] * derivs[j].im[r];
      F[i * P + j] = 2 * scene.snapshots * s;
    }
  // Schur complement J = F_tt − F_tα F_αα⁻¹ F_αt
  const na = P - 3;
  const Faa = mat(na, na), Fat = mat(na, 3);
  for (let i = 0; i < na; i++) {
    for (let j = 0; j < na; j++) Faa.data[i * na + j] = F[(i + 3) * P + j + 3];
    for (let j = 0; j < 3; j++) Fat.data[i * 3 + j] = F[(i + 3) * P + j];
  }
  const inv = inverse(Faa);
  const J = new Float64Array(9);
  for (let a = 0; a < 3; a++)
    for (let b = 0; b < 3; b++) {
      let s = F[a * P + b];
      for (let i = 0; i < na; i++) for (let j = 0; j < na; j++) s -= Fat.data[i * 3 + a] * inv.data[i * na + j] * Fat.data[j * 3 + b];
      J[a * 3 + b] = s;
    }
  return { J, speb: traceInverse(J) };
}
