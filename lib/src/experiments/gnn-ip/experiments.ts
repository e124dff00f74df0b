/**
 * Experiments of paper 001, each returning a DataFrame for its figures and tables:
 * beampatterns (Figs. 6–7), the Γ₀ sweep (Fig. 8 MSE, Fig. 10 satisfaction ratio, Table III), the
 * grid-size sweep (Table II), the user sweep (Fig. 9 MSE, Fig. 11 satisfaction ratio) and a noise
 * sensitivity study of the optimisation baselines.
 *
 * Test channels come from the dynamic scenario of Fig. 8 (trajectories of moving users; the same
 * set for the tables, whose Γ₀ = 8 dB and N = 180 rows coincide in the paper). The networks run on
 * all `testSamples`; SDR and ZF, which take about a second per instance here, on the first
 * `baselineSamples`. SDR, ZF and the projection of Algorithm 1 run on all solver threads, and
 * their results are cached on disk per instance, so an interrupted sweep resumes. MSEs are always
 * measured on the system's 180-point grid, also when a method was designed on a coarser one
 * (Table II).
 */
import * as fs from "node:fs";
import pl from "nodejs-polars";
import { cachedJson, cachePath, hashKey } from "../../core/cache";
import { Rng } from "../../core/rng";
import { tf } from "../../tensor/backend";
import type { GnnIpConfig, SystemConfig } from "../../systems/gnn-ip/config";
import type { CMat } from "../../core/linalg";
import { assess, beampattern, covariance, powerNormalisation, type SampleResult } from "../../systems/gnn-ip/metrics";
import { angleGrid, channelMatrix, gridOf, dynamicChannels, takeSamples, type ChannelSet } from "../../systems/gnn-ip/system";
import { sdrBeamforming } from "../../baselines/gnn-ip/sdr";
import { zfBeamforming } from "../../baselines/gnn-ip/zf";
import { instanceSamples, type Baseline, type Instance, type InstanceContext } from "../../baselines/gnn-ip/solve-pool";
import { project } from "../../models/gnn-ip/projection";
import { networkBeams, trainedNetwork, type Network, type TrainMode } from "./networks";

/** The dynamic-scenario test channels for a system (Fig. 8). */
export function testChannels(cfg: GnnIpConfig, sys: SystemConfig): ChannelSet {
  const s = cfg.sweep;
  const slots = Math.ceil(cfg.train.testSamples / s.trajectories);
  const set = dynamicChannels(sys, s.trajectories, slots, s, new Rng(cfg.seed).child(`test-L${sys.users}`));
  return takeSamples(set, cfg.train.testSamples);
}

/** Instances solved between cache writes and progress lines. */
const CHUNK = 20;

const hashOf = (X: CMat) => hashKey([Array.from(X.re), Array.from(X.im)]);

/**
 * solve-pool.ts answers for each instance, each cached on disk (keyed by the method, the systems
 * and the instance's numbers); missing ones are solved CHUNK at a time on all solver threads.
 */
async function cachedInstanceSamples(context: InstanceContext, instances: Instance[]): Promise<SampleResult[]> {
  const { method, sys, evalSys } = context;
  const name = `gnn-ip/${method.toLowerCase()}`;
  const keys = instances.map(({ H, beams }) => ({ method, sys, evalGrid: evalSys.gridPoints, h: hashOf(H), ...(beams && { c: hashOf(beams.c), s: hashOf(beams.s) }) }));
  const out: SampleResult[] = [];
  for (let start = 0; start < instances.length; start += CHUNK) {
    const idx = Array.from({ length: Math.min(CHUNK, instances.length - start) }, (_, j) => start + j);
    const missing = idx.filter((i) => !fs.existsSync(cachePath(name, keys[i])));
    const results = instanceSamples(context, missing.map((i) => instances[i]));
    const solved = new Map(missing.map((i, j) => [i, results[j]]));
    for (const i of idx) out.push(await cachedJson(name, keys[i], () => solved.get(i)!)); // stores the solved ones
    if (missing.length) console.log(`  ${method}: ${start + idx.length}/${instances.length} instances (Γ₀ = ${sys.sinrDb} dB, L = ${sys.users}, N = ${sys.gridPoints}, σ² = ${sys.noise})`);
  }
  return out;
}

