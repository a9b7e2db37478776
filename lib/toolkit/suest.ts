/**
 * Seemingly-unrelated estimation of several OLS fits (Stata's `suest`; Weesie 1999, "Seemingly
 * unrelated estimation and the cluster-adjusted sandwich estimator", STB 52, sg121): one joint
 * sandwich covariance of all their coefficients from their stacked score contributions.
 *
 * For fit m with demeaned regressors x̃ (fixed effects absorbed within its own sample), residuals u
 * and bread B_m = (X̃_m'X̃_m)⁻¹, the influence of row i is ψ_i = B_m x̃_i u_i (zero outside fit m).
 * Stacking the fits' coefficients, with S_g = Σ_{i∈g} ψ_i summed over every fit's rows in unit g,
 *
 *   V = c · Σ_g S_g S_g',   block (m, m) = c·B_m (Σ_g s_mg s_mg') B_m,   block (m, l) the cross-covariance.
 *
 * Units g are the clusters (a cluster may hold rows of several fits: their scores are added before
 * the outer product, which is where the cross-covariance comes from), or single rows without
 * clustering. Small-sample factor c as Stata's suest (`_robust`, minus(1)): c = G/(G − 1) with G the
 * number of distinct clusters over all the fits, or c = N/(N − 1) with N the rows of all the fits
 * together — not fixest's (N − 1)/(N − K) of the separate fits, so V's diagonal blocks differ slightly
 * from the fits' own cluster variances. With fixed effects absorbed, the slope block equals what
 * suest gives after `regress` with the fixed effects as dummies (Frisch–Waugh–Lovell).
 */
import { zeros, type Dense } from "../linalg/dense";

/** What `stackedScoreCovariance` needs of one fit. */
export interface ScoreBlock {
  /** Coefficient names (the kept regressors), in the order of `columns` and `bread`. */
  names: string[];
  /** Demeaned regressors (kept), on the fit's sample. */
  columns: Float64Array[];
  /** The fit's residuals u on its sample. */
  residuals: Float64Array;
  /** (X̃'X̃)⁻¹ of the kept regressors. */
  bread: Dense;
  /** For each row of the fit's sample, its unit (cluster) in a numbering shared by all the blocks, 0 … G − 1. */
  units: Int32Array;
}

/**
 * Σ_g S_g S_g' without any factor: the stacked covariance of the blocks' coefficients, rows and
 * columns in block order (block 0's coefficients, then block 1's, …).
 */
export function stackedScoreCovariance(blocks: ScoreBlock[], nUnits: number): Dense {
  const sizes = blocks.map((b) => b.names.length);
  const total = sizes.reduce((s, p) => s + p, 0);
  const sums = new Float64Array(nUnits * total);
  let offset = 0;
  for (const block of blocks) {
    const p = block.names.length;
    const n = block.residuals.length;
    const score = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      const u = block.residuals[i];
      for (let a = 0; a < p; a++) score[a] = block.columns[a][i] * u;
      const base = block.units[i] * total + offset;
      for (let r = 0; r < p; r++) {
        const row = block.bread[r];
        let s = 0;
        for (let a = 0; a < p; a++) s += row[a] * score[a];
        sums[base + r] += s;
      }
    }
    offset += p;
  }
  const V = zeros(total);
  for (let g = 0; g < nUnits; g++) {
    const base = g * total;
    for (let r = 0; r < total; r++) {
      const sr = sums[base + r];
      if (sr === 0) continue;
      const row = V[r];
      for (let c = 0; c < total; c++) row[c] += sr * sums[base + c];
    }
  }
  return V;
}
