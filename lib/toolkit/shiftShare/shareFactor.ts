/**
 * Which share columns are collinear, and the Cholesky factor of W′ΩW on the others.
 *
 * R's ShiftShareSE drops collinear share columns with `qr(W)` (LINPACK dqrdc2, tolerance 1e-7, limited
 * pivoting): taking the columns left to right, column j is dropped when the norm of what is left of
 * it after projecting off the columns kept before it is below 1e-7 × its own norm; the kept columns
 * keep their order. We apply the same rule, in the same order, through a bordered (row-by-row)
 * Cholesky factorisation G = LL′ of the Gram matrix G = W′W (Golub & Van Loan 2013, §4.2.5): the
 * new diagonal d_j = G_jj − ‖L_j‖² is that residual's squared norm. Cholesky loses half the digits
 * of d_j, so d_j only screens: a column with d_j > 1e-6·G_jj is kept at once, and for any other the
 * residual ‖w_j − W_kept·c‖ is computed on the data (c refined once, as in the semi-normal
 * equations, Björck 1996 §2.5) and compared with 1e-7·‖w_j‖ as dqrdc2 does. Zero columns are dropped
 * (as dqrdc2 does). The factorisation skips the leading zeros of each row (an envelope), which the
 * block structure of share matrices by period makes long.
 */
import { IdentificationError } from "../../errors";
import { sharesTimes, sharesTransposeTimes, type SparseShares } from "./shareMatrix";

/** R `qr()`'s default tolerance, on norms (dqrdc2's `tol`). */
export const SHARE_COLLINEARITY_TOLERANCE = 1e-7;
/** Above this relative Schur complement (on squared norms), a column is kept without a second look. */
const SCREEN = 1e-6;

/** A Cholesky factor of W′ΩW over the kept columns. */
export interface ShareFactor {
  /** Share columns kept (0-based, ascending as given). */
  kept: Int32Array;
  /** Share columns dropped as collinear (0-based). */
  dropped: number[];
  /** L, row r at r·stride (lower triangle, r = 0..kept.length−1). */
  l: Float64Array;
  stride: number;
  /** Each row's first non-zero position (the envelope). */
  first: Int32Array;
  /** True when every kept column passed the screen (remaining squared norm above 1e-6 of its own), so none was near-collinear. */
  screened: boolean;
}

/** What to do with a collinear column: drop it (R's `drop_collinear`) or refuse. */
export type CollinearAction = "drop" | { throwFor: string };

/**
 * Factors G (p × p row-major, upper triangle read, p = w.ncols) over `columns` in order, dropping (or refusing) collinear ones.
 * @param weights Ω's diagonal for the residual check, as in G (undefined: unweighted)
 * @throws IdentificationError when `action` refuses a collinear column.
 * @example factorShares(w, sharesGram(w), Int32Array.of(0, 1, 2), undefined, "drop").dropped // [2] when s3 = s1 + s2
 */
export function factorShares(w: SparseShares, g: Float64Array, columns: Int32Array, weights: Float64Array | undefined, action: CollinearAction): ShareFactor {
  const p = w.ncols;
  const factor: ShareFactor = { kept: new Int32Array(columns.length), dropped: [], l: new Float64Array(columns.length * columns.length), stride: columns.length, first: new Int32Array(columns.length), screened: true };
  let k = 0;
  const gk = new Float64Array(columns.length);
  for (const j of columns) {
    const reference = g[j * p + j];
    let keepWith = 0;
    if (reference > 0) {
      for (let m = 0; m < k; m++) gk[m] = g[factor.kept[m] * p + j];
      const { first, ss } = borderRow(factor, k, gk);
      const d = reference - ss;
      if (d > SCREEN * reference) keepWith = d;
      else {
        factor.screened = false;
        const rss = residualSS(w, factor, k, j, weights);
        if (rss >= SHARE_COLLINEARITY_TOLERANCE ** 2 * reference) keepWith = rss;
      }
      factor.first[k] = first;
    }
    if (keepWith > 0) {
      factor.l[k * factor.stride + k] = Math.sqrt(keepWith);
      factor.kept[k++] = j;
      continue;
    }
    if (action !== "drop") throw new IdentificationError(action.throwFor.replace("{sector}", String(j + 1)));
    factor.l.fill(0, k * factor.stride, (k + 1) * factor.stride);
    factor.dropped.push(j);
  }
  factor.kept = factor.kept.slice(0, k);
  return factor;
}

