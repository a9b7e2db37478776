import { numericColumn } from "../design/columns";
import type { DataColumns } from "../design/input";
import { quantile7 } from "./quantile";
import { OptionsError } from "../errors";
import { checkOptions } from "../options";
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
  /** The group's value of the `by` column (as text), or null when pooled. */
  group: string | null;
  /** Non-missing values the quantiles were computed from. */
  n: number;
  /** The lower bound Q(lower), a type-7 quantile (Hyndman & Fan 1996); NaN for a group without values. */
  lower: number;
  /** The upper bound Q(upper), a type-7 quantile; NaN for a group without values. */
  upper: number;
  /** Values raised to `lower`. */
  raised: number;
  /** Values lowered to `upper`. */
  lowered: number;
}

/** What `winsorize` returns: the data (same form as given) and what changed. */
export interface WinsorizeResult<T> {
  /** The data with the winsorized columns replaced (same form as given; other columns untouched). */
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

/** The keys `winsorize` accepts (checked by `checkOptions`). */
const WINSORIZE_OPTION_KEYS = ["lower", "upper", "by"] as const;

/** A share as an ordinal percentile for the description: 0.01 → "1st", 0.975 → "97.5th". */
function percentileLabel(p: number): string {
  const x = Math.round(p * 1000) / 10;
  const n = Number.isInteger(x) ? x : x.toFixed(1);
  const last = Math.floor(Math.abs(x)) % 10;
  const teen = Math.floor(Math.abs(x)) % 100;
  const suffix = !Number.isInteger(x) || (teen >= 11 && teen <= 13) ? "th" : last === 1 ? "st" : last === 2 ? "nd" : last === 3 ? "rd" : "th";
  return `${n}${suffix}`;
}

/** Row groups: each row's group (−1 when the `by` value is missing) and the groups' labels. */
interface RowGroups {
  groupOf: Int32Array;
  /** One null label when pooled, else each group's `by` value as text, in order of first appearance. */
  labels: (string | null)[];
  /** Rows with a missing `by` value (left as they were). */
  ungrouped: number;
}

/** Group membership: one group when pooled; rows with a missing group are left alone. */
function rowGroups(table: DataColumns, by: string | undefined): RowGroups {
  const n = table.nrows;
  const groupOf = new Int32Array(n);
  const labels: (string | null)[] = [];
  let ungrouped = 0;
  if (by === undefined) return { groupOf, labels: [null], ungrouped };
  const cells = table.values(by);
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
      labels.push(key);
    }
    groupOf[i] = g;
  }
  return { groupOf, labels, ungrouped };
}

/**
 * Winsorizes one column within each group: the bounds Q(lower), Q(upper) (type 7) from the group's
 * non-missing values, then values below/above them set to them; the new column keeps the source's
 * container type (typed array or plain array, missing cells as they were).
 */
function winsorizeColumn(table: DataColumns, name: string, groups: RowGroups, lower: number, upper: number): { column: unknown[] | Float64Array; count: number; info: WinsorizeBounds[] } {
  const n = table.nrows;
  const { groupOf, labels } = groups;
  const values = numericColumn(table, name, "column to winsorize");
  const perGroup: number[][] = labels.map(() => []);
  for (let i = 0; i < n; i++) if (groupOf[i] >= 0 && !Number.isNaN(values[i])) perGroup[groupOf[i]].push(values[i]);
  const info: WinsorizeBounds[] = perGroup.map((xs, g) => {
    const sorted = Float64Array.from(xs).sort();
    return { group: labels[g], n: xs.length, lower: quantile7(sorted, lower), upper: quantile7(sorted, upper), raised: 0, lowered: 0 };
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
  return { column: out, count, info };
}

/** The result's `description` sentence. */
function winsorizeDescription(names: string[], lower: number, upper: number, by: string | undefined, changed: Record<string, number>, ungrouped: number): string {
  const total = names.reduce((s, name) => s + changed[name], 0);
  return (
    `Winsorized ${names.join(", ")} at the ${percentileLabel(lower)}/${percentileLabel(upper)} percentiles` +
    `${by === undefined ? " (pooled)" : ` by ${by}`}: ${total} value${total === 1 ? "" : "s"} changed` +
    (names.length > 1 ? ` (${names.map((name) => `${name} ${changed[name]}`).join(", ")})` : "") +
    (ungrouped > 0 ? `; ${ungrouped} rows with a missing ${by} left as they were` : "") +
    "."
  );
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
 *         OptionsError for an unknown or misspelt option, or when the percentiles are not
 *         0 ≤ lower < upper ≤ 1.
 */
export function winsorize<T extends TableData>(data: T, columns: string | string[], options: WinsorizeOptions = {}): WinsorizeResult<T> {
  checkOptions("winsorize", options, WINSORIZE_OPTION_KEYS);
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
  const groups = rowGroups(table, options.by);
  const replaced: Record<string, ArrayLike<unknown>> = {};
  const changed: Record<string, number> = {};
  const bounds: Record<string, WinsorizeBounds[]> = {};
  for (const name of names) {
    const { column, count, info } = winsorizeColumn(table, name, groups, lower, upper);
    replaced[name] = column;
    changed[name] = count;
    bounds[name] = info;
  }
  const description = winsorizeDescription(names, lower, upper, options.by, changed, groups.ungrouped);
  return { data: withColumns(data, replaced), changed, bounds, ungrouped: groups.ungrouped, description };
}
