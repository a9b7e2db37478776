import { DataError } from "../errors";
import type { DataColumns } from "./input";

/** A cell counts as missing when it is null, undefined, NaN or the empty string. */
export function isMissing(value: unknown): boolean {
  return value === null || value === undefined || value === "" || (typeof value === "number" && Number.isNaN(value));
}

/**
 * Reads a column as numbers, with NaN marking a missing cell.
 * Booleans count as 0/1. Text is never parsed: "1,234" is an error, because a
 * number stored as text means the cleaning step was skipped.
 * @throws DataError naming the column and the first bad row (1-based).
 */
export function numericColumn(data: DataColumns, name: string, role: string): Float64Array {
  const source = data.values(name);
  const n = data.nrows;
  const out = new Float64Array(n);
  if (source instanceof Float64Array) {
    out.set(source);
  } else {
    for (let i = 0; i < n; i++) {
      const value = source[i];
      if (typeof value === "number") out[i] = value;
      else if (isMissing(value)) out[i] = NaN;
      else if (typeof value === "boolean") out[i] = value ? 1 : 0;
      else if (typeof value === "bigint") out[i] = Number(value);
      else {
        const shown = typeof value === "string" ? `text "${value}"` : `a value of type ${typeof value}`;
        const hint =
          typeof value === "string" && /^[\s\d.,+-]+$/.test(value)
            ? "parse it to a number first (remove thousands separators)"
            : "convert the column to numbers, or use it as a fixed effect";
        throw new DataError(`Column "${name}" (${role}) has ${shown} in row ${i + 1}; ${hint}.`);
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const value = out[i];
    if (value === Infinity || value === -Infinity) {
      throw new DataError(`Column "${name}" (${role}) has an infinite value in row ${i + 1}; replace it with null to drop the row, or fix the value.`);
    }
  }
  return out;
}

/** A categorical column: integer codes per row (−1 for missing) and the sorted level labels. */
export interface FactorColumn {
  codes: Int32Array;
  levels: string[];
}

/**
 * Reads a column as a factor (fixed effect, cluster, or the factor of `i()`).
 * Levels are sorted numerically when every value is a number, otherwise as text,
 * so the first level (the reference of `i()`) is what R would choose.
 */
export function factorColumn(data: DataColumns, name: string): FactorColumn {
  const source = data.values(name);
  const n = data.nrows;
  const index = new Map<string, number>();
  const numericKey = new Map<string, number>();
  const raw = new Int32Array(n);
  let allNumeric = true;
  for (let i = 0; i < n; i++) {
    const value = source[i];
    if (isMissing(value)) {
      raw[i] = -1;
      continue;
    }
    const key = value instanceof Date ? value.toISOString() : String(value);
    let code = index.get(key);
    if (code === undefined) {
      code = index.size;
      index.set(key, code);
      if (typeof value === "number") numericKey.set(key, value);
      else allNumeric = false;
    }
    raw[i] = code;
  }
  const labels = Array.from(index.keys());
  const order = labels.map((_, k) => k);
  if (allNumeric) order.sort((a, b) => (numericKey.get(labels[a]) as number) - (numericKey.get(labels[b]) as number));
  else order.sort((a, b) => (labels[a] < labels[b] ? -1 : labels[a] > labels[b] ? 1 : 0));
  const rank = new Int32Array(labels.length);
  order.forEach((k, r) => (rank[k] = r));
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = raw[i] < 0 ? -1 : rank[raw[i]];
  return { codes, levels: order.map((k) => labels[k]) };
}
