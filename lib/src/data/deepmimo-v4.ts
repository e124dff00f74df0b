/**
 * Reader for DeepMIMO v4 scenario folders: `params.json` plus one matrix per key and TX/RX pair,
 * named `<key>_t<txset:03>_tx<txidx:03>_r<rxset:03>.<npz|mat|npy>` (DeepMIMO tries .mat, .npz, .npy
 * in that order; so do we). Keys: power, phase, delay, aoa_az, aoa_el, aod_az, aod_el (N×P, NaN for
 * absent paths), rx_pos (N×3), tx_pos (1×3), and optionally inter (N×P interaction codes, 0 = LoS).
 *
 * Conventions that differ from v3, and how they are mapped onto the common Scenario:
 *  - `power` is in dB relative to the transmitter (DeepMIMO v4: power_linear = 10^(power/10)), so
 *    transmitPowerDbm is 0 and powerDbm holds that gain;
 *  - `aoa_el`/`aod_el` are, despite the name, zenith angles in degrees (v4 feeds them to the same
 *    array response as v3's theta), so they map to doaThetaDeg/dodThetaDeg unchanged;
 *  - LoS per path is `inter == 0`; without an `inter` matrix every path is marked non-LoS;
 *  - base stations are the (tx set, tx index) pairs of transmitting sets, numbered 1, 2, … in order;
 *    users are all receive-only sets concatenated; BS-BS links are not read;
 *  - v4's channel defaults differ (BS [8, 1], UE [1, 1], num_paths 25, bandwidth in Hz); our channel
 *    builder keeps v3's names and defaults for every format.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { readNpy, readNpz, type NpyArray } from "./npy";
import { readMat } from "./mat5";
import { asNumeric, toRowMajor } from "./mat-values";
import { PathSetBuilder, type BaseStation, type LoadOptions, type Scenario } from "./scenario";

export interface V4TxRxSet {
  name?: string;
  id?: number;
  is_tx: boolean;
  is_rx: boolean;
  num_points: number;
  /** Non-standard: base station ids written by our O1-like generator. */
  bs_ids?: number[];
  [k: string]: unknown;
}
export interface V4Params {
  version?: string;
  rt_params: { frequency: number; [k: string]: unknown };
  txrx_sets: Record<string, V4TxRxSet>;
  scene?: { num_scenes?: number; [k: string]: unknown };
  [k: string]: unknown;
}

export function isV4Folder(folder: string): boolean {
  return fs.existsSync(path.join(folder, "params.json"));
}

