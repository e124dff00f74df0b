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

/**
 * Peak tensor memory (MiB) during one call of `fn`: tf.profile's peakBytes, the most bytes held by
 * live tensors at any moment (weights, optimiser state and inputs included).
 */
export async function peakTensorMb(fn: () => void): Promise<number> {
  return (await tf.profile(fn)).peakBytes / 2 ** 20;
}
