/**
 * `npm run bench`: speed of the learning and optimisation parts next to their reference tools
 * (PyTorch for GNN steps, cvxopt for the conic solver) when those are installed.
 */
import * as os from "node:os";
import type { Command } from "./index";
import { initBackend, tf } from "../tensor/backend";
import { timeReferenceStep } from "../bench/reference-step";
import { runTorchScript } from "../bench/pytorch";
import { benchSolvers } from "../solvers/bench";
import { benchDeepmimo } from "../bench/deepmimo";
import { timeCellFreeGnn, type ModelTiming } from "../bench/cellfree-gnn";
import type { KernelTime } from "../bench/timing";
import { timeGnnIp } from "../bench/gnn-ip";
import { timeLhgnn } from "../bench/lhgnn";
import { timeApActivation } from "../bench/ap-activation";
import { timeBranchAndBound } from "../bench/branch-and-bound";

interface TorchTiming {
  train_step_ms: number;
  infer_ms_per_sample: number;
  /** Peak tensor memory during one step (MiB), from torch's profiler (scripts/bench/timing.py). */
  peak_mb: number;
  threads: number;
  torch: string;
}

const f = (x: number, d = 2) => x.toFixed(d).padStart(9);

/** With `--profile`: the kernels that took most of one profiled training step. */
let showProfile = false;
function printProfile(kernels: KernelTime[], top = 8): void {
  if (!showProfile) return;
  const total = kernels.reduce((t, k) => t + k.ms, 0);
  console.log(`  profile of one step (kernel time ${total.toFixed(1)} ms, ${kernels.reduce((n, k) => n + k.calls, 0)} kernel calls):`);
  for (const k of kernels.slice(0, top)) console.log(`    ${k.kernel.padEnd(22)}${f(k.ms, 1)} ms${String(k.calls).padStart(6)} calls`);
}

async function referenceStep(): Promise<void> {
  const backend = await initBackend();
  console.log(`\n## Reference GNN-like step (256 graphs × 15 nodes, 32→256→128→32, Adam) on tfjs ${backend}`);
  const stock = await timeReferenceStep("stock");
  const fixed = await timeReferenceStep("fixed");
  // PyTorch on one thread (like tfjs-wasm here) and on every core; the ratio is to the faster.
  const torch = [...new Set([1, os.availableParallelism()])].map((threads) => runTorchScript<TorchTiming>("reference_step.py", ["--threads", String(threads)]));
  console.log(`${"implementation".padEnd(44)}${"train ms".padStart(9)}${"infer µs/sample".padStart(17)}${"× torch".padStart(9)}${"peak MiB".padStart(10)}`);
  const best = torch.filter((t): t is TorchTiming => !!t).sort((a, b) => a.train_step_ms - b.train_step_ms)[0];
  const ratio = (ms: number) => (best ? f(ms / best.train_step_ms, 1) : "      n/a");
  const row = (name: string, train: number, infer: number, peak: number) =>
    console.log(`${name.padEnd(44)}${f(train)}${f(infer * 1000, 1).padStart(17)}${ratio(train)}${f(peak, 1).padStart(10)}`);
  row(`tfjs ${backend}, stock ops and gradients`, stock.trainStepMs, stock.inferMsPerSample, stock.peakMb);
  row(`tfjs ${backend}, isac Dense + gradient fix`, fixed.trainStepMs, fixed.inferMsPerSample, fixed.peakMb);
  for (const t of torch) if (t) row(`PyTorch ${t.torch}, ${t.threads} thread${t.threads > 1 ? "s" : ""}`, t.train_step_ms, t.infer_ms_per_sample, t.peak_mb);
  if (!best) console.log("(PyTorch not installed: apt-get install python3-torch to compare)");
  console.log(`leaked tensors per 20 steps: stock ${stock.leakedTensors}, fixed ${fixed.leakedTensors}; peak RSS ${fixed.peakRssMb.toFixed(0)} MB`);
  printProfile(fixed.kernels);
  tf.disposeVariables();
}

/**
 * Each series model's benchmark and its PyTorch twin under scripts/bench/. A new model joins by
 * one entry: `ours` builds it at the paper's sizes and returns a ModelTiming (lib/src/bench/cellfree-gnn.ts
 * shows the pattern: one Adam step with medianMs, inference, peakTensorMb), and the twin prints one
 * JSON line with train_step_ms, infer_ms_per_sample, peak_mb (scripts/bench/timing.py) and parameters.
 */
const MODEL_BENCHES: Array<{ label: string; ours: () => Promise<ModelTiming>; twin: string }> = [
  { label: "cell-free edge GNN (002)", ours: () => timeCellFreeGnn(), twin: "cellfree_gnn.py" },
  { label: "GNN-IP module (001)", ours: () => timeGnnIp(), twin: "gnn_ip.py" },
  { label: "LHGNN with attention (000), loss −(4)", ours: () => timeLhgnn(), twin: "lhgnn.py" },
  { label: "AP-activation HetGNN (003), loss (14)", ours: () => timeApActivation(), twin: "ap_activation.py" },
];