export function readV4Params(folder: string): V4Params {
  const file = path.join(folder, "params.json");
  let p: V4Params;
  try {
    p = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file}: cannot read DeepMIMO v4 parameters (${e instanceof Error ? e.message : e})`);
  }
  if (!p || typeof p !== "object" || !p.rt_params || typeof p.rt_params.frequency !== "number" || !p.txrx_sets) {
    throw new Error(`${file}: expected {rt_params: {frequency}, txrx_sets: {...}}`);
  }
  if ((p.scene?.num_scenes ?? 1) > 1) throw new Error(`${file}: dynamic scenarios (num_scenes > 1) are not supported`);
  return p;
}

export function v4FileName(key: string, txSet: number, txIdx: number, rxSet: number, ext: string): string {
  const p3 = (n: number) => String(n).padStart(3, "0");
  return `${key}_t${p3(txSet)}_tx${p3(txIdx)}_r${p3(rxSet)}.${ext}`;
}

/** Loads matrix `key` for one TX/RX pair, row-major, or null when no file exists. */
export function loadV4Matrix(folder: string, key: string, t: number, i: number, r: number): NpyArray | null {
  for (const ext of ["mat", "npz", "npy"]) {
    const file = path.join(folder, v4FileName(key, t, i, r, ext));
    if (!fs.existsSync(file)) continue;
    if (ext === "npy") return readNpy(file);
    if (ext === "npz") {
      const all = readNpz(file);
      const a = all[key];
      if (!a) throw new Error(`${file}: no array '${key}' (found: ${Object.keys(all).join(", ")})`);
      return a;
    }
    const v = asNumeric(readMat(file)[key], `variable '${key}'`, file);
    const [rows, cols] = v.dims;
    return { dtype: v.class, shape: v.dims, data: v.dims.length === 2 ? toRowMajor(v.re, rows, cols) : v.re };
  }
  return null;
}

function setId(key: string, s: V4TxRxSet): number {
  if (typeof s.id === "number") return s.id;
  const m = /(\d+)$/.exec(key);
  if (!m) throw new Error(`params.json: txrx set '${key}' has no numeric id`);
  return Number(m[1]);
}

export function readV4(folder: string, opts: LoadOptions = {}): Scenario {
  const params = readV4Params(folder);
  const sets = Object.entries(params.txrx_sets).map(([k, s]) => ({ key: k, id: setId(k, s), ...s }));
  const txPairs = sets.filter((s) => s.is_tx).flatMap((s) => Array.from({ length: s.num_points }, (_, i) => ({ set: s.id, idx: i })));
  const rxSets = sets.filter((s) => s.is_rx && !s.is_tx);
  if (!txPairs.length || !rxSets.length) throw new Error(`${path.join(folder, "params.json")}: needs at least one transmitting and one receive-only txrx set`);
  // Our generator records DeepMIMO-style BS ids (e.g. O1's 1, 2, 3) in the transmitting set; otherwise 1, 2, ….
  const labelled = sets.find((s) => s.is_tx && Array.isArray(s.bs_ids))?.bs_ids as number[] | undefined;
  const label = (k: number) => (labelled && labelled.length === txPairs.length ? labelled[k] : k + 1);
  const ids = opts.bs ?? txPairs.map((_, k) => label(k));
  const baseStations: BaseStation[] = [];
  for (const id of ids) {
    const pair = txPairs[txPairs.findIndex((_, k) => label(k) === id)];
    if (!pair) throw new Error(`${folder}: base station ${id} does not exist (the scenario has ${txPairs.length} transmitters)`);
    const builder = new PathSetBuilder();
    let txPos: number[] | undefined;
    for (const rx of rxSets) {
      const need = (key: string) => {
        const m = loadV4Matrix(folder, key, pair.set, pair.idx, rx.id);
        if (!m) throw new Error(`${path.join(folder, v4FileName(key, pair.set, pair.idx, rx.id, "npz"))}: missing (also tried .mat and .npy)`);
        return m;
      };
      const n = rx.num_points;
      const rxPos = need("rx_pos");
      if (rxPos.shape[0] !== n || rxPos.shape[1] !== 3) {
        throw new Error(`${folder}: rx_pos of set ${rx.id} should be ${n}×3 (params.json num_points), found [${rxPos.shape}]`);
      }
      const tx = need("tx_pos");
      txPos = Array.from(tx.data.subarray(0, 3));
      const keys = ["power", "phase", "delay", "aoa_az", "aoa_el", "aod_az", "aod_el"] as const;
      const m = Object.fromEntries(keys.map((k) => [k, need(k)])) as Record<(typeof keys)[number], NpyArray>;
      const P = m.power.shape[1] ?? 0;
      for (const k of keys) {
        if (m[k].shape[0] !== n || (m[k].shape[1] ?? 0) !== P) {
          throw new Error(`${folder}: ${k} of tx ${pair.set}/${pair.idx}, rx set ${rx.id} should be ${n}×${P} like power, found [${m[k].shape}]`);
        }
      }
      const inter = loadV4Matrix(folder, "inter", pair.set, pair.idx, rx.id);
      for (let u = 0; u < n; u++) {
        const cols: Record<string, number[]> = { phaseDeg: [], toaS: [], powerDbm: [], doaPhiDeg: [], doaThetaDeg: [], dodPhiDeg: [], dodThetaDeg: [], los: [] };
        for (let l = 0; l < P; l++) {
          const j = u * P + l;
          if (Number.isNaN(m.power.data[j])) continue; // NaN marks an absent path
          cols.powerDbm.push(m.power.data[j]);
          cols.phaseDeg.push(m.phase.data[j]);
          cols.toaS.push(m.delay.data[j]);
          cols.doaPhiDeg.push(m.aoa_az.data[j]);
          cols.doaThetaDeg.push(m.aoa_el.data[j]);
          cols.dodPhiDeg.push(m.aod_az.data[j]);
          cols.dodThetaDeg.push(m.aod_el.data[j]);
          cols.los.push(inter && inter.data[j] === 0 ? 1 : 0);
        }
        const pos = rxPos.data.subarray(3 * u, 3 * u + 3);
        const d = Math.hypot(pos[0] - txPos[0], pos[1] - txPos[1], pos[2] - txPos[2]);
        builder.add(pos, cols as any, d, NaN);
      }
    }
    baseStations.push({ id, position: [txPos![0], txPos![1], txPos![2]], users: builder.build() });
  }
  return {
    format: "v4",
    folder,
    name: path.basename(path.resolve(folder)),
    carrierFreqHz: params.rt_params.frequency,
    transmitPowerDbm: 0,
    numBs: txPairs.length,
    userGrids: [],
    baseStations,
    notes: [
      "v4: power is the path gain in dB (transmitPowerDbm = 0)",
      "v4: aoa_el/aod_el are zenith angles (deg), used as theta",
      "v4: base stations numbered 1.. over (tx set, tx index); users = receive-only sets concatenated",
    ],
  };
}
