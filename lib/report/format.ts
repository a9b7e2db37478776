/**
 * Number formatting for publication tables, figures and sentences: fixed decimals, integers and
 * the significance stars of Chinese economics journals.
 */
import { OptionsError } from "../errors";

/**
 * Significance stars as Chinese economics journals print them (and Stata's esttab by default):
 * *** p < 0.01, ** p < 0.05, * p < 0.1. (R's summary uses other cut-offs: 0.001, 0.01, 0.05, 0.1.)
 * @example significanceStars(0.003) // "***"
 * @example significanceStars(0.07) // "*"
 */
export function significanceStars(p: number): string {
  if (!Number.isFinite(p)) return "";
  return p < 0.01 ? "***" : p < 0.05 ? "**" : p < 0.1 ? "*" : "";
}

/**
 * A number with a fixed number of decimals; "" for a missing value (undefined, null, NaN) and
 * "∞"/"−∞" for infinities, so a table never shows "NaN".
 * @example formatFixed(-0.11649, 3) // "-0.116"
 */
export function formatFixed(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || Number.isNaN(x)) return "";
  if (x === Infinity) return "∞";
  if (x === -Infinity) return "−∞";
  return x.toFixed(digits);
}

/**
 * A count (N) as a plain integer without separators.
 * @example formatCount(4879) // "4879"
 */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "";
  return String(Math.round(n));
}

/**
 * Checks a `digits` option: an integer from 0 to 10.
 * @param where the function's name, for the message
 * @returns the digits, unchanged
 * @throws OptionsError for anything else.
 * @example checkDigits(options.digits ?? 3, "buildRegressionTable") // 3
 */
export function checkDigits(digits: number, where: string): number {
  if (!Number.isInteger(digits) || digits < 0 || digits > 10) {
    throw new OptionsError(`${where}: digits must be an integer from 0 to 10, got ${String(digits)}.`);
  }
  return digits;
}

/**
 * A p-value in a table cell: `digits` decimals, or "< 0.001" below 10^−digits, never "0.000".
 * @example formatPValueCell(0.0213) // "0.021"
 * @example formatPValueCell(1e-9) // "< 0.001"
 */
export function formatPValueCell(p: number | null | undefined, digits = 3): string {
  if (p === null || p === undefined || Number.isNaN(p)) return "";
  return p >= 0 && p < 10 ** -digits ? `< ${(10 ** -digits).toFixed(digits)}` : formatFixed(p, digits);
}