/**
 * Row k of L from g = G[kept, j]: forward substitution L_k′ row = g, from the first non-zero of g.
 * @hotLoop the O(p³/6) work of the factorisation: dot products over contiguous rows, written out.
 */
function borderRow(factor: ShareFactor, k: number, g: Float64Array): { first: number; ss: number } {
  const { l, stride } = factor;
  let first = 0;
  while (first < k && g[first] === 0) first++;
  const base = k * stride;
  let ss = 0;
  for (let m = first; m < k; m++) {
    const rowM = m * stride;
    let s = g[m];
    for (let t = Math.max(first, factor.first[m]); t < m; t++) s -= l[base + t] * l[rowM + t];
    const v = s / l[rowM + m];
    l[base + m] = v;
    ss += v * v;
  }
  return { first, ss };
}

/** Solves (L Lᵀ) c = b over the first k kept columns, in place. */
export function cholSolve(factor: ShareFactor, k: number, b: Float64Array): Float64Array {
  const { l, stride } = factor;
  for (let i = 0; i < k; i++) {
    let s = b[i];
    const row = i * stride;
    for (let t = factor.first[i]; t < i; t++) s -= l[row + t] * b[t];
    b[i] = s / l[row + i];
  }
  for (let i = k - 1; i >= 0; i--) {
    const v = b[i] / l[i * stride + i];
    b[i] = v;
    for (let t = factor.first[i]; t < i; t++) b[t] -= l[i * stride + t] * v;
  }
  return b;
}

/** Σ ω r² for r = w_j − W_kept·c, c the least-squares coefficients (refined once). */
function residualSS(w: SparseShares, factor: ShareFactor, k: number, j: number, weights: Float64Array | undefined): number {
  const kept = factor.kept.subarray(0, k);
  const target = new Float64Array(w.nrows);
  for (let t = w.colStart[j]; t < w.colStart[j + 1]; t++) target[w.colIndex[t]] = w.colValues[t];
  const { residual } = leastSquaresOnShares(w, factor, kept, target, weights, 1);
  let rss = 0;
  for (let i = 0; i < residual.length; i++) rss += (weights ? weights[i] : 1) * residual[i] * residual[i];
  return rss;
}

/**
 * Weighted least squares of y on the kept share columns through the factor of W′ΩW, with
 * `refinements` steps of iterative refinement on the residual (the corrected semi-normal equations).
 * @example leastSquaresOnShares(w, factor, factor.kept, ddX, undefined, 2).coef // the backed-out shocks
 */
export function leastSquaresOnShares(
  w: SparseShares,
  factor: ShareFactor,
  kept: Int32Array,
  y: Float64Array,
  weights: Float64Array | undefined,
  refinements: number,
): { coef: Float64Array; residual: Float64Array } {
  const k = kept.length;
  const weighted = (v: Float64Array): Float64Array => (weights ? v.map((x, i) => x * weights[i]) : v);
  const coef = cholSolve(factor, k, sharesTransposeTimes(w, weighted(y), kept));
  let residual = subtract(y, sharesTimes(w, coef, kept));
  for (let step = 0; step < refinements; step++) {
    const delta = cholSolve(factor, k, sharesTransposeTimes(w, weighted(residual), kept));
    for (let m = 0; m < k; m++) coef[m] += delta[m];
    residual = subtract(y, sharesTimes(w, coef, kept));
  }
  return { coef, residual };
}

function subtract(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] - b[i];
  return out;
}
