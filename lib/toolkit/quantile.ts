/**
 * Sample quantiles and winsorizing.
 *
 * quantile7 is R's default (Hyndman & Fan 1996, "Sample quantiles in statistical packages", type 7):
 * h = (n − 1)·p, Q = x₍⌊h⌋₎ + (h − ⌊h⌋)·(x₍⌊h⌋+1₎ − x₍⌊h⌋₎) on the sorted sample (0-based).
 * Winsorizing at (p_lo, p_hi) replaces values below Q(p_lo) by Q(p_lo) and above Q(p_hi) by Q(p_hi);
 * missing values (NaN) stay missing and do not count.
 */

/**
 * The k-th smallest value (0-based) of `xs`, which is reordered in place: Hoare's quickselect
 * (Hoare 1961, "Algorithm 65: find", CACM 4(7)) with a median-of-three pivot. O(n) on average.
 */
export function selectKth(xs: Float64Array, k: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // median of three into xs[mid]
    if (xs[mid] < xs[lo]) swap(xs, mid, lo);
    if (xs[hi] < xs[lo]) swap(xs, hi, lo);
    if (xs[hi] < xs[mid]) swap(xs, hi, mid);
    const pivot = xs[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (xs[i] < pivot) i++;
      while (xs[j] > pivot) j--;
      if (i <= j) {
        swap(xs, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return xs[k];
  }
  return xs[k];
}

/** Swaps xs[a] and xs[b]. */
function swap(xs: Float64Array, a: number, b: number): void {
  const t = xs[a];
  xs[a] = xs[b];
  xs[b] = t;
}

/** Type-7 quantile of an unsorted sample without NaN (reorders `xs`). */
export function quantile7Unsorted(xs: Float64Array, p: number): number {
  const n = xs.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = selectKth(xs, lo);
  if (lo + 1 >= n || h === lo) return a;
  // the next order statistic is the minimum of the part above position lo
  let b = Infinity;
  for (let i = lo + 1; i < n; i++) if (xs[i] < b) b = xs[i];
  return a + (h - lo) * (b - a);
}

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
  const lo = quantile7Unsorted(finite, pLo);
  const hi = quantile7Unsorted(finite, pHi);
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
