/**
 * `isac build-native`: compiles the optional BLAS addon (lib/native/blas.cc → isac_blas.node) with
 * g++ against Node's headers and OpenBLAS (Debian: `apt install g++ libopenblas-dev`). Run by
 * `npm install`; when a prerequisite is missing it says which and exits 0 (`--strict`: 1), and the
 * matrix products stay on the wasm backend.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "./index";
import { NATIVE_ADDON } from "../tensor/native-gemm";

function nodeIncludeDir(): string | null {
  const dirs = [path.join(path.dirname(process.execPath), "..", "include", "node"), "/usr/include/node", "/usr/local/include/node"];
  return dirs.find((d) => fs.existsSync(path.join(d, "node_api.h"))) ?? null;
}

function openblasFlags(): string[] | null {
  try {
    return execFileSync("pkg-config", ["--cflags", "--libs", "openblas"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim().split(/\s+/);
  } catch {
    return null;
  }
}

/** Builds the addon; returns null on success or the reason it could not be built. */
export function buildNative(): string | null {
  const include = nodeIncludeDir();
  if (!include) return "Node's headers (node_api.h) were not found";
  const blas = openblasFlags();
  if (!blas) return "OpenBLAS was not found by pkg-config (Debian: apt install libopenblas-dev pkg-config)";
  const src = path.join(path.dirname(NATIVE_ADDON), "blas.cc");
  const tmp = `${NATIVE_ADDON}.${process.pid}.tmp`;
  const args = ["-O2", "-std=c++17", "-shared", "-fPIC", "-DNODE_GYP_MODULE_NAME=isac_blas", `-I${include}`, src, "-o", tmp, ...blas];
  try {
    execFileSync("g++", args, { stdio: ["ignore", "pipe", "pipe"] });
    fs.renameSync(tmp, NATIVE_ADDON);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    const err = e as { code?: string; stderr?: Buffer };
    return err.code === "ENOENT" ? "g++ was not found" : `g++ failed: ${String(err.stderr ?? e).trim().split("\n").slice(0, 5).join("\n")}`;
  }
  return null;
}

export const buildNativeCommand: Command = {
  summary: "build the optional OpenBLAS addon for faster matrix products (needs g++, libopenblas-dev)",
  run(args) {
    const why = buildNative();
    if (why === null) {
      console.log(`built ${path.relative(process.cwd(), NATIVE_ADDON)}: tfjs matrix products will run on OpenBLAS`);
      return 0;
    }
    console.warn(`isac build-native: not built — ${why}. Matrix products stay on tfjs's wasm kernels (slower, same results).`);
    return args.includes("--strict") ? 1 : 0;
  },
};
