/**
 * Normal equations by an in-order Cholesky factorization of the equilibrated cross-product matrix,
 * dropping a column whose residual variation on the kept ones is negligible (the collinearity rule of
 * orthogonalize.ts, relative to the column's reference sum of squares). Used by the fast refits of
 * bootstraps, permutations and Monte Carlo draws (estimate/refit.ts, toolkit/groupPermutation.ts).
 *
 *   D = diag(X′X)^(−1/2),  D X′X D = L L′ on the kept columns,  b = D z with L L′ z = D X′y
 * (Golub & Van Loan, Matrix Computations, 4th ed., §4.2).
 */
import { COLLINEARITY_TOLERANCE } from "./orthogonalize";

/** The factorization: the kept columns in order, the lower-triangular rows L[m][0..m], the scaling D. */
export interface EquilibratedCholesky {
  /** Indices of the columns kept, in order. */
  kept: number[];
  /** Row m of L holds L[m][0..m]. */
  L: number[][];
  /** The scaling 1/√(X′X)_jj of every column (0 for a column without variation). */
  scale: number[];
}

/** Factorizes D X′X D over the columns that pass the collinearity rule against `reference` (each column's sum of squares before the fixed effects). */
export function equilibratedCholesky(xtx: ArrayLike<number>[], reference: ArrayLike<number>): EquilibratedCholesky {
  const p = xtx.length;
  const scale = Array.from(xtx, (row, k) => (row[k] > 0 ? 1 / Math.sqrt(row[k]) : 0));
  const kept: number[] = [];
  const L: number[][] = [];
  for (let j = 0; j < p; j++) {
    if (!(reference[j] > 0) || !(xtx[j][j] > COLLINEARITY_TOLERANCE * reference[j])) continue;
    const l = new Array<number>(kept.length + 1).fill(0);
    let d = 1; // the equilibrated diagonal
    for (let m = 0; m < kept.length; m++) {
      let s = xtx[j][kept[m]] * scale[j] * scale[kept[m]];
      for (let q = 0; q < m; q++) s -= l[q] * L[m][q];
      l[m] = s / L[m][m];
      d -= l[m] * l[m];
    }
    // d is 1 − R² of column j on the kept ones; drop it when the residual variation is negligible
    if (!(d * xtx[j][j] > COLLINEARITY_TOLERANCE * reference[j])) continue;
    l[kept.length] = Math.sqrt(d);
    L.push(l);
    kept.push(j);
  }
  return { kept, L, scale };
}

/** Solves (L L′) z = rhs in place: forward substitution, then back substitution. */
export function solveCholeskyInPlace(L: number[][], z: Float64Array): Float64Array {
  const k = L.length;
  for (let m = 0; m < k; m++) {
    let s = z[m];
    for (let q = 0; q < m; q++) s -= L[m][q] * z[q];
    z[m] = s / L[m][m];
  }
  for (let m = k - 1; m >= 0; m--) {
    let s = z[m];
    for (let q = m + 1; q < k; q++) s -= L[q][m] * z[q];
    z[m] = s / L[m][m];
  }
  return z;
}
