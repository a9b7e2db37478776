/**
 * One fixed effect: the within transformation is exact in one pass, x̃_i = x_i − x̄_{a_i}, the mean
 * of x over the rows of i's level (with weights, x̄ʷ_a = Σ_{i∈a} w_i x_i / Σ_{i∈a} w_i). A level
 * whose weights sum to zero gets α = 0. Chosen by `Demeaner` whenever there is a single fixed effect.
 */
import { divisors, type DemeanReport, type DemeanWorkspace } from "./demeanWorkspace";
import { levelSumsOfEach, subtractFitted } from "./rowPasses";

/** Writes x minus its (weighted) group means into `out` (which may be `x`); always one pass, converged. */
export function demeanOneWay(work: DemeanWorkspace, x: Float64Array, out: Float64Array): DemeanReport {
  levelSumsOfEach(work.factors, work.levelSums, x, work.weights);
  const alpha = work.alpha[0];
  const counts = divisors(work, 0);
  const sums = work.levelSums[0];
  for (let l = 0; l < alpha.length; l++) alpha[l] = counts[l] > 0 ? sums[l] / counts[l] : 0;
  subtractFitted(work.factors, work.alpha, x, out);
  return { iterations: 1, converged: true };
}
