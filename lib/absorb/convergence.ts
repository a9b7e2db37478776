/**
 * The yardsticks of convergence shared by the iterative and direct demeaning paths. A solve has
 * converged when no fixed-effect coefficient moves by more than tolerance × the scale of the
 * variable, the scale being the root mean square of x about its mean (1 for a constant x).
 */

/** Root mean square of x about its mean, the yardstick for the convergence threshold (1 for a constant x). */
export function scaleOf(x: Float64Array): number {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i];
  mean /= Math.max(1, x.length);
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += (x[i] - mean) * (x[i] - mean);
  const rms = Math.sqrt(ss / Math.max(1, x.length));
  return rms > 0 ? rms : 1;
}

/** The root mean square about the mean from Σ(x − x₀) and Σ(x − x₀)² over n values (1 for a constant x). */
export function scaleFromMoments(s1: number, s2: number, n: number): number {
  const variance = n > 0 ? Math.max(0, s2 / n - (s1 / n) * (s1 / n)) : 0;
  return variance > 0 ? Math.sqrt(variance) : 1;
}

/** max_k |a_k − b_k|: how far one sweep moved the coefficients. */
export function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let max = 0;
  for (let k = 0; k < a.length; k++) {
    const d = Math.abs(a[k] - b[k]);
    if (d > max) max = d;
  }
  return max;
}
