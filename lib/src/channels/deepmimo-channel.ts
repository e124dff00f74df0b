/**
 * DeepMIMO's channel builder: the same formula, parameter names and defaults as the DeepMIMO v3
 * Python generator (`generate_MIMO_channel`), for scenarios read by any of our readers.
 *
 * For a user with paths l = 1..L (the first `num_paths` paths of the file, i.e. the strongest, that
 * fall inside both fields of view), OFDM without receive filter (DeepMIMO's default):
 *
 *   H[r, t, k] = Σ_l a_rx,l[r] · a_tx,l[t] · √(P_l / N) · exp(j(φ_l − 2π k τ_l B / N))
 *
 *   P_l = 10^((p_l[dBm] − P_tx[dBm]) / 10)   path power relative to the transmit power (dbm2pow(p + 30 − P_tx))
 *   φ_l  path phase (file: degrees);  τ_l delay (s);  B bandwidth (GHz in the parameters);  N total subcarriers
 *   k ∈ selected_subcarriers;  paths with τ_l B ≥ N lie past the OFDM symbol and are dropped (power 0)
 *   a_tx,l / a_rx,l: UPA responses (see array.ts) at the DoD / DoA angles after the panel rotation;
 *   note a_tx is not conjugated (DeepMIMO's convention: H maps the BS array to the UE array as given).
 *
 * With `RX_filter: 1` the delay taps are shaped by an ideal low-pass (sinc) filter before the DFT;
 * with `OFDM_channels: 0` the time-domain channel per path is returned: a_rx a_tx √P_l e^{jφ_l}.
 * Radiation pattern "halfwave-dipole" multiplies P_l by DeepMIMO's dipole gain at both ends.
 *
 * Output layout (documented, row-major): `re`/`im` of shape [users, Mrx, Mtx, K] (K = number of
 * selected subcarriers, or num_paths in time domain): element (u, r, t, k) is at ((u·Mrx + r)·Mtx + t)·K + k.
 * `los[u]` is DeepMIMO's LoS status: −1 no path (after FoV), otherwise the number of LoS paths kept.
 */
import { getBs, numPaths, type PathSet, type Scenario } from "../data/scenario";
import { panelIndices, writeResponse } from "./array";
import { inFov, rotateAngles } from "./rotation";

export interface AntennaParams {
  /** [horizontal, vertical] elements of the panel (DeepMIMO "shape"). */
  shape: [number, number];
  /** Element spacing in wavelengths. */
  spacing: number;
  /** Rotation about x, y, z in degrees; null for none. */
  rotation: [number, number, number] | null;
  /** [horizontal, vertical] field of view in degrees. */
  FoV: [number, number];
  radiation_pattern: "isotropic" | "halfwave-dipole";
}

export interface ChannelParams {
  /** Maximum number of paths per user (the first ones of the file, strongest first). */
  num_paths: number;
  bs_antenna: AntennaParams;
  ue_antenna: AntennaParams;
  /** 1: OFDM (frequency domain); 0: time domain, one matrix per path. */
  OFDM_channels: 0 | 1;
  OFDM: {
    /** Total number of subcarriers N. */
    subcarriers: number;
    /** Subcarrier indices to generate (0-based). */
    selected_subcarriers: number[];
    /** Bandwidth in GHz. */
    bandwidth: number;
    /** 0: no filter; 1: ideal low-pass (sinc) receive filter. */
    RX_filter: 0 | 1;
  };
}

export type ChannelParamsInput = Partial<Omit<ChannelParams, "bs_antenna" | "ue_antenna" | "OFDM">> & {
  bs_antenna?: Partial<AntennaParams>;
  ue_antenna?: Partial<AntennaParams>;
  OFDM?: Partial<ChannelParams["OFDM"]>;
};

/** DeepMIMO v3's defaults (`default_params()`). */
export function defaultChannelParams(): ChannelParams {
  const ant = (shape: [number, number]): AntennaParams => ({
    shape, spacing: 0.5, rotation: [0, 0, 0], FoV: [360, 180], radiation_pattern: "isotropic",
  });
  return {
    num_paths: 5,
    bs_antenna: ant([8, 4]),
    ue_antenna: ant([4, 2]),
    OFDM_channels: 1,
    OFDM: { subcarriers: 512, selected_subcarriers: [0], bandwidth: 0.05, RX_filter: 0 },
  };
}

