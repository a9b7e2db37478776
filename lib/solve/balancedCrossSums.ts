/**
 * The sums of weighted least squares on a balanced two-way cross (every unit u in every period t
 * once) whose weights are constant within units, w_ut = w_u — a cluster bootstrap's draw, a
 * permutation test's group — from per-unit summaries instead of row by row. With the unit-centred
 * columns d_ut = z_ut − z̄_u·, which no weight changes, the weighted within transformation is
 * (twoWayWeightedBalanced.ts)
 *
 *   z̃_ut = d_ut − m_t,   m_t = Σ_u w_u d_ut / W,   W = Σ_u w_u,
 *
 * and, as Σ_u w_u d_ut = W m_t,
 *
 *   Z̃′WZ̃ = Σ_u w_u S_u − W Σ_t m_t m_t′,   S_u = Σ_t d_ut d_ut′ (once per column set),
 *   Σ_ut w_u (z_ut − z̄_w)² = Σ_u w_u (S_u,zz + T (z̄_u· − z̄_w)²),   z̄_w = Σ_u w_u z̄_u· / W,
 *
 * T the number of periods. A weight vector costs a pass over its rows for m_t and a pass over the
 * units, instead of the rows × columns² of the row-by-row cross products. The sums agree with the
 * row-by-row ones to rounding: the subtraction loses digits only as far as the period means explain
 * the within-unit variation of a column. The caller makes sure the design is this case
 * (`Demeaner.weightedBalancedCross`) and the columns finite.
 */
import type { WeightedBalancedCross } from "../absorb/demean";
import type { ReweightedColumns } from "../absorb/reweightedColumns";
import { weightedPeriodMeans } from "../absorb/twoWayWeightedBalanced";

/** The sums of one weight vector over the K columns of a `ReweightedColumns` (the file comment's formulas). */
export interface BalancedCrossSums {
  /** Z̃′WZ̃ over all K columns, K × K. */
  gram: Float64Array[];
  /** m_t of each column, by period: z̃_ut = d_ut − m_t. */
  periodMeans: Float64Array[];
  /** Σ w (z − z̄_w)² of each raw column: the collinearity yardsticks. */
  centredSumsOfSquares: Float64Array;
}

/** The sums for `weights`, constant within `cross.unit`; `rows` lists the rows of positive weight. */
export function balancedCrossSums(columns: ReweightedColumns, cross: WeightedBalancedCross, weights: Float64Array, rows: Int32Array): BalancedCrossSums {
  const { unit, period } = cross;
  const { centred, means, crossProducts } = columns.unitSummaries(unit);
  const K = centred.length;
  const P = (K * (K + 1)) / 2;
  const unitWeight = new Float64Array(unit.nLevels);
  for (let j = 0; j < rows.length; j++) unitWeight[unit.codes[rows[j]]] = weights[rows[j]];
  let W = 0;
  for (let u = 0; u < unit.nLevels; u++) W += unitWeight[u];
  // m_t: the weighted period means of d, each period's weight being W
  const periodMeans = weightedPeriodMeans(centred, weights, period.codes, new Float64Array(period.nLevels).fill(W), W, rows).means;
  // Σ_u w_u S_u, packed as the crossProducts of one unit
  const S = new Float64Array(P);
  for (let u = 0; u < unit.nLevels; u++) {
    const wu = unitWeight[u];
    if (wu > 0) for (let q = 0; q < P; q++) S[q] += wu * crossProducts[u * P + q];
  }
  const gram = Array.from({ length: K }, () => new Float64Array(K));
  for (let a = 0, q = 0; a < K; a++) {
    for (let b = 0; b <= a; b++, q++) {
      let mm = 0;
      for (let t = 0; t < period.nLevels; t++) mm += periodMeans[a][t] * periodMeans[b][t];
      gram[a][b] = gram[b][a] = S[q] - W * mm;
    }
  }
  const centredSumsOfSquares = Float64Array.from(means, (mean, k) => {
    let meanW = 0;
    for (let u = 0; u < unit.nLevels; u++) meanW += unitWeight[u] * mean[u];
    meanW = W > 0 ? meanW / W : 0;
    let ss = 0;
    for (let u = 0; u < unit.nLevels; u++) ss += unitWeight[u] * (crossProducts[u * P + (k * (k + 1)) / 2 + k] + unit.counts[u] * (mean[u] - meanW) ** 2);
    return ss;
  });
  return { gram, periodMeans, centredSumsOfSquares };
}
