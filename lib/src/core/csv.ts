/** CSV text from rows of plain values (RFC 4180 quoting; numbers at full precision). */
export type CsvValue = number | string | boolean | null | undefined;

function cell(v: CsvValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isNaN(v) ? "NaN" : String(v);
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Columns are the keys of the first row, in order; every row must have the same keys. */
export function toCsv(rows: Array<Record<string, CsvValue>>): string {
  if (!rows.length) return "";
  const cols = Object.keys(rows[0]);
  const lines = [cols.map(cell).join(",")];
  for (const [i, r] of rows.entries()) {
    const keys = Object.keys(r);
    if (keys.length !== cols.length || keys.some((k, j) => k !== cols[j])) {
      throw new Error(`toCsv: row ${i} has columns [${keys}] but row 0 has [${cols}]`);
    }
    lines.push(cols.map((c) => cell(r[c])).join(","));
  }
  return lines.join("\n") + "\n";
}
