/**
 * What every demeaning path shares: the convergence settings, the report of one variable, and the
 * workspace of one sample — the fixed effects' codes, the per-level sums and coefficients, the
 * state vectors of the iteration and the optional row weights — allocated once per sample by
 * `Demeaner` (lib/absorb/demean.ts) and handed to whichever path it picks.
 *
 * The iteration's state is the coefficients of every fixed effect but the first (the first is
 * implied), laid end to end: fixed effect f ≥ 1 occupies offsets[f − 1] … offsets[f − 1] + L_f.
 */
import type { FixedEffectFactor } from "../design/factor";

/** Convergence settings of the iterative demeaning. */
export interface DemeanOptions {
  /** Stop when no fixed-effect coefficient moves by more than tolerance × the scale of the variable. */
  tolerance: number;
  /** Iterations (of two sweeps each) before the iteration gives up and reports no convergence. */
  maxIterations: number;
}

/** The defaults: 1e-13 × the RMS of the variable (fixest stops at 1e-6; bench/README.md says why), at most 10,000 iterations. */
export const DEFAULT_DEMEAN_OPTIONS: DemeanOptions = { tolerance: 1e-13, maxIterations: 10_000 };

/** Outcome of demeaning one variable. */
export interface DemeanReport {
  /** Iterations taken: 0 without fixed effects, 1 for a closed form, else the direct solve's passes plus any Irons–Tuck iterations. */
  iterations: number;
  /** Whether the coefficients met the tolerance. */
  converged: boolean;
}

/**
 * Two fixed effects: the second effect's codes listed level by level of the first,
 * other[start[l] … start[l+1]) being the codes of level l (see `levelBlocks` in twoWaySweep.ts).
 */
export interface LevelBlocks {
  start: Int32Array;
  other: Int32Array;
}

/** The work buffers and settings of one sample, shared by the demeaning paths. */
export interface DemeanWorkspace {
  readonly factors: FixedEffectFactor[];
  /** Rows in the sample. */
  readonly nobs: number;
  readonly options: DemeanOptions;
  /** Where each fixed effect 2…F starts in the iteration's state vector. */
  readonly offsets: number[];
  /** Per fixed effect: Σ x (or Σ w·x) per level; some paths reuse them as scratch of that length. */
  readonly levelSums: Float64Array[];
  /** Per fixed effect: the coefficients α_f of the last solve. */
  readonly alpha: Float64Array[];
  /** State vectors of the iteration (x, G(x), G(G(x))), each of the state's length. */
  readonly x0: Float64Array;
  readonly gx: Float64Array;
  readonly ggx: Float64Array;
  /** Optional row weights (frequency weights, e.g. a cluster bootstrap draw). */
  weights: Float64Array | null;
  /** With weights: Σw per level of each fixed effect. */
  weightTotals: Float64Array[];
  /** Two fixed effects: the level blocks, built on first use. */
  blocks: LevelBlocks | undefined;
}

/** Allocates the workspace of one sample: buffers sized by the fixed effects' levels, no weights. */
export function createDemeanWorkspace(factors: FixedEffectFactor[], options: DemeanOptions): DemeanWorkspace {
  const offsets: number[] = [];
  let size = 0;
  for (let f = 1; f < factors.length; f++) {
    offsets.push(size);
    size += factors[f].nLevels;
  }
  return {
    factors,
    nobs: factors.length > 0 ? factors[0].codes.length : 0,
    options,
    offsets,
    levelSums: factors.map((f) => new Float64Array(f.nLevels)),
    alpha: factors.map((f) => new Float64Array(f.nLevels)),
    x0: new Float64Array(size),
    gx: new Float64Array(size),
    ggx: new Float64Array(size),
    weights: null,
    weightTotals: [],
    blocks: undefined,
  };
}

/** Σw per level of every fixed effect. */
export function levelWeightTotals(factors: FixedEffectFactor[], weights: Float64Array): Float64Array[] {
  return factors.map((f) => {
    const totals = new Float64Array(f.nLevels);
    for (let i = 0; i < weights.length; i++) totals[f.codes[i]] += weights[i];
    return totals;
  });
}

/** The per-level divisor of fixed effect f: row counts, or Σw per level when weighted. */
export function divisors(work: DemeanWorkspace, f: number): Float64Array {
  return work.weights ? work.weightTotals[f] : work.factors[f].counts;
}
