/**
 * Static SVG export of plotly figures through a headless Chromium (Debian's `chromium`, driven by
 * playwright-core; never a downloaded browser). One browser serves all figures of a process and
 * closes itself after a few idle seconds.
 */
import * as fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import type { Figure } from "./figure";
import { plotlyScriptTag, scriptJson } from "./html";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** $ISAC_CHROMIUM, else the first Chromium found at the usual Debian paths; null if none. */
export function findChromium(): string | null {
  const env = process.env.ISAC_CHROMIUM;
  if (env) {
    if (!fs.existsSync(env)) throw new Error(`ISAC_CHROMIUM=${env}: no such file`);
    return env;
  }
  return CANDIDATES.find((p) => fs.existsSync(p)) ?? null;
}

let session: Promise<{ browser: Browser; page: Page }> | null = null;
let idleTimer: NodeJS.Timeout | null = null;
const IDLE_MS = 3000;

async function open(executablePath: string): Promise<{ browser: Browser; page: Page }> {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath,
    // Flags for a closed network and a root user (see DESIGN.md).
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage();
  await page.setContent(`<!DOCTYPE html><html><body><div id="g"></div>${plotlyScriptTag()}</body></html>`);
  return { browser, page };
}

/** Closes the shared browser now (it also closes by itself when idle). */
export async function closeStaticExport(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  const s = session;
  session = null;
  if (s) await (await s).browser.close();
}

/** Renders a figure to SVG text. Throws if no Chromium is installed. */
export async function renderSvg(fig: Figure): Promise<string> {
  const exe = findChromium();
  if (!exe) throw new Error("no Chromium found for static figure export (install Debian's `chromium`, or set ISAC_CHROMIUM)");
  if (idleTimer) clearTimeout(idleTimer);
  session ??= open(exe);
  const { page } = await session;
  try {
    const url: string = await page.evaluate(
      `(async () => {
        const gd = document.getElementById("g");
        await Plotly.newPlot(gd, ${scriptJson(fig.data.map((t, i) => ({ uid: `trace${i}`, ...t })))}, ${scriptJson(fig.layout)}, {staticPlot: true});
        return Plotly.toImage(gd, {format: "svg", width: ${fig.width ?? 760}, height: ${fig.height ?? 450}});
      })()`,
    );
    return deterministicIds(decodeURIComponent(url.slice(url.indexOf(",") + 1)));
  } finally {
    idleTimer = setTimeout(() => void closeStaticExport(), IDLE_MS);
  }
}

/**
 * plotly names the SVG's clip paths and groups after a random per-plot id; replace it with a fixed
 * one (traces get fixed uids above), so re-rendering unchanged data gives identical files.
 */
function deterministicIds(svg: string): string {
  const uid = /id="defs-([0-9a-z]+)"/.exec(svg)?.[1];
  return uid ? svg.split(uid).join("fig") : svg;
}
