import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "isac/core";

test("same seed gives the same numbers; children are independent of parent draws", () => {
  const a = new Rng(42);
  const b = new Rng(42);
  assert.deepEqual(a.normals(10), b.normals(10));
  const c1 = new Rng(42).child("train");
  const p = new Rng(42);
  p.uniforms(100);
  assert.deepEqual(p.child("train").uniforms(5), c1.uniforms(5));
  assert.notDeepEqual(new Rng(42).child("train").uniforms(5), new Rng(42).child("test").uniforms(5));
  assert.notDeepEqual(new Rng(1).uniforms(5), new Rng(2).uniforms(5));
});

test("uniform, normal and complex normal moments match their distributions", () => {
  const r = new Rng("moments");
  const n = 200_000;
  const u = r.uniforms(n);
  const mean = u.reduce((s, x) => s + x, 0) / n;
  assert.ok(Math.abs(mean - 0.5) < 5 * Math.sqrt(1 / 12 / n), `uniform mean ${mean}`);
  assert.ok(u.every((x) => x >= 0 && x < 1));
  const z = r.normals(n);
  const m1 = z.reduce((s, x) => s + x, 0) / n;
  const m2 = z.reduce((s, x) => s + x * x, 0) / n;
  const m4 = z.reduce((s, x) => s + x ** 4, 0) / n;
  assert.ok(Math.abs(m1) < 5 / Math.sqrt(n), `normal mean ${m1}`);
  assert.ok(Math.abs(m2 - 1) < 5 * Math.sqrt(2 / n), `normal variance ${m2}`);
  assert.ok(Math.abs(m4 - 3) < 5 * Math.sqrt(96 / n), `normal 4th moment ${m4}`);
  let pw = 0, cross = 0;
  for (let i = 0; i < n; i++) {
    const [re, im] = r.complexNormal(2);
    pw += re * re + im * im;
    cross += re * im;
  }
  assert.ok(Math.abs(pw / n - 2) < 0.03, `complex normal power ${pw / n}`);
  assert.ok(Math.abs(cross / n) < 0.02, `complex normal re/im correlation ${cross / n}`);
});

test("permutation is a permutation and int stays in range", () => {
  const r = new Rng(7);
  const p = r.permutation(50);
  assert.deepEqual([...p].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i));
  for (let i = 0; i < 1000; i++) {
    const k = r.int(3);
    assert.ok(k === 0 || k === 1 || k === 2);
  }
  assert.throws(() => r.int(0), /positive integer/);
});
