/**
 * Paper 001 (GNN with implicit projection): the system's metrics against closed forms, the loss
 * (25) against direct computation, the GNN's permutation properties and power normalisation, the
 * baselines' SINR/power guarantees, and the projection (29)–(31) on random infeasible inputs.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { Rng, configFor, linalg } from "isac/core";
import { tf, initBackend } from "isac/tensor";
import { gnnIp as S } from "isac/systems";
import { gnnIp as B } from "isac/baselines";
import { gnnIp as Mo } from "isac/models";
import { gnnIp as E } from "isac/experiments";
import { withEnv } from "./env";

const cfg = configFor(S.GNN_IP_PRESETS, {}, "quick");
const sys = cfg.system;
const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

function randomBeams(rng: Rng, M: number, L: number, power: number): S.Beams {
  const c = linalg.cmat(M, L, rng.normals(M * L), rng.normals(M * L));
  const s = linalg.cmat(M, M, rng.normals(M * M), rng.normals(M * M));
  const f = Math.sqrt(power / S.transmitPower(S.covariance({ c, s })));
  return { c: linalg.cscale(c, f), s: linalg.cscale(s, f) };
}

/** Per-sample beams stacked as tensors C [B, M, L], S [B, M, M]. */
function beamTensors(beams: S.Beams[], M: number, L: number) {
  const B = beams.length;
  const stack = (k: "c" | "s", part: "re" | "im") => beams.flatMap((x) => Array.from(x[k][part]));
  return {
    C: { re: tf.tensor3d(stack("c", "re"), [B, M, L]), im: tf.tensor3d(stack("c", "im"), [B, M, L]) },
    Sm: { re: tf.tensor3d(stack("s", "re"), [B, M, M]), im: tf.tensor3d(stack("s", "im"), [B, M, M]) },
  };
}

test("grid, desired beampattern (34) and beampattern (6) against closed forms", () => {
  const grid = S.angleGrid(180);
  assert.equal(grid[0], -90);
  assert.equal(grid[179], 89);
  const b = S.desiredBeampattern(grid, [-40, 0, 40], 10);
  assert.equal(b.reduce((x, y) => x + y, 0), 33); // 11 grid points (edges included) per beam
  // R = a(θ₀)a(θ₀)ᴴ: P(θ) = |Σ_m e^{jπm(sin θ − sin θ₀)}|² = sin²(Mπu/2) / sin²(πu/2), u = sin θ − sin θ₀
  const M = 10, th0 = 20;
  const a0 = S.steeringMatrix(M, [th0]);
  const R = linalg.cmatmul(a0, linalg.adjoint(a0));
  const P = S.beampattern(R, S.steeringMatrix(M, grid));
  grid.forEach((t, n) => {
    const u = Math.sin((t * Math.PI) / 180) - Math.sin((th0 * Math.PI) / 180);
    const ref = Math.abs(u) < 1e-12 ? M * M : Math.sin((M * Math.PI * u) / 2) ** 2 / Math.sin((Math.PI * u) / 2) ** 2;
    close(P[n], ref, 1e-9, `P(${t}°)`);
  });
  // R = (P₀/M) I: flat pattern P₀, β = P₀ and MSE = P₀²·(fraction of zeros of b)
  const iso = linalg.cscale(linalg.ceye(M), 1 / M);
  const flat = S.beampattern(iso, S.steeringMatrix(M, grid));
  flat.forEach((p) => close(p, 1, 1e-12, "isotropic pattern"));
  close(S.powerNormalisation(b, flat), 1, 1e-12, "β");
  close(S.beampatternMse(b, flat), (180 - 33) / 180, 1e-12, "MSE");
});

test("β of (7) is the least-squares minimiser (brute force over β)", () => {
  const rng = new Rng("beta");
  const grid = S.angleGrid(sys.gridPoints);
  const b = S.desiredBeampattern(grid, sys.targetsDeg, sys.beamWidthDeg);
  const R = S.covariance(randomBeams(rng, 10, 2, 1));
  const p = S.beampattern(R, S.steeringMatrix(10, grid));
  const beta = S.powerNormalisation(b, p);
  const mse = (bt: number) => b.reduce((s, bn, n) => s + (bt * bn - p[n]) ** 2, 0) / b.length;
  close(S.beampatternMse(b, p), mse(beta), 1e-12, "MSE at β");
  for (const d of [-1e-3, 1e-3, 0.1]) assert.ok(mse(beta + d) > mse(beta));
});

