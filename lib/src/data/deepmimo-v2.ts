/**
 * Reader for DeepMIMO v2 scenario folders (`<scen>.params.mat`, `<scen>.<b>.{DoD,DoA,CIR,LoS,PL}.mat`,
 * `<scen>.Loc.mat`, `<scen>.TX_Loc.mat`; BS-BS links in `<scen>.<b>.{…}.BSBS.mat` + `<scen>.BSBS.RX_Loc.mat`).
 * Each file holds one variable (its name varies; the first one is used, as DeepMIMO does).
 *
 * Layout (as DeepMIMO's v2 readers walk it): DoD, DoA and CIR are flat vectors
 *   [num_users, (user_id, num_paths, (path_id, a, b, c) × num_paths) × num_users]
 * with (a, b, c) = (phi, theta, power) for DoD/DoA and (phase, ToA, power) for CIR;
 * LoS is [num_users, los_1, …] (one flag per user, 1 LoS, 0 NLoS, -1 no path); PL rows are
 * [distance, pathloss]; Loc and TX_Loc rows are [id, x, y, z].
 *
 * Differences from v3: the LoS flag is per user, so only the first path gets it (as in DeepMIMO's
 * v2 reader); there is no dual-polar or Doppler data.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { readMat } from "./mat5";
import { asMatrix, asNumeric, asScalar, matVar } from "./mat-values";
import { PathSetBuilder, type BaseStation, type LoadOptions, type PathSet, type Scenario } from "./scenario";

/** The scenario name of a v2 folder (the prefix of its `<scen>.params.mat`), or null. */
export function v2ScenarioName(folder: string): string | null {
  if (!fs.existsSync(folder)) return null;
  const f = fs.readdirSync(folder).find((n) => n.endsWith(".params.mat"));
  return f ? f.slice(0, -".params.mat".length) : null;
}

/** The single (first) variable of a v2 file, as a flat vector in MATLAB's column-major order. */
function firstVar(file: string) {
  if (!fs.existsSync(file)) throw new Error(`${file}: missing (a DeepMIMO v2 scenario needs it)`);
  const vars = readMat(file);
  const name = Object.keys(vars)[0];
  if (!name) throw new Error(`${file}: holds no variable`);
  return { name, value: asNumeric(vars[name], `variable '${name}'`, file) };
}

