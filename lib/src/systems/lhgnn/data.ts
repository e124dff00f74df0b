/**
 * Datasets of Section IV.A on the O1-like scenario (lib/src/data/o1.ts, 28 GHz, BS 1–3): each sample
 * holds K users drawn without replacement from the users that reach all N BSs (data/sampling.ts),
 * their channels h_{k,n} (DeepMIMO, first subcarrier, UE with one antenna) and the network inputs:
 * estimated channels ĥ and steering vectors a_t(θ̂_{n,z}, β̂_{n,z}) toward estimated target positions
 * t̂ (Section IV.D; exact when no error is asked for).
 *
 * Train and test users come from interleaved rows of the user grid: the training grid keeps rows
 * r0, r0 + 2s, r0 + 4s, … and the test grid rows r0 + s, r0 + 3s, … (s = rowStep, 1 m at the
 * default 5 × 0.2 m), so no test user was seen in training.
 *
 * Errors (Section IV.D), ours where the paper is brief:
 *  - channel estimation at SNR ρ: ĥ_{k,n} = h_{k,n} + e, e ~ CN(0, ‖h_{k,n}‖²/(L ρ) I) per link;
 *  - position error a: each coordinate of t̂ − t is ±u with u ~ U[a, a + 1) and a random sign.
 */
import { Rng } from "../../core/rng";
import { generateO1 } from "../../data/o1";
import { sampleChannels } from "../../data/sampling";
import type { LhgnnConfig, Vec3 } from "./config";
import { targetAngles, steering } from "./geometry";
import { bsPositionsOf } from "./scene";

export type Split = "train" | "test";

/** DeepMIMO OFDM subcarriers (its default); we use subcarrier 0 over a 100 MHz band, the noise bandwidth. */
const SUBCARRIERS = 512;

export interface InputErrors {
  /** Channel-estimation SNR [dB]; null: perfect CSI. */
  snrDb: number | null;
  /** Position error a [m] (each axis ±U[a, a+1)); null: exact position. */
  positionError: number | null;
}

export const NO_ERRORS: InputErrors = { snrDb: null, positionError: null };

export interface LhgnnDataset {
  size: number;
  N: number;
  K: number;
  Z: number;
  L: number;
  /** True channels [I, N, K, L] in noise units (h/σ), y_k = h_kᴴx. */
  h: { re: Float32Array; im: Float32Array };
  /** Estimated channels ĥ, same layout. */
  hHat: { re: Float32Array; im: Float32Array };
  /** Steering vectors toward the estimated targets [I, N, Z, L]. */
  steer: { re: Float32Array; im: Float32Array };
  /** Users of each sample (grid indices of the split's scenario), [I, K]. */
  users: Int32Array;
}

/** The O1-like scenario of one split (the building layout is the same for both: seed `cfg.seed`). */
export function splitScenario(cfg: LhgnnConfig, split: Split) {
  const { rows, rowStep, colStep } = cfg.data;
  const first = split === "train" ? rows[0] : rows[0] + rowStep;
  return generateO1({ carrierFreqHz: cfg.system.carrierGHz * 1e9, bs: cfg.system.bs, rows: [first, rows[1]], rowStep: 2 * rowStep, colStep, seed: cfg.seed });
}

/** `samples` samples of a split with the given input errors, reproducible from (cfg.seed, label). */
export function makeDataset(cfg: LhgnnConfig, split: Split, samples: number, errors: InputErrors = NO_ERRORS, label = ""): LhgnnDataset {
  const sys = cfg.system;
  const sc = splitScenario(cfg, split);
  const rng = new Rng(cfg.seed).child(`${split}-${label}`);
  const ch = sampleChannels(sc, {
    bs: sys.bs,
    K: sys.users,
    samples,
    seed: `${cfg.seed}-${split}-${label}`,
    channel: { bs_antenna: { shape: sys.arrayShape, spacing: sys.spacing }, OFDM: { subcarriers: SUBCARRIERS, selected_subcarriers: [0], bandwidth: 0.1, RX_filter: 0 } },
  });
  const [I, N, K, L] = ch.shape;
  const sigma = Math.sqrt(10 ** (sys.noiseDbm / 10) / 1000);
  // Paper convention: h = conj(DeepMIMO row), in noise units; DeepMIMO's OFDM normalisation
  // 1/√N_sc is undone so that |h|² is the path gain of the subcarrier.
  const f = Math.sqrt(SUBCARRIERS) / sigma;
  const h = { re: ch.re.map((v) => v * f), im: ch.im.map((v) => -v * f) };
  const hHat = { re: h.re.slice(), im: h.im.slice() };
  if (errors.snrDb !== null) {
    const er = rng.child("csi");
    for (let link = 0; link < I * N * K; link++) {
      let p = 0;
      for (let l = 0; l < L; l++) p += h.re[link * L + l] ** 2 + h.im[link * L + l] ** 2;
      const variance = p / (L * 10 ** (errors.snrDb / 10));
      for (let l = 0; l < L; l++) {
        const [a, b] = er.complexNormal(variance);
        hHat.re[link * L + l] += a;
        hHat.im[link * L + l] += b;
      }
    }
  }
  const Z = sys.targets.length, bsPos = bsPositionsOf(sys.bs);
  const steer = { re: new Float32Array(I * N * Z * L), im: new Float32Array(I * N * Z * L) };
  const pr = rng.child("position");
  for (let i = 0; i < I; i++) {
    sys.targets.forEach((t, z) => {
      const est = t.map((c) => {
        if (errors.positionError === null) return c;
        const u = pr.uniformIn(errors.positionError, errors.positionError + 1);
        return c + (pr.uniform() < 0.5 ? -u : u);
      }) as Vec3;
      bsPos.forEach((b, n) => {
        const { theta, beta } = targetAngles(b, est);
        const a = steering(sys.arrayShape, sys.spacing, theta, beta).a;
        const o = ((i * N + n) * Z + z) * L;
        steer.re.set(a.re, o);
        steer.im.set(a.im, o);
      });
    });
  }
  return { size: I, N, K, Z, L, h, hHat, steer, users: ch.users };
}

/** One sample's true channels as a [N, K, L] complex array (for the reference metrics and SRW). */
export function sampleChannelsOf(ds: LhgnnDataset, i: number): { re: Float64Array; im: Float64Array } {
  const n = ds.N * ds.K * ds.L, o = i * n;
  return { re: Float64Array.from(ds.h.re.subarray(o, o + n)), im: Float64Array.from(ds.h.im.subarray(o, o + n)) };
}
