/**
 * Solver benchmark on the two paper problems (issue 3, item 6): (a) the SDR of paper 001 at
 * M = 10, L = 2, 180-point grid and (b) the power-allocation SOCP (9)–(10) of paper 003 at
 * M = 50 APs, K = 20 users, with seeded instances. Our time is the median of a few solves; cvxopt's
 * comes from scripts/solver-bench.py on the same JSON instances when Debian's python3-cvxopt is
 * installed. Prints nothing; the caller formats the rows.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Rng, repoRoot } from "../core";
import { solveConic } from "./ipm";
import { PAPER_001_DEFAULTS, PAPER_003_BENCH, cellFreeInstance, isacChannels, isacSdr, powerAllocationSocp } from "./paper-problems";
import type { ConicProblemJSON } from "./problem";

/** One benchmark line; ratio = ours_ms / cvxopt_ms (below 1: faster than cvxopt). */
export interface SolverBenchRow {
  problem: string;
  ours_ms: number;
  iterations: number;
  cvxopt_ms: number | null;
  ratio: number | null;
}

const PYTHON = "/usr/bin/python3";

function benchInstances(): Record<string, { problem: ConicProblemJSON; repeats: number }> {
  const sdr = isacSdr(isacChannels(new Rng("bench-001"), PAPER_001_DEFAULTS.antennas, PAPER_001_DEFAULTS.users)).model;
  const socp = powerAllocationSocp(cellFreeInstance(new Rng("bench-003"), PAPER_003_BENCH), PAPER_003_BENCH).model;
  return {
    "001 SDR (11), M=10 L=2 N=180": { problem: sdr.toProblem(), repeats: 5 },
    "003 SOCP (9)-(10), M=50 K=20": { problem: socp.toProblem(), repeats: 1 },
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** cvxopt timings by instance name, or null when cvxopt is not installed. */
function cvxoptTimes(problems: Record<string, ConicProblemJSON>, repeats: number): Record<string, { ms: number }> | null {
  if (spawnSync(PYTHON, ["-c", "import cvxopt"], { stdio: "ignore" }).status !== 0) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "isac-solver-bench-"));
  try {
    const file = path.join(dir, "problems.json");
    fs.writeFileSync(file, JSON.stringify(problems));
    const script = path.join(repoRoot(), "scripts", "solver-bench.py");
    // One BLAS thread, as our solver uses one core (OpenBLAS's spinning threads also slow cvxopt
    // ~10× on this 2-core machine when another process is busy).
    const env = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1" };
    const r = spawnSync(PYTHON, [script, file, String(repeats)], { encoding: "utf8", maxBuffer: 1 << 26, env });
    if (r.status !== 0) throw new Error(`${script} failed (exit ${r.status}): ${r.stderr.trim()}`);
    return JSON.parse(r.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchSolvers(): Promise<SolverBenchRow[]> {
  const instances = benchInstances();
  const rows: SolverBenchRow[] = [];
  for (const [name, { problem, repeats }] of Object.entries(instances)) {
    const times: number[] = [];
    let iterations = 0;
    for (let r = 0; r < repeats; r++) {
      const sol = solveConic(problem);
      if (sol.status !== "optimal") throw new Error(`bench ${name}: solver returned ${sol.status}`);
      times.push(sol.time_ms);
      iterations = sol.iterations;
    }
    rows.push({ problem: name, ours_ms: median(times), iterations, cvxopt_ms: null, ratio: null });
  }
  for (const [name, { problem, repeats }] of Object.entries(instances)) {
    const ref = cvxoptTimes({ [name]: problem }, repeats);
    const row = rows.find((r) => r.problem === name)!;
    if (ref) {
      row.cvxopt_ms = ref[name].ms;
      row.ratio = row.ours_ms / ref[name].ms;
    }
  }
  return rows;
}
