import type { FixedEffectFactor } from "./factor";

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
      report = this.solveCoefficients(scaleOf(x));
    }
    this.subtractFitted(x, out);
    return report;
  }

  /** Irons–Tuck accelerated fixed point of the Gauss–Seidel sweep; leaves α in this.alpha. */
  private solveCoefficients(scale: number): DemeanReport {
    const { x0, gx, ggx } = this;
    const threshold = this.options.tolerance * scale;
    x0.fill(0);
    for (let iteration = 1; iteration <= this.options.maxIterations; iteration++) {
      this.sweep(x0, gx);
      if (maxAbsDiff(x0, gx) <= threshold) {
        this.sweep(gx, x0); // leave α consistent with the converged state
        return { iterations: iteration, converged: true };
      }
      this.sweep(gx, ggx);
      if (maxAbsDiff(gx, ggx) <= threshold) {
        this.sweep(ggx, x0);
        return { iterations: iteration, converged: true };
      }
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
    this.sweep(x0, gx);
    return { iterations: this.options.maxIterations, converged: false };
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
      for (let g = 0; g < F; g++) {
        if (g === f) continue;
        const other = this.alpha[g];
        const otherCodes = this.factors[g].codes;
        if (w) for (let i = 0; i < codes.length; i++) target[codes[i]] -= w[i] * other[otherCodes[i]];
        else for (let i = 0; i < codes.length; i++) target[codes[i]] -= other[otherCodes[i]];
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

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let max = 0;
  for (let k = 0; k < a.length; k++) {
    const d = Math.abs(a[k] - b[k]);
    if (d > max) max = d;
  }
  return max;
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
