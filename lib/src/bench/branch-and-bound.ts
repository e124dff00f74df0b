/**
 * Algorithm 1 of paper 003 (modified branch-and-bound, lib/src/baselines/ap-activation) at Table
 * II's sizes on the paper preset's first test instances, next to the paper's CVX run times.
 */
import { AP_ACTIVATION_PRESETS, TABLE_II_PAPER } from "../systems/ap-activation/config";
import { instances } from "../experiments/ap-activation/experiments";
import { branchAndBound } from "../baselines/ap-activation/activation";

export interface BranchAndBoundTiming {
  M: number;
  K: number;
  instance: number;
  seconds: number;
  solves: number;
  /** solves whose answer failed the check against the closed forms (counted as infeasible) */
  failed: number;
  active: number;
  /** (8a) [W], Infinity when no feasible set was found */
  total: number;
  /** the paper's Table II run time of its modified BB [s] */
  paperSeconds: number;
}

/** Runs branch-and-bound on `perSize` test instances of each Table II size; calls `onRow` as each ends. */
export function timeBranchAndBound(perSize = 2, onRow: (row: BranchAndBoundTiming) => void = () => {}): BranchAndBoundTiming[] {
  const cfg = AP_ACTIVATION_PRESETS.paper;
  return TABLE_II_PAPER.flatMap(({ M, K, tBb }) =>
    instances(cfg, "test", M, K, perSize).map((inst, i) => {
      const r = branchAndBound(inst);
      const row = {
        M, K, instance: i, seconds: r.ms / 1000, solves: r.solves, failed: r.failures,
        active: r.active.filter(Boolean).length, total: r.allocation.total, paperSeconds: tBb,
      };
      onRow(row);
      return row;
    }),
  );
}
