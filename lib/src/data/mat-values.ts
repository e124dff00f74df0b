/**
 * Typed access to values read by `readMat`: each helper checks the kind and shape it expects and
 * otherwise throws an error naming the file and variable, so readers built on them report
 * "BS1_UE_0-5148.mat: variable 'rx_locs' should be a numeric N×5 matrix, found char 1×3".
 */
import type { MatNumeric, MatValue, MatStruct, MatCell } from "./mat5";

export function describe(v: MatValue | undefined): string {
  if (!v) return "nothing";
  const dims = v.dims.join("×");
  if (v.kind === "numeric") return `${v.im ? "complex " : ""}${v.class} ${dims}`;
  if (v.kind === "unsupported") return `${v.className} ${dims}`;
  return `${v.kind} ${dims}`;
}

/** The variable `name`, or an error listing the variables the file does hold. */
export function matVar(vars: Record<string, MatValue>, name: string, file: string): MatValue {
  const v = vars[name];
  if (!v) {
    throw new Error(`${file}: missing variable '${name}' (the file holds: ${Object.keys(vars).join(", ") || "nothing"})`);
  }
  return v;
}

export function asNumeric(v: MatValue | undefined, what: string, file: string): MatNumeric {
  if (!v || v.kind !== "numeric") throw new Error(`${file}: ${what} should be numeric, found ${describe(v)}`);
  return v;
}

/** A real scalar (any 1×1 numeric). */
export function asScalar(v: MatValue | undefined, what: string, file: string): number {
  const n = asNumeric(v, what, file);
  if (n.re.length !== 1) throw new Error(`${file}: ${what} should be a scalar, found ${describe(v)}`);
  return n.re[0];
}

/** A real 2-D matrix with optional row/column count checks, returned row-major. */
export function asMatrix(
  v: MatValue | undefined,
  what: string,
  file: string,
  expect: { rows?: number; cols?: number } = {},
): { rows: number; cols: number; data: Float64Array } {
  const n = asNumeric(v, what, file);
  if (n.dims.length !== 2) throw new Error(`${file}: ${what} should be a 2-D matrix, found ${describe(v)}`);
  const [rows, cols] = n.dims;
  if ((expect.rows !== undefined && rows !== expect.rows) || (expect.cols !== undefined && cols !== expect.cols)) {
    const want = `${expect.rows ?? "N"}×${expect.cols ?? "N"}`;
    throw new Error(`${file}: ${what} should be ${want}, found ${describe(v)}`);
  }
  return { rows, cols, data: toRowMajor(n.re, rows, cols) };
}

/** Column-major (MATLAB) to row-major. */
export function toRowMajor(colMajor: Float64Array, rows: number, cols: number): Float64Array {
  if (rows === 1 || cols === 1) return colMajor;
  const out = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) for (let i = 0; i < rows; i++) out[i * cols + j] = colMajor[i + rows * j];
  return out;
}

export function asString(v: MatValue | undefined, what: string, file: string): string {
  if (!v || v.kind !== "char") throw new Error(`${file}: ${what} should be a char array, found ${describe(v)}`);
  return v.text;
}

export function asCell(v: MatValue | undefined, what: string, file: string): MatCell {
  if (!v || v.kind !== "cell") throw new Error(`${file}: ${what} should be a cell array, found ${describe(v)}`);
  return v;
}

export function asStruct(v: MatValue | undefined, what: string, file: string): MatStruct {
  if (!v || v.kind !== "struct") throw new Error(`${file}: ${what} should be a struct, found ${describe(v)}`);
  return v;
}

/** Converts a MAT value to plain JSON-like JS (numbers, strings, nested arrays/objects), for inspection. */
export function toPlain(v: MatValue): unknown {
  switch (v.kind) {
    case "numeric":
      if (v.re.length === 1) return v.im ? [v.re[0], v.im[0]] : v.re[0];
      return v.im ? { re: Array.from(v.re), im: Array.from(v.im), dims: v.dims } : { data: Array.from(v.re), dims: v.dims };
    case "char":
      return v.text;
    case "cell":
      return v.items.map(toPlain);
    case "struct": {
      const items = v.items.map((r) => Object.fromEntries(Object.entries(r).map(([k, x]) => [k, toPlain(x)])));
      return items.length === 1 ? items[0] : items;
    }
    default:
      return `<${v.className}>`;
  }
}
