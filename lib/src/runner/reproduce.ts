/**
 * Executes notebooks headlessly with the tslab kernel and writes the executed notebooks.
 * paper scale: notebooks are written in place (their committed outputs are paper-scale results);
 * quick scale: they are written under out/quick/, so a quick run never overwrites paper outputs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../core/paths";
import { outputRoot, type Scale } from "../core/scale";
import { KernelClient } from "./kernel-client";
import { joinSource, readNotebook, splitLines, TSLAB_METADATA, writeNotebook, type Notebook, type Output } from "./notebook";

export interface ReproduceOptions {
  scale: Scale;
  /** Per-cell timeout in seconds. */
  cellTimeout: number;
  /** Extra environment for the kernel. */
  env?: Record<string, string>;
  /** Echo the cells' stdout/stderr as they run (default true). */
  echo?: boolean;
  log?: (line: string) => void;
}

export interface NotebookFailure {
  notebook: string;
  cell: number;
  error: string;
}

/** Expands folders into the .ipynb files under them (sorted), keeping explicit files as given. */
export function collectNotebooks(targets: string[], root = repoRoot()): string[] {
  const found: string[] = [];
  const walk = (p: string) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) {
        if (name.startsWith(".") || name === "node_modules") continue;
        walk(path.join(p, name));
      }
    } else if (p.endsWith(".ipynb")) found.push(p);
  };
  for (const t of targets.length ? targets : ["notebooks"]) {
    const abs = path.resolve(t);
    const p = fs.existsSync(abs) ? abs : path.resolve(root, t);
    if (!fs.existsSync(p)) throw new Error(`no such notebook or folder: ${t}`);
    if (fs.statSync(p).isFile() && !p.endsWith(".ipynb")) throw new Error(`not a notebook (.ipynb): ${t}`);
    walk(p);
  }
  return [...new Set(found)];
}

/** Where the executed copy of a notebook goes for a scale. */
export function executedPath(notebook: string, scale: Scale): string {
  const rel = path.relative(repoRoot(), notebook);
  return scale === "paper" ? notebook : path.join(outputRoot(scale), rel);
}

function fmtSeconds(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/**
 * Runs one notebook top to bottom. Returns null on success, or the first failing cell.
 * On failure the partially executed notebook is written under out/failed/ for inspection.
 */
export async function runNotebook(file: string, opts: ReproduceOptions): Promise<NotebookFailure | null> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const root = repoRoot();
  const rel = path.relative(root, file);
  const nb: Notebook = readNotebook(file);
  const codeCells = nb.cells.filter((c) => c.cell_type === "code").length;
  const t0 = Date.now();
  log(`▶ ${rel} (${opts.scale} scale, ${codeCells} code cells)`);

  const start = () =>
    KernelClient.start({
      argv: [process.execPath, path.join(root, "node_modules", "tslab", "bin", "tslab"), "kernel", "--config-path", "{connection_file}"],
      cwd: path.dirname(file),
      env: { ...process.env, ...opts.env, ISAC_SCALE: opts.scale, ISAC_ROOT: root },
    });
  // tslab can wedge at start-up when our first kernel_info request meets its sockets mid-bind
  // (ZeroMQ EBUSY inside tslab, seen once in CI): a fresh kernel gets one more try.
  const kernel = await start().catch((e: Error) => {
    log(`  kernel start failed (${e.message.split("\n")[0]}); starting a fresh kernel`);
    return start();
  });
  let failure: NotebookFailure | null = null;
  try {
    let k = 0;
    for (const [index, cell] of nb.cells.entries()) {
      if (cell.cell_type !== "code") continue;
      k++;
      const code = joinSource(cell.source);
      const firstLine = code.split("\n").find((l) => l.trim()) ?? "";
      const tc = Date.now();
      log(`  [${k}/${codeCells}] cell ${index + 1}: ${firstLine.slice(0, 70)}`);
      let outputs: Output[] = [];
      let error: string | undefined;
      try {
        // Stream output (training progress, sweep points) is echoed live.
        const echo = (o: Output) => {
          if (o.output_type === "stream") for (const line of (o.text as string).replace(/\n$/, "").split("\n")) log(`        │ ${line}`);
        };
        const res = await kernel.execute(code, opts.cellTimeout, opts.echo === false ? undefined : echo);
        outputs = res.outputs;
        cell.execution_count = res.executionCount;
        error = res.error;
      } catch (e) {
        error = (e as Error).message;
      }
      cell.outputs = outputs.map((o) => (o.output_type === "stream" ? { ...o, text: splitLines(o.text as string) } : o));
      if (cell.execution_count === undefined) cell.execution_count = null;
      log(`        ${error ? "✗" : "✓"} ${fmtSeconds(Date.now() - tc)}`);
      if (error) {
        failure = { notebook: rel, cell: index + 1, error };
        break;
      }
    }
  } finally {
    await kernel.shutdown();
  }
  nb.metadata = { ...nb.metadata, ...TSLAB_METADATA };
  if (failure) {
    const dest = path.join(root, "out", "failed", rel);
    writeNotebook(dest, nb);
    log(`✗ ${rel}: cell ${failure.cell} failed after ${fmtSeconds(Date.now() - t0)}:\n${indent(failure.error)}\n  (partial notebook: ${path.relative(root, dest)})`);
  } else {
    const dest = executedPath(file, opts.scale);
    writeNotebook(dest, nb);
    log(`✓ ${rel} in ${fmtSeconds(Date.now() - t0)} → ${path.relative(root, dest)}`);
  }
  return failure;
}

function indent(s: string): string {
  return s
    .trimEnd()
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");
}

/** Runs every notebook (continuing past failures) and returns the failures. */
export async function reproduce(notebooks: string[], opts: ReproduceOptions): Promise<NotebookFailure[]> {
  const failures: NotebookFailure[] = [];
  for (const [i, nbFile] of notebooks.entries()) {
    (opts.log ?? console.log)(`[${i + 1}/${notebooks.length}]`);
    const f = await runNotebook(nbFile, opts);
    if (f) failures.push(f);
  }
  return failures;
}
