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
  /**
   * With regression weights: √w_i, by which every column above has been multiplied after the weighted
   * demeaning, so that least squares on them is weighted least squares (residuals come out as √w·e).
   */
  sqrtWeights?: Float64Array;
}

/**
 * Demeans every column of the frame by all its fixed effects (a no-op without fixed effects),
 * reusing one set of group codes and work buffers for all of them. The demeaned columns come from
 * `allocate` (pooled work arrays when the caller does not keep them; see linalg/workBuffers).
 *
 * With regression weights w (frame.weights) the projection is weighted, x̃ = x − Σ_f D_f α_f with
 * α = argmin Σ_i w_i (x_i − Σ_f α_f[i])², and each column is returned as √w ⊙ x̃: ordinary least
 * squares on these is weighted least squares (Wooldridge 2010, §4.2.3; fixest's `weights`).
 * @example const absorbed = absorbFrame(frame); // absorbed.response = ỹ (√w·ỹ when weighted)
 */
export function absorbFrame(frame: ModelFrame, options: DemeanOptions = DEFAULT_DEMEAN_OPTIONS, allocate: Allocate = freshArray): AbsorbedFrame {
  const demeaner = new Demeaner(frame.fixedEffects, options);
  const sqrtWeights = frame.weights ? squareRoots(frame.weights) : undefined;
  if (frame.weights && frame.fixedEffects.length > 0) demeaner.setWeights(frame.weights);
  const messages: string[] = [];
  const run = (column: NamedColumn): Float64Array => {
    const demeaned = demeanWeighted(column);
    if (!sqrtWeights) return demeaned;
    // Demeaned columns are this function's own work arrays; without fixed effects it is the frame's column.
    return multiplyInto(sqrtWeights, demeaned, demeaned === column.values ? allocate(demeaned.length) : demeaned);
  };
  const demeanWeighted = (column: NamedColumn): Float64Array => {
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
    ...(sqrtWeights ? { sqrtWeights } : {}),
  };
}

function sum(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s;
}

/**
 * Σ w_i (x_i − x̄_w)², x̄_w = Σ w x / Σ w (about 0 when not `centred`): the weighted total sum of
 * squares of R² and the collinearity yardstick of a weighted fit.
 * @example weightedSumOfSquares(y, w, true)
 */
export function weightedSumOfSquares(x: Float64Array, w: Float64Array, centred: boolean): number {
  let mean = 0;
  if (centred) {
    let sw = 0;
    for (let i = 0; i < x.length; i++) {
      mean += w[i] * x[i];
      sw += w[i];
    }
    mean /= sw;
  }
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += w[i] * (x[i] - mean) * (x[i] - mean);
  return ss;
}

/**
 * e = r/√w: the residuals of the √w-scaled least squares back on the data's scale (fixest's `resid()`),
 * or r itself for an unweighted fit.
 * @example unweightedResiduals(ls.residuals, absorbed.sqrtWeights)
 */
export function unweightedResiduals(residuals: Float64Array, sqrtWeights: Float64Array | undefined): Float64Array {
  if (!sqrtWeights) return residuals;
  const out = new Float64Array(residuals.length);
  for (let i = 0; i < out.length; i++) out[i] = residuals[i] / sqrtWeights[i];
  return out;
}

/**
 * r = √w·e: a fit's residuals on the scale of the √w-scaled columns (the scores' scale), or e itself unweighted.
 * @example weightedResiduals(fit.residuals, absorbed.sqrtWeights)
 */
export function weightedResiduals(residuals: Float64Array, sqrtWeights: Float64Array | undefined): Float64Array {
  if (!sqrtWeights) return residuals;
  return multiplyInto(sqrtWeights, residuals, new Float64Array(residuals.length));
}

/** √w_i for every row. */
function squareRoots(weights: Float64Array): Float64Array {
  const out = new Float64Array(weights.length);
  for (let i = 0; i < weights.length; i++) out[i] = Math.sqrt(weights[i]);
  return out;
}

/** out = s ⊙ x (out may be x). */
function multiplyInto(s: Float64Array, x: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < x.length; i++) out[i] = s[i] * x[i];
  return out;
}

/**
 * The yardstick for collinearity of each column (see `orthogonalize`): its sum of squares about
 * the mean when the model has an intercept or fixed effects (N for the intercept itself), and
 * its raw sum of squares otherwise. With regression weights: Σ w (x − x̄_w)² (Σw for the intercept),
 * the scale of the √w-weighted columns that least squares sees.
 * @example referenceSumsOfSquares([{ name: "x", values }], true) // [Σ (x − x̄)²]
 */
export function referenceSumsOfSquares(columns: NamedColumn[], centred: boolean, weights?: Float64Array): number[] {
  if (weights) return columns.map(({ name, values }) => (name === "(Intercept)" ? sum(weights) : weightedSumOfSquares(values, weights, centred)));
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
