/**
 * Two fixed effects without weights that do not form a balanced cross, in any row order — the
 * general two-way path (as fixest has one). The per-level sums of x are computed once (one pass),
 * the fixed point of the two-way Gauss–Seidel sweep (twoWaySweep.ts) is found, and the residual
 * x̃ = x − α_a − β_b is written in one more pass.
 *
 * The fixed point is solved directly from the small reduced system S β = r when the second effect
 * has few levels (reducedSystem.ts; `reduced` given), checked by one sweep on the data, with the
 * Irons–Tuck iteration (ironsTuck.ts) continuing from there in the rare designs where rounding
 * keeps it short of the tolerance (nearly disconnected). Otherwise the iteration alone, from 0.
 * Chosen by `Demeaner` unless the sorted two-pass path applies (twoWaySortedTwoPass.ts: rows sorted
 * by the first effect, a reduced system, and `out` not `x`).
 */
import { scaleFromMoments } from "./convergence";
import type { DemeanReport, DemeanWorkspace } from "./demeanWorkspace";
import { ironsTuck } from "./ironsTuck";
import { directSolve, type ReducedSystem } from "./reducedSystem";
import { levelSumsTwo, subtractTwo } from "./rowPasses";
import { sweepTwo } from "./twoWaySweep";

/**
 * Writes x − α_a − β_b into `out` (which may be `x`): one pass for the level sums, the direct solve
 * (`reduced`) or the iteration (two passes over the codes per sweep), one pass for the residual.
 */
export function demeanTwoWayUnbalanced(work: DemeanWorkspace, x: Float64Array, out: Float64Array, reduced: ReducedSystem | undefined): DemeanReport {
  const n = x.length;
  const a = work.factors[0].codes;
  const b = work.factors[1].codes;
  // Level sums, and Σ(x − x₀), Σ(x − x₀)² for the scale of the convergence threshold.
  const [s1, s2] = levelSumsTwo(x, a, b, work.levelSums[0], work.levelSums[1]);
  const scale = scaleFromMoments(s1, s2, n);
  let report: DemeanReport;
  if (reduced) {
    report = directSolve(work, reduced, work.options.tolerance * scale);
    if (!report.converged) {
      // Rounding trouble (a nearly disconnected design): iterate from the direct solution.
      const more = ironsTuck(work, scale, sweepTwo, true);
      report = { iterations: report.iterations + more.iterations, converged: more.converged };
    }
  } else {
    report = ironsTuck(work, scale, sweepTwo);
  }
  subtractTwo(x, a, b, work.alpha[0], work.alpha[1], out);
  return report;
}
