import type { FixedEffectFactor } from "../design/factor";

/** Convergence settings of the iterative demeaning. */
export interface DemeanOptions {
  /** Stop when no fixed-effect coefficient moves by more than tolerance × the scale of the variable. */
  tolerance: number;
  maxIterations: number;
}

export const DEFAULT_DEMEAN_OPTIONS: DemeanOptions = { tolerance: 1e-13, maxIterations: 10_000 };

/** Outcome of demeaning one variable. */
export interface DemeanReport {
  iterations: number;
  converged: boolean;
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
 * grouped by the first effect's level (grouped once per sample), and the residual one more pass. When the two fixed effects form a complete balanced cross (every pair of levels once),
 * the first sweep is already exact and x̃ = x − x̄_a − x̄_b + x̄ is taken directly, in two passes.
 * When the second effect has few levels (years), the fixed point is solved directly from a small
 * linear system (`reducedSystem`); rows sorted by the first effect then need two passes in all
 * (`demeanTwoInBlocks`).
 *
 * Guimarães & Portugal (2010); Gaure (2013), "OLS with multiple high dimensional category variables".
 */
export class Demeaner {
  readonly nobs: number;
  private readonly factors: FixedEffectFactor[];
  private readonly offsets: number[];
  private readonly stateSize: number;
  // Work buffers, allocated once per sample.
  private readonly levelSums: Float64Array[];
  private readonly alpha: Float64Array[];
  private readonly x0: Float64Array;
  private readonly gx: Float64Array;
  private readonly ggx: Float64Array;
  // Optional row weights (frequency weights, e.g. a cluster bootstrap draw) and Σw per level.
  private weights: Float64Array | null = null;
  private weightTotals: Float64Array[] = [];
  // With weights on a balanced cross: the fixed effect within whose levels the weights are constant (−1: none).
  private weightedUnit = -1;
  // Two fixed effects forming a complete balanced cross; decided on first use.
  private balancedCross: boolean | undefined;
  // Two fixed effects: the second effect's codes grouped by the first's level (built on first use).
  private blocks: { start: Int32Array; other: Int32Array } | undefined;
  // Two fixed effects, few levels in the second: the factored reduced system (null: not used).
  private reduced: ReducedSystem | null | undefined;

  constructor(
    factors: FixedEffectFactor[],
    readonly options: DemeanOptions = DEFAULT_DEMEAN_OPTIONS,
  ) {
    this.factors = factors;
    this.nobs = factors.length > 0 ? factors[0].codes.length : 0;
    this.levelSums = factors.map((f) => new Float64Array(f.nLevels));
    this.alpha = factors.map((f) => new Float64Array(f.nLevels));
    this.offsets = [];
    let size = 0;
    for (let f = 1; f < factors.length; f++) {
      this.offsets.push(size);
      size += factors[f].nLevels;
    }
    this.stateSize = size;
    this.x0 = new Float64Array(size);
    this.gx = new Float64Array(size);
    this.ggx = new Float64Array(size);
  }

  /**
   * Sets row weights for the following calls (null for none): the projection becomes weighted,
   * α_f = Σ_i w_i(·)/Σ_i w_i within each level, as a frequency-weighted (or resampled) sample
   * needs. A level whose weights sum to zero gets α = 0. The group codes are not recomputed.
   */
  setWeights(weights: Float64Array | null): void {
    this.weights = weights;
    this.weightedUnit = weights && this.factors.length === 2 && this.isBalancedCross() ? this.factorWithConstantWeights(weights) : -1;
    this.weightTotals = weights
      ? this.factors.map((f) => {
          const totals = new Float64Array(f.nLevels);
          for (let i = 0; i < weights.length; i++) totals[f.codes[i]] += weights[i];
          return totals;
        })
      : [];
  }

  /** The per-level divisor: row counts, or Σw per level when weighted. */
  private divisors(f: number): Float64Array {
    return this.weights ? this.weightTotals[f] : this.factors[f].counts;
  }

