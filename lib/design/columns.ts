import { DataError } from "../errors";
import { freshCodes, type AllocateCodes } from "../linalg/workBuffers";
import type { DataColumns } from "./input";

/** A cell counts as missing when it is null, undefined, NaN or the empty string. */
export function isMissing(value: unknown): boolean {
  return value === null || value === undefined || value === "" || (typeof value === "number" && Number.isNaN(value));
}

/**
 * Reads a column as numbers, with NaN marking a missing cell. The result is read-only: a
 * Float64Array column is returned as it is, not copied.
 * Booleans count as 0/1. Text is never parsed: "1,234" is an error, because a
 * number stored as text means the cleaning step was skipped.
 * When `keep` is given, rows with a missing value get keep[i] = 0 in the same pass.
 * @throws DataError naming the column and the first bad row (1-based).
 */
export function numericColumn(data: DataColumns, name: string, role: string, keep?: Uint8Array): Float64Array {
  const source = data.values(name);
  const n = data.nrows;
  if (source instanceof Float64Array) {
    // Already numbers: check without copying (callers only read the result).
    checkFinite(source, n, name, role, keep);
    return source;
  }
  const out = new Float64Array(n);
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
  checkFinite(out, n, name, role, keep);
  return out;
}

/** Throws on ±Infinity; marks NaN (missing) rows in `keep` when given. One pass: x − x is 0 only for a finite x. */
function checkFinite(values: Float64Array, n: number, name: string, role: string, keep: Uint8Array | undefined): void {
  for (let i = 0; i < n; i++) {
    const value = values[i];
    if (value - value === 0) continue;
    if (value !== value) {
      if (keep) keep[i] = 0;
      continue;
    }
    throw new DataError(`Column "${name}" (${role}) has an infinite value in row ${i + 1}; replace it with null to drop the row, or fix the value.`);
  }
}

/** A categorical column: integer codes per row (−1 for missing) and the sorted level labels. */
export interface FactorColumn {
  codes: Int32Array;
  levels: string[];
  /** The number of levels: codes are 0 … nLevels − 1. */
  nLevels: number;
  /** Whether some row is missing (code −1). */
  missing: boolean;
}

/**
 * Reads a column as a factor (fixed effect, cluster, or the factor of `i()`).
 * Levels are sorted numerically when every value is a number, otherwise as text,
 * so the first level (the reference of `i()`) is what R would choose. The codes come from
 * `allocateCodes` (pooled work arrays when the caller keeps nothing; see linalg/workBuffers).
 */
export function factorColumn(data: DataColumns, name: string, allocateCodes: AllocateCodes = freshCodes): FactorColumn {
  const source = data.values(name);
  const n = data.nrows;
  const fast = integerFactor(source, n, allocateCodes);
  if (fast) return fast;
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
  const codes = allocateCodes(n);
  let missing = false;
  for (let i = 0; i < n; i++) {
    if (raw[i] < 0) {
      codes[i] = -1;
      missing = true;
    } else codes[i] = rank[raw[i]];
  }
  return { codes, levels: order.map((k) => labels[k]), nLevels: labels.length, missing };
}

/**
 * The common case of `factorColumn` without string keys: every cell a number (or null, undefined,
 * NaN) and the non-missing ones integers spanning a compact range, such as ids, years or codes.
 * A lookup table over [min, max] then gives each level its rank, which is its numeric order — the
 * same codes and labels as the general path, in two passes over the rows.
 * Returns undefined (use the general path) for anything else. Typed arrays get their own loops,
 * so that each loop sees one kind of array.
 */
function integerFactor(source: ArrayLike<unknown>, n: number, allocateCodes: AllocateCodes): FactorColumn | undefined {
  if (source instanceof Int32Array) return int32Factor(source, n, allocateCodes);
  if (source instanceof Float64Array) return float64Factor(source, n, allocateCodes);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const value = source[i];
    if (typeof value !== "number") {
      if (value === null || value === undefined) continue;
      return undefined;
    }
    if (value !== value) continue; // NaN: missing
    if (!Number.isInteger(value)) return undefined;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (!compactRange(min, max, n)) return undefined;
  const codes = allocateCodes(n);
  const present = new Int32Array(max - min + 1);
  let missing = false;
  for (let i = 0; i < n; i++) {
    const value = source[i] as number | null | undefined;
    if (typeof value === "number" && value === value) {
      const offset = value - min;
      codes[i] = offset;
      present[offset] = 1;
    } else {
      codes[i] = -1;
      missing = true;
    }
  }
  return rankLevels(codes, present, min, missing);
}

function int32Factor(source: Int32Array, n: number, allocateCodes: AllocateCodes): FactorColumn | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const value = source[i];
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (!compactRange(min, max, n)) return undefined;
  const codes = allocateCodes(n);
  const present = new Int32Array(max - min + 1);
  for (let i = 0; i < n; i++) {
    const offset = source[i] - min;
    codes[i] = offset;
    present[offset] = 1;
  }
  return rankLevels(codes, present, min, false);
}

function float64Factor(source: Float64Array, n: number, allocateCodes: AllocateCodes): FactorColumn | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const value = source[i];
    if (value !== value) continue; // NaN: missing
    if (!Number.isInteger(value)) return undefined;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (!compactRange(min, max, n)) return undefined;
  const codes = allocateCodes(n);
  const present = new Int32Array(max - min + 1);
  let missing = false;
  for (let i = 0; i < n; i++) {
    const value = source[i];
    if (value === value) {
      const offset = value - min;
      codes[i] = offset;
      present[offset] = 1;
    } else {
      codes[i] = -1;
      missing = true;
    }
  }
  return rankLevels(codes, present, min, missing);
}

/** Whether [min, max] is small enough for a lookup table (and not empty). */
function compactRange(min: number, max: number, n: number): boolean {
  if (!(max >= min)) return false;
  const range = max - min + 1;
  return range <= Math.max(1024, 4 * n) && range <= 1 << 28;
}

/**
 * From offsets (value − min, −1 for missing) and the offsets present, the dense ranks and their
 * labels. When every value in [min, max] occurs (ids 1…n, years) the offsets are the ranks already.
 */
function rankLevels(codes: Int32Array, present: Int32Array, min: number, missing: boolean): FactorColumn {
  const rank = present;
  let count = 0;
  for (let k = 0; k < rank.length; k++) rank[k] = rank[k] === 1 ? count++ : -1;
  if (count < rank.length) for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) codes[i] = rank[codes[i]];
  // The labels are made when first read: a fixed effect needs only the codes.
  let levels: string[] | undefined;
  return {
    codes,
    nLevels: count,
    missing,
    get levels(): string[] {
      if (!levels) {
        levels = [];
        for (let k = 0; k < rank.length; k++) if (rank[k] >= 0) levels.push(String(min + k));
      }
      return levels;
    },
  };
}
