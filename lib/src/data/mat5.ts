/**
 * A small reader for MATLAB level-5 MAT files (the format of `save -v7` and `scipy.io.savemat`),
 * written from MathWorks' "MAT-File Format" specification.
 *
 * Supported: uncompressed and zlib-compressed (`miCOMPRESSED`) variables; numeric arrays of every
 * class (real and complex; integers widen to float64), logical, char (UTF-8/16/32 and uint16
 * storage), cell and struct arrays, both byte orders. Sparse, object, function-handle and opaque
 * (MATLAB string/table) variables are returned as `{ kind: "unsupported" }` so that a file holding
 * one of them can still be read for its other variables. MAT v7.3 (HDF5) files are rejected with
 * a message that says so.
 *
 * Arrays keep MATLAB's column-major order: element (i, j) of an m×n array is `re[i + m*j]`.
 * Every error names the file and what is wrong, e.g. a truncated element or a bad zlib stream.
 */
import * as fs from "node:fs";
import { unzlibSync } from "fflate";

export type MatNumericClass =
  | "double" | "single" | "int8" | "uint8" | "int16" | "uint16"
  | "int32" | "uint32" | "int64" | "uint64" | "logical";

export interface MatNumeric {
  kind: "numeric";
  class: MatNumericClass;
  dims: number[];
  /** Real parts in column-major order (integers and logicals converted to numbers). */
  re: Float64Array;
  /** Imaginary parts, present only for complex arrays. */
  im?: Float64Array;
}
export interface MatChar {
  kind: "char";
  dims: number[];
  /** The characters in column-major order; for a 1×n row vector, simply the string. */
  text: string;
}
export interface MatCell {
  kind: "cell";
  dims: number[];
  /** Elements in column-major order. */
  items: MatValue[];
}
export interface MatStruct {
  kind: "struct";
  dims: number[];
  fieldNames: string[];
  /** One record per struct element, column-major. */
  items: Record<string, MatValue>[];
}
export interface MatUnsupported {
  kind: "unsupported";
  /** MATLAB class name, e.g. "sparse", "object", "function_handle", "opaque". */
  className: string;
  dims: number[];
}
export type MatValue = MatNumeric | MatChar | MatCell | MatStruct | MatUnsupported;

/** Thrown for files that are not valid MAT v5; the message names the file. */
export class MatFormatError extends Error {
  constructor(readonly file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = "MatFormatError";
  }
}

// Data types of data elements (spec table 1-1).
const MI = {
  INT8: 1, UINT8: 2, INT16: 3, UINT16: 4, INT32: 5, UINT32: 6, SINGLE: 7, DOUBLE: 9,
  INT64: 12, UINT64: 13, MATRIX: 14, COMPRESSED: 15, UTF8: 16, UTF16: 17, UTF32: 18,
} as const;
const MI_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 2, 5: 4, 6: 4, 7: 4, 9: 8, 12: 8, 13: 8, 16: 1, 17: 2, 18: 4 };

// Array classes (spec table 1-3).
const MX_NUMERIC: Record<number, MatNumericClass> = {
  6: "double", 7: "single", 8: "int8", 9: "uint8", 10: "int16", 11: "uint16",
  12: "int32", 13: "uint32", 14: "int64", 15: "uint64",
};
const MX_OTHER: Record<number, string> = { 3: "object", 5: "sparse", 16: "function_handle", 17: "opaque" };
const MX_CELL = 1, MX_STRUCT = 2, MX_CHAR = 4;
const FLAG_COMPLEX = 0x0800, FLAG_LOGICAL = 0x0200;

/** A bounds-checked little/big-endian cursor over one byte buffer. */
class Cursor {
  readonly view: DataView;
  constructor(readonly bytes: Uint8Array, readonly le: boolean, readonly file: string, readonly where: string) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  fail(offset: number, detail: string): never {
    throw new MatFormatError(this.file, `${detail} (${this.where}, byte ${offset})`);
  }
  need(offset: number, n: number, what: string): void {
    if (offset < 0 || offset + n > this.bytes.length) {
      this.fail(offset, `truncated: ${what} needs ${n} bytes but only ${Math.max(0, this.bytes.length - offset)} remain`);
    }
  }
  u32(o: number): number {
    this.need(o, 4, "a 32-bit field");
    return this.view.getUint32(o, this.le);
  }
}

