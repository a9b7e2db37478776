import { referenceSumsOfSquares, unweightedResiduals, weightedSumOfSquares } from "../absorb/absorbFrame";
import type { ModelFrame, NamedColumn } from "../design/modelFrame";
import { IdentificationError } from "../errors";
import type { Allocate } from "../linalg/workBuffers";
import { FeolsResult } from "../result/fit";
import { estimateVariance, fullParameterCount, type VarianceEstimate, type VcovSpec } from "../variance/index";
import { checkDegreesOfFreedom, describeFit } from "./common";
import { leastSquares, type LeastSquaresFit } from "../solve/leastSquares";

/** One linear regression on the columns of a model frame (after absorption). */
export interface LinearProblem {
  formulaText: string;
  frame: ModelFrame;
  /** The dependent variable: raw (for TSS) and demeaned. */
  response: NamedColumn;
  demeanedResponse: Float64Array;
  /** Regressors: raw (for the collinearity yardstick) and demeaned, in the order to report. */
  regressors: NamedColumn[];
  demeanedRegressors: Float64Array[];
  spec: VcovSpec;
  tolerance?: number;
  messages: string[];
  /** Where the least-squares work arrays come from (default: new arrays; see linalg/workBuffers). */
  allocate?: Allocate;
  /** With regression weights: √w, by which the demeaned response and regressors have been multiplied (absorbFrame). */
  sqrtWeights?: Float64Array;
  /**
   * The least squares of the demeaned response on the demeaned regressors (in their order), when the
   * caller has it from bases of its own (a 2SLS problem's instrument space); computed here otherwise.
   */
  leastSquares?: LeastSquaresFit;
}

/** A fitted linear regression together with the pieces diagnostics reuse. */
export interface LinearFit {
  result: FeolsResult;
  leastSquares: LeastSquaresFit;
  variance: VarianceEstimate;
  /** Demeaned regressors that were kept (not collinear), in order. */
  keptColumns: Float64Array[];
}

/** Σ (y − ȳ)² (about 0 when not centred); with weights Σ w (y − ȳ_w)². */
function centredSumOfSquares(values: Float64Array, centred: boolean, weights?: Float64Array): number {
  if (weights) return weightedSumOfSquares(values, weights, centred);
  let mean = 0;
  if (centred) {
    for (let i = 0; i < values.length; i++) mean += values[i];
    mean /= values.length;
  }
  let ss = 0;
  for (let i = 0; i < values.length; i++) ss += (values[i] - mean) * (values[i] - mean);
  return ss;
}

/**
 * OLS of ỹ on X̃ with collinear regressors dropped in order, the variance of `spec`, and the fit
 * statistics (R² about the mean of the raw y; within R² from Σ ỹ²). With regression weights the
 * columns arrive multiplied by √w, so this is weighted least squares: b = (X̃'WX̃)⁻¹X̃'Wỹ, scores
 * w_i e_i x̃_i, SSR = Σ w e², R² = 1 − Σw e²/Σw(y − ȳ_w)², within R² = 1 − Σw e²/Σw ỹ² (fixest). Used for the OLS model itself
 * and for the auxiliary regressions of IV (first stages, reduced form, Anderson–Rubin).
 */
export function fitLinear(problem: LinearProblem, centred: boolean): LinearFit {
  const { frame } = problem;
  const ls = leastSquaresOf(problem, centred);
  const names = ls.kept.map((k) => problem.regressors[k].name);
  const collinear = ls.dropped.map((k) => problem.regressors[k].name);
  if (names.length === 0) {
    throw new IdentificationError(
      `Every regressor of "${problem.formulaText}" is collinear with the fixed effects (${collinear.join(", ")}); nothing can be estimated.`,
    );
  }
  const kFull = fullParameterCount(names.length, frame.fixedEffects);
  checkDegreesOfFreedom(frame.nobs, kFull, problem.formulaText);
  const keptColumns = ls.kept.map((k) => problem.demeanedRegressors[k]);
  const variance = estimateVariance(
    problem.spec,
    { bread: ls.bread, columns: keptColumns, residuals: ls.residuals, ssr: ls.ssr, nobs: frame.nobs, kFull, fixedEffects: frame.fixedEffects, coordinates: frame.coordinates, weights: frame.weights },
    frame.clusters,
  );
  let tssWithin = 0;
  for (let i = 0; i < problem.demeanedResponse.length; i++) tssWithin += problem.demeanedResponse[i] ** 2;
  const result = new FeolsResult({
    method: "OLS",
    formula: problem.formulaText,
    coefNames: names,
    estimates: ls.coef,
    ssr: ls.ssr,
    tss: centredSumOfSquares(problem.response.values, centred, frame.weights),
    tssWithin,
    hasFixedEffects: frame.fixedEffects.length > 0,
    ...describeFit(frame, variance, problem.spec, kFull, collinear, problem.messages),
    depVar: problem.response.name,
    residuals: unweightedResiduals(ls.residuals, problem.sqrtWeights ?? squareRootsOf(frame.weights)),
  });
  return { result, leastSquares: ls, variance, keptColumns };
}

/** The least squares of a problem: given, or orthogonalising its regressors with their reference sums of squares. */
function leastSquaresOf(problem: LinearProblem, centred: boolean): LeastSquaresFit {
  if (problem.leastSquares) return problem.leastSquares;
  const reference = referenceSumsOfSquares(problem.regressors, centred, problem.frame.weights);
  return leastSquares(problem.demeanedRegressors, problem.demeanedResponse, reference, problem.tolerance, problem.allocate);
}

/** √w of a frame's weights (undefined unweighted), for problems built without them. */
function squareRootsOf(weights: Float64Array | undefined): Float64Array | undefined {
  return weights ? weights.map(Math.sqrt) : undefined;
}

/** Whether R² is about the mean: the model has fixed effects or an intercept. */
export function isCentred(frame: ModelFrame): boolean {
  return frame.fixedEffects.length > 0 || frame.exogenous.some((c) => c.name === "(Intercept)");
}

export { centredSumOfSquares };