test("SINR (9): one user, no sensing, matched filter gives P₀‖h‖²/σ²", () => {
  const set = S.sampleChannels({ ...sys, users: 1 }, 1, new Rng("sinr"));
  const H = S.channelMatrix(set, 0);
  const norm2 = H.re.reduce((s, v, i) => s + v * v + H.im[i] ** 2, 0);
  const c = linalg.cmat(10, 1, H.re.map((v) => v / Math.sqrt(norm2)), H.im.map((v) => v / Math.sqrt(norm2)));
  const beams = { c, s: linalg.cmat(10, 10) };
  const g = S.sinrs(H, c, S.covariance(beams), sys.noise);
  close(g[0], norm2 / sys.noise, 1e-9, "Γ");
});

test("loss terms (25) and the tf metrics agree with the reference functions", async () => {
  await initBackend(undefined, { quiet: true });
  const rng = new Rng("loss");
  const L = 3, Bn = 4, M = sys.antennas, s3 = { ...sys, users: L };
  const set = S.sampleChannels(s3, Bn, rng.child("h"));
  const beams = Array.from({ length: Bn }, (_, i) => randomBeams(rng.child(i), M, L, 1));
  const { C, Sm } = beamTensors(beams, M, L);
  const t = S.systemTensors(s3);
  const h = S.channelTensors(set, s3);
  const { mse, barrier } = S.lossTermsTf(h, C, Sm, t);
  const [mseV, barV] = [mse.dataSync(), barrier.dataSync()];
  const grid = S.angleGrid(s3.gridPoints), A = S.steeringMatrix(M, grid), b = S.desiredBeampattern(grid, s3.targetsDeg, s3.beamWidthDeg);
  beams.forEach((x, i) => {
    const R = S.covariance(x);
    close(mseV[i], S.beampatternMse(b, S.beampattern(R, A)), 1e-4, `t₁ sample ${i}`);
    const g = S.sinrs(S.channelMatrix(set, i), x.c, R, s3.noise);
    const ref = Array.from(g).reduce((s, gl) => s + Math.max(0, t.sinr - gl), 0);
    close(barV[i], ref, 1e-4, `t₂ sample ${i}`);
  });
  const total = S.lossTf(h, C, Sm, t, 0.3).dataSync()[0];
  const sum = (x: ArrayLike<number>) => Array.from(x).reduce((a, v) => a + v, 0);
  close(total, (sum(mseV) + 0.3 * sum(barV)) / Bn, 1e-5, "loss");
});

test("phase augmentation: h_l → e^{jφ_l} h_l per sample and user; SINRs (9) of fixed beams unchanged", async () => {
  await initBackend(undefined, { quiet: true });
  const rng = new Rng("phases");
  const L = 3, Bn = 4, M = sys.antennas, s3 = { ...sys, users: L };
  const h = S.channelTensors(S.sampleChannels(s3, Bn, rng.child("h")), s3);
  const phases = Float32Array.from({ length: Bn * L }, () => 2 * Math.PI * rng.uniform());
  const r = S.rotateUserPhases(h, phases);
  const [hr, hi, rr, ri] = [h.re, h.im, r.re, r.im].map((x) => x.dataSync());
  for (let k = 0; k < Bn * L; k++)
    for (let m = 0; m < M; m++) {
      const i = k * M + m; // rotated = e^{jφ_k} · original, entry by entry
      close(rr[i], Math.cos(phases[k]) * hr[i] - Math.sin(phases[k]) * hi[i], 1e-5, `Re h'[${k}, ${m}]`);
      close(ri[i], Math.sin(phases[k]) * hr[i] + Math.cos(phases[k]) * hi[i], 1e-5, `Im h'[${k}, ${m}]`);
    }
  const beams = Array.from({ length: Bn }, (_, i) => randomBeams(rng.child(i), M, L, 1));
  const { C, Sm } = beamTensors(beams, M, L);
  const noise = S.systemTensors(s3).noise;
  const [g0, g1] = [S.sinrTf(h, C, Sm, noise).dataSync(), S.sinrTf(r, C, Sm, noise).dataSync()];
  g0.forEach((g, i) => close(g1[i], g, 1e-4, `SINR ${i}`));
  assert.throws(() => S.rotateUserPhases(h, phases.subarray(1)), /need 12 phases/);
});

