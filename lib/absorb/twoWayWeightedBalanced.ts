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
 */
export function demeanWeightedBalancedRows(work: DemeanWorkspace, columns: ReweightedColumns, rows: Int32Array, out: Float64Array[], unitFactor: number): void {
  const w = work.weights as Float64Array;
  const periodCodes = work.factors[1 - unitFactor].codes;
  let totalWeight = 0;
  for (let j = 0; j < rows.length; j++) totalWeight += w[rows[j]];
  const { means, grand } = weightedPeriodMeans(columns.values, w, periodCodes, work.weightTotals[1 - unitFactor], totalWeight, rows);
  writeCentredRows(columns.centredWithin(work.factors[unitFactor]), means, grand, periodCodes, rows, out);
}

/**
 * Of each column x: x̄ʷ_·t = Σ w·x / periodWeight[t] by period (0 for a period without weight) and
 * x̄ʷ = Σ w·x / totalWeight (0 without weight), the sums taken over `rows` in order. Four columns
 * share each pass over the rows, every sum keeping its own order.
 */
export function weightedPeriodMeans(
  columns: readonly Float64Array[],
  w: Float64Array,
  periodCodes: Int32Array,
  periodWeight: Float64Array,
  totalWeight: number,
  rows: Int32Array,
): { means: Float64Array[]; grand: Float64Array } {
  const means = columns.map(() => new Float64Array(periodWeight.length));
  const grand = new Float64Array(columns.length);
  // a short last block sums its last column again into sums of its own, unused
  for (let k = 0; k < columns.length; k += 4) {
    const ks = [k, k + 1, k + 2, k + 3].filter((c) => c < columns.length);
    const padded = [0, 1, 2, 3].map((q) => ks[q] ?? ks[0]);
    const sums = [0, 1, 2, 3].map((q) => (q < ks.length ? means[ks[q]] : new Float64Array(periodWeight.length)));
    const totals = weightedSumsOfFour(padded.map((c) => columns[c]), sums, w, periodCodes, rows);
    ks.forEach((c, q) => (grand[c] = totalWeight > 0 ? totals[q] / totalWeight : 0));
  }
  for (const m of means) for (let t = 0; t < m.length; t++) m[t] = periodWeight[t] > 0 ? m[t] / periodWeight[t] : 0;
  return { means, grand };
}

/** Σ w·x by period into sums[q] (zeroed first) and in all, for four columns x = columns[q], over `rows` in order. */
function weightedSumsOfFour(columns: Float64Array[], sums: Float64Array[], w: Float64Array, periodCodes: Int32Array, rows: Int32Array): number[] {
  const [x0, x1, x2, x3] = columns;
  const [m0, m1, m2, m3] = sums;
  for (const m of sums) m.fill(0);
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
    m0[t] += v0;
    m1[t] += v1;
    m2[t] += v2;
    m3[t] += v3;
    s0 += v0;
    s1 += v1;
    s2 += v2;
    s3 += v3;
  }
  return [s0, s1, s2, s3];
}

/** out[k][j] = d_k − means_k[t] + grand_k at row rows[j] (t its period), d = centred[k]; four columns a pass. */
function writeCentredRows(centred: readonly Float64Array[], means: Float64Array[], grand: Float64Array, periodCodes: Int32Array, rows: Int32Array, out: Float64Array[]): void {
  const last = centred.length - 1;
  // a short last block repeats its last column, which writes the same values twice
  for (let k = 0; k <= last; k += 4) {
    const ks = [k, Math.min(k + 1, last), Math.min(k + 2, last), Math.min(k + 3, last)];
    const [d0, d1, d2, d3] = ks.map((c) => centred[c]);
    const [m0, m1, m2, m3] = ks.map((c) => means[c]);
    const [g0, g1, g2, g3] = ks.map((c) => grand[c]);
    const [o0, o1, o2, o3] = ks.map((c) => out[c]);
    for (let j = 0; j < rows.length; j++) {
      const i = rows[j];
      const t = periodCodes[i];
      o0[j] = d0[i] - m0[t] + g0;
      o1[j] = d1[i] - m1[t] + g1;
      o2[j] = d2[i] - m2[t] + g2;
      o3[j] = d3[i] - m3[t] + g3;
    }
  }
}
