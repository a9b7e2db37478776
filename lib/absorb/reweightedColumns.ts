/**
 * Columns demeaned again and again under new weights — a cluster bootstrap's draws, a permutation
 * test's groups — by `Demeaner.demeanRows` or from unit summaries (solve/balancedCrossSums.ts). What
 * no weight vector changes is kept here: on a balanced two-way cross with weights constant within
 * one effect's levels (twoWayWeightedBalanced.ts), the centred columns d = x − x̄_u· of that unit
 * effect, the unit means x̄_u· and each unit's cross products Σ_t d_ut d_ut′.
 */
import type { FixedEffectFactor } from "../design/factor";

/** The weight-free parts of K columns within the levels u of a unit effect. */
export interface UnitSummaries {
  /** d = x − x̄_u· of each column, x̄_u· the unweighted mean over the rows of x's level (summed in row order). */
  centred: Float64Array[];
  /** x̄_u· of each column, by level. */
  means: Float64Array[];
  /** Σ_t d_ut d_ut′ of each level, lower triangles packed: entry (a, b ≤ a) of level u at u·P + a(a+1)/2 + b, P = K(K+1)/2. */
  crossProducts: Float64Array;
}

/** A fixed list of columns and their weight-free parts, computed on first use. The columns must not change while it is used. */
export class ReweightedColumns {
  private readonly summaries = new Map<FixedEffectFactor, { centred: Float64Array[]; means: Float64Array[]; crossProducts?: Float64Array }>();
  private allFinite: boolean | undefined;

  constructor(readonly values: readonly Float64Array[]) {}

  /** Whether every value is finite (then rows of weight 0 add only zeros to weighted sums). */
  get finite(): boolean {
    this.allFinite ??= this.values.every((x) => x.every(Number.isFinite));
    return this.allFinite;
  }

  /** d = x − x̄_u· of every column (`UnitSummaries.centred`). */
  centredWithin(unit: FixedEffectFactor): Float64Array[] {
    return this.centring(unit).centred;
  }

  /** The centred columns, the unit means and the units' cross products within `unit`. */
  unitSummaries(unit: FixedEffectFactor): UnitSummaries {
    const summary = this.centring(unit);
    summary.crossProducts ??= unitCrossProducts(summary.centred, unit);
    return summary as UnitSummaries;
  }

  private centring(unit: FixedEffectFactor): { centred: Float64Array[]; means: Float64Array[]; crossProducts?: Float64Array } {
    let summary = this.summaries.get(unit);
    if (!summary) {
      const means = this.values.map((x) => {
        const mean = new Float64Array(unit.nLevels);
        for (let i = 0; i < x.length; i++) mean[unit.codes[i]] += x[i];
        for (let l = 0; l < mean.length; l++) mean[l] /= unit.counts[l];
        return mean;
      });
      const centred = this.values.map((x, k) => {
        const d = new Float64Array(x.length);
        for (let i = 0; i < x.length; i++) d[i] = x[i] - means[k][unit.codes[i]];
        return d;
      });
      summary = { centred, means };
      this.summaries.set(unit, summary);
    }
    return summary;
  }
}

/** Σ_t d_ut d_ut′ of every level u, packed as `UnitSummaries.crossProducts`. */
function unitCrossProducts(centred: Float64Array[], unit: FixedEffectFactor): Float64Array {
  const K = centred.length;
  const P = (K * (K + 1)) / 2;
  const out = new Float64Array(unit.nLevels * P);
  for (let i = 0; i < unit.codes.length; i++) {
    const base = unit.codes[i] * P;
    for (let a = 0, q = 0; a < K; a++) {
      const da = centred[a][i];
      for (let b = 0; b <= a; b++, q++) out[base + q] += da * centred[b][i];
    }
  }
  return out;
}

/** The rows of positive weight, in order: the rows a weighted refit of finite columns sums over. */
export function positiveRows(weights: Float64Array): Int32Array {
  let m = 0;
  for (let i = 0; i < weights.length; i++) if (weights[i] > 0) m++;
  const rows = new Int32Array(m);
  for (let i = 0, j = 0; i < weights.length; i++) if (weights[i] > 0) rows[j++] = i;
  return rows;
}
