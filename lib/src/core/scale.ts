/**
 * Experiment scale: `paper` (the papers' settings; hours) or `quick` (tiny sizes that run every
 * code path in seconds). Chosen by $ISAC_SCALE, default `quick`. Outputs of the two never mix:
 * paper-scale figures go to figures/, quick ones to out/quick/figures/ (not committed).
 */
import * as path from "node:path";
import { repoRoot } from "./paths";

export type Scale = "quick" | "paper";
export const SCALES: readonly Scale[] = ["quick", "paper"];

export function parseScale(value: string | undefined, source = "ISAC_SCALE"): Scale {
  const v = value ?? "quick";
  if (!(SCALES as readonly string[]).includes(v)) {
    throw new Error(`${source} must be one of ${SCALES.join(", ")}, got '${v}'`);
  }
  return v as Scale;
}

/** The scale of this process ($ISAC_SCALE, default quick). */
export function currentScale(): Scale {
  return parseScale(process.env.ISAC_SCALE);
}

/** Root folder of generated outputs for a scale: the repository root for paper, out/quick otherwise. */
export function outputRoot(scale: Scale = currentScale()): string {
  return scale === "paper" ? repoRoot() : path.join(repoRoot(), "out", scale);
}

/** figures/<series>/ for the given scale. */
export function figuresDir(series: string, scale: Scale = currentScale()): string {
  return path.join(outputRoot(scale), "figures", series);
}
