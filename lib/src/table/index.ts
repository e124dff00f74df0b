/**
 * Result tables are nodejs-polars DataFrames: shown inline as HTML tables and saved as CSV to
 * figures/<series>/<id>.csv (out/quick/figures/... at quick scale).
 */
import * as path from "node:path";
import pl from "nodejs-polars";
import { writeFileAtomic } from "../core/files";
import { figuresDir } from "../core/scale";
import { displayHtml } from "../plot/display";
import { escapeHtml } from "../plot/html";

export { pl };

export interface TableOptions {
  /** File stem, e.g. "table2". */
  id: string;
  /** Owning series, e.g. "gnn-ip". */
  series: string;
  caption?: string;
  /** Significant digits for floats in the HTML view (the CSV keeps full precision). */
  digits?: number;
  /** Output folder (default figures/<series>/ for the current scale). */
  dir?: string;
}

function formatValue(v: unknown, digits: number): string {
  if (typeof v === "number") {
    if (Number.isInteger(v)) return String(v);
    return Number.isFinite(v) ? Number(v.toPrecision(digits)).toString() : String(v);
  }
  if (v === null || v === undefined) return "";
  return String(v);
}

/** An HTML <table> of a DataFrame (all rows: result tables are small). */
export function tableHtml(df: pl.DataFrame, caption?: string, digits = 4): string {
  const head = df.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const body = df
    .toRecords()
    .map((r) => `<tr>${df.columns.map((c) => `<td>${escapeHtml(formatValue(r[c], digits))}</td>`).join("")}</tr>`)
    .join("\n");
  const cap = caption ? `<caption style="caption-side:top;text-align:left;font-weight:bold">${escapeHtml(caption)}</caption>` : "";
  return `<table class="isac-table">${cap}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** Shows a table inline without saving it (e.g. the data of a figure, which savefig saves). */
export function showTable(df: pl.DataFrame, caption?: string, digits = 4): void {
  displayHtml(tableHtml(df, caption, digits));
}

/** Saves the table as CSV (figures/<series>/<id>.csv) and shows it inline. */
export function saveTable(df: pl.DataFrame, o: TableOptions): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(o.id)) throw new Error(`saveTable: id '${o.id}' must be a plain file name`);
  const file = path.join(o.dir ?? figuresDir(o.series), `${o.id}.csv`);
  writeFileAtomic(file, df.writeCSV().toString());
  displayHtml(tableHtml(df, o.caption, o.digits));
}
