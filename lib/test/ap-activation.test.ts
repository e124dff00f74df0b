/**
 * Paper 003 (AP activation and power allocation): the closed-form SINR (3) against Monte-Carlo
 * estimates of the expectations it is built from, the CRLB (5)–(7) against a direct Fisher
 * information computation, the power allocation against brute force and its own constraints, and
 * branch-and-bound against exhaustive search over active sets; the notebook's checks of the paper's
 * numbers and of the link budget.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Rng, SPEED_OF_LIGHT, noisePowerWatt } from "isac/core";
import { apActivation as sys } from "isac/systems";
import { apActivation as base } from "isac/baselines";
import { apActivation as exp } from "isac/experiments";
import { withEnv } from "./env";

const system = (over: Partial<sys.ApActivationSystem> = {}): sys.ApActivationSystem => ({ ...sys.PAPER_SYSTEM, aps: 4, users: 2, ...over });
const allOn = (inst: sys.Instance) => new Array<boolean>(inst.M).fill(true);

test("SINR (3) matches Monte-Carlo estimates of E{DS}, Var{DS} and E|UI|² under MMSE estimation", () => {
  const rng = new Rng("sinr-mc");
  const inst = sys.sampleInstance(rng.child("instance"), system({ aps: 3, users: 2, diameter: 200 }));
  const tp = sys.PAPER_SYSTEM.pilotLength * sys.PAPER_SYSTEM.pilotPower; // τ_p ρ_p
  const P = [
    [0.03, 0.05],
    [0.06, 0.01],
    [0.02, 0.04],
  ];
  // Units normalised by the noise (see scenario.ts): h ~ CN(0, β), pilot noise and UE noise CN(0, 1).
  const { M, K, beta, v } = inst;
  const N = 200_000;
  const r = rng.child("draws");
  const cn = (variance: number): [number, number] => [Math.sqrt(variance / 2) * r.normal(), Math.sqrt(variance / 2) * r.normal()];
  const ds = Array.from({ length: K }, () => ({ re: 0, im: 0, sq: 0 }));
  const ui = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  for (let n = 0; n < N; n++) {
    const h: [number, number][][] = [];
    const hh: [number, number][][] = [];
    for (let m = 0; m < M; m++) {
      h.push([]);
      hh.push([]);
      for (let k = 0; k < K; k++) {
        const g = cn(beta[m][k]);
        const w = cn(1);
        const y: [number, number] = [Math.sqrt(tp) * g[0] + w[0], Math.sqrt(tp) * g[1] + w[1]]; // (1), orthogonal pilots
        const c = (Math.sqrt(tp) * beta[m][k]) / (tp * beta[m][k] + 1);
        h[m].push(g);
        hh[m].push([c * y[0], c * y[1]]);
      }
    }
    // a_kk' = Σ_m √(P_mk'/ṽ_mk') h_mk ĥ*_mk': the gain of stream k' at user k
    for (let k = 0; k < K; k++) {
      for (let k2 = 0; k2 < K; k2++) {
        let re = 0;
        let im = 0;
        for (let m = 0; m < M; m++) {
          const f = Math.sqrt(P[m][k2] / v[m][k2]);
          const [a, b] = h[m][k];
          const [c, d] = hh[m][k2];
          re += f * (a * c + b * d);
          im += f * (b * c - a * d);
        }
        if (k2 === k) {
          ds[k].re += re / N;
          ds[k].im += im / N;
          ds[k].sq += (re * re + im * im) / N;
        } else ui[k][k2] += (re * re + im * im) / N;
      }
    }
  }
  const closed = sys.sinr(inst, P);
  for (let k = 0; k < K; k++) {
    const mean2 = ds[k].re ** 2 + ds[k].im ** 2;
    const mc = mean2 / (ds[k].sq - mean2 + ui[k].reduce((a, x) => a + x, 0) + 1);
    assert.ok(Math.abs(mc / closed[k] - 1) < 0.02, `user ${k}: Monte Carlo ${mc} vs (3) ${closed[k]}`);
  }
});

test("CRLB (6) equals tr J⁻¹ of the Fisher information of the bistatic delays, with gradients by finite differences", () => {
  const s = system({ aps: 5, receivers: 3 });
  const inst = sys.sampleInstance(new Rng("crlb"), s);
  const p = [0.02, 0.05, 0.01, 0.08, 0.03];
  // Delay τ_mt(x, y) = (R_m + R_t)/c; a delay estimate at SNR P_m|χ_mt|²/σ² has Fisher information
  // 8π²B²·SNR (Godrich et al. [13]); J(x, y) = Σ_mt 8π²B² SNR_mt ∇τ ∇τᵀ at the target (0, 0).
  const noise = noisePowerWatt(s.noiseDensityDbmHz, s.bandwidthHz, s.noiseFigureDb);
  const delay = (m: number, t: number, x: number, y: number) =>
    (Math.hypot(inst.aps[m][0] - x, inst.aps[m][1] - y) + Math.hypot(inst.receivers[t][0] - x, inst.receivers[t][1] - y)) / SPEED_OF_LIGHT;
  const e = 1e-3;
  let [jxx, jyy, jxy] = [0, 0, 0];
  for (let m = 0; m < inst.M; m++) {
    for (let t = 0; t < inst.T; t++) {
      const gx = (delay(m, t, e, 0) - delay(m, t, -e, 0)) / (2 * e);
      const gy = (delay(m, t, 0, e) - delay(m, t, 0, -e)) / (2 * e);
      const info = (8 * Math.PI ** 2 * s.bandwidthHz ** 2 * p[m] * inst.chi2[m][t]) / noise;
      jxx += info * gx * gx;
      jyy += info * gy * gy;
      jxy += info * gx * gy;
    }
  }
  const direct = (jxx + jyy) / (jxx * jyy - jxy * jxy);
  const ours = sys.crlb(inst, p);
  assert.ok(Math.abs(ours / direct - 1) < 1e-6, `(6) ${ours} vs Fisher ${direct}`);
  // (6) as bᵀp / pᵀAp with (7)
  const { b, A } = sys.crlbTerms(inst);
  const bp = b.reduce((a, x, i) => a + x * p[i], 0);
  const pAp = p.reduce((a, x, i) => a + x * A[i].reduce((c, y, j) => c + y * p[j], 0), 0);
  assert.ok(Math.abs(bp / pAp / direct - 1) < 1e-6);
});

test("power allocation: the solution meets (8b)–(8d) and matches a brute-force grid on M = 2, K = 1", () => {
  for (const seed of [1, 2, 3]) {
    const inst = sys.sampleInstance(new Rng(`grid-${seed}`), system({ aps: 2, users: 1 }));
    const ours = base.allocatePower(inst, allOn(inst), "exact");
    // grid over (P_1, P_2) ∈ [0, ρ]², checked with the closed forms (3) and (6)
    const n = 400;
    let best = Infinity;
    for (let i = 0; i <= n; i++) {
      for (let j = 0; j <= n; j++) {
        const P = [[(inst.rho * i) / n], [(inst.rho * j) / n]];
        if (P[0][0] + P[1][0] >= best) continue;
        const ev = sys.evaluate(inst, P, { active: [true, true], tol: 0 });
        if (ev.feasible) best = P[0][0] + P[1][0];
      }
    }
    if (!Number.isFinite(best)) {
      assert.equal(ours.status, "infeasible", `seed ${seed}: grid finds nothing feasible`);
      continue;
    }
    assert.equal(ours.status, "optimal", `seed ${seed}: ${ours.solver}`);
    assert.ok(ours.transmit <= best + 1e-9 && ours.transmit >= best - (2 * inst.rho) / n, `seed ${seed}: ${ours.transmit} vs grid ${best}`);
    assert.ok(sys.evaluate(inst, ours.P!, { tol: 1e-4 }).feasible);
  }
});

test("power allocation on a larger case satisfies its constraints: (9d) row-wise implies (8d), 'none' ignores sensing", () => {
  const inst = sys.sampleInstance(new Rng("pa-constraints"), system({ aps: 30, users: 6 }));
  const bounds: Record<string, number> = {};
  for (const sensing of ["rowwise", "exact", "none"] as const) {
    const a = base.allocatePower(inst, allOn(inst), sensing);
    assert.equal(a.status, "optimal", `${sensing}: ${a.solver}`);
    const ev = sys.evaluate(inst, a.P!, { tol: 1e-4 });
    assert.ok(ev.budgetOk && ev.sinrOk, `${sensing}: budgets and SINRs`);
    if (sensing !== "none") assert.ok(ev.sensingOk, `${sensing}: CRLB ${ev.crlb} > ν`);
    bounds[sensing] = a.transmit;
  }
  // the row-wise restriction costs at least the exact constraint, which costs at least no sensing
  assert.ok(bounds.rowwise >= bounds.exact * (1 - 1e-5) && bounds.exact >= bounds.none * (1 - 1e-5), JSON.stringify(bounds));
});

test("power allocations on worker threads: the same answers, in order, whatever the thread count", () => {
  const inst = sys.sampleInstance(new Rng("pool"), system({ aps: 7, users: 3 }));
  const masks = Array.from({ length: 9 }, (_, i) => Array.from({ length: inst.M }, (_, m) => ((i + 3) >> m) % 2 === 1 || m === 6));
  const sequential = masks.map((mask) => base.allocatePower(inst, mask));
  withEnv("ISAC_SOLVER_THREADS", "1", () => { // each step below sets its own count
    for (const threads of ["1", "3"]) {
      process.env.ISAC_SOLVER_THREADS = threads;
      assert.deepEqual(base.allocateMany(inst, masks, "rowwise"), sequential, `${threads} thread(s)`);
      const bb = base.branchAndBound(inst);
      process.env.ISAC_SOLVER_THREADS = "1";
      const reference = base.branchAndBound(inst);
      assert.deepEqual([bb.active, bb.allocation], [reference.active, reference.allocation], `branch-and-bound on ${threads} thread(s)`);
    }
    // a bad mask fails with the reason, wherever it was solved, and leaves no stale answer behind
    process.env.ISAC_SOLVER_THREADS = "3";
    assert.throws(() => base.allocateMany(inst, [[true], ...masks.slice(0, 2)], "rowwise"), /mask of length M = 7/);
    assert.throws(() => base.allocateMany(inst, [...masks.slice(0, 2), [true]], "rowwise"), /worker thread .* failed: active: expected a mask of length M = 7/);
    assert.deepEqual(base.allocateMany(inst, masks, "rowwise"), sequential, "after the failures");
  });
});

test("power allocation rejects bad input: wrong mask length, pilot contamination", () => {
  const inst = sys.sampleInstance(new Rng("bad"), system());
  assert.throws(() => base.allocatePower(inst, [true]), /mask of length M = 4/);
  const shared = sys.sampleInstance(new Rng("bad"), system({ users: 3, pilotLength: 1, pilots: "random" }));
  assert.throws(() => base.allocatePower(shared, allOn(shared)), /orthogonal pilots/);
  assert.throws(() => sys.sampleInstance(new Rng(1), system({ users: 30 })), /users ≤ pilotLength/);
});

test("branch-and-bound against exhaustive search over all active sets (M ≤ 8): never below it, feasible, O(M²) solves", () => {
  let compared = 0;
  for (let seed = 0; seed < 8; seed++) {
    const inst = sys.sampleInstance(new Rng(`bb-${seed}`), system({ aps: 6 + (seed % 3), users: 3 }));
    const bb = base.branchAndBound(inst);
    const ex = base.exhaustiveSearch(inst);
    assert.equal(ex.solves, 2 ** inst.M - 1);
    if (bb.allocation.status !== "optimal") continue; // no feasible set on its path
    compared++;
    const ev = sys.evaluate(inst, bb.allocation.P!, { active: bb.active, tol: 1e-4 });
    assert.ok(ev.feasible, `seed ${seed}: branch-and-bound's allocation meets (8b)–(8d)`);
    assert.ok(Math.abs(ev.total - bb.allocation.total) < 1e-9, "its total is (8a)");
    assert.ok(bb.allocation.total >= ex.allocation.total - 1e-6, `seed ${seed}: ${bb.allocation.total} below the exhaustive optimum ${ex.allocation.total}`);
    assert.ok(bb.solves <= (inst.M * (inst.M + 1)) / 2 + 1, `O(M²) solves: ${bb.solves}`);
    // the first-improvement reading of Remark 1: also feasible, never below the optimum, and the
    // level it ends on has no removal that lowers (8a)
    const first = base.branchAndBound(inst, { branch: "first" });
    if (first.allocation.status !== "optimal") continue;
    assert.ok(sys.evaluate(inst, first.allocation.P!, { active: first.active, tol: 1e-4 }).feasible, `seed ${seed}: "first" is feasible`);
    assert.ok(first.allocation.total >= ex.allocation.total - 1e-6, `seed ${seed}: "first" ${first.allocation.total} below the optimum`);
    first.active.forEach((on, m) => {
      if (!on) return;
      const fewer = base.allocatePower(inst, first.active.map((a, j) => a && j !== m));
      assert.ok(fewer.status !== "optimal" || fewer.total > first.allocation.total - 1e-9, `seed ${seed}: removing AP ${m} still lowers (8a)`);
    });
  }
  // (9d) is not monotone in the active set (each active AP adds a row): the all-AP start is
  // infeasible on some instances, and the search then descends until a subset is feasible
  assert.ok(compared >= 5, `branch-and-bound found a feasible set on only ${compared} of 8 instances`);
});

test("the power-allocation SOCP's hub variables (ũ_k in every cone of user k) keep the block-arrow KKT path in agreement with the dense one", () => {
  const inst = sys.sampleInstance(new Rng("arrow-hubs"), system({ aps: 10, users: 3 }));
  for (const sensing of ["rowwise", "exact", "none"] as const) {
    const { model } = base.powerAllocationModel(inst, allOn(inst), sensing);
    const arrow = model.solve({ kkt: "arrow", tol: 1e-5 });
    const dense = model.solve({ kkt: "dense", tol: 1e-5 });
    assert.equal(arrow.status, dense.status, sensing);
    if (dense.status === "optimal") assert.ok(Math.abs(arrow.objective! - dense.objective!) <= 1e-4 * Math.max(1, Math.abs(dense.objective!)), `${sensing}: ${arrow.objective} vs ${dense.objective}`);
  }
});

test("the paper's Table II powers against the (8a) bounds of Fig. 4's active APs: n·P_cir ≤ (8a) ≤ n·(P_cir + ρ_DL)", () => {
  const cfg = sys.AP_ACTIVATION_PRESETS.paper;
  const rows = exp.paperConsistency(cfg).toRecords() as Array<{ method: string; paper_active_aps: number; least_W: number; most_W: number; consistent: boolean }>;
  const by = Object.fromEntries(rows.map((r) => [r.method, r]));
  assert.deepEqual(Object.keys(by).sort(), ["DDPG", "Decoupled", "HetGNN", "Modified BB"]);
  assert.ok(Math.abs(by["Modified BB"].least_W - 32 * 0.2) < 1e-12 && Math.abs(by["Modified BB"].most_W - 32 * 0.3) < 1e-12);
  assert.equal(by.HetGNN.most_W.toFixed(2), "4.80");
  assert.deepEqual(rows.filter((r) => !r.consistent).map((r) => r.method), ["HetGNN"], "8.31 W from 16 APs needs more than 100 mW per AP");
  // with a 0.5 W budget per AP, 16 APs could spend 8.31 W
  const generous = exp.paperConsistency({ ...cfg, system: { ...cfg.system, downlinkPower: 0.5 } }).toRecords() as Array<{ consistent: boolean }>;
  assert.ok(generous.every((r) => r.consistent));
});

test("link-budget study: same instances at every noise figure, (9d) ⇒ (8d) for the all-AP set, weaker links never help it", async () => {
  const paper = sys.AP_ACTIVATION_PRESETS.paper;
  const cfg = { ...paper, system: { ...paper.system, receivers: 3 }, linkBudget: { size: [5, 2] as [number, number], instances: 3, noiseFiguresDb: [9, 30] } };
  const at = (noiseFigureDb: number) => exp.instances({ ...cfg, system: { ...cfg.system, noiseFigureDb } }, "test", 5, 2, 3);
  assert.deepEqual(at(9).map((i) => i.aps), at(30).map((i) => i.aps), "positions do not depend on the noise figure");
  assert.ok(at(30)[0].beta[0][0] < at(9)[0].beta[0][0] / 50, "21 dB more noise: β_mk over 100× smaller");
  const log = console.log;
  console.log = () => {};
  process.env.ISAC_CACHE = fs.mkdtempSync(path.join(os.tmpdir(), "isac-ap-"));
  try {
    const rows = (await exp.linkBudgetStudy(cfg)).toRecords() as Array<Record<string, number>>;
    assert.deepEqual(rows.map((r) => r.noise_figure_db), [9, 30]);
    for (const r of rows) {
      for (const k of ["bb_feasible_fraction", "full_ap_9d_fraction", "full_ap_8d_fraction"]) assert.ok(r[k] >= 0 && r[k] <= 1, `${k} = ${r[k]}`);
      assert.ok(r.full_ap_9d_fraction <= r.full_ap_8d_fraction, "(9d) implies (8d)");
      if (r.bb_feasible_fraction > 0) assert.ok(r.active_aps >= 1 && r.active_aps <= 5 && r.power_W >= r.active_aps * cfg.system.circuitPower);
    }
    assert.ok(rows[1].full_ap_8d_fraction <= rows[0].full_ap_8d_fraction, "weaker links make the all-AP problem harder");
    assert.ok(rows[0].bb_feasible_fraction > 0, "branch-and-bound finds a set at the presets' noise figure");
  } finally {
    console.log = log;
    fs.rmSync(process.env.ISAC_CACHE!, { recursive: true, force: true });
    delete process.env.ISAC_CACHE;
  }
});
