/**
 * DeepMIMO layer speed (issue 4): the O1-like scenario for base stations 1–3 (default 1 m user
 * grid, 4,961 users), written as a v4 folder, read back, and 10,000 channel samples of paper 000's
 * setting (3 BSs with 4×4 arrays, K = 5 single-antenna users).
 *
 * Generating, writing and reading are the median of 3 runs after 3 warm-up runs (`medianMs`);
 * the 10,000 samples are one run (it follows the warm-ups, so buildChannels is already compiled).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { generateO1, writeV4Folder } from "../data/o1";
import { loadScenario } from "../data/load";
import { sampleChannels } from "../data/sampling";
import type { Scenario } from "../data/scenario";
import { medianMs } from "./timing";

export function benchDeepmimo(): Array<{ task: string; ms: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "isac-o1-"));
  try {
    const folder = path.join(dir, "o1");
    let sc!: Scenario, loaded!: Scenario;
    const gen = medianMs(() => { sc = generateO1({ bs: [1, 2, 3] }); }, 3);
    const write = medianMs(() => writeV4Folder(folder, sc), 3);
    const load = medianMs(() => { loaded = loadScenario(folder); }, 3);
    const t0 = performance.now();
    const s = sampleChannels(loaded, { bs: [1, 2, 3], K: 5, samples: 10_000, seed: 0, channel: { bs_antenna: { shape: [4, 4] } } });
    const sample = performance.now() - t0;
    if (s.shape.join() !== "10000,3,5,16") throw new Error(`benchDeepmimo: unexpected sample shape ${s.shape}`);
    return [
      { task: `generate O1-like, BS 1–3, ${sc.baseStations[0].users.count} users`, ms: gen },
      { task: "write it as a DeepMIMO v4 folder", ms: write },
      { task: "read the v4 folder", ms: load },
      { task: "10,000 samples × 5 users × 3 BSs (4×4 UPA)", ms: sample },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
