import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { generateO1, sampleChannels, cachedChannelDataset, targetSteering, type SampleConfig } from "isac/data";
import { buildChannels } from "isac/channels";

const o1opts = { rows: [401, 1001] as [number, number], rowStep: 20, colStep: 10, seed: 1 };

test("paper-000 sampling: K users per sample from BS 1-3 with 4×4 arrays, seeded and cached as parquet", () => {
  const sc = generateO1(o1opts);
  const cfg: SampleConfig = { bs: [1, 2, 3], K: 5, samples: 40, seed: 3, channel: { bs_antenna: { shape: [4, 4] } } };
  const a = sampleChannels(sc, cfg);
  assert.deepEqual(a.shape, [40, 3, 5, 16]);
  for (let s = 0; s < 40; s++) assert.equal(new Set(a.users.subarray(s * 5, s * 5 + 5)).size, 5, "distinct users per sample");
  assert.deepEqual(a, sampleChannels(sc, cfg), "same seed, same samples");
  assert.notDeepEqual(a.users, sampleChannels(sc, { ...cfg, seed: 4 }).users);
  // Sample 7, BS 2, user slot 3 equals the DeepMIMO channel of that user.
  const u = a.users[7 * 5 + 3];
  const h = buildChannels(sc, 2, [u], { bs_antenna: { shape: [4, 4] }, ue_antenna: { shape: [1, 1] } });
  const o = ((7 * 3 + 1) * 5 + 3) * 16;
  for (let m = 0; m < 16; m++) assert.ok(Math.abs(a.re[o + m] - h.re[m]) <= 1e-6 * Math.abs(h.re[m]) + 1e-12);

  // Core's cache dir, redirected to a temporary folder for the test.
  const cacheRoot = fs.mkdtempSync(path.join(os.tmpdir(), "cache-"));
  const saved = process.env.ISAC_CACHE;
  process.env.ISAC_CACHE = cacheRoot;
  const dir = path.join(cacheRoot, "deepmimo");
  let calls = 0;
  const make = () => { calls++; return sc; };
  const first = cachedChannelDataset("o1-lhgnn", cfg, o1opts, make);
  assert.equal(first.cached, false);
  assert.equal(path.dirname(first.file), dir, "under core's cacheDir()/deepmimo");
  assert.match(path.basename(first.file), /^o1-lhgnn-[0-9a-f]{16}\.parquet$/);
  const second = cachedChannelDataset("o1-lhgnn", cfg, o1opts, make);
  assert.equal(second.cached, true);
  assert.equal(calls, 1, "cache hit does not regenerate");
  assert.deepEqual(second.samples, first.samples);
  const other = cachedChannelDataset("o1-lhgnn", { ...cfg, samples: 10 }, o1opts, make);
  assert.notEqual(other.file, first.file);
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes(".tmp")), [], "no temp files left");
  if (saved === undefined) delete process.env.ISAC_CACHE;
  else process.env.ISAC_CACHE = saved;
  fs.rmSync(cacheRoot, { recursive: true });

  const t = targetSteering(sc, [1, 2, 3], [244, 456, 22], [4, 4]);
  assert.deepEqual(t.shape, [3, 16]);
  for (let b = 0; b < 3; b++) {
    let n = 0;
    for (let m = 0; m < 16; m++) n += t.re[b * 16 + m] ** 2 + t.im[b * 16 + m] ** 2;
    assert.ok(Math.abs(n - 1) < 1e-12);
  }
});
