/**
 * Experiments of Section IV, one function per figure, each returning a polars DataFrame:
 *  - `srwAtPower`: the SRW baseline on the first `srw.samples` test samples (cached on disk), which
 *    also fixes γ for the learned methods (Section IV.B: "the value of the SPEB result obtained after
 *    optimization by the SRW algorithm"; we take its mean over those samples);
 *  - `rateAndSpebVsPower` (Figs. 7 and 8): sum rate and SPEB of SRW, LHGNN, Homo GNN and Naive CNN
 *    per power, with γ and the learned methods' violation rate SPEB > γ on the test set;
 *  - `rateVsSnr` (Fig. 9) and `rateVsPositionError` (Fig. 10): methods trained and tested on noisy
 *    inputs (loss on the true channels), Section IV.D.
 */
import pl from "nodejs-polars";
import { cachedJson } from "../../core/cache";
import { tf } from "../../tensor/backend";
import type { LhgnnConfig } from "../../systems/lhgnn/config";
import { makeDataset, NO_ERRORS, sampleChannelsOf, type InputErrors, type LhgnnDataset } from "../../systems/lhgnn/data";
import { makeScene, type Scene } from "../../systems/lhgnn/scene";
import { disposeOperators, spebOperators, spebTf, userRatesTf, type SpebOperators } from "../../systems/lhgnn/metrics-tf";
import { srw, srwOperators, srwThresholds } from "../../baselines/lhgnn/srw";
import { channelTensors, inputTensors } from "../../models/lhgnn/inputs";
import { METHOD_LABELS, trainedModel, type LearnedMethod, type TrainMode } from "./methods";

const watt = (dbm: number) => 10 ** (dbm / 10) / 1000;
const mean = (x: ArrayLike<number>) => Array.from(x).reduce((a, b) => a + b, 0) / x.length;

export interface SrwSummary {
  powerDbm: number;
  /** The SCA's SPEB constraint (per target) and the mean achieved SPEB (per target) = γ of the learned methods. */
  constraint: number[];
  gamma: number[];
  sumRate: number;
  /** Per sample: sum rate, SPEB of target 1, SCA iterations, stop reason. */
  samples: { sumRate: number; speb: number; iterations: number; stop: string }[];
}

