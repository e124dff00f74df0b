/**
 * Figures as plain plotly.js JSON (data + layout) with an id and the series that owns them.
 * Builders here cover the papers' line and bar plots; anything plotly can draw can be passed
 * as raw traces.
 */

/** A plotly.js trace (https://plotly.com/javascript/reference/); only the fields we read are typed. */
export interface Trace {
  type?: string;
  name?: string;
  x?: ArrayLike<number | string>;
  y?: ArrayLike<number | string>;
  mode?: string;
  [key: string]: unknown;
}

export interface Figure {
  /** File stem under figures/<series>/, e.g. "fig3a". */
  id: string;
  /** Owning notebook series, e.g. "cellfree-gnn"; figures/<series>/ is its folder. */
  series: string;
  data: Trace[];
  layout: Record<string, unknown>;
  /** Static export size in pixels. */
  width?: number;
  height?: number;
  /**
   * Names of the CSV columns for the trace name, x and y (default "trace", "x", "y"), and
   * optionally a fourth for the numbers a trace maps to marker colours (a heat map of points).
   */
  columns?: [string, string, string] | [string, string, string, string];
}

export interface Axis {
  title: string;
  type?: "linear" | "log";
  range?: [number, number];
  /** Distance between ticks, e.g. 1 for counts (default: plotly's choice). */
  dtick?: number;
}

export interface LineSeries {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** "lines", "markers" or "lines+markers" (default). */
  mode?: "lines" | "markers" | "lines+markers";
  dash?: "solid" | "dash" | "dot" | "dashdot";
  /** Line and marker colour (any CSS colour); default: plotly's colour cycle. */
  color?: string;
  /** Put this series on a second y axis at the right. */
  rightAxis?: boolean;
}

export interface LineFigureOptions {
  id: string;
  series: string;
  title?: string;
  x: Axis;
  y: Axis;
  /** Second y axis (for series with rightAxis). */
  y2?: Axis;
  /** What the lines are, e.g. "method": the CSV's first column (default "trace"). */
  legend?: string;
  lines: LineSeries[];
}

const axisLayout = (a: Axis) => ({
  title: { text: a.title },
  type: a.type ?? "linear",
  ...(a.range ? { range: a.type === "log" ? a.range.map(Math.log10) : a.range } : {}),
  ...(a.dtick ? { dtick: a.dtick } : {}),
  showline: true,
  mirror: true,
  ticks: "outside",
  gridcolor: "#e5e5e5",
  zeroline: false,
});

/** Shared look: white background, boxed axes, legend inside the top-right corner. */
export function baseLayout(title?: string): Record<string, unknown> {
  return {
    ...(title ? { title: { text: title } } : {}),
    paper_bgcolor: "white",
    plot_bgcolor: "white",
    font: { family: "Arial, Helvetica, sans-serif", size: 14 },
    legend: { bgcolor: "rgba(255,255,255,0.8)", bordercolor: "#999", borderwidth: 1 },
    margin: { l: 70, r: 30, t: title ? 60 : 30, b: 60 },
  };
}

/** An axis title without plotly's HTML: β<sub>s</sub> → β_s, 10<sup>3</sup> → 10^3. */
const plainText = (title: string) =>
  title.replace(/<sub>(.*?)<\/sub>/g, "_$1").replace(/<sup>(.*?)<\/sup>/g, "^$1").replace(/<[^>]+>/g, "");

/** A line plot: one trace per series, shared x and y axes (optionally a right y axis). */
export function lineFigure(o: LineFigureOptions): Figure {
  if (!o.lines.length) throw new Error(`lineFigure '${o.id}': no lines given`);
  const data: Trace[] = o.lines.map((l) => {
    if (l.x.length !== l.y.length) {
      throw new Error(`lineFigure '${o.id}': series '${l.name}' has ${l.x.length} x values but ${l.y.length} y values`);
    }
    return {
      type: "scatter",
      name: l.name,
      x: Array.from(l.x),
      y: Array.from(l.y),
      mode: l.mode ?? "lines+markers",
      line: { dash: l.dash ?? "solid", ...(l.color ? { color: l.color } : {}) },
      ...(l.color ? { marker: { color: l.color } } : {}),
      ...(l.rightAxis ? { yaxis: "y2" } : {}),
    };
  });
  if (o.lines.some((l) => l.rightAxis) && !o.y2) throw new Error(`lineFigure '${o.id}': a series uses rightAxis but no y2 axis is given`);
  const layout: Record<string, unknown> = { ...baseLayout(o.title), xaxis: axisLayout(o.x), yaxis: axisLayout(o.y) };
  if (o.y2) {
    // A right axis takes the space of an outside legend: put the legend under the plot. Its own
    // round ticks ("auto"): plotly 4 otherwise syncs them to the left axis's grid (odd values).
    layout.yaxis2 = { ...axisLayout(o.y2), overlaying: "y", side: "right", mirror: false, showgrid: false, tickmode: "auto" };
    layout.legend = { ...(layout.legend as object), orientation: "h", x: 0, y: -0.25, yanchor: "top" };
    layout.margin = { ...(layout.margin as object), r: 70, b: 140 };
  }
  // CSV columns named after the quantities (as plain text); with a right axis the y column holds both.
  const names = [o.legend ?? "trace", plainText(o.x.title) || "x", (!o.y2 && plainText(o.y.title)) || "y"];
  const columns = (new Set(names).size === 3 ? names : [names[0], "x", "y"]) as [string, string, string];
  return { id: o.id, series: o.series, data, layout, columns, ...(o.y2 ? { height: 540 } : {}) };
}

/**
 * The figure's data in long format, one row per point: trace name, x, y (under the names in
 * `fig.columns`). This is what savefig writes as <id>.csv, so every plotted number can be read
 * back without plotly.
 */
export function figureRows(fig: Figure): Array<Record<string, number | string>> {
  const [traceCol, xCol, yCol, colorCol] = fig.columns ?? ["trace", "x", "y"];
  const rows: Array<Record<string, number | string>> = [];
  fig.data.forEach((t, i) => {
    const xs = t.x ?? [];
    const ys = t.y ?? [];
    const color = (t.marker as { color?: unknown } | undefined)?.color;
    const colors = Array.isArray(color) ? (color as number[]) : [];
    const n = Math.max(xs.length, ys.length);
    for (let k = 0; k < n; k++) {
      const row: Record<string, number | string> = { [traceCol]: t.name ?? `trace ${i}`, [xCol]: xs[k] ?? k, [yCol]: ys[k] ?? NaN };
      if (colorCol) row[colorCol] = colors[k] ?? NaN;
      rows.push(row);
    }
  });
  return rows;
}
