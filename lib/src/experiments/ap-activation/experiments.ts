/**
 * Experiments of paper 003: branch-and-bound labels for the training set (cached), the HetGNN
 * trained on them with the semi-supervised loss (14) (weights cached, committed at paper scale),
 * and the comparison of every method on test instances, from which Table II and Figs. 3–4 are
 * summaries. Each method's answer is checked against problem (8) with the closed forms.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import pl from "nodejs-polars";
import { cachedJson, cacheDir, hashKey } from "../../core/cache";
import { currentScale } from "../../core/scale";
import { repoRoot } from "../../core/paths";
import { Rng } from "../../core/rng";
import { tf } from "../../tensor/backend";
import { Trainer } from "../../train/trainer";
import { loadWeights, saveWeights } from "../../train/checkpoint";
import { FIG4_PAPER_ACTIVE_K20, TABLE_II_PAPER, type ApActivationConfig } from "../../systems/ap-activation/config";
import { sampleInstance, type Instance } from "../../systems/ap-activation/scenario";
import { evaluate } from "../../systems/ap-activation/metrics";
import { padded, sharedConstants } from "../../systems/ap-activation/metrics-tf";
import { branchAndBound, decoupled, fullApRelaxed, type ActivationResult } from "../../baselines/ap-activation/activation";
import { allocatePower } from "../../baselines/ap-activation/power-allocation";
import { hetGraph, disposeGraph, type HetGraph } from "../../models/ap-activation/graph";
import { HetGnn } from "../../models/ap-activation/hetgnn";
import { semiSupervisedLoss, type Labels } from "../../models/ap-activation/loss";
import { Ddpg, ddpgStates, decision } from "../../models/ap-activation/ddpg";

export type TrainMode = "auto" | "fit" | "load";
export type Method = "HetGNN" | "DDPG" | "Modified BB" | "Decoupled" | "Full AP";
const BASELINES = { "Modified BB": branchAndBound, Decoupled: decoupled, "Full AP": fullApRelaxed } as const;
export type Baseline = keyof typeof BASELINES;

/** The n instances of size (M, K) of a set ("train", "validation", "test"); the same config gives the same instances. */
export function instances(cfg: ApActivationConfig, set: string, M: number, K: number, n: number): Instance[] {
  const rng = new Rng(cfg.seed).child(`${set}-${M}-${K}`);
  return Array.from({ length: n }, (_, i) => sampleInstance(rng.child(i), { ...cfg.system, aps: M, users: K }));
}

/** What a method returned on one instance (JSON-able, for the cache). */
export interface Run {
  status: "optimal" | "infeasible" | "failed";
  active: boolean[];
  /** P_mk [W], null when the method found no allocation */
  P: number[][] | null;
  /** wall time of the method on this instance, measured when it ran [ms] */
  ms: number;
  solves: number;
}

/** Bump when a baseline's algorithm or the solver changes, so cached runs of the old one are not reused. */
const BASELINE_VERSION = 4;

const toRun = (r: ActivationResult): Run => ({ status: r.allocation.status, active: r.active, P: r.allocation.P, ms: r.ms, solves: r.solves });

/**
 * A baseline's runs on the instances of (set, M, K), cached in chunks of 10 instances so that an
 * interrupted run resumes; prints progress per chunk.
 */
export async function baselineRuns(cfg: ApActivationConfig, method: Baseline, set: string, M: number, K: number, n: number): Promise<Run[]> {
  const all = instances(cfg, set, M, K, n);
  const out: Run[] = [];
  for (let start = 0; start < n; start += 10) {
    const chunk = all.slice(start, start + 10);
    const key = { method, version: BASELINE_VERSION, seed: cfg.seed, system: cfg.system, set, M, K, start, count: chunk.length };
    out.push(...(await cachedJson(`ap-activation/${set}-${method.replace(/ /g, "-")}-${M}x${K}`, key, () => chunk.map((inst) => toRun(BASELINES[method](inst))))));
    if (n > 10) console.log(`  ${method}, ${set} M = ${M}, K = ${K}: ${Math.min(start + 10, n)}/${n}`);
  }
  return out;
}

