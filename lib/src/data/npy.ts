/**
 * NumPy `.npy` / `.npz` reading and writing (format version 1.0–3.0), enough for DeepMIMO v4 matrices:
 * little/big-endian float16/32/64, (u)int8–64, bool, complex64/128; C or Fortran order.
 * Arrays come back row-major (C order) as float64 (complex as separate re/im).
 * `.npz` is a zip of `.npy` members (stored or deflated), unpacked with fflate.
 */
import * as fs from "node:fs";
import { unzipSync, zipSync, strToU8 } from "fflate";

export interface NpyArray {
  /** NumPy dtype string from the header, e.g. "<f4". */
  dtype: string;
  shape: number[];
  /** Values in row-major order (NaN kept). */
  data: Float64Array;
  /** Imaginary parts for complex dtypes. */
  im?: Float64Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Parses one `.npy` payload; `file` names it in errors. */
export function parseNpy(bytes: Uint8Array, file = "<buffer>"): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new Error(`${file}: not a .npy array (missing \\x93NUMPY magic)`);
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (start + headerLen > bytes.length) throw new Error(`${file}: truncated .npy header`);
  const header = new TextDecoder("latin1").decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*True/.test(header);
  const shapeTxt = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || shapeTxt === undefined) throw new Error(`${file}: unreadable .npy header ${JSON.stringify(header.trim())}`);
  const shape = shapeTxt.split(",").map((s) => s.trim()).filter((s) => s.length).map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const le = descr[0] !== ">";
  const kind = descr[1];
  const width = Number(descr.slice(2));
  const complex = kind === "c";
  const itemWidth = complex ? width / 2 : width;
  const off = start + headerLen;
  const need = count * width;
  if (off + need > bytes.length) throw new Error(`${file}: truncated .npy data: shape [${shape}] of ${descr} needs ${need} bytes, found ${bytes.length - off}`);
  const read = readerFor(kind === "c" ? "f" : kind, itemWidth, descr, file);
  const n = count * (complex ? 2 : 1);
  const flat = new Float64Array(n);
  for (let i = 0; i < n; i++) flat[i] = read(view, off + i * itemWidth, le);
  let re = flat, im: Float64Array | undefined;
  if (complex) {
    re = new Float64Array(count);
    im = new Float64Array(count);
    for (let i = 0; i < count; i++) { re[i] = flat[2 * i]; im[i] = flat[2 * i + 1]; }
  }
  if (fortran && shape.length > 1) {
    re = fortranToC(re, shape);
    if (im) im = fortranToC(im, shape);
  }
  return { dtype: descr, shape, data: re, im };
}

function readerFor(kind: string, w: number, descr: string, file: string): (v: DataView, o: number, le: boolean) => number {
  if (kind === "f" && w === 8) return (v, o, le) => v.getFloat64(o, le);
  if (kind === "f" && w === 4) return (v, o, le) => v.getFloat32(o, le);
  if (kind === "f" && w === 2) return (v, o, le) => half(v.getUint16(o, le));
  if (kind === "i" && w === 1) return (v, o) => v.getInt8(o);
  if ((kind === "u" || kind === "b") && w === 1) return (v, o) => v.getUint8(o);
  if (kind === "i" && w === 2) return (v, o, le) => v.getInt16(o, le);
  if (kind === "u" && w === 2) return (v, o, le) => v.getUint16(o, le);
  if (kind === "i" && w === 4) return (v, o, le) => v.getInt32(o, le);
  if (kind === "u" && w === 4) return (v, o, le) => v.getUint32(o, le);
  if (kind === "i" && w === 8) return (v, o, le) => Number(v.getBigInt64(o, le));
  if (kind === "u" && w === 8) return (v, o, le) => Number(v.getBigUint64(o, le));
  throw new Error(`${file}: unsupported .npy dtype '${descr}' (numeric dtypes only; object arrays need pickle)`);
}

function half(h: number): number {
  const s = h & 0x8000 ? -1 : 1, e = (h >> 10) & 0x1f, f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

function fortranToC(a: Float64Array, shape: number[]): Float64Array {
  const out = new Float64Array(a.length);
  const nd = shape.length;
  const idx = new Array(nd).fill(0);
  for (let f = 0; f < a.length; f++) {
    // f enumerates Fortran order (first index fastest); compute the C offset.
    let c = 0;
    for (let d = 0; d < nd; d++) c = c * shape[d] + idx[d];
    out[c] = a[f];
    for (let d = 0; d < nd; d++) { if (++idx[d] < shape[d]) break; idx[d] = 0; }
  }
  return out;
}

/** Reads a `.npy` file. */
export function readNpy(file: string): NpyArray {
  if (!fs.existsSync(file)) throw new Error(`${file}: missing`);
  return parseNpy(fs.readFileSync(file), file);
}

/** Reads every array of a `.npz` file, keyed by member name without `.npy`. */
export function readNpz(file: string): Record<string, NpyArray> {
  if (!fs.existsSync(file)) throw new Error(`${file}: missing`);
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(fs.readFileSync(file));
  } catch (e) {
    throw new Error(`${file}: not a readable .npz (zip) archive (${e instanceof Error ? e.message : e})`);
  }
  const out: Record<string, NpyArray> = {};
  for (const [name, bytes] of Object.entries(members)) out[name.replace(/\.npy$/, "")] = parseNpy(bytes, `${file}:${name}`);
  return out;
}

/** Serialises a float32/float64 array as `.npy` (C order, little-endian). */
export function encodeNpy(data: Float32Array | Float64Array, shape: number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new Error(`encodeNpy: shape [${shape}] needs ${count} values, got ${data.length}`);
  const descr = data instanceof Float32Array ? "<f4" : "<f8";
  const shapeTxt = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeTxt}, }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += " ".repeat(pad % 64) + "\n";
  const head = strToU8(header);
  const out = new Uint8Array(10 + head.length + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, head.length, true);
  out.set(head, 10);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + head.length);
  return out;
}

/** Serialises named arrays as a deflated `.npz` archive (what `np.savez_compressed` writes). */
export function encodeNpz(arrays: Record<string, { data: Float32Array | Float64Array; shape: number[] }>): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [k, a] of Object.entries(arrays)) files[`${k}.npy`] = encodeNpy(a.data, a.shape);
  return zipSync(files, { level: 6, mtime: new Date("2000-01-01T00:00:00Z") });
}
