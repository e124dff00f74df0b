/**
 * Paper 003's learned part: the differentiable SINR (3) and CRLB (6) against the reference closed
 * forms, the HetGNN's permutation equivariance (APs, users, SRs) and its independence of padding,
 * and the loss (14)'s power term against the objective (8a) of the same decisions.
 */
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "isac/core";
import { tf, initBackend } from "isac/tensor";
import { apActivation as sys } from "isac/systems";
import { apActivation as models } from "isac/models";

before(async () => {
  await initBackend(undefined, { quiet: true });
});

const instance = (seed: string, M: number, K: number) => sys.sampleInstance(new Rng(seed), { ...sys.PAPER_SYSTEM, aps: M, users: K });
const cfg: sys.HetGnnConfig = { layers: 3, hidden: [16, 8], alpha: 0.1 };

/** A random allocation within the budgets, P̂ = P/ρ (M×K). */
function randomPowers(rng: Rng, M: number, K: number): number[][] {
  return Array.from({ length: M }, () => {
    const row = Array.from({ length: K }, () => rng.uniform());
    const s = row.reduce((a, x) => a + x, 0);
    return row.map((x) => x / s);
  });
}

/** Reorders the APs, users and SRs of an instance: new index i holds old index perm[i]. */
function permuteInstance(inst: sys.Instance, pm: number[], pk: number[], pt: number[]): sys.Instance {
  const rows = <T>(a: T[], p: number[]) => p.map((i) => a[i]);
  const grid = (a: number[][], p: number[], q: number[]) => rows(a, p).map((r) => rows(r, q));
  return {
    ...inst,
    aps: rows(inst.aps, pm),
    users: rows(inst.users, pk),
    receivers: rows(inst.receivers, pt),
    beta: grid(inst.beta, pm, pk),
    v: grid(inst.v, pm, pk),
    pilotGram: grid(inst.pilotGram, pk, pk),
    chi2: grid(inst.chi2, pm, pt),
    qa: rows(inst.qa, pm),
    qb: rows(inst.qb, pm),
    qc: rows(inst.qc, pm),
  };
}

test("sinrTf and sensingMarginTf equal the closed forms (3) and (6) on padded batches of different sizes", () => {
  const rng = new Rng("metrics-tf");
  const list = [instance("a", 5, 2), instance("b", 7, 3), instance("c", 4, 3)];
  const Ps = list.map((i) => randomPowers(rng, i.M, i.K).map((r) => r.map((x) => x * rng.uniform())));
  const t = sys.systemTensors(list);
  const P = tf.tensor3d(sys.padded(list, 7, 3, (i, m, k) => Ps[list.indexOf(i)][m][k]), [3, 7, 3]);
  const g = sys.sinrTf(t, P).arraySync() as number[][];
  const margin = sys.sensingMarginTf(t, P.sum(2)).arraySync() as number[];
  list.forEach((inst, b) => {
    const W = Ps[b].map((r) => r.map((x) => x * inst.rho));
    sys.sinr(inst, W).forEach((x, k) => assert.ok(Math.abs(g[b][k] / x - 1) < 1e-4, `SINR of user ${k} in instance ${b}: ${g[b][k]} vs ${x}`));
    const ratio = inst.nu / sys.crlb(inst, sys.apPowers(W));
    assert.ok(Math.abs(margin[b] / ratio - 1) < 1e-4, `ν/σ² of instance ${b}: ${margin[b]} vs ${ratio}`);
  });
  tf.dispose([P, ...Object.values(t)]);
});

test("HetGNN: permuting APs, users and SRs permutes its outputs; padding does not change them", () => {
  const model = new models.HetGnn(new Rng("hetgnn-equivariance"), cfg);
  const inst = instance("eq", 6, 3);
  const pm = [3, 0, 5, 1, 4, 2];
  const pk = [2, 0, 1];
  const pt = [1, 3, 0, 2];
  const run = (list: sys.Instance[]) => {
    const g = models.hetGraph(list);
    const out = model.apply(g);
    const r = { a: out.activation.arraySync() as number[][], p: out.power.arraySync() as number[][][] };
    tf.dispose([out.activation, out.power]);
    models.disposeGraph(g);
    return r;
  };
  const base = run([inst]);
  const perm = run([permuteInstance(inst, pm, pk, pt)]);
  const close = (x: number, y: number, what: string) => assert.ok(Math.abs(x - y) <= 1e-5 * (1 + Math.abs(y)), `${what}: ${x} vs ${y}`);
  pm.forEach((m, i) => {
    close(perm.a[0][i], base.a[0][m], `activation of AP ${m}`);
    pk.forEach((k, j) => close(perm.p[0][i][j], base.p[0][m][k], `power P̂_${m}${k}`));
  });
  // The same instance in a batch padded to M = 9, K = 4 by a larger one
  const padded = run([inst, instance("big", 9, 4)]);
  for (let m = 0; m < 9; m++) {
    if (m < 6) close(padded.a[0][m], base.a[0][m], `padded activation of AP ${m}`);
    else assert.equal(padded.a[0][m], 0, `padding AP ${m} is off`);
    for (let k = 0; k < 4; k++) {
      if (m < 6 && k < 3) close(padded.p[0][m][k], base.p[0][m][k], `padded P̂_${m}${k}`);
      else assert.equal(padded.p[0][m][k], 0, `padding power P̂_${m}${k}`);
    }
    const budget = padded.p[0][m].reduce((a, x) => a + x, 0);
    assert.ok(budget <= 1 + 1e-6, `(8b) of AP ${m}: Σ_k P̂ = ${budget}`);
  }
  tf.dispose(model.variables);
});

