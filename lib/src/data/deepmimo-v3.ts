/**
 * Reader for DeepMIMO v3 scenario folders:
 *   params.mat            version, carrier_freq, transmit_power, user_grids, num_BS, dual_polar_available, doppler_available
 *   BS<b>_UE_<s>-<e>.mat  channels (1×N cell of 1×1 structs with field p: 8×P rows phase_deg, ToA_s, power_dBm,
 *                         DoA_phi, DoA_theta, DoD_phi, DoD_theta, LoS), rx_locs (N×5: x y z dist pathloss_dB),
 *                         tx_loc (1×3); users s..e-1, possibly split over several files
 *   BS<b>_BS.mat          the same for the BS-BS links (one cell per base station)
 * Dual-polar files (channels_VV, …) are read through their VV component, as DeepMIMO does when dual
 * polarisation is off.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { readMat, type MatValue } from "./mat5";
import { asCell, asMatrix, asNumeric, asScalar, matVar, describe } from "./mat-values";
import { PathSetBuilder, type BaseStation, type LoadOptions, type PathSet, type Scenario } from "./scenario";

const UE_FILE = /^BS(\d+)_UE_(\d+)-(\d+)\.mat$/;

export function isV3Folder(folder: string): boolean {
  return fs.existsSync(path.join(folder, "params.mat"));
}

/** Reads `params.mat` of a v3 folder. */
export function readV3Params(folder: string) {
  const file = path.join(folder, "params.mat");
  const v = readMat(file);
  const num = (k: string) => asScalar(matVar(v, k, file), `'${k}'`, file);
  const grids = asMatrix(matVar(v, "user_grids", file), "'user_grids'", file);
  if (grids.cols < 3) throw new Error(`${file}: 'user_grids' should have rows [first_row, last_row, users_per_row], found ${grids.rows}×${grids.cols}`);
  const userGrids: number[][] = [];
  for (let r = 0; r < grids.rows; r++) userGrids.push(Array.from(grids.data.subarray(r * grids.cols, (r + 1) * grids.cols)));
  return {
    version: v.version ? num("version") : NaN,
    carrierFreqHz: num("carrier_freq"),
    transmitPowerDbm: num("transmit_power"),
    numBs: num("num_BS"),
    userGrids,
    dualPolar: v.dual_polar_available ? num("dual_polar_available") !== 0 : false,
    doppler: v.doppler_available ? num("doppler_available") !== 0 : false,
  };
}

/** The channels cell of a v3 file (VV component for dual-polar files). */
function channelsCell(vars: Record<string, MatValue>, file: string) {
  const key = vars.channels ? "channels" : vars.channels_VV ? "channels_VV" : "channels";
  return asCell(matVar(vars, key, file), `'${key}'`, file);
}

/** Adds the receivers of one v3 file (users or base stations) to `builder`. */
function readV3File(file: string, builder: PathSetBuilder, expectCount?: number): { txLoc?: number[] } {
  const vars = readMat(file);
  const cells = channelsCell(vars, file);
  const n = cells.items.length;
  if (expectCount !== undefined && n !== expectCount) {
    throw new Error(`${file}: the file name promises ${expectCount} receivers but 'channels' holds ${n}`);
  }
  const locs = asMatrix(matVar(vars, "rx_locs", file), "'rx_locs'", file, { rows: n });
  if (locs.cols < 3) throw new Error(`${file}: 'rx_locs' should be ${n}×5 (x, y, z, dist, pathloss), found ${locs.rows}×${locs.cols}`);
  const empty = new Float64Array(0);
  for (let i = 0; i < n; i++) {
    let item = cells.items[i];
    if (item.kind === "struct") {
      if (!item.items.length || !item.items[0].p) throw new Error(`${file}: channels{${i}} should be a struct with field 'p', found fields [${item.fieldNames}]`);
      item = item.items[0].p;
    }
    const p = asNumeric(item, `channels{${i}}.p`, file);
    const rows = p.dims[0];
    const P = p.re.length === 0 ? 0 : p.dims[1];
    if (P > 0 && rows < 8) throw new Error(`${file}: channels{${i}}.p should be 8×P (phase, ToA, power, DoA φ/θ, DoD φ/θ, LoS), found ${describe(p)}`);
    // Column-major 8×P: row r of path l is re[r + rows*l].
    const row = (r: number) => (P === 0 ? empty : Float64Array.from({ length: P }, (_, l) => p.re[r + rows * l]));
    const c = locs.cols;
    builder.add(
      locs.data.subarray(i * c, i * c + 3),
      { phaseDeg: row(0), toaS: row(1), powerDbm: row(2), doaPhiDeg: row(3), doaThetaDeg: row(4), dodPhiDeg: row(5), dodThetaDeg: row(6), los: row(7) },
      c > 3 ? locs.data[i * c + 3] : NaN,
      c > 4 ? locs.data[i * c + 4] : NaN,
    );
  }
  const tx = vars.tx_loc ? asNumeric(vars.tx_loc, "'tx_loc'", file) : undefined;
  return { txLoc: tx ? Array.from(tx.re.subarray(0, 3)) : undefined };
}

