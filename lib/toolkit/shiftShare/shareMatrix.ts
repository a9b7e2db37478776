/**
 * The share matrix W (regions × sectors) of a shift-share design, read once, checked, restricted to
 * the estimation sample and stored sparse: shares are mostly zero (the ADH matrix of ShiftShareSE is
 * 11 % non-zero, and block-diagonal by period), so every product with W runs over its non-zeros only.
 */
import { DataError } from "../../errors";

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

/** Text for one offending share, e.g. `text "0.1"` or `null`. */
function shown(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === "string") return `text "${value}"`;
  if (typeof value === "number") return String(value);
  return `a value of type ${typeof value}`;
}

/** Checks one row of shares: an array-like of the expected length holding finite numbers. */
function checkShareRow(row: unknown, i: number, ncols: number): ArrayLike<number> {
  if (row === null || typeof row !== "object" || typeof (row as ArrayLike<unknown>).length !== "number") {
    throw new DataError(`shiftShareSE: shares[${i}] (data row ${i + 1}) is ${shown(row)}, not an array of sector shares; give one array (or Float64Array) of shares per data row.`);
  }
  const values = row as ArrayLike<unknown>;
  if (values.length !== ncols) {
    throw new DataError(`shiftShareSE: shares[${i}] (data row ${i + 1}) has ${values.length} sector shares but shares[0] has ${ncols}; every row needs one share per sector, in the same sector order.`);
  }
  for (let s = 0; s < ncols; s++) {
    const v = values[s];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new DataError(
        `shiftShareSE: the share of sector ${s + 1} in data row ${i + 1} is ${shown(v)}, not a finite number; shares must be numbers (write 0 for a sector the region does not have, parse text first).`,
      );
    }
  }
  return values as ArrayLike<number>;
}

/**
 * Checks the shares against the data and keeps the rows of the estimation sample, sparse.
 * @param shares one row of sector shares per data row (all rows of the input data)
 * @param nrowsData the number of rows of the data
 * @param rows the rows of the estimation sample (0-based positions in the data)
 * @throws DataError when the row count differs from the data's, a row has another length, or a share is not a finite number.
 * @example readShares([[0.5, 0.5], [1, 0]], 2, Int32Array.of(0, 1)).rowValues // Float64Array [0.5, 0.5, 1]
 */
export function readShares(shares: unknown, nrowsData: number, rows: Int32Array): SparseShares {
  if (!Array.isArray(shares)) {
    throw new DataError(`shiftShareSE: shares must be an array with one row of sector shares per data row, got ${shown(shares)}.`);
  }
  if (shares.length !== nrowsData) {
    throw new DataError(
      `shiftShareSE: the share matrix has ${shares.length} rows but the data has ${nrowsData}; give one row of sector shares per data row, in the data's row order.`,
    );
  }
  if (nrowsData === 0) throw new DataError("shiftShareSE: the share matrix has no rows.");
  const ncols = checkShareRow(shares[0], 0, (shares[0] as ArrayLike<unknown> | null)?.length ?? 0).length;
  if (ncols === 0) throw new DataError("shiftShareSE: shares[0] has no sectors; give one share per sector.");
  const checked = shares.map((row, i) => checkShareRow(row, i, ncols));
  return sparseFromRows(checked, rows, ncols);
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
