import { isMissing } from "../design/columns";
import { unknownNameHint } from "../names";
import { toDataColumns, type ArqueroLike, type DataColumns } from "../design/input";
import { DataError } from "../errors";

/**
 * The data forms the robustness helpers accept and give back: an arquero table, an object of
 * equal-length columns, or an array of row objects. Each helper returns the same form it was given,
 * so a notebook can chain them and hand the result to `feols`.
 *
 * Arquero tables are changed through their own methods (`reify`, `assign`), never through table
 * expressions, so nothing here closes over a notebook variable (design §8) and lib/ does not import
 * arquero itself.
 */
export type TableData =
  | ArqueroTableLike
  | Record<string, ArrayLike<unknown>>
  | ReadonlyArray<Record<string, unknown>>;

/** The part of an arquero table the helpers use to build a new table of the same kind. */
export interface ArqueroTableLike extends ArqueroLike {
  /** A materialized copy of the table (filters and orderings applied), restricted to `indices` when given. */
  reify(indices?: number[]): unknown;
  /** A new table with the given columns added or replaced. */
  assign(...tables: never[]): unknown;
}

/** The type of `data` after a helper adds columns to it (e.g. the new lag). */
export type WithColumns<T> = T extends ArqueroTableLike
  ? T
  : T extends ReadonlyArray<infer R>
    ? Array<R & Record<string, unknown>>
    : T & Record<string, ArrayLike<unknown>>;

/** `assign` as the helpers call it: with one object of columns. */
type Assign = (...columns: Record<string, ArrayLike<unknown>>[]) => unknown;

/** Whether `data` is an arquero table (has numRows, reify and assign). */
function isArqueroTable(data: unknown): data is ArqueroTableLike {
  const d = data as Partial<ArqueroTableLike> | null;
  return !!d && typeof d.numRows === "function" && typeof d.reify === "function" && typeof d.assign === "function";
}

/** Column access to any accepted form (rows in the order the table shows them). */
export function readTable(data: TableData, helper: string): DataColumns {
  if (data === null || typeof data !== "object") {
    throw new DataError(`${helper}: the data must be an arquero table, an object of equal-length columns or an array of row objects, got ${data === null ? "null" : typeof data}.`);
  }
  return toDataColumns(data);
}

/** Throws a DataError naming the helper and the column when `name` is not a column. */
export function requireColumn(table: DataColumns, name: string, helper: string, role: string): void {
  if (typeof name !== "string" || !table.has(name)) {
    throw new DataError(`${helper}: the ${role} ${JSON.stringify(name)} is not a column of the data. ${unknownNameHint(String(name), table.names(), "Available columns")}`);
  }
}

/** A key for matching cells across rows: numbers and their text form are the same unit (110000 = "110000"). */
export function cellKey(value: unknown): string | null {
  if (isMissing(value)) return null;
  return value instanceof Date ? value.toISOString() : String(value);
}

/**
 * The data with some columns replaced or added (same form as the input; other columns untouched,
 * not copied). For arquero, the table is reified first so row positions match `readTable`.
 */
export function withColumns<T extends TableData>(data: T, columns: Record<string, ArrayLike<unknown>>): T {
  if (isArqueroTable(data)) {
    const table = data.reify() as ArqueroTableLike;
    return (table.assign as Assign).call(table, columns) as T;
  }
  if (Array.isArray(data)) {
    const rows = data as ReadonlyArray<Record<string, unknown>>;
    const names = Object.keys(columns);
    return rows.map((row, i) => {
      const out: Record<string, unknown> = { ...row };
      for (const name of names) out[name] = columns[name][i];
      return out;
    }) as unknown as T;
  }
  return { ...(data as Record<string, ArrayLike<unknown>>), ...columns } as unknown as T;
}

/** A copy of a column restricted to `rows`, keeping its container type (typed array or plain array). */
function pickColumn(column: ArrayLike<unknown>, rows: number[]): ArrayLike<unknown> {
  if (ArrayBuffer.isView(column)) {
    const Ctor = (column as unknown as { constructor: { from(xs: ArrayLike<unknown>): ArrayLike<unknown> } }).constructor;
    return Ctor.from(rows.map((r) => column[r]));
  }
  return rows.map((r) => column[r]);
}

/** The data restricted to the rows whose positions are listed (in that order), same form as the input. */
export function selectRows<T extends TableData>(data: T, rows: number[]): T {
  if (isArqueroTable(data)) return (data.reify() as ArqueroTableLike).reify(rows) as T;
  if (Array.isArray(data)) {
    const all = data as ReadonlyArray<Record<string, unknown>>;
    return rows.map((r) => all[r]) as unknown as T;
  }
  const columns = data as Record<string, ArrayLike<unknown>>;
  const out: Record<string, ArrayLike<unknown>> = {};
  for (const name of Object.keys(columns)) out[name] = pickColumn(columns[name], rows);
  return out as unknown as T;
}

/**
 * A new numeric column shaped like `like`: a Float64Array (NaN = missing) when the source column is a
 * typed array, otherwise a plain array with `null` for missing values.
 */
export function numericLike(like: ArrayLike<unknown>, values: Float64Array, missing: Uint8Array): ArrayLike<number | null> {
  if (ArrayBuffer.isView(like)) {
    const out = Float64Array.from(values);
    for (let i = 0; i < out.length; i++) if (missing[i]) out[i] = NaN;
    return out;
  }
  const out: (number | null)[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = missing[i] ? null : values[i];
  return out;
}
