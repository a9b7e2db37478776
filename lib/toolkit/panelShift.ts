import { numericColumn } from "../design/columns";
import { DataError, OptionsError } from "../errors";
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
  description: string;
}

function shift<T extends TableData>(data: T, options: PanelShiftOptions, direction: "lag" | "lead"): PanelShiftResult<T> {
  const helper = direction === "lag" ? "panelLag" : "panelLead";
  if (options === null || typeof options !== "object") {
    throw new OptionsError(`${helper}: pass options such as { unit: "code", time: "year", column: "ai", k: 1 }.`);
  }
  const k = options.k ?? 1;
  if (!(Number.isInteger(k) && k >= 1)) {
    throw new OptionsError(`${helper}: k must be a positive whole number of periods, got ${k}; use ${direction === "lag" ? "panelLead" : "panelLag"} for the other direction.`);
  }
  const table = readTable(data, helper);
  requireColumn(table, options.unit, helper, "unit column");
  requireColumn(table, options.time, helper, "time column");
  requireColumn(table, options.column, helper, "column to shift");
  const name = options.name ?? `${options.column}_${direction}${k}`;
  const n = table.nrows;
  const units = table.values(options.unit);
  const times = numericColumn(table, options.time, "time column");
  const values = numericColumn(table, options.column, `column to ${direction}`);

  // Index every (unit, time) once; a second row for the same pair is an error, never a silent pick.
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

  const step = direction === "lag" ? -k : k;
  const out = new Float64Array(n);
  const missing = new Uint8Array(n);
  let available = 0;
  let noMatchingPeriod = 0;
  let missingValue = 0;
  let missingKey = 0;
  for (let i = 0; i < n; i++) {
    const unit = keyOf[i];
    if (unit === null) {
      missing[i] = 1;
      missingKey++;
      continue;
    }
    const source = rowOf.get(`${unit}\u0000${times[i] + step}`);
    if (source === undefined) {
      missing[i] = 1;
      noMatchingPeriod++;
    } else if (Number.isNaN(values[source])) {
      missing[i] = 1;
      missingValue++;
    } else {
      out[i] = values[source];
      available++;
    }
  }
  const column = numericLike(table.values(options.column), out, missing);
  const what = direction === "lag" ? `t − ${k}` : `t + ${k}`;
  const description =
    `${name}: ${options.column} at ${what} within each ${options.unit}; ${available} of ${n} rows have a value` +
    (noMatchingPeriod > 0 ? `, ${noMatchingPeriod} missing because the unit has no row at ${what} (panel edge or gap)` : "") +
    (missingValue > 0 ? `, ${missingValue} because the value at ${what} is missing` : "") +
    (missingKey > 0 ? `, ${missingKey} because ${options.unit} or ${options.time} is missing` : "") +
    ".";
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
