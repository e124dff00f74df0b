/**
 * A BatchMatMul gradient that never asks the wasm backend for a transposed matMul.
 *
 * tfjs's own gradient of C = op(A)·op(B) calls matMul with transposeA/transposeB set; the wasm
 * backend runs those through a slow path (measured 248 ms vs 16 ms for transpose-then-matMul on
 * a 3840×256 by 3840×128 product; DESIGN.md). The formulas are the same, with explicit transposes:
 *   C = A B     → dA = dC Bᵀ,   dB = Aᵀ dC
 *   C = A Bᵀ    → dA = dC B,    dB = dCᵀ A
 *   C = Aᵀ B    → dA = B dCᵀ,   dB = A dC
 *   C = Aᵀ Bᵀ   → dA = Bᵀ dCᵀ,  dB = dCᵀ Aᵀ
 * When OpenBLAS runs the products (native-gemm.ts) transposed operands cost nothing, and matMulT
 * passes the flags instead of materialising transposes.
 */
import * as tf from "@tensorflow/tfjs";
import { nativeGemmActive } from "./native-gemm";

/** Transpose of the last two axes. */
export function transposeLast2(x: tf.Tensor): tf.Tensor {
  const r = x.rank;
  if (r < 2) throw new Error(`transposeLast2 needs rank >= 2, got shape [${x.shape}]`);
  const perm = Array.from({ length: r }, (_, i) => i);
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return tf.transpose(x, perm);
}

/** op(a)·op(b): transpose flags where they are free (OpenBLAS), else explicit transposes. */
export function matMulT(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false): tf.Tensor {
  if (nativeGemmActive()) return tf.matMul(a, b, transposeA, transposeB);
  return tf.matMul(transposeA ? transposeLast2(a) : a, transposeB ? transposeLast2(b) : b);
}

export const explicitTransposeMatMulGrad: tf.GradConfig = {
  kernelName: tf.BatchMatMul,
  inputsToSave: ["a", "b"],
  gradFunc: (dy, saved, attrs) => {
    const [a, b] = saved;
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    const g = dy as tf.Tensor;
    if (!transposeA && !transposeB) return { a: () => matMulT(g, b, false, true), b: () => matMulT(a, g, true, false) };
    if (!transposeA && transposeB) return { a: () => matMulT(g, b), b: () => matMulT(g, a, true, false) };
    if (transposeA && !transposeB) return { a: () => matMulT(b, g, false, true), b: () => matMulT(a, g) };
    return { a: () => matMulT(b, g, true, true), b: () => matMulT(g, a, true, true) };
  },
};
