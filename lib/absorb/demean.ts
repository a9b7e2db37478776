/**
 * The demeaning of a sample's variables by its fixed effects: `Demeaner` picks one of the paths
 * below for each call, and the paths live in modules of their own in lib/absorb/:
 *
 *   oneWay.ts                  one fixed effect: subtract group means, exact in one pass
 *   twoWayBalanced.ts          two, a complete balanced cross: x − x̄_a − x̄_b + x̄ in closed form
 *   twoWayWeightedBalanced.ts  two, a balanced cross with weights constant within one effect: closed form
 *   twoWayWeightedSorted.ts    two, weighted, rows sorted by the first, few levels in the second: the
 *                              weighted reduced-system solve in two passes over the data
 *   twoWaySortedTwoPass.ts     two, unbalanced, rows sorted by the first, few levels in the second:
 *                              the reduced-system solve in two passes over the data
 *   twoWayUnbalanced.ts        two, unbalanced, any row order: the reduced-system solve or the iteration
 *   reducedSystem.ts           the L_b × L_b reduced system S β = r of two fixed effects, built and factored
 *   twoWaySweep.ts             the two-way Gauss–Seidel sweep and the grouping of rows it reads
 *   multiWaySweep.ts           three or more fixed effects, or other weights: the general sweep, iterated
 *   ironsTuck.ts               the Irons–Tuck accelerated iteration, and the fallback of the direct paths
 *   reweightedColumns.ts       columns demeaned under many weight vectors (`demeanRows`): what no weight changes, kept
 *   demeanWorkspace.ts, rowPasses.ts, convergence.ts   shared buffers, row passes and yardsticks
 */
import type { FixedEffectFactor } from "../design/factor";
import { createDemeanWorkspace, DEFAULT_DEMEAN_OPTIONS, levelWeightTotals, type DemeanOptions, type DemeanReport, type DemeanWorkspace } from "./demeanWorkspace";
import { demeanMultiWay } from "./multiWaySweep";
import { demeanOneWay } from "./oneWay";
import { reducedSystemFor, type ReducedSystem } from "./reducedSystem";
import { demeanBalancedCross, isCompleteBalancedCross } from "./twoWayBalanced";
import { demeanSortedTwoPass } from "./twoWaySortedTwoPass";
import { demeanTwoWayUnbalanced } from "./twoWayUnbalanced";
import { rowsInBlocks } from "./twoWaySweep";
import type { ReweightedColumns } from "./reweightedColumns";
import { demeanWeightedBalancedCross, demeanWeightedBalancedRows, factorWithConstantWeights } from "./twoWayWeightedBalanced";
import { demeanWeightedSortedTwoPass, weightedReducedSystemFor } from "./twoWayWeightedSorted";

export { DEFAULT_DEMEAN_OPTIONS, type DemeanOptions, type DemeanReport } from "./demeanWorkspace";

/** A balanced two-way cross whose row weights are constant within the levels of `unit` (`Demeaner.weightedBalancedCross`). */
export interface WeightedBalancedCross {
  unit: FixedEffectFactor;
  period: FixedEffectFactor;
}

/**
 * Projects variables off any number of fixed effects: x̃ = x − Σ_f D_f α_f, where α solves
 * min ‖x − Σ_f D_f α_f‖² (the within transformation; Frisch–Waugh–Lovell).
 *
 * One fixed effect is exact in one pass (subtract group means). With several, α is found by
 * alternating projections in coefficient space (block Gauss–Seidel: α_f = group means of
 * x − Σ_{g≠f} D_g α_g), accelerated by Irons & Tuck (1969) as in Bergé (2018, fixest),
 * which converges in a few iterations on unbalanced panels. The state is the coefficients of
 * every fixed effect but the first (the first is implied), so each sweep costs O(N·F²) time,
 * reads the codes computed once for the sample, and allocates nothing.
 *
 * Two fixed effects without weights — the common case — take a specialised path (as fixest does):
 * the per-level sums of x are computed once, a sweep is one pass over the second effect's codes
 * grouped by the first effect's level (grouped once per sample), and the residual one more pass.
 * When the two fixed effects form a complete balanced cross (every pair of levels once), the first
 * sweep is already exact and x̃ = x − x̄_a − x̄_b + x̄ is taken directly, in two passes. When the
 * second effect has few levels (years), the fixed point is solved directly from a small linear
 * system (`reducedSystemFor`); rows sorted by the first effect then need two passes in all
 * (`demeanSortedTwoPass`).
 *
 * This class only chooses the path and keeps what a sample's paths share (the work buffers, the
 * row grouping, the factored reduced system); the module list above says where each path is.
 *
 * Guimarães & Portugal (2010); Gaure (2013), "OLS with multiple high dimensional category variables".
 */
export class Demeaner {
  readonly nobs: number;
  // Codes, work buffers (allocated once per sample), row weights and the row grouping.
  private readonly work: DemeanWorkspace;
  // With weights on a balanced cross: the fixed effect within whose levels the weights are constant (−1: none).
  private weightedUnit = -1;
  // Two fixed effects forming a complete balanced cross; decided on first use.
  private balancedCross: boolean | undefined;
  // Two fixed effects, few levels in the second: the factored reduced system (null: not used).
  private reduced: ReducedSystem | null | undefined;
  // Two weighted fixed effects, rows in runs of the first: the factored weighted reduced system (null: not used).
  private weightedReduced: ReducedSystem | null | undefined;
  // Weights set and their per-level totals not computed yet.
  private weightTotalsDue = false;
  // A full-length column for `demeanRows` on the other paths, allocated on first use.
  private fullColumn: Float64Array | undefined;

