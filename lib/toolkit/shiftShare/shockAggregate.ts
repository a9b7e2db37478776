/**
 * The shock-level view of a shift-share design (Borusyak, Hull & Jaravel 2022, "Quasi-Experimental
 * Shift-Share Research Designs", REStud 89(1), §3 and Proposition 1; their Stata/R `ssaggregate`):
 * region-level variables, already residualised on the controls, become exposure-weighted averages per
 * sector,
 *
 *   s_n = Σ_i e_i w_in / Σ_m Σ_i e_i w_im,   v̄_n = Σ_i e_i w_in ṽ_i / Σ_i e_i w_in,
 *
 * with e_i the regression weights (1 unweighted). s_n is normalised to sum to one, as `ssaggregate`
 * does; the scale does not change a weighted estimate or its robust variance. A sector without exposure
 * (Σ_i e_i w_in = 0) has no average and is left out.
 */
import type { SparseShares } from "./shareMatrix";

/** Exposure weights and sector averages of the sectors with exposure. */
export interface ShockAggregates {
  /** Share columns (0-based) with positive exposure, in order. */
  sectors: number[];
  /** s_n of those sectors (sums to 1). */
  exposure: Float64Array;
  /** One array of sector averages v̄_n per variable given, over those sectors. */
  means: Float64Array[];
}

/**
 * Aggregates the (residualised) region-level variables to the sectors.
 * @param w the share matrix on the estimation sample
 * @param weights e_i (undefined: 1)
 * @param variables ṽ per variable, on the estimation sample
 * @example aggregateToShocks(w, undefined, [ddY, ddX]).means[0] // ȳ_n
 */
export function aggregateToShocks(w: SparseShares, weights: Float64Array | undefined, variables: Float64Array[]): ShockAggregates {
  const sectors: number[] = [];
  const raw: number[] = [];
  const sums: number[][] = variables.map(() => []);
  for (let s = 0; s < w.ncols; s++) {
    let exposure = 0;
    const acc = new Float64Array(variables.length);
    for (let k = w.colStart[s]; k < w.colStart[s + 1]; k++) {
      const i = w.colIndex[k];
      const ew = (weights ? weights[i] : 1) * w.colValues[k];
      exposure += ew;
      for (let v = 0; v < variables.length; v++) acc[v] += ew * variables[v][i];
    }
    if (exposure === 0) continue;
    sectors.push(s);
    raw.push(exposure);
    acc.forEach((a, v) => sums[v].push(a / exposure));
  }
  const total = raw.reduce((a, b) => a + b, 0);
  return { sectors, exposure: Float64Array.from(raw, (e) => e / total), means: sums.map((m) => Float64Array.from(m)) };
}
