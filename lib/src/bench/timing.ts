import { tf } from "../tensor/backend";

/** Median wall time of `fn` over `reps` runs after 3 warm-up runs. */
export function medianMs(fn: () => void, reps: number): number {
  for (let i = 0; i < 3; i++) fn();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return ts[Math.floor(ts.length / 2)];
}

/** Kernel time by kernel name over one profiled call (ms, number of calls), largest first. */
export interface KernelTime {
  kernel: string;
  ms: number;
  calls: number;
}

/**
 * One profiled call of `fn` (tf.profile): the peak tensor memory (MiB), i.e. the most bytes held by
 * live tensors at any moment (weights, optimiser state and inputs included), and the time per
 * kernel (the backend's own kernels only; per-kernel times are single samples, so noisy).
 */
export async function profileStep(fn: () => void): Promise<{ peakMb: number; kernels: KernelTime[] }> {
  const info = await tf.profile(fn);
  const byName = new Map<string, KernelTime>();
  for (const k of info.kernels) {
    if (!tf.getKernel(k.name, tf.getBackend())) continue; // a scope (customGrad's "forward", an op's name), not a kernel
    const e = byName.get(k.name) ?? { kernel: k.name, ms: 0, calls: 0 };
    e.ms += typeof k.kernelTimeMs === "number" ? k.kernelTimeMs : 0;
    e.calls += 1;
    byName.set(k.name, e);
  }
  return { peakMb: info.peakBytes / 2 ** 20, kernels: [...byName.values()].sort((x, y) => y.ms - x.ms) };
}