/** SDR or ZF on the first `count` samples of a set. */
export async function baselineResults(method: Baseline, set: ChannelSet, sys: SystemConfig, evalSys: SystemConfig, count: number): Promise<SampleResult[]> {
  const n = Math.min(count, set.size);
  return cachedInstanceSamples({ method, sys, evalSys }, Array.from({ length: n }, (_, i) => ({ H: channelMatrix(set, i) })));
}

/**
 * Algorithm 1's inference on a set: the network's beams, and for each infeasible sample the
 * projection (29)–(31). Per-sample results without ("only") and with ("ip") the projection, and
 * the projection times.
 */
export async function algorithm1(net: Network, set: ChannelSet, sys: SystemConfig, evalSys: SystemConfig, withProjection = true) {
  const { beams, secondsPerSample } = networkBeams(net, set, sys);
  const only = beams.map((b, i): SampleResult => {
    const { mse, feasible } = assess(channelMatrix(set, i), b, sys, evalSys);
    return { mse, feasible, seconds: secondsPerSample };
  });
  const ip = only.map((r) => ({ ...r }));
  const infeasible = withProjection ? only.flatMap((r, i) => (r.feasible ? [] : [i])) : [];
  const projected = await cachedInstanceSamples({ method: "projection", sys, evalSys }, infeasible.map((i) => ({ H: channelMatrix(set, i), beams: beams[i] })));
  const projectionSeconds: number[] = [];
  infeasible.forEach((i, j) => {
    const p = projected[j];
    if (p.mse === null) return; // (29) infeasible: the network's beams stay
    projectionSeconds.push(p.seconds);
    ip[i] = { mse: p.mse, feasible: p.feasible, seconds: secondsPerSample + p.seconds };
  });
  return { only, ip, projectionSeconds };
}

/** Mean MSE over samples with a solution, satisfaction ratio, mean time. */
function summary(rs: SampleResult[]) {
  const solved = rs.filter((r) => r.mse !== null);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  return {
    mse: mean(solved.map((r) => r.mse!)),
    satisfaction: rs.filter((r) => r.feasible).length / rs.length,
    time_s: mean(rs.map((r) => r.seconds)),
    samples: rs.length,
  };
}

function dispose(net: Network): void {
  tf.dispose(net.variables);
}

/**
 * Figs. 6–7: the beampattern P(θ; R) of each method on one test instance for the target set,
 * with the desired beampattern β·b(θ) (β of the SDR solution). Columns: angle_deg, method, pattern.
 */
export async function beampatterns(cfg: GnnIpConfig, targetsDeg: number[], mode: TrainMode = "auto"): Promise<pl.DataFrame> {
  const sys = { ...cfg.system, targetsDeg };
  const set = takeSamples(testChannels(cfg, sys), 1);
  const H = channelMatrix(set, 0);
  const { A, desired } = gridOf(sys);
  const grid = angleGrid(sys.gridPoints);
  const rows: Array<{ angle_deg: number; method: string; pattern: number }> = [];
  const add = (method: string, p: ArrayLike<number>) => grid.forEach((t, n) => rows.push({ angle_deg: t, method, pattern: p[n] }));
  const sdr = sdrBeamforming(H, sys);
  if (!sdr) throw new Error("beampatterns: the SDR is infeasible on the first test instance");
  const pSdr = beampattern(covariance(sdr.beams), A);
  const beta = powerNormalisation(desired, pSdr);
  add("desired (β·b)", desired.map((b) => beta * b));
  add("SDR", pSdr);
  const zf = zfBeamforming(H, sys);
  if (zf) add("ZF", beampattern(covariance(zf.beams), A));
  for (const [kind, name] of [["gnn", "GNN-IP"], ["dnn", "DNN"]] as const) {
    const net = trainedNetwork(cfg, kind, sys, mode);
    const beams = networkBeams(net, set, sys).beams[0];
    dispose(net);
    const projected = kind === "gnn" && !assess(H, beams, sys, sys).feasible ? project(H, beams, sys) : null; // the DNN has no projection
    add(projected ? `${name} (projected)` : name, beampattern(covariance((projected ?? { beams }).beams), A));
  }
  return pl.DataFrame(rows);
}

