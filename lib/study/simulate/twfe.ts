/**
 * A small, self-contained OLS / just-identified 2SLS with city and year fixed effects and city-clustered
 * standard errors — used to compute the 2SLS estimand in data/truth.json independently of the main
 * estimator (lib/index.ts `feols`), and to check the simulator's calibration.
 *
 * Fixed effects are absorbed by alternating projections (demean by city, then by year, until the largest
 * change is below 1e−13; Guimarães & Portugal 2010, Stata Journal 10(4)). On the demeaned columns
 * (Frisch–Waugh–Lovell), with W = [endogenous, exogenous] and Z = [instrument, exogenous]:
 *   Ŵ = Z(Z′Z)⁻¹Z′W,  b = (Ŵ′Ŵ)⁻¹Ŵ′y,  u = y − Wb,
 *   V = G/(G−1)·(N−1)/(N−K) · (Ŵ′Ŵ)⁻¹ (Σ_g Ŵ_g′u_g u_g′Ŵ_g) (Ŵ′Ŵ)⁻¹,
 * K = slopes + year levels (the city effect is nested in the city cluster; design §4's fixest count).
 * First-stage partial F = ((SSR_without_instrument − SSR)/1) / (SSR/(N − K_fs)), K_fs by the same rule.
 * OLS is the same with W = Z = the regressors.
 */

/** Input: complete rows only (no NaN), groups as 0-based integers. */
export interface TwfeInput {
  /** The outcome. */
  y: ArrayLike<number>;
  /** The regressor of interest (the endogenous one when `instrument` is given). */
  x: ArrayLike<number>;
  /** Exogenous controls. */
  controls: ArrayLike<number>[];
  /** The excluded instrument of x (2SLS); OLS without it. */
  instrument?: ArrayLike<number>;
  /** City group of each row (also the cluster). */
  city: ArrayLike<number>;
  /** Year group of each row. */
  year: ArrayLike<number>;
}

/** Coefficient and clustered SE of the regressor of interest; first-stage partial F for 2SLS. */
export interface TwfeResult {
  /** Coefficient of x. */
  coef: number;
  /** Its city-clustered SE (CR1, fixest's K). */
  se: number;
  /** Rows used. */
  nobs: number;
  /** First-stage partial F of the instrument (2SLS only). */
  partialF?: number;
  /** First-stage coefficient of the instrument (2SLS only). */
  firstStageCoef?: number;
}

/** Demeans x by two groupings until convergence. */
export function demean2(x: ArrayLike<number>, g1: ArrayLike<number>, g2: ArrayLike<number>): Float64Array {
  const n = x.length;
  let n1 = 0;
  let n2 = 0;
  for (let i = 0; i < n; i++) {
    if (g1[i] + 1 > n1) n1 = g1[i] + 1;
    if (g2[i] + 1 > n2) n2 = g2[i] + 1;
  }
  const c1 = new Float64Array(n1);
  const c2 = new Float64Array(n2);
  for (let i = 0; i < n; i++) {
    c1[g1[i]]++;
    c2[g2[i]]++;
  }
  const r = Float64Array.from(x as ArrayLike<number>);
  const s1 = new Float64Array(n1);
  const s2 = new Float64Array(n2);
  for (let iter = 0; iter < 10000; iter++) {
    s1.fill(0);
    for (let i = 0; i < n; i++) s1[g1[i]] += r[i];
    for (let i = 0; i < n; i++) r[i] -= s1[g1[i]] / c1[g1[i]];
    s2.fill(0);
    for (let i = 0; i < n; i++) s2[g2[i]] += r[i];
    let change = 0;
    for (let g = 0; g < n2; g++) change = Math.max(change, Math.abs(s2[g] / c2[g]));
    for (let i = 0; i < n; i++) r[i] -= s2[g2[i]] / c2[g2[i]];
    if (change < 1e-13) break;
  }
  return r;
}

