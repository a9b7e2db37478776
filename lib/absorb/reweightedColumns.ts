/**
 * Columns demeaned again and again under new weights — a cluster bootstrap's draws, a permutation
 * test's groups — by `Demeaner.demeanRows`. What no weight vector changes is kept here: on a balanced
 * two-way cross with weights constant within one effect's levels (twoWayWeightedBalanced.ts), the
 * centred columns x − x̄_u· of that unit effect.
 */
import type { FixedEffectFactor } from "../design/factor";

/** A fixed list of columns and their weight-free parts, computed on first use. The columns must not change while it is used. */
export class ReweightedColumns {
  private readonly centred = new Map<FixedEffectFactor, Float64Array[]>();
  private allFinite: boolean | undefined;

  constructor(readonly values: readonly Float64Array[]) {}

  /** Whether every value is finite (then rows of weight 0 add only zeros to weighted sums). */
  get finite(): boolean {
    this.allFinite ??= this.values.every((x) => x.every(Number.isFinite));
    return this.allFinite;
  }

  /** x − x̄_u· of every column, x̄_u· the unweighted mean over the rows of x's level of `unit` (summed in row order). */
  centredWithin(unit: FixedEffectFactor): Float64Array[] {
    let centred = this.centred.get(unit);
    if (!centred) {
      const mean = new Float64Array(unit.nLevels);
      centred = this.values.map((x) => {
        mean.fill(0);
        for (let i = 0; i < x.length; i++) mean[unit.codes[i]] += x[i];
        for (let l = 0; l < mean.length; l++) mean[l] /= unit.counts[l];
        const d = new Float64Array(x.length);
        for (let i = 0; i < x.length; i++) d[i] = x[i] - mean[unit.codes[i]];
        return d;
      });
      this.centred.set(unit, centred);
    }
    return centred;
  }
}

/** The rows of positive weight, in order: the rows a weighted refit of finite columns sums over. */
export function positiveRows(weights: Float64Array): Int32Array {
  let m = 0;
  for (let i = 0; i < weights.length; i++) if (weights[i] > 0) m++;
  const rows = new Int32Array(m);
  for (let i = 0, j = 0; i < weights.length; i++) if (weights[i] > 0) rows[j++] = i;
  return rows;
}
