/**
 * The standard normal distribution: CDF, two-sided tail and quantile, through the complementary
 * error function and its inverse of the stdlib project (double precision far into the tails).
 *
 *   Φ(x) = ½ · erfc(−x/√2),   P(|Z| > z) = erfc(|z|/√2),   Φ⁻¹(p) = −√2 · erfcinv(2p)
 *
 * Tails are computed directly, never as 1 − Φ, which would lose every digit of a small p-value.
 */
import { OptionsError } from "../errors";
import erfc from "@stdlib/math-base-special-erfc";
import erfcinv from "@stdlib/math-base-special-erfcinv";

/** Φ(x) = P(Z ≤ x). @example normalCdf(1.959963984540054) // 0.975 */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Two-sided p-value of a z statistic, P(|Z| ≥ |z|). @example normalTwoSidedP(1.96) // ≈ 0.04999579 */
export function normalTwoSidedP(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return erfc(Math.abs(z) / Math.SQRT2);
}

/**
 * The p-quantile of the standard normal, Φ⁻¹(p); −∞ at 0 and +∞ at 1.
 * @example normalQuantile(0.975) // 1.959963984540054
 * @throws RangeError outside [0, 1].
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p)) return NaN;
  if (p < 0 || p > 1) throw new OptionsError(`normalQuantile: p must lie in [0, 1], got ${p}.`);
  const q = -Math.SQRT2 * erfcinv(2 * p);
  return q === 0 ? 0 : q; // not −0 at the median
}
