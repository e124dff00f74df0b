/**
 * SDR and ZF (Benchmarks 1–2) on many channel instances side by side on worker threads
 * (core/threads.ts). Each instance's answer is its beampattern MSE on the evaluation grid, its SINR
 * feasibility and the method's solve time; the answers do not depend on the number of threads.
 */
import * as path from "node:path";
import type { CMat } from "../../core/linalg";
import { mapOnThreads } from "../../core/threads";
import type { SystemConfig } from "../../systems/gnn-ip/config";
import { assess, type SampleResult } from "../../systems/gnn-ip/metrics";
import { sdrBeamforming, type SolvedBeams } from "./sdr";
import { zfBeamforming } from "./zf";

export type Baseline = "SDR" | "ZF";
const SOLVERS: Record<Baseline, (H: CMat, sys: SystemConfig) => SolvedBeams | null> = { SDR: sdrBeamforming, ZF: zfBeamforming };
const WORKER = path.join(__dirname, "solve-worker.js");

/** The method, the system it solves for, and the system whose grid measures the MSE. */
export interface BaselineContext {
  method: Baseline;
  sys: SystemConfig;
  evalSys: SystemConfig;
}

/** One instance (mse null when the method finds no beams, e.g. an infeasible SDR). */
export function baselineSample({ method, sys, evalSys }: BaselineContext, H: CMat): SampleResult {
  const r = SOLVERS[method](H, sys);
  if (!r) return { mse: null, feasible: false, seconds: 0 };
  const a = assess(H, r.beams, sys, evalSys);
  return { mse: a.mse, feasible: a.feasible, seconds: r.seconds };
}

/** baselineSample on every channel matrix, in order, on all solver threads. */
export function baselineSamples(context: BaselineContext, channels: CMat[]): SampleResult[] {
  return mapOnThreads(WORKER, context, channels, baselineSample);
}