  /**
   * Writes x − Σ_f D_f α_f into `out` (which may be `x` itself).
   */
  demean(x: Float64Array, out: Float64Array = new Float64Array(x.length)): DemeanReport {
    const F = this.factors.length;
    if (F === 0) {
      if (out !== x) out.set(x);
      return { iterations: 0, converged: true };
    }
    if (F === 2 && !this.weights) return this.demeanTwo(x, out);
    if (F === 2 && this.weights && this.weightedUnit >= 0) return this.demeanTwoWeightedBalanced(x, out, this.weightedUnit);
    const w = this.weights;
    for (let f = 0; f < F; f++) {
      const sums = this.levelSums[f];
      const codes = this.factors[f].codes;
      sums.fill(0);
      if (w) for (let i = 0; i < x.length; i++) sums[codes[i]] += w[i] * x[i];
      else for (let i = 0; i < x.length; i++) sums[codes[i]] += x[i];
    }
    let report: DemeanReport = { iterations: 1, converged: true };
    if (F === 1) {
      const alpha = this.alpha[0];
      const counts = this.divisors(0);
      const sums = this.levelSums[0];
      for (let l = 0; l < alpha.length; l++) alpha[l] = counts[l] > 0 ? sums[l] / counts[l] : 0;
    } else {
      report = this.solveCoefficients(scaleOf(x), (input, output) => this.sweep(input, output));
    }
    this.subtractFitted(x, out);
    return report;
  }

  /** Two fixed effects, no weights: one pass for the level sums, two per sweep, one for the residual. */
  private demeanTwo(x: Float64Array, out: Float64Array): DemeanReport {
    if (out !== x && !this.isBalancedCross() && this.rowsInBlocks()) {
      const reduced = this.reducedSystem();
      if (reduced) return this.demeanTwoInBlocks(x, out, reduced);
    }
    const n = x.length;
    const a = this.factors[0].codes;
    const b = this.factors[1].codes;
    const sumA = this.levelSums[0];
    const sumB = this.levelSums[1];
    const alpha = this.alpha[0];
    const beta = this.alpha[1];
    if (this.isBalancedCross() && this.rowsInBlocks()) {
      // A balanced panel sorted by unit: each unit's sum in a register, x̃ = x − x̄_a − (x̄_b − x̄).
      const { start } = this.levelBlocks();
      runLevelSums(x, b, start, sumA, sumB);
      this.balancedCrossEffects();
      subtractRunEffectsTwo(x, b, start, alpha, beta, out);
      return { iterations: 1, converged: true };
    }
    // Level sums, and Σ(x − x₀), Σ(x − x₀)² for the scale of the convergence threshold.
    const [s1, s2] = levelSumsTwo(x, a, b, sumA, sumB);
    let report: DemeanReport;
    if (this.isBalancedCross()) {
      this.balancedCrossEffects();
      report = { iterations: 1, converged: true };
    } else {
      const scale = scaleFromMoments(s1, s2, n);
      const sweep = (input: Float64Array, output: Float64Array) => this.sweepTwo(input, output);
      const reduced = this.reducedSystem();
      if (reduced) {
        report = this.solveReduced(reduced, this.options.tolerance * scale);
        if (!report.converged) {
          // Rounding trouble (a nearly disconnected design): iterate from the direct solution.
          const more = this.solveCoefficients(scale, sweep, true);
          report = { iterations: report.iterations + more.iterations, converged: more.converged };
        }
      } else {
        report = this.solveCoefficients(scale, sweep);
      }
    }
    subtractTwo(x, a, b, alpha, beta, out);
    return report;
  }

