import { DataError } from "../errors";

/** A cell as it may arrive from any of the accepted data forms. */
export type Cell = number | string | boolean | null | undefined | bigint | Date;

/** The minimal face of an arquero table that the kit reads. */
export interface ArqueroLike {
  /** The number of rows. */
  numRows(): number;
  /** The column names, in order. */
  columnNames(): string[];
  /** One column's values as an array. */
  array(name: string): ArrayLike<unknown>;
}

/**
 * The data forms `feols` accepts (design §3): an arquero table, an object of
 * equal-length columns, or an array of row objects.
 */
export type DataInput =
  | ArqueroLike
  | Record<string, ArrayLike<Cell> | ArrayLike<number>>
  | ReadonlyArray<Record<string, unknown>>;

/** Column access over any accepted data form. */
export interface DataColumns {
  readonly nrows: number;
  has(name: string): boolean;
  names(): string[];
  /** The column's cells in row order (not copied when the source already holds an array). */
  values(name: string): ArrayLike<unknown>;
}

function isArqueroLike(data: unknown): data is ArqueroLike {
  const d = data as Partial<ArqueroLike> | null;
  return !!d && typeof d.numRows === "function" && typeof d.columnNames === "function" && typeof d.array === "function";
}

function fromArquero(table: ArqueroLike): DataColumns {
  const names = table.columnNames();
  const known = new Set(names);
  return {
    nrows: table.numRows(),
    has: (name) => known.has(name),
    names: () => names.slice(),
    values: (name) => table.array(name),
  };
}

function fromRows(rows: ReadonlyArray<Record<string, unknown>>): DataColumns {
  const cache = new Map<string, unknown[]>();
  let known: Set<string> | undefined;
  const allNames = (): Set<string> => {
    if (!known) {
      known = new Set();
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        if (row === null || typeof row !== "object") {
          throw new DataError(`Row ${i + 1} of the data is ${row === null ? "null" : typeof row}, not an object of named values.`);
        }
        for (const key of Object.keys(row)) known.add(key);
      }
    }
    return known;
  };
  return {
    nrows: rows.length,
    has: (name) => allNames().has(name),
    names: () => Array.from(allNames()),
    values: (name) => {
      let column = cache.get(name);
      if (!column) {
        column = rows.map((row) => row[name]);
        cache.set(name, column);
      }
      return column;
    },
  };
}

function isArrayLikeColumn(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || ArrayBuffer.isView(value);
}

function fromColumns(columns: Record<string, unknown>): DataColumns {
  const names = Object.keys(columns);
  let nrows = -1;
  let first = "";
  for (const name of names) {
    const column = columns[name];
    if (!isArrayLikeColumn(column)) {
      throw new DataError(`Column "${name}" is ${column === null ? "null" : typeof column}, not an array; pass every column as an array of the same length.`);
    }
    if (nrows < 0) {
      nrows = column.length;
      first = name;
    } else if (column.length !== nrows) {
      throw new DataError(
        `Columns have unequal lengths: "${first}" has ${nrows} rows but "${name}" has ${column.length}; every column must have one value per row.`,
      );
    }
  }
  const known = new Set(names);
  return {
    nrows: Math.max(nrows, 0),
    has: (name) => known.has(name),
    names: () => names.slice(),
    values: (name) => columns[name] as ArrayLike<unknown>,
  };
}

/**
 * Wraps any accepted data form in one column-access interface.
 * @throws DataError for anything else, or for columns of unequal length.
 */
export function toDataColumns(data: unknown): DataColumns {
  if (isArqueroLike(data)) return fromArquero(data);
  if (Array.isArray(data)) return fromRows(data as ReadonlyArray<Record<string, unknown>>);
  if (data !== null && typeof data === "object") return fromColumns(data as Record<string, unknown>);
  throw new DataError(
    `The data must be an arquero table, an object of equal-length columns or an array of row objects, got ${data === null ? "null" : typeof data}.`,
  );
}
