/**
 * Channel datasets for multi-BS papers (e.g. paper 000, LHGNN on O1 at 28 GHz): each sample draws
 * K users uniformly without replacement from the users that have a path to every chosen base station,
 * and holds their DeepMIMO channels from each base station (single-antenna users, subcarrier 0).
 *
 * `sampleChannels` returns arrays; `cachedChannelDataset` stores them as parquet at core's
 * `cachePath("deepmimo/<name>", key, "parquet")`, i.e. `data/cache/deepmimo/<name>-<hash>.parquet`
 * (or under $ISAC_CACHE; one row per sample × BS × user, columns sample, bs, k, user, re_0.., im_0..),
 * written atomically and reused when the config matches.
 */
import * as fs from "node:fs";
import pl from "nodejs-polars";
import { Rng } from "../core/rng";
import { buildChannels, type ChannelParamsInput } from "../channels/deepmimo-channel";
import { upaResponse } from "../channels/array";
import { getBs, numPaths, type Scenario } from "./scenario";
import { cachePath } from "../core/cache";
import { writeFileAtomic } from "../core/files";

export interface SampleConfig {
  /** Base station ids, e.g. [1, 2, 3]. */
  bs: number[];
  /** Users per sample. */
  K: number;
  samples: number;
  seed: number | string;
  /** DeepMIMO channel parameters; the UE array is forced to [1, 1]. */
  channel?: ChannelParamsInput;
}

export interface ChannelSamples {
  /** User indices, [samples, K]. */
  users: Int32Array;
  /** Channels [samples, bs, K, M] (M = BS antennas), real and imaginary parts. */
  re: Float32Array;
  im: Float32Array;
  shape: [number, number, number, number];
}

export function sampleChannels(sc: Scenario, cfg: SampleConfig): ChannelSamples {
  const { bs, K, samples } = cfg;
  const sets = bs.map((b) => getBs(sc, b).users);
  const n = sets[0].count;
  if (sets.some((s) => s.count !== n)) throw new Error(`sampleChannels: base stations ${bs} have different user sets`);
  const eligible: number[] = [];
  for (let i = 0; i < n; i++) if (sets.every((s) => numPaths(s, i) > 0)) eligible.push(i);
  if (eligible.length < K) throw new Error(`sampleChannels: only ${eligible.length} users reach all of BS ${bs}, need K = ${K}`);
  const rng = new Rng(cfg.seed).child("user-draws");
  const users = new Int32Array(samples * K);
  for (let s = 0; s < samples; s++) {
    // Partial Fisher–Yates over the eligible list: K distinct users.
    const pool = eligible.slice();
    for (let k = 0; k < K; k++) {
      const j = k + rng.int(pool.length - k);
      [pool[k], pool[j]] = [pool[j], pool[k]];
      users[s * K + k] = pool[k];
    }
  }
  const params: ChannelParamsInput = { ...cfg.channel, ue_antenna: { ...cfg.channel?.ue_antenna, shape: [1, 1] } };
  // Channels of the distinct users once per BS, then gathered per sample.
  const distinct = [...new Set(users)].sort((a, b) => a - b);
  const where = new Map(distinct.map((u, i) => [u, i]));
  let M = 0;
  const per = bs.map((b) => {
    const h = buildChannels(sc, b, distinct, params);
    if (h.shape[3] !== 1) throw new Error("sampleChannels: select exactly one subcarrier");
    M = h.shape[2];
    return h;
  });
  const re = new Float32Array(samples * bs.length * K * M), im = new Float32Array(re.length);
  for (let s = 0; s < samples; s++) {
    for (let b = 0; b < bs.length; b++) {
      for (let k = 0; k < K; k++) {
        const src = where.get(users[s * K + k])! * M, dst = ((s * bs.length + b) * K + k) * M;
        re.set(per[b].re.subarray(src, src + M), dst);
        im.set(per[b].im.subarray(src, src + M), dst);
      }
    }
  }
  return { users, re, im, shape: [samples, bs.length, K, M] };
}