  /**
   * The direct solve for two fixed effects: r = s_B − C'D_A⁻¹s_A (half a sweep), β = S⁺r with up to
   * two steps of iterative refinement on the L_b × L_b system until max_b |(r − Sβ)_b / n_b| — which
   * is max |G(β) − β| in exact arithmetic — is within `threshold`; then one sweep gives α(β) and
   * G(β), and max |G(β) − β| on the data decides convergence. Leaves α, β in this.alpha and G(β) in
   * x0 (the start of the iteration, if still needed).
   */
  private solveReduced(reduced: ReducedSystem, threshold: number): DemeanReport {
    const { start, other } = this.levelBlocks();
    const countA = this.factors[0].counts;
    const sumA = this.levelSums[0];
    const alpha = this.alpha[0];
    const { x0, gx, ggx } = this;
    const rhs = gx;
    rhs.set(this.levelSums[1]);
    for (let l = 0; l < alpha.length; l++) {
      const value = countA[l] > 0 ? sumA[l] / countA[l] : 0;
      for (let j = start[l]; j < start[l + 1]; j++) rhs[other[j]] -= value;
    }
    this.solveReducedSystem(reduced, rhs, x0, ggx, threshold);
    // One sweep from β: α = α(β), β ← G(β), checked on the data as the iteration checks itself
    // (the sums behind r and S round differently from a sweep's; this step removes that, ~1e-13).
    this.sweepTwo(x0, gx);
    const converged = maxAbsDiff(x0, gx) <= threshold;
    x0.set(gx);
    return { iterations: 1, converged };
  }

  /**
   * β = S⁺r, then up to two steps of iterative refinement β += S⁺(r − Sβ) until
   * max_b |(r − Sβ)_b / n_b| ≤ threshold. `work` is scratch of length L_b.
   */
  private solveReducedSystem(reduced: ReducedSystem, rhs: Float64Array, beta: Float64Array, work: Float64Array, threshold: number): void {
    const countB = this.factors[1].counts;
    reduced.solve(rhs, beta);
    for (let refinement = 0; refinement < 2; refinement++) {
      reduced.residual(rhs, beta, work);
      let worst = 0;
      for (let l = 0; l < work.length; l++) if (countB[l] > 0) worst = Math.max(worst, Math.abs(work[l] / countB[l]));
      if (worst <= threshold) return;
      reduced.solve(work, work);
      for (let l = 0; l < beta.length; l++) beta[l] += work[l];
    }
  }

  /** From the level sums of a complete balanced cross: α_a = x̄_a, β_b = x̄_b − x̄ (the exact two-way within transformation). */
  private balancedCrossEffects(): void {
    const [sumA, sumB] = this.levelSums;
    const [alpha, beta] = this.alpha;
    const countA = this.factors[0].counts;
    const countB = this.factors[1].counts;
    let total = 0;
    for (let l = 0; l < alpha.length; l++) {
      alpha[l] = sumA[l] / countA[l];
      total += sumA[l];
    }
    const mean = total / this.nobs;
    for (let l = 0; l < beta.length; l++) beta[l] = sumB[l] / countB[l] - mean;
  }

  /** Whether the rows are sorted by the first fixed effect (a panel sorted by unit), so its levels are runs of rows. */
  private rowsInBlocks(): boolean {
    return this.levelBlocks().other === this.factors[1].codes;
  }

