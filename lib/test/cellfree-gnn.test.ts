import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Rng } from "isac/core";
import { tf, initBackend } from "isac/tensor";
import { cellfreeGnn as sys } from "isac/systems";
import { cellfreeGnn as base } from "isac/baselines";
import { cellfreeGnn as models } from "isac/models";
import { HeteroEdgeConv } from "isac/nn";

before(async () => {
  await initBackend(undefined, { quiet: true });
});

const system = (over: Partial<sys.SystemConfig> = {}): sys.SystemConfig => ({ aps: 3, users: 2, antennas: 4, totalPower: 1, noise: 0.1, sensingGain: "unit", ...over });
const tiny = (over: Partial<sys.SystemConfig> = {}, gnn: Partial<sys.GnnConfig> = {}) => ({ system: system(over), gnn: { hidden: 16, layers: 2, alpha: 0.1, ...gnn } });
const mean = (x: ArrayLike<number>) => Array.from(x).reduce((a, b) => a + b, 0) / x.length;

/** Beams as arrays [B][M][S][Nt]. */
function beamArrays(model: models.CellFreeModel, b: sys.CellFreeBatch) {
  return tf.tidy(() => {
    const F = model.beamformers(sys.batchTensors(b));
    return { re: F.re.arraySync() as number[][][][], im: F.im.arraySync() as number[][][][] };
  });
}

/** The batch with APs and users relabelled: new AP m is old AP apPerm[m], new user u is old user uePerm[u]. */
function permuted(b: sys.CellFreeBatch, apPerm: number[], uePerm: number[]): sys.CellFreeBatch {
  const { size: B, aps: M, users: U, antennas: N } = b;
  const p = structuredClone(b);
  for (let s = 0; s < B; s++)
    for (let m = 0; m < M; m++) {
      const om = apPerm[m];
      p.sensingWeight[s * M + m] = b.sensingWeight[s * M + om];
      for (let n = 0; n < N; n++) {
        p.a.re[(s * M + m) * N + n] = b.a.re[(s * M + om) * N + n];
        p.a.im[(s * M + m) * N + n] = b.a.im[(s * M + om) * N + n];
        for (let u = 0; u < U; u++) {
          p.h.re[((s * M + m) * U + u) * N + n] = b.h.re[((s * M + om) * U + uePerm[u]) * N + n];
          p.h.im[((s * M + m) * U + u) * N + n] = b.h.im[((s * M + om) * U + uePerm[u]) * N + n];
        }
      }
    }
  return p;
}

test("HeteroEdgeConv: one layer computes the vertex update (13) and edge update (14) on a small bipartite graph", () => {
  // Relation r from 2 nodes of type a (with 2 features) to 3 nodes of type b (no features yet); edges have 3 features.
  const layer = new HeteroEdgeConv(new Rng(20), { nodeIn: { a: 2, b: 0 }, relations: { r: { src: "a", dst: "b", edgeIn: 3 } }, out: 2, alpha: 0.1 });
  const rng = new Rng(21);
  const va = Array.from({ length: 2 }, () => Array.from(rng.normals(2)));
  const e = Array.from({ length: 2 }, () => Array.from({ length: 3 }, () => Array.from(rng.normals(3))));
  const got = layer.apply({ a: tf.tensor([va]), b: null }, { r: tf.tensor([e]) });
  // Variables in construction order: W, b of (13) for a's [Σ edges; v_a], then for b's [Σ edges], then (14)'s [v_a; v_b; e].
  const [Wea, bea, Wva, bva, Web, beb, W1, b1, W2, b2, W3, b3] = layer.variables.map((v) => v.arraySync() as number[][] | number[]);
  const lin = (x: number[], W: number[][] | number[], b: number[][] | number[]) =>
    (b as number[]).map((bk, k) => bk + x.reduce((acc, xi, i) => acc + xi * (W as number[][])[i][k], 0));
  const add = (...xs: number[][]) => xs[0].map((_, k) => xs.reduce((acc, x) => acc + x[k], 0));
  const va1 = va.map((v, i) => add(lin(add(...e[i]), Wea, bea), lin(v, Wva, bva))); // Σ over the 3 destinations
  const vb1 = [0, 1, 2].map((j) => lin(add(e[0][j], e[1][j]), Web, beb)); // Σ over the 2 sources
  const e1 = va1.map((vi, i) => vb1.map((vj, j) => add(lin(vi, W1, b1), lin(vj, W2, b2), lin(e[i][j], W3, b3)).map((z) => (z > 0 ? z : 0.1 * z))));
  const close = (x: unknown, y: number[][], what: string) =>
    (x as number[][]).forEach((row, i) => row.forEach((v, k) => assert.ok(Math.abs(v - y[i][k]) < 1e-5, `${what}[${i}][${k}]: ${v} vs ${y[i][k]}`)));
  close((got.nodes.a.arraySync() as number[][][])[0], va1, "v_a");
  close((got.nodes.b.arraySync() as number[][][])[0], vb1, "v_b");
  (got.edges.r.arraySync() as number[][][][])[0].forEach((row, i) => close(row, e1[i], `e[${i}]`));
  assert.throws(() => layer.apply({ a: null, b: null }, { r: tf.tensor([e]) }), /no vertex features for node type 'a'/);
});

