import { test, before } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "isac/core";
import { tf, initBackend } from "isac/tensor";
import { lhgnn as S } from "isac/systems";
import { lhgnn as M } from "isac/models";
import { lhgnn as BL } from "isac/baselines";

before(async () => {
  await initBackend(undefined, { quiet: true });
});

const base = S.LHGNN_PRESETS.quick.system;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
function randomBeams(sc: S.Scene, seed: number, scale = 0.05) {
  const rng = new Rng(seed), n = sc.N * sc.S * sc.L;
  return { re: Float64Array.from(rng.normals(n), (v) => v * scale), im: Float64Array.from(rng.normals(n), (v) => v * scale) };
}

test("SPEB (20)–(31) equals the direct EFIM (finite differences over t, α as nuisances) when S ≤ N, and bounds it when S > N", () => {
  const sys = { ...base, arrayShape: [2, 2] as [number, number], users: 2 };
  const sc = S.makeScene(sys);
  const b = randomBeams(sc, 1);
  const paper = S.speb(sc, b)[0], direct = S.directSpeb(sys, sc, 0, b).speb;
  assert.ok(rel(paper, direct) < 1e-6, `paper ${paper} vs direct ${direct}`);
  const ops = S.traceInverse(S.positionFimFromOperators(S.fimOperators(sc, 0), b, sc.S, sc.L));
  assert.ok(rel(paper, ops) < 1e-9, `operator form ${ops}`);
  const sys5 = { ...sys, users: 5 };
  const sc5 = S.makeScene(sys5), b5 = randomBeams(sc5, 2);
  assert.ok(S.speb(sc5, b5)[0] >= S.directSpeb(sys5, sc5, 0, b5).speb * (1 - 1e-9));
});

test("Π⊥ (21) removes exactly the receive directions a(θ_n, β_n) per BS", () => {
  const sc = S.makeScene({ ...base, arrayShape: [2, 2] });
  const P = S.projectorPerp(sc.targets[0], sc.N, sc.L);
  const NL = sc.N * sc.L;
  for (let n = 0; n < sc.N; n++) {
    const a = sc.targets[0].steering[n].a;
    for (let r = 0; r < NL; r++) {
      let sr = 0, si = 0;
      for (let l = 0; l < sc.L; l++) {
        const c = n * sc.L + l;
        sr += P.re[r * NL + c] * a.re[l] - P.im[r * NL + c] * a.im[l];
        si += P.re[r * NL + c] * a.im[l] + P.im[r * NL + c] * a.re[l];
      }
      assert.ok(Math.hypot(sr, si) < 1e-12);
    }
  }
  let tr = 0;
  for (let i = 0; i < NL; i++) tr += P.re[i * NL + i];
  assert.ok(Math.abs(tr - (NL - sc.N)) < 1e-9, `rank ${tr}`);
});

test("tfjs rates and SPEB match the float64 reference; the SPEB gradient matches finite differences", () => {
  const sc = S.makeScene(base);
  const ops = S.spebOperators(sc);
  const rng = new Rng(3);
  const b = randomBeams(sc, 4);
  const hn = sc.N * sc.K * sc.L;
  const h = { re: Float64Array.from(rng.normals(hn), (v) => 5 * v), im: Float64Array.from(rng.normals(hn), (v) => 5 * v) };
  const shapeB = [1, sc.N, sc.S, sc.L], shapeH = [1, sc.N, sc.K, sc.L];
  const bt = { re: tf.tensor(Float32Array.from(b.re), shapeB), im: tf.tensor(Float32Array.from(b.im), shapeB) };
  const ht = { re: tf.tensor(Float32Array.from(h.re), shapeH), im: tf.tensor(Float32Array.from(h.im), shapeH) };
  const rates = S.userRatesTf(ht, bt, sc.Z).dataSync();
  const ref = S.userRates(h, b, sc.N, sc.K, sc.Z, sc.L);
  ref.rates.forEach((r, k) => assert.ok(Math.abs(r - rates[k]) < 1e-4 * (1 + r)));
  const spebT = S.spebTf(ops, bt).dataSync()[0], spebR = S.speb(sc, b)[0];
  assert.ok(rel(spebT, spebR) < 1e-3, `tf ${spebT} vs ref ${spebR}`);
  // d SPEB / d Re p at one entry, by central differences of the float64 reference
  const g = tf.grad((re: tf.Tensor) => tf.sum(S.spebTf(ops, { re, im: bt.im })))(bt.re).dataSync();
  const i = sc.L + 1, eps = 1e-5;
  const plus = { re: b.re.slice(), im: b.im }, minus = { re: b.re.slice(), im: b.im };
  plus.re[i] += eps;
  minus.re[i] -= eps;
  const fd = (S.speb(sc, plus)[0] - S.speb(sc, minus)[0]) / (2 * eps);
  assert.ok(Math.abs(g[i] - fd) < 2e-2 * Math.abs(fd) + 1e-3, `grad ${g[i]} vs fd ${fd}`);
  S.disposeOperators(ops);
  tf.dispose([bt.re, bt.im, ht.re, ht.im]);
});