  /**
   * The reduced-system solve of `solveReduced` in two passes over rows sorted by the first fixed
   * effect a (each level a run of rows, read twice while it is in cache); `out` must not be `x`.
   *
   *   pass 1, level by level: s_a = Σ x, then r_b += x − s_a/n_a   (r = s_B − C'D_A⁻¹s_A);
   *   β = S⁺r, with iterative refinement;
   *   pass 2, level by level: α_a = (s_a − Σ β_b)/n_a, x̃ = x − α_a − β_b, and e_b += x̃.
   *
   * e_b/n_b = G(β)_b − β_b, the move of one Gauss–Seidel sweep, so max_b |e_b|/n_b ≤ threshold is
   * the iteration's own convergence test. e = r − Sβ is the residual of the normal equations on
   * the data, so when the test fails β += S⁺e and pass 2 is repeated (refinement against the data:
   * r rounds at the scale of its large sums, e does not). Rare designs that still fail (nearly
   * disconnected) hand over to the iteration, which continues from G(β).
   */
  private demeanTwoInBlocks(x: Float64Array, out: Float64Array, reduced: ReducedSystem): DemeanReport {
    const { start } = this.levelBlocks();
    const b = this.factors[1].codes;
    const countB = this.factors[1].counts;
    const sumA = this.levelSums[0];
    const alpha = this.alpha[0];
    const beta = this.alpha[1];
    const { gx: rhs, ggx: move } = this;
    const n = x.length;
    const moments = runSumsAndDeviations(x, b, start, sumA, rhs, move);
    const scale = scaleFromMoments(moments[0], moments[1], n);
    const threshold = this.options.tolerance * scale;
    this.solveReducedSystem(reduced, rhs, beta, move, threshold);

    for (let pass = 1; ; pass++) {
      subtractRunEffects(x, b, start, sumA, beta, alpha, out, move);
      let worst = 0;
      for (let k = 0; k < beta.length; k++) if (countB[k] > 0) worst = Math.max(worst, Math.abs(move[k] / countB[k]));
      if (worst <= threshold) return { iterations: pass, converged: true };
      if (pass === 3) break;
      this.solveReducedSystem(reduced, move, rhs, this.x0, threshold);
      for (let k = 0; k < beta.length; k++) beta[k] += rhs[k];
    }

    // Rounding trouble (a nearly disconnected design): iterate from G(β) and write x̃ again.
    const sumB = this.levelSums[1];
    sumB.fill(0);
    for (let i = 0; i < n; i++) sumB[b[i]] += x[i];
    for (let k = 0; k < beta.length; k++) this.x0[k] = countB[k] > 0 ? beta[k] + move[k] / countB[k] : 0;
    const more = this.solveCoefficients(scale, (input, output) => this.sweepTwo(input, output), true);
    subtractRunEffectsTwo(x, b, start, alpha, beta, out);
    return { iterations: 3 + more.iterations, converged: more.converged };
  }

