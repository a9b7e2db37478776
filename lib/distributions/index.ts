/**
 * Tail probabilities and quantiles of the t, F and χ² distributions, through the regularised
 * incomplete beta and gamma functions of the stdlib project (accurate to a few ulps far into
 * the tails, unlike continued fractions that stop near 1e-7). Upper tails are computed
 * directly, never as 1 − CDF, which would lose every digit of a small p-value.
 */
import betainc from "@stdlib/math-base-special-betainc";
import gammainc from "@stdlib/math-base-special-gammainc";
import tQuantileStdlib from "@stdlib/stats-base-dists-t-quantile";

/**
 * Two-sided p-value of a t statistic: 2·P(T_df ≤ −|t|) = I_{df/(df+t²)}(df/2, 1/2).
 * @example tTwoSidedP(1.96, 1e6) // ≈ 0.05
 */
export function tTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (!Number.isFinite(t)) return 0;
  return betainc(df / (df + t * t), df / 2, 0.5, true, false);
}

/** P(F_{d1,d2} > f) = I_{d2/(d2 + d1 f)}(d2/2, d1/2). */
export function fUpperP(f: number, d1: number, d2: number): number {
  if (Number.isNaN(f) || !(d1 > 0) || !(d2 > 0)) return NaN;
  if (f <= 0) return 1;
  return betainc(d2 / (d2 + d1 * f), d2 / 2, d1 / 2, true, false);
}

/** P(χ²_k > x) = Q(k/2, x/2), the regularised upper incomplete gamma function. */
export function chiSquareUpperP(x: number, k: number): number {
  if (Number.isNaN(x) || !(k > 0)) return NaN;
  if (x <= 0) return 1;
  return gammainc(x / 2, k / 2, true, true);
}

/** The p-quantile of t with df degrees of freedom (e.g. tQuantile(0.975, 9) ≈ 2.262). */
export function tQuantile(p: number, df: number): number {
  return tQuantileStdlib(p, df);
}

/** The upper-α critical value of F_{d1,d2}, by bisection on fUpperP (monotone). */
export function fCritical(alpha: number, d1: number, d2: number): number {
  let lo = 0;
  let hi = 1;
  while (fUpperP(hi, d1, d2) > alpha) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-14 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (fUpperP(mid, d1, d2) > alpha) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