/**
 * Normalised steering vectors a(θ, φ)/√M from each base station to a target, with DeepMIMO's panel
 * indexing (element m = y + Nh·z) and the angles of the line from the BS to the target: [bs, M] re/im.
 */
export function targetSteering(sc: Scenario, bs: number[], target: [number, number, number], shape: [number, number], spacing = 0.5) {
  const M = shape[0] * shape[1];
  const re = new Float64Array(bs.length * M), im = new Float64Array(bs.length * M);
  bs.forEach((id, i) => {
    const p = getBs(sc, id).position;
    const dx = target[0] - p[0], dy = target[1] - p[1], dz = target[2] - p[2];
    const theta = Math.acos(dz / Math.hypot(dx, dy, dz)), phi = Math.atan2(dy, dx);
    const a = upaResponse(shape, theta, phi, spacing, true);
    re.set(a.re, i * M);
    im.set(a.im, i * M);
  });
  return { re, im, shape: [bs.length, M] as [number, number] };
}

/** Long-format polars frame of samples: sample, bs, k, user, re_0..re_{M−1}, im_0..im_{M−1}. */
export function samplesFrame(s: ChannelSamples, bsIds: number[]): pl.DataFrame {
  const [S, B, K, M] = s.shape;
  const rows = S * B * K;
  const cols: Record<string, any> = {
    sample: new Int32Array(rows), bs: new Int32Array(rows), k: new Int32Array(rows), user: new Int32Array(rows),
  };
  for (let m = 0; m < M; m++) { cols[`re_${m}`] = new Float32Array(rows); cols[`im_${m}`] = new Float32Array(rows); }
  for (let r = 0; r < rows; r++) {
    const k = r % K, b = Math.floor(r / K) % B, smp = Math.floor(r / (K * B));
    cols.sample[r] = smp; cols.bs[r] = bsIds[b]; cols.k[r] = k; cols.user[r] = s.users[smp * K + k];
    for (let m = 0; m < M; m++) { cols[`re_${m}`][r] = s.re[r * M + m]; cols[`im_${m}`][r] = s.im[r * M + m]; }
  }
  return pl.DataFrame(Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, pl.Series(k, v)])));
}

/** Inverse of samplesFrame. */
export function framesToSamples(df: pl.DataFrame, K: number, B: number): ChannelSamples {
  const M = df.columns.filter((c) => c.startsWith("re_")).length;
  const rows = df.height, S = rows / (B * K);
  const re = new Float32Array(rows * M), im = new Float32Array(rows * M);
  for (let m = 0; m < M; m++) {
    const a = df.getColumn(`re_${m}`).toArray() as number[], b = df.getColumn(`im_${m}`).toArray() as number[];
    for (let r = 0; r < rows; r++) { re[r * M + m] = a[r]; im[r * M + m] = b[r]; }
  }
  const userCol = df.getColumn("user").toArray() as number[];
  const users = new Int32Array(S * K);
  for (let smp = 0; smp < S; smp++) for (let k = 0; k < K; k++) users[smp * K + k] = userCol[smp * B * K + k];
  return { users, re, im, shape: [S, B, K, M] };
}

/**
 * Samples from `scenario()` (called only on a cache miss) for `cfg`, cached as parquet keyed by
 * `name`, `cfg` and `scenarioKey` (what identifies the scenario, e.g. the generator options).
 * The file is cachePath("deepmimo/" + name, { cfg, scenarioKey }, "parquet"); set $ISAC_CACHE to
 * put the cache elsewhere.
 */
export function cachedChannelDataset(
  name: string,
  cfg: SampleConfig,
  scenarioKey: unknown,
  scenario: () => Scenario,
): { samples: ChannelSamples; file: string; cached: boolean } {
  const file = cachePath(`deepmimo/${name}`, { cfg, scenarioKey }, "parquet");
  if (fs.existsSync(file)) return { samples: framesToSamples(pl.readParquet(file), cfg.K, cfg.bs.length), file, cached: true };
  const samples = sampleChannels(scenario(), cfg);
  writeFileAtomic(file, samplesFrame(samples, cfg.bs).writeParquet());
  return { samples, file, cached: false };
}
