/**
 * Sample quantiles and winsorizing.
 *
 * quantile7 is R's default (Hyndman & Fan 1996, "Sample quantiles in statistical packages", type 7):
 * h = (n − 1)·p, Q = x₍⌊h⌋₎ + (h − ⌊h⌋)·(x₍⌊h⌋+1₎ − x₍⌊h⌋₎) on the sorted sample (0-based).
 * Winsorizing at (p_lo, p_hi) replaces values below Q(p_lo) by Q(p_lo) and above Q(p_hi) by Q(p_hi);
 * missing values (NaN) stay missing and do not count.
 */

/** Type-7 quantile of an ascending-sorted array without NaN. */
export function quantile7(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Winsorized copy of `x` (pooled over all non-missing values), with the bounds used. */
export function winsorize(x: Float64Array, pLo = 0.01, pHi = 0.99): { values: Float64Array; lo: number; hi: number; changed: number } {
  let m = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i])) m++;
  const finite = new Float64Array(m);
  m = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i])) finite[m++] = x[i];
  finite.sort();
  const lo = quantile7(finite, pLo);
  const hi = quantile7(finite, pHi);
  const values = new Float64Array(x.length);
  let changed = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (Number.isNaN(v)) values[i] = NaN;
    else if (v < lo) {
      values[i] = lo;
      changed++;
    } else if (v > hi) {
      values[i] = hi;
      changed++;
    } else values[i] = v;
  }
  return { values, lo, hi, changed };
}
