/**
 * The cross products of least squares by the normal equations, for the many refits of a resampling
 * procedure: G[a][b] = Σ_i left_a[i]·right_b[i] (b ≤ a, mirrored) and g[a] = Σ_i left_a[i]·y[i],
 * each summed over the rows in order. left = right = X gives X′X and X′y; left = w·X gives X′WX and
 * X′Wy, and Σ (w_i·x_i)·z_i is bit for bit Σ w_i·x_i·z_i (JavaScript multiplies left to right).
 *
 * Four sums share a pass over the rows, each keeping its own order: the same numbers as one pass per
 * sum, with four independent additions in flight instead of one.
 */

/** X′X (lower triangle mirrored) and X′y as the file comment defines them; `right` and `y` as long as `left`. */
export function crossProducts(left: Float64Array[], right: Float64Array[], y: Float64Array): { xtx: Float64Array[]; xty: Float64Array } {
  const p = left.length;
  const factors: [Float64Array, Float64Array][] = [];
  for (let a = 0; a < p; a++) {
    for (let b = 0; b <= a; b++) factors.push([left[a], right[b]]);
    factors.push([left[a], y]);
  }
  const sums = new Float64Array(factors.length);
  for (let q = 0; q < factors.length; q += 4) sumsOfProducts(factors, q, sums);
  const xtx = Array.from({ length: p }, () => new Float64Array(p));
  const xty = new Float64Array(p);
  for (let a = 0, q = 0; a < p; a++) {
    for (let b = 0; b <= a; b++, q++) {
      xtx[a][b] = sums[q];
      xtx[b][a] = sums[q];
    }
    xty[a] = sums[q++];
  }
  return { xtx, xty };
}

/** sums[q + k] = Σ_i u[i]·v[i] for the pairs (u, v) = factors[q + k], k = 0 … 3 (those that exist), in one pass over the rows. */
export function sumsOfProducts(factors: [Float64Array, Float64Array][], q: number, sums: Float64Array): void {
  const count = Math.min(4, factors.length - q);
  // absent pairs repeat the first; their sums are not stored
  const [u0, v0] = factors[q];
  const [u1, v1] = factors[q + (count > 1 ? 1 : 0)];
  const [u2, v2] = factors[q + (count > 2 ? 2 : 0)];
  const [u3, v3] = factors[q + (count > 3 ? 3 : 0)];
  const n = u0.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < n; i++) {
    s0 += u0[i] * v0[i];
    s1 += u1[i] * v1[i];
    s2 += u2[i] * v2[i];
    s3 += u3[i] * v3[i];
  }
  const s = [s0, s1, s2, s3];
  for (let k = 0; k < count; k++) sums[q + k] = s[k];
}
