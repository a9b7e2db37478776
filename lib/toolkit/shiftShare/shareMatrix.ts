/**
 * The share matrix W (regions × sectors) of a shift-share design, read once (`readShares`, the only
 * reader; `readShocks` reads the shifts), checked, restricted to the estimation sample and stored sparse: shares are mostly zero (the ADH matrix of ShiftShareSE is
 * 11 % non-zero, and block-diagonal by period), so every product with W runs over its non-zeros only.
 */
import { DataError, OptionsError } from "../../errors";

/** W in compressed sparse row and column form (the same non-zeros twice). */
export interface SparseShares {
  /** Rows (regions of the estimation sample). */
  nrows: number;
  /** Columns (sectors), as given. */
  ncols: number;
  /** Row i's non-zeros are rowIndex[rowStart[i]..rowStart[i+1]) with values rowValues, columns ascending. */
  rowStart: Int32Array;
  rowIndex: Int32Array;
  rowValues: Float64Array;
  /** Column s's non-zeros are colIndex[colStart[s]..colStart[s+1]) with values colValues, rows ascending. */
  colStart: Int32Array;
  colIndex: Int32Array;
  colValues: Float64Array;
}

/** How a bad cell is shown in a message, e.g. `text "0.1"`, `null`, `NaN`. */
function shown(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "missing (undefined)";
  if (typeof value === "string") return `text ${JSON.stringify(value)}`;
  if (typeof value === "number") return String(value);
  return `a value of type ${typeof value}`;
}

/** Whether `v` is an array or a typed array (anything with a numeric length and index access). */
function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/** Checks one row of shares: an array-like of the expected length holding finite numbers. */
function checkShareRow(row: unknown, i: number, ncols: number, where: string): ArrayLike<number> {
  if (!isArrayLike(row)) {
    throw new DataError(`${where}: shares row ${i + 1} (data row ${i + 1}) is ${shown(row)}, not an array of sector shares; give one array (or Float64Array) of shares per data row.`);
  }
  if (row.length !== ncols) {
    throw new DataError(`${where}: shares row ${i + 1} (data row ${i + 1}) has ${row.length} shares, but row 1 has ${ncols}; every row needs one share per sector, in the same sector order.`);
  }
  for (let s = 0; s < ncols; s++) {
    const v = row[s];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new DataError(
        `${where}: the share of sector ${s + 1} in data row ${i + 1} is ${shown(v)}, not a finite number; shares must be numbers (write 0 for a sector the region does not have, parse text first).`,
      );
    }
  }
  return row as ArrayLike<number>;
}

/**
 * The one reader of a shift-share design's shares: checks them against the data and keeps the rows of
 * the estimation sample, sparse. Nothing is parsed or guessed: a share that is not a finite number is an
 * error naming its row and sector, because a share stored as text or left missing means the cleaning step
 * was skipped. Rows whose shares are all zero are allowed (ShiftShareSE, bartik.weight and Stata's
 * bartik_weight accept them); `zeroRows` lists them.
 * @param shares one row of sector shares per data row (all rows of the input data)
 * @param nrowsData the number of rows of the data
 * @param rows the rows of the estimation sample (0-based positions in the data); default all
 * @param where the public function's name, for the messages
 * @throws DataError when the row count differs from the data's, a row has another length, or a share is not a finite number.
 * @example readShares([[0.5, 0.5], [1, 0]], 2).rowValues // Float64Array [0.5, 0.5, 1]
 */
export function readShares(shares: unknown, nrowsData: number, rows?: Int32Array, where = "shiftShareSE"): SparseShares {
  if (!Array.isArray(shares)) {
    throw new DataError(`${where}: shares must be an array with one row of sector shares per data row (ArrayLike<number>[]), got ${shown(shares)}.`);
  }
  if (shares.length !== nrowsData) {
    throw new DataError(`${where}: the share matrix has ${shares.length} rows but the data has ${nrowsData}; give one row of sector shares per data row, in the data's row order.`);
  }
  if (nrowsData === 0) throw new DataError(`${where}: the share matrix has no rows.`);
  const first = shares[0] as unknown;
  const ncols = isArrayLike(first) ? first.length : 0;
  if (isArrayLike(first) && ncols === 0) throw new DataError(`${where}: shares row 1 has no sectors; give one share per sector.`);
  const checked = shares.map((row, i) => checkShareRow(row, i, ncols, where));
  return sparseFromRows(checked, rows ?? Int32Array.from({ length: nrowsData }, (_, i) => i), ncols);
}

/** Sample rows (0-based, in the sample) whose shares are all zero. */
export function zeroShareRows(w: SparseShares): number[] {
  const out: number[] = [];
  for (let i = 0; i < w.nrows; i++) if (w.rowStart[i + 1] === w.rowStart[i]) out.push(i);
  return out;
}

/**
 * Reads one shock (shift) per sector.
 * @throws DataError when `shocks` is not an array of K finite numbers.
 * @example readShocks([0.1, -0.3], 2, "rotembergWeights") // Float64Array [0.1, -0.3]
 */
