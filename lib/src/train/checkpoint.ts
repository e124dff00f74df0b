/**
 * Model weights on disk: one JSON file of named float32 arrays (base64), written atomically.
 * Loading checks every name and shape, so a stale or foreign file fails loudly.
 */
import * as fs from "node:fs";
import { writeFileAtomic } from "../core/files";
import { tf } from "../tensor/backend";

interface WeightFile {
  format: "isac-weights-1";
  meta: Record<string, unknown>;
  tensors: Array<{ name: string; shape: number[]; data: string }>;
}

/** Saves variables in order under the given names (default: their index). */
export function saveWeights(file: string, variables: tf.Variable[], meta: Record<string, unknown> = {}): void {
  const tensors = variables.map((v, i) => ({
    name: String(i),
    shape: v.shape,
    data: Buffer.from((v.dataSync() as Float32Array).buffer.slice(0)).toString("base64"),
  }));
  const body: WeightFile = { format: "isac-weights-1", meta, tensors };
  writeFileAtomic(file, JSON.stringify(body));
}

/** Loads weights saved by saveWeights into the variables (same order and shapes); returns meta. */
export function loadWeights(file: string, variables: tf.Variable[]): Record<string, unknown> {
  if (!fs.existsSync(file)) throw new Error(`weights file not found: ${file}`);
  let w: WeightFile;
  try {
    w = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file}: not a readable weights file (${(e as Error).message})`);
  }
  if (w.format !== "isac-weights-1") throw new Error(`${file}: unknown weights format '${w.format}'`);
  if (w.tensors.length !== variables.length) {
    throw new Error(`${file}: holds ${w.tensors.length} tensors, the model has ${variables.length}`);
  }
  w.tensors.forEach((t, i) => {
    const v = variables[i];
    if (t.shape.join(",") !== v.shape.join(",")) {
      throw new Error(`${file}: tensor ${i} has shape [${t.shape}], the model's variable has [${v.shape}]`);
    }
    const buf = Buffer.from(t.data, "base64");
    const arr = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
    if (arr.length !== v.size) throw new Error(`${file}: tensor ${i} has ${arr.length} values, expected ${v.size}`);
    v.assign(tf.tensor(arr.slice(), v.shape));
  });
  return w.meta;
}
