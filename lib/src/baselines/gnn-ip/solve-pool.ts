/**
 * Per-instance solves of paper 001 side by side on worker threads (core/threads.ts): SDR and ZF
 * (Benchmarks 1–2) on a channel, and the implicit projection (29)–(31) of Algorithm 1 on a
 * channel and the network's infeasible beams. Each answer is the beams' MSE on the evaluation
 * grid, their SINR feasibility and the solve time; answers do not depend on the number of threads.
 */
import * as path from "node:path";
import type { CMat } from "../../core/linalg";
import { mapOnThreads } from "../../core/threads";
import type { SystemConfig } from "../../systems/gnn-ip/config";
import { assess, type Beams, type SampleResult } from "../../systems/gnn-ip/metrics";
import { project } from "../../models/gnn-ip/projection";
import { sdrBeamforming, type SolvedBeams } from "./sdr";
import { zfBeamforming } from "./zf";

export type Baseline = "SDR" | "ZF";
export type InstanceMethod = Baseline | "projection";
const SOLVERS: Record<InstanceMethod, (H: CMat, sys: SystemConfig, beams?: Beams) => Pick<SolvedBeams, "beams" | "seconds"> | null> = {
  SDR: sdrBeamforming,
  ZF: zfBeamforming,
  projection: (H, sys, beams) => {
    if (!beams) throw new Error("projection: the network's beams are missing");
    return project(H, beams, sys);
  },
};
const WORKER = path.join(__dirname, "solve-worker.js");

/** The method, the system it solves for, and the system whose grid measures the MSE. */
export interface InstanceContext {
  method: InstanceMethod;
  sys: SystemConfig;
  evalSys: SystemConfig;
}

/** A channel matrix, and for the projection the network's beams to project. */
export interface Instance {
  H: CMat;
  beams?: Beams;
}

/** One instance (mse null when the method finds no beams, e.g. an infeasible SDR or projection). */
export function instanceSample({ method, sys, evalSys }: InstanceContext, { H, beams }: Instance): SampleResult {
  const r = SOLVERS[method](H, sys, beams);
  if (!r) return { mse: null, feasible: false, seconds: 0 };
  const a = assess(H, r.beams, sys, evalSys);
  return { mse: a.mse, feasible: a.feasible, seconds: r.seconds };
}

/** instanceSample on every instance, in order, on all solver threads. */
export function instanceSamples(context: InstanceContext, instances: Instance[]): SampleResult[] {
  return mapOnThreads(WORKER, context, instances, instanceSample);
}
