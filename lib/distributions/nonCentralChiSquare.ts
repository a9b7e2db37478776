/**
 * The non-central χ² distribution: its CDF as a Poisson mixture of central χ² CDFs, and its
 * quantile by bisection on that CDF. The weak-instrument critical values of Montiel Olea &
 * Pflueger (2013) are its quantiles, with non-integer degrees of freedom.
 */
import gammainc from "@stdlib/math-base-special-gammainc";

/** ln(m!) for an integer m ≥ 0: the sum of logs below 1000, Stirling's series (error < 1e-16 relative) above. */
function logFactorial(m: number): number {
  if (m < 1000) {
    let s = 0;
    for (let i = 2; i <= m; i++) s += Math.log(i);
    return s;
  }
  const inv = 1 / m;
  const inv2 = inv * inv;
  return m * Math.log(m) - m + 0.5 * Math.log(2 * Math.PI * m) + inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260));
}

/**
 * P(χ²_df(ncp) ≤ x), the CDF of the non-central χ² with `df` > 0 degrees of freedom (not
 * necessarily an integer) and non-centrality `ncp` ≥ 0:
 *
 *   P(x; df, λ) = Σ_{j ≥ 0} e^{−λ/2} (λ/2)^j / j! · P(df/2 + j, x/2),
 *
 * P(a, ·) the regularised lower incomplete gamma function (the central χ²_{df+2j} CDF). The sum
 * starts at the Poisson mode and runs up until the weights fall below 1e−17 of their total and
 * down to j = 0 (the low terms carry the far left tail), so no weight underflows for any λ. Johnson, Kotz & Balakrishnan (1995), Continuous Univariate
 * Distributions 2, ch. 29, eq. (29.2); R's `pchisq(x, df, ncp)` computes the same function.
 * @example nonCentralChiSquareCdf(23.1085, 1, 10) // ≈ 0.95
 */
export function nonCentralChiSquareCdf(x: number, df: number, ncp: number): number {
  if (Number.isNaN(x) || !(df > 0) || !(ncp >= 0)) return NaN;
  if (x <= 0) return 0;
  if (!Number.isFinite(x)) return 1;
  const half = x / 2;
  const central = (j: number) => gammainc(half, df / 2 + j, true, false);
  const mu = ncp / 2;
  if (mu === 0) return central(0);
  const mode = Math.floor(mu);
  const modeWeight = Math.exp(-mu + mode * Math.log(mu) - logFactorial(mode));
  let sum = modeWeight * central(mode);
  let total = modeWeight;
  for (let j = mode + 1, w = modeWeight; ; j++) {
    w *= mu / j;
    total += w;
    sum += w * central(j);
    if (w < 1e-17 * total) break;
  }
  for (let j = mode, w = modeWeight; j > 0; j--) {
    w *= j / mu;
    sum += w * central(j - 1);
  }
  return sum;
}

/**
 * The p-quantile of the non-central χ² with `df` degrees of freedom and non-centrality `ncp`:
 * the x with P(χ²_df(ncp) ≤ x) = p, by bisection on `nonCentralChiSquareCdf` (monotone in x) to a
 * relative width of 1e−15, as R's `qchisq(p, df, ncp)`.
 * @example nonCentralChiSquareQuantile(0.95, 1, 10) // 23.1085… (Montiel Olea–Pflueger's 10% value for one instrument)
 */
export function nonCentralChiSquareQuantile(p: number, df: number, ncp: number): number {
  if (!(p >= 0 && p < 1) || !(df > 0) || !(ncp >= 0)) return NaN;
  if (p === 0) return 0;
  let lo = 0;
  let hi = df + ncp + 10 * Math.sqrt(2 * (df + 2 * ncp)) + 10;
  while (nonCentralChiSquareCdf(hi, df, ncp) < p) {
    lo = hi;
    hi *= 2;
  }
  for (let i = 0; i < 300 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (nonCentralChiSquareCdf(mid, df, ncp) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