/** SRW on the first cfg.srw.samples test samples at one power (cached under data/cache/lhgnn-srw/). */
export async function srwAtPower(cfg: LhgnnConfig, powerDbm: number): Promise<SrwSummary> {
  const key = { seed: cfg.seed, system: cfg.system, data: cfg.data, srw: cfg.srw, powerDbm };
  return cachedJson("lhgnn-srw", key, () => {
    const scene = makeScene(cfg.system);
    const ops = srwOperators(scene);
    const P = watt(powerDbm);
    const constraint = srwThresholds(scene, ops, P, cfg.srw.spebSlack);
    const test = makeDataset(cfg, "test", Math.min(cfg.srw.samples, cfg.data.testSamples), NO_ERRORS, "test");
    const t0 = performance.now();
    const runs = Array.from({ length: test.size }, (_, i) => {
      const r = srw(scene, ops, sampleChannelsOf(test, i), P, constraint, cfg.srw);
      if ((i + 1) % 10 === 0 || i + 1 === test.size) console.log(`SRW at ${powerDbm} dBm: ${i + 1}/${test.size} samples (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      return r;
    });
    return {
      powerDbm,
      constraint,
      gamma: constraint.map((_, z) => mean(runs.map((r) => r.speb[z]))),
      sumRate: mean(runs.map((r) => r.sumRate)),
      samples: runs.map((r) => ({ sumRate: r.sumRate, speb: r.speb[0], iterations: r.history.length - 1, stop: r.stop })),
    };
  });
}

export interface Evaluation {
  sumRate: number;
  /** Mean SPEB of target 1 [m²]. */
  speb: number;
  /** Fraction of test samples with SPEB_z > γ for some target (1e-3 relative tolerance). */
  violationRate: number;
}

/** Mean sum rate, SPEB and violation rate of a trained model on a test set (metrics on the true channels). */
export function evaluate(model: ReturnType<typeof trainedModel>, test: LhgnnDataset, ops: SpebOperators, powerW: number, gamma: number): Evaluation {
  const { rates, speb } = tf.tidy(() => {
    const x = inputTensors(test, model.hScale), h = channelTensors(test);
    const beams = model.model.beams(x, powerW);
    return { rates: tf.sum(userRatesTf(h, beams, ops.E.length), -1), speb: spebTf(ops, beams) };
  });
  const r = rates.dataSync() as Float32Array, s = speb.dataSync() as Float32Array;
  tf.dispose([rates, speb]);
  const Z = ops.E.length;
  let viol = 0, s0 = 0;
  for (let i = 0; i < test.size; i++) {
    let v = false;
    for (let z = 0; z < Z; z++) v ||= s[i * Z + z] > gamma * (1 + 1e-3);
    viol += v ? 1 : 0;
    s0 += s[i * Z];
  }
  return { sumRate: mean(r), speb: s0 / test.size, violationRate: viol / test.size };
}

/** Trains (or loads) one method and evaluates it on a test set with the same input errors. */
function trainAndEvaluate(cfg: LhgnnConfig, method: LearnedMethod, powerDbm: number, gamma: number, errors: InputErrors, ops: SpebOperators, mode: TrainMode): Evaluation {
  const m = trainedModel(cfg, { method, powerDbm, gamma, errors }, ops, mode);
  const test = makeDataset(cfg, "test", cfg.data.testSamples, errors, "test");
  const e = evaluate(m, test, ops, watt(powerDbm), gamma);
  tf.dispose(m.model.variables);
  return e;
}

function withOps<T>(scene: Scene, f: (ops: SpebOperators) => T): T {
  const ops = spebOperators(scene);
  try {
    return f(ops);
  } finally {
    disposeOperators(ops);
  }
}

/** Figs. 7 and 8: one row per (power, method): sum rate [bit/s/Hz], SPEB [m²], γ [m²], violation rate. */
export async function rateAndSpebVsPower(cfg: LhgnnConfig, methods: LearnedMethod[] = ["lhgnn", "homo-gnn", "naive-cnn"], mode: TrainMode = "auto"): Promise<pl.DataFrame> {
  if (cfg.system.targets.length !== 1) throw new Error("rateAndSpebVsPower: the figures use one target (system.targets.length = 1)");
  const scene = makeScene(cfg.system);
  const rows: Record<string, number | string>[] = [];
  for (const p of cfg.powersDbm) {
    const s = await srwAtPower(cfg, p);
    const gamma = s.gamma[0];
    rows.push({ power_dbm: p, method: METHOD_LABELS.srw, sum_rate: s.sumRate, speb: mean(s.samples.map((x) => x.speb)), gamma, violation_rate: 0 });
    withOps(scene, (ops) => {
      for (const m of methods) {
        const e = trainAndEvaluate(cfg, m, p, gamma, NO_ERRORS, ops, mode);
        rows.push({ power_dbm: p, method: METHOD_LABELS[m], sum_rate: e.sumRate, speb: e.speb, gamma, violation_rate: e.violationRate });
      }
    });
  }
  return pl.DataFrame(rows);
}

async function robustness(cfg: LhgnnConfig, points: { x: number; errors: InputErrors }[], xName: string, methods: LearnedMethod[], mode: TrainMode): Promise<pl.DataFrame> {
  const p = cfg.robustness.powerDbm;
  const gamma = (await srwAtPower(cfg, p)).gamma[0];
  const rows: Record<string, number | string>[] = [];
  withOps(makeScene(cfg.system), (ops) => {
    for (const { x, errors } of points)
      for (const m of methods) {
        const e = trainAndEvaluate(cfg, m, p, gamma, errors, ops, mode);
        rows.push({ [xName]: x, method: METHOD_LABELS[m], sum_rate: e.sumRate, speb: e.speb, gamma, violation_rate: e.violationRate });
      }
  });
  return pl.DataFrame(rows);
}

const ROBUST_METHODS: LearnedMethod[] = ["lhgnn", "lhgnn-no-attention", "homo-gnn"];

/** Fig. 9: sum rate vs channel-estimation SNR at P = robustness.powerDbm and position error in [a, a+1). */
export function rateVsSnr(cfg: LhgnnConfig, methods = ROBUST_METHODS, mode: TrainMode = "auto"): Promise<pl.DataFrame> {
  const r = cfg.robustness;
  return robustness(cfg, r.snrsDb.map((snr) => ({ x: snr, errors: { snrDb: snr, positionError: r.fixedPositionError } })), "snr_db", methods, mode);
}

/** Fig. 10: sum rate vs position error a (each axis ±[a, a+1) m) at SNR robustness.fixedSnrDb. */
export function rateVsPositionError(cfg: LhgnnConfig, methods = ROBUST_METHODS, mode: TrainMode = "auto"): Promise<pl.DataFrame> {
  const r = cfg.robustness;
  return robustness(cfg, r.positionErrors.map((a) => ({ x: a, errors: { snrDb: r.fixedSnrDb, positionError: a } })), "position_error_m", methods, mode);
}

/** One line per method of a figure's frame: x column against a y column. */
export function linesByMethod(df: pl.DataFrame, x: string, y: string): { name: string; x: number[]; y: number[] }[] {
  const methods = [...new Set(df.getColumn("method").toArray() as string[])];
  return methods.map((name) => {
    const part = df.filter(pl.col("method").eq(pl.lit(name)));
    return { name, x: part.getColumn(x).toArray() as number[], y: part.getColumn(y).toArray() as number[] };
  });
}
