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
 * Σ_g s_g s_g' with s_g = Σ_{i∈g} x_i u_i, the middle of the cluster-robust sandwich
 * (Liang & Zeger 1986; Arellano 1987). `codes` are dense cluster codes 0 … G−1.
 */
export function clusterMeat(columns: Float64Array[], residuals: Float64Array, codes: Int32Array, nClusters: number): Dense {
  const p = columns.length;
  const scores = new Float64Array(nClusters * p);
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