test("loss (14): its power term is (8a) of the thresholded decisions, its hinge terms vanish exactly when (8c)/(8d) hold", () => {
  const list = [instance("loss-a", 5, 2), instance("loss-b", 5, 2)];
  const rng = new Rng("loss");
  const g = models.hetGraph(list);
  const a = [list.map((i) => Array.from({ length: i.M }, () => rng.uniform()))][0];
  const p = list.map((i) => randomPowers(rng, i.M, i.K));
  const out = { activation: tf.tensor2d(a), power: tf.tensor3d(p) };
  const none = { power: tf.zeros([2, 5, 2]), active: tf.zeros([2, 5]), labelled: tf.zeros([2]) };
  const terms = models.lossTerms(g, out, sys.sharedConstants(list), none);
  const evals = list.map((inst, b) => {
    const active = a[b].map((x) => x >= 0.5);
    return sys.evaluate(inst, p[b].map((r, m) => r.map((x) => (active[m] ? x * inst.rho : 0))), { active });
  });
  const mean = (f: (e: sys.Evaluation) => number) => evals.reduce((s, e) => s + f(e), 0) / evals.length;
  assert.ok(Math.abs(terms.power.dataSync()[0] - mean((e) => e.total)) < 1e-5, "power term vs (8a)");
  const hinge = mean((e) => e.sinr.reduce((s, x, k) => s + Math.max(0, 1 - Math.sqrt(x / list[0].gamma)), 0));
  assert.ok(Math.abs(terms.sinrPenalty.dataSync()[0] - hinge) < 1e-4, `SINR hinge ${terms.sinrPenalty.dataSync()[0]} vs ${hinge}`);
  const sensing = mean((e) => Math.max(0, 1 - list[0].nu / e.crlb));
  assert.ok(Math.abs(terms.sensingPenalty.dataSync()[0] - sensing) < 1e-4, `CRLB hinge ${terms.sensingPenalty.dataSync()[0]} vs ${sensing}`);
  assert.equal(terms.mse.dataSync()[0], 0, "no labelled sample, no MSE");
  tf.dispose([out.activation, out.power, ...Object.values(none), ...Object.values(terms)]);
  models.disposeGraph(g);
});

test("DDPG: an action decodes to a decision within the budgets (8b), and the reward is −(8a) minus the hinges of the closed forms", () => {
  const inst = instance("ddpg", 4, 2);
  const action = [0.9, 0.2, 0.5, 0.7, /* shares */ 0.6, 0.8, 0.1, 0.1, 0.3, 0.2, 0, 0];
  const d = models.decision(inst, action);
  assert.deepEqual(d.active, [true, false, true, true]);
  assert.deepEqual(d.P[1], [0, 0], "inactive AP transmits nothing");
  assert.ok(Math.abs(d.P[0][0] + d.P[0][1] - inst.rho) < 1e-12 && Math.abs(d.P[0][0] / d.P[0][1] - 0.75) < 1e-12, "shares above 1 in total are scaled to the budget");
  assert.ok(Math.abs(d.P[2][0] - 0.3 * inst.rho) < 1e-12, "shares below 1 in total are kept");
  const w = { epsilon1: 0.2, epsilon2: 0.2, alpha: 3, beta: 7 };
  const e = sys.evaluate(inst, d.P, { active: d.active });
  const expected = -e.total - 3 * e.sinr.reduce((s, g) => s + Math.max(0, 1 - Math.sqrt(g / inst.gamma)), 0) - 7 * Math.max(0, 1 - inst.nu / e.crlb);
  assert.ok(Math.abs(models.reward(inst, d, w) - expected) < 1e-12);
  assert.ok(e.sinr.some((g) => g < inst.gamma) || e.crlb > inst.nu || models.reward(inst, d, w) === -e.total, "no penalty when feasible");
});
