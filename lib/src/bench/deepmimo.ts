/**
 * DeepMIMO layer speed (issue 4): the O1-like scenario for base stations 1–3 (default 1 m user
 * grid, 4,961 users), written as a v4 folder, read back, and 10,000 channel samples of paper 000's
 * setting (3 BSs with 4×4 arrays, K = 5 single-antenna users).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { generateO1, writeV4Folder } from "../data/o1";
import { loadScenario } from "../data/load";
import { sampleChannels } from "../data/sampling";

function timeMs<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

export function benchDeepmimo(): Array<{ task: string; ms: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "isac-o1-"));
  try {
    const gen = timeMs(() => generateO1({ bs: [1, 2, 3] }));
    const users = gen.value.baseStations[0].users.count;
    const folder = path.join(dir, "o1");
    const write = timeMs(() => writeV4Folder(folder, gen.value));
    const load = timeMs(() => loadScenario(folder));
    const sample = timeMs(() =>
      sampleChannels(load.value, { bs: [1, 2, 3], K: 5, samples: 10_000, seed: 0, channel: { bs_antenna: { shape: [4, 4] } } }),
    );
    return [
      { task: `generate O1-like, BS 1–3, ${users} users`, ms: gen.ms },
      { task: "write it as a DeepMIMO v4 folder", ms: write.ms },
      { task: "read the v4 folder", ms: load.ms },
      { task: "10,000 samples × 5 users × 3 BSs (4×4 UPA)", ms: sample.ms },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
