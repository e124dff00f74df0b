/**
 * The in-memory DeepMIMO scenario that every reader (v2, v3, v4, the O1-like generator) produces.
 *
 * Paths are stored column-wise in compressed-row form: the paths of receiver `i` are the entries
 * `offsets[i] .. offsets[i+1]-1` of each path column, in the file's order (DeepMIMO stores them
 * strongest first, and keeps the first `num_paths` of them). Conventions follow DeepMIMO v3:
 *  - angles in degrees; `theta` is the zenith angle from +z, `phi` the azimuth from +x towards +y;
 *    DoD angles are seen from the base station, DoA angles from the receiver;
 *  - `phaseDeg` in degrees, `toaS` in seconds;
 *  - `powerDbm` is the received power in dBm for the scenario's `transmitPowerDbm`, so the linear
 *    path gain is 10^((powerDbm - transmitPowerDbm)/10) (DeepMIMO v3: dbm2pow(P + 30 - P_tx));
 *  - `los` is 1 for the line-of-sight path, 0 otherwise.
 */
export interface PathSet {
  /** Number of receivers. */
  count: number;
  /** Receiver positions [x, y, z] in metres, row-major count×3. */
  positions: Float64Array;
  /** Distance to the transmitter (m), as stored by the file (NaN when the format has none). */
  distance: Float64Array;
  /** Path loss (dB) as stored by the file; 250 dB (v3) or NaN means no path. */
  pathlossDb: Float64Array;
  /** offsets[i]..offsets[i+1] index receiver i's paths; length count+1. */
  offsets: Int32Array;
  phaseDeg: Float64Array;
  toaS: Float64Array;
  powerDbm: Float64Array;
  doaPhiDeg: Float64Array;
  doaThetaDeg: Float64Array;
  dodPhiDeg: Float64Array;
  dodThetaDeg: Float64Array;
  los: Int8Array;
}

export interface BaseStation {
  /** 1-based id, as in DeepMIMO's `active_BS`. */
  id: number;
  position: [number, number, number];
  /** Paths from this base station to the users. */
  users: PathSet;
  /** Paths from this base station to every base station (BS-BS file), when the scenario has them. */
  baseStations?: PathSet;
}

export type DeepMimoFormat = "v2" | "v3" | "v4";

export interface Scenario {
  format: DeepMimoFormat;
  /** Folder it was read from. */
  folder: string;
  name: string;
  carrierFreqHz: number;
  /** Transmit power the path powers refer to (v2/v3 `transmit_power`; 0 for v4, whose powers are gains in dB). */
  transmitPowerDbm: number;
  /** Number of base stations the scenario has (some may not be loaded). */
  numBs: number;
  /** DeepMIMO v2/v3 `user_grids` rows: [first_row, last_row, users_per_row] (1-based rows). */
  userGrids: number[][];
  baseStations: BaseStation[];
  /** Free-form notes the reader recorded (format quirks, conventions). */
  notes: string[];
}

/** Column names of a PathSet's per-path arrays. */
export const PATH_COLUMNS = ["phaseDeg", "toaS", "powerDbm", "doaPhiDeg", "doaThetaDeg", "dodPhiDeg", "dodThetaDeg"] as const;
export type PathColumn = (typeof PATH_COLUMNS)[number];

/** Incrementally builds a PathSet receiver by receiver. */
export class PathSetBuilder {
  private cols: Record<PathColumn, number[]> = {
    phaseDeg: [], toaS: [], powerDbm: [], doaPhiDeg: [], doaThetaDeg: [], dodPhiDeg: [], dodThetaDeg: [],
  };
  private losCol: number[] = [];
  private offsets: number[] = [0];
  private pos: number[] = [];
  private dist: number[] = [];
  private pl: number[] = [];

  /** Adds one receiver; `paths` holds equal-length arrays per column (possibly empty). */
  add(
    position: ArrayLike<number>,
    paths: Record<PathColumn, ArrayLike<number>> & { los: ArrayLike<number> },
    distance = NaN,
    pathlossDb = NaN,
  ): void {
    const n = paths.phaseDeg.length;
    for (const c of PATH_COLUMNS) {
      if (paths[c].length !== n) throw new Error(`PathSetBuilder: column ${c} has ${paths[c].length} paths, phaseDeg has ${n}`);
      const col = this.cols[c];
      for (let i = 0; i < n; i++) col.push(paths[c][i]);
    }
    for (let i = 0; i < n; i++) this.losCol.push(paths.los[i] > 0 ? 1 : 0);
    this.offsets.push(this.offsets[this.offsets.length - 1] + n);
    this.pos.push(position[0], position[1], position[2]);
    this.dist.push(distance);
    this.pl.push(pathlossDb);
  }

  build(): PathSet {
    return {
      count: this.offsets.length - 1,
      positions: Float64Array.from(this.pos),
      distance: Float64Array.from(this.dist),
      pathlossDb: Float64Array.from(this.pl),
      offsets: Int32Array.from(this.offsets),
      phaseDeg: Float64Array.from(this.cols.phaseDeg),
      toaS: Float64Array.from(this.cols.toaS),
      powerDbm: Float64Array.from(this.cols.powerDbm),
      doaPhiDeg: Float64Array.from(this.cols.doaPhiDeg),
      doaThetaDeg: Float64Array.from(this.cols.doaThetaDeg),
      dodPhiDeg: Float64Array.from(this.cols.dodPhiDeg),
      dodThetaDeg: Float64Array.from(this.cols.dodThetaDeg),
      los: Int8Array.from(this.losCol),
    };
  }
}

/** Number of paths of receiver i. */
export function numPaths(set: PathSet, i: number): number {
  return set.offsets[i + 1] - set.offsets[i];
}

/** The base station with 1-based id `id`, or an error listing the loaded ones. */
export function getBs(scenario: Scenario, id: number): BaseStation {
  const bs = scenario.baseStations.find((b) => b.id === id);
  if (!bs) {
    throw new Error(`${scenario.folder}: base station ${id} is not loaded (loaded: ${scenario.baseStations.map((b) => b.id).join(", ") || "none"})`);
  }
  return bs;
}

/** Options shared by all readers. */
export interface LoadOptions {
  /** 1-based base-station ids to load; default all whose files exist. */
  bs?: number[];
  /** Also load BS-BS paths when present (default true). */
  bsToBs?: boolean;
}
