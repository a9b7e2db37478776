/**
 * Reading a shift-share design's share matrix and shocks: one row of sector shares per data row
 * (`ArrayLike<number>[]`, as design §3a pins it) turned into sector columns, and one shock per sector.
 * Nothing is parsed or guessed: a share that is not a finite number is an error naming its row and
 * sector, because a share stored as text or left missing means the cleaning step was skipped.
 */
import { DataError } from "../../errors";

/** The share matrix W (n rows × K sectors), stored by sector: column k is `columns.subarray(k·n, (k+1)·n)`. */
export interface ShareColumns {
  /** Number of rows (regions, or region-periods). */
  nrows: number;
  /** Number of sectors (share columns). */
  nsectors: number;
  /** Column-major values, length nrows · nsectors. */
  columns: Float64Array;
  /** 0-based rows whose shares are all zero. */
  zeroRows: number[];
}

/** How a bad cell is shown in a message. */
function shown(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "missing (undefined)";
  if (typeof value === "string") return `text ${JSON.stringify(value)}`;
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : String(value);
  return `a value of type ${typeof value}`;
}

/** Whether `v` is an array or a typed array of numbers (anything with a numeric length and index access). */
function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || ArrayBuffer.isView(v);
}

/**
 * Reads `shares` (one row of K sector shares per data row) into sector columns and checks it.
 *
 *   W = [w_is],  i = 1…n data rows,  s = 1…K sectors;  row i of `shares` is (w_i1, …, w_iK)
 *
 * Rows whose shares are all zero are allowed (R's bartik.weight and Stata's bartik_weight accept them;
 * their Bartik instrument is 0) and listed in `zeroRows` so the caller can report them.
 * @param where the public function's name, for the messages
 * @throws DataError when `shares` is not an array of rows, its row count differs from `nrows`, the
 *   rows differ in length, a share is not a finite number, or there is no sector.
 * @example readShareColumns([[0.2, 0.8], [0.5, 0.5]], 2, "rotembergWeights").nsectors // 2
 */
export function readShareColumns(shares: unknown, nrows: number, where: string): ShareColumns {
  if (!Array.isArray(shares)) {
    throw new DataError(`${where}: shares must be an array with one row of sector shares per data row (ArrayLike<number>[]), got ${shares === null ? "null" : typeof shares}.`);
  }
  if (shares.length !== nrows) {
    throw new DataError(`${where}: the share matrix has ${shares.length} rows but the data has ${nrows}; give one row of sector shares per data row, in the data's row order.`);
  }
  const first = shares[0] as unknown;
  if (!isArrayLike(first) || first.length === 0) {
    throw new DataError(`${where}: shares row 1 is ${isArrayLike(first) ? "empty" : shown(first)}; each row must be an array of the region's sector shares.`);
  }
  const k = first.length;
  const columns = new Float64Array(nrows * k);
  const zeroRows: number[] = [];
  for (let i = 0; i < nrows; i++) {
    const row = shares[i] as unknown;
    if (!isArrayLike(row) || row.length !== k) {
      const what = isArrayLike(row) ? `has ${row.length} shares` : `is ${shown(row)}`;
      throw new DataError(`${where}: shares row ${i + 1} ${what}, but row 1 has ${k}; every row needs one share per sector, in the same sector order.`);
    }
    let any = false;
    for (let s = 0; s < k; s++) {
      const v = row[s];
      if (typeof v !== "number" || v - v !== 0) {
        throw new DataError(`${where}: the share of sector ${s + 1} in row ${i + 1} is ${shown(v)}; every share must be a finite number (write 0 for a sector the region does not have).`);
      }
      columns[s * nrows + i] = v;
      if (v !== 0) any = true;
    }
    if (!any) zeroRows.push(i);
  }
  return { nrows, nsectors: k, columns, zeroRows };
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
    if (typeof v !== "number" || v - v !== 0) {
      throw new DataError(`${where}: the shock of sector ${s + 1} is ${shown(v)}; every shock must be a finite number.`);
    }
    out[s] = v;
  }
  return out;
}