test("GNN: user permutation permutes C and leaves S (and R) unchanged; normalisation meets tr R = P₀", async () => {
  await initBackend(undefined, { quiet: true });
  const L = 4, s4 = { ...sys, users: L };
  const set = S.sampleChannels(s4, 3, new Rng("perm-data"));
  const targets = S.targetFeatures(S.steeringMatrix(s4.antennas, s4.targetsDeg));
  const h = S.channelTensors(set, s4);
  const perm = [2, 0, 3, 1];
  const idx = tf.tensor1d(perm, "int32");
  const hp = { re: tf.gather(h.re, idx, 1), im: tf.gather(h.im, idx, 1) };
  const diff = (a: tf.Tensor, b: tf.Tensor) => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
  const tableI = { ...cfg.gnn, encoder: "sigmoid" as const, channelSkip: false };
  for (const g of [cfg.gnn, tableI]) {
    const what = `${g.encoder}${g.channelSkip ? " + channel skip" : ""}`;
    const gnn = new Mo.IsacGnn(new Rng("perm-model"), s4.antennas, g);
    const out = gnn.beams(h, targets, 2);
    const outP = gnn.beams(hp, targets, 2);
    assert.ok(diff(tf.gather(out.c.re, idx, 2), outP.c.re) < 1e-5, `${what}: C equivariant (re)`);
    assert.ok(diff(tf.gather(out.c.im, idx, 2), outP.c.im) < 1e-5, `${what}: C equivariant (im)`);
    assert.ok(diff(out.s.re, outP.s.re) < 1e-5 && diff(out.s.im, outP.s.im) < 1e-5, `${what}: S invariant`);
    const power = tf.add(tf.sum(tf.add(tf.square(out.c.re), tf.square(out.c.im)), [1, 2]), tf.sum(tf.add(tf.square(out.s.re), tf.square(out.s.im)), [1, 2])).dataSync();
    power.forEach((p) => close(p, 2, 1e-5, `${what}: tr R`));
    // the same weights run on another number of users
    const one = gnn.beams({ re: h.re.slice([0, 0, 0], [3, 1, 10]), im: h.im.slice([0, 0, 0], [3, 1, 10]) }, targets, 1);
    assert.deepEqual(one.c.re.shape, [3, 10, 1]);
  }
  // the DNN's normalisation too
  const dnn = new Mo.IsacDnn(new Rng("dnn"), 10, L, 3, cfg.dnn);
  const d = dnn.beams(h, targets, 1);
  const pd = tf.add(tf.sum(tf.add(tf.square(d.c.re), tf.square(d.c.im)), [1, 2]), tf.sum(tf.add(tf.square(d.s.re), tf.square(d.s.im)), [1, 2])).dataSync();
  pd.forEach((p) => close(p, 1, 1e-5, "DNN tr R"));
});

