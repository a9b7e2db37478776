import { numericColumn } from "../design/columns";
import type { DataColumns } from "../design/input";
import { DataError, OptionsError } from "../errors";
import { checkOptions } from "../options";
import { cellKey, numericLike, readTable, requireColumn, withColumns, type TableData, type WithColumns } from "./tableData";

/** Options of `panelLag` and `panelLead`. */
export interface PanelShiftOptions {
  /** The panel unit, e.g. "code". */
  unit: string;
  /** The (integer) time column, e.g. "year". */
  time: string;
  /** The column to shift. */
  column: string;
  /** How many periods (a positive integer; default 1). */
  k?: number;
  /** Name of the new column (default `${column}_lag${k}` or `${column}_lead${k}`). */
  name?: string;
}

/** What `panelLag` / `panelLead` return: the data with the new column, and why values are missing. */
export interface PanelShiftResult<T> {
  /** The data with the new column (same form as given). */
  data: WithColumns<T>;
  /** The new column's name. */
  name: string;
  /** Rows that received a value. */
  available: number;
  /** Rows whose unit has no row at t − k (lag) or t + k (lead): gaps and panel edges. */
  noMatchingPeriod: number;
  /** Rows whose matching period exists but holds a missing value. */
  missingValue: number;
  /** Rows with a missing unit or time (their shifted value is missing). */
  missingKey: number;
  /** A sentence for the notebook: what the column holds, how many rows have a value, and why the others are missing. */
  description: string;
}

/** The keys `panelLag` and `panelLead` accept (checked by `checkOptions`). */
const SHIFT_OPTION_KEYS = ["unit", "time", "column", "k", "name"] as const;

/** Checks the options (an object with known keys, k a positive integer) and returns k. */
function shiftPeriods(options: PanelShiftOptions, direction: "lag" | "lead", helper: string): number {
  if (options === null || typeof options !== "object") {
    throw new OptionsError(`${helper}: pass options such as { unit: "code", time: "year", column: "ai", k: 1 }.`);
  }
  checkOptions(helper, options, SHIFT_OPTION_KEYS);
  const k = options.k ?? 1;
  if (!(Number.isInteger(k) && k >= 1)) {
    throw new OptionsError(`${helper}: k must be a positive whole number of periods, got ${k}; use ${direction === "lag" ? "panelLead" : "panelLag"} for the other direction.`);
  }
  return k;
}

/** Throws a DataError unless the unit, time and shifted columns are columns of the table. */
function requireShiftColumns(table: DataColumns, options: PanelShiftOptions, helper: string): void {
  requireColumn(table, options.unit, helper, "unit column");
  requireColumn(table, options.time, helper, "time column");
  requireColumn(table, options.column, helper, "column to shift");
}

/**
 * Indexes every (unit, time) row once: `rowOf` maps "unit\0time" to its row, `keyOf` gives each row's
 * unit key (null when the unit or time is missing). A second row for the same pair is a DataError, never
 * a silent pick; so is a time that is not a whole number.
 */
function indexPanel(units: ArrayLike<unknown>, times: Float64Array, options: PanelShiftOptions, direction: "lag" | "lead", helper: string): { rowOf: Map<string, number>; keyOf: (string | null)[] } {
  const n = times.length;
  const rowOf = new Map<string, number>();
  const keyOf: (string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const unit = cellKey(units[i]);
    const t = times[i];
    if (unit === null || Number.isNaN(t)) {
      keyOf[i] = null;
      continue;
    }
    if (!Number.isInteger(t)) {
      throw new DataError(`${helper}: the time column "${options.time}" has ${t} in row ${i + 1}; periods must be whole numbers (years) so that t − k is defined.`);
    }
    keyOf[i] = unit;
    const key = `${unit}\u0000${t}`;
    const first = rowOf.get(key);
    if (first !== undefined) {
      throw new DataError(
        `${helper}: rows ${first + 1} and ${i + 1} both have ${options.unit} = ${unit} and ${options.time} = ${t}; a panel needs one row per unit and period — remove the duplicate (e.g. with the cleaning step) before taking ${direction}s.`,
      );
    }
    rowOf.set(key, i);
  }
  return { rowOf, keyOf };
}

