import { freshArray, type Allocate } from "../linalg/workBuffers";
import { invertUpperTriangular, normalizedColumns, orthogonalBasis, projections, subtractProjections, COLLINEARITY_TOLERANCE, type OrthogonalBasis } from "./orthogonalize";

/** A least-squares fit on (demeaned) columns. */
export interface LeastSquaresFit {
  /** Indices of the columns kept; the others were collinear. */
  kept: number[];
  dropped: number[];
  /** b for the kept columns. */
  coef: Float64Array;
  /** (X'X)⁻¹ for the kept columns, = R⁻¹R⁻ᵀ. */
  bread: Float64Array[];
  /** y − X b. */
  residuals: Float64Array;
  /** Σ residuals². */
  ssr: number;
  /** Orthonormal basis of the kept columns (for projections such as first-stage fitted values). */
  q: Float64Array[];
}

/**
 * Ordinary least squares b = argmin ‖y − Xb‖² through the QR factorisation X = QR:
 * b = R⁻¹Q'y and (X'X)⁻¹ = R⁻¹R⁻ᵀ, which avoids squaring the condition number of X
 * (Golub & Van Loan 2013, §5.3). Collinear columns are dropped in order (see `orthogonalize`).
 * The basis beyond the first column comes from `allocate`; the residuals are always a new array.
 */
export function leastSquares(
  columns: Float64Array[],
  y: Float64Array,
  referenceSS: number[],
  tolerance = COLLINEARITY_TOLERANCE,
  allocate: Allocate = freshArray,
): LeastSquaresFit {
  return leastSquaresOn(orthogonalBasis(columns, referenceSS, tolerance, allocate), y, false);
}

/**
 * `leastSquares` on the Gram–Schmidt basis of the columns, computed before (the same numbers as
 * `leastSquares` on those columns). With `shared`, the basis is reused by other fits and never
 * written: Q, when asked for, is a copy.
 */
export function leastSquaresOn(basis: OrthogonalBasis, y: Float64Array, shared = true): LeastSquaresFit {
  // Q = basis·diag(1/norms) is never formed: q_k'y = basis_k'y / norm_k.
  const p = basis.kept.length;
  const scales = Float64Array.from(basis.norms, (norm) => 1 / norm);
  const qty = new Float64Array(p);
  projections(basis.basis, y, qty, scales);
  const rInv = invertUpperTriangular(basis.r);
  const coef = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = 0;
    for (let k = i; k < p; k++) s += rInv[i][k] * qty[k];
    coef[i] = s;
  }
  const residuals = new Float64Array(y.length);
  const ssr = subtractProjections(basis.basis, y, Float64Array.from(qty, (c, k) => c * scales[k]), residuals);
  let q: Float64Array[] | undefined;
  return {
    kept: basis.kept,
    dropped: basis.dropped,
    coef,
    bread: breadOf(rInv),
    residuals,
    ssr,
    /** Formed on first use. */
    get q(): Float64Array[] {
      if (!q) q = normalizedColumns(basis, shared ? basis.basis.length : 1);
      return q;
    },
  };
}

/**
 * `leastSquaresOn` for a basis built on the columns taken in another order (e.g. a cached prefix
 * carried on with `extendBasis`), reported in the columns' own order: `column[k]` is the position,
 * in that order, of the basis's input column k. The basis order gives b and (X'X)⁻¹; reporting
 * permutes them, b_column[k] = b_k and (X'X)⁻¹ likewise in rows and columns, so the numbers are those
 * of the least squares in the columns' order up to rounding. Kept and dropped count in the columns'
 * order; Q stays in the basis order.
 */
export function leastSquaresInOrder(basis: OrthogonalBasis, y: Float64Array, column: number[]): LeastSquaresFit {
  const fit = leastSquaresOn(basis, y);
  // Basis position m holds input column basis.kept[m]; sort the kept positions by their column.
  const byColumn = fit.kept.map((_, m) => m).sort((a, b) => column[fit.kept[a]] - column[fit.kept[b]]);
  return {
    kept: byColumn.map((m) => column[fit.kept[m]]),
    dropped: fit.dropped.map((k) => column[k]).sort((a, b) => a - b),
    coef: Float64Array.from(byColumn, (m) => fit.coef[m]),
    bread: byColumn.map((m) => Float64Array.from(byColumn, (n) => fit.bread[m][n])),
    residuals: fit.residuals,
    ssr: fit.ssr,
    get q(): Float64Array[] {
      return fit.q;
    },
  };
}

/**
 * The `column` of `leastSquaresInOrder` for a basis built on [P, A] (P a prefix of p columns, A of
 * a columns) and reported as [A, P].
 * @example prefixReportedLast(2, 1) // [1, 2, 0]
 */
export function prefixReportedLast(p: number, a: number): number[] {
  return Array.from({ length: p + a }, (_, k) => (k < p ? a + k : k - p));
}

/** (X'X)⁻¹ = R⁻¹R⁻ᵀ from R⁻¹ (upper triangular). */
function breadOf(rInv: Float64Array[]): Float64Array[] {
  const p = rInv.length;
  const bread: Float64Array[] = [];
  for (let i = 0; i < p; i++) {
    const row = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = Math.max(i, j); k < p; k++) s += rInv[i][k] * rInv[j][k];
      row[j] = s;
    }
    bread.push(row);
  }
  return bread;
}

/** Projection of v on the span of the orthonormal columns q: Σ_k q_k (q_k'v). */
export function project(q: Float64Array[], v: Float64Array): Float64Array {
  const out = new Float64Array(v.length);
  for (const qk of q) {
    let c = 0;
    for (let i = 0; i < v.length; i++) c += qk[i] * v[i];
    for (let i = 0; i < v.length; i++) out[i] += c * qk[i];
  }
  return out;
}
