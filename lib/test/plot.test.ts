import { test, after } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { lineFigure, figureRows, savefig, standaloneHtml, inlineHtml, findChromium, closeStaticExport } from "isac/plot";
import { pl, saveTable, tableHtml } from "isac/table";
import { toCsv, figuresDir, outputRoot, parseScale, repoRoot } from "isac/core";

after(closeStaticExport);

const fig = () =>
  lineFigure({
    id: "test-fig",
    series: "unit",
    title: "T <b>",
    x: { title: "x" },
    y: { title: "y", type: "log" },
    lines: [
      { name: "a", x: [1, 2, 3], y: [10, 100, 1000] },
      { name: 'b,"q"', x: [1, 2], y: [5, 6], dash: "dash" },
    ],
  });

test("lineFigure builds one trace per series and checks lengths", () => {
  const f = fig();
  assert.equal(f.data.length, 2);
  assert.deepEqual(f.data[0].y, [10, 100, 1000]);
  const coloured = lineFigure({ id: "c", series: "s", x: { title: "" }, y: { title: "" }, y2: { title: "" }, lines: [{ name: "r", x: [1], y: [2], color: "#123456", rightAxis: true }] });
  assert.deepEqual([coloured.data[0].line, coloured.data[0].marker], [{ dash: "solid", color: "#123456" }, { color: "#123456" }]);
  assert.equal((coloured.layout.yaxis2 as { tickmode: string }).tickmode, "auto", "right-axis ticks not synced to the left grid");
  const counts = lineFigure({ id: "k", series: "s", x: { title: "L", dtick: 1 }, y: { title: "", type: "log", range: [1, 100] }, lines: [{ name: "a", x: [1, 2], y: [1, 2] }] });
  assert.deepEqual([(counts.layout.xaxis as { dtick: number }).dtick, (counts.layout.yaxis as { range: number[] }).range], [1, [0, 2]]);
  assert.equal("dtick" in (counts.layout.yaxis as object), false);
  assert.throws(() => lineFigure({ id: "x", series: "s", x: { title: "" }, y: { title: "" }, lines: [{ name: "bad", x: [1, 2], y: [1] }] }), /series 'bad' has 2 x values but 1 y values/);
  assert.throws(() => lineFigure({ id: "x", series: "s", x: { title: "" }, y: { title: "" }, lines: [] }), /no lines/);
});

test("figure rows and CSV carry every plotted number, with CSV quoting", () => {
  const rows = figureRows(fig());
  assert.equal(rows.length, 5);
  assert.equal(toCsv(rows), 'trace,x,y\na,1,10\na,2,100\na,3,1000\n"b,""q""",1,5\n"b,""q""",2,6\n');
  assert.throws(() => toCsv([{ a: 1 }, { b: 2 }]), /row 1 has columns \[b\]/);
  const named = (y2?: { title: string }) =>
    lineFigure({ id: "n", series: "s", legend: "method", x: { title: "Γ₀ [dB]" }, y: { title: "MSE" }, y2, lines: [{ name: "SDR", x: [3], y: [0.25], rightAxis: !!y2 }] });
  assert.equal(toCsv(figureRows(named())), "method,Γ₀ [dB],MSE\nSDR,3,0.25\n", "columns named after the legend and the axes");
  assert.equal(toCsv(figureRows(named({ title: "time" }))), "method,Γ₀ [dB],y\nSDR,3,0.25\n", "one y column for both axes");
  const html = lineFigure({ id: "h", series: "s", legend: "method", x: { title: "weight β<sub>s</sub>" }, y: { title: "power [10<sup>3</sup> W]" }, lines: [{ name: "GNN", x: [0], y: [1] }] });
  assert.equal(toCsv(figureRows(html)), "method,weight β_s,power [10^3 W]\nGNN,0,1\n", "plotly's HTML left out of the column names");
  const map = {
    id: "m", series: "s", layout: {}, columns: ["trace", "x [m]", "y [m]", "power [dBm]"] as [string, string, string, string],
    data: [{ name: "wall", x: [0, 1], y: [0, 0] }, { name: "users", x: [2, 3], y: [4, 5], marker: { color: [-70, -80] } }],
  };
  assert.equal(toCsv(figureRows(map)), "trace,x [m],y [m],power [dBm]\nwall,0,0,NaN\nwall,1,0,NaN\nusers,2,4,-70\nusers,3,5,-80\n", "a fourth column for marker colours");
});

test("HTML: the standalone page inlines plotly (no CDN) and escapes script-breaking text", () => {
  const f = fig();
  f.layout.title = { text: "</script><script>alert(1)</script>" };
  const html = standaloneHtml(f);
  assert.ok(!/<script[^>]*\ssrc=/i.test(html), "no script loaded from elsewhere (no CDN)");
  assert.ok(html.includes("Plotly.newPlot"));
  assert.equal(html.match(/<\/script>/g)!.length, 2, "only our own two script elements close");
  const inline = inlineHtml(f, "uid1", "<svg/>", false);
  assert.ok(inline.includes("data:image/svg+xml;base64,"), "static fallback image");
  assert.ok(!inline.includes("function(){var define"), "no bundle when not asked");
});

test("savefig writes csv, html and (with Chromium) svg atomically into the scale's folder", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "isac-fig-"));
  await savefig(fig(), { dir, show: false });
  const files = fs.readdirSync(dir).sort();
  const chromium = findChromium();
  if (!chromium && process.env.CI) assert.fail("CI must have Chromium for static export (apt-get install chromium)");
  assert.deepEqual(files, chromium ? ["test-fig.csv", "test-fig.html", "test-fig.svg"] : ["test-fig.csv", "test-fig.html"]);
  if (chromium) {
    const svg = fs.readFileSync(path.join(dir, "test-fig.svg"), "utf8");
    assert.ok(svg.startsWith("<svg") && svg.includes("1000"), "an SVG with the tick labels of the data");
  }
  await assert.rejects(savefig({ ...fig(), id: "../evil" }, { dir, show: false }), /plain file name/);
});

test("scale decides where outputs go: paper → figures/, quick → out/quick/figures/", () => {
  assert.equal(outputRoot("paper"), repoRoot());
  assert.equal(figuresDir("gnn-ip", "paper"), path.join(repoRoot(), "figures", "gnn-ip"));
  assert.equal(figuresDir("gnn-ip", "quick"), path.join(repoRoot(), "out", "quick", "figures", "gnn-ip"));
  assert.equal(parseScale(undefined), "quick");
  assert.throws(() => parseScale("huge"), /ISAC_SCALE must be one of quick, paper, got 'huge'/);
});

test("tables: HTML escapes cells, CSV keeps full precision", () => {
  const df = pl.DataFrame({ method: ["<SDR>", "GNN"], value: [1 / 3, 2] });
  const html = tableHtml(df, "cap", 3);
  assert.ok(html.includes("&lt;SDR&gt;") && html.includes("0.333") && !html.includes("0.3333"));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "isac-tab-"));
  saveTable(df, { id: "t1", series: "unit", dir });
  assert.equal(fs.readFileSync(path.join(dir, "t1.csv"), "utf8"), "method,value\n<SDR>,0.3333333333333333\nGNN,2.0\n");
});
