/**
 * National price and exchange-rate series, 2000–2023 (these are the real orders of magnitude, rounded;
 * the simulated files use them as published facts, not as draws).
 *
 * - GDP deflator, 2007 = 100, chained from annual growth of China's implicit GDP deflator (NBS, China
 *   Statistical Yearbook, table 3-5 "Indices of GDP" against nominal GDP), rounded to 2 decimals.
 * - CNY per USD, annual average central parity (NBS / SAFE), 4 decimals.
 */
import { FIRST_RAW_YEAR } from "./params";

/** Annual growth of the GDP deflator (%), 2001–2023. */
const DEFLATOR_GROWTH: readonly number[] = [
  2.1, 0.6, 2.6, 6.9, 3.9, 3.9, 7.7, 7.8, -0.2, 6.9, 8.1, 2.4, 2.2, 0.8, 0.1, 1.4, 4.2, 3.5, 1.3, 0.5, 4.6, 2.2, -0.5,
];

/** Yuan per US dollar, annual averages 2000–2023. */
const CNY_PER_USD: readonly number[] = [
  8.2784, 8.277, 8.277, 8.277, 8.2768, 8.1917, 7.9718, 7.604, 6.9451, 6.831, 6.7695, 6.4588, 6.3125, 6.1932,
  6.1428, 6.2284, 6.6423, 6.7518, 6.6174, 6.8985, 6.8976, 6.4515, 6.7261, 7.0467,
];

/** One year's deflator (2007 = 100) and exchange rate. */
export interface PriceYear {
  /** The calendar year. */
  year: number;
  /** GDP deflator, 2007 = 100. */
  deflator: number;
  /** Yuan per US dollar, annual average. */
  xr: number;
}

function build(): PriceYear[] {
  const idx: number[] = [1];
  for (const g of DEFLATOR_GROWTH) idx.push(idx[idx.length - 1] * (1 + g / 100));
  const base = idx[2007 - FIRST_RAW_YEAR];
  return idx.map((v, t) => ({
    year: FIRST_RAW_YEAR + t,
    deflator: Math.round((v / base) * 100 * 100) / 100,
    xr: CNY_PER_USD[t],
  }));
}

/** Prices by raw-year index t = year − 2000. */
export const CN_PRICES: readonly PriceYear[] = build();
