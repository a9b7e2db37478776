/**
 * Two fixed effects on a complete balanced cross (every unit in every period once) with row weights
 * constant within each level of one of them — a cluster bootstrap or a permutation of unit-level
 * groups. The weighted projection then has a closed form, from the normal equations:
 *
 *   x̃_ut = x_ut − x̄_u· − x̄ʷ_·t + x̄ʷ,   x̄_u· the unit's mean over periods,
 *   x̄ʷ_·t = Σ_u w_u x_ut / Σ_u w_u,   x̄ʷ the weighted grand mean,
 *
 * taken in two passes. Rows of zero weight get a value too; it does not matter, as their weight is
 * zero. Chosen by `Demeaner` when weights are set on two fixed effects forming a balanced cross
 * and `factorWithConstantWeights` finds the unit effect; other weighted designs iterate
 * (multiWaySweep.ts).
 */
import type { FixedEffectFactor } from "../design/factor";
import type { DemeanReport, DemeanWorkspace } from "./demeanWorkspace";

/** The first fixed effect within each of whose levels every row has the same weight, or −1. */
export function factorWithConstantWeights(factors: FixedEffectFactor[], weights: Float64Array): number {
  for (let f = 0; f < factors.length; f++) {
    const codes = factors[f].codes;
    const first = new Float64Array(factors[f].nLevels).fill(NaN);
    let constant = true;
    for (let i = 0; i < codes.length && constant; i++) {
      const level = codes[i];
      if (Number.isNaN(first[level])) first[level] = weights[i];
      else if (first[level] !== weights[i]) constant = false;
    }
    if (constant) return f;
  }
  return -1;
}

/**
 * Writes x_ut − x̄_u· − x̄ʷ_·t + x̄ʷ into `out` (which may be `x`), `unitFactor` (0 or 1) being the
 * fixed effect whose levels have constant weights; work.weights and work.weightTotals must be set.
 */
export function demeanWeightedBalancedCross(work: DemeanWorkspace, x: Float64Array, out: Float64Array, unitFactor: number): DemeanReport {
  const w = work.weights as Float64Array;
  const unit = work.factors[unitFactor];
  const period = work.factors[1 - unitFactor];
  const unitMean = work.levelSums[unitFactor];
  const periodMean = work.levelSums[1 - unitFactor];
  const periodWeight = work.weightTotals[1 - unitFactor];
  unitMean.fill(0);
  periodMean.fill(0);
  let total = 0;
  let totalWeight = 0;
  for (let i = 0; i < x.length; i++) {
    unitMean[unit.codes[i]] += x[i];
    periodMean[period.codes[i]] += w[i] * x[i];
    total += w[i] * x[i];
    totalWeight += w[i];
  }
  for (let l = 0; l < unitMean.length; l++) unitMean[l] /= unit.counts[l];
  for (let l = 0; l < periodMean.length; l++) periodMean[l] = periodWeight[l] > 0 ? periodMean[l] / periodWeight[l] : 0;
  const grand = totalWeight > 0 ? total / totalWeight : 0;
  for (let i = 0; i < x.length; i++) out[i] = x[i] - unitMean[unit.codes[i]] - periodMean[period.codes[i]] + grand;
  return { iterations: 1, converged: true };
}
