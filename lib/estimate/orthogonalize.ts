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
  const kept: number[] = [];
  const dropped: number[] = [];
  const q: Float64Array[] = [];
  const rColumns: Float64Array[] = [];
  for (let j = 0; j < columns.length; j++) {
    const x = columns[j];
    const n = x.length;
    const coefficients = new Float64Array(q.length);
    let v: Float64Array;
    let ss: number;
    if (q.length === 0) {
      v = x; // not copied: normalised into a new array below
      ss = dot(x, x);
    } else {
      // Classical Gram–Schmidt, twice (CGS2): each pass takes all the projections on the kept
      // columns at once, so the rows are read once per pass rather than once per kept column.
      const c = new Float64Array(q.length);
      projections(q, x, c);
      v = new Float64Array(n);
      subtractProjections(q, x, c, v);
      for (let k = 0; k < c.length; k++) coefficients[k] = c[k];
      projections(q, v, c);
      ss = subtractProjections(q, v, c, v);
      for (let k = 0; k < c.length; k++) coefficients[k] += c[k];
    }
    const reference = referenceSS[j];
    if (!(reference > 0) || !(ss > tolerance * reference)) {
      dropped.push(j);
      continue;
    }
    const norm = Math.sqrt(ss);
    const unit = v === x ? new Float64Array(n) : v;
    for (let i = 0; i < n; i++) unit[i] = v[i] / norm;
    q.push(unit);
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

/** out_k = q_k'v for every k, in one pass over the rows. */
export function projections(q: Float64Array[], v: Float64Array, out: Float64Array): void {
  const p = q.length;
  out.fill(0);
  if (p === 1) {
    out[0] = dot(q[0], v);
    return;
  }
  if (p === 2) {
    const q0 = q[0];
    const q1 = q[1];
    let s0 = 0;
    let s1 = 0;
    for (let i = 0; i < v.length; i++) {
      const vi = v[i];
      s0 += q0[i] * vi;
      s1 += q1[i] * vi;
    }
    out[0] = s0;
    out[1] = s1;
    return;
  }
  for (let k = 0; k < p; k++) out[k] = dot(q[k], v);
}

/** out = v − Σ_k c_k q_k (out may be v); returns Σ out². */
export function subtractProjections(q: Float64Array[], v: Float64Array, c: Float64Array, out: Float64Array): number {
  const p = q.length;
  const n = v.length;
  let ss = 0;
  if (p === 1) {
    const q0 = q[0];
    const c0 = c[0];
    for (let i = 0; i < n; i++) {
      const r = v[i] - c0 * q0[i];
      out[i] = r;
      ss += r * r;
    }
    return ss;
  }
  if (p === 2) {
    const q0 = q[0];
    const q1 = q[1];
    const c0 = c[0];
    const c1 = c[1];
    for (let i = 0; i < n; i++) {
      const r = v[i] - c0 * q0[i] - c1 * q1[i];
      out[i] = r;
      ss += r * r;
    }
    return ss;
  }
  if (out !== v) out.set(v);
  for (let k = 0; k < p; k++) {
    const qk = q[k];
    const ck = c[k];
    for (let i = 0; i < n; i++) out[i] -= ck * qk[i];
  }
  for (let i = 0; i < n; i++) ss += out[i] * out[i];
  return ss;
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
