import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { zlibSync } from "fflate";
import { repoRoot } from "isac/core";
import { readMat, parseMat, MatFormatError, type MatValue } from "isac/data";

const FIX = path.join(repoRoot(), "data", "fixtures", "deepmimo", "mat");
const NY = path.join(repoRoot(), "..", "shared", "datasets", "deepmimo-v3-new_york");
const expected = JSON.parse(fs.readFileSync(path.join(FIX, "expected.json"), "utf8"));

for (const file of ["basic.mat", "basic-compressed.mat"]) {
  test(`MAT v5 reader matches scipy.io.savemat values (${file})`, () => {
    const vars = readMat(path.join(FIX, file));
    for (const [name, want] of Object.entries<any>(expected)) {
      const got = vars[name] as any;
      assert.ok(got, `variable ${name} missing`);
      assert.equal(got.kind, want.kind, name);
      assert.deepEqual(got.dims, want.dims, name);
      if (want.kind === "numeric") {
        assert.equal(got.class, want.class, name);
        assert.deepEqual(Array.from(got.re, (x: number) => x + 0), want.re, name); // +0 folds -0
        if (want.im) assert.deepEqual(Array.from(got.im), want.im, name);
        else assert.equal(got.im, undefined, name);
      } else assert.equal(got.text, want.text, name);
    }
    const cell = vars.cell as Extract<MatValue, { kind: "cell" }>;
    assert.equal(cell.kind, "cell");
    assert.deepEqual(cell.dims, [1, 3]);
    assert.deepEqual(Array.from((cell.items[0] as any).re), [7]);
    assert.equal((cell.items[1] as any).text, "ab");
    assert.deepEqual(Array.from((cell.items[2] as any).re), [1, 2, 3]);
    const st = vars.st as Extract<MatValue, { kind: "struct" }>;
    assert.deepEqual(st.fieldNames, ["a", "b"]);
    assert.deepEqual(st.dims, [1, 2]);
    assert.deepEqual(Array.from((st.items[1].a as any).re), [1, 2]);
    assert.equal((st.items[1].b as any).text, "yz");
    const one = vars.one as any;
    assert.equal(one.kind, "struct");
    assert.equal(one.items[0].name.text, "one");
    assert.deepEqual(Array.from(one.items[0].inner.items[0].z.re), [9]);
    const nested = vars.nested as any;
    assert.deepEqual(nested.dims, [2, 1]);
    assert.deepEqual(nested.items[0].items[0].p.dims, [2, 3]);
    assert.deepEqual(Array.from(nested.items[0].items[0].p.re), [0, 3, 1, 4, 2, 5]);
    assert.equal(nested.items[1].re.length, 0);
    assert.deepEqual((vars.empty as any).dims, [0, 0]);
  });
}

test("MAT reader reads every real New York file (uncompressed, cell of structs)", () => {
  const params = readMat(path.join(NY, "params.mat"));
  assert.equal((params.carrier_freq as any).re[0], 3.5e9);
  assert.deepEqual(Array.from((params.user_grids as any).re), [1, 44, 117]);
  const ue = readMat(path.join(NY, "BS1_UE_0-5148.mat"));
  const ch = ue.channels as any;
  assert.equal(ch.kind, "cell");
  assert.deepEqual(ch.dims, [1, 5148]);
  const p84 = ch.items[84].items[0].p;
  assert.deepEqual(p84.dims, [8, 4]);
  assert.ok(Math.abs(p84.re[2] - -82.1775) < 1e-3); // power of the first path, row 3
  assert.deepEqual((ue.rx_locs as any).dims, [5148, 5]);
  for (const f of ["BS1_BS.mat", "BS2_BS.mat", "BS2_UE_0-5148.mat"]) assert.ok(Object.keys(readMat(path.join(NY, f))).length >= 3);
});

test("MAT reader errors name the file and the problem", () => {
  const bytes = fs.readFileSync(path.join(FIX, "basic.mat"));
  assert.throws(() => parseMat(bytes.subarray(0, 60), "short.mat"), /short\.mat: truncated: a MAT file needs a 128-byte header/);
  assert.throws(() => parseMat(bytes.subarray(0, bytes.length - 13), "cut.mat"), (e: unknown) =>
    e instanceof MatFormatError && /^cut\.mat: truncated/.test(e.message));
  const notMat = new Uint8Array(200).fill(65);
  assert.throws(() => parseMat(notMat, "text.mat"), /text\.mat: not a MAT v5 file/);
  const comp = new Uint8Array(fs.readFileSync(path.join(FIX, "basic-compressed.mat")));
  const broken = comp.slice();
  for (let i = 140; i < 170; i++) broken[i] ^= 0x5a; // scramble the first zlib stream
  assert.throws(() => parseMat(broken, "bad.mat"), /bad\.mat: variable #0: corrupt or truncated zlib stream/);
  assert.throws(() => readMat(path.join(FIX, "missing.mat")), /missing\.mat: cannot read: ENOENT/);
  // A compressed element whose inner matrix claims more bytes than it has.
  const inner = new Uint8Array(16);
  new DataView(inner.buffer).setUint32(0, 14, true);
  new DataView(inner.buffer).setUint32(4, 400, true);
  const z = zlibSync(inner);
  const file = new Uint8Array(128 + 8 + z.length);
  file[126] = 73; file[127] = 77; // 'IM'
  new DataView(file.buffer).setUint32(128, 15, true);
  new DataView(file.buffer).setUint32(132, z.length, true);
  file.set(z, 136);
  assert.throws(() => parseMat(file, "inner.mat"), /inner\.mat: truncated: compressed variable #0 .*needs 400 bytes/);
});
