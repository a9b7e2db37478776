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
 * group codes 0 … G−1.
 * @example sumScoresBy([Float64Array.of(1, 2)], Float64Array.of(1, 1), Int32Array.of(0, 0), 1) // Float64Array [3]
 */
export function sumScoresBy(columns: Float64Array[], residuals: Float64Array, codes: Int32Array, nGroups: number): Float64Array {
  const p = columns.length;
  const scores = new Float64Array(nGroups * p);
  const n = residuals.length;
  if (p === 1) {
    const x0 = columns[0];
    for (let i = 0; i < n; i++) scores[codes[i]] += x0[i] * residuals[i];
  } else if (p === 2) {
    const x0 = columns[0];
    const x1 = columns[1];
    for (let i = 0; i < n; i++) {
      const u = residuals[i];
      const at = codes[i] * 2;
      scores[at] += x0[i] * u;
      scores[at + 1] += x1[i] * u;
    }
  } else {
    for (let a = 0; a < p; a++) {
      const x = columns[a];
      for (let i = 0; i < n; i++) scores[codes[i] * p + a] += x[i] * residuals[i];
    }
  }
  return scores;
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