test("training on (25): the presets' GNN learns beams that follow the channels; Table I's sigmoid GNN does not", async () => {
  await initBackend(undefined, { quiet: true });
  const s2 = { ...sys, users: 2 };
  const rng = new Rng("learn");
  const train = S.channelTensors(S.sampleChannels(s2, 1000, rng.child("train")), s2);
  const valid = S.channelTensors(S.sampleChannels(s2, 200, rng.child("valid")), s2);
  const st = S.systemTensors(s2);
  const targets = S.targetFeatures(S.steeringMatrix(s2.antennas, s2.targetsDeg));
  const meanSinrDb = (g: typeof cfg.gnn, lr: number) => {
    const gnn = new Mo.IsacGnn(new Rng("learn-model"), s2.antennas, { ...g, hidden: 64, mid: 32 });
    const opt = tf.train.adam(lr);
    for (let step = 0; step < 150; step++) {
      const i = (step * 50) % 1000;
      tf.tidy(() => {
        const b = { re: train.re.slice([i, 0, 0], [50, -1, -1]), im: train.im.slice([i, 0, 0], [50, -1, -1]) };
        opt.minimize(() => { const o = gnn.beams(b, targets, s2.power); return S.lossTf(b, o.c, o.s, st, 1); }, false, gnn.variables);
      });
    }
    const db = tf.tidy(() => { const o = gnn.beams(valid, targets, s2.power); return tf.mean(tf.mul(tf.log(S.sinrTf(valid, o.c, o.s, st.noise)), 10 / Math.LN10)).dataSync()[0]; });
    opt.dispose();
    tf.dispose(gnn.variables);
    return db;
  };
  const presets = meanSinrDb(cfg.gnn, cfg.train.gnnLearningRate);
  const tableI = meanSinrDb({ ...cfg.gnn, encoder: "sigmoid", channelSkip: false }, 7e-3);
  tf.dispose([train.re, train.im, valid.re, valid.im, targets]);
  S.disposeSystemTensors(st);
  console.log(`mean SINR after 150 steps: presets' GNN ${presets.toFixed(2)} dB, Table I GNN ${tableI.toFixed(2)} dB`);
  // Beams that ignore the channels give two users about −1 dB each (equal power, random directions).
  assert.ok(presets > 4, `presets' GNN: mean SINR ${presets.toFixed(2)} dB after 150 steps`);
  assert.ok(tableI < 2, `Table I GNN: mean SINR ${tableI.toFixed(2)} dB after 150 steps (expected the collapse)`);
});

test("max over the other users (17) excludes the node itself", async () => {
  await initBackend(undefined, { quiet: true });
  const x = tf.tensor3d([0.1, 0.9, 0.5, 0.3, 0.7, 0.2], [1, 3, 2]);
  assert.deepEqual(Array.from(Mo.maxOverOthers(x).dataSync()).map((v) => +v.toFixed(6)), [0.7, 0.3, 0.7, 0.9, 0.5, 0.9]);
});

test("projection (29)–(31): random infeasible beams become feasible (29b)–(29e) with rank-one C̃_l", () => {
  const rng = new Rng("projection");
  const set = S.sampleChannels(sys, 3, rng.child("h"));
  let projected = 0;
  for (let i = 0; i < set.size; i++) {
    const H = S.channelMatrix(set, i);
    const beams = randomBeams(rng.child(i), sys.antennas, sys.users, sys.power);
    const R0 = S.covariance(beams);
    if (S.meetsSinr(S.sinrs(H, beams.c, R0, sys.noise), sys.sinrDb)) continue; // only infeasible inputs
    const p = Mo.project(H, beams, sys);
    assert.ok(p, "projection feasible");
    projected++;
    const R = S.covariance(p!.beams);
    // R̃ = C̃C̃ᴴ + S̃S̃ᴴ reproduces R̂, is PSD (29b), has trace P₀ (29d)
    for (let k = 0; k < R.re.length; k++) close(R.re[k], p!.R.re[k], 1e-7, "R̃ = R̂");
    assert.ok(linalg.hermitianEig(p!.R).values[0] > -1e-7, "(29b)");
    close(S.transmitPower(R), sys.power, 1e-7, "(29d)");
    // (29c) R̂ − Σ Ĉ_l ⪰ 0 and Ĉ_l ⪰ 0
    let rest = p!.R;
    for (const Cl of p!.Chat) {
      assert.ok(linalg.hermitianEig(Cl).values[0] > -1e-7, "Ĉ_l ⪰ 0");
      rest = linalg.csub(rest, Cl);
    }
    assert.ok(linalg.hermitianEig(rest).values[0] > -1e-7, "(29c)");
    // (29e) on Ĉ_l, and the SINR of the rank-one beams (Proposition 1)
    const g0 = 10 ** (sys.sinrDb / 10);
    p!.Chat.forEach((Cl, l) => {
      const h = linalg.cmat(sys.antennas, 1, H.re.slice(l * 10, l * 10 + 10), H.im.slice(l * 10, l * 10 + 10));
      const q = (X: linalg.CMat) => linalg.cmatmul(linalg.adjoint(h), linalg.cmatmul(X, h)).re[0];
      assert.ok((1 + 1 / g0) * q(Cl) >= (q(p!.R) + sys.noise) * (1 - 1e-6), `(29e) user ${l}`);
    });
    assert.ok(S.meetsSinr(S.sinrs(H, p!.beams.c, R, sys.noise), sys.sinrDb), "SINR after (30)–(31)");
  }
  assert.ok(projected >= 2, `expected random beams to be infeasible (projected ${projected})`);
});

