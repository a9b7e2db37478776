/**
 * Two fixed effects forming a complete balanced cross (every pair of levels exactly once, e.g. a
 * balanced panel of units × periods), without weights: the first Gauss–Seidel sweep is already
 * exact, and the within transformation has the closed form
 *
 *   x̃ = x − x̄_a − x̄_b + x̄,   i.e. α_a = x̄_a, β_b = x̄_b − x̄,
 *
 * taken in two passes (level sums, then the residual). Rows sorted by the first effect (a panel
 * sorted by unit) sum each unit in a register. Chosen by `Demeaner` for two unweighted fixed
 * effects whenever `isCompleteBalancedCross` holds. The weighted variant is twoWayWeightedBalanced.ts.
 */
import type { FixedEffectFactor } from "../design/factor";
import type { DemeanReport, DemeanWorkspace } from "./demeanWorkspace";
import { levelSumsTwo, subtractRunEffectsTwo, subtractTwo } from "./rowPasses";
import { levelBlocks, rowsInBlocks } from "./twoWaySweep";

/** Whether two fixed effects on `nobs` rows form a complete balanced cross: N = L_a · L_b, each pair once. */
export function isCompleteBalancedCross(fa: FixedEffectFactor, fb: FixedEffectFactor, nobs: number): boolean {
  let balanced = fa.nLevels * fb.nLevels === nobs && fb.nLevels > 0;
  if (balanced) {
    const seen = new Int32Array((nobs >>> 5) + 1); // one bit per pair
    const a = fa.codes;
    const b = fb.codes;
    const L = fb.nLevels;
    for (let i = 0; i < nobs && balanced; i++) {
      const key = a[i] * L + b[i];
      const bit = 1 << (key & 31);
      if (seen[key >>> 5] & bit) balanced = false;
      seen[key >>> 5] |= bit;
    }
  }
  return balanced;
}

/** Writes x − x̄_a − x̄_b + x̄ into `out` (which may be `x`); the two fixed effects must form a complete balanced cross. */
export function demeanBalancedCross(work: DemeanWorkspace, x: Float64Array, out: Float64Array): DemeanReport {
  const a = work.factors[0].codes;
  const b = work.factors[1].codes;
  const sumA = work.levelSums[0];
  const sumB = work.levelSums[1];
  const alpha = work.alpha[0];
  const beta = work.alpha[1];
  if (rowsInBlocks(work)) {
    // A balanced panel sorted by unit: each unit's sum in a register, x̃ = x − x̄_a − (x̄_b − x̄).
    const { start } = levelBlocks(work);
    runLevelSums(x, b, start, sumA, sumB);
    balancedCrossEffects(work);
    subtractRunEffectsTwo(x, b, start, alpha, beta, out);
  } else {
    levelSumsTwo(x, a, b, sumA, sumB);
    balancedCrossEffects(work);
    subtractTwo(x, a, b, alpha, beta, out);
  }
  return { iterations: 1, converged: true };
}

/** From the level sums of a complete balanced cross: α_a = x̄_a, β_b = x̄_b − x̄ (the exact two-way within transformation). */
function balancedCrossEffects(work: DemeanWorkspace): void {
  const [sumA, sumB] = work.levelSums;
  const [alpha, beta] = work.alpha;
  const countA = work.factors[0].counts;
  const countB = work.factors[1].counts;
  let total = 0;
  for (let l = 0; l < alpha.length; l++) {
    alpha[l] = sumA[l] / countA[l];
    total += sumA[l];
  }
  const mean = total / work.nobs;
  for (let l = 0; l < beta.length; l++) beta[l] = sumB[l] / countB[l] - mean;
}

/** Over rows sorted into runs of the first effect's levels: sumA_l = Σ x over run l (in a register), sumB[b_i] += x_i. */
function runLevelSums(x: Float64Array, b: Int32Array, start: Int32Array, sumA: Float64Array, sumB: Float64Array): void {
  sumB.fill(0);
  const levels = start.length - 1;
  for (let l = 0; l < levels; l++) {
    let acc = 0;
    for (let i = start[l]; i < start[l + 1]; i++) {
      const v = x[i];
      acc += v;
      sumB[b[i]] += v;
    }
    sumA[l] = acc;
  }
}
