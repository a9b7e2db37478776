import { numericColumn } from "../design/columns";
import { OptionsError } from "../errors";
import { checkOptions } from "../options";
import { cellKey, readTable, requireColumn, selectRows, type TableData } from "./tableData";

/** What `dropUnits` returns. */
export interface DropUnitsResult<T> {
  /** The data without the dropped rows (same form as given). */
  data: T;
  /** Rows removed. */
  removed: number;
  /** Rows kept. */
  kept: number;
  /** Rows removed per listed value (0 for a value that matched nothing). */
  removedBy: Record<string, number>;
  /** Listed values that match no row (a typo, or a unit already gone). */
  notFound: string[];
  /** A sentence for the notebook, e.g. "Dropped 64 rows of 4 code values; 4528 rows kept." */
  description: string;
}

/**
 * Drops every row whose `column` equals one of `values` — e.g. the four municipalities
 * (`dropUnits(panel, "code", [110000, 120000, 310000, 500000])`). Values match on their text form,
 * so 110000 and "110000" are the same unit. Rows with a missing value in `column` are kept.
 *
 * @throws DataError naming a column that does not exist; OptionsError when `values` is empty.
 */
export function dropUnits<T extends TableData>(data: T, column: string, values: ReadonlyArray<unknown>): DropUnitsResult<T> {
  if (!Array.isArray(values) || values.length === 0) {
    throw new OptionsError(`dropUnits: list the values of "${column}" to drop, e.g. dropUnits(panel, "code", [110000, 310000]).`);
  }
  const table = readTable(data, "dropUnits");
  requireColumn(table, column, "dropUnits", "unit column");
  const listed = new Map<string, number>();
  for (const v of values) {
    const key = cellKey(v);
    if (key === null) throw new OptionsError(`dropUnits: the list of values to drop contains a missing value (${JSON.stringify(v)}); list actual values of "${column}".`);
    listed.set(key, 0);
  }
  const cells = table.values(column);
  const keep: number[] = [];
  for (let i = 0; i < table.nrows; i++) {
    const key = cellKey(cells[i]);
    const hit = key === null ? undefined : listed.get(key);
    if (hit === undefined) keep.push(i);
    else listed.set(key as string, hit + 1);
  }
  const removedBy = Object.fromEntries(listed);
  const notFound = Array.from(listed).filter(([, count]) => count === 0).map(([key]) => key);
  const removed = table.nrows - keep.length;
  const description =
    `Dropped ${removed} row${removed === 1 ? "" : "s"} of ${listed.size - notFound.length} ${column} value${listed.size - notFound.length === 1 ? "" : "s"}; ${keep.length} rows kept` +
    (notFound.length > 0 ? `; not found: ${notFound.join(", ")}` : "") +
    ".";
  return { data: selectRows(data, keep), removed, kept: keep.length, removedBy, notFound, description };
}

/** Options of `restrictYears`: any combination of a list to drop and a range to keep. */
export interface RestrictYearsOptions {
  /** Periods to remove, e.g. [2020, 2021, 2022] (the pandemic years). */
  drop?: ReadonlyArray<number>;
  /** Keep periods ≥ from. */
  from?: number;
  /** Keep periods ≤ to. */
  to?: number;
}

/** What `restrictYears` returns; each removed row is counted under the first rule it fails. */
export interface RestrictYearsResult<T> {
  /** The data restricted to the kept periods (same form as given). */
  data: T;
  /** Rows kept. */
  kept: number;
  /** Rows removed, by the first rule each fails (checked in this order: missing, from, to, drop). */
  removed: {
    /** Rows with a period before `from`. */
    beforeFrom: number;
    /** Rows with a period after `to`. */
    afterTo: number;
    /** Rows in a period listed in `drop`. */
    listed: number;
    /** Rows with a missing period. */
    missing: number;
  };
  /** A sentence for the notebook, e.g. "Removed 861 rows (861 in 2020, 2021, 2022); 3731 rows kept." */
  description: string;
}

/** The keys `restrictYears` accepts (checked by `checkOptions`). */
const RESTRICT_YEARS_OPTION_KEYS = ["drop", "from", "to"] as const;

/**
 * Restricts the sample's periods: drops the listed years and/or keeps a range [from, to].
 * Rows with a missing period are removed (and counted under `missing`): they cannot be shown to lie
 * in the kept range.
 *
 * @example
 *   restrictYears(panel, "year", { drop: [2020, 2021, 2022] }).removed.listed   // 3 × 287 rows
 * @throws DataError for a missing column or text in it (naming the row); OptionsError for an unknown
 *         or misspelt option, when no rule is given, or when from > to.
 */
export function restrictYears<T extends TableData>(data: T, timeColumn: string, options: RestrictYearsOptions): RestrictYearsResult<T> {
  const needRule = `restrictYears: give drop (a list of periods), from and/or to, e.g. restrictYears(panel, "year", { drop: [2020, 2021, 2022] }).`;
  if (options === null || typeof options !== "object") throw new OptionsError(needRule);
  checkOptions("restrictYears", options, RESTRICT_YEARS_OPTION_KEYS);
  if (options.drop === undefined && options.from === undefined && options.to === undefined) throw new OptionsError(needRule);
  const { from, to } = options;
  if (from !== undefined && to !== undefined && from > to) throw new OptionsError(`restrictYears: from (${from}) is after to (${to}); nothing would be kept.`);
  for (const [label, bound] of [["from", from], ["to", to]] as const) {
    if (bound !== undefined && !Number.isFinite(bound)) throw new OptionsError(`restrictYears: ${label} must be a number, got ${JSON.stringify(bound)}.`);
  }
  const drop = new Set<number>();
  for (const year of options.drop ?? []) {
    if (typeof year !== "number" || !Number.isFinite(year)) throw new OptionsError(`restrictYears: drop must list numbers (periods), got ${JSON.stringify(year)}.`);
    drop.add(year);
  }
  const table = readTable(data, "restrictYears");
  requireColumn(table, timeColumn, "restrictYears", "time column");
  const t = numericColumn(table, timeColumn, "time column");
  const removed = { beforeFrom: 0, afterTo: 0, listed: 0, missing: 0 };
  const keep: number[] = [];
  for (let i = 0; i < t.length; i++) {
    const v = t[i];
    if (Number.isNaN(v)) removed.missing++;
    else if (from !== undefined && v < from) removed.beforeFrom++;
    else if (to !== undefined && v > to) removed.afterTo++;
    else if (drop.has(v)) removed.listed++;
    else keep.push(i);
  }
  const parts: string[] = [];
  if (removed.listed > 0 || drop.size > 0) parts.push(`${removed.listed} in ${Array.from(drop).sort((a, b) => a - b).join(", ")}`);
  if (from !== undefined) parts.push(`${removed.beforeFrom} before ${from}`);
  if (to !== undefined) parts.push(`${removed.afterTo} after ${to}`);
  if (removed.missing > 0) parts.push(`${removed.missing} with a missing ${timeColumn}`);
  const total = t.length - keep.length;
  const description = `Removed ${total} row${total === 1 ? "" : "s"} (${parts.join("; ")}); ${keep.length} rows kept.`;
  return { data: selectRows(data, keep), kept: keep.length, removed, description };
}