test("SDR and ZF meet power and SINR; ZF nulls interference; SDR ≤ ZF", () => {
  const set = S.sampleChannels(sys, 2, new Rng("baselines"));
  for (let i = 0; i < set.size; i++) {
    const H = S.channelMatrix(set, i);
    const sdr = B.sdrBeamforming(H, sys)!, zf = B.zfBeamforming(H, sys)!;
    for (const r of [sdr, zf]) {
      const R = S.covariance(r.beams);
      close(S.transmitPower(R), sys.power, 1e-6, "tr R");
      assert.ok(S.meetsSinr(S.sinrs(H, r.beams.c, R, sys.noise), sys.sinrDb), "SINR");
      const { A, desired } = S.gridOf(sys);
      close(S.beampatternMse(desired, S.beampattern(R, A)), r.objective, 1e-6, "objective = MSE of the recovered beams");
    }
    assert.ok(sdr.objective <= zf.objective + 1e-7, `SDR ${sdr.objective} ≤ ZF ${zf.objective}`);
    // ZF: h_lᴴ c_k = 0 for k ≠ l and h_lᴴ S = 0
    const G = linalg.cmatmul(S.conjugate(H), zf.beams.c);
    const HS = linalg.cmatmul(S.conjugate(H), zf.beams.s);
    const scale = Math.sqrt(G.re[0] ** 2 + G.im[0] ** 2);
    assert.ok(Math.hypot(G.re[1], G.im[1], G.re[2], G.im[2]) < 1e-6 * scale, "inter-user interference nulled");
    assert.ok(Math.max(...HS.re.map(Math.abs), ...HS.im.map(Math.abs)) < 1e-4 * scale, "radar interference nulled");
  }
});

test("SDR and ZF on paper test instances where the interior-point iterates stall: retried, or the stalled point used within CVX's reduced precision", () => {
  const paper = configFor(S.GNN_IP_PRESETS, {}, "paper");
  const set = E.testChannels(paper, paper.system);
  const cases = [
    { design: B.zfBeamforming, sys: { ...paper.system, noise: 3e-10, sinrDb: 7 }, instance: 29 }, // primal residual stalls at 1.5e-6: solved at 1e-5
    { design: B.sdrBeamforming, sys: { ...paper.system, noise: 2e-9, sinrDb: 9 }, instance: 4 }, // near infeasible: stalls at 4.7e-6 (cvxopt fails here)
  ];
  for (const { design, sys: s, instance } of cases) {
    const r = design(S.channelMatrix(set, instance), s);
    assert.ok(r, `${design.name} returns beams on instance ${instance}`);
    const R = S.covariance(r!.beams);
    close(S.transmitPower(R), s.power, 1e-4, "tr R");
    const { A, desired } = S.gridOf(s);
    close(S.beampatternMse(desired, S.beampattern(R, A)), r!.objective, 1e-3, "objective = MSE of the recovered beams");
  }
});

test("SDR, ZF and the projection on worker threads: the same answers, in order, whatever the thread count", () => {
  const rng = new Rng("threads");
  const set = S.sampleChannels(sys, 5, rng);
  const instances = Array.from({ length: set.size }, (_, i) => ({ H: S.channelMatrix(set, i), beams: randomBeams(rng.child(i), sys.antennas, sys.users, sys.power) }));
  const answers = (xs: { mse: number | null; feasible: boolean }[]) => xs.map(({ mse, feasible }) => ({ mse, feasible })); // times differ
  for (const method of ["SDR", "ZF", "projection"] as const) {
    const context = { method, sys, evalSys: sys };
    const sequential = answers(instances.map((x) => B.instanceSample(context, x)));
    assert.ok(sequential.every((r) => r.mse !== null && r.mse > 0 && r.feasible), `${method} solves every instance feasibly`);
    for (const threads of ["1", "3"])
      withEnv("ISAC_SOLVER_THREADS", threads, () =>
        assert.deepEqual(answers(B.instanceSamples(context, instances)), sequential, `${method} on ${threads} thread(s)`));
  }
});

