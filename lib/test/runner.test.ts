import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { Rng, repoRoot } from "isac/core";
import { runNotebook, executedPath, readNotebook, collectNotebooks } from "isac/runner";

const root = repoRoot();
const dir = path.join(root, "out", "test-notebooks");
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function notebook(name: string, cells: string[]): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      { cell_type: "markdown", metadata: {}, source: "# test" },
      ...cells.map((source) => ({ cell_type: "code", metadata: {}, source, outputs: [], execution_count: null })),
    ],
  };
  fs.writeFileSync(file, JSON.stringify(nb));
  return file;
}

const quiet = { scale: "quick" as const, cellTimeout: 60, log: () => {} };

test("a notebook runs in the tslab kernel; outputs are captured; quick scale leaves the source alone", async () => {
  const file = notebook("ok.ipynb", [
    `import { Rng } from "isac/core";\nconst n: number = new Rng(1).int(10);\nconsole.log("n =", n, "scale =", process.env.ISAC_SCALE);`,
    `import * as tslab from "tslab";\ntslab.display.html("<b>rich</b>");\nconsole.error("to stderr");`,
  ]);
  const before = fs.readFileSync(file, "utf8");
  assert.equal(await runNotebook(file, quiet), null);
  assert.equal(fs.readFileSync(file, "utf8"), before, "source notebook untouched at quick scale");
  const out = readNotebook(executedPath(file, "quick"));
  assert.ok(executedPath(file, "quick").startsWith(path.join(root, "out", "quick")));
  const [c1, c2] = out.cells.filter((c) => c.cell_type === "code");
  const n = new Rng(1).int(10);
  assert.deepEqual(c1.outputs, [{ output_type: "stream", name: "stdout", text: [`n = ${n} scale = quick\n`] }]);
  assert.equal(c1.execution_count, 1);
  assert.deepEqual(c2.outputs![0], { output_type: "display_data", data: { "text/html": "<b>rich</b>" }, metadata: {} });
  assert.deepEqual(c2.outputs![1], { output_type: "stream", name: "stderr", text: ["to stderr\n"] });
  assert.equal((out.metadata.kernelspec as { name: string }).name, "tslab");
});

test("a failing cell is reported with its number and error; compile errors too", async () => {
  const runtime = notebook("fails.ipynb", [`const a = 1;`, `throw new RangeError("bad value 42");`, `console.log("never");`]);
  const f = await runNotebook(runtime, quiet);
  assert.equal(f?.cell, 3, "cell numbers count all cells, markdown included, from 1");
  assert.match(f!.error, /RangeError: bad value 42/);
  assert.ok(fs.existsSync(path.join(root, "out", "failed", path.relative(root, runtime))), "partial notebook kept for inspection");
  const typed = notebook("typeerror.ipynb", [`const x: number = "text";`]);
  assert.match((await runNotebook(typed, quiet))!.error, /not assignable to type 'number'/);
});

test("a cell past the per-cell timeout fails the notebook", async () => {
  const slow = notebook("slow.ipynb", [`await new Promise((r) => setTimeout(r, 5000));`]);
  const f = await runNotebook(slow, { ...quiet, cellTimeout: 0.5 });
  assert.match(f!.error, /timed out after 0.5 s/);
});

test("npm run reproduce exits non-zero naming the notebook, the cell and the error", () => {
  const file = notebook("cli-fail.ipynb", [`console.log("fine");`, `const o: any = null;\no.x;`]);
  const r = spawnSync(process.execPath, [path.join(root, "lib", "bin", "isac.js"), "reproduce", file, "--scale", "quick"], { encoding: "utf8" });
  assert.equal(r.status, 1);
  const text = r.stdout + r.stderr;
  assert.match(text, /out\/test-notebooks\/cli-fail\.ipynb, cell 3: TypeError: Cannot read properties of null/);
  const bad = spawnSync(process.execPath, [path.join(root, "lib", "bin", "isac.js"), "reproduce", "no/such.ipynb"], { encoding: "utf8" });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /no such notebook or folder: no\/such.ipynb/);
});

test("folders expand to their notebooks in order", () => {
  notebook("b.ipynb", ["1"]);
  notebook("a.ipynb", ["1"]);
  const found = collectNotebooks([dir]).map((f) => path.basename(f));
  assert.deepEqual(found.slice(0, 2), ["a.ipynb", "b.ipynb"]);
});

test("a kernel that dies or never answers at start gives a clear error, and the process can still exit", () => {
  for (const [kernel, message] of [
    ["process.exit(3)", /kernel process exited \(code 3/],
    ["setTimeout(() => {}, 100000)", /kernel did not answer within 2 s/],
  ] as const) {
    const script = `import { KernelClient } from "isac/runner";
      try { await KernelClient.start({ argv: [process.execPath, "-e", ${JSON.stringify(kernel)}], startTimeout: 2 }); }
      catch (e) { console.log(e.message.split("\\n")[0]); }`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8", timeout: 30_000 });
    assert.equal(r.status, 0, `exits by itself (signal ${r.signal}): ${r.stderr}`);
    assert.match(r.stdout, message);
  }
});