interface Element {
  type: number;
  /** Byte offset of the element's data within the cursor's buffer. */
  data: number;
  size: number;
  /** Offset of the next element. */
  next: number;
}

/** Reads one data element tag (normal 8-byte or small 4-byte form) at `o`. */
function readTag(c: Cursor, o: number, what: string): Element {
  c.need(o, 8, `the tag of ${what}`);
  const first = c.u32(o);
  const small = first >>> 16;
  if (small !== 0) {
    // Small data element: size in the upper 16 bits, type in the lower, data in the next 4 bytes.
    if (small > 4) c.fail(o, `bad small data element size ${small} in ${what}`);
    return { type: first & 0xffff, data: o + 4, size: small, next: o + 8 };
  }
  const size = c.u32(o + 4);
  const type = first;
  // Compressed elements are not padded; all others are padded to a multiple of 8 bytes.
  const padded = type === MI.COMPRESSED ? size : Math.ceil(size / 8) * 8;
  c.need(o + 8, size, `${what} (type ${type}, ${size} bytes)`);
  return { type, data: o + 8, size, next: Math.min(o + 8 + padded, c.bytes.length) };
}

/** Converts a numeric data element to float64 values. */
function readNumbers(c: Cursor, el: Element, what: string): Float64Array {
  const width = MI_SIZE[el.type];
  if (!width || el.type === MI.UTF8 || el.type === MI.UTF16 || el.type === MI.UTF32) {
    c.fail(el.data, `${what}: expected a numeric data element, found type ${el.type}`);
  }
  if (el.size % width !== 0) c.fail(el.data, `${what}: ${el.size} bytes is not a whole number of ${width}-byte values`);
  const n = el.size / width;
  const out = new Float64Array(n);
  const v = c.view, le = c.le;
  let o = el.data;
  switch (el.type) {
    case MI.DOUBLE:
      if (le && (v.byteOffset + o) % 8 === 0) {
        out.set(new Float64Array(v.buffer, v.byteOffset + o, n));
      } else for (let i = 0; i < n; i++, o += 8) out[i] = v.getFloat64(o, le);
      break;
    case MI.SINGLE: for (let i = 0; i < n; i++, o += 4) out[i] = v.getFloat32(o, le); break;
    case MI.INT8: for (let i = 0; i < n; i++, o += 1) out[i] = v.getInt8(o); break;
    case MI.UINT8: for (let i = 0; i < n; i++, o += 1) out[i] = v.getUint8(o); break;
    case MI.INT16: for (let i = 0; i < n; i++, o += 2) out[i] = v.getInt16(o, le); break;
    case MI.UINT16: for (let i = 0; i < n; i++, o += 2) out[i] = v.getUint16(o, le); break;
    case MI.INT32: for (let i = 0; i < n; i++, o += 4) out[i] = v.getInt32(o, le); break;
    case MI.UINT32: for (let i = 0; i < n; i++, o += 4) out[i] = v.getUint32(o, le); break;
    case MI.INT64: for (let i = 0; i < n; i++, o += 8) out[i] = Number(v.getBigInt64(o, le)); break;
    case MI.UINT64: for (let i = 0; i < n; i++, o += 8) out[i] = Number(v.getBigUint64(o, le)); break;
  }
  return out;
}

