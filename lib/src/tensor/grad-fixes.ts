/**
 * Replacement gradients for kernels whose stock tfjs gradients are slow on the wasm and cpu
 * backends (matmul-grad.ts, max-grad.ts). They compute the same values; tests check them against the stock
 * ones. `initBackend` turns them on except on native TensorFlow.
 *
 * Measured and rejected: Mean/Sum gradients through tf.broadcastTo instead of a product with
 * ones(x.shape) — on wasm broadcastTo/tile of a [256,1,256] tensor to [256,15,256] takes 57 ms
 * against 2 ms for a broadcasting add, which doubled the reference training step.
 */
import * as tf from "@tensorflow/tfjs";
import { explicitTransposeMatMulGrad } from "./matmul-grad";
import { broadcastFreeMaxGrad } from "./max-grad";

const fixes: tf.GradConfig[] = [explicitTransposeMatMulGrad, broadcastFreeMaxGrad];
const originals = new Map<string, tf.GradConfig>();

/** Installs (true) or restores tfjs's own (false) gradients for the kernels above. */
export function setGradientFixes(enabled: boolean): void {
  for (const fix of fixes) {
    const current = tf.getGradient(fix.kernelName);
    if (!originals.has(fix.kernelName) && current && current !== fix) originals.set(fix.kernelName, current);
    const want = enabled ? fix : originals.get(fix.kernelName);
    if (!want || current === want) continue;
    // registerGradient warns when it overrides; the override is intended here.
    const warn = console.warn;
    console.warn = () => {};
    try {
      tf.registerGradient(want);
    } finally {
      console.warn = warn;
    }
  }
}

/** Whether the replacement gradients are the ones registered now. */
export function gradientFixesEnabled(): boolean {
  return fixes.every((f) => tf.getGradient(f.kernelName) === f);
}