/** Branch-and-bound labels of a padded batch (unlabelled where it found no feasible set). */
export function labelTensors(list: readonly Instance[], runs: readonly Run[]): Labels {
  const M = Math.max(...list.map((i) => i.M));
  const K = Math.max(...list.map((i) => i.K));
  const B = list.length;
  const { rho } = sharedConstants(list);
  const run = (i: Instance) => runs[list.indexOf(i)];
  const ok = (i: Instance) => run(i).status === "optimal" && run(i).P !== null;
  return {
    power: tf.tensor3d(padded(list, M, K, (i, m, k) => (ok(i) ? run(i).P![m][k] / rho : 0)), [B, M, K]),
    active: tf.tensor2d(padded(list, M, 1, (i, m) => (ok(i) && run(i).active[m] ? 1 : 0), (i) => [i.M, 1]), [B, M]),
    labelled: tf.tensor1d(list.map((i) => (ok(i) ? 1 : 0)), "float32"),
  };
}

/** Instances of every training size with their branch-and-bound runs. */
async function labelledSet(cfg: ApActivationConfig, set: string, perSize: number): Promise<{ list: Instance[]; runs: Run[] }> {
  const list: Instance[] = [];
  const runs: Run[] = [];
  for (const [M, K] of cfg.train.sizes) {
    list.push(...instances(cfg, set, M, K, perSize));
    runs.push(...(await baselineRuns(cfg, "Modified BB", set, M, K, perSize)));
  }
  return { list, runs };
}

/** Paper-scale weights are committed under data/weights/ap-activation/; others go to the cache. */
export function weightsFile(cfg: ApActivationConfig): string {
  return weightsPath("hetgnn", { seed: cfg.seed, system: cfg.system, hetgnn: cfg.hetgnn, loss: cfg.loss, train: cfg.train });
}

const GRAPH_KEYS = ["ap", "comm", "radar", "rv", "rb", "q", "apMask", "ueMask"] as const;

/**
 * The HetGNN: loaded from its weights file ("load", or "auto" when it exists), else trained on
 * branch-and-bound labels of every training size with the loss (14) (Adam, validated on held-out
 * instances, best epoch kept) and saved.
 */
export async function trainedHetGnn(cfg: ApActivationConfig, mode: TrainMode = "auto"): Promise<HetGnn> {
  const model = new HetGnn(new Rng(cfg.seed).child("hetgnn"), cfg.hetgnn);
  const file = weightsFile(cfg);
  if (mode === "load" || (mode === "auto" && fs.existsSync(file))) {
    loadWeights(file, model.variables);
    console.log(`HetGNN: loaded ${path.relative(repoRoot(), file)}`);
    return model;
  }
  console.log(`HetGNN: branch-and-bound labels for ${cfg.train.sizes.length} sizes × ${cfg.train.perSize} instances`);
  const train = await labelledSet(cfg, "train", cfg.train.perSize);
  const valid = await labelledSet(cfg, "validation", cfg.train.validationPerSize);
  const constants = sharedConstants(train.list);
  const labelled = train.runs.filter((r) => r.status === "optimal").length;
  console.log(`HetGNN: ${labelled} of ${train.list.length} training instances have a feasible branch-and-bound label; training ${cfg.train.epochs} epochs`);
  const g = hetGraph(train.list);
  const labels = labelTensors(train.list, train.runs);
  const vg = hetGraph(valid.list);
  const vl = labelTensors(valid.list, valid.runs);
  const loss = (graph: HetGraph, l: Labels) => semiSupervisedLoss(graph, model.apply(graph), constants, l, cfg.loss);
  new Trainer({ ...cfg.train, seed: `${cfg.seed}-hetgnn`, logEvery: Math.max(1, Math.round(cfg.train.epochs / 10)), validateEvery: 1 }).fit({
    variables: model.variables,
    data: { ...Object.fromEntries(GRAPH_KEYS.map((k) => [k, g[k]])), lp: labels.power, la: labels.active, ll: labels.labelled },
    loss: (b) => loss(b as unknown as HetGraph, { power: b.lp, active: b.la, labelled: b.ll }),
    validate: () => tf.tidy(() => loss(vg, vl).dataSync()[0]),
    checkpoint: `${file}.checkpoint`,
  });
  disposeGraph(g);
  disposeGraph(vg);
  tf.dispose([labels.power, labels.active, labels.labelled, vl.power, vl.active, vl.labelled]);
  saveWeights(file, model.variables, { config: cfg });
  return model;
}

