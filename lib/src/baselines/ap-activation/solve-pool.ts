/**
 * Power allocations solved side by side on worker threads, behind a synchronous call: a level of
 * branch-and-bound tries independent active sets, and on this 2-core machine a second core halves
 * its wall time. Each solve is deterministic and single-threaded, so the answers do not depend on
 * how many threads ran them.
 *
 * The caller solves its own share while the workers solve theirs, then blocks (Atomics.wait) until
 * each worker has posted its answers, which it reads with receiveMessageOnPort: no event loop turn
 * is needed, so branchAndBound stays a plain function.
 */
import * as os from "node:os";
import * as path from "node:path";
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from "node:worker_threads";
import type { Instance } from "../../systems/ap-activation";
import { type Allocation, type SensingConstraint, allocatePower } from "./power-allocation";

/** What a worker is asked to solve. */
export interface SolveJob {
  inst: Instance;
  masks: boolean[][];
  sensing: SensingConstraint;
}

interface Helper {
  worker: Worker;
  port: MessagePort;
  /** 0 while the worker is busy, 1 once its answers are posted */
  done: Int32Array;
}

const helpers: Helper[] = [];
/** Longest wait for a worker's batch (a worker that failed to load never answers). */
const WAIT_MS = 600_000;

/** Worker threads besides the calling one: ISAC_SOLVER_THREADS − 1 if set, else one per spare core. */
export function helperCount(): number {
  const env = Number(process.env.ISAC_SOLVER_THREADS);
  const threads = Number.isInteger(env) && env >= 1 ? env : os.availableParallelism();
  return Math.max(0, threads - 1);
}

function ensureHelpers(): Helper[] {
  const n = helperCount();
  while (helpers.length < n) {
    const { port1, port2 } = new MessageChannel();
    const done = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(path.join(__dirname, "solve-worker.js"), { workerData: { port: port2, done }, transferList: [port2] });
    worker.unref(); // idle helpers do not keep the process alive
    port1.unref();
    helpers.push({ worker, port: port1, done });
  }
  return helpers.slice(0, n);
}

/** allocatePower on every mask, in order; masks are dealt round-robin over this thread and the helpers. */
export function allocateMany(inst: Instance, masks: boolean[][], sensing: SensingConstraint): Allocation[] {
  const pool = masks.length > 1 ? ensureHelpers() : [];
  const share = (j: number) => masks.filter((_, i) => i % (pool.length + 1) === j);
  pool.forEach((h, j) => {
    Atomics.store(h.done, 0, 0);
    h.port.postMessage({ inst, masks: share(j + 1), sensing } satisfies SolveJob);
  });
  // Every helper's reply is collected before anything is thrown, so none is left for the next call.
  let mine: Allocation[] = [];
  let failure: Error | null = null;
  try {
    mine = share(0).map((mask) => allocatePower(inst, mask, sensing));
  } catch (e) {
    failure = e as Error;
  }
  const replies = pool.map((h) => {
    if (Atomics.wait(h.done, 0, 0, WAIT_MS) === "timed-out") return { error: `no answer within ${WAIT_MS / 1000} s` };
    return (receiveMessageOnPort(h.port)?.message ?? { error: "no answer" }) as { answers?: Allocation[]; error?: string };
  });
  if (failure) throw failure;
  const theirs = replies.map((r) => {
    if (!r.answers) throw new Error(`power-allocation worker failed: ${r.error}`);
    return r.answers;
  });
  const out = [mine, ...theirs];
  return masks.map((_, i) => out[i % (pool.length + 1)][Math.floor(i / (pool.length + 1))]);
}
