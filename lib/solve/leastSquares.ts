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
  const { qty, residuals, ssr } = projectedOff(basis, y);
  return fitOf(basis, qty, residuals, ssr, shared ? basis.basis.length : 1);
}

/** Q'y and the residuals y − QQ'y with their sum of squares, in one pass over the rows each. */
function projectedOff(basis: OrthogonalBasis, y: Float64Array): { qty: Float64Array; residuals: Float64Array; ssr: number } {
  // Q = basis·diag(1/norms) is never formed: q_k'y = basis_k'y / norm_k.
  const scales = Float64Array.from(basis.norms, (norm) => 1 / norm);
  const qty = new Float64Array(basis.basis.length);
  projections(basis.basis, y, qty, scales);
  const residuals = new Float64Array(y.length);
  const ssr = subtractProjections(basis.basis, y, Float64Array.from(qty, (c, k) => c * scales[k]), residuals);
  return { qty, residuals, ssr };
}

/** The fit from Q'y and the residuals; Q formed on first use (copying the columns before `copyBefore`). */
function fitOf(basis: OrthogonalBasis, qty: Float64Array, residuals: Float64Array, ssr: number, copyBefore: number): LeastSquaresFit {
  let q: Float64Array[] | undefined;
  return {
    kept: basis.kept,
    dropped: basis.dropped,
    ...solveTriangular(basis.r, qty),
    residuals,
    ssr,
    /** Formed on first use. */
    get q(): Float64Array[] {
      if (!q) q = normalizedColumns(basis, copyBefore);
      return q;
    },
  };
}

/** b = R⁻¹Q'y and (X'X)⁻¹ = R⁻¹R⁻ᵀ from R (upper triangular) and Q'y. */
export function solveTriangular(r: Float64Array[], qty: Float64Array): { coef: Float64Array; bread: Float64Array[] } {
  const p = r.length;
  const rInv = invertUpperTriangular(r);
  const coef = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = 0;
    for (let k = i; k < p; k++) s += rInv[i][k] * qty[k];
    coef[i] = s;
  }
  return { coef, bread: breadOf(rInv) };
}

/** A column y's least squares on a basis, to be carried on to the basis extended (`extendBasis`). */
export interface PrefixFit {
  /** q_k'y for the basis's orthonormal columns. */
  qty: Float64Array;
  /** r = y − Σ_k q_k q_k'y. */
  residuals: Float64Array;
}

/** y's `PrefixFit` on `basis` (the basis shared, never written). */
export function prefixFit(basis: OrthogonalBasis, y: Float64Array): PrefixFit {
  const { qty, residuals } = projectedOff(basis, y);
  return { qty, residuals };
}

/**
 * q_k'r for the columns of `extended` from position `from` on (those added to a prefix): with r the
 * prefix's residuals of y this is q_k'y, since those q_k are orthogonal to the prefix.
 */
export function projectionsFrom(extended: OrthogonalBasis, from: number, r: Float64Array): Float64Array {
  const out = new Float64Array(extended.basis.length - from);
  projections(extended.basis.slice(from), r, out, Float64Array.from(extended.norms.subarray(from), (norm) => 1 / norm));
  return out;
}

/**
 * `leastSquaresOn(extended, y)` carried on from y's fit on the prefix the basis extends: the new
 * columns' projections `added` (`projectionsFrom` on the prefix residuals) complete Q'y, and the
 * residuals are the prefix's less their part on the new columns, y − Σ_k q_k q_k'y. Only the new
 * columns are read.
 */
export function leastSquaresOnExtension(extended: OrthogonalBasis, prefix: PrefixFit, added: Float64Array): LeastSquaresFit {
  const p = prefix.qty.length;
  const qty = new Float64Array(p + added.length);
  qty.set(prefix.qty);
  qty.set(added, p);
  const residuals = new Float64Array(prefix.residuals.length);
  const step = Float64Array.from(added, (c, k) => c / extended.norms[p + k]);
  const ssr = subtractProjections(extended.basis.slice(p), prefix.residuals, step, residuals);
  return fitOf(extended, qty, residuals, ssr, extended.basis.length);
}

/** The kept columns' coefficients and (X'X)⁻¹ of a least squares, with the columns kept and dropped. */
export interface Coefficients {
  kept: number[];
  dropped: number[];
  coef: Float64Array;
  bread: Float64Array[];
}

/**
 * Coefficients computed on the columns taken in another order (e.g. a cached prefix carried on with
 * `extendBasis`), reported in the columns' own order: `column[k]` is the position, in that order, of
 * input column k of the computation. b and (X'X)⁻¹ are permuted, b_column[k] = b_k and (X'X)⁻¹
 * likewise in rows and columns; kept and dropped count in the columns' order.
 */
export function inColumnOrder(fit: Coefficients, column: number[]): Coefficients {
  // Position m holds input column fit.kept[m]; sort the kept positions by their column.
  const byColumn = fit.kept.map((_, m) => m).sort((a, b) => column[fit.kept[a]] - column[fit.kept[b]]);
  return {
    kept: byColumn.map((m) => column[fit.kept[m]]),
    dropped: fit.dropped.map((k) => column[k]).sort((a, b) => a - b),
    coef: Float64Array.from(byColumn, (m) => fit.coef[m]),
    bread: byColumn.map((m) => Float64Array.from(byColumn, (n) => fit.bread[m][n])),
  };
}

/** A least-squares fit reported in the columns' order (`inColumnOrder`); Q stays in the computation's order. */
export function leastSquaresInOrder(fit: LeastSquaresFit, column: number[]): LeastSquaresFit {
  return {
    ...inColumnOrder(fit, column),
    residuals: fit.residuals,
    ssr: fit.ssr,
    get q(): Float64Array[] {
      return fit.q;
    },
  };
}

/**
 * The `column` of `inColumnOrder` for a computation on [P, A] (P a prefix of p columns, A of a
 * columns) reported as [A, P].
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
