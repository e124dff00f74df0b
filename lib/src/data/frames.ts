/**
 * nodejs-polars views of a scenario: one row per (base station, user) and one row per path.
 * users: bs, user, x, y, z, distance, pathloss_db, num_paths, los (-1 no path, else number of LoS paths), power_dbm_max
 * paths: bs, user, path, phase_deg, toa_s, power_dbm, doa_phi_deg, doa_theta_deg, dod_phi_deg, dod_theta_deg, los
 */
import pl from "nodejs-polars";
import type { Scenario } from "./scenario";

export function usersFrame(scenario: Scenario): pl.DataFrame {
  const c: Record<string, number[]> = { bs: [], user: [], x: [], y: [], z: [], distance: [], pathloss_db: [], num_paths: [], los: [], power_dbm_max: [] };
  for (const b of scenario.baseStations) {
    const s = b.users;
    for (let i = 0; i < s.count; i++) {
      const lo = s.offsets[i], hi = s.offsets[i + 1];
      let los = 0, pmax = -Infinity;
      for (let j = lo; j < hi; j++) { los += s.los[j]; pmax = Math.max(pmax, s.powerDbm[j]); }
      c.bs.push(b.id); c.user.push(i);
      c.x.push(s.positions[3 * i]); c.y.push(s.positions[3 * i + 1]); c.z.push(s.positions[3 * i + 2]);
      c.distance.push(s.distance[i]); c.pathloss_db.push(s.pathlossDb[i]);
      c.num_paths.push(hi - lo); c.los.push(hi > lo ? los : -1); c.power_dbm_max.push(hi > lo ? pmax : NaN);
    }
  }
  return pl.DataFrame({
    bs: pl.Series("bs", c.bs, pl.Int32), user: pl.Series("user", c.user, pl.Int32),
    x: c.x, y: c.y, z: c.z, distance: c.distance, pathloss_db: c.pathloss_db,
    num_paths: pl.Series("num_paths", c.num_paths, pl.Int32), los: pl.Series("los", c.los, pl.Int32), power_dbm_max: c.power_dbm_max,
  });
}

export function pathsFrame(scenario: Scenario): pl.DataFrame {
  const bs: number[] = [], user: number[] = [], pathIdx: number[] = [];
  const cols = { phase_deg: [] as number[], toa_s: [] as number[], power_dbm: [] as number[], doa_phi_deg: [] as number[],
    doa_theta_deg: [] as number[], dod_phi_deg: [] as number[], dod_theta_deg: [] as number[], los: [] as number[] };
  for (const b of scenario.baseStations) {
    const s = b.users;
    for (let i = 0; i < s.count; i++) {
      for (let j = s.offsets[i]; j < s.offsets[i + 1]; j++) {
        bs.push(b.id); user.push(i); pathIdx.push(j - s.offsets[i]);
        cols.phase_deg.push(s.phaseDeg[j]); cols.toa_s.push(s.toaS[j]); cols.power_dbm.push(s.powerDbm[j]);
        cols.doa_phi_deg.push(s.doaPhiDeg[j]); cols.doa_theta_deg.push(s.doaThetaDeg[j]);
        cols.dod_phi_deg.push(s.dodPhiDeg[j]); cols.dod_theta_deg.push(s.dodThetaDeg[j]); cols.los.push(s.los[j]);
      }
    }
  }
  return pl.DataFrame({
    bs: pl.Series("bs", bs, pl.Int32), user: pl.Series("user", user, pl.Int32), path: pl.Series("path", pathIdx, pl.Int32),
    ...cols, los: pl.Series("los", cols.los, pl.Int8),
  });
}