export function readShocks(shocks: unknown, nsectors: number, where: string): Float64Array {
  if (!isArrayLike(shocks)) {
    throw new DataError(`${where}: shocks must be an array with one number per sector (${nsectors} sectors), got ${shown(shocks)}.`);
  }
  if (shocks.length !== nsectors) {
    throw new DataError(`${where}: there are ${shocks.length} shocks but ${nsectors} share columns; give one shock per sector, in the shares' column order.`);
  }
  const out = new Float64Array(nsectors);
  for (let s = 0; s < nsectors; s++) {
    const v = shocks[s];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new DataError(`${where}: the shock of sector ${s + 1} is ${shown(v)}; every shock must be a finite number.`);
    }
    out[s] = v;
  }
  return out;
}

/** CSR then CSC of the sample rows' non-zeros. */
function sparseFromRows(checked: ArrayLike<number>[], rows: Int32Array, ncols: number): SparseShares {
  const nrows = rows.length;
  const rowStart = new Int32Array(nrows + 1);
  let nnz = 0;
  for (let r = 0; r < nrows; r++) {
    const row = checked[rows[r]];
    for (let s = 0; s < ncols; s++) if (row[s] !== 0) nnz++;
    rowStart[r + 1] = nnz;
  }
  const rowIndex = new Int32Array(nnz);
  const rowValues = new Float64Array(nnz);
  const colCount = new Int32Array(ncols + 1);
  for (let r = 0, k = 0; r < nrows; r++) {
    const row = checked[rows[r]];
    for (let s = 0; s < ncols; s++) {
      if (row[s] === 0) continue;
      rowIndex[k] = s;
      rowValues[k++] = row[s];
      colCount[s + 1]++;
    }
  }
  const colStart = new Int32Array(ncols + 1);
  for (let s = 0; s < ncols; s++) colStart[s + 1] = colStart[s] + colCount[s + 1];
  const fill = colStart.slice(0, ncols);
  const colIndex = new Int32Array(nnz);
  const colValues = new Float64Array(nnz);
  for (let r = 0; r < nrows; r++) {
    for (let k = rowStart[r]; k < rowStart[r + 1]; k++) {
      const at = fill[rowIndex[k]]++;
      colIndex[at] = r;
      colValues[at] = rowValues[k];
    }
  }
  return { nrows, ncols, rowStart, rowIndex, rowValues, colStart, colIndex, colValues };
}

/** out_s = Σ_i W_is · v_i (W′v), over the columns `columns` (default all), in their order. */
export function sharesTransposeTimes(w: SparseShares, v: Float64Array, columns?: Int32Array): Float64Array {
  const cols = columns ?? Int32Array.from({ length: w.ncols }, (_, s) => s);
  const out = new Float64Array(cols.length);
  for (let m = 0; m < cols.length; m++) {
    const s = cols[m];
    let sum = 0;
    for (let k = w.colStart[s]; k < w.colStart[s + 1]; k++) sum += w.colValues[k] * v[w.colIndex[k]];
    out[m] = sum;
  }
  return out;
}

/** out_i = Σ_m W_i,columns[m] · c_m (W c over a subset of columns). */
export function sharesTimes(w: SparseShares, c: Float64Array, columns: Int32Array): Float64Array {
  const out = new Float64Array(w.nrows);
  for (let m = 0; m < columns.length; m++) {
    const s = columns[m];
    const cm = c[m];
    if (cm === 0) continue;
    for (let k = w.colStart[s]; k < w.colStart[s + 1]; k++) out[w.colIndex[k]] += w.colValues[k] * cm;
  }
  return out;
}

/**
 * The upper triangle (a ≤ b) of the Gram matrix G = W′ΩW (Ω = diag(weights), or I), dense p × p
 * row-major, from the rows' non-zeros: Σ_i over pairs of a row's non-zeros, so the cost is Σ_i nnz_i²/2,
 * not N·p²/2. The lower triangle is left at zero (the factorisation reads only the upper one).
 * @hotLoop one pass over the pairs of each row's non-zeros; a call per pair would double its time.
 */
export function sharesGram(w: SparseShares, weights?: Float64Array): Float64Array {
  const p = w.ncols;
  const g = new Float64Array(p * p);
  const { rowStart, rowIndex, rowValues } = w;
  for (let r = 0; r < w.nrows; r++) {
    const wr = weights ? weights[r] : 1;
    const end = rowStart[r + 1];
    for (let a = rowStart[r]; a < end; a++) {
      const va = rowValues[a] * wr;
      const base = rowIndex[a] * p;
      for (let b = a; b < end; b++) g[base + rowIndex[b]] += va * rowValues[b];
    }
  }
  return g;
}

/**
 * Names of the share columns as given (one per column, as text), or "s1" … "sK".
 * @param option the option's name, for the message (e.g. "sectors", "industries")
 * @throws OptionsError when `names` is not an array of K names.
 * @example sectorNames(undefined, 2, "rotembergWeights", "sectors") // ["s1", "s2"]
 */
export function sectorNames(names: unknown, k: number, where: string, option: string): string[] {
  if (names === undefined) return Array.from({ length: k }, (_, s) => `s${s + 1}`);
  if (!Array.isArray(names) || names.length !== k) {
    throw new OptionsError(`${where}: ${option} must name each of the ${k} share columns (an array of ${k} strings), got ${Array.isArray(names) ? `${names.length} names` : JSON.stringify(names)}.`);
  }
  return names.map(String);
}
