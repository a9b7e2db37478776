import type { ModelFrame, NamedColumn } from "../design/modelFrame";
import { freshArray, type Allocate } from "../linalg/workBuffers";
import { Demeaner, DEFAULT_DEMEAN_OPTIONS, type DemeanOptions } from "./demean";

/** The model frame's columns with the fixed effects projected out. */
export interface AbsorbedFrame {
  response: Float64Array;
  exogenous: Float64Array[];
  endogenous: Float64Array[];
  instruments: Float64Array[];
  /** Notes for the user, e.g. a variable whose demeaning did not converge. */
  messages: string[];
  /** The demeaner, holding the sample's fixed-effect codes, for reuse by refits. */
  demeaner: Demeaner;
}

/**
 * Demeans every column of the frame by all its fixed effects (a no-op without fixed effects),
 * reusing one set of group codes and work buffers for all of them. The demeaned columns come from
 * `allocate` (pooled work arrays when the caller does not keep them; see linalg/workBuffers).
 */
export function absorbFrame(frame: ModelFrame, options: DemeanOptions = DEFAULT_DEMEAN_OPTIONS, allocate: Allocate = freshArray): AbsorbedFrame {
  const demeaner = new Demeaner(frame.fixedEffects, options);
  const messages: string[] = [];
  const run = (column: NamedColumn): Float64Array => {
    if (frame.fixedEffects.length === 0) return column.values;
    const out = allocate(column.values.length);
    const report = demeaner.demean(column.values, out);
    if (!report.converged) {
      messages.push(`Demeaning "${column.name}" did not converge in ${report.iterations} iterations; its estimates may be inaccurate (check for weakly connected fixed effects).`);
    }
    return out;
  };
  return {
    response: run(frame.response),
    exogenous: frame.exogenous.map(run),
    endogenous: frame.endogenous.map(run),
    instruments: frame.instruments.map(run),
    messages,
    demeaner,
  };
}

/**
 * The yardstick for collinearity of each column (see `orthogonalize`): its sum of squares about
 * the mean when the model has an intercept or fixed effects (N for the intercept itself), and
 * its raw sum of squares otherwise.
 */
export function referenceSumsOfSquares(columns: NamedColumn[], centred: boolean): number[] {
  return columns.map(({ name, values }) => {
    if (name === "(Intercept)") return values.length;
    const n = values.length;
    if (!centred) {
      let ss = 0;
      for (let i = 0; i < n; i++) ss += values[i] * values[i];
      return ss;
    }
    // One pass about the first value (exactly 0 for a constant column); a yardstick needs no more.
    const shift = n > 0 ? values[0] : 0;
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const d = values[i] - shift;
      s1 += d;
      s2 += d * d;
    }
    return Math.max(0, s2 - (s1 * s1) / n);
  });
}
