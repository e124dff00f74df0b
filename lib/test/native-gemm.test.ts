import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { Rng } from "isac/core";
import { tf, initBackend } from "isac/tensor";
import { NATIVE_ADDON, installNativeGemm } from "isac/tensor";

let backend = "";
let blas = false;
before(async () => {
  backend = await initBackend(undefined, { quiet: true });
  blas = backend === "wasm" && installNativeGemm();
});
/** Cases tfjs-backend-wasm 4.22's own kernels get wrong (checked only where OpenBLAS replaces them). */
const wasmBug = () => backend === "wasm" && !blas;

/** op(a)·op(b) by the definition, batch dimensions broadcast, in float64. */
function reference(a: tf.Tensor, b: tf.Tensor, ta: boolean, tb: boolean): { shape: number[]; values: number[] } {
  const A = a.arraySync() as unknown, B = b.arraySync() as unknown;
  const lead = (t: tf.Tensor) => t.shape.slice(0, -2);
  const outer = tf.backend_util.assertAndGetBroadcastShape(lead(a), lead(b));
  const pick = (x: unknown, t: tf.Tensor, idx: number[]) => {
    const l = lead(t), off = outer.length - l.length;
    return l.reduce((acc: unknown, d, i) => (acc as unknown[])[d === 1 ? 0 : idx[i + off]], x) as number[][];
  };
  const values: number[] = [];
  const count = outer.reduce((p, d) => p * d, 1);
  const [ra, rb] = [a.shape.length, b.shape.length];
  const m = ta ? a.shape[ra - 1] : a.shape[ra - 2], k = ta ? a.shape[ra - 2] : a.shape[ra - 1];
  const n = tb ? b.shape[rb - 2] : b.shape[rb - 1];
  for (let flat = 0; flat < count; flat++) {
    const idx = outer.map((_, i) => Math.floor(flat / outer.slice(i + 1).reduce((p, d) => p * d, 1)) % outer[i]);
    const x = pick(A, a, idx), y = pick(B, b, idx);
    const at = (M: number[][], i: number, j: number, t: boolean) => (t ? M[j][i] : M[i][j]);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let q = 0; q < k; q++) s += at(x, i, q, ta) * at(y, q, j, tb);
      values.push(s);
    }
  }
  return { shape: [...outer, m, n], values };
}

function close(got: tf.Tensor, want: { shape: number[]; values: number[] }, what: string) {
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  const g = got.dataSync();
  want.values.forEach((v, i) => assert.ok(Math.abs(g[i] - v) <= 1e-4 * (1 + Math.abs(v)), `${what}: entry ${i} is ${g[i]}, expected ${v}`));
}

test("matrix products (transposes, batches, broadcast batches) equal their definition", () => {
  const rng = new Rng(11);
  const r = (shape: number[]) => tf.tensor(Float32Array.from(rng.normals(shape.reduce((p, d) => p * d, 1))), shape);
  const cases: Array<[number[], number[], boolean, boolean]> = [
    [[5, 7], [7, 3], false, false], [[5, 7], [3, 7], false, true], [[7, 5], [7, 3], true, false], [[7, 5], [3, 7], true, true],
    [[4, 5, 7], [7, 3], false, false], [[4, 5, 7], [4, 3, 7], false, true], [[5, 7], [4, 7, 3], false, false],
    [[2, 1, 5, 7], [1, 3, 7, 3], false, false], [[3, 0], [0, 2], false, false], [[33, 65], [65, 17], false, false],
  ];
  for (const [sa, sb, ta, tb] of cases) {
    if (sa[1] === 1 && sb[0] === 1 && wasmBug()) continue; // general broadcasting
    const a = r(sa), b = r(sb);
    close(tf.matMul(a, b, ta, tb), reference(a, b, ta, tb), `[${sa}]·[${sb}] (${ta}, ${tb})`);
  }
});

test("fused matrix product + bias + activation equals the unfused ops", () => {
  const rng = new Rng(12);
  const r = (shape: number[]) => tf.tensor(Float32Array.from(rng.normals(shape.reduce((p, d) => p * d, 1))), shape);
  for (const activation of ["linear", "relu", "leakyrelu", "sigmoid", "elu"] as const) {
    for (const transposeB of [false, true]) {
      if (transposeB && wasmBug()) continue; // transposeB with a bias
      const a = r([6, 4]), b = transposeB ? r([3, 4]) : r([4, 3]), bias = r([3]);
      const got = tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, transposeB, bias, activation, leakyreluAlpha: 0.1 });
      const z = tf.add(tf.matMul(a, b, false, transposeB), bias);
      const want = { linear: z, relu: tf.relu(z), leakyrelu: tf.leakyRelu(z, 0.1), sigmoid: tf.sigmoid(z), elu: tf.elu(z) }[activation];
      close(got, { shape: want.shape, values: Array.from(want.dataSync()) }, `${activation}, transposeB ${transposeB}`);
    }
  }
});

test("on wasm, the OpenBLAS kernels are in use whenever the addon is built (required on CI)", () => {
  if (process.env.CI) assert.ok(fs.existsSync(NATIVE_ADDON), `${NATIVE_ADDON} missing: .ci/run installs libopenblas-dev so npm install builds it`);
  if (backend === "wasm" && process.env.ISAC_NATIVE_GEMM !== "0") assert.equal(installNativeGemm(), fs.existsSync(NATIVE_ADDON));
});