/** Rows of the sweep frames: one per (sweep point, method). */
interface SweepRow {
  method: string;
  mse: number;
  satisfaction: number;
  time_s: number;
  samples: number;
  projection_time_s: number | null;
  projection_usage: number | null;
}

/** GNN-IP, GNN only and DNN, then SDR and ZF (unless `baselines` is false), on one system; `evalSys` sets the MSE grid. */
async function comparePoint(cfg: GnnIpConfig, sys: SystemConfig, evalSys: SystemConfig, set: ChannelSet, mode: TrainMode, opts: { dnn: boolean; gnnSys?: SystemConfig; baselines?: boolean }): Promise<SweepRow[]> {
  const rows: SweepRow[] = [];
  const gnn = trainedNetwork(cfg, "gnn", opts.gnnSys ?? sys, mode);
  const r = await algorithm1(gnn, set, sys, evalSys);
  dispose(gnn);
  const proj = r.projectionSeconds;
  const projMean = proj.length ? proj.reduce((a, b) => a + b, 0) / proj.length : 0;
  rows.push({ method: "GNN-IP", ...summary(r.ip), projection_time_s: projMean, projection_usage: proj.length / set.size });
  rows.push({ method: "GNN only", ...summary(r.only), projection_time_s: null, projection_usage: null });
  if (opts.dnn) {
    const dnn = trainedNetwork(cfg, "dnn", sys, mode);
    const d = await algorithm1(dnn, set, sys, evalSys, false);
    dispose(dnn);
    rows.push({ method: "DNN", ...summary(d.only), projection_time_s: null, projection_usage: null });
  }
  for (const m of opts.baselines === false ? [] : (["SDR", "ZF"] as const)) {
    rows.push({ method: m, ...summary(await baselineResults(m, set, sys, evalSys, cfg.sweep.baselineSamples)), projection_time_s: null, projection_usage: null });
  }
  return rows;
}

/** Fig. 8, Fig. 10, Table III: every method for each Γ₀ of the sweep (networks trained per Γ₀). */
export async function sinrSweep(cfg: GnnIpConfig, mode: TrainMode = "auto"): Promise<pl.DataFrame> {
  const rows: Array<SweepRow & { sinr_db: number }> = [];
  const set = testChannels(cfg, cfg.system);
  for (const g of cfg.sweep.sinrDb) {
    const sys = { ...cfg.system, sinrDb: g };
    for (const r of await comparePoint(cfg, sys, sys, set, mode, { dnn: true })) rows.push({ sinr_db: g, ...r });
  }
  return pl.DataFrame(rows);
}

/** Table II: GNN-IP, SDR and ZF designed on an N-point grid, MSE measured on the system's grid. */
export async function gridSweep(cfg: GnnIpConfig, mode: TrainMode = "auto"): Promise<pl.DataFrame> {
  const rows: Array<SweepRow & { grid_points: number }> = [];
  const set = testChannels(cfg, cfg.system);
  for (const N of cfg.sweep.gridPoints) {
    const sys = { ...cfg.system, gridPoints: N };
    for (const r of await comparePoint(cfg, sys, cfg.system, set, mode, { dnn: false })) if (r.method !== "GNN only") rows.push({ grid_points: N, ...r });
  }
  return pl.DataFrame(rows);
}

/**
 * Fig. 9, Fig. 11: every method for each number of users L (networks retrained per L), plus the
 * GNN trained at the config's L applied without retraining ("GNN-IP (scaled)") and, when
 * `sweep.trainingMarginDb` is set, the GNN retrained per L for Γ₀ − trainingMarginDb (not in the paper).
 */