test("edge GNN: every AP spends exactly P_m = 1/M (8b), on the trained M and on others with the same weights", () => {
  const model = models.createModel(tiny(), new Rng(6));
  for (const [aps, users] of [[3, 2], [7, 3], [1, 1]]) {
    const b = sys.sampleBatch(system({ aps, users }), 2, new Rng(7));
    const F = beamArrays(model, b);
    assert.equal(F.re[0].length, aps);
    assert.equal(F.re[0][0].length, users + 1);
    for (let s = 0; s < 2; s++)
      for (let m = 0; m < aps; m++) {
        const p = F.re[s][m].flat().reduce((a, v) => a + v * v, 0) + F.im[s][m].flat().reduce((a, v) => a + v * v, 0);
        assert.ok(Math.abs(p - 1 / aps) < 1e-5, `M = ${aps}, AP ${m}: power ${p}`);
      }
  }
  assert.throws(() => model.beamformers(sys.batchTensors(sys.sampleBatch(system({ antennas: 6 }), 1, new Rng(9)))), /built for 4 antennas/);
  model.dispose();
});

test("edge GNN: permuting APs and users permutes the beams the same way (the sensing stream stays last)", () => {
  const model = models.createModel(tiny({ aps: 4, users: 3 }), new Rng(10));
  const b = sys.sampleBatch(system({ aps: 4, users: 3 }), 3, new Rng(11));
  const F = beamArrays(model, b);
  for (const [apPerm, uePerm] of [[[0, 1, 2, 3], [2, 0, 1]], [[3, 1, 0, 2], [0, 1, 2]], [[1, 3, 2, 0], [1, 2, 0]]]) {
    const G = beamArrays(model, permuted(b, apPerm, uePerm));
    const streamPerm = [...uePerm, 3];
    let worst = 0;
    for (let s = 0; s < 3; s++)
      for (let m = 0; m < 4; m++)
        for (let k = 0; k < 4; k++)
          for (let n = 0; n < 4; n++) {
            worst = Math.max(worst, Math.abs(G.re[s][m][k][n] - F.re[s][apPerm[m]][streamPerm[k]][n]), Math.abs(G.im[s][m][k][n] - F.im[s][apPerm[m]][streamPerm[k]][n]));
          }
    assert.ok(worst < 1e-5, `APs [${apPerm}], users [${uePerm}]: beams differ by ${worst}`);
  }
  // The check can fail: beams are not invariant, so a wrong permutation is caught.
  const G = beamArrays(model, permuted(b, [1, 0, 2, 3], [0, 1, 2]));
  assert.ok(Math.abs(G.re[0][0][0][0] - F.re[0][0][0][0]) > 1e-4);
  model.dispose();
});