/** Where a model's weights live: committed under data/weights/ap-activation/ at paper scale, else in the cache. */
function weightsPath(name: string, key: unknown): string {
  const dir = currentScale() === "paper" ? path.join(repoRoot(), "data", "weights") : path.join(cacheDir(), "weights");
  return path.join(dir, "ap-activation", `${name}-${hashKey(key)}.json`);
}

/**
 * The DDPG model of size (M, K) (one per size, as in Section IV): loaded from its weights file
 * ("load", or "auto" when it exists), else trained on fresh instances of that size and saved.
 */
export function trainedDdpg(cfg: ApActivationConfig, M: number, K: number, mode: TrainMode = "auto"): Ddpg {
  const rng = new Rng(cfg.seed).child(`ddpg-${M}-${K}`);
  const system = { ...cfg.system, aps: M, users: K };
  const source = rng.child("instances");
  const draw = () => sampleInstance(source, system);
  const probe = ddpgStates([sampleInstance(rng.child("probe"), system)]);
  const model = new Ddpg(rng.child("model"), M, K, probe.shape[1]);
  probe.dispose();
  const file = weightsPath(`ddpg-${M}x${K}`, { seed: cfg.seed, system: cfg.system, ddpg: cfg.ddpg, loss: cfg.loss, M, K });
  if (mode === "load" || (mode === "auto" && fs.existsSync(file))) {
    loadWeights(file, model.variables);
    return model;
  }
  const every = Math.max(1, Math.round(cfg.ddpg.steps / 5));
  model.train(draw, cfg.ddpg, cfg.loss, rng.child("exploration"), (step, r) => {
    if (step % every === 0) console.log(`  DDPG M = ${M}, K = ${K}: step ${step}/${cfg.ddpg.steps}, mean reward ${r.toFixed(3)}`);
  });
  saveWeights(file, model.variables, { config: cfg, M, K });
  return model;
}

/** A DDPG model's decisions (no exploration noise); time per instance from one batched forward pass. */
export function ddpgRuns(model: Ddpg, list: readonly Instance[]): Run[] {
  const states = ddpgStates(list);
  const t0 = performance.now();
  const actions = model.act(states);
  const ms = (performance.now() - t0) / list.length;
  states.dispose();
  return list.map((inst, i) => ({ status: "optimal", ...decision(inst, actions[i]), ms, solves: 0 }));
}

/** The HetGNN's decisions on instances of one size: active = σ ≥ 0.5, P_mk = ρ P̂_mk on active APs. */
export function hetGnnRuns(model: HetGnn, list: readonly Instance[]): Run[] {
  const g = hetGraph(list);
  tf.dispose(Object.values(model.apply(g))); // warm-up (kernel setup), not timed
  const t0 = performance.now();
  const [a, p] = tf.tidy(() => {
    const out = model.apply(g);
    return [out.activation.arraySync() as number[][], out.power.arraySync() as number[][][]];
  });
  const ms = (performance.now() - t0) / list.length;
  disposeGraph(g);
  return list.map((inst, b) => {
    const active = Array.from({ length: inst.M }, (_, m) => a[b][m] >= 0.5);
    const P = Array.from({ length: inst.M }, (_, m) => Array.from({ length: inst.K }, (_, k) => (active[m] ? inst.rho * p[b][m][k] : 0)));
    return { status: "optimal", active, P, ms, solves: 0 };
  });
}

