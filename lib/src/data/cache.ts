/**
 * Atomic writes and config-keyed caching for generated datasets.
 * A file is written to `<name>.tmp-<pid>-<n>` and renamed into place; a folder is filled under a
 * temporary sibling and renamed, replacing any previous one only after the new one is complete.
 * So an interrupted run never leaves a half-written dataset behind.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

let counter = 0;
const tmpName = (target: string) => `${target}.tmp-${process.pid}-${counter++}`;

export function writeAtomicFile(file: string, data: Uint8Array | string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = tmpName(file);
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** Fills a temporary folder with `fill(tmpDir)`, then renames it to `folder` (replacing an old one). */
export function writeAtomicDir(folder: string, fill: (tmpDir: string) => void): void {
  fs.mkdirSync(path.dirname(path.resolve(folder)), { recursive: true });
  const tmp = tmpName(folder);
  fs.mkdirSync(tmp);
  try {
    fill(tmp);
    if (fs.existsSync(folder)) {
      const old = tmpName(folder) + "-old";
      fs.renameSync(folder, old);
      fs.renameSync(tmp, folder);
      fs.rmSync(old, { recursive: true, force: true });
    } else fs.renameSync(tmp, folder);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** Canonical JSON (sorted keys) of a config. */
export function canonicalJson(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonicalJson).join(",")}]`;
  if (x && typeof x === "object") {
    return `{${Object.keys(x).sort().filter((k) => (x as any)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson((x as any)[k])}`).join(",")}}`;
  }
  return JSON.stringify(x);
}

/** Short hash of a config (12 hex digits of SHA-256 over its canonical JSON). */
export function configHash(config: unknown): string {
  return crypto.createHash("sha256").update(canonicalJson(config)).digest("hex").slice(0, 12);
}