async function models(): Promise<void> {
  const backend = await initBackend();
  console.log(`\n## Series models on tfjs ${backend}, next to their PyTorch twins (scripts/bench/*.py)`);
  console.log(`${"model".padEnd(44)}${"train ms".padStart(9)}${"infer µs/sample".padStart(17)}${"× torch".padStart(9)}${"peak MiB".padStart(10)}${"params".padStart(10)}`);
  for (const m of MODEL_BENCHES) {
    const ours = await m.ours();
    const torch = runTorchScript<TorchTiming & { parameters: number }>(m.twin, ["--threads", "1"]);
    const ratio = torch ? (ours.trainStepMs / torch.train_step_ms).toFixed(1).padStart(9) : "n/a".padStart(9);
    console.log(`${`${m.label}, tfjs`.padEnd(44)}${f(ours.trainStepMs)}${f(ours.inferMsPerSample * 1000, 1).padStart(17)}${ratio}${f(ours.peakMb, 1).padStart(10)}${String(ours.parameters).padStart(10)}`);
    if (torch) {
      console.log(`${`  PyTorch ${torch.torch}, 1 thread`.padEnd(44)}${f(torch.train_step_ms)}${f(torch.infer_ms_per_sample * 1000, 1).padStart(17)}${"1.0".padStart(9)}${f(torch.peak_mb, 1).padStart(10)}${String(torch.parameters).padStart(10)}`);
      if (torch.parameters !== ours.parameters) console.log(`  warning: the twin has ${torch.parameters} parameters, ours ${ours.parameters}: not the same model`);
    }
    console.log(`  tensors left per step: ${ours.leakedTensors}`);
    printProfile(ours.kernels);
  }
}

async function solvers(): Promise<void> {
  console.log("\n## Conic solver on the paper problems (ours vs cvxopt, same instances)");
  console.log(`${"problem".padEnd(34)}${"ours ms".padStart(10)}${"iters".padStart(7)}${"cvxopt ms".padStart(11)}${"× cvxopt".padStart(10)}`);
  for (const r of await benchSolvers()) {
    const cv = r.cvxopt_ms === null ? "n/a".padStart(11) : r.cvxopt_ms.toFixed(1).padStart(11);
    const ratio = r.ratio === null ? "n/a".padStart(10) : r.ratio.toFixed(2).padStart(10);
    console.log(`${r.problem.padEnd(34)}${r.ours_ms.toFixed(1).padStart(10)}${String(r.iterations).padStart(7)}${cv}${ratio}`);
  }
}

async function branchAndBound(): Promise<void> {
  console.log("\n## Modified branch-and-bound (paper 003, Algorithm 1) at Table II's sizes, paper preset test instances");
  console.log(`${"M".padStart(3)}${"K".padStart(4)}${"inst".padStart(5)}${"seconds".padStart(9)}${"solves".padStart(8)}${"failed".padStart(8)}${"active".padStart(8)}${"total W".padStart(9)}${"paper s".padStart(9)}`);
  timeBranchAndBound(2, (r) =>
    console.log(`${String(r.M).padStart(3)}${String(r.K).padStart(4)}${String(r.instance).padStart(5)}${r.seconds.toFixed(1).padStart(9)}${String(r.solves).padStart(8)}${String(r.failed).padStart(8)}${String(r.active).padStart(8)}${r.total.toFixed(3).padStart(9)}${r.paperSeconds.toFixed(0).padStart(9)}`),
  );
}

async function deepmimo(): Promise<void> {
  console.log("\n## DeepMIMO layer (O1-like scenario, paper 000's setting)");
  for (const r of benchDeepmimo()) console.log(`${r.task.padEnd(48)}${r.ms.toFixed(0).padStart(8)} ms`);
}

export const benchCommand: Command = {
  summary: "time the GNN reference step and the series models (vs PyTorch), the DeepMIMO layer, the conic solver (vs cvxopt) and paper 003's branch-and-bound",
  async run(args) {
    const only = args.find((a) => !a.startsWith("-")); // e.g. `npm run bench -- solvers`
    showProfile = args.includes("--profile"); // e.g. `npm run bench -- models --profile`
    const suites: Record<string, () => Promise<void>> = { reference: referenceStep, models, deepmimo, solvers, "branch-and-bound": branchAndBound };
    if (only && !(only in suites)) throw new Error(`unknown benchmark '${only}': expected one of ${Object.keys(suites).join(", ")}`);
    console.log(`# isac bench — node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
    for (const [name, run] of Object.entries(suites)) if (!only || only === name) await run();
    return 0;
  },
};
