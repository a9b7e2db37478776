import { freshArray, type Allocate } from "../linalg/workBuffers";
import { sumsOfProducts } from "./crossProducts";

/**
 * Orthonormal basis of the columns of X, taken in order, with exact collinearity detected:
 * classical Gram–Schmidt with one re-orthogonalisation pass (CGS2, "twice is enough": Giraud,
 * Langou, Rozložník & van den Eshof 2005), giving X = Q R with Q'Q = I to machine precision.
 *
 * A column is dropped when what is left of it after projecting off the kept columns has a
 * sum of squares below `tolerance` × its reference sum of squares (1 − R² of the column on the
 * earlier ones < tolerance). The reference is the column's variation before the fixed effects
 * were absorbed, so a variable collinear with the fixed effects is caught too.
 */
export interface Orthogonalized {
  /** Indices (into the input) of the columns kept, in order. */
  kept: number[];
  /** Indices of the columns dropped as collinear with earlier ones. */
  dropped: number[];
  /** Orthonormal columns, one per kept column. */
  q: Float64Array[];
  /** Upper-triangular R (kept × kept), row-major: X_kept = Q R. */
  r: Float64Array[];
}

export const COLLINEARITY_TOLERANCE = 1e-10;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export function orthogonalize(columns: Float64Array[], referenceSS: number[], tolerance = COLLINEARITY_TOLERANCE): Orthogonalized {
  const basis = orthogonalBasis(columns, referenceSS, tolerance);
  return { kept: basis.kept, dropped: basis.dropped, q: normalizedColumns(basis), r: basis.r };
}

/**
 * The Gram–Schmidt basis before normalisation: q_k = basis_k / norms_k. The first kept column is
 * the input column itself (not copied), the others come from `allocate`; R as in `Orthogonalized`.
 * Least squares works with it directly and never forms Q, which saves an N-vector and a pass.
 */
export interface OrthogonalBasis {
  kept: number[];
  dropped: number[];
  basis: Float64Array[];
  norms: Float64Array;
  r: Float64Array[];
}

export function orthogonalBasis(
  columns: Float64Array[],
  referenceSS: number[],
  tolerance = COLLINEARITY_TOLERANCE,
  allocate: Allocate = freshArray,
): OrthogonalBasis {
  const state: GramSchmidtState = { kept: [], dropped: [], basis: [], norms: [], rColumns: [] };
  appendColumns(state, columns, referenceSS, tolerance, allocate, 0);
  return finishBasis(state);
}

/**
 * The basis of [prefix's kept columns, columns]: Gram–Schmidt carried on from a finished basis,
 * exactly what `orthogonalBasis` gives on the prefix's kept input columns followed by `columns`
 * (the same operations in the same order), without redoing the prefix. Indices count the prefix's
 * kept columns first (0 … p − 1). The prefix's arrays are shared, never written.
 */
export function extendBasis(
  prefix: OrthogonalBasis,
  columns: Float64Array[],
  referenceSS: number[],
  tolerance = COLLINEARITY_TOLERANCE,
  allocate: Allocate = freshArray,
): OrthogonalBasis {
  const p = prefix.kept.length;
  const rColumns = prefix.basis.map((_, j) => Float64Array.from({ length: j + 1 }, (_, i) => prefix.r[i][j]));
  const state: GramSchmidtState = { kept: Array.from({ length: p }, (_, k) => k), dropped: [], basis: [...prefix.basis], norms: Array.from(prefix.norms), rColumns };
  appendColumns(state, columns, referenceSS, tolerance, allocate, p);
  return finishBasis(state);
}

/** Gram–Schmidt in progress: the kept columns' unnormalised basis, norms and R columns. */
interface GramSchmidtState {
  kept: number[];
  dropped: number[];
  basis: Float64Array[];
  norms: number[];
  rColumns: Float64Array[];
}

/** Orthogonalises `columns` against the state's basis in order, keeping or dropping each (index offset + j). */
function appendColumns(state: GramSchmidtState, columns: Float64Array[], referenceSS: number[], tolerance: number, allocate: Allocate, offset: number): void {
  const { kept, dropped, basis, norms, rColumns } = state;
  for (let j = 0; j < columns.length; j++) {
    const x = columns[j];
    const k = basis.length;
    const coefficients = new Float64Array(k);
    let v: Float64Array;
    let ss: number;
    if (k === 0) {
      v = x;
      ss = dot(x, x);
    } else {
      // Classical Gram–Schmidt, twice (CGS2): each pass takes all the projections on the kept
      // columns at once, so the rows are read once per pass rather than once per kept column.
      const scales = Float64Array.from(norms, (norm) => 1 / norm);
      const c = new Float64Array(k);
      const step = new Float64Array(k);
      projections(basis, x, c, scales);
      for (let m = 0; m < k; m++) step[m] = c[m] * scales[m];
      v = allocate(x.length);
      subtractProjections(basis, x, step, v);
      for (let m = 0; m < k; m++) coefficients[m] = c[m];
      projections(basis, v, c, scales);
      for (let m = 0; m < k; m++) step[m] = c[m] * scales[m];
      ss = subtractProjections(basis, v, step, v);
      for (let m = 0; m < k; m++) coefficients[m] += c[m];
    }
    const reference = referenceSS[j];
    if (!(reference > 0) || !(ss > tolerance * reference)) {
      dropped.push(offset + j);
      continue;
    }
    const norm = Math.sqrt(ss);
    basis.push(v);
    norms.push(norm);
    const column = new Float64Array(basis.length);
    column.set(coefficients);
    column[basis.length - 1] = norm;
    rColumns.push(column);
    kept.push(offset + j);
  }
}

