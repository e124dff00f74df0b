/**
 * TensorFlow.js backend choice. One tfjs instance for the whole project: import `tf` from here.
 *
 * Order: `tensorflow` (native, from the optional @tensorflow/tfjs-node, when its binding loads),
 * then `wasm` (its .wasm files ship inside the npm package, works offline), then `cpu` (pure JS).
 * $ISAC_BACKEND=tensorflow|wasm|cpu forces one. On wasm and cpu, the gradient of BatchMatMul
 * is replaced by a faster equivalent (see ./grad-fixes.ts). On wasm, matrix products run on
 * OpenBLAS when the optional addon is built (see ./native-gemm.ts; $ISAC_NATIVE_GEMM=0 turns it off).
 */
// The umbrella package: tfjs-core with chained ops (x.square()), the cpu backend, layers, optimisers.
import * as tf from "@tensorflow/tfjs";
import * as path from "node:path";
import { setGradientFixes } from "./grad-fixes";
import { installNativeGemm } from "./native-gemm";

export { tf };
export type BackendName = "tensorflow" | "wasm" | "cpu";

let chosen: Promise<BackendName> | null = null;
/** Whether the wasm backend's matrix products run on OpenBLAS (see ./native-gemm.ts). */
let nativeGemm = false;

function tryLoadNative(): boolean {
  try {
    require("@tensorflow/tfjs-node");
    return tf.findBackend("tensorflow") !== null || tf.engine().registryFactory["tensorflow"] !== undefined;
  } catch {
    return false;
  }
}

async function tryWasm(): Promise<boolean> {
  try {
    const wasm = require("@tensorflow/tfjs-backend-wasm") as typeof import("@tensorflow/tfjs-backend-wasm");
    const dist = path.join(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist") + path.sep;
    wasm.setWasmPaths(dist);
    return await tf.setBackend("wasm");
  } catch {
    return false;
  }
}

async function choose(preferred: BackendName | "auto"): Promise<BackendName> {
  const order: BackendName[] = preferred === "auto" ? ["tensorflow", "wasm", "cpu"] : [preferred];
  for (const name of order) {
    let ok = false;
    if (name === "tensorflow") ok = tryLoadNative() && (await tf.setBackend("tensorflow"));
    else if (name === "wasm") ok = await tryWasm();
    else ok = await tf.setBackend("cpu");
    if (ok) {
      await tf.ready();
      setGradientFixes(name !== "tensorflow");
      if (name === "wasm" && process.env.ISAC_NATIVE_GEMM !== "0") nativeGemm = installNativeGemm();
      return name;
    }
    if (preferred !== "auto") throw new Error(`tfjs backend '${name}' (from ISAC_BACKEND) could not be initialised`);
  }
  throw new Error("no tfjs backend could be initialised");
}

/**
 * Initialises the backend once (later calls return the same choice) and prints which one runs.
 * `preferred` defaults to $ISAC_BACKEND or "auto".
 */
export function initBackend(preferred?: BackendName | "auto", options: { quiet?: boolean } = {}): Promise<BackendName> {
  if (!chosen) {
    const want = (preferred ?? (process.env.ISAC_BACKEND as BackendName | undefined) ?? "auto") as BackendName | "auto";
    if (!["auto", "tensorflow", "wasm", "cpu"].includes(want)) {
      throw new Error(`unknown tfjs backend '${want}': expected auto, tensorflow, wasm or cpu`);
    }
    chosen = choose(want).then((name) => {
      const blas = nativeGemm ? `, matrix products on OpenBLAS (${process.env.ISAC_BLAS_THREADS ?? 1} thread(s))` : "";
      if (!options.quiet) console.log(`tfjs backend: ${name} (tfjs-core ${tf.version_core})${blas}`);
      return name;
    });
  }
  return chosen;
}
