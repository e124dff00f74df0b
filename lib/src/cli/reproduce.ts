import type { Command } from "./index";
import { parseScale } from "../core/scale";
import { collectNotebooks, reproduce } from "../runner/reproduce";

const USAGE = `usage: npm run reproduce -- [notebook.ipynb | folder ...] [--scale quick|paper] [--timeout SECONDS]

Executes the notebooks (all under notebooks/ by default) with the tslab kernel, regenerating
their figures. --scale defaults to $ISAC_SCALE or quick. Quick-scale executed notebooks and
figures go to out/quick/; paper-scale ones replace the committed outputs. --timeout is per cell
(default 1800 s).`;

/** The line of an error text that names it ("TypeError: ..."), else its first line. */
function headline(error: string): string {
  const lines = error.split("\n").map((l) => l.trim());
  return lines.find((l) => /^[A-Z]\w*(Error|Exception)\b/.test(l)) ?? lines.find((l) => l) ?? error;
}

export const reproduceCommand: Command = {
  summary: "execute notebooks headlessly and regenerate their figures",
  async run(args) {
    const targets: string[] = [];
    let scale = process.env.ISAC_SCALE;
    let timeout = 1800;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === "--help" || a === "-h") {
        console.log(USAGE);
        return 0;
      } else if (a === "--scale") scale = args[++i];
      else if (a.startsWith("--scale=")) scale = a.slice(8);
      else if (a === "--timeout" || a.startsWith("--timeout=")) {
        const v = a.includes("=") ? a.split("=")[1] : args[++i];
        timeout = Number(v);
        if (!(timeout > 0)) throw new Error(`--timeout must be a positive number of seconds, got '${v}'`);
      } else if (a.startsWith("-")) throw new Error(`unknown option '${a}'\n${USAGE}`);
      else targets.push(a);
    }
    const notebooks = collectNotebooks(targets);
    if (notebooks.length === 0) throw new Error(`no notebooks found in ${targets.join(", ") || "notebooks/"}`);
    const t0 = Date.now();
    const failures = await reproduce(notebooks, { scale: parseScale(scale, "--scale"), cellTimeout: timeout });
    const secs = ((Date.now() - t0) / 1000).toFixed(0);
    if (failures.length) {
      console.error(`\n${failures.length} of ${notebooks.length} notebooks failed (${secs} s):`);
      for (const f of failures) console.error(`  ${f.notebook}, cell ${f.cell}: ${headline(f.error)}`);
      return 1;
    }
    console.log(`\nall ${notebooks.length} notebooks ran (${secs} s)`);
    return 0;
  },
};