const KNOWN: Record<string, string[]> = {
  "": ["num_paths", "bs_antenna", "ue_antenna", "OFDM_channels", "OFDM"],
  bs_antenna: ["shape", "spacing", "rotation", "FoV", "radiation_pattern"],
  ue_antenna: ["shape", "spacing", "rotation", "FoV", "radiation_pattern"],
  OFDM: ["subcarriers", "selected_subcarriers", "bandwidth", "RX_filter"],
};

/** Defaults overridden by `input`; unknown keys and invalid values throw, naming the parameter. */
export function channelParams(input: ChannelParamsInput = {}): ChannelParams {
  const p = defaultChannelParams();
  for (const [group, keys] of Object.entries(KNOWN)) {
    const obj = (group ? (input as any)[group] : input) ?? {};
    for (const k of Object.keys(obj)) {
      if (!keys.includes(k)) throw new Error(`unknown DeepMIMO channel parameter '${group ? group + "." : ""}${k}' (known: ${keys.join(", ")})`);
    }
  }
  const out: ChannelParams = {
    ...p,
    ...input,
    bs_antenna: { ...p.bs_antenna, ...input.bs_antenna },
    ue_antenna: { ...p.ue_antenna, ...input.ue_antenna },
    OFDM: { ...p.OFDM, ...input.OFDM },
  } as ChannelParams;
  if (!(Number.isInteger(out.num_paths) && out.num_paths > 0)) throw new RangeError(`num_paths must be a positive integer, got ${out.num_paths}`);
  const N = out.OFDM.subcarriers;
  if (!(Number.isInteger(N) && N > 0)) throw new RangeError(`OFDM.subcarriers must be a positive integer, got ${N}`);
  for (const k of out.OFDM.selected_subcarriers) {
    if (!(Number.isInteger(k) && k >= 0 && k < N)) throw new RangeError(`OFDM.selected_subcarriers must be integers in [0, ${N - 1}], got ${k}`);
  }
  if (!(out.OFDM.bandwidth > 0)) throw new RangeError(`OFDM.bandwidth (GHz) must be positive, got ${out.OFDM.bandwidth}`);
  for (const side of ["bs_antenna", "ue_antenna"] as const) {
    const a = out[side];
    panelIndices(a.shape); // validates
    if (!(a.spacing > 0)) throw new RangeError(`${side}.spacing (wavelengths) must be positive, got ${a.spacing}`);
    if (a.rotation && a.rotation.length !== 3) throw new RangeError(`${side}.rotation must be [x, y, z] degrees, got [${a.rotation}]`);
    if (a.radiation_pattern !== "isotropic" && a.radiation_pattern !== "halfwave-dipole") {
      throw new RangeError(`${side}.radiation_pattern must be 'isotropic' or 'halfwave-dipole', got '${a.radiation_pattern}'`);
    }
  }
  return out;
}

export interface ChannelArrays {
  re: Float64Array;
  im: Float64Array;
  /** [users, Mrx, Mtx, K]; row-major. */
  shape: [number, number, number, number];
  /** DeepMIMO LoS status per user: −1 no path, else number of LoS paths kept. */
  los: Int32Array;
}

/** DeepMIMO's half-wave dipole power pattern (max directivity 1.6409), 0 at θ = 0. */
function dipoleGain(theta: number): number {
  if (theta === 0) return 0;
  return (1.6409223769 * Math.cos((Math.PI / 2) * Math.cos(theta)) ** 2) / Math.sin(theta) ** 2;
}

/**
 * Channels from base station `bsId` to the users `userIds` (0-based indices within the BS's user set;
 * default all), with DeepMIMO v3 parameters `input` (defaults filled in).
 */
export function buildChannels(
  scenario: Scenario,
  bsId: number,
  userIds?: ArrayLike<number>,
  input: ChannelParamsInput | ChannelParams = {},
): ChannelArrays {
  const bs = getBs(scenario, bsId);
  return buildFromPaths(bs.users, scenario.transmitPowerDbm, userIds ?? Array.from({ length: bs.users.count }, (_, i) => i), input, `${scenario.folder} BS${bsId}`);
}