function readText(c: Cursor, el: Element): string {
  const b = c.bytes.subarray(el.data, el.data + el.size);
  if (el.type === MI.UTF8 || el.type === MI.INT8 || el.type === MI.UINT8) return new TextDecoder("utf-8").decode(b);
  if (el.type === MI.UTF16 || el.type === MI.UINT16 || el.type === MI.INT16) {
    let s = "";
    for (let o = 0; o < el.size; o += 2) s += String.fromCharCode(c.view.getUint16(el.data + o, c.le));
    return s;
  }
  if (el.type === MI.UTF32 || el.type === MI.UINT32 || el.type === MI.INT32) {
    let s = "";
    for (let o = 0; o < el.size; o += 4) s += String.fromCodePoint(c.view.getUint32(el.data + o, c.le));
    return s;
  }
  return c.fail(el.data, `char data of unexpected type ${el.type}`);
}

const product = (dims: number[]) => dims.reduce((a, b) => a * b, 1);

/** Parses the body of a miMATRIX element spanning [start, end). Returns the variable's name and value. */
function readMatrix(c: Cursor, start: number, end: number, path: string): { name: string; value: MatValue } {
  if (end === start) return { name: "", value: { kind: "numeric", class: "double", dims: [0, 0], re: new Float64Array(0) } };
  const flagsEl = readTag(c, start, `array flags of ${path}`);
  if (flagsEl.size < 8) c.fail(start, `array flags of ${path} must be 8 bytes, found ${flagsEl.size}`);
  const flags = c.u32(flagsEl.data);
  const mxClass = flags & 0xff;
  const dimsEl = readTag(c, flagsEl.next, `dimensions of ${path}`);
  const dims = Array.from(readNumbers(c, dimsEl, `dimensions of ${path}`));
  if (dims.length < 2 || dims.some((d) => !Number.isInteger(d) || d < 0)) c.fail(dimsEl.data, `bad dimensions [${dims}] in ${path}`);
  const nameEl = readTag(c, dimsEl.next, `name of ${path}`);
  const name = readText(c, nameEl);
  const label = name ? (path ? `${path}.${name}` : name) : path;
  let o = nameEl.next;
  const count = product(dims);

  if (mxClass in MX_NUMERIC) {
    const reEl = readTag(c, o, `real part of ${label}`);
    const re = readNumbers(c, reEl, `real part of ${label}`);
    if (re.length !== count) c.fail(reEl.data, `${label}: dimensions [${dims.join("×")}] need ${count} values, found ${re.length}`);
    const value: MatNumeric = {
      kind: "numeric",
      class: flags & FLAG_LOGICAL ? "logical" : MX_NUMERIC[mxClass],
      dims,
      re,
    };
    if (flags & FLAG_COMPLEX) {
      const imEl = readTag(c, reEl.next, `imaginary part of ${label}`);
      const im = readNumbers(c, imEl, `imaginary part of ${label}`);
      if (im.length !== count) c.fail(imEl.data, `${label}: imaginary part has ${im.length} values, expected ${count}`);
      value.im = im;
    }
    return { name, value };
  }
  if (mxClass === MX_CHAR) {
    if (count === 0) return { name, value: { kind: "char", dims, text: "" } };
    const el = readTag(c, o, `characters of ${label}`);
    return { name, value: { kind: "char", dims, text: readText(c, el) } };
  }
  if (mxClass === MX_CELL) {
    const items: MatValue[] = [];
    for (let i = 0; i < count; i++) {
      const el = readTag(c, o, `cell ${i} of ${label}`);
      if (el.type !== MI.MATRIX) c.fail(o, `cell ${i} of ${label}: expected miMATRIX (14), found type ${el.type}`);
      items.push(readMatrix(c, el.data, el.data + el.size, `${label}{${i}}`).value);
      o = el.next;
    }
    return { name, value: { kind: "cell", dims, items } };
  }
  if (mxClass === MX_STRUCT) {
    const lenEl = readTag(c, o, `field name length of ${label}`);
    const fieldLen = readNumbers(c, lenEl, `field name length of ${label}`)[0];
    const namesEl = readTag(c, lenEl.next, `field names of ${label}`);
    if (!(fieldLen > 0) || namesEl.size % fieldLen !== 0) c.fail(namesEl.data, `${label}: field names of ${namesEl.size} bytes do not divide into ${fieldLen}-byte names`);
    const fieldNames: string[] = [];
    for (let f = 0; f < namesEl.size / fieldLen; f++) {
      const raw = c.bytes.subarray(namesEl.data + f * fieldLen, namesEl.data + (f + 1) * fieldLen);
      const zero = raw.indexOf(0);
      fieldNames.push(new TextDecoder().decode(zero >= 0 ? raw.subarray(0, zero) : raw));
    }
    o = namesEl.next;
    const items: Record<string, MatValue>[] = [];
    for (let i = 0; i < count; i++) {
      const rec: Record<string, MatValue> = {};
      for (const f of fieldNames) {
        const el = readTag(c, o, `field '${f}' of ${label}(${i})`);
        if (el.type !== MI.MATRIX) c.fail(o, `field '${f}' of ${label}(${i}): expected miMATRIX (14), found type ${el.type}`);
        rec[f] = readMatrix(c, el.data, el.data + el.size, `${label}(${i}).${f}`).value;
        o = el.next;
      }
      items.push(rec);
    }
    return { name, value: { kind: "struct", dims, fieldNames, items } };
  }
  const className = MX_OTHER[mxClass];
  if (className) return { name, value: { kind: "unsupported", className, dims } };
  return c.fail(flagsEl.data, `${label}: unknown array class ${mxClass}`);
}

