/** Number formatting shared by the plain-text summaries. */
import { checkOptions } from "../options";

/** Significance stars with R's cut-offs: *** 0.001, ** 0.01, * 0.05, . 0.1. */
export function stars(p: number): string {
  return p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : p < 0.1 ? "." : "";
}

/** Six significant digits, switching to exponent notation for very large or small magnitudes. */
export function formatNumber(x: number, digits = 6): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e7)) return x.toExponential(digits - 2);
  return Number(x.toPrecision(digits)).toString();
}

/** p-values as R prints them: "< 2.2e-16" at the floor, otherwise 4 significant digits. */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return String(p);
  if (p < 2.2e-16) return "< 2.2e-16";
  return p < 1e-4 ? p.toExponential(2) : Number(p.toPrecision(4)).toString();
}

/** Lays out rows of cells as a text table, the first column left-aligned, the rest right-aligned. */
export function textTable(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, j) => (widths[j] = Math.max(widths[j] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join("  ").trimEnd()).join("\n");
}

/** Options of `formatPValue` and `pValueText`. */
export interface PValueFormatOptions {
  /** Decimals shown (default 3); a p-value below 10^−digits prints as "< 0.001". */
  digits?: number;
  /**
   * The number of draws B of a resampling test (permutation, placebo, bootstrap): its smallest possible
   * p-value is 1/(B + 1), which prints as "≤ 0.002" (B = 499), never as a bare 0.002 or 0.000.
   */
  draws?: number;
}

/** The keys of PValueFormatOptions, for the options check. */
const P_VALUE_FORMAT_OPTION_KEYS = ["digits", "draws"] as const satisfies readonly (keyof PValueFormatOptions)[];

/**
 * A p-value for a sentence or a table, with its comparison sign: "= 0.021", "< 0.001" below the
 * display floor 10^−digits, "≤ 0.002" at a resampling test's floor 1/(B + 1) (Phipson & Smyth 2010:
 * a permutation p-value counts the observed statistic, so it is never 0). Never "0.000".
 * @example formatPValue(0.0213) // "= 0.021"
 * @example formatPValue(2e-7) // "< 0.001"
 * @example formatPValue(1 / 500, { draws: 499 }) // "≤ 0.002"
 */
export function formatPValue(p: number, options: PValueFormatOptions = {}): string {
  checkOptions("formatPValue", options, P_VALUE_FORMAT_OPTION_KEYS);
  const digits = options.digits ?? 3;
  if (!Number.isFinite(p)) return "= NA";
  const floor = 10 ** -digits;
  if (options.draws !== undefined && p <= 1 / (options.draws + 1) + 1e-12) {
    const atFloor = 1 / (options.draws + 1);
    return atFloor < floor ? `< ${floor.toFixed(digits)}` : `≤ ${roundUp(atFloor, digits)}`;
  }
  if (p < floor) return `< ${floor.toFixed(digits)}`;
  return `= ${p.toFixed(digits)}`;
}

/**
 * "p = 0.021", "p < 0.001" or "p ≤ 0.002": `formatPValue` after the letter p.
 * @example pValueText(0.0213) // "p = 0.021"
 */
export function pValueText(p: number, options: PValueFormatOptions = {}): string {
  return `p ${formatPValue(p, options)}`;
}

/** x rounded up to `digits` decimals, so that "≤ x" stays true. */
function roundUp(x: number, digits: number): string {
  const scale = 10 ** digits;
  return (Math.ceil(x * scale - 1e-9) / scale).toFixed(digits);
}
