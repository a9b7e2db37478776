/**
 * Weighted least squares by the normal equations, for the many coefficient-only refits of a
 * resampling procedure (`PreparedModel.coefficients` with frequency weights): b = (X'WX)⁻¹X'Wy, with
 * X'WX equilibrated (unit diagonal) before an in-order Cholesky factorisation that drops a column
 * whose pivot falls below the collinearity tolerance relative to its weighted sum of squares about
 * the weighted mean (`weightedCentredSumOfSquares`). The equilibration keeps the precision far inside
 * what a bootstrap draw needs.
 *
 * The row-by-row sums take the rows to sum over: rows of weight 0 may be left out, as with finite
 * columns they add only zeros (a cluster bootstrap leaves out about a third of the clusters in each
 * draw). `solveNormalEquations` solves sums found otherwise (balancedCrossSums.ts).
 */
import { equilibratedCholesky, solveCholeskyInPlace } from "./cholesky";
import { crossProducts } from "./crossProducts";

/**
 * b = (X'WX)⁻¹X'Wy on the kept columns. X, y and w hold the rows summed over (all of the same
 * length); X'WX and X'Wy are summed row by row in order as Σ (w_i·x_i)·z_i (crossProducts.ts).
 */
export function weightedNormalEquations(X: Float64Array[], y: Float64Array, w: Float64Array, reference: ArrayLike<number>): { kept: number[]; coef: Float64Array } {
  const weightedX = X.map((x) => {
    const wx = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) wx[i] = w[i] * x[i];
    return wx;
  });
  const { xtx, xty } = crossProducts(weightedX, X, y);
  return solveNormalEquations(xtx, xty, reference);
}

/** b = (X'WX)⁻¹X'Wy on the kept columns, from X'WX, X'Wy and the columns' yardsticks. */
export function solveNormalEquations(xtx: ArrayLike<number>[], xty: ArrayLike<number>, reference: ArrayLike<number>): { kept: number[]; coef: Float64Array } {
  // Solve (D X′X D) z = D X′y on the kept columns, then b = D z.
  const { kept, L, scale } = equilibratedCholesky(xtx, reference);
  const z = solveCholeskyInPlace(L, Float64Array.from(kept, (c) => xty[c] * scale[c]));
  return { kept, coef: Float64Array.from(z, (v, m) => v * scale[kept[m]]) };
}

/**
 * Σ w (x − x̄_w)² over `rows` (about the weighted mean x̄_w = Σ w·x / Σ w when `centred`, else Σ w x²):
 * the collinearity yardstick of a weighted refit. x and w are full columns, `rows` the rows summed over, in order.
 */
export function weightedCentredSumOfSquares(x: Float64Array, w: Float64Array, centred: boolean, rows: Int32Array): number {
  let mean = 0;
  if (centred) {
    let sw = 0;
    let swx = 0;
    for (let j = 0; j < rows.length; j++) {
      const i = rows[j];
      sw += w[i];
      swx += w[i] * x[i];
    }
    mean = sw > 0 ? swx / sw : 0;
  }
  let ss = 0;
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j];
    ss += w[i] * (x[i] - mean) * (x[i] - mean);
  }
  return ss;
}
