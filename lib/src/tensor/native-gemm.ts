/**
 * Matrix products of the wasm backend through the system's BLAS (OpenBLAS), when the optional
 * native addon `lib/native` was built (`npx isac build-native`; needs g++ and libopenblas-dev).
 *
 * The wasm backend keeps every tensor in its linear memory; the addon reads and writes that memory
 * in place (Float32Array views, no copies) and runs cblas_sgemm, which on x86-64 uses AVX2/AVX-512
 * where wasm has 128-bit SIMD — the matrix products of our GNNs are most of a training step.
 * The kernels BatchMatMul and _FusedMatMul (bias + linear/relu/relu6/leakyrelu/sigmoid/elu) are
 * replaced; what they do not cover (prelu, non-float32) goes to the wasm kernel they replace. Results equal the wasm kernels' up to float32 summation order.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { tf } from "./backend";

interface NativeBlas {
  gemm(a: Float32Array, b: Float32Array, c: Float32Array, batch: number, m: number, n: number, k: number, transA: boolean, transB: boolean, strideA: number, strideB: number): void;
  biasActivation(c: Float32Array, bias: Float32Array | null, n: number, activation: number, alpha: number): void;
  setThreads(n: number): void;
}

/** Where `npx isac build-native` puts the addon. */
export const NATIVE_ADDON = path.join(__dirname, "..", "..", "native", "isac_blas.node");

const ACTIVATIONS: Record<string, number> = { linear: 0, relu: 1, leakyrelu: 2, sigmoid: 3, relu6: 4, elu: 5 };

/* eslint-disable @typescript-eslint/no-explicit-any -- the wasm backend's internals are untyped */
type WasmBackend = any;
type TensorInfo = { dataId: object; shape: number[]; dtype: string };

function view(backend: WasmBackend, t: TensorInfo): Float32Array {
  const offset = backend.dataIdMap.get(t.dataId).memoryOffset as number;
  return new Float32Array(backend.wasm.HEAPU8.buffer, offset, tf.util.sizeFromShape(t.shape));
}

/**
 * op(a)·op(b) into a new output, batch dimensions broadcast as numpy does. The wasm kernel gets
 * two cases wrong that this one gets right: general broadcasting ([2,1,m,k]·[1,3,k,n]) and, for
 * _FusedMatMul, transposeB with a bias (tfjs 4.22; see lib/test/native-gemm.test.ts).
 */
function gemm(native: NativeBlas, backend: WasmBackend, a: TensorInfo, b: TensorInfo, transA: boolean, transB: boolean): TensorInfo | null {
  if (a.dtype !== "float32" || b.dtype !== "float32") return null;
  const ra = a.shape.length, rb = b.shape.length;
  const m = transA ? a.shape[ra - 1] : a.shape[ra - 2], k = transA ? a.shape[ra - 2] : a.shape[ra - 1];
  const kb = transB ? b.shape[rb - 1] : b.shape[rb - 2], n = transB ? b.shape[rb - 2] : b.shape[rb - 1];
  if (k !== kb) return null; // let the wasm kernel report the mismatch
  const leadA = a.shape.slice(0, -2), leadB = b.shape.slice(0, -2);
  const outer = tf.backend_util.assertAndGetBroadcastShape(leadA, leadB);
  const batch = tf.util.sizeFromShape(outer), batchA = tf.util.sizeFromShape(leadA), batchB = tf.util.sizeFromShape(leadB);
  const out = backend.makeOutput([...outer, m, n], "float32") as TensorInfo;
  if (batch * m * n === 0) return out;
  const c = view(backend, out); // views after makeOutput: allocation may grow the wasm memory
  if (k === 0) return c.fill(0), out;
  const va = view(backend, a), vb = view(backend, b);
  if ((batchA === batch || batchA === 1) && (batchB === batch || batchB === 1)) {
    native.gemm(va, vb, c, batch, m, n, k, transA, transB, batchA === 1 ? 0 : m * k, batchB === 1 ? 0 : k * n);
    return out;
  }
  // General broadcasting: one product per output batch index, operands located by their own strides.
  const offset = (lead: number[], idx: number[]) => {
    let flat = 0;
    lead.forEach((d, i) => (flat = flat * d + (d === 1 ? 0 : idx[i + outer.length - lead.length])));
    return flat;
  };
  for (let f = 0; f < batch; f++) {
    const idx = outer.map((_, i) => Math.floor(f / tf.util.sizeFromShape(outer.slice(i + 1))) % outer[i]);
    const oa = offset(leadA, idx) * m * k, ob = offset(leadB, idx) * k * n;
    native.gemm(va.subarray(oa, oa + m * k), vb.subarray(ob, ob + k * n), c.subarray(f * m * n, (f + 1) * m * n), 1, m, n, k, transA, transB, 0, 0);
  }
  return out;
}

let installed: boolean | null = null;

/** Whether the matrix products run on OpenBLAS now. */
export function nativeGemmActive(): boolean {
  return installed === true && tf.getBackend() === "wasm";
}

/**
 * Replaces the wasm backend's matrix-product kernels by BLAS ones when the addon loads; returns
 * whether it did. `threads` sets OpenBLAS's thread count (default: $ISAC_BLAS_THREADS or 1).
 */
export function installNativeGemm(threads = Number(process.env.ISAC_BLAS_THREADS ?? 1)): boolean {
  if (installed !== null) return installed;
  installed = false;
  if (!fs.existsSync(NATIVE_ADDON)) return false;
  let native: NativeBlas;
  try {
    native = require(NATIVE_ADDON) as NativeBlas;
  } catch (e) {
    console.warn(`${NATIVE_ADDON} did not load (${(e as Error).message.split("\n")[0]}); matrix products stay on wasm`);
    return false;
  }
  native.setThreads(threads);
  const wasmBatch = tf.getKernel("BatchMatMul", "wasm")!;
  const wasmFused = tf.getKernel("_FusedMatMul", "wasm")!;
  const replace = (cfg: tf.KernelConfig, kernelFunc: tf.KernelFunc) => {
    tf.unregisterKernel(cfg.kernelName, "wasm");
    tf.registerKernel({ ...cfg, kernelFunc });
  };
  replace(wasmBatch, (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    return (gemm(native, args.backend, a, b, transposeA, transposeB) ?? wasmBatch.kernelFunc(args)) as tf.TensorInfo;
  });
  replace(wasmFused, (args) => {
    const { a, b, bias, preluActivationWeights } = args.inputs as Record<string, TensorInfo | undefined>;
    const { transposeA, transposeB, activation, leakyreluAlpha } = args.attrs as { transposeA: boolean; transposeB: boolean; activation: string; leakyreluAlpha?: number };
    const act = ACTIVATIONS[activation ?? "linear"];
    const n = (transposeB ? b!.shape[b!.shape.length - 2] : b!.shape[b!.shape.length - 1]) as number;
    if (act === undefined || preluActivationWeights || (bias && tf.util.sizeFromShape(bias.shape) !== n)) return wasmFused.kernelFunc(args) as tf.TensorInfo;
    const out = gemm(native, args.backend, a!, b!, transposeA, transposeB);
    if (!out) return wasmFused.kernelFunc(args) as tf.TensorInfo;
    if (tf.util.sizeFromShape(out.shape) > 0) native.biasActivation(view(args.backend, out), bias ? view(args.backend, bias) : null, n, act, leakyreluAlpha ?? 0.2);
    return out as tf.TensorInfo;
  });
  installed = true;
  return true;
}
