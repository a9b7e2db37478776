/**
 * Entropy-weight composite index (the entropy weight method, e.g. Zhu, Tian & Yan 2020,
 * "Effectiveness of entropy weight method in decision-making", Math. Probl. Eng.).
 *
 * For indicators j = 1…m oriented so that larger = worse (more shrinkage), over the n observations with
 * every indicator present:
 *   x′_ij = (x_ij − min_j) / (max_j − min_j)                     (min–max over the pooled panel)
 *   p_ij  = x′_ij / Σ_i x′_ij,   e_j = −(1 / ln n) · Σ_i p_ij ln p_ij   (0 · ln 0 = 0)
 *   w_j   = (1 − e_j) / Σ_k (1 − e_k),   index_i = 100 · Σ_j w_j x′_ij   (0–100)
 * An indicator without spread carries no information (e_j = 1, weight 0). An observation with a missing
 * indicator gets NaN and does not enter the weights.
 */
export function entropyIndex(indicators: readonly Float64Array[]): { index: Float64Array; weights: number[] } {
  const m = indicators.length;
  const n = indicators[0].length;
  const ok = new Uint8Array(n);
  let nOk = 0;
  for (let i = 0; i < n; i++) {
    let good = 1;
    for (let j = 0; j < m; j++) if (!Number.isFinite(indicators[j][i])) good = 0;
    ok[i] = good;
    nOk += good;
  }
  const norm = indicators.map((x) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) if (ok[i]) {
      if (x[i] < lo) lo = x[i];
      if (x[i] > hi) hi = x[i];
    }
    const out = new Float64Array(n).fill(NaN);
    const span = hi - lo;
    for (let i = 0; i < n; i++) if (ok[i]) out[i] = span > 0 ? (x[i] - lo) / span : 0;
    return out;
  });
  const d = norm.map((x) => {
    let s = 0;
    for (let i = 0; i < n; i++) if (ok[i]) s += x[i];
    if (!(s > 0)) return 0; // no spread: no information (e_j = 1)
    let h = 0;
    for (let i = 0; i < n; i++) if (ok[i] && x[i] > 0) {
      const p = x[i] / s;
      h -= p * Math.log(p);
    }
    return 1 - h / Math.log(nOk);
  });
  const dSum = d.reduce((a, b) => a + b, 0);
  const weights = d.map((v) => v / dSum);
  const index = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) if (ok[i]) {
    let s = 0;
    for (let j = 0; j < m; j++) s += weights[j] * norm[j][i];
    index[i] = 100 * s;
  }
  return { index, weights };
}
