import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { repoRoot } from "isac/core";
import { tracePaths, generateO1, writeO1Scenario, loadScenario, o1BaseStations, type Environment } from "isac/data";
import { SPEED_OF_LIGHT } from "isac/core";
import { buildChannels } from "isac/channels";

const FIX = path.join(repoRoot(), "data", "fixtures", "deepmimo");
const NY = path.join(repoRoot(), "..", "shared", "datasets", "deepmimo-v3-new_york");

test("single wall: the image method gives the mirror-image path length, equal angles and Fresnel loss", () => {
  const f = 28e9, lambda = SPEED_OF_LIGHT / f;
  const env: Environment = { boxes: [], planes: [{ name: "wall", axis: 0, value: 10, faces: [], permittivity: 5.24 }], maxOrder: 2 };
  const tx: [number, number, number] = [0, 0, 6], rx: [number, number, number] = [4, 30, 2];
  const paths = tracePaths(tx, rx, env, f);
  assert.equal(paths.length, 2);
  const [los, refl] = paths;
  assert.deepEqual(los.bounces, []);
  const d0 = Math.hypot(4, 30, 4);
  assert.ok(Math.abs(los.gainDb - 20 * Math.log10(lambda / (4 * Math.PI * d0))) < 1e-9);
  const image = [20, 0, 6];
  const d1 = Math.hypot(rx[0] - image[0], rx[1] - image[1], rx[2] - image[2]);
  assert.ok(Math.abs(refl.lengthM - d1) < 1e-9, "reflected length = distance from the receiver to the image");
  assert.ok(Math.abs(refl.delayS - d1 / SPEED_OF_LIGHT) < 1e-18);
  const q = refl.points[0];
  assert.ok(Math.abs(q[0] - 10) < 1e-9, "bounce on the wall");
  // Specular: the angle to the normal is the same on both legs.
  const inc = Math.abs(q[0] - tx[0]) / Math.hypot(q[0] - tx[0], q[1] - tx[1], q[2] - tx[2]);
  const out = Math.abs(rx[0] - q[0]) / Math.hypot(rx[0] - q[0], rx[1] - q[1], rx[2] - q[2]);
  assert.ok(Math.abs(inc - out) < 1e-12);
  const sin2 = 1 - inc * inc, root = Math.sqrt(5.24 - sin2);
  const gamma = (inc - root) / (inc + root);
  assert.ok(Math.abs(refl.gainDb - (20 * Math.log10(lambda / (4 * Math.PI * d1)) + 20 * Math.log10(-gamma))) < 1e-9);
  // DoD points at the bounce, DoA points back at it.
  assert.ok(Math.abs(refl.dodPhiDeg - (Math.atan2(q[1], q[0] - 0) * 180) / Math.PI) < 1e-9);
  assert.ok(Math.abs(refl.doaPhiDeg - (Math.atan2(q[1] - rx[1], q[0] - rx[0]) * 180) / Math.PI) < 1e-9);
  // A box between them blocks the line of sight but not the reflection around it.
  const blocked = tracePaths(tx, rx, { ...env, boxes: [{ min: [-1, 10, 0], max: [5, 12, 20] }] }, f);
  assert.deepEqual(blocked.map((p) => p.bounces), [["wall"]]);
  // A finite wall that misses the bounce point gives no reflection.
  const short = tracePaths(tx, rx, { ...env, planes: [{ ...env.planes[0], faces: [[[20, 40], [0, 30]]] }] }, f);
  assert.equal(short.length, 1);
});

