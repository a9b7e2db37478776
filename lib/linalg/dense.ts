/**
 * Small dense matrices (p × p, p = number of regressors) as arrays of Float64Array rows.
 * The N-length work happens elsewhere in typed-array loops; these are the cheap p × p steps.
 */
/** A small dense matrix as an array of Float64Array rows (the variance matrix of a fit, p × p). */
export type Dense = Float64Array[];

export function zeros(rows: number, cols: number = rows): Dense {
  return Array.from({ length: rows }, () => new Float64Array(cols));
}

/** A · B. */
export function multiply(a: Dense, b: Dense): Dense {
  const n = a.length;
  const m = b[0]?.length ?? 0;
  const inner = b.length;
  const out = zeros(n, m);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < inner; k++) {
      const aik = a[i][k];
      if (aik === 0) continue;
      const bk = b[k];
      const oi = out[i];
      for (let j = 0; j < m; j++) oi[j] += aik * bk[j];
    }
  }
  return out;
}

export function transpose(a: Dense): Dense {
  const out = zeros(a[0]?.length ?? 0, a.length);
  for (let i = 0; i < a.length; i++) for (let j = 0; j < a[i].length; j++) out[j][i] = a[i][j];
  return out;
}

/** The sandwich B · M · B for symmetric B. */
export function sandwich(bread: Dense, meat: Dense): Dense {
  return multiply(multiply(bread, meat), bread);
}

export function scale(a: Dense, factor: number): Dense {
  return a.map((row) => row.map((v) => v * factor));
}

/** a + sign · b, elementwise. */
export function add(a: Dense, b: Dense, sign = 1): Dense {
  return a.map((row, i) => row.map((v, j) => v + sign * b[i][j]));
}

/** Rows and columns `index` of a. */
export function submatrix(a: Dense, index: number[]): Dense {
  return index.map((i) => Float64Array.from(index, (j) => a[i][j]));
}

/**
 * Inverse of a symmetric positive definite matrix by Cholesky (A = LLᵀ).
 * Returns undefined when A is not positive definite.
 */
export function invertSymmetric(a: Dense): Dense | undefined {
  const n = a.length;
  const l = zeros(n);
  for (let j = 0; j < n; j++) {
    let d = a[j][j];
    for (let k = 0; k < j; k++) d -= l[j][k] * l[j][k];
    if (!(d > 0)) return undefined;
    l[j][j] = Math.sqrt(d);
    for (let i = j + 1; i < n; i++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      l[i][j] = s / l[j][j];
    }
  }
  // inverse of L (lower), then A⁻¹ = L⁻ᵀ L⁻¹
  const li = zeros(n);
  for (let j = 0; j < n; j++) {
    li[j][j] = 1 / l[j][j];
    for (let i = j + 1; i < n; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s += l[i][k] * li[k][j];
      li[i][j] = -s / l[i][i];
    }
  }
  return multiply(transpose(li), li);
}

/** x'Ax for a vector x. */
export function quadraticForm(a: Dense, x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) for (let j = 0; j < a.length; j++) s += x[i] * a[i][j] * x[j];
  return s;
}