/**
 * Every method on the test instances of each (M, K) (DDPG models trained per size as `train`
 * says): one row per method and instance with the
 * total power (8a) [W], the active APs, whether (8b)–(8d) hold (checked with the closed forms, the
 * exact CRLB (6)) and the run time per instance [ms]. Rows of a method that found no allocation
 * have feasible = false and total = NaN.
 */
export async function compareMethods(cfg: ApActivationConfig, model: HetGnn, sizes: [number, number][], train: TrainMode = "auto"): Promise<pl.DataFrame> {
  const rows: Record<string, number | string | boolean>[] = [];
  for (const [M, K] of sizes) {
    const list = instances(cfg, "test", M, K, cfg.testInstances);
    const runs: Record<Method, Run[]> = {
      HetGNN: hetGnnRuns(model, list),
      DDPG: ddpgRuns(trainedDdpg(cfg, M, K, train), list),
      "Modified BB": await baselineRuns(cfg, "Modified BB", "test", M, K, list.length),
      Decoupled: await baselineRuns(cfg, "Decoupled", "test", M, K, list.length),
      "Full AP": await baselineRuns(cfg, "Full AP", "test", M, K, list.length),
    };
    for (const [method, rs] of Object.entries(runs)) {
      rs.forEach((r, i) => {
        const e = r.P ? evaluate(list[i], r.P, { active: r.active }) : null;
        rows.push({
          M,
          K,
          method,
          instance: i,
          total_W: e ? e.total : NaN,
          active_aps: e ? e.active : NaN,
          feasible: e ? e.feasible : false,
          sinr_ok: e ? e.sinrOk : false,
          crlb_ok: e ? e.sensingOk : false,
          ms: r.ms,
        });
      });
    }
    console.log(`compared methods at M = ${M}, K = ${K} (${list.length} instances)`);
  }
  return pl.DataFrame(rows);
}

/**
 * Per (M, K, method): mean total power over all instances with an allocation and over feasible
 * ones only, the fraction of feasible instances, mean active APs and mean run time.
 */
export function summarise(df: pl.DataFrame): pl.DataFrame {
  const feasibleTotal = pl.when(pl.col("feasible")).then(pl.col("total_W")).otherwise(pl.lit(null));
  return df
    .groupBy(["M", "K", "method"])
    .agg(
      pl.col("total_W").filter(pl.col("total_W").isNotNan()).mean().alias("power_W"),
      feasibleTotal.mean().alias("power_feasible_W"),
      pl.col("feasible").cast(pl.Float64).mean().alias("feasible_fraction"),
      pl.col("active_aps").filter(pl.col("active_aps").isNotNan()).mean().alias("active_aps"),
      pl.col("ms").mean().div(1000).alias("time_s"),
    )
    .sort(["M", "K", "method"]);
}

/** Table II's columns for each method, in the paper's order. */
const PAPER_COLUMNS: Record<string, ["hetgnn" | "ddpg" | "bb" | "decoupled", "tHetgnn" | "tDdpg" | "tBb" | "tDecoupled"]> = {
  HetGNN: ["hetgnn", "tHetgnn"],
  DDPG: ["ddpg", "tDdpg"],
  "Modified BB": ["bb", "tBb"],
  Decoupled: ["decoupled", "tDecoupled"],
};

/** The paper's Table II in long form: M, K, method, paper_power_W, paper_time_s. */
export function paperTableII(): pl.DataFrame {
  return pl.DataFrame(
    TABLE_II_PAPER.flatMap((r) =>
      Object.entries(PAPER_COLUMNS).map(([method, [p, t]]) => ({ M: r.M, K: r.K, method, paper_power_W: r[p], paper_time_s: r[t] })),
    ),
  );
}

