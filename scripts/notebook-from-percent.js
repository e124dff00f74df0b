#!/usr/bin/env node
// Writes a notebook (.ipynb, no outputs) from a percent-format script, for authoring notebooks
// in an editor: cells start at lines "// %%" (code) or "// %% [markdown]" (markdown, each line
// of the cell prefixed by "// "). Usage: node scripts/notebook-from-percent.js in.ts out.ipynb
const fs = require("node:fs");
const crypto = require("node:crypto");
const [src, dest] = process.argv.slice(2);
if (!src || !dest) {
  console.error("usage: node scripts/notebook-from-percent.js in.ts out.ipynb");
  process.exit(2);
}
const cells = [];
let cur = null;
for (const line of fs.readFileSync(src, "utf8").split("\n")) {
  const m = line.match(/^\/\/ %%( \[markdown\])?\s*$/);
  if (m) {
    cur = { type: m[1] ? "markdown" : "code", lines: [] };
    cells.push(cur);
  } else if (cur) cur.lines.push(cur.type === "markdown" ? line.replace(/^\/\/ ?/, "") : line);
}
const toSource = (lines) => {
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  return lines.map((l, i) => (i < lines.length - 1 ? l + "\n" : l));
};
const id = (i) => crypto.createHash("sha1").update(`${dest}:${i}`).digest("hex").slice(0, 8);
const nb = {
  cells: cells.map((c, i) =>
    c.type === "markdown"
      ? { cell_type: "markdown", id: id(i), metadata: {}, source: toSource(c.lines) }
      : { cell_type: "code", execution_count: null, id: id(i), metadata: {}, outputs: [], source: toSource(c.lines) },
  ),
  metadata: {
    kernelspec: { display_name: "TypeScript", language: "typescript", name: "tslab" },
    language_info: { codemirror_mode: { mode: "typescript", name: "javascript", typescript: true }, file_extension: ".ts", mimetype: "text/typescript", name: "typescript" },
  },
  nbformat: 4,
  nbformat_minor: 5,
};
fs.writeFileSync(dest, JSON.stringify(nb, null, 1) + "\n");
console.log(`${dest}: ${nb.cells.length} cells`);
