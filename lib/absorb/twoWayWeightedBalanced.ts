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
 *
 * Many weight vectors on the same columns (`Demeaner.demeanRows`): x − x̄_u· does not depend on the
 * weights and is computed once per column (`ReweightedColumns`, reweightedColumns.ts); each weight
 * vector then costs a pass for x̄ʷ_·t and x̄ʷ and a pass writing (x − x̄_u·) − x̄ʷ_·t + x̄ʷ, both
 * over the rows of positive weight only (a row of zero weight adds zeros to every weighted sum).
 */
import type { FixedEffectFactor } from "../design/factor";
import type { DemeanReport, DemeanWorkspace } from "./demeanWorkspace";
import type { ReweightedColumns } from "./reweightedColumns";

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

/**
 * `demeanWeightedBalancedCross` of every column, on `rows` only: out[k][j] = x̃_k at row rows[j]. `rows`
 * lists, in order, every row of nonzero weight (a row left out must have weight 0); with finite
 * columns the values are bit for bit those of `demeanWeightedBalancedCross` on those rows, as the
 * sums skip only zeros and (x − x̄_u·) is the first subtraction of its x − x̄_u· − x̄ʷ_·t + x̄ʷ.
 * Four columns share each pass over the rows, every sum keeping its own order.
 */
export function demeanWeightedBalancedRows(work: DemeanWorkspace, columns: ReweightedColumns, rows: Int32Array, out: Float64Array[], unitFactor: number): void {
  const w = work.weights as Float64Array;
  const period = work.factors[1 - unitFactor];
  const centred = columns.centredWithin(work.factors[unitFactor]);
  let totalWeight = 0;
  for (let j = 0; j < rows.length; j++) totalWeight += w[rows[j]];
  const T = period.nLevels;
  const means = new Float64Array(4 * T);
  const grand = new Float64Array(4);
  const last = columns.values.length - 1;
  for (let k = 0; k <= last; k += 4) {
    // a short last block repeats its last column, which writes the same values twice
    const ks = [k, Math.min(k + 1, last), Math.min(k + 2, last), Math.min(k + 3, last)];
    const [x0, x1, x2, x3] = ks.map((c) => columns.values[c]);
    weightedMeansOfFour(x0, x1, x2, x3, w, period.codes, work.weightTotals[1 - unitFactor], totalWeight, rows, means, grand);
    const [d0, d1, d2, d3] = ks.map((c) => centred[c]);
    const [o0, o1, o2, o3] = ks.map((c) => out[c]);
    for (let j = 0; j < rows.length; j++) {
      const i = rows[j];
      const t = period.codes[i];
      o0[j] = d0[i] - means[t] + grand[0];
      o1[j] = d1[i] - means[T + t] + grand[1];
      o2[j] = d2[i] - means[2 * T + t] + grand[2];
      o3[j] = d3[i] - means[3 * T + t] + grand[3];
    }
  }
}

/**
 * x̄ʷ_·t of four columns into means[q·T + t] (0 for a period without weight) and x̄ʷ into grand[q],
 * q = 0 … 3, T the number of periods: Σ w·x summed over `rows` in order, divided by the period's Σw
 * (`periodWeight`) and by `totalWeight`.
 */
function weightedMeansOfFour(
  x0: Float64Array,
  x1: Float64Array,
  x2: Float64Array,
  x3: Float64Array,
  w: Float64Array,
  periodCodes: Int32Array,
  periodWeight: Float64Array,
  totalWeight: number,
  rows: Int32Array,
  means: Float64Array,
  grand: Float64Array,
): void {
  const T = periodWeight.length;
  means.fill(0);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j];
    const t = periodCodes[i];
    const wi = w[i];
    const v0 = wi * x0[i];
    const v1 = wi * x1[i];
    const v2 = wi * x2[i];
    const v3 = wi * x3[i];
    means[t] += v0;
    means[T + t] += v1;
    means[2 * T + t] += v2;
    means[3 * T + t] += v3;
    s0 += v0;
    s1 += v1;
    s2 += v2;
    s3 += v3;
  }
  for (let q = 0; q < 4; q++) for (let t = 0; t < T; t++) means[q * T + t] = periodWeight[t] > 0 ? means[q * T + t] / periodWeight[t] : 0;
  [s0, s1, s2, s3].forEach((s, q) => (grand[q] = totalWeight > 0 ? s / totalWeight : 0));
}
