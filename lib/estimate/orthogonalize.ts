/**
 * Orthonormal basis of the columns of X, taken in order, with exact collinearity detected:
 * modified Gram–Schmidt with one re-orthogonalisation pass ("twice is enough": Giraud,
 * Langou & Rozložník 2005), giving X = Q R with Q'Q = I to machine precision.
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
  const kept: number[] = [];
  const dropped: number[] = [];
  const q: Float64Array[] = [];
  const rColumns: Float64Array[] = [];
  for (let j = 0; j < columns.length; j++) {
    const v = Float64Array.from(columns[j]);
    const coefficients = new Float64Array(q.length);
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < q.length; k++) {
        const c = dot(q[k], v);
        coefficients[k] += c;
        const qk = q[k];
        for (let i = 0; i < v.length; i++) v[i] -= c * qk[i];
      }
    }
    const ss = dot(v, v);
    const reference = referenceSS[j];
    if (!(reference > 0) || !(ss > tolerance * reference)) {
      dropped.push(j);
      continue;
    }
    const norm = Math.sqrt(ss);
    for (let i = 0; i < v.length; i++) v[i] /= norm;
    q.push(v);
    const column = new Float64Array(q.length);
    column.set(coefficients);
    column[q.length - 1] = norm;
    rColumns.push(column);
    kept.push(j);
  }
  const p = kept.length;
  const r: Float64Array[] = [];
  for (let i = 0; i < p; i++) {
    const row = new Float64Array(p);
    for (let j = i; j < p; j++) row[j] = rColumns[j][i];
    r.push(row);
  }
  return { kept, dropped, q, r };
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
