/**
 * Power allocations of several active sets solved side by side on worker threads (core/threads.ts):
 * a level of branch-and-bound tries independent sets, and on this 2-core machine a second core
 * halves its wall time. The answers do not depend on the number of threads.
 */
import * as path from "node:path";
import { mapOnThreads } from "../../core/threads";
import type { Instance } from "../../systems/ap-activation";
import { type Allocation, type SensingConstraint, allocatePower } from "./power-allocation";

const WORKER = path.join(__dirname, "solve-worker.js");

/** What every allocation of one call shares. */
export interface AllocationContext {
  inst: Instance;
  sensing: SensingConstraint;
}

export const allocateOne = ({ inst, sensing }: AllocationContext, mask: boolean[]): Allocation => allocatePower(inst, mask, sensing);

/** allocatePower on every mask, in order, on all solver threads. */
export function allocateMany(inst: Instance, masks: boolean[][], sensing: SensingConstraint): Allocation[] {
  return mapOnThreads(WORKER, { inst, sensing }, masks, allocateOne);
}