  /** The first fixed effect within each of whose levels every row has the same weight, or −1. */
  private factorWithConstantWeights(weights: Float64Array): number {
    for (let f = 0; f < this.factors.length; f++) {
      const codes = this.factors[f].codes;
      const first = new Float64Array(this.factors[f].nLevels).fill(NaN);
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
   * Two fixed effects on a complete balanced cross (every unit in every period once) with weights
   * constant within each unit — a cluster bootstrap or a permutation of unit-level groups. The
   * weighted projection then has a closed form, from the normal equations:
   *
   *   x̃_ut = x_ut − x̄_u· − x̄ʷ_·t + x̄ʷ,   x̄_u· the unit's mean over periods,
   *   x̄ʷ_·t = Σ_u w_u x_ut / Σ_u w_u,   x̄ʷ the weighted grand mean.
   *
   * Rows of zero weight get a value too; it does not matter, as their weight is zero.
   */
  private demeanTwoWeightedBalanced(x: Float64Array, out: Float64Array, unitFactor: number): DemeanReport {
    const w = this.weights as Float64Array;
    const unit = this.factors[unitFactor];
    const period = this.factors[1 - unitFactor];
    const unitMean = this.levelSums[unitFactor];
    const periodMean = this.levelSums[1 - unitFactor];
    const periodWeight = this.weightTotals[1 - unitFactor];
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

  /** Whether the two fixed effects form a complete balanced cross: N = L_a · L_b, each pair once. */
  private isBalancedCross(): boolean {
    if (this.balancedCross !== undefined) return this.balancedCross;
    const [fa, fb] = this.factors;
    let balanced = fa.nLevels * fb.nLevels === this.nobs && fb.nLevels > 0;
    if (balanced) {
      const seen = new Int32Array((this.nobs >>> 5) + 1); // one bit per pair
      const a = fa.codes;
      const b = fb.codes;
      const L = fb.nLevels;
      for (let i = 0; i < this.nobs && balanced; i++) {
        const key = a[i] * L + b[i];
        const bit = 1 << (key & 31);
        if (seen[key >>> 5] & bit) balanced = false;
        seen[key >>> 5] |= bit;
      }
    }
    this.balancedCross = balanced;
    return balanced;
  }

  /**
   * Irons–Tuck accelerated fixed point of the Gauss–Seidel sweep; leaves α in this.alpha,
   * consistent with the last sweep (α_1 the best response to the state the sweep started from,
   * α_2… the sweep's output).
   */
  private solveCoefficients(scale: number, sweep: (input: Float64Array, output: Float64Array) => void, warmStart = false): DemeanReport {
    const { x0, gx, ggx } = this;
    const threshold = this.options.tolerance * scale;
    if (!warmStart) x0.fill(0);
    for (let iteration = 1; iteration <= this.options.maxIterations; iteration++) {
      sweep(x0, gx);
      if (maxAbsDiff(x0, gx) <= threshold) return { iterations: iteration, converged: true };
      sweep(gx, ggx);
      if (maxAbsDiff(gx, ggx) <= threshold) return { iterations: iteration, converged: true };
      // Irons–Tuck: x ← GGx − [(Δ_GX · Δ²X) / (Δ²X · Δ²X)] Δ_GX
      let numerator = 0;
      let denominator = 0;
      for (let k = 0; k < x0.length; k++) {
        const deltaG = ggx[k] - gx[k];
        const delta2 = ggx[k] - 2 * gx[k] + x0[k];
        numerator += deltaG * delta2;
        denominator += delta2 * delta2;
      }
      const step = denominator > 0 ? numerator / denominator : 0;
      for (let k = 0; k < x0.length; k++) x0[k] = ggx[k] - step * (ggx[k] - gx[k]);
    }
    sweep(x0, gx);
    return { iterations: this.options.maxIterations, converged: false };
  }

  /**
   * Two fixed effects whose second has few levels (years, say): the fixed point of the sweep,
   * β = G(β) = D_B⁻¹(s_B − C'α(β)) with α(β) = D_A⁻¹(s_A − Cβ) and C the L_a × L_b table of row
   * counts, is the linear system S β = D_B·G(0) with S = D_B − C'D_A⁻¹C, an L_b × L_b symmetric
   * positive semi-definite matrix (a graph Laplacian: singular along a constant per connected
   * component). S is built once per sample — by bit patterns of the second effect's levels (one pass)
   * or, when a pair of levels repeats, in Σ_l n_l² steps — with its diagonal taken from the zero row
   * sums, and factored S = L D Lᵀ; an
   * (almost) zero pivot marks a coefficient that is free, and is set to 0. Every variable then
   * needs one sweep for its right-hand side and one more for α, instead of iterating.
   * Returns undefined when L_b or the cost is too large (the iteration is used then).
   */
  private reducedSystem(): ReducedSystem | undefined {
    if (this.reduced !== undefined) return this.reduced === null ? undefined : this.reduced;
    const [fa, fb] = this.factors;
    const L = fb.nLevels;
    let cost = 0;
    for (let l = 0; l < fa.nLevels; l++) cost += fa.counts[l] * fa.counts[l];
    if (L > 300 || cost > 64 * this.nobs + 1e6) {
      this.reduced = null;
      return undefined;
    }
    const { start, other } = this.levelBlocks();
    const S = new Float64Array(L * L);
    if (!(L <= 30 && this.offDiagonalByPattern(S, start, other))) {
      const local = new Float64Array(L);
      const touched = new Int32Array(L);
      for (let a = 0; a < fa.nLevels; a++) {
        const from = start[a];
        const to = start[a + 1];
        if (to === from) continue;
        let m = 0;
        for (let j = from; j < to; j++) {
          const b = other[j];
          if (local[b] === 0) touched[m++] = b;
          local[b] += 1;
        }
        const inverse = 1 / (to - from);
        for (let p = 0; p < m; p++) {
          const bp = touched[p];
          const cp = local[bp] * inverse;
          const row = bp * L;
          for (let q = 0; q < m; q++) if (touched[q] !== bp) S[row + touched[q]] -= cp * local[touched[q]];
        }
        for (let p = 0; p < m; p++) local[touched[p]] = 0;
      }
    }
    // The diagonal from the rows' zero sums (S·1 = n_B − C'D_A⁻¹C·1 = 0): the constant stays exactly
    // in the null space, so rounding in the accumulated entries cannot make the system inconsistent.
    for (let b = 0; b < L; b++) {
      let sum = 0;
      for (let c = 0; c < L; c++) if (c !== b) sum += S[b * L + c];
      S[b * L + b] = -sum;
    }
    // S = L D Lᵀ, L unit lower triangular (stored below the diagonal of `f`), D on its diagonal.
    const f = S.slice();
    const d = new Float64Array(L);
    for (let j = 0; j < L; j++) {
      const diagonal = f[j * L + j];
      let pivot = diagonal;
      for (let k = 0; k < j; k++) pivot -= f[j * L + k] * f[j * L + k] * d[k];
      if (!(pivot > 1e-9 * diagonal)) {
        d[j] = 0;
        for (let i = j + 1; i < L; i++) f[i * L + j] = 0;
        continue;
      }
      d[j] = pivot;
      for (let i = j + 1; i < L; i++) {
        let v = f[i * L + j];
        for (let k = 0; k < j; k++) v -= f[i * L + k] * f[j * L + k] * d[k];
        f[i * L + j] = v / pivot;
      }
    }
    const work = new Float64Array(L);
    this.reduced = {
      residual: (rhs, x, out) => {
        for (let i = 0; i < L; i++) {
          let v = rhs[i];
          for (let j = 0; j < L; j++) v -= S[i * L + j] * x[j];
          out[i] = v;
        }
      },
      solve: (rhs, out) => {
        for (let j = 0; j < L; j++) {
          let v = rhs[j];
          for (let k = 0; k < j; k++) v -= f[j * L + k] * work[k];
          work[j] = v;
        }
        for (let j = 0; j < L; j++) work[j] = d[j] > 0 ? work[j] / d[j] : 0;
        for (let j = L - 1; j >= 0; j--) {
          let v = work[j];
          for (let i = j + 1; i < L; i++) v -= f[i * L + j] * out[i];
          out[j] = v;
        }
      },
    };
    return this.reduced;
  }

  /**
   * The off-diagonal of −C'D_A⁻¹C when each pair of levels occurs at most once (C is 0/1). A level
   * of the first effect contributes 1/n_a to every pair of the second-effect levels it meets, and
   * n_a is the size of that set (its bit pattern). So the levels are counted per pattern, the
   * counts added exactly (integers) into one matrix per set size n, and each entry is
   * −Σ_n count_n/n: a handful of roundings instead of one per pattern, which keeps S accurate
   * to the last digits on a million rows. Returns false (S untouched) when some pair occurs twice.
   */
  private offDiagonalByPattern(S: Float64Array, start: Int32Array, other: Int32Array): boolean {
    const L = this.factors[1].nLevels;
    const levels = this.factors[0].nLevels;
    const dense = L <= 16 ? new Float64Array(1 << L) : undefined;
    const sparse = dense ? undefined : new Map<number, number>();
    for (let a = 0; a < levels; a++) {
      const from = start[a];
      const to = start[a + 1];
      if (to === from) continue;
      let mask = 0;
      for (let j = from; j < to; j++) {
        const bit = 1 << other[j];
        if (mask & bit) return false;
        mask |= bit;
      }
      if (dense) dense[mask] += 1;
      else if (sparse) sparse.set(mask, (sparse.get(mask) ?? 0) + 1);
    }
    // countsBySize[n][p·L + q]: levels of size n that meet both p and q (exact integers).
    const countsBySize = Array.from({ length: L + 1 }, () => new Float64Array(L * L));
    const bits = new Int32Array(L);
    const add = (mask: number, count: number): void => {
      let m = 0;
      for (let b = 0; b < L; b++) if (mask & (1 << b)) bits[m++] = b;
      const counts = countsBySize[m];
      for (let p = 0; p < m; p++) for (let q = 0; q < m; q++) if (p !== q) counts[bits[p] * L + bits[q]] += count;
    };
    if (dense) {
      for (let mask = 0; mask < dense.length; mask++) if (dense[mask] !== 0) add(mask, dense[mask]);
    } else if (sparse) {
      for (const [mask, count] of sparse) add(mask, count);
    }
    for (let size = 2; size <= L; size++) {
      const counts = countsBySize[size];
      for (let k = 0; k < L * L; k++) if (counts[k] !== 0) S[k] -= counts[k] / size;
    }
    return true;
  }

  /**
   * The second fixed effect's codes listed level by level of the first (a stable counting sort,
   * so rows keep their order within a level): other[start[l] … start[l+1]) are the codes of level l.
   * Data sorted by the first fixed effect (a panel sorted by unit) needs no copy.
   */
  private levelBlocks(): { start: Int32Array; other: Int32Array } {
    if (this.blocks) return this.blocks;
    const [fa, fb] = this.factors;
    const a = fa.codes;
    const b = fb.codes;
    const n = a.length;
    const start = new Int32Array(fa.nLevels + 1);
    for (let l = 0; l < fa.nLevels; l++) start[l + 1] = start[l] + fa.counts[l];
    let sorted = true;
    for (let i = 1; i < n && sorted; i++) sorted = a[i] >= a[i - 1];
    let other = b;
    if (!sorted) {
      other = new Int32Array(n);
      const next = start.slice(0, fa.nLevels);
      for (let i = 0; i < n; i++) other[next[a[i]]++] = b[i];
    }
    this.blocks = { start, other };
    return this.blocks;
  }

  /**
   * The Gauss–Seidel sweep for two fixed effects without weights: β → α(β) → β′, level by level
   * of the first effect, α_l = (Σ_{i∈l} x_i − Σ_{i∈l} β_{b_i}) / n_l and then β′ accumulates −α_l
   * for the same rows while they are in cache: one pass over the codes per sweep.
   */
  private sweepTwo(input: Float64Array, output: Float64Array): void {
    const { start, other } = this.levelBlocks();
    const countA = this.factors[0].counts;
    const countB = this.factors[1].counts;
    const sumA = this.levelSums[0];
    const alpha = this.alpha[0];
    const levels = alpha.length;
    output.set(this.levelSums[1]);
    for (let l = 0; l < levels; l++) {
      const from = start[l];
      const to = start[l + 1];
      let acc = sumA[l];
      for (let j = from; j < to; j++) acc -= input[other[j]];
      const value = countA[l] > 0 ? acc / countA[l] : 0;
      alpha[l] = value;
      for (let j = from; j < to; j++) output[other[j]] -= value;
    }
    for (let l = 0; l < output.length; l++) output[l] = countB[l] > 0 ? output[l] / countB[l] : 0;
    this.alpha[1].set(output);
  }

  /**
   * One Gauss–Seidel sweep: from the coefficients of fixed effects 2…F in `input`, computes
   * α_1, then α_2, …, α_F in turn, each the group mean of x minus the other effects' current
   * coefficients; writes α_2…α_F to `output` and keeps all of them in this.alpha.
   */
  private sweep(input: Float64Array, output: Float64Array): void {
    const F = this.factors.length;
    for (let f = 1; f < F; f++) this.alpha[f].set(input.subarray(this.offsets[f - 1], this.offsets[f - 1] + this.factors[f].nLevels));
    const w = this.weights;
    for (let f = 0; f < F; f++) {
      const target = this.alpha[f];
      const codes = this.factors[f].codes;
      const counts = this.divisors(f);
      target.set(this.levelSums[f]);
      if (!w && F === 3) {
        // Both other effects in one pass over the rows.
        const g = f === 0 ? 1 : 0;
        const h = f === 2 ? 1 : 2;
        subtractGatheredTwo(target, codes, this.alpha[g], this.factors[g].codes, this.alpha[h], this.factors[h].codes);
      } else {
        for (let g = 0; g < F; g++) {
          if (g === f) continue;
          if (w) subtractWeighted(target, codes, this.alpha[g], this.factors[g].codes, w);
          else subtractGathered(target, codes, this.alpha[g], this.factors[g].codes);
        }
      }
      for (let l = 0; l < target.length; l++) target[l] = counts[l] > 0 ? target[l] / counts[l] : 0;
    }
    for (let f = 1; f < F; f++) output.set(this.alpha[f], this.offsets[f - 1]);
  }

  private subtractFitted(x: Float64Array, out: Float64Array): void {
    const F = this.factors.length;
    if (out !== x) out.set(x);
    for (let f = 0; f < F; f++) {
      const alpha = this.alpha[f];
      const codes = this.factors[f].codes;
      for (let i = 0; i < out.length; i++) out[i] -= alpha[codes[i]];
    }
  }
}

/** The factored reduced system of two fixed effects (see `Demeaner.reducedSystem`). */
interface ReducedSystem {
  /** out = S⁺ rhs (a particular solution; free coefficients 0). `out` may be `rhs`. */
  solve(rhs: Float64Array, out: Float64Array): void;
  /** out = rhs − S x. */
  residual(rhs: Float64Array, x: Float64Array, out: Float64Array): void;
}

/** target[codes_i] −= other[otherCodes_i] over the rows. */
function subtractGathered(target: Float64Array, codes: Int32Array, other: Float64Array, otherCodes: Int32Array): void {
  for (let i = 0; i < codes.length; i++) target[codes[i]] -= other[otherCodes[i]];
}

/** target[codes_i] −= first[firstCodes_i] + second[secondCodes_i] over the rows. */
function subtractGatheredTwo(
  target: Float64Array,
  codes: Int32Array,
  first: Float64Array,
  firstCodes: Int32Array,
  second: Float64Array,
  secondCodes: Int32Array,
): void {
  for (let i = 0; i < codes.length; i++) target[codes[i]] -= first[firstCodes[i]] + second[secondCodes[i]];
}

/** target[codes_i] −= w_i · other[otherCodes_i] over the rows. */
function subtractWeighted(target: Float64Array, codes: Int32Array, other: Float64Array, otherCodes: Int32Array, w: Float64Array): void {
  for (let i = 0; i < codes.length; i++) target[codes[i]] -= w[i] * other[otherCodes[i]];
}

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let max = 0;
  for (let k = 0; k < a.length; k++) {
    const d = Math.abs(a[k] - b[k]);
    if (d > max) max = d;
  }
  return max;
}

// The row passes of the two-fixed-effect paths, as functions of their own so that V8 compiles
// them once and keeps them (a loop in a long method is recompiled on the stack on every call).

/** sumA[a_i] += x_i and sumB[b_i] += x_i over the rows; returns Σ(x − x₀), Σ(x − x₀)². */
function levelSumsTwo(x: Float64Array, a: Int32Array, b: Int32Array, sumA: Float64Array, sumB: Float64Array): [number, number] {
  sumA.fill(0);
  sumB.fill(0);
  const shift = x.length > 0 ? x[0] : 0;
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    sumA[a[i]] += v;
    sumB[b[i]] += v;
    const d = v - shift;
    s1 += d;
    s2 += d * d;
  }
  return [s1, s2];
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

/** out_i = x_i − α_l − β[b_i] over the rows of each run l. */
function subtractRunEffectsTwo(x: Float64Array, b: Int32Array, start: Int32Array, alpha: Float64Array, beta: Float64Array, out: Float64Array): void {
  const levels = start.length - 1;
  for (let l = 0; l < levels; l++) {
    const value = alpha[l];
    for (let i = start[l]; i < start[l + 1]; i++) out[i] = x[i] - value - beta[b[i]];
  }
}

/** out_i = x_i − α[a_i] − β[b_i]. */
function subtractTwo(x: Float64Array, a: Int32Array, b: Int32Array, alpha: Float64Array, beta: Float64Array, out: Float64Array): void {
  for (let i = 0; i < x.length; i++) out[i] = x[i] - alpha[a[i]] - beta[b[i]];
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

/** The root mean square about the mean from Σ(x − x₀) and Σ(x − x₀)² over n values (1 for a constant x). */
function scaleFromMoments(s1: number, s2: number, n: number): number {
  const variance = n > 0 ? Math.max(0, s2 / n - (s1 / n) * (s1 / n)) : 0;
  return variance > 0 ? Math.sqrt(variance) : 1;
}

/** Root mean square of x about its mean, the yardstick for the convergence threshold (1 for a constant x). */
function scaleOf(x: Float64Array): number {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i];
  mean /= Math.max(1, x.length);
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += (x[i] - mean) * (x[i] - mean);
  const rms = Math.sqrt(ss / Math.max(1, x.length));
  return rms > 0 ? rms : 1;
}