test("O1-like generator: v4 folder round trip, LoS power = free-space loss to 0.01 dB, seeded", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "o1-"));
  const folder = path.join(dir, "o1-28");
  const res = writeO1Scenario(folder, { rows: [401, 601], rowStep: 20, colStep: 20, seed: 7 });
  assert.deepEqual(res.bs, [1, 2, 3]);
  const sc = loadScenario(folder);
  assert.equal(sc.format, "v4");
  assert.equal(sc.carrierFreqHz, 28e9);
  assert.deepEqual(sc.baseStations.map((b) => b.id), [1, 2, 3]);
  assert.deepEqual(sc.baseStations.map((b) => b.position), [[235.5, 389.5, 6], [287.5, 389.5, 6], [235.5, 489.5, 6]]);
  const lambda = SPEED_OF_LIGHT / 28e9;
  let losPaths = 0, reflections = 0;
  for (const b of sc.baseStations) {
    const u = b.users;
    assert.equal(u.count, res.users);
    for (let i = 0; i < u.count; i++) {
      for (let j = u.offsets[i]; j < u.offsets[i + 1]; j++) {
        if (!u.los[j]) { reflections++; continue; }
        losPaths++;
        const d = Math.hypot(u.positions[3 * i] - b.position[0], u.positions[3 * i + 1] - b.position[1], u.positions[3 * i + 2] - b.position[2]);
        assert.ok(Math.abs(u.powerDbm[j] - 20 * Math.log10(lambda / (4 * Math.PI * d))) < 0.01, `LoS power of user ${i}`);
        assert.ok(Math.abs(u.toaS[j] - d / SPEED_OF_LIGHT) < 1e-12);
      }
    }
  }
  assert.ok(losPaths > 0 && reflections > losPaths, `${losPaths} LoS, ${reflections} reflected paths`);
  // Same seed, same scenario; another seed moves the buildings.
  const a = generateO1({ rows: [401, 601], rowStep: 20, colStep: 20, seed: 7 });
  assert.deepEqual(Array.from(a.baseStations[0].users.offsets), Array.from(sc.baseStations[0].users.offsets));
  const b = generateO1({ rows: [401, 601], rowStep: 20, colStep: 20, seed: 8 });
  assert.notDeepEqual(Array.from(a.baseStations[0].users.powerDbm), Array.from(b.baseStations[0].users.powerDbm));
  assert.throws(() => generateO1({ bs: [19] }), /base station 19 is not in 1\.\.18/);
  assert.throws(() => generateO1({ freq: 1 } as any), /unknown option 'freq'/);
  assert.equal(o1BaseStations().length, 18);
  fs.rmSync(dir, { recursive: true });
});

test("O1-like: paper's 3 BSs with 4×4 arrays, 10,000 channel samples of 5 users build in seconds", () => {
  const t0 = Date.now();
  const sc = generateO1({ carrierFreqHz: 28e9, bs: [1, 2, 3] });
  const tGen = Date.now() - t0;
  const users = sc.baseStations[0].users.count;
  const ids = Array.from({ length: 50_000 }, (_, i) => (i * 7919) % users); // 10,000 samples × 5 users
  const t1 = Date.now();
  for (const b of [1, 2, 3]) {
    const h = buildChannels(sc, b, ids, { bs_antenna: { shape: [4, 4] }, ue_antenna: { shape: [1, 1] } });
    assert.deepEqual(h.shape, [50_000, 1, 16, 1]);
  }
  const tCh = Date.now() - t1;
  assert.ok(tGen + tCh < 20_000, `generation ${tGen} ms, channels ${tCh} ms`);
});

test("isac deepmimo CLI: info summarises a folder; channels exports DeepMIMO channels as JSON", () => {
  const bin = path.join(repoRoot(), "lib", "bin", "isac.js");
  const info = spawnSync(process.execPath, [bin, "deepmimo", "info", NY], { encoding: "utf8" });
  assert.equal(info.status, 0, info.stderr);
  assert.match(info.stdout, /DeepMIMO v3 scenario/);
  assert.match(info.stdout, /BS1 at \[37\.05, 28\.902, 6\]: 5148 users, 1014 with paths/);
  const ref = JSON.parse(fs.readFileSync(path.join(FIX, "channels-new-york.json"), "utf8"));
  const cases = ref.cases.filter((c: any) => c.config === "paper4x4" && c.bs === 2);
  const r = spawnSync(process.execPath, [bin, "deepmimo", "channels", NY, "--bs", "2", "--users", cases.map((c: any) => c.user).join(","),
    "--bs-antenna", "4,4", "--ue-antenna", "1,1", "--num-paths", "3", "--subcarriers", "0,1,17,511", "--bandwidth-ghz", "0.1"], { encoding: "utf8", maxBuffer: 1 << 26 });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout).users;
  assert.equal(out.length, cases.length);
  for (let k = 0; k < cases.length; k++) {
    assert.equal(out[k].id, cases[k].user);
    assert.deepEqual(out[k].shape, [1, 16, 4]);
    let num = 0, den = 0;
    for (let i = 0; i < cases[k].re.length; i++) {
      num += (out[k].re[i] - cases[k].re[i]) ** 2 + (out[k].im[i] - cases[k].im[i]) ** 2;
      den += cases[k].re[i] ** 2 + cases[k].im[i] ** 2;
    }
    assert.ok(den === 0 ? num === 0 : Math.sqrt(num / den) < 1e-5, `user ${cases[k].user}`);
  }
  const bad = spawnSync(process.execPath, [bin, "deepmimo", "channels", NY, "--bs", "2", "--users", "1", "--bogus", "1"], { encoding: "utf8" });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /unknown option --bogus/);
});
