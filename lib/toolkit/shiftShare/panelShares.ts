/**
 * The stacked share matrix of a shift-share panel: the shifts vary by industry and period (US robot
 * stocks by industry-year), the shares by region (2006 employment shares, fixed), so the "sectors" of the
 * AKM and BHJ designs are industry-period pairs (Adão, Kolesár & Morales 2019, §6, stack ADH's two
 * periods this way; Borusyak, Hull & Jaravel 2022, §4.3 and their `ssaggregate`'s long format):
 *
 *   W[(i,t), (j,τ)] = w_ij · 1[τ = t],   g_(j,τ) = g_jτ,   Σ_(j,τ) W[(i,t),(j,τ)] g_(j,τ) = Σ_j w_ij g_jt
 *
 * Row (i,t) has the region's share of industry j in column (j,t) and zero elsewhere; columns are
 * period-major (all industries of the first period, then of the second, …).
 *
 * The natural sector cluster is the industry across periods (`sectorCluster`): an industry's shocks are
 * serially correlated (a trending robot stock), and regions exposed to it in one year are exposed in every
 * year, so treating (j,2010) and (j,2011) as independent shocks overstates the information in the design.
 */
import { DataError, OptionsError } from "../../errors";
import { cellKey, readTable, requireColumn, withColumns, type TableData } from "../tableData";
import { checkOptions } from "../../options";
import { readShares, readShocks, sectorNames } from "./shareMatrix";

/** Arguments of `panelShares`. */
export interface PanelSharesInput<T extends TableData = TableData> {
  /** The panel, one row per region-period (an arquero table, an object of columns or row objects). */
  data: T;
  /** The period column (e.g. "year"). */
  time: string;
  /** One row of K industry shares per data row (for base-year shares, the region's row repeated on each of its periods). */
  shares: ArrayLike<number>[];
  /** Names of the K industries (default "s1" … "sK"). */
  industries?: string[];
  /** The shifts: for each period in the data, K numbers in the industries' order, keyed by the period's value (e.g. `{ 2007: [...], 2008: [...] }`). */
  shocks?: Record<string, ArrayLike<number>>;
  /** With `shocks`: the name of the shift-share column added to `data` (default "shift_share"). */
  column?: string;
}

/** One column of the stacked share matrix. */
export interface PanelSector {
  /** The industry's name. */
  industry: string;
  /** The period, as text. */
  period: string;
}

/** The stacked design: one column per industry-period. */
export interface PanelShares<T extends TableData = TableData> {
  /** n rows × K·P columns, row (i,t) holding w_ij in column (j,t). */
  shares: Float64Array[];
  /** The industry and period of each column, period-major. */
  sectors: PanelSector[];
  /** The industry of each column: `shiftShareSE`'s / `shockLevelIV`'s `sectorCluster` to cluster by industry across periods. */
  sectorCluster: string[];
  /** The periods, sorted (numerically when all are numbers), as text. */
  periods: string[];
  /** With `shocks`: g_(j,t) in column order. */
  shocks?: Float64Array;
  /** With `shocks`: the linear shift-share Σ_j w_ij g_jt of each data row. */
  shiftShare?: Float64Array;
  /** With `shocks`: the data with the shift-share column added (same form as the input). */
  data?: T;
  /** With `shocks`: the name of that column. */
  column?: string;
}

const KNOWN = ["data", "time", "shares", "industries", "shocks", "column"] as const;
const WHERE = "panelShares";

/**
 * Stacks a panel's shares into industry × period sectors (see the module comment), and with the shifts
 * builds the stacked shock vector and the linear shift-share column.
 * @throws OptionsError for an unknown option or industry names of the wrong length; DataError for a missing
 *   period column or value, shares that do not match the data (row count, lengths, non-numbers), or shocks
 *   missing for a period of the data, of the wrong length or not numbers.
 * @example
 * const ps = panelShares({ data: panel, time: "year", shares: rowShares, shocks: { 2007: g07, 2008: g08 } });
 * ps.shares[0].length // 13 industries × 2 periods = 26
 */
export function panelShares<T extends TableData>(input: PanelSharesInput<T>): PanelShares<T> {
  checkOptions(WHERE, input, KNOWN);
  const table = readTable(input.data, WHERE);
  requireColumn(table, input.time, WHERE, "period column");
  const { periods, codes } = periodCodes(table.values(input.time), input.time);
  const w = readShares(input.shares, table.nrows, undefined, WHERE);
  const industries = sectorNames(input.industries, w.ncols, WHERE, "industries");
  const K = w.ncols;
  const stacked = input.shares.map((row, i) => {
    const out = new Float64Array(K * periods.length);
    for (let j = 0; j < K; j++) out[codes[i] * K + j] = row[j];
    return out;
  });
  const sectors = periods.flatMap((period) => industries.map((industry) => ({ industry, period })));
  const base = { shares: stacked, sectors, sectorCluster: sectors.map((s) => s.industry), periods };
  if (input.shocks === undefined) return base;
  const shocks = stackedShocks(input.shocks, periods, K);
  const shiftShare = Float64Array.from(stacked, (row) => row.reduce((sum, v, s) => (v === 0 ? sum : sum + v * shocks[s]), 0));
  const column = input.column ?? "shift_share";
  if (typeof column !== "string" || column === "") throw new OptionsError(`${WHERE}: column must be a non-empty column name, got ${JSON.stringify(column)}.`);
  return { ...base, shocks, shiftShare, data: withColumns(input.data, { [column]: shiftShare }), column };
}

/** The sorted periods (as text) and each row's period index. */
function periodCodes(values: ArrayLike<unknown>, name: string): { periods: string[]; codes: Int32Array } {
  const keys: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const key = cellKey(values[i]);
    if (key === null) throw new DataError(`${WHERE}: the period column "${name}" is missing in data row ${i + 1}; every row needs its period (drop the row from both the data and the shares).`);
    keys.push(key);
  }
  const distinct = [...new Set(keys)];
  const numeric = distinct.every((k) => k.trim() !== "" && Number.isFinite(Number(k)));
  const periods = numeric ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct.sort();
  const index = new Map(periods.map((p, t) => [p, t]));
  return { periods, codes: Int32Array.from(keys, (k) => index.get(k) as number) };
}

/** g_(j,t) in the stacked column order, from one vector of K shifts per period. */
function stackedShocks(shocks: unknown, periods: string[], K: number): Float64Array {
  if (shocks === null || typeof shocks !== "object" || Array.isArray(shocks)) {
    throw new DataError(`${WHERE}: shocks must be an object with one array of ${K} shifts per period, keyed by the period (e.g. { ${periods[0]}: [...] }), got ${Array.isArray(shocks) ? "an array" : String(shocks)}.`);
  }
  const byPeriod = shocks as Record<string, unknown>;
  const out = new Float64Array(K * periods.length);
  periods.forEach((period, t) => {
    if (!(period in byPeriod)) {
      throw new DataError(`${WHERE}: there are no shocks for period ${period}, which is in the data; give ${K} shifts for every period (present: ${Object.keys(byPeriod).join(", ") || "none"}).`);
    }
    out.set(readShocks(byPeriod[period], K, `${WHERE} (period ${period})`), t * K);
  });
  return out;
}
