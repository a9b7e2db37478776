/**
 * Small helpers the toolkit shares: quoting a column name for a formula, and copying the columns a
 * model needs, restricted to chosen rows, into a plain object of columns (the data form every
 * estimator accepts). The cells are copied as they are, so numbers stay numbers and labels labels.
 */
import type { Cell, DataColumns } from "../design/input";
import { DataError } from "../errors";
import { unknownNameHint } from "../names";

/** A column name as a formula token: bare when it is a plain name, otherwise in backticks. */
export function quoteName(name: string): string {
  if (name.includes("`")) throw new DataError(`The column name ${JSON.stringify(name)} contains a backtick; rename the column.`);
  return /^[A-Za-z_.][A-Za-z0-9_.]*$/.test(name) ? name : `\`${name}\``;
}

/** Throws a DataError naming the column (and the closest spellings) when `name` is not in the data. */
export function requireColumn(data: DataColumns, name: string, role: string): void {
  if (typeof name !== "string" || name.length === 0) throw new DataError(`The ${role} must be a column name, got ${JSON.stringify(name)}.`);
  if (!data.has(name)) {
    const known = data.names();
    const hint = `${unknownNameHint(name, known, "Available columns")}`;
    throw new DataError(`The ${role} "${name}" is not a column of the data. ${hint}`);
  }
}

/** The named columns on the listed rows, as an object of arrays. */
export function pickRows(data: DataColumns, names: Iterable<string>, rows: ArrayLike<number>): Record<string, Cell[]> {
  const out: Record<string, Cell[]> = {};
  for (const name of names) {
    if (name in out) continue;
    const values = data.values(name);
    const picked = new Array<Cell>(rows.length);
    for (let k = 0; k < rows.length; k++) picked[k] = values[rows[k]] as Cell;
    out[name] = picked;
  }
  return out;
}
