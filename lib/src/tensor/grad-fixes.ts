/**
 * Replacement gradients for kernels whose stock tfjs gradients are slow on the wasm and cpu
 * backends (see matmul-grad.ts and reduce-grad.ts). They compute the same values; tests check
 * them against the stock ones. `initBackend` turns them on except on native TensorFlow.
 */
import * as tf from "@tensorflow/tfjs";
import { explicitTransposeMatMulGrad } from "./matmul-grad";
import { broadcastReduceGrads } from "./reduce-grad";

const fixes: tf.GradConfig[] = [explicitTransposeMatMulGrad, ...broadcastReduceGrads];
const originals = new Map<string, tf.GradConfig>();

/** Installs (true) or restores tfjs's own (false) gradients for BatchMatMul, Mean and Sum. */
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
