/**
 * Two fixed effects without weights, not a balanced cross, rows sorted by the first effect a (a
 * panel sorted by unit: each level a run of rows), the second with few levels (a reduced system,
 * reducedSystem.ts) and `out` not `x`: the direct solve in two passes over the data, each run read
 * twice while it is in cache. Chosen by `Demeaner` whenever these hold.
 *
 *   pass 1, level by level: s_a = Σ x, then r_b += x − s_a/n_a   (r = s_B − C'D_A⁻¹s_A);
 *   β = S⁺r, with iterative refinement;
 *   pass 2, level by level: α_a = (s_a − Σ β_b)/n_a, x̃ = x − α_a − β_b, and e_b += x̃.
 *
 * e_b/n_b = G(β)_b − β_b, the move of one Gauss–Seidel sweep, so max_b |e_b|/n_b ≤ threshold is
 * the iteration's own convergence test. e = r − Sβ is the residual of the normal equations on
 * the data, so when the test fails β += S⁺e and pass 2 is repeated (refinement against the data:
 * r rounds at the scale of its large sums, e does not). Rare designs that still fail (nearly
 * disconnected) hand over to the Irons–Tuck iteration (ironsTuck.ts), which continues from G(β).
 *
 * bench/README.md ("Unbalanced two-way demeaning in two passes") has the measurements.
 */
import { scaleFromMoments } from "./convergence";
import type { DemeanReport, DemeanWorkspace } from "./demeanWorkspace";
import { ironsTuck } from "./ironsTuck";
import { solveRefined, type ReducedSystem } from "./reducedSystem";
import { subtractRunEffectsTwo } from "./rowPasses";
import { levelBlocks, sweepTwo } from "./twoWaySweep";

/** Passes 2 and refinements against the data before the iteration takes over. */
const MAX_PASSES = 3;

/** Writes x − α_a − β_b into `out` (not `x`) in two passes over rows sorted by the first fixed effect. */
export function demeanSortedTwoPass(work: DemeanWorkspace, x: Float64Array, out: Float64Array, reduced: ReducedSystem): DemeanReport {
  const { start } = levelBlocks(work);
  const b = work.factors[1].codes;
  const countB = work.factors[1].counts;
  const sumA = work.levelSums[0];
  const alpha = work.alpha[0];
  const beta = work.alpha[1];
  const { gx: rhs, ggx: move } = work;
  const n = x.length;
  const moments = runSumsAndDeviations(x, b, start, sumA, rhs, move);
  const scale = scaleFromMoments(moments[0], moments[1], n);
  const threshold = work.options.tolerance * scale;
  solveRefined(reduced, countB, rhs, beta, move, threshold);

  for (let pass = 1; ; pass++) {
    subtractRunEffects(x, b, start, sumA, beta, alpha, out, move);
    let worst = 0;
    for (let k = 0; k < beta.length; k++) if (countB[k] > 0) worst = Math.max(worst, Math.abs(move[k] / countB[k]));
    if (worst <= threshold) return { iterations: pass, converged: true };
    if (pass === MAX_PASSES) break;
    solveRefined(reduced, countB, move, rhs, work.x0, threshold);
    for (let k = 0; k < beta.length; k++) beta[k] += rhs[k];
  }
  return iterateFromLastPass(work, x, out, scale);
}

/**
 * Rounding trouble (a nearly disconnected design): the level sums of the second effect, then the
 * Irons–Tuck iteration from G(β) = β + e/n_B (β in work.alpha[1], e in work.ggx), and x̃ written again.
 */
function iterateFromLastPass(work: DemeanWorkspace, x: Float64Array, out: Float64Array, scale: number): DemeanReport {
  const { start } = levelBlocks(work);
  const b = work.factors[1].codes;
  const countB = work.factors[1].counts;
  const beta = work.alpha[1];
  const move = work.ggx;
  const n = x.length;
  const sumB = work.levelSums[1];
  sumB.fill(0);
  for (let i = 0; i < n; i++) sumB[b[i]] += x[i];
  for (let k = 0; k < beta.length; k++) work.x0[k] = countB[k] > 0 ? beta[k] + move[k] / countB[k] : 0;
  const more = ironsTuck(work, scale, sweepTwo, true);
  subtractRunEffectsTwo(x, b, start, work.alpha[0], beta, out);
  return { iterations: MAX_PASSES + more.iterations, converged: more.converged };
}

/**
 * Pass 1 over rows sorted into runs of the first effect's levels (run l = rows start[l] … start[l+1]):
 * sumA_l = Σ x over the run, and rhs_b += Σ_{i∈b} (x_i − x̄_{a_i}), added through `partial` every
 * 256 runs so that the totals round at the scale of deviations. Returns Σ(x − x₀), Σ(x − x₀)².
 */
function runSumsAndDeviations(x: Float64Array, b: Int32Array, start: Int32Array, sumA: Float64Array, rhs: Float64Array, partial: Float64Array): [number, number] {
  const levels = start.length - 1;
  rhs.fill(0);
  partial.fill(0);
  const shift = x.length > 0 ? x[0] : 0;
  let s1 = 0;
  let s2 = 0;
  for (let l = 0; l < levels; l++) {
    const from = start[l];
    const to = start[l + 1];
    let acc = 0;
    for (let i = from; i < to; i++) {
      const v = x[i];
      acc += v;
      const d = v - shift;
      s1 += d;
      s2 += d * d;
    }
    sumA[l] = acc;
    const mean = to > from ? acc / (to - from) : 0;
    for (let i = from; i < to; i++) partial[b[i]] += x[i] - mean;
    if ((l & 255) === 255 || l === levels - 1) {
      for (let k = 0; k < rhs.length; k++) rhs[k] += partial[k];
      partial.fill(0);
    }
  }
  return [s1, s2];
}

/**
 * Pass 2: α_l = (sumA_l − Σ_{i∈l} β_{b_i}) / n_l, out = x − α − β, and move_b = Σ_{i∈b} out_i.
 */
function subtractRunEffects(
  x: Float64Array,
  b: Int32Array,
  start: Int32Array,
  sumA: Float64Array,
  beta: Float64Array,
  alpha: Float64Array,
  out: Float64Array,
  move: Float64Array,
): void {
  move.fill(0);
  const levels = start.length - 1;
  for (let l = 0; l < levels; l++) {
    const from = start[l];
    const to = start[l + 1];
    let acc = 0;
    for (let i = from; i < to; i++) acc += beta[b[i]];
    const value = to > from ? (sumA[l] - acc) / (to - from) : 0;
    alpha[l] = value;
    for (let i = from; i < to; i++) {
      const code = b[i];
      const residual = x[i] - value - beta[code];
      out[i] = residual;
      move[code] += residual;
    }
  }
}
