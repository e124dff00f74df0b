/**
 * HTML for figures: a self-contained page (plotly.js inlined, works offline) and the snippet
 * shown inline in a notebook (a static SVG that plotly replaces with the interactive plot where
 * JavaScript runs).
 */
import * as fs from "node:fs";
import type { Figure } from "./figure";

let bundle: string | null = null;

/** The plotly.js (basic: scatter, bar, pie) bundle shipped in the npm package; no CDN. */
export function plotlyBundle(): string {
  if (bundle === null) bundle = fs.readFileSync(require.resolve("plotly.js-basic-dist-min"), "utf8");
  return bundle;
}

/**
 * A script tag that defines window.Plotly even where a page has RequireJS (classic Jupyter):
 * hiding define/module/exports makes plotly's UMD wrapper fall through to the global.
 */
export function plotlyScriptTag(): string {
  return `<script>(function(){var define, module, exports;\n${plotlyBundle()}\n})();</script>`;
}

/** JSON safe to place inside a <script> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const CONFIG = { displaylogo: false, responsive: true };

/** A standalone page: open it in any browser, offline. */
export function standaloneHtml(fig: Figure): string {
  const title = escapeHtml(`${fig.series} / ${fig.id}`);
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${title}</title></head>
<body style="margin:0">
<div id="figure" style="width:100vw;height:100vh"></div>
${plotlyScriptTag()}
<script>Plotly.newPlot("figure", ${scriptJson(fig.data)}, ${scriptJson(fig.layout)}, ${scriptJson(CONFIG)});</script>
</body></html>
`;
}

/**
 * The notebook snippet. `svg` (when given) is shown as an image until plotly draws over it, so
 * viewers that run no JavaScript still show the figure. `withBundle` inlines plotly.js (the
 * first figure of a kernel session carries it; later ones reuse window.Plotly).
 */
export function inlineHtml(fig: Figure, uid: string, svg: string | null, withBundle: boolean): string {
  const h = fig.height ?? 450;
  const fallback = svg
    ? `<img alt="${escapeHtml(fig.id)}" style="max-width:100%" src="data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}">`
    : `<pre>${escapeHtml(`${fig.series}/${fig.id}: interactive figure (needs JavaScript)`)}</pre>`;
  return `${withBundle ? plotlyScriptTag() : ""}
<div id="${uid}" style="width:100%;max-width:${fig.width ?? 760}px;min-height:${h}px">${fallback}</div>
<script>(function(){
  var el = document.getElementById("${uid}");
  if (!el || !window.Plotly) return;
  el.innerHTML = "";
  el.style.height = "${h}px";
  window.Plotly.newPlot(el, ${scriptJson(fig.data)}, ${scriptJson(fig.layout)}, ${scriptJson(CONFIG)});
})();</script>`;
}
