/**
 * Independent solves side by side on worker threads, behind a synchronous call: the calling thread
 * solves its own share while the workers solve theirs, then blocks (Atomics.wait) until each worker
 * has posted its answers, which it reads with receiveMessageOnPort — no event-loop turn is needed,
 * so callers stay plain functions. Each solve must be deterministic and single-threaded; the answers
 * then do not depend on how many threads ran them.
 *
 * A worker file calls `serveJobs` with the same solve function the caller passes to `mapOnThreads`.
 */
import * as os from "node:os";
import { MessageChannel, type MessagePort, Worker, parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";

interface Helper {
  worker: Worker;
  port: MessagePort;
  /** 0 while the worker is busy, 1 once its answers are posted */
  done: Int32Array;
}

/** One pool of helpers per worker file, started on first use. */
const pools = new Map<string, Helper[]>();
/** Longest wait for a worker's share (a worker that failed to load never answers). */
const WAIT_MS = 600_000;

/** Threads that solve side by side: ISAC_SOLVER_THREADS if set, else one per core. */
export function solverThreads(): number {
  const env = Number(process.env.ISAC_SOLVER_THREADS);
  return Number.isInteger(env) && env >= 1 ? env : os.availableParallelism();
}

function helpers(workerFile: string): Helper[] {
  const n = solverThreads() - 1;
  const pool = pools.get(workerFile) ?? [];
  pools.set(workerFile, pool);
  while (pool.length < n) {
    const { port1, port2 } = new MessageChannel();
    const done = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(workerFile, { workerData: { port: port2, done }, transferList: [port2] });
    worker.unref(); // idle helpers do not keep the process alive
    port1.unref();
    pool.push({ worker, port: port1, done });
  }
  return pool.slice(0, n);
}

/**
 * solve(context, item) for every item, in order; items are dealt round-robin over this thread and
 * the helpers of `workerFile` (which must serve the same function). Errors are rethrown here.
 */
export function mapOnThreads<C, I, A>(workerFile: string, context: C, items: I[], solve: (context: C, item: I) => A): A[] {
  const pool = items.length > 1 ? helpers(workerFile) : [];
  const share = (j: number) => items.filter((_, i) => i % (pool.length + 1) === j);
  pool.forEach((h, j) => {
    Atomics.store(h.done, 0, 0);
    h.port.postMessage({ context, items: share(j + 1) });
  });
  // Every helper's reply is collected before anything is thrown, so none is left for the next call.
  let mine: A[] = [];
  let failure: Error | null = null;
  try {
    mine = share(0).map((item) => solve(context, item));
  } catch (e) {
    failure = e as Error;
  }
  const replies = pool.map((h) => {
    if (Atomics.wait(h.done, 0, 0, WAIT_MS) === "timed-out") return { error: `no answer within ${WAIT_MS / 1000} s` };
    return (receiveMessageOnPort(h.port)?.message ?? { error: "no answer" }) as { answers?: A[]; error?: string };
  });
  if (failure) throw failure;
  const theirs = replies.map((r) => {
    if (!r.answers) throw new Error(`worker thread (${workerFile}) failed: ${r.error}`);
    return r.answers;
  });
  const out = [mine, ...theirs];
  return items.map((_, i) => out[i % (pool.length + 1)][Math.floor(i / (pool.length + 1))]);
}

/** The worker side of mapOnThreads: answers each share it is sent, then signals. */
export function serveJobs<C, I, A>(solve: (context: C, item: I) => A): void {
  if (parentPort === null || !workerData?.port) throw new Error("serveJobs: call it from a worker started by mapOnThreads");
  const { port, done } = workerData as { port: MessagePort; done: Int32Array };
  port.on("message", ({ context, items }: { context: C; items: I[] }) => {
    try {
      port.postMessage({ answers: items.map((item) => solve(context, item)) });
    } catch (e) {
      port.postMessage({ error: (e as Error).message });
    }
    Atomics.store(done, 0, 1);
    Atomics.notify(done, 0);
  });
}
