/**
 * An O1-like synthetic DeepMIMO scenario: geometry modelled on DeepMIMO's "O1" outdoor scenario,
 * propagation from the simple ray model in raytrace.ts, written as a DeepMIMO v4 folder so the same
 * reader loads it. SYNTHETIC: it is plausible, not the Wireless InSite ray tracing of the real O1.
 *
 * Geometry (what is published about O1, and our choices where it is silent):
 *  - a 600 m main street along y (here y ∈ [300, 900]) and a 440 m cross street along x
 *    (x ∈ [41.5, 481.5], y ∈ [520, 560]), both 40 m of road; published.
 *  - facades: main street x = 231.5 (west) and x = 291.5 (east), cross street y = 520 / 560 — our
 *    choice (40 m road + 10 m sidewalks), so that the base stations stand 4 m in front of the facades.
 *  - 18 base stations at 6 m height: BS1–BS12 in pairs along the main street, odd ids at x = 235.5,
 *    even at x = 287.5, y = 389.5 + 100·k (k = 0..5) — BS1 [235.5, 389.5], BS2 [287.5, 389.5],
 *    BS3 [235.5, 489.5] match the paper's [236, 390], [288, 390], [236, 490]; BS13–BS18 along the cross
 *    street (y = 524 / 556, x = 101.5, 161.5, 381.5) — our placement.
 *  - buildings: blocks 50 m deep behind every facade, split into lots of 40–90 m with 6–10 m alleys and
 *    heights 15–60 m, drawn from the seed; flat ground at z = 0.
 *  - users: DeepMIMO-style grid at 2 m height, 0.2 m spacing, rows along x across the main street
 *    (x ∈ [241.5, 281.5], 201 users per row), row r at y = 300 + 0.2 (r − 1); rows and columns can be
 *    subsampled (`rowStep`, `colStep`) to keep the folder small.
 *  - propagation: LoS + facade and ground reflections up to second order, Fresnel loss for concrete
 *    (εr = 5.24, ITU-R P.2040, conductivity ignored) on facades and ground, free-space loss at the
 *    carrier, blockage by buildings; no diffraction or scattering (the real O1 has them), so deep
 *    shadow behind corners has no paths at all here.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Rng } from "../core/rng";
import { encodeNpz, encodeNpy } from "./npy";
import { tracePaths, type Box, type Environment, type Plane, type Vec3 } from "./raytrace";
import { PathSetBuilder, type BaseStation, type Scenario } from "./scenario";
import { writeDirAtomic } from "../core/files";

export const O1 = {
  mainStreet: { x: [231.5, 291.5] as [number, number], y: [300, 900] as [number, number] },
  crossStreet: { x: [41.5, 481.5] as [number, number], y: [520, 560] as [number, number] },
  blockDepth: 50,
  userHeight: 2,
  userSpacing: 0.2,
  userX: [241.5, 281.5] as [number, number],
  permittivity: 5.24,
} as const;

/** Positions of the 18 O1-like base stations (index 0 = BS1). */
export function o1BaseStations(): Vec3[] {
  const out: Vec3[] = [];
  for (let k = 0; k < 6; k++) {
    out.push([235.5, 389.5 + 100 * k, 6]);
    out.push([287.5, 389.5 + 100 * k, 6]);
  }
  for (const x of [101.5, 161.5, 381.5]) {
    out.push([x, 524, 6]);
    out.push([x, 556, 6]);
  }
  return out;
}

/** Lots along [lo, hi] (minus an excluded interval) with random lengths, alleys and heights. */
function lots(rng: Rng, lo: number, hi: number, skip: [number, number] | null): { a: number; b: number; h: number }[] {
  const out: { a: number; b: number; h: number }[] = [];
  let a = lo;
  while (a < hi) {
    const b = Math.min(hi, a + rng.uniformIn(40, 90));
    const h = rng.uniformIn(15, 60);
    if (skip && b > skip[0] && a < skip[1]) {
      if (a < skip[0]) out.push({ a, b: skip[0], h });
      if (b > skip[1]) out.push({ a: skip[1], b, h });
    } else out.push({ a, b, h });
    a = b + rng.uniformIn(6, 10);
  }
  return out;
}