test("link graph: K + N + Z − 2 neighbours per node, the edge types partition them", () => {
  for (const [N, K, Z] of [[3, 5, 1], [2, 3, 2], [4, 2, 3]]) {
    const g = M.linkGraph(N, K, Z);
    for (const t of ["c", "s"] as const) {
      for (let v = 0; v < g.nodes[t]!; v++) {
        const c = M.neighbourCounts(g, t, v);
        const total = Object.values(c).reduce((a, b) => a + b!, 0);
        assert.equal(total, K + N + Z - 2);
        if (t === "c") assert.deepEqual([c["BS-CC"] ?? 0, c.UE ?? 0, c["BS-CS"] ?? 0], [K - 1, N - 1, Z]);
        else assert.deepEqual([c["BS-SS"] ?? 0, c.TGT ?? 0, c["BS-SC"] ?? 0], [Z - 1, N - 1, K]);
      }
    }
    // disjoint: no (v, w) pair in two relations with the same endpoint types
    const rels = g.relations;
    for (let a = 0; a < rels.length; a++)
      for (let b = a + 1; b < rels.length; b++)
        if (rels[a].dst === rels[b].dst && rels[a].src === rels[b].src) assert.ok(rels[a].mask.every((x, i) => !(x && rels[b].mask[i])));
    assert.equal(M.linkGraph(N, K, Z).relations.some((r) => r.name === "BS-SS"), Z > 1);
    const h = M.homogeneousGraph(N, K, Z);
    const n = h.nodes.all!;
    for (let v = 0; v < n; v++) assert.equal(M.neighbourCounts(h, "all", v).ALL, K + N + Z - 2);
  }
});

test("LHGNN, Homo GNN: permuting users permutes the beams; (50) meets the per-BS power", () => {
  const cfg = S.LHGNN_PRESETS.quick;
  const dims = { N: 3, K: 3, Z: 1, L: 4 };
  const rng = new Rng(5);
  const B = 2;
  const comm = tf.tensor(Float32Array.from(rng.normals(B * 3 * 3 * 8)), [B, 3, 3, 8]);
  const sens = tf.tensor(Float32Array.from(rng.normals(B * 3 * 1 * 8)), [B, 3, 1, 8]);
  const perm = [2, 0, 1];
  const commP = tf.gather(comm, perm, 2);
  for (const v of ["lhgnn", "lhgnn-no-attention", "homo-gnn"] as const) {
    const m = new M.LinkGnn(new Rng(7), dims, cfg.model, v);
    const P = 0.1;
    const a = m.beams({ comm, sens }, P), b = m.beams({ comm: commP, sens }, P);
    const expect = tf.gather(a.re, [0, ...perm.map((k) => k + 1)], 2);
    const diff = tf.max(tf.abs(tf.sub(expect, b.re))).dataSync()[0];
    assert.ok(diff < 1e-5, `${v}: permutation mismatch ${diff}`);
    const pw = tf.sum(tf.add(tf.square(a.re), tf.square(a.im)), [2, 3]).dataSync();
    pw.forEach((p) => assert.ok(p <= P * (1 + 1e-5), `${v}: BS power ${p} > ${P}`));
  }
  // (50) leaves beams within the budget unchanged and scales the others onto it
  const p = { re: tf.tensor([[[[0.1, 0]]], [[[3, 4]]]]), im: tf.zeros([2, 1, 1, 2]) };
  const q = M.powerNormalize(p, 1).re.arraySync() as number[][][][];
  assert.deepEqual(q[0][0][0].map((x) => +x.toFixed(6)), [0.1, 0]);
  assert.deepEqual(q[1][0][0].map((x) => +x.toFixed(6)), [0.6, 0.8]);
});

test("SRW: iterates are feasible (power, SPEB ≤ γ) and the sum rate never decreases", () => {
  const cfg = S.LHGNN_PRESETS.quick;
  const sc = S.makeScene(cfg.system);
  const ds = S.makeDataset(cfg, "test", 1);
  const ops = BL.srwOperators(sc);
  const P = 0.1;
  const gamma = BL.srwThresholds(sc, ops, P, 2);
  const r = BL.srw(sc, ops, S.sampleChannelsOf(ds, 0), P, gamma, { ...cfg.srw, maxIterations: 4 });
  assert.ok(r.history.length >= 3, `stopped early: ${r.stop}`);
  for (let i = 1; i < r.history.length; i++) assert.ok(r.history[i].sumRate >= r.history[i - 1].sumRate - 1e-6);
  r.history.forEach((h) => assert.ok(h.speb[0] <= gamma[0] * (1 + 1e-4), `SPEB ${h.speb[0]} > γ ${gamma[0]}`));
  S.bsPowers(r.beams, sc.N, sc.S, sc.L).forEach((p) => assert.ok(p <= P * (1 + 1e-5)));
});