  constructor(
    factors: FixedEffectFactor[],
    readonly options: DemeanOptions = DEFAULT_DEMEAN_OPTIONS,
  ) {
    this.work = createDemeanWorkspace(factors, options);
    this.nobs = this.work.nobs;
  }

  /**
   * Sets row weights for the following calls (null for none): the projection becomes weighted,
   * α_f = Σ_i w_i(·)/Σ_i w_i within each level, as a frequency-weighted (or resampled) sample
   * needs. A level whose weights sum to zero gets α = 0. The group codes are not recomputed; the
   * weights are read, not copied, and must not change until the next call.
   */
  setWeights(weights: Float64Array | null): void {
    const { factors } = this.work;
    this.work.weights = weights;
    this.weightedUnit = weights && factors.length === 2 && this.isBalancedCross() ? factorWithConstantWeights(factors, weights) : -1;
    this.work.weightTotals = [];
    this.weightTotalsDue = weights !== null;
    this.weightedReduced = undefined;
  }

  /** Σw per level, computed on the first demeaning after `setWeights` (the sums of unit summaries need none). */
  private ensureWeightTotals(): void {
    if (!this.weightTotalsDue) return;
    this.work.weightTotals = levelWeightTotals(this.work.factors, this.work.weights as Float64Array);
    this.weightTotalsDue = false;
  }

  /**
   * Writes x − Σ_f D_f α_f into `out` (which may be `x` itself).
   */
  demean(x: Float64Array, out: Float64Array = new Float64Array(x.length)): DemeanReport {
    this.ensureWeightTotals();
    const work = this.work;
    const F = work.factors.length;
    if (F === 0) {
      if (out !== x) out.set(x);
      return { iterations: 0, converged: true };
    }
    if (F === 2 && !work.weights) return this.demeanTwo(x, out);
    if (F === 2 && work.weights && this.weightedUnit >= 0) return demeanWeightedBalancedCross(work, x, out, this.weightedUnit);
    if (F === 2 && work.weights && out !== x) {
      if (this.weightedReduced === undefined) this.weightedReduced = weightedReducedSystemFor(work) ?? null;
      if (this.weightedReduced) return demeanWeightedSortedTwoPass(work, x, out, this.weightedReduced);
    }
    if (F === 1) return demeanOneWay(work, x, out);
    return demeanMultiWay(work, x, out);
  }

  /**
   * Demeans every column of `columns` and keeps `rows` only: out[k][j] = x̃_k at row rows[j], the values
   * `demean` gives there. With weights set, `rows` may leave out rows of weight 0 (their x̃ is never
   * read; with finite columns they add only zeros to the weighted sums). On a balanced cross with
   * weights constant within one effect this takes the two passes over `rows` of
   * `demeanWeightedBalancedRows`, reusing the columns' centred values; otherwise each column is
   * demeaned in full and the rows picked.
   */
  demeanRows(columns: ReweightedColumns, rows: Int32Array, out: Float64Array[]): void {
    this.ensureWeightTotals();
    if (this.work.weights && this.weightedUnit >= 0) return demeanWeightedBalancedRows(this.work, columns, rows, out, this.weightedUnit);
    columns.values.forEach((x, k) => {
      // (without fixed effects `nobs` is 0: the columns give the length)
      if (this.fullColumn?.length !== x.length) this.fullColumn = new Float64Array(x.length);
      const full = this.fullColumn;
      this.demean(x, full);
      for (let j = 0; j < rows.length; j++) out[k][j] = full[rows[j]];
    });
  }

  /**
   * With weights set on two fixed effects that form a complete balanced cross, constant within the
   * levels of one of them: that effect (`unit`) and the other (`period`), the case of the closed form
   * of twoWayWeightedBalanced.ts; otherwise undefined.
   */
  weightedBalancedCross(): WeightedBalancedCross | undefined {
    const { weights, factors } = this.work;
    return weights && this.weightedUnit >= 0 ? { unit: factors[this.weightedUnit], period: factors[1 - this.weightedUnit] } : undefined;
  }

  /** Two fixed effects, no weights: the closed form, the sorted two-pass solve, or the general two-way path. */
  private demeanTwo(x: Float64Array, out: Float64Array): DemeanReport {
    const work = this.work;
    if (this.isBalancedCross()) return demeanBalancedCross(work, x, out);
    const reduced = this.reducedSystem();
    if (out !== x && reduced && rowsInBlocks(work)) return demeanSortedTwoPass(work, x, out, reduced);
    return demeanTwoWayUnbalanced(work, x, out, reduced);
  }

  /** Whether the two fixed effects form a complete balanced cross (decided once per sample). */
  private isBalancedCross(): boolean {
    if (this.balancedCross === undefined) {
      const [fa, fb] = this.work.factors;
      this.balancedCross = isCompleteBalancedCross(fa, fb, this.nobs);
    }
    return this.balancedCross;
  }

  /** The factored reduced system of the two fixed effects, built on first use; undefined when too large. */
  private reducedSystem(): ReducedSystem | undefined {
    if (this.reduced === undefined) this.reduced = reducedSystemFor(this.work) ?? null;
    return this.reduced === null ? undefined : this.reduced;
  }
}