/** The O1-like buildings and reflecting planes for a seed. */
export function o1Environment(seed: number | string = 0, maxOrder = 2): Environment {
  const rng = new Rng(seed).child("o1-buildings");
  const { mainStreet: M, crossStreet: C, blockDepth: D, permittivity } = O1;
  const boxes: Box[] = [];
  const plane = (name: string, axis: 0 | 1 | 2, value: number): Plane => ({ name, axis, value, faces: [], permittivity });
  const west = plane("west facade", 0, M.x[0]), east = plane("east facade", 0, M.x[1]);
  const south = plane("south facade", 1, C.y[0]), north = plane("north facade", 1, C.y[1]);
  for (const l of lots(rng.child("west"), M.y[0], M.y[1], C.y)) {
    boxes.push({ min: [M.x[0] - D, l.a, 0], max: [M.x[0], l.b, l.h] });
    west.faces.push([[l.a, l.b], [0, l.h]]);
  }
  for (const l of lots(rng.child("east"), M.y[0], M.y[1], C.y)) {
    boxes.push({ min: [M.x[1], l.a, 0], max: [M.x[1] + D, l.b, l.h] });
    east.faces.push([[l.a, l.b], [0, l.h]]);
  }
  for (const l of lots(rng.child("south"), C.x[0], C.x[1], M.x)) {
    boxes.push({ min: [l.a, C.y[0] - D, 0], max: [l.b, C.y[0], l.h] });
    south.faces.push([[l.a, l.b], [0, l.h]]);
  }
  for (const l of lots(rng.child("north"), C.x[0], C.x[1], M.x)) {
    boxes.push({ min: [l.a, C.y[1], 0], max: [l.b, C.y[1] + D, l.h] });
    north.faces.push([[l.a, l.b], [0, l.h]]);
  }
  const ground = plane("ground", 2, 0);
  return { boxes, planes: [west, east, south, north, ground], maxOrder };
}

export interface O1Options {
  /** Carrier frequency (Hz); 28e9 (the paper) or 3.5e9. */
  carrierFreqHz?: number;
  /** 1-based base station ids (1..18); default [1, 2, 3]. */
  bs?: number[];
  /** First and last user row (1-based, 1..3001); default [401, 1001] (y ∈ [380, 500]). */
  rows?: [number, number];
  /** Keep every rowStep-th row / colStep-th user of a row; default 5 and 5 (a 1 m grid). */
  rowStep?: number;
  colStep?: number;
  /** Seed of the building layout. */
  seed?: number | string;
  /** Paths kept per user, strongest first (default 10). */
  maxPaths?: number;
  /** Reflection order (default 2). */
  maxOrder?: number;
}

const DEFAULTS = { carrierFreqHz: 28e9, bs: [1, 2, 3], rows: [401, 1001] as [number, number], rowStep: 5, colStep: 5, seed: 0, maxPaths: 10, maxOrder: 2 };

/** Generates the O1-like scenario in memory (format "v4", as if read from the folder it would write). */
export function generateO1(opts: O1Options = {}): Scenario & { generator: Required<O1Options> } {
  for (const k of Object.keys(opts)) if (!(k in DEFAULTS)) throw new Error(`generateO1: unknown option '${k}' (known: ${Object.keys(DEFAULTS).join(", ")})`);
  const given = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined));
  const o = { ...DEFAULTS, ...given } as Required<O1Options>;
  const all = o1BaseStations();
  for (const b of o.bs) if (!(Number.isInteger(b) && b >= 1 && b <= all.length)) throw new RangeError(`generateO1: base station ${b} is not in 1..${all.length}`);
  const nRows = Math.round((O1.mainStreet.y[1] - O1.mainStreet.y[0]) / O1.userSpacing) + 1;
  const [r0, r1] = o.rows;
  if (!(Number.isInteger(r0) && Number.isInteger(r1) && r0 >= 1 && r1 <= nRows && r0 <= r1)) throw new RangeError(`generateO1: rows must satisfy 1 ≤ first ≤ last ≤ ${nRows}, got [${o.rows}]`);
  const perRow = Math.round((O1.userX[1] - O1.userX[0]) / O1.userSpacing) + 1;
  const users: Vec3[] = [];
  for (let r = r0; r <= r1; r += o.rowStep) {
    for (let c = 0; c < perRow; c += o.colStep) users.push([O1.userX[0] + O1.userSpacing * c, O1.mainStreet.y[0] + O1.userSpacing * (r - 1), O1.userHeight]);
  }
  const env = o1Environment(o.seed, o.maxOrder);
  const baseStations: BaseStation[] = o.bs.map((id) => {
    const tx = all[id - 1];
    const b = new PathSetBuilder();
    for (const rx of users) {
      const paths = tracePaths(tx, rx, env, o.carrierFreqHz).slice(0, o.maxPaths);
      b.add(
        rx,
        {
          phaseDeg: paths.map((p) => p.phaseDeg),
          toaS: paths.map((p) => p.delayS),
          powerDbm: paths.map((p) => p.gainDb),
          doaPhiDeg: paths.map((p) => p.doaPhiDeg),
          doaThetaDeg: paths.map((p) => p.doaThetaDeg),
          dodPhiDeg: paths.map((p) => p.dodPhiDeg),
          dodThetaDeg: paths.map((p) => p.dodThetaDeg),
          los: paths.map((p) => (p.bounces.length === 0 ? 1 : 0)),
        },
        Math.hypot(rx[0] - tx[0], rx[1] - tx[1], rx[2] - tx[2]),
        paths.length ? -10 * Math.log10(paths.reduce((s, p) => s + 10 ** (p.gainDb / 10), 0)) : NaN,
      );
    }
    return { id, position: [tx[0], tx[1], tx[2]], users: b.build() };
  });
  return {
    format: "v4",
    folder: "<generated>",
    name: `o1-like-${o.carrierFreqHz / 1e9}ghz`,
    carrierFreqHz: o.carrierFreqHz,
    transmitPowerDbm: 0,
    numBs: o.bs.length,
    userGrids: [],
    baseStations,
    notes: ["synthetic O1-like scenario (isac data/o1.ts): LoS + image-method reflections, not the real O1 ray tracing"],
    generator: o,
  };
}

