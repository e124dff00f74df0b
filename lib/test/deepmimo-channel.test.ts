import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "isac/core";
import { loadScenario } from "isac/data";
import { buildChannels, channelParams, upaResponse, rotateAngles, type ChannelParamsInput } from "isac/channels";

const FIX = path.join(repoRoot(), "data", "fixtures", "deepmimo");
const NY = path.join(repoRoot(), "..", "shared", "datasets", "deepmimo-v3-new_york");

/** Fixture config (python names) → our parameters. */
function toParams(cfg: any): ChannelParamsInput {
  const ant = (a: any) => ({ shape: a.shape, spacing: a.spacing, rotation: a.rotation, FoV: a.FoV });
  return { num_paths: cfg.num_paths, bs_antenna: ant(cfg.bs_antenna), ue_antenna: ant(cfg.ue_antenna), OFDM: { ...cfg.OFDM } };
}

function compareWithFixture(fixtureFile: string, folder: string) {
  const ref = JSON.parse(fs.readFileSync(path.join(FIX, fixtureFile), "utf8"));
  const sc = loadScenario(folder);
  let worst = 0, cases = 0;
  for (const c of ref.cases) {
    const h = buildChannels(sc, c.bs, [c.user], toParams(ref.configs[c.config]));
    assert.deepEqual(h.shape.slice(1), c.shape, `${c.config} BS${c.bs} user ${c.user} shape`);
    assert.equal(h.los[0], c.los, `${c.config} BS${c.bs} user ${c.user} LoS status`);
    let num = 0, den = 0;
    for (let i = 0; i < c.re.length; i++) {
      num += (h.re[i] - c.re[i]) ** 2 + (h.im[i] - c.im[i]) ** 2;
      den += c.re[i] ** 2 + c.im[i] ** 2;
    }
    const rel = den > 0 ? Math.sqrt(num / den) : Math.sqrt(num);
    assert.ok(rel <= 1e-5, `${c.config} BS${c.bs} user ${c.user}: relative error ${rel}`);
    worst = Math.max(worst, rel);
    cases++;
  }
  return { worst, cases };
}

test("DeepMIMO channels on the real New York files agree with the numpy reference to 1e-5 relative", () => {
  const { worst, cases } = compareWithFixture("channels-new-york.json", NY);
  assert.ok(cases >= 40);
  assert.ok(worst < 1e-9, `worst ${worst}`); // both float64: agreement is far tighter than the 1e-5 bar
});

test("DeepMIMO channels agree with the reference on the synthetic set read as v2, v3 and v4 (delays, clipping, rotation, FoV)", () => {
  for (const f of ["tiny-v2", "tiny-v3", "tiny-v4"]) {
    const { worst } = compareWithFixture("channels-tiny.json", path.join(FIX, f));
    assert.ok(worst < 1e-6, `${f}: worst ${worst}`);
  }
});

test("defaults are DeepMIMO v3's and unknown or invalid parameters are rejected", () => {
  const p = channelParams();
  assert.equal(p.num_paths, 5);
  assert.deepEqual(p.bs_antenna.shape, [8, 4]);
  assert.deepEqual(p.ue_antenna.shape, [4, 2]);
  assert.equal(p.bs_antenna.spacing, 0.5);
  assert.equal(p.OFDM.subcarriers, 512);
  assert.deepEqual(p.OFDM.selected_subcarriers, [0]);
  assert.equal(p.OFDM.bandwidth, 0.05);
  assert.throws(() => channelParams({ numPaths: 3 } as any), /unknown DeepMIMO channel parameter 'numPaths'/);
  assert.throws(() => channelParams({ OFDM: { bandwith: 1 } } as any), /unknown DeepMIMO channel parameter 'OFDM\.bandwith'/);
  assert.throws(() => channelParams({ OFDM: { selected_subcarriers: [512] } }), /selected_subcarriers must be integers in \[0, 511\]/);
  assert.throws(() => channelParams({ bs_antenna: { shape: [0, 4] } }), /antenna shape must be two positive integers/);
});

test("array response: element m = y + Nh·z, phase 2πd(y sinθ sinφ + z cosθ); rotation by z turns azimuth", () => {
  const a = upaResponse([4, 2], Math.PI / 3, Math.PI / 5, 0.5);
  const m = 1 + 4 * 1; // y = 1, z = 1
  const want = Math.PI * (Math.sin(Math.PI / 3) * Math.sin(Math.PI / 5) + Math.cos(Math.PI / 3));
  assert.ok(Math.abs(a.re[m] - Math.cos(want)) < 1e-12 && Math.abs(a.im[m] - Math.sin(want)) < 1e-12);
  const n = upaResponse([4, 4], 1, 2, 0.5, true);
  assert.ok(Math.abs(n.re.reduce((s, x, i) => s + x * x + n.im[i] ** 2, 0) - 1) < 1e-12);
  const [th, ph] = rotateAngles(90, 40, [0, 0, 30]);
  assert.ok(Math.abs(th - Math.PI / 2) < 1e-12 && Math.abs(ph - (10 * Math.PI) / 180) < 1e-12);
  // Rotating the panel by +20° about y turns its x axis 20° below the horizon, so a horizontal
  // direction along global x is seen 20° above the panel's horizon (zenith 70°).
  const [th2] = rotateAngles(90, 0, [0, 20, 0]);
  assert.ok(Math.abs(th2 - (70 * Math.PI) / 180) < 1e-12);
});

test("RX filter at integer delays equals no filter; time domain gives one matrix per path", () => {
  const sc = loadScenario(path.join(FIX, "tiny-v3"));
  // Integer-sample delays: sinc(d - n) is a unit impulse, so the filtered channel equals the unfiltered one.
  const u = sc.baseStations[0].users;
  const B = 0.05e9;
  const saved = Float64Array.from(u.toaS);
  for (let j = 0; j < u.toaS.length; j++) u.toaS[j] = Math.round(u.toaS[j] * B) / B;
  const base = { bs_antenna: { shape: [2, 2] as [number, number] }, ue_antenna: { shape: [1, 1] as [number, number] }, OFDM: { selected_subcarriers: [0, 3, 200] } };
  const a = buildChannels(sc, 1, [0, 3, 6], base);
  const b = buildChannels(sc, 1, [0, 3, 6], { ...base, OFDM: { ...base.OFDM, RX_filter: 1 } });
  for (let i = 0; i < a.re.length; i++) assert.ok(Math.abs(a.re[i] - b.re[i]) < 1e-12 * 1e6 * Math.max(1e-6, Math.abs(a.re[i])) + 1e-15);
  u.toaS.set(saved);
  const td = buildChannels(sc, 1, [3], { ...base, OFDM_channels: 0, num_paths: 5 });
  assert.deepEqual(td.shape, [1, 1, 4, 5]);
  const j = u.offsets[3];
  const amp = Math.sqrt(10 ** (u.powerDbm[j] / 10));
  const t0 = Math.hypot(td.re[0], td.im[0]); // element (r=0, t=0) of path 0: |a|=1, so |h| = √P
  assert.ok(Math.abs(t0 - amp) < 1e-9 * amp);
});