export async function userSweep(cfg: GnnIpConfig, mode: TrainMode = "auto"): Promise<pl.DataFrame> {
  const rows: Array<SweepRow & { users: number }> = [];
  const margin = cfg.sweep.trainingMarginDb;
  const scaled = `scaled from L = ${cfg.system.users}`;
  for (const L of cfg.sweep.users) {
    const sys = { ...cfg.system, users: L };
    const set = testChannels(cfg, sys);
    const point = await comparePoint(cfg, sys, sys, set, mode, { dnn: true });
    for (const r of point) rows.push({ users: L, ...r });
    // At the training L the scaled GNN is the per-L one: its rows repeat, so Fig. 9's line has no gap.
    const atTrainingL = L === cfg.system.users;
    if (atTrainingL) for (const r of point.filter((r) => r.method.startsWith("GNN"))) rows.push({ users: L, ...r, method: `${r.method} (${scaled})` });
    const variants = [
      ...(atTrainingL ? [] : [{ gnnSys: cfg.system, label: scaled }]),
      ...(margin ? [{ gnnSys: { ...sys, sinrDb: sys.sinrDb - margin }, label: `trained for Γ₀ − ${margin} dB` }] : []),
    ];
    for (const { gnnSys, label } of variants) {
      for (const r of await comparePoint(cfg, sys, sys, set, mode, { dnn: false, gnnSys, baselines: false })) rows.push({ users: L, ...r, method: `${r.method} (${label})` });
    }
  }
  return pl.DataFrame(rows);
}

/**
 * Not in the paper: Algorithm 1 serving Γ₀ = `servedDb` with the GNN trained for Γ₀ = `trainDb`
 * (the paper trains at the Γ₀ it serves). A GNN trained for a lower threshold favours the
 * beampattern and misses the served Γ₀ more often; the projection (29) then meets it. Every
 * `trainDb` must be a Γ₀ of the sweep (whose networks exist). SDR and ZF rows are repeated per pair.
 */
export async function trainingThresholdStudy(cfg: GnnIpConfig, pairs: Array<{ servedDb: number; trainDb: number }>, mode: TrainMode = "auto"): Promise<pl.DataFrame> {
  if (!pairs.length) throw new Error("trainingThresholdStudy: no (served, trained) pair of thresholds given");
  const rows: Array<SweepRow & { sinr_db: number; train_sinr_db: number }> = [];
  const set = testChannels(cfg, cfg.system);
  for (const { servedDb, trainDb } of pairs) {
    if (!cfg.sweep.sinrDb.includes(trainDb)) throw new Error(`trainingThresholdStudy: no network is trained for Γ₀ = ${trainDb} dB (the sweep has ${cfg.sweep.sinrDb.join(", ")})`);
    const sys = { ...cfg.system, sinrDb: servedDb };
    const point = await comparePoint(cfg, sys, sys, set, mode, { dnn: false, gnnSys: { ...cfg.system, sinrDb: trainDb } });
    for (const r of point) rows.push({ sinr_db: servedDb, train_sinr_db: trainDb, ...r });
  }
  return pl.DataFrame(rows);
}

/** Sensitivity of the SDR and ZF optima to the noise power σ² across the Γ₀ sweep (on the first `noiseSensitivitySamples` test instances). */
export async function noiseSensitivity(cfg: GnnIpConfig): Promise<pl.DataFrame> {
  const rows: Array<{ noise: number; sinr_db: number; method: string; mse: number; feasible_fraction: number; samples: number }> = [];
  const set = testChannels(cfg, cfg.system);
  for (const noise of cfg.sweep.noiseSensitivity)
    for (const g of cfg.sweep.sinrDb) {
      const sys = { ...cfg.system, noise, sinrDb: g };
      for (const m of ["SDR", "ZF"] as const) {
        const s = summary(await baselineResults(m, set, sys, sys, cfg.sweep.noiseSensitivitySamples));
        rows.push({ noise, sinr_db: g, method: m, mse: s.mse, feasible_fraction: s.satisfaction, samples: s.samples });
      }
    }
  return pl.DataFrame(rows);
}

/** Batched inference time of the GNN module per sample [s] on `batch` test samples (median of `repeats`). */
export function gnnInferenceTime(cfg: GnnIpConfig, batch: number, repeats = 5, mode: TrainMode = "auto"): number {
  const sys = cfg.system;
  const net = trainedNetwork(cfg, "gnn", sys, mode);
  const set = dynamicChannels(sys, 1, batch, cfg.sweep, new Rng(cfg.seed).child("timing"));
  const times = Array.from({ length: repeats }, () => networkBeams(net, set, sys).secondsPerSample).sort((a, b) => a - b);
  dispose(net);
  return times[Math.floor(repeats / 2)];
}