/** Reads one link set (users or BS-BS) of base station `b`. */
function readLinks(prefix: string, b: number, suffix: "" | ".BSBS", locFile: string): PathSet {
  const f = (ext: string) => `${prefix}.${b}.${ext}${suffix}.mat`;
  const dod = firstVar(f("DoD")).value.re;
  const doa = firstVar(f("DoA")).value.re;
  const cir = firstVar(f("CIR")).value.re;
  const los = firstVar(f("LoS")).value.re;
  const plVar = firstVar(f("PL"));
  const pl = asMatrix(plVar.value, `variable '${plVar.name}'`, f("PL"));
  const locVar = firstVar(locFile);
  const loc = asMatrix(locVar.value, `variable '${locVar.name}'`, locFile);
  const n = dod[0];
  if (!Number.isInteger(n) || n < 0) throw new Error(`${f("DoD")}: the first entry should be the number of receivers, found ${n}`);
  if (cir[0] !== n || doa[0] !== n) throw new Error(`${f("CIR")}: DoD, DoA and CIR disagree on the number of receivers (${dod[0]}, ${doa[0]}, ${cir[0]})`);
  if (los.length < n + 1) throw new Error(`${f("LoS")}: needs ${n + 1} entries for ${n} receivers, found ${los.length}`);
  if (loc.rows < n || loc.cols < 4) throw new Error(`${locFile}: needs ${n} rows [id, x, y, z], found ${loc.rows}×${loc.cols}`);
  if (pl.rows < n || pl.cols < 2) throw new Error(`${f("PL")}: needs ${n} rows [distance, pathloss], found ${pl.rows}×${pl.cols}`);
  const builder = new PathSetBuilder();
  let o = 1;
  for (let u = 0; u < n; u++) {
    const P = dod[o + 1];
    if (!(P >= 0) || o + 2 + 4 * P > dod.length || o + 2 + 4 * P > cir.length || o + 2 + 4 * P > doa.length) {
      throw new Error(`${f("DoD")}: receiver ${u + 1} claims ${P} paths but the vectors end (entry ${o})`);
    }
    if (cir[o + 1] !== P || doa[o + 1] !== P) throw new Error(`${f("CIR")}: receiver ${u + 1} has ${cir[o + 1]} paths in CIR, ${P} in DoD`);
    const base = o + 2;
    const col = (v: Float64Array, k: number) => Float64Array.from({ length: P }, (_, l) => v[base + 4 * l + k]);
    const losFlag = los[u + 1];
    const losCol = new Float64Array(P);
    if (P > 0 && losFlag === 1) losCol[0] = 1;
    builder.add(
      loc.data.subarray(u * loc.cols + 1, u * loc.cols + 4),
      {
        phaseDeg: col(cir, 1), toaS: col(cir, 2), powerDbm: col(cir, 3),
        doaPhiDeg: col(doa, 1), doaThetaDeg: col(doa, 2), dodPhiDeg: col(dod, 1), dodThetaDeg: col(dod, 2), los: losCol,
      },
      pl.data[u * pl.cols],
      pl.data[u * pl.cols + 1],
    );
    o = base + 4 * P;
  }
  return builder.build();
}

export function readV2(folder: string, opts: LoadOptions = {}): Scenario {
  const scen = v2ScenarioName(folder);
  if (!scen) throw new Error(`${folder}: no <scenario>.params.mat, so not a DeepMIMO v2 folder`);
  const prefix = path.join(folder, scen);
  const paramsFile = `${prefix}.params.mat`;
  const p = readMat(paramsFile);
  const num = (k: string) => asScalar(matVar(p, k, paramsFile), `'${k}'`, paramsFile);
  const grids = asMatrix(matVar(p, "user_grids", paramsFile), "'user_grids'", paramsFile);
  const userGrids: number[][] = [];
  for (let r = 0; r < grids.rows; r++) userGrids.push(Array.from(grids.data.subarray(r * grids.cols, (r + 1) * grids.cols)));
  const numBs = num("num_BS");
  const txFile = `${prefix}.TX_Loc.mat`;
  const txVar = firstVar(txFile);
  const tx = asMatrix(txVar.value, `variable '${txVar.name}'`, txFile);
  const ids = opts.bs ?? Array.from({ length: numBs }, (_, i) => i + 1).filter((b) => fs.existsSync(`${prefix}.${b}.CIR.mat`));
  const baseStations: BaseStation[] = ids.map((id) => {
    if (id > tx.rows) throw new Error(`${txFile}: has ${tx.rows} rows, no position for base station ${id}`);
    const users = readLinks(prefix, id, "", `${prefix}.Loc.mat`);
    const bsFile = `${prefix}.${id}.CIR.BSBS.mat`;
    const baseStations = opts.bsToBs !== false && fs.existsSync(bsFile) ? readLinks(prefix, id, ".BSBS", `${prefix}.BSBS.RX_Loc.mat`) : undefined;
    const r = (id - 1) * tx.cols;
    return { id, position: [tx.data[r + 1], tx.data[r + 2], tx.data[r + 3]], users, baseStations };
  });
  return {
    format: "v2",
    folder,
    name: scen,
    carrierFreqHz: num("carrier_freq"),
    transmitPowerDbm: num("transmit_power"),
    numBs,
    userGrids,
    baseStations,
    notes: ["v2: one LoS flag per user, given to its first path", "v2: power_dBm for transmit_power, as in v3"],
  };
}
