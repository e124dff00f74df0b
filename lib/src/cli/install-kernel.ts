/**
 * Registers tslab's TypeScript kernel spec with the Python that has Jupyter, when there is one.
 * Runs from `npm install` (postinstall); without Jupyter it says so and succeeds, since the
 * project's own runner (`npm run reproduce`) needs no Python.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "./index";
import { repoRoot } from "../core/paths";

/** Pythons to try, in order: $ISAC_JUPYTER_PYTHON, Debian's, then whatever `python3` is on PATH. */
function candidatePythons(): string[] {
  const list = [process.env.ISAC_JUPYTER_PYTHON, "/usr/bin/python3", "python3"].filter(
    (p): p is string => !!p,
  );
  return [...new Set(list)];
}

export function findJupyterPython(): string | null {
  for (const py of candidatePythons()) {
    const r = spawnSync(py, ["-c", "import jupyter_client, IPython"], { stdio: "ignore" });
    if (r.status === 0) return py;
  }
  return null;
}

export const installKernelCommand: Command = {
  summary: "register the tslab TypeScript kernel with Jupyter (if Jupyter is installed)",
  run() {
    const root = repoRoot();
    const tslabBin = path.join(root, "node_modules", ".bin", "tslab");
    const installer = path.join(root, "node_modules", "tslab", "python", "install.py");
    if (!fs.existsSync(tslabBin) || !fs.existsSync(installer)) {
      throw new Error(`tslab is not installed under ${root}/node_modules (run npm install at the repository root)`);
    }
    const py = findJupyterPython();
    if (!py) {
      console.log(
        "isac install-kernel: no Python with Jupyter found (tried " +
          candidatePythons().join(", ") +
          "); skipping kernel registration. `npm run reproduce` works without it; see README to install Jupyter.",
      );
      return 0;
    }
    // An absolute path to tslab in the kernel spec: the kernel starts even when tslab is not on PATH.
    const r = spawnSync(py, [installer, `--tslab=${tslabBin}`], { stdio: "inherit" });
    if (r.status !== 0) throw new Error(`${py} ${installer} failed with exit code ${r.status}`);
    console.log(`isac install-kernel: tslab kernel registered with ${py} (kernel 'tslab', TypeScript)`);
    return 0;
  },
};
