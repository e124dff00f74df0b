/**
 * `loadScenario(folder)`: detects the DeepMIMO format of a folder and reads it.
 * Detection, in this order: `params.json` → v4; `params.mat` → v3 (DeepMIMO's own rule: a v3
 * folder has params.mat); `<scenario>.params.mat` → v2.
 */
import * as fs from "node:fs";
import { isV3Folder, readV3 } from "./deepmimo-v3";
import { v2ScenarioName, readV2 } from "./deepmimo-v2";
import { isV4Folder, readV4 } from "./deepmimo-v4";
import type { DeepMimoFormat, LoadOptions, Scenario } from "./scenario";

export function detectFormat(folder: string): DeepMimoFormat {
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new Error(`${folder}: not a folder`);
  if (isV4Folder(folder)) return "v4";
  if (isV3Folder(folder)) return "v3";
  if (v2ScenarioName(folder)) return "v2";
  throw new Error(
    `${folder}: not a DeepMIMO scenario folder (expected params.json for v4, params.mat for v3, or <scenario>.params.mat for v2)`,
  );
}

export function loadScenario(folder: string, opts: LoadOptions = {}): Scenario {
  const format = detectFormat(folder);
  return format === "v4" ? readV4(folder, opts) : format === "v3" ? readV3(folder, opts) : readV2(folder, opts);
}
