import { numericColumn } from "../design/columns";
import { quantile7 } from "./quantile";
import { OptionsError } from "../errors";
import { cellKey, readTable, requireColumn, withColumns, type TableData } from "./tableData";

/** Options of `winsorize`. */
export interface WinsorizeOptions {
  /** Lower percentile, as a share (default 0.01). */
  lower?: number;
  /** Upper percentile, as a share (default 0.99). */
  upper?: number;
  /** Winsorize within the groups of this column (e.g. "year") instead of over the pooled sample. */
  by?: string;
}

/** The bounds used for one column within one group (`group` is null when pooled). */
export interface WinsorizeBounds {
  group: string | null;
  /** Non-missing values the quantiles were computed from. */
  n: number;
  lower: number;
  upper: number;
  /** Values raised to `lower` and lowered to `upper`. */
  raised: number;
  lowered: number;
}

/** What `winsorize` returns: the data (same form as given) and what changed. */
export interface WinsorizeResult<T> {
  data: T;
  /** Values replaced, per column. */
  changed: Record<string, number>;
  /** Bounds per column, one entry per group (a single entry with group null when pooled). */
  bounds: Record<string, WinsorizeBounds[]>;
  /** Rows left as they were because the `by` column is missing there (0 when pooled). */
  ungrouped: number;
  /** A sentence for the notebook, e.g. "Winsorized gov at the 1st/99th percentiles by year: 98 values changed." */
  description: string;
}

function percentileLabel(p: number): string {
  const x = Math.round(p * 1000) / 10;
  const n = Number.isInteger(x) ? x : x.toFixed(1);
  const last = Math.floor(Math.abs(x)) % 10;
  const teen = Math.floor(Math.abs(x)) % 100;
  const suffix = !Number.isInteger(x) || (teen >= 11 && teen <= 13) ? "th" : last === 1 ? "st" : last === 2 ? "nd" : last === 3 ? "rd" : "th";
  return `${n}${suffix}`;
}

/**
 * Winsorizes numeric columns: values below the `lower` quantile are set to it, values above the
 * `upper` quantile are set to it; pooled over all rows, or within each group of `by` (e.g. by year,
 * so that a trend is not read as outliers).
 *
 * Quantiles are R's default, type 7 (Hyndman & Fan 1996): on the n sorted non-missing values
 * x₍₀₎ ≤ … ≤ x₍ₙ₋₁₎, h = (n − 1)·p and Q(p) = x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎) — the same
 * definition as the panel builder's (lib/toolkit/quantile.ts), and Stata's `winsor2` up to
 * its own quantile rule. Missing values stay missing (the cell is kept as it was) and do not count.
 *
 * @example
 *   const { data, changed } = winsorize(panel, ["gov", "fin"], { lower: 0.01, upper: 0.99, by: "year" });
 *   changed.gov;   // number of gov values moved to a bound
 * @throws DataError naming a column that does not exist or holds text (with the row);
 *         OptionsError when the percentiles are not 0 ≤ lower < upper ≤ 1.
 */
export function winsorize<T extends TableData>(data: T, columns: string | string[], options: WinsorizeOptions = {}): WinsorizeResult<T> {
  const lower = options.lower ?? 0.01;
  const upper = options.upper ?? 0.99;
  if (!(lower >= 0 && upper <= 1 && lower < upper)) {
    throw new OptionsError(`winsorize: the percentiles must satisfy 0 ≤ lower < upper ≤ 1 (as shares: 0.01 for the 1st percentile), got lower = ${lower}, upper = ${upper}.`);
  }
  const names = typeof columns === "string" ? [columns] : columns;
  if (!Array.isArray(names) || names.length === 0) throw new OptionsError(`winsorize: name at least one column to winsorize, e.g. winsorize(data, ["gov", "fin"]).`);
  const table = readTable(data, "winsorize");
  for (const name of names) requireColumn(table, name, "winsorize", "column to winsorize");
  if (options.by !== undefined) requireColumn(table, options.by, "winsorize", "grouping column (by)");
  const n = table.nrows;

  // Group membership: one group when pooled; rows with a missing group are left alone.
  const groupOf = new Int32Array(n);
  const groupLabels: (string | null)[] = [];
  let ungrouped = 0;
  if (options.by === undefined) {
    groupLabels.push(null);
  } else {
    const cells = table.values(options.by);
    const index = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const key = cellKey(cells[i]);
      if (key === null) {
        groupOf[i] = -1;
        ungrouped++;
        continue;
      }
      let g = index.get(key);
      if (g === undefined) {
        g = index.size;
        index.set(key, g);
        groupLabels.push(key);
      }
      groupOf[i] = g;
    }
  }

  const replaced: Record<string, ArrayLike<unknown>> = {};
  const changed: Record<string, number> = {};
  const bounds: Record<string, WinsorizeBounds[]> = {};
  for (const name of names) {
    const values = numericColumn(table, name, "column to winsorize");
    const perGroup: number[][] = groupLabels.map(() => []);
    for (let i = 0; i < n; i++) if (groupOf[i] >= 0 && !Number.isNaN(values[i])) perGroup[groupOf[i]].push(values[i]);
    const info: WinsorizeBounds[] = perGroup.map((xs, g) => {
      const sorted = Float64Array.from(xs).sort();
      return { group: groupLabels[g], n: xs.length, lower: quantile7(sorted, lower), upper: quantile7(sorted, upper), raised: 0, lowered: 0 };
    });
    const source = table.values(name);
    const out: unknown[] | Float64Array = ArrayBuffer.isView(source) ? Float64Array.from(values) : Array.from(source as ArrayLike<unknown>);
    let count = 0;
    for (let i = 0; i < n; i++) {
      const g = groupOf[i];
      const v = values[i];
      if (g < 0 || Number.isNaN(v)) continue;
      const b = info[g];
      if (v < b.lower) {
        out[i] = b.lower;
        b.raised++;
        count++;
      } else if (v > b.upper) {
        out[i] = b.upper;
        b.lowered++;
        count++;
      }
    }
    replaced[name] = out;
    changed[name] = count;
    bounds[name] = info;
  }
  const total = names.reduce((s, name) => s + changed[name], 0);
  const description =
    `Winsorized ${names.join(", ")} at the ${percentileLabel(lower)}/${percentileLabel(upper)} percentiles` +
    `${options.by === undefined ? " (pooled)" : ` by ${options.by}`}: ${total} value${total === 1 ? "" : "s"} changed` +
    (names.length > 1 ? ` (${names.map((name) => `${name} ${changed[name]}`).join(", ")})` : "") +
    (ungrouped > 0 ? `; ${ungrouped} rows with a missing ${options.by} left as they were` : "") +
    ".";
  return { data: withColumns(data, replaced), changed, bounds, ungrouped, description };
}
