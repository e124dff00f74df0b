/**
 * A disk cache for expensive results (datasets, trained weights, sweep points), keyed by a hash
 * of everything that determines them. Files live under data/cache/ (not committed) and are
 * written atomically, so an interrupted run resumes from what was finished.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { stableStringify } from "./config";
import { writeFileAtomic } from "./files";
import { repoRoot } from "./paths";

/** data/cache, or $ISAC_CACHE. */
export function cacheDir(): string {
  return process.env.ISAC_CACHE ? path.resolve(process.env.ISAC_CACHE) : path.join(repoRoot(), "data", "cache");
}

/** Short hex digest of a JSON-able key (sorted object keys). */
export function hashKey(key: unknown): string {
  return createHash("sha256").update(stableStringify(key)).digest("hex").slice(0, 16);
}

/** Path of the cache file for a name (a readable prefix, e.g. "gnn-ip/dataset") and key. */
export function cachePath(name: string, key: unknown, ext = "json"): string {
  return path.join(cacheDir(), `${name}-${hashKey(key)}.${ext}`);
}

/** The cached value in `file`, or undefined when there is none; a corrupt file is an error. */
function readCached<T>(file: string): T | undefined {
  if (!fs.existsSync(file)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch (e) {
    throw new Error(`cache file ${file} is corrupt (${(e as Error).message}); delete it to recompute`);
  }
}

/**
 * Returns the cached JSON value for (name, key), or computes, stores and returns it.
 * A cache file that cannot be parsed is reported, not silently recomputed over.
 */
export async function cachedJson<T>(name: string, key: unknown, compute: () => T | Promise<T>): Promise<T> {
  const file = cachePath(name, key);
  const hit = readCached<T>(file);
  if (hit !== undefined) return hit;
  const value = await compute();
  writeFileAtomic(file, JSON.stringify(value));
  return value;
}

/** cachedJson for a synchronous computation. */
export function cachedJsonSync<T>(name: string, key: unknown, compute: () => T): T {
  const file = cachePath(name, key);
  const hit = readCached<T>(file);
  if (hit !== undefined) return hit;
  const value = compute();
  writeFileAtomic(file, JSON.stringify(value));
  return value;
}