/** Solves the symmetric positive-definite system A b = c (A as rows) by Gaussian elimination with pivoting. */
function solve(A: number[][], c: number[]): number[] {
  const p = c.length;
  const M = A.map((row, i) => [...row, c[i]]);
  for (let k = 0; k < p; k++) {
    let piv = k;
    for (let i = k + 1; i < p; i++) if (Math.abs(M[i][k]) > Math.abs(M[piv][k])) piv = i;
    [M[k], M[piv]] = [M[piv], M[k]];
    for (let i = k + 1; i < p; i++) {
      const f = M[i][k] / M[k][k];
      for (let j = k; j <= p; j++) M[i][j] -= f * M[k][j];
    }
  }
  const b = new Array<number>(p).fill(0);
  for (let k = p - 1; k >= 0; k--) {
    let s = M[k][p];
    for (let j = k + 1; j < p; j++) s -= M[k][j] * b[j];
    b[k] = s / M[k][k];
  }
  return b;
}

function inverse(A: number[][]): number[][] {
  const p = A.length;
  const cols: number[][] = [];
  for (let j = 0; j < p; j++) cols.push(solve(A, A.map((_, i) => (i === j ? 1 : 0))));
  return A.map((_, i) => cols.map((col) => col[i]));
}

function cross(a: Float64Array[], b: Float64Array[]): number[][] {
  return a.map((u) => b.map((v) => {
    let s = 0;
    for (let i = 0; i < u.length; i++) s += u[i] * v[i];
    return s;
  }));
}

/** Least squares of y on the columns X (already demeaned): coefficients and residuals. */
function ls(y: Float64Array, X: Float64Array[]): { b: number[]; u: Float64Array } {
  const b = solve(cross(X, X), X.map((x) => dot(x, y)));
  const u = Float64Array.from(y);
  for (let k = 0; k < X.length; k++) for (let i = 0; i < u.length; i++) u[i] -= b[k] * X[k][i];
  return { b, u };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** OLS (no instrument) or 2SLS with two-way fixed effects and city-clustered SE of `x`'s coefficient. */
export function twfe(input: TwfeInput): TwfeResult {
  const n = input.y.length;
  const dm = (v: ArrayLike<number>): Float64Array => demean2(v, input.city, input.year);
  const y = dm(input.y);
  const x = dm(input.x);
  const ctl = input.controls.map(dm);
  let nCity = 0;
  let nYear = 0;
  for (let i = 0; i < n; i++) {
    nCity = Math.max(nCity, input.city[i] + 1);
    nYear = Math.max(nYear, input.year[i] + 1);
  }
  const W = [x, ...ctl];
  let What = W;
  let partialF: number | undefined;
  let firstStageCoef: number | undefined;
  if (input.instrument) {
    const z = dm(input.instrument);
    const full = ls(x, [z, ...ctl]);
    const restricted = ls(x, ctl);
    const ssr = dot(full.u, full.u);
    const ssrR = dot(restricted.u, restricted.u);
    const kfs = 1 + ctl.length + (nYear - 1) + 1;
    partialF = (ssrR - ssr) / (ssr / (n - kfs));
    firstStageCoef = full.b[0];
    const xhat = Float64Array.from(x);
    for (let i = 0; i < n; i++) xhat[i] -= full.u[i];
    What = [xhat, ...ctl];
  }
  const A = cross(What, What);
  const b = solve(A, What.map((w) => dot(w, y)));
  const u = Float64Array.from(y);
  for (let k = 0; k < W.length; k++) for (let i = 0; i < n; i++) u[i] -= b[k] * W[k][i];
  // cluster meat
  const p = W.length;
  const scores = new Float64Array(nCity * p);
  for (let i = 0; i < n; i++) for (let k = 0; k < p; k++) scores[input.city[i] * p + k] += What[k][i] * u[i];
  const meat: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let g = 0; g < nCity; g++) for (let k = 0; k < p; k++) for (let l = 0; l < p; l++) meat[k][l] += scores[g * p + k] * scores[g * p + l];
  const Ainv = inverse(A);
  const K = p + (nYear - 1) + 1;
  const factor = (nCity / (nCity - 1)) * ((n - 1) / (n - K));
  let v = 0;
  for (let k = 0; k < p; k++) for (let l = 0; l < p; l++) v += Ainv[0][k] * meat[k][l] * Ainv[l][0];
  return { coef: b[0], se: Math.sqrt(factor * v), nobs: n, partialF, firstStageCoef };
}

/** Integer codes 0…L−1 for the distinct values of a column, in order of first appearance. */
export function groupIds(values: ArrayLike<string | number>): Int32Array {
  const map = new Map<string | number, number>();
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    let g = map.get(values[i]);
    if (g === undefined) {
      g = map.size;
      map.set(values[i], g);
    }
    out[i] = g;
  }
  return out;
}