/** A summary (summarise) with the paper's Table II values beside ours where the paper has the cell (null elsewhere). */
export function withPaperValues(summary: pl.DataFrame): pl.DataFrame {
  const paper = paperTableII().withColumns(pl.col("M").cast(pl.Float64), pl.col("K").cast(pl.Float64));
  return summary.withColumns(pl.col("M").cast(pl.Float64), pl.col("K").cast(pl.Float64)).join(paper, { on: ["M", "K", "method"], how: "left" });
}

/**
 * The paper's own numbers at M = 50, K = 20 against the bounds (8a)–(8b) put on them: n active APs
 * spend between n·P_cir and n·(P_cir + ρ_DL). Per method: Table II's power, Fig. 4's active APs
 * (as the text reads them), those bounds and whether the power lies within them.
 */
export function paperConsistency(cfg: ApActivationConfig): pl.DataFrame {
  const { M, K } = FIG4_PAPER_ACTIVE_K20;
  const table = TABLE_II_PAPER.find((r) => r.M === M && r.K === K)!;
  const { circuitPower, downlinkPower } = cfg.system;
  return pl.DataFrame(
    Object.entries(PAPER_COLUMNS).map(([method, [p]]) => {
      const n = FIG4_PAPER_ACTIVE_K20[p];
      const [least, most] = [n * circuitPower, n * (circuitPower + downlinkPower)].map((w) => Math.round(w * 1e9) / 1e9);
      return { M, K, method, paper_power_W: table[p], paper_active_aps: n, least_W: least, most_W: most, consistent: table[p] >= least && table[p] <= most };
    }),
  ).withColumns(pl.col(["M", "K", "paper_active_aps"]).cast(pl.Int32));
}

/**
 * Branch-and-bound on the same test instances (same positions and fading, so only the link budget
 * changes) for each receiver noise figure of `cfg.linkBudget`: the fraction of instances where it
 * finds a feasible set, the mean active APs and total power (8a) over those, and the fraction where
 * all APs together meet (8b)–(8c) with the paper's (9d) ("Full AP") and with the exact CRLB (8d).
 */
export async function linkBudgetStudy(cfg: ApActivationConfig): Promise<pl.DataFrame> {
  const { size: [M, K], instances: n, noiseFiguresDb } = cfg.linkBudget;
  const rows: Record<string, number>[] = [];
  for (const noiseFigureDb of noiseFiguresDb) {
    const c = { ...cfg, system: { ...cfg.system, noiseFigureDb } };
    const list = instances(c, "test", M, K, n);
    const bb = (await baselineRuns(c, "Modified BB", "test", M, K, n)).map((r, i) => (r.P ? evaluate(list[i], r.P, { active: r.active }) : null));
    const full = await baselineRuns(c, "Full AP", "test", M, K, n);
    const exact = await cachedJson(`ap-activation/test-full-exact-${M}x${K}`, { version: BASELINE_VERSION, seed: c.seed, system: c.system, M, K, n }, () =>
      list.map((inst) => allocatePower(inst, new Array<boolean>(M).fill(true), "exact").status === "optimal"),
    );
    const ok = bb.filter((e) => e?.feasible);
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
    rows.push({
      noise_figure_db: noiseFigureDb,
      bb_feasible_fraction: ok.length / n,
      active_aps: mean(ok.map((e) => e!.active)),
      power_W: mean(ok.map((e) => e!.total)),
      full_ap_9d_fraction: full.filter((r) => r.status === "optimal").length / n,
      full_ap_8d_fraction: exact.filter(Boolean).length / n,
    });
    console.log(`link budget: noise figure ${noiseFigureDb} dB done (M = ${M}, K = ${K}, ${n} instances)`);
  }
  return pl.DataFrame(rows);
}