/** As buildChannels, straight from a PathSet; `label` names it in errors. */
export function buildFromPaths(
  set: PathSet,
  transmitPowerDbm: number,
  userIds: ArrayLike<number>,
  input: ChannelParamsInput | ChannelParams = {},
  label = "paths",
): ChannelArrays {
  const p = channelParams(input as ChannelParamsInput);
  const idxTx = panelIndices(p.bs_antenna.shape), idxRx = panelIndices(p.ue_antenna.shape);
  const Mtx = idxTx.length / 3, Mrx = idxRx.length / 3;
  const ofdm = p.OFDM_channels === 1;
  const ks = p.OFDM.selected_subcarriers;
  const K = ofdm ? ks.length : p.num_paths;
  const N = p.OFDM.subcarriers;
  const B = p.OFDM.bandwidth * 1e9;
  const U = userIds.length;
  const re = new Float64Array(U * Mrx * Mtx * K), im = new Float64Array(U * Mrx * Mtx * K);
  const los = new Int32Array(U);
  const kdTx = 2 * Math.PI * p.bs_antenna.spacing, kdRx = 2 * Math.PI * p.ue_antenna.spacing;
  const aTxRe = new Float64Array(Mtx), aTxIm = new Float64Array(Mtx), aRxRe = new Float64Array(Mrx), aRxIm = new Float64Array(Mrx);
  const gRe = new Float64Array(K), gIm = new Float64Array(K);
  const dipoleTx = p.bs_antenna.radiation_pattern === "halfwave-dipole", dipoleRx = p.ue_antenna.radiation_pattern === "halfwave-dipole";

  for (let u = 0; u < U; u++) {
    const id = userIds[u];
    if (!(Number.isInteger(id) && id >= 0 && id < set.count)) throw new RangeError(`${label}: user ${id} out of range 0..${set.count - 1}`);
    const L = Math.min(p.num_paths, numPaths(set, id));
    const first = set.offsets[id];
    let kept = 0, losCount = 0;
    for (let l = 0; l < L; l++) {
      const j = first + l;
      const [tt, tp] = rotateAngles(set.dodThetaDeg[j], set.dodPhiDeg[j], p.bs_antenna.rotation);
      const [rt, rp] = rotateAngles(set.doaThetaDeg[j], set.doaPhiDeg[j], p.ue_antenna.rotation);
      if (!inFov(tt, tp, p.bs_antenna.FoV) || !inFov(rt, rp, p.ue_antenna.FoV)) continue;
      const slot = kept++;
      losCount += set.los[j];
      let power = 10 ** ((set.powerDbm[j] - transmitPowerDbm) / 10);
      if (dipoleTx) power *= dipoleGain(tt);
      if (dipoleRx) power *= dipoleGain(rt);
      const phase = (set.phaseDeg[j] * Math.PI) / 180;
      // Per-path gain on each output column k.
      gRe.fill(0);
      gIm.fill(0);
      if (!ofdm) {
        gRe[slot] = Math.sqrt(power) * Math.cos(phase);
        gIm[slot] = Math.sqrt(power) * Math.sin(phase);
      } else {
        const delay = set.toaS[j] * B; // in samples
        if (delay >= N) continue; // past the OFDM symbol: DeepMIMO zeroes its power
        const amp = Math.sqrt(power / N);
        if (p.OFDM.RX_filter === 0) {
          for (let c = 0; c < K; c++) {
            const a = phase - (2 * Math.PI * ks[c] * delay) / N;
            gRe[c] = amp * Math.cos(a);
            gIm[c] = amp * Math.sin(a);
          }
        } else {
          // Ideal low-pass: taps sinc(d − delay) for d = 0..N−1, then the DFT at the selected subcarriers.
          for (let d = 0; d < N; d++) {
            const x = d - delay;
            const s = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
            if (s === 0) continue;
            for (let c = 0; c < K; c++) {
              const a = phase - (2 * Math.PI * d * ks[c]) / N;
              gRe[c] += amp * s * Math.cos(a);
              gIm[c] += amp * s * Math.sin(a);
            }
          }
        }
      }
      writeResponse(idxTx, tt, tp, kdTx, aTxRe, aTxIm);
      writeResponse(idxRx, rt, rp, kdRx, aRxRe, aRxIm);
      for (let r = 0; r < Mrx; r++) {
        for (let t = 0; t < Mtx; t++) {
          // a_rx[r]·a_tx[t]
          const aRe = aRxRe[r] * aTxRe[t] - aRxIm[r] * aTxIm[t];
          const aIm = aRxRe[r] * aTxIm[t] + aRxIm[r] * aTxRe[t];
          const o = ((u * Mrx + r) * Mtx + t) * K;
          for (let c = 0; c < K; c++) {
            re[o + c] += aRe * gRe[c] - aIm * gIm[c];
            im[o + c] += aRe * gIm[c] + aIm * gRe[c];
          }
        }
      }
    }
    los[u] = kept === 0 ? -1 : losCount;
  }
  return { re, im, shape: [U, Mrx, Mtx, K], los };
}
