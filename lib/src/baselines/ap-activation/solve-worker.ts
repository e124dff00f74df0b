/** A helper thread of solve-pool.ts: solves the power allocations it is sent and signals when done. */
import { type MessagePort, workerData } from "node:worker_threads";
import { allocatePower } from "./power-allocation";
import type { SolveJob } from "./solve-pool";

const { port, done } = workerData as { port: MessagePort; done: Int32Array };
port.on("message", ({ inst, masks, sensing }: SolveJob) => {
  try {
    port.postMessage({ answers: masks.map((mask) => allocatePower(inst, mask, sensing)) });
  } catch (e) {
    port.postMessage({ error: (e as Error).message });
  }
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
});
