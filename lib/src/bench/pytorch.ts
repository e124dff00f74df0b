/** Runs a PyTorch twin script when Debian's python3-torch is installed; null otherwise. */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { repoRoot } from "../core/paths";

const PYTHON = process.env.ISAC_TORCH_PYTHON ?? "/usr/bin/python3";

export function torchAvailable(): boolean {
  return spawnSync(PYTHON, ["-c", "import torch"], { stdio: "ignore" }).status === 0;
}

/** Runs scripts/bench/<script> with args and parses the JSON line it prints. */
export function runTorchScript<T>(script: string, args: string[] = []): T | null {
  if (!torchAvailable()) return null;
  const file = path.join(repoRoot(), "scripts", "bench", script);
  const r = spawnSync(PYTHON, [file, ...args], { encoding: "utf8", timeout: 600_000 });
  if (r.status !== 0) throw new Error(`${PYTHON} ${file} failed (exit ${r.status}):\n${r.stderr}`);
  const line = r.stdout.trim().split("\n").at(-1)!;
  return JSON.parse(line) as T;
}
