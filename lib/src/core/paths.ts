/** Where things live: the repository root, the figures folder, caches, scale-dependent output. */
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The repository root: $ISAC_ROOT, else the folder above this package (lib/ sits in the root;
 * node_modules/isac is a symlink to it, and require resolves symlinks).
 */
export function repoRoot(): string {
  if (process.env.ISAC_ROOT) return path.resolve(process.env.ISAC_ROOT);
  // __dirname is lib/dist/core
  const root = path.resolve(__dirname, "..", "..", "..");
  if (!fs.existsSync(path.join(root, "lib", "package.json"))) {
    throw new Error(`cannot locate the repository root from ${__dirname}; set ISAC_ROOT`);
  }
  return root;
}
