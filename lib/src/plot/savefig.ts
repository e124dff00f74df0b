/**
 * The one way figures leave a notebook: savefig writes figures/<series>/<id>.svg (static),
 * .html (interactive, self-contained) and .csv (the plotted numbers), and shows the figure
 * inline. Paper-scale runs write under figures/, quick ones under out/quick/figures/.
 */
import * as path from "node:path";
import { toCsv } from "../core/csv";
import { writeFileAtomic } from "../core/files";
import { figuresDir } from "../core/scale";
import { figureRows, type Figure } from "./figure";
import { displayHtml } from "./display";
import { inlineHtml, standaloneHtml } from "./html";
import { findChromium, renderSvg } from "./static-export";

let bundleShown = false;
let figureCounter = 0;
let warnedNoChromium = false;

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Saves a figure and displays it inline (in a notebook). `dir` overrides the output folder
 * (default figures/<series>/ for the current scale).
 */
export async function savefig(fig: Figure, options: { dir?: string; show?: boolean } = {}): Promise<void> {
  for (const [k, v] of [["id", fig.id], ["series", fig.series]] as const) {
    if (!ID_PATTERN.test(v)) throw new Error(`savefig: figure ${k} '${v}' must be a plain file name (letters, digits, . _ -)`);
  }
  const dir = options.dir ?? figuresDir(fig.series);
  const file = (ext: string) => path.join(dir, `${fig.id}.${ext}`);

  let svg: string | null = null;
  if (findChromium()) svg = await renderSvg(fig);
  else if (!warnedNoChromium) {
    warnedNoChromium = true;
    console.warn("savefig: no Chromium found, so no static SVG is written (install Debian's `chromium` or set ISAC_CHROMIUM)");
  }
  writeFileAtomic(file("csv"), toCsv(figureRows(fig)));
  writeFileAtomic(file("html"), standaloneHtml(fig));
  if (svg) writeFileAtomic(file("svg"), svg);

  if (options.show ?? true) {
    const uid = `isac-fig-${fig.series}-${fig.id}-${process.pid}-${++figureCounter}`.replace(/[^A-Za-z0-9_-]/g, "_");
    if (displayHtml(inlineHtml(fig, uid, svg, !bundleShown))) bundleShown = true;
  }
}