test("edge GNN: with AP sums rescaled to M (sumsAt), a graph with every AP doubled gets the original beams, at half the power", () => {
  const model = models.createModel(tiny({ aps: 3, users: 2 }), new Rng(30));
  const b = sys.sampleBatch(system({ aps: 3, users: 2 }), 2, new Rng(31));
  // AP m + 3 is a copy of AP m (same channels to the users and the same target direction).
  const twice = (x: Float32Array, block: number) => {
    const y = new Float32Array(2 * x.length);
    for (let s = 0; s < b.size; s++) {
      const part = x.subarray(s * 3 * block, (s + 1) * 3 * block);
      y.set(part, s * 6 * block);
      y.set(part, s * 6 * block + 3 * block);
    }
    return y;
  };
  const ue = b.users * b.antennas;
  const doubled: sys.CellFreeBatch = {
    ...b,
    aps: 6,
    h: { re: twice(b.h.re, ue), im: twice(b.h.im, ue) },
    a: { re: twice(b.a.re, b.antennas), im: twice(b.a.im, b.antennas) },
    sensingWeight: twice(b.sensingWeight, 1),
  };
  const beams = (batch: sys.CellFreeBatch, sumsAt: { ap?: number }) =>
    tf.tidy(() => {
      const F = model.net.beams(sys.batchTensors(batch), 1 / batch.aps, sumsAt);
      return { re: F.re.arraySync() as number[][][][], im: F.im.arraySync() as number[][][][] };
    });
  const F = beams(b, {});
  const gap = (G: ReturnType<typeof beams>) => {
    let worst = 0;
    for (let s = 0; s < 2; s++)
      for (let m = 0; m < 6; m++)
        for (let k = 0; k < 3; k++)
          for (let n = 0; n < 4; n++) {
            const re = F.re[s][m % 3][k][n] / Math.SQRT2, im = F.im[s][m % 3][k][n] / Math.SQRT2;
            worst = Math.max(worst, Math.abs(G.re[s][m][k][n] - re), Math.abs(G.im[s][m][k][n] - im));
          }
    return worst;
  };
  const rescaled = gap(beams(doubled, { ap: 3 }));
  assert.ok(rescaled < 1e-5, `rescaled: ${rescaled}`);
  assert.ok(gap(beams(doubled, {})) > 1e-3, "plain sums see the doubled graph differently");
  // On the trained size, rescaling to that size changes nothing.
  const same = beams(b, { ap: 3 });
  assert.ok(Math.abs(same.re[1][2][1][3] - F.re[1][2][1][3]) < 1e-6);
  model.dispose();
});

test("edge GNN: the loss's gradient in the weights matches a central difference along a random direction", () => {
  const model = models.createModel(tiny({ aps: 2, users: 2, antennas: 3 }, { hidden: 8 }), new Rng(12));
  const t = sys.batchTensors(sys.sampleBatch(system({ aps: 2, users: 2, antennas: 3 }), 4, new Rng(13)));
  const { grads } = tf.variableGrads(() => model.loss(t, 2), model.variables);
  const rng = new Rng(14);
  const dirs = model.variables.map((v) => tf.tensor(Float32Array.from(rng.normals(v.size)), v.shape));
  const norm = Math.sqrt(dirs.reduce((a, d) => a + tf.sum(tf.square(d)).dataSync()[0], 0));
  const analytic = model.variables.reduce((a, v, i) => a + tf.sum(tf.mul(grads[v.name], dirs[i])).dataSync()[0], 0) / norm;
  const original = model.variables.map((v) => v.clone());
  const lossAt = (eps: number) => {
    model.variables.forEach((v, i) => v.assign(tf.add(original[i], tf.mul(dirs[i], eps / norm))));
    return model.loss(t, 2).dataSync()[0];
  };
  const eps = 1e-2;
  const numeric = (lossAt(eps) - lossAt(-eps)) / (2 * eps);
  assert.ok(Math.abs(analytic) > 1e-3, `directional derivative ${analytic} too small to test`);
  assert.ok(Math.abs(analytic - numeric) < 0.02 * Math.abs(analytic), `analytic ${analytic} vs numeric ${numeric}`);
  model.dispose();
});