/**
 * Writes a scenario as a DeepMIMO v4 folder (params.json + `<key>_t000_tx<i>_r001.npz`), atomically.
 * Base station ids are recorded in txrx_set_0.bs_ids so the reader keeps them.
 */
export function writeV4Folder(folder: string, sc: Scenario, extra: Record<string, unknown> = {}): void {
  const nUsers = sc.baseStations[0]?.users.count ?? 0;
  writeDirAtomic(folder, (tmp) => {
    const params = {
      version: "4.0.0",
      rt_params: { frequency: sc.carrierFreqHz, raytracer_name: "isac O1-like generator (synthetic)", max_reflections: 2 },
      txrx_sets: {
        txrx_set_0: { name: "base stations", id: 0, is_tx: true, is_rx: false, num_points: sc.baseStations.length, num_active_points: sc.baseStations.length, num_ant: 1, bs_ids: sc.baseStations.map((b) => b.id) },
        txrx_set_1: { name: "user grid", id: 1, is_tx: false, is_rx: true, num_points: nUsers, num_active_points: nUsers, num_ant: 1, grid_spacing: O1.userSpacing },
      },
      scene: { num_scenes: 1 },
      materials: { concrete: { permittivity: O1.permittivity } },
      ...extra,
    };
    fs.writeFileSync(path.join(tmp, "params.json"), JSON.stringify(params, null, 2) + "\n");
    sc.baseStations.forEach((b, i) => {
      const u = b.users;
      let P = 0;
      for (let k = 0; k < u.count; k++) P = Math.max(P, u.offsets[k + 1] - u.offsets[k]);
      const suffix = `t000_tx${String(i).padStart(3, "0")}_r001`;
      const mat = (col: ArrayLike<number>) => {
        const m = new Float32Array(u.count * P).fill(NaN);
        for (let k = 0; k < u.count; k++) for (let j = u.offsets[k]; j < u.offsets[k + 1]; j++) m[k * P + (j - u.offsets[k])] = col[j];
        return { data: m, shape: [u.count, P] };
      };
      const inter = Float32Array.from(u.los, (l) => (l ? 0 : 1));
      const cols: Record<string, ArrayLike<number>> = {
        power: u.powerDbm, phase: u.phaseDeg, delay: u.toaS, aoa_az: u.doaPhiDeg, aoa_el: u.doaThetaDeg, aod_az: u.dodPhiDeg, aod_el: u.dodThetaDeg, inter,
      };
      for (const [key, col] of Object.entries(cols)) fs.writeFileSync(path.join(tmp, `${key}_${suffix}.npz`), encodeNpz({ [key]: mat(col) }));
      fs.writeFileSync(path.join(tmp, `rx_pos_${suffix}.npz`), encodeNpz({ rx_pos: { data: Float64Array.from(u.positions), shape: [u.count, 3] } }));
      fs.writeFileSync(path.join(tmp, `tx_pos_${suffix}.npy`), encodeNpy(Float64Array.from(b.position), [1, 3]));
    });
  });
}

/** Generates the O1-like scenario and writes it as a v4 folder; returns a summary. */
export function writeO1Scenario(folder: string, opts: O1Options = {}) {
  const sc = generateO1(opts);
  writeV4Folder(folder, sc, { generator: { name: "isac O1-like", ...sc.generator } });
  const paths = sc.baseStations.reduce((s, b) => s + b.users.offsets[b.users.count], 0);
  return { folder, users: sc.baseStations[0].users.count, bs: sc.baseStations.map((b) => b.id), paths };
}