/** The finished basis: R (kept × kept, row-major) from its columns. */
function finishBasis(state: GramSchmidtState): OrthogonalBasis {
  const p = state.kept.length;
  const r: Float64Array[] = [];
  for (let i = 0; i < p; i++) {
    const row = new Float64Array(p);
    for (let j = i; j < p; j++) row[j] = state.rColumns[j][i];
    r.push(row);
  }
  return { kept: state.kept, dropped: state.dropped, basis: state.basis, norms: Float64Array.from(state.norms), r };
}

/**
 * Q from the basis: the first column copied and scaled, the others scaled in place — or, from
 * column `from` on only, the columns before it copied (a basis shared with a cached prefix).
 */
export function normalizedColumns(b: OrthogonalBasis, from = 1): Float64Array[] {
  return b.basis.map((v, k) => {
    const unit = k < from ? new Float64Array(v.length) : v;
    const norm = b.norms[k];
    for (let i = 0; i < v.length; i++) unit[i] = v[i] / norm;
    return unit;
  });
}

/**
 * out_k = scale_k · q_k'v for every k (scale 1 when omitted): the sums of products of crossProducts.ts,
 * four columns a pass over the rows, each sum accumulated in row order as a dot product does.
 */
export function projections(q: Float64Array[], v: Float64Array, out: Float64Array, scales?: Float64Array): void {
  const p = q.length;
  const pairs = q.map((column): [Float64Array, Float64Array] => [column, v]);
  for (let k = 0; k < p; k += 4) sumsOfProducts(pairs, k, out);
  if (scales) for (let m = 0; m < p; m++) out[m] *= scales[m];
}

/**
 * out = v − Σ_k c_k q_k (out may be v); returns Σ out². Each row's subtractions run in column
 * order, four, two, one columns a pass, and the last pass sums the squares.
 */
export function subtractProjections(q: Float64Array[], v: Float64Array, c: Float64Array, out: Float64Array): number {
  const p = q.length;
  if (p === 0) {
    if (out !== v) out.set(v);
    return dot(out, out);
  }
  let from = v;
  let ss = 0;
  let k = 0;
  while (k < p) {
    const width = p - k >= 4 ? 4 : p - k >= 2 ? 2 : 1;
    const last = k + width === p;
    if (width === 4) ss = subtract4(q, k, c, from, out, last);
    else if (width === 2) ss = subtract2(q, k, c, from, out, last);
    else ss = subtract1(q[k], c[k], from, out, last);
    from = out;
    k += width;
  }
  return ss;
}

/** out = from − Σ c_k q_k over columns at … at+3; Σ out² when `last` (else 0). */
function subtract4(q: Float64Array[], at: number, c: Float64Array, from: Float64Array, out: Float64Array, last: boolean): number {
  const [q0, q1, q2, q3] = [q[at], q[at + 1], q[at + 2], q[at + 3]];
  const [c0, c1, c2, c3] = [c[at], c[at + 1], c[at + 2], c[at + 3]];
  let ss = 0;
  for (let i = 0; i < from.length; i++) {
    const r = from[i] - c0 * q0[i] - c1 * q1[i] - c2 * q2[i] - c3 * q3[i];
    out[i] = r;
    ss += r * r;
  }
  return last ? ss : 0;
}

/** out = from − c_0 q_0 − c_1 q_1 over columns at, at+1; Σ out² when `last` (else 0). */
function subtract2(q: Float64Array[], at: number, c: Float64Array, from: Float64Array, out: Float64Array, last: boolean): number {
  const [q0, q1, c0, c1] = [q[at], q[at + 1], c[at], c[at + 1]];
  let ss = 0;
  for (let i = 0; i < from.length; i++) {
    const r = from[i] - c0 * q0[i] - c1 * q1[i];
    out[i] = r;
    ss += r * r;
  }
  return last ? ss : 0;
}

/** out = from − c q; Σ out² when `last` (else 0). */
function subtract1(q: Float64Array, c: number, from: Float64Array, out: Float64Array, last: boolean): number {
  let ss = 0;
  for (let i = 0; i < from.length; i++) {
    const r = from[i] - c * q[i];
    out[i] = r;
    ss += r * r;
  }
  return last ? ss : 0;
}

/** Inverse of an upper-triangular matrix by back substitution. */
export function invertUpperTriangular(r: Float64Array[]): Float64Array[] {
  const p = r.length;
  const inv: Float64Array[] = r.map(() => new Float64Array(p));
  for (let j = 0; j < p; j++) {
    inv[j][j] = 1 / r[j][j];
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let k = i + 1; k <= j; k++) s += r[i][k] * inv[k][j];
      inv[i][j] = -s / r[i][i];
    }
  }
  return inv;
}