/** The BS<b>_UE_*.mat files of a folder, grouped by base station and sorted by first user. */
export function v3UserFiles(folder: string): Map<number, { file: string; start: number; end: number }[]> {
  const byBs = new Map<number, { file: string; start: number; end: number }[]>();
  for (const name of fs.readdirSync(folder)) {
    const m = UE_FILE.exec(name);
    if (!m) continue;
    const b = Number(m[1]);
    const list = byBs.get(b) ?? [];
    list.push({ file: path.join(folder, name), start: Number(m[2]), end: Number(m[3]) });
    byBs.set(b, list);
  }
  for (const list of byBs.values()) list.sort((a, b) => a.start - b.start);
  return new Map([...byBs.entries()].sort((a, b) => a[0] - b[0]));
}

export function readV3(folder: string, opts: LoadOptions = {}): Scenario {
  const params = readV3Params(folder);
  const files = v3UserFiles(folder);
  const ids = opts.bs ?? [...files.keys()];
  const baseStations: BaseStation[] = [];
  for (const id of ids) {
    const list = files.get(id);
    if (!list) {
      throw new Error(`${folder}: no BS${id}_UE_<start>-<end>.mat file for base station ${id} (found base stations: ${[...files.keys()].join(", ") || "none"})`);
    }
    const builder = new PathSetBuilder();
    let next = 0;
    let txLoc: number[] | undefined;
    for (const f of list) {
      if (f.start !== next) throw new Error(`${f.file}: users ${next}..${f.start - 1} are missing (files must cover 0..N-1 without gaps or overlaps)`);
      txLoc = readV3File(f.file, builder, f.end - f.start).txLoc ?? txLoc;
      next = f.end;
    }
    const users = builder.build();
    let bsLinks: PathSet | undefined;
    const bsFile = path.join(folder, `BS${id}_BS.mat`);
    if (opts.bsToBs !== false && fs.existsSync(bsFile)) {
      const b = new PathSetBuilder();
      txLoc = readV3File(bsFile, b).txLoc ?? txLoc;
      bsLinks = b.build();
      if (!txLoc && bsLinks.count >= id) txLoc = Array.from(bsLinks.positions.subarray(3 * (id - 1), 3 * id));
    }
    if (!txLoc) throw new Error(`${list[0].file}: no 'tx_loc' and no ${path.basename(bsFile)} to take the base station position from`);
    baseStations.push({ id, position: [txLoc[0], txLoc[1], txLoc[2]], users, baseStations: bsLinks });
  }
  const notes = [
    "v3: power_dBm for transmit_power; gain = 10^((P - transmit_power)/10)",
    ...(params.dualPolar ? ["dual-polar scenario: the VV component is read"] : []),
    ...(params.doppler ? ["Doppler rows (9, 10) are present but ignored"] : []),
  ];
  return {
    format: "v3",
    folder,
    name: path.basename(path.resolve(folder)),
    carrierFreqHz: params.carrierFreqHz,
    transmitPowerDbm: params.transmitPowerDbm,
    numBs: params.numBs,
    userGrids: params.userGrids,
    baseStations,
    notes,
  };
}
