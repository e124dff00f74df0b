/**
 * The notebooks also run where users run them: through Jupyter's own client
 * (`jupyter nbconvert --execute`, Debian's jupyter-nbconvert + python3-nbclient) with the tslab
 * kernel spec that `npm install` registers. On CI this is required; elsewhere it is skipped
 * with a message when Jupyter is missing.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot } from "isac/core";

const PY = process.env.ISAC_JUPYTER_PYTHON ?? "/usr/bin/python3";
const hasNbconvert = spawnSync(PY, ["-c", "import nbconvert, nbclient"], { stdio: "ignore" }).status === 0;

test("getting-started runs under jupyter nbconvert --execute and shows its figure inline", { skip: !hasNbconvert && !process.env.CI && "Jupyter (nbconvert, nbclient) not installed" }, () => {
  assert.ok(hasNbconvert, "CI must install jupyter-nbconvert and python3-nbclient");
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "isac-nbconvert-"));
  const nb = path.join(repoRoot(), "notebooks", "00-getting-started", "01-intro.ipynb");
  const r = spawnSync(PY, ["-m", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=tslab", "--ExecutePreprocessor.timeout=600", "--output-dir", out, nb], {
    encoding: "utf8",
    env: { ...process.env, ISAC_SCALE: "quick" },
  });
  // The kernel spec is per user, not per checkout: one registered from another (since removed) checkout fails here.
  const stale = /No such file or directory: '([^']*tslab)'/.exec(r.stderr);
  assert.equal(r.status, 0, stale ? `the registered tslab kernel spec points to ${stale[1]}, which does not exist: run \`npx isac install-kernel\` in this checkout` : `nbconvert failed:\n${r.stderr.slice(-3000)}`);
  const executed = JSON.parse(fs.readFileSync(path.join(out, "01-intro.ipynb"), "utf8"));
  const outputs = executed.cells.flatMap((c: { outputs?: unknown[] }) => c.outputs ?? []);
  assert.ok(!outputs.some((o: { output_type: string }) => o.output_type === "error"), "no error outputs");
  const html = outputs.map((o: { data?: Record<string, string> }) => o.data?.["text/html"] ?? "").join("");
  assert.ok(html.includes("Plotly.newPlot") && html.includes("data:image/svg+xml;base64,"), "interactive figure with a static fallback inline");
  assert.ok(fs.existsSync(path.join(repoRoot(), "out", "quick", "figures", "getting-started", "training-gain.svg")));
});
