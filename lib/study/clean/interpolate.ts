/**
 * Short gaps: a run of at most `maxGap` missing years with observed values on both sides is filled by
 * linear interpolation between the neighbours,
 *   x_t = x_a + (x_b − x_a) · (t − a) / (b − a),   a < t < b the observed years around the gap,
 * and every filled cell is reported. Longer runs, and runs at the start or end of the series, stay missing.
 */

/** A filled cell: series position and the value written. */
export interface Filled {
  t: number;
  value: number;
  gap: number;
}

/** Fills short interior gaps of `x` in place; returns the filled cells and the runs left missing. */
export function fillShortGaps(x: Float64Array, maxGap = 2): { filled: Filled[]; unfilled: { from: number; to: number }[] } {
  const filled: Filled[] = [];
  const unfilled: { from: number; to: number }[] = [];
  const n = x.length;
  let t = 0;
  while (t < n) {
    if (!Number.isNaN(x[t])) {
      t++;
      continue;
    }
    let e = t;
    while (e < n && Number.isNaN(x[e])) e++;
    const a = t - 1;
    const b = e;
    const len = e - t;
    if (a >= 0 && b < n && len <= maxGap) {
      for (let k = t; k < e; k++) {
        x[k] = x[a] + ((x[b] - x[a]) * (k - a)) / (b - a);
        filled.push({ t: k, value: x[k], gap: len });
      }
    } else {
      unfilled.push({ from: t, to: e - 1 });
    }
    t = e;
  }
  return { filled, unfilled };
}