test("edge GNN: save then load reproduces the beams; the write leaves no temporary file; other sizes are refused", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "isac-cf-weights-"));
  try {
    const cfg = tiny();
    const a = models.createModel(cfg, new Rng(15)), b = models.createModel(cfg, new Rng(16));
    const batch = sys.sampleBatch(cfg.system, 2, new Rng(17));
    const file = path.join(dir, "sub", "w.json");
    a.save(file);
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ["w.json"]);
    assert.notDeepEqual(beamArrays(b, batch), beamArrays(a, batch));
    b.load(file);
    assert.deepEqual(beamArrays(b, batch), beamArrays(a, batch));
    const wider = models.createModel(tiny({}, { hidden: 24 }), new Rng(15));
    assert.throws(() => wider.load(file), /shape/);
    const deeper = models.createModel(tiny({}, { layers: 3 }), new Rng(15));
    assert.throws(() => deeper.load(file), /tensors/);
    [a, b, wider, deeper].forEach((m) => m.dispose());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("edge GNN: 300 Adam steps on −(8a) raise the held-out objective; at β_s = 0 the rate nears conjugate beamforming's", () => {
  const cfg = tiny({}, { hidden: 32 });
  const rng = new Rng(18);
  const trainSet = sys.sampleBatch(cfg.system, 2048, rng.child("train"));
  const heldOut = sys.sampleBatch(cfg.system, 256, rng.child("test"));
  const P = cfg.system.totalPower / cfg.system.aps;
  const cb = mean(sys.metrics(heldOut, base.conjugateCommunication(heldOut, P), cfg.system.noise).sumRate);
  for (const beta of [0, 2]) {
    const model = models.createModel(cfg, rng.child(`model-${beta}`));
    const score = () => {
      const t = sys.batchTensors(heldOut);
      const [re, im] = tf.tidy(() => {
        const F = model.beamformers(t);
        return [F.re, F.im];
      });
      const m = sys.metrics(heldOut, { re: re.dataSync() as Float32Array, im: im.dataSync() as Float32Array }, cfg.system.noise);
      tf.dispose([re, im, t.h.re, t.h.im, t.a.re, t.a.im, t.sensingWeight]);
      return { objective: mean(sys.objective(m, beta)), sumRate: mean(m.sumRate) };
    };
    const before = score();
    const all = sys.batchTensors(trainSet);
    const opt = tf.train.adam(3e-3);
    let live = 0;
    for (let step = 0; step < 300; step++) {
      const start = (step * 64) % trainSet.size;
      const t = tf.tidy(() => {
        const slice = (x: tf.Tensor) => x.slice(start, 64);
        return { h: { re: slice(all.h.re), im: slice(all.h.im) }, a: { re: slice(all.a.re), im: slice(all.a.im) }, sensingWeight: slice(all.sensingWeight) };
      });
      opt.minimize(() => model.loss(t, beta), false, model.variables);
      tf.dispose([t.h.re, t.h.im, t.a.re, t.a.im, t.sensingWeight]);
      if (step === 0) live = tf.memory().numTensors;
    }
    assert.equal(tf.memory().numTensors, live, "live tensors after step 1 and after step 300");
    const after = score();
    assert.ok(after.objective > before.objective + 1, `β_s = ${beta}: objective ${before.objective} → ${after.objective}`);
    if (beta === 0) assert.ok(after.sumRate > 0.85 * cb, `β_s = 0: GNN rate ${after.sumRate} vs CB ${cb}`);
    opt.dispose();
    tf.dispose([all.h.re, all.h.im, all.a.re, all.a.im, all.sensingWeight]);
    model.dispose();
  }
});
