import { zeros, type Dense } from "../linalg/dense";

/**
 * Σ_i u_i² x_i x_i', the middle of the heteroskedasticity-robust sandwich (White 1980).
 * `columns` are the regressors x (one array per regressor), `residuals` the u_i.
 */
export function heteroMeat(columns: Float64Array[], residuals: Float64Array): Dense {
  const p = columns.length;
  const meat = zeros(p);
  for (let a = 0; a < p; a++) {
    const xa = columns[a];
    for (let b = 0; b <= a; b++) {
      const xb = columns[b];
      let s = 0;
      for (let i = 0; i < residuals.length; i++) {
        const u = residuals[i];
        s += xa[i] * xb[i] * u * u;
      }
      meat[a][b] = s;
      meat[b][a] = s;
    }
  }
  return meat;
}

/**
 * The score sums s_g = Σ_{i∈g} x_i u_i of each group (row-major, G × p): the clusters of the
 * cluster-robust meat, the periods of Driscoll–Kraay, the locations of Conley. `codes` are dense
 * group codes 0 … G−1. Four columns are summed a pass over the rows, each sum in row order.
 * @example sumScoresBy([Float64Array.of(1, 2)], Float64Array.of(1, 1), Int32Array.of(0, 0), 1) // Float64Array [3]
 */
export function sumScoresBy(columns: Float64Array[], residuals: Float64Array, codes: Int32Array, nGroups: number): Float64Array {
  const p = columns.length;
  const scores = new Float64Array(nGroups * p);
  let a = 0;
  for (; a + 4 <= p; a += 4) addScores4(columns, a, residuals, codes, scores, p);
  for (; a < p; a++) addScores1(columns[a], a, residuals, codes, scores, p);
  return scores;
}

/** Adds x_i u_i of column a to its groups' sums, a run of rows of one group summed in a local, in row order. */
function addScores1(x: Float64Array, a: number, residuals: Float64Array, codes: Int32Array, scores: Float64Array, p: number): void {
  const n = residuals.length;
  let i = 0;
  while (i < n) {
    const group = codes[i];
    const at = group * p + a;
    let s = scores[at];
    do {
      s += x[i] * residuals[i];
      i++;
    } while (i < n && codes[i] === group);
    scores[at] = s;
  }
}

/**
 * Adds x_i u_i of the columns a … a+3 to their groups' sums (row-major, width p) in one pass over
 * the rows; a run of rows of one group (a panel sorted by unit) is summed in locals, in row order.
 */
function addScores4(columns: Float64Array[], a: number, residuals: Float64Array, codes: Int32Array, scores: Float64Array, p: number): void {
  const [x0, x1, x2, x3] = [columns[a], columns[a + 1], columns[a + 2], columns[a + 3]];
  const n = residuals.length;
  let i = 0;
  while (i < n) {
    const group = codes[i];
    const at = group * p + a;
    let s0 = scores[at];
    let s1 = scores[at + 1];
    let s2 = scores[at + 2];
    let s3 = scores[at + 3];
    do {
      const u = residuals[i];
      s0 += x0[i] * u;
      s1 += x1[i] * u;
      s2 += x2[i] * u;
      s3 += x3[i] * u;
      i++;
    } while (i < n && codes[i] === group);
    scores[at] = s0;
    scores[at + 1] = s1;
    scores[at + 2] = s2;
    scores[at + 3] = s3;
  }
}

/**
 * Σ_g s_g s_g' with s_g = Σ_{i∈g} x_i u_i, the middle of the cluster-robust sandwich
 * (Liang & Zeger 1986; Arellano 1987). `codes` are dense cluster codes 0 … G−1.
 */
export function clusterMeat(columns: Float64Array[], residuals: Float64Array, codes: Int32Array, nClusters: number): Dense {
  const p = columns.length;
  const scores = sumScoresBy(columns, residuals, codes, nClusters);
  const meat = zeros(p);
  for (let g = 0; g < nClusters; g++) {
    const offset = g * p;
    for (let a = 0; a < p; a++) {
      const sa = scores[offset + a];
      if (sa === 0) continue;
      const row = meat[a];
      for (let b = 0; b < p; b++) row[b] += sa * scores[offset + b];
    }
  }
  return meat;
}

/**
 * Adds w · (s_a s_b' + s_b s_a') to `meat` for the score rows a and b of a row-major G × p array:
 * one cross term of a Bartlett (Newey–West) sum.
 * @example addCrossProduct(meat, periodSums, t + 1, t, 1 - 1 / (L + 1)) // lag-1 term of Driscoll–Kraay
 */
export function addCrossProduct(meat: Dense, scores: Float64Array, a: number, b: number, weight: number): void {
  const p = meat.length;
  const oa = a * p;
  const ob = b * p;
  for (let r = 0; r < p; r++) {
    const row = meat[r];
    const ar = scores[oa + r] * weight;
    const br = scores[ob + r] * weight;
    for (let c = 0; c < p; c++) row[c] += ar * scores[ob + c] + br * scores[oa + c];
  }
}
