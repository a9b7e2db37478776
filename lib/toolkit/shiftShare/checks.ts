/**
 * Checks of a shift-share design against its data: rows without exposure, the shift-share column
 * against Σ shares × shocks when the shocks are given, and the sector clusters.
 */
import { DataError } from "../../errors";
import { isMissing } from "../../design/columns";
import { readShocks, type SparseShares } from "./shareMatrix";

/** Relative tolerance of |X_i − Σ_s w_is A_s| against max(|X_i|, Σ_s |w_is A_s|). */
export const SHIFT_SHARE_TOLERANCE = 1e-8;

/**
 * A row whose shares are all zero has no exposure, so its shift-share value can only be 0. ShiftShareSE
 * keeps such rows (two of ADH's 1,444 commuting-zone periods have them, with IV = 0): they enter the
 * controls and β̂ but no sector term. A non-zero value there means the shares and the column disagree.
 * @param rows positions of the sample rows in the data (for messages)
 * @returns how many rows have all shares zero
 * @throws DataError naming the first such row whose shift-share value is not 0.
 * @example checkUnexposedRows(w, x, "IV", rows) // 2 on the ADH data
 */
export function checkUnexposedRows(w: SparseShares, x: Float64Array, name: string, rows: Int32Array, where = "shiftShareSE"): number {
  let count = 0;
  for (let i = 0; i < w.nrows; i++) {
    if (w.rowStart[i + 1] > w.rowStart[i]) continue;
    count++;
    if (x[i] !== 0) {
      throw new DataError(
        `${where}: all shares are zero in data row ${rows[i] + 1}, yet the shift-share column "${name}" is ${x[i]} there; a region without exposure has a shift-share of 0 — check the share rows' order against the data, or drop the row.`,
      );
    }
  }
  return count;
}

/**
 * When the shocks are given, the shift-share column must be Σ_s w_is·A_s: |X_i − Σ_s w_is A_s| ≤
 * 1e-8 · max(|X_i|, Σ_s |w_is A_s|) in every row. (The standard errors still use the shocks backed
 * out from Ẍ, as ShiftShareSE does; the given shocks only check the column.)
 * @returns the shocks, read
 * @throws DataError for shocks of the wrong length or not numbers, and at the first row that fails.
 * @example checkShocks(w, x, "IV", [0.5, 1], rows) // passes when x = W·[0.5, 1]
 */
export function checkShocks(w: SparseShares, x: Float64Array, name: string, shocks: unknown, rows: Int32Array, where = "shiftShareSE"): Float64Array {
  const values = readShocks(shocks, w.ncols, where);
  for (let i = 0; i < w.nrows; i++) {
    let sum = 0;
    let scale = 0;
    for (let k = w.rowStart[i]; k < w.rowStart[i + 1]; k++) {
      const term = w.rowValues[k] * values[w.rowIndex[k]];
      sum += term;
      scale += Math.abs(term);
    }
    if (Math.abs(x[i] - sum) > SHIFT_SHARE_TOLERANCE * Math.max(Math.abs(x[i]), scale)) {
      // A log of the shift-share (ai_iv = ln(1 + Σ s·g)) is a common case: say so.
      const logged = Math.abs(x[i] - Math.log1p(sum)) <= 1e-6 * Math.max(1, Math.abs(x[i])) ? ` It equals ln(1 + Σ shares × shocks): AKM and BHJ apply to the linear shift-share Σ shares × shocks, not to its log — pass that column (panelShares builds it).` : "";
      throw new DataError(
        `${where}: the shift-share column "${name}" is ${x[i]} in data row ${rows[i] + 1}, but Σ shares × shocks is ${sum} there (tolerance: relative ${SHIFT_SHARE_TOLERANCE}); the column must be built from these shares and shocks, in the same sector order.${logged}`,
      );
    }
  }
  return values;
}

/**
 * Codes (0..G−1) of the sector clusters, one id per sector, as R's `factor(sector_cvar)`.
 * @throws DataError when the vector's length is not the number of sectors or an id is missing.
 * @example sectorClusterCodes([201, 201, 202], 3) // { codes: Int32Array [0, 0, 1], nClusters: 2 }
 */
export function sectorClusterCodes(ids: unknown, nSectors: number, where = "shiftShareSE"): { codes: Int32Array; nClusters: number } {
  const a = ids as ArrayLike<unknown>;
  if (a === null || typeof a !== "object" || typeof a.length !== "number" || typeof ids === "string") {
    throw new DataError(`${where}: sectorCluster must be an array with one cluster id per sector (${nSectors}), got ${typeof ids === "string" ? `"${ids}"` : String(ids)}.`);
  }
  if (a.length !== nSectors) {
    throw new DataError(`${where}: sectorCluster has ${a.length} ids but the share matrix has ${nSectors} sectors; give one cluster id per share column, in the shares' column order.`);
  }
  const index = new Map<string, number>();
  const codes = new Int32Array(nSectors);
  for (let s = 0; s < nSectors; s++) {
    if (isMissing(a[s])) throw new DataError(`${where}: sectorCluster has no id for sector ${s + 1}; every sector needs a cluster.`);
    const key = String(a[s]);
    let code = index.get(key);
    if (code === undefined) index.set(key, (code = index.size));
    codes[s] = code;
  }
  return { codes, nClusters: index.size };
}