/** The shifted values x_{i,t+step} and the reason each missing one is missing. */
interface ShiftedValues {
  out: Float64Array;
  /** 1 where the shifted value is missing. */
  missing: Uint8Array;
  available: number;
  noMatchingPeriod: number;
  missingValue: number;
  missingKey: number;
}

/** For each row, the value of the same unit at t + step (step = −k for a lag, +k for a lead), counting why values are missing. */
function shiftValues(index: { rowOf: Map<string, number>; keyOf: (string | null)[] }, times: Float64Array, values: Float64Array, step: number): ShiftedValues {
  const { rowOf, keyOf } = index;
  const n = times.length;
  const out = new Float64Array(n);
  const missing = new Uint8Array(n);
  const r = { out, missing, available: 0, noMatchingPeriod: 0, missingValue: 0, missingKey: 0 };
  for (let i = 0; i < n; i++) {
    const unit = keyOf[i];
    if (unit === null) {
      missing[i] = 1;
      r.missingKey++;
      continue;
    }
    const source = rowOf.get(`${unit}\u0000${times[i] + step}`);
    if (source === undefined) {
      missing[i] = 1;
      r.noMatchingPeriod++;
    } else if (Number.isNaN(values[source])) {
      missing[i] = 1;
      r.missingValue++;
    } else {
      out[i] = values[source];
      r.available++;
    }
  }
  return r;
}

/** The result's `description` sentence. */
function shiftDescription(name: string, options: PanelShiftOptions, what: string, n: number, r: ShiftedValues): string {
  return (
    `${name}: ${options.column} at ${what} within each ${options.unit}; ${r.available} of ${n} rows have a value` +
    (r.noMatchingPeriod > 0 ? `, ${r.noMatchingPeriod} missing because the unit has no row at ${what} (panel edge or gap)` : "") +
    (r.missingValue > 0 ? `, ${r.missingValue} because the value at ${what} is missing` : "") +
    (r.missingKey > 0 ? `, ${r.missingKey} because ${options.unit} or ${options.time} is missing` : "") +
    "."
  );
}

/** The lag or lead of `panelLag` / `panelLead`: checks the options, indexes the panel, shifts, and adds the column. */
function shift<T extends TableData>(data: T, options: PanelShiftOptions, direction: "lag" | "lead"): PanelShiftResult<T> {
  const helper = direction === "lag" ? "panelLag" : "panelLead";
  const k = shiftPeriods(options, direction, helper);
  const table = readTable(data, helper);
  requireShiftColumns(table, options, helper);
  const name = options.name ?? `${options.column}_${direction}${k}`;
  const n = table.nrows;
  const units = table.values(options.unit);
  const times = numericColumn(table, options.time, "time column");
  const values = numericColumn(table, options.column, `column to ${direction}`);
  const index = indexPanel(units, times, options, direction, helper);
  const r = shiftValues(index, times, values, direction === "lag" ? -k : k);
  const column = numericLike(table.values(options.column), r.out, r.missing);
  const description = shiftDescription(name, options, direction === "lag" ? `t − ${k}` : `t + ${k}`, n, r);
  const { available, noMatchingPeriod, missingValue, missingKey } = r;
  return { data: withColumns(data, { [name]: column }) as WithColumns<T>, name, available, noMatchingPeriod, missingValue, missingKey, description };
}

/**
 * The within-panel lag x_{i,t−k}: the value of the same unit k periods earlier, matched on the time
 * column — not the previous row. When the unit has no row at t − k (the first years, or a gap in
 * its years) the lag is missing, as Stata's `L.x` after `xtset` and R's `plm::lag`; a missing value
 * at t − k stays missing. Rows need not be sorted.
 *
 * @example
 *   const { data } = panelLag(panel, { unit: "code", time: "year", column: "lnpgdp" });   // adds lnpgdp_lag1
 * @throws DataError for a duplicate (unit, time) pair (naming both rows), a non-integer time (naming
 *         the row), text in a numeric column, or a column that does not exist.
 */
export function panelLag<T extends TableData>(data: T, options: PanelShiftOptions): PanelShiftResult<T> {
  return shift(data, options, "lag");
}

/**
 * The within-panel lead x_{i,t+k}, matched on the time column; missing when the unit has no row at
 * t + k (last years, gaps). See `panelLag`.
 * @throws as `panelLag`.
 */
export function panelLead<T extends TableData>(data: T, options: PanelShiftOptions): PanelShiftResult<T> {
  return shift(data, options, "lead");
}
