import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeFileAtomic, writeDirAtomic } from "isac/core";

test("writeFileAtomic replaces a file whole and leaves no temporary file", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "isac-files-"));
  const f = path.join(dir, "sub", "a.txt");
  writeFileAtomic(f, "one");
  writeFileAtomic(f, "two");
  assert.equal(fs.readFileSync(f, "utf8"), "two");
  assert.deepEqual(fs.readdirSync(path.dirname(f)), ["a.txt"]);
});

test("writeDirAtomic: a failing fill keeps the old folder and leaves nothing half-written", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "isac-dirs-"));
  const target = path.join(dir, "scenario");
  writeDirAtomic(target, (tmp) => fs.writeFileSync(path.join(tmp, "x"), "1"));
  assert.throws(() => writeDirAtomic(target, (tmp) => {
    fs.writeFileSync(path.join(tmp, "y"), "partial");
    throw new Error("interrupted");
  }), /interrupted/);
  assert.deepEqual(fs.readdirSync(target), ["x"]);
  assert.deepEqual(fs.readdirSync(dir), ["scenario"]);
  writeDirAtomic(target, (tmp) => fs.writeFileSync(path.join(tmp, "z"), "2"));
  assert.deepEqual(fs.readdirSync(target), ["z"]);
  assert.deepEqual(fs.readdirSync(dir), ["scenario"]);
});
