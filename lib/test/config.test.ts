import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { configFor, withOverrides, stableStringify, hashKey, cachedJson, cachedJsonSync, cachePath } from "isac/core";

const presets = {
  quick: { samples: 10, model: { layers: [8, 8], lr: 1e-3 }, name: "q" },
  paper: { samples: 10_000, model: { layers: [256, 256], lr: 4e-4 }, name: "p" },
};

test("configFor picks the preset by scale and applies nested overrides", () => {
  assert.deepEqual(configFor(presets, { model: { lr: 0.1 } }, "paper"), { samples: 10_000, model: { layers: [256, 256], lr: 0.1 }, name: "p" });
  assert.equal(configFor(presets, {}, "quick").samples, 10);
  assert.equal(presets.paper.model.lr, 4e-4, "presets are not mutated");
});

test("unknown keys and wrong types are rejected with the path of the offending key", () => {
  assert.throws(() => withOverrides(presets.quick, { sample: 5 } as never), /config: unknown key 'sample' \(known: samples, model, name\)/);
  assert.throws(() => withOverrides(presets.quick, { model: { lrr: 1 } } as never), /config\.model: unknown key 'lrr'/);
  assert.throws(() => withOverrides(presets.quick, { samples: "10" } as never), /config\.samples: expected number, got string "10"/);
  assert.throws(() => withOverrides(presets.quick, { model: 3 } as never), /config\.model: expected an object/);
});

test("stable keys: equal configs hash equally whatever the key order", () => {
  assert.equal(stableStringify({ b: 1, a: { d: 2, c: 3 } }), '{"a":{"c":3,"d":2},"b":1}');
  assert.equal(hashKey({ b: 1, a: 2 }), hashKey({ a: 2, b: 1 }));
  assert.notEqual(hashKey({ a: 1 }), hashKey({ a: 2 }));
});

test("cachedJson (and cachedJsonSync) computes once, then reads back; a corrupt file is reported", async () => {
  process.env.ISAC_CACHE = fs.mkdtempSync(path.join(os.tmpdir(), "isac-cache-"));
  let calls = 0;
  const compute = () => ++calls;
  assert.equal(await cachedJson("t/x", { k: 1 }, compute), 1);
  assert.equal(await cachedJson("t/x", { k: 1 }, compute), 1);
  assert.equal(await cachedJson("t/x", { k: 2 }, compute), 2);
  assert.equal(calls, 2);
  fs.writeFileSync(cachePath("t/x", { k: 1 }), "{");
  await assert.rejects(cachedJson("t/x", { k: 1 }, compute), /is corrupt .* delete it to recompute/);
  assert.throws(() => cachedJsonSync("t/x", { k: 1 }, compute), /is corrupt/);
  assert.equal(cachedJsonSync("t/x", { k: 2 }, compute), 2, "the synchronous variant reads the same files");
  assert.equal(cachedJsonSync("t/x", { k: 3 }, compute), 3);
  assert.equal(calls, 3);
  delete process.env.ISAC_CACHE;
});