/** Parses the bytes of a MAT v5 file; `file` is only used in error messages. */
export function parseMat(bytes: Uint8Array, file = "<buffer>"): Record<string, MatValue> {
  if (bytes.length < 128) throw new MatFormatError(file, `truncated: a MAT file needs a 128-byte header, found ${bytes.length} bytes`);
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 116));
  if (head.startsWith("MATLAB 7.3") || (bytes[0] === 0x89 && bytes[1] === 0x48)) {
    throw new MatFormatError(file, "MAT v7.3 (HDF5) files are not supported; save with -v7 or scipy.io.savemat");
  }
  const endian = String.fromCharCode(bytes[126], bytes[127]);
  if (endian !== "IM" && endian !== "MI") {
    throw new MatFormatError(file, `not a MAT v5 file: expected endian indicator 'IM' or 'MI' at byte 126, found ${JSON.stringify(endian)}`);
  }
  const top = new Cursor(bytes, endian === "IM", file, "top level");
  const out: Record<string, MatValue> = {};
  let o = 128;
  let index = 0;
  while (o < bytes.length) {
    if (bytes.length - o < 8) top.fail(o, `truncated: ${bytes.length - o} trailing bytes cannot hold a data element tag`);
    const el = readTag(top, o, `variable #${index}`);
    let c = top, start = el.data, end = el.data + el.size;
    if (el.type === MI.COMPRESSED) {
      let raw: Uint8Array;
      try {
        raw = unzlibSync(bytes.subarray(el.data, el.data + el.size));
      } catch (e) {
        return top.fail(el.data, `variable #${index}: corrupt or truncated zlib stream (${e instanceof Error ? e.message : e})`);
      }
      c = new Cursor(raw, top.le, file, `compressed variable #${index}`);
      const inner = readTag(c, 0, `compressed variable #${index}`);
      if (inner.type !== MI.MATRIX) c.fail(0, `compressed variable #${index}: expected miMATRIX (14) inside, found type ${inner.type}`);
      start = inner.data;
      end = inner.data + inner.size;
    } else if (el.type !== MI.MATRIX) {
      top.fail(o, `variable #${index}: expected miMATRIX (14) or miCOMPRESSED (15), found type ${el.type}`);
    }
    const { name, value } = readMatrix(c, start, end, "");
    out[name || `#${index}`] = value;
    o = el.next;
    index++;
  }
  return out;
}

/** Reads a MAT v5 file from disk. */
export function readMat(file: string): Record<string, MatValue> {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new MatFormatError(file, `cannot read: ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
  return parseMat(bytes, file);
}