test("every committed paper-scale weights file belongs to a network of the paper preset's figures and loads (a config change that orphans them fails here)", async () => {
  await initBackend(undefined, { quiet: true });
  withEnv("ISAC_SCALE", "paper", () => { // paper-scale weights live in data/weights/
    const paper = configFor(S.GNN_IP_PRESETS, {}, "paper");
    const networks = E.sweepNetworks(paper);
    assert.equal(networks.length, 36); // 2 target sets × 2 + 8 Γ₀ × 2 + 6 L × 2 + 4 N + 6 L for Γ₀ − 3 dB, less 5 repeats of the system's own (L = 2, Γ₀ = 8 dB, N = 180, first target set) and 1 of (L = 2, Γ₀ = 5 dB)
    const dir = path.dirname(networks[0].file);
    const committed = fs.readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => path.join(dir, f));
    const known = new Set(networks.map((n) => n.file));
    assert.deepEqual(committed.filter((f) => !known.has(f)), [], "weights files that no network of the paper preset uses");
    for (const f of paper.sweep.targetSets.flatMap((targetsDeg) => (["gnn", "dnn"] as const).map((kind) => E.weightsFile(paper, kind, { ...paper.system, targetsDeg }))))
      assert.ok(committed.includes(f), `Figs. 6–7 need ${path.basename(f)}`);
    for (const n of networks.filter((x) => committed.includes(x.file))) {
      const net = E.trainedNetwork(paper, n.kind, n.sys, "load"); // throws if a shape differs
      tf.dispose(net.variables);
    }
  });
});

test("the training-threshold study refuses a training Γ₀ that has no network of the sweep, naming it", async () => {
  await assert.rejects(E.trainingThresholdStudy(cfg, [{ servedDb: 8, trainDb: 7.5 }], "load"), /no network is trained for Γ₀ = 7.5 dB \(the sweep has 4, 7, 8, 10\)/);
  await assert.rejects(E.trainingThresholdStudy(cfg, [], "load"), /no \(served, trained\) pair/);
});

test("user sweep: at the training L the scaled rows repeat the GNN's; the GNN trained for Γ₀ − margin serves Γ₀ as the training-threshold study's does; SDR and ZF appear once per L", async () => {
  await initBackend(undefined, { quiet: true });
  const c = configFor(S.GNN_IP_PRESETS, { system: { sinrDb: 10 }, sweep: { users: [cfg.system.users] } }, "quick"); // 10 − 3 = 7 dB is a Γ₀ of the quick sweep
  const users = (await E.userSweep(c, "auto")).toRecords() as Array<Record<string, unknown>>;
  const label = `(trained for Γ₀ − ${c.sweep.trainingMarginDb} dB)`, scaled = `(scaled from L = ${c.system.users})`;
  assert.deepEqual(users.map((r) => r.method), ["GNN-IP", "GNN only", "DNN", "SDR", "ZF", `GNN-IP ${scaled}`, `GNN only ${scaled}`, `GNN-IP ${label}`, `GNN only ${label}`]);
  for (const method of ["GNN-IP", "GNN only"])
    assert.deepEqual({ ...users.find((r) => r.method === `${method} ${scaled}`), method }, users.find((r) => r.method === method));
  const study = (await E.trainingThresholdStudy(c, [{ servedDb: 10, trainDb: 7 }], "auto")).toRecords() as Array<Record<string, unknown>>;
  for (const method of ["GNN-IP", "GNN only"]) {
    const ours = users.find((r) => r.method === `${method} ${label}`)!, ref = study.find((r) => r.method === method)!;
    for (const k of ["mse", "satisfaction", "projection_usage", "samples"]) assert.equal(ours[k], ref[k], `${method}: ${k}`);
  }
});
