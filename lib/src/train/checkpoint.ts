/**
 * Tensors on disk: one JSON file of named float32 arrays (base64), written atomically. Used for
 * model weights and for the Trainer's resumable checkpoints. Loading checks every name and shape,
 * so a stale or foreign file fails loudly.
 */
import * as fs from "node:fs";
import { writeFileAtomic } from "../core/files";
import { tf } from "../tensor/backend";

interface WeightFile {
  format: "isac-weights-1";
  meta: Record<string, unknown>;
  tensors: Array<{ name: string; shape: number[]; data: string }>;
}

/** A tensor as read from a file. */
export interface StoredTensor {
  shape: number[];
  values: Float32Array;
}

/** Saves tensors in order (named by their index) with a JSON-able `meta`. */
export function saveWeights(file: string, tensors: tf.Tensor[], meta: Record<string, unknown> = {}): void {
  const body: WeightFile = {
    format: "isac-weights-1",
    meta,
    tensors: tensors.map((v, i) => ({
      name: String(i),
      shape: v.shape,
      data: Buffer.from((v.dataSync() as Float32Array).buffer.slice(0)).toString("base64"),
    })),
  };
  writeFileAtomic(file, JSON.stringify(body));
}

/** Reads a file written by saveWeights. */
export function readWeights(file: string): { meta: Record<string, unknown>; tensors: StoredTensor[] } {
  if (!fs.existsSync(file)) throw new Error(`weights file not found: ${file}`);
  let w: WeightFile;
  try {
    w = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file}: not a readable weights file (${(e as Error).message})`);
  }
  if (w.format !== "isac-weights-1") throw new Error(`${file}: unknown weights format '${w.format}'`);
  const tensors = w.tensors.map((t, i) => {
    const buf = Buffer.from(t.data, "base64");
    const values = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (values.length !== size) throw new Error(`${file}: tensor ${i} has ${values.length} values, its shape [${t.shape}] needs ${size}`);
    return { shape: t.shape, values };
  });
  return { meta: w.meta, tensors };
}

/** Assigns stored tensors to variables (same order and shapes); `file` names the source in errors. */
export function assignStored(file: string, stored: StoredTensor[], variables: tf.Variable[]): void {
  stored.forEach((t, i) => {
    const v = variables[i];
    if (t.shape.join(",") !== v.shape.join(",")) {
      throw new Error(`${file}: tensor ${i} has shape [${t.shape}], the model's variable has [${v.shape}]`);
    }
  });
  stored.forEach((t, i) => tf.tidy(() => variables[i].assign(tf.tensor(t.values, t.shape))));
}

/** Loads weights saved by saveWeights into the variables (same order and shapes); returns meta. */
export function loadWeights(file: string, variables: tf.Variable[]): Record<string, unknown> {
  const { meta, tensors } = readWeights(file);
  if (tensors.length !== variables.length) {
    throw new Error(`${file}: holds ${tensors.length} tensors, the model has ${variables.length}`);
  }
  assignStored(file, tensors, variables);
  return meta;
}
