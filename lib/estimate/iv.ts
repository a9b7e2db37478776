import { unweightedResiduals, type AbsorbedFrame } from "../absorb/absorbFrame";
import type { ModelFrame } from "../design/modelFrame";
import { firstStageStatistics, type FirstStage } from "../diagnostics/firstStage";
import { IdentificationError } from "../errors";
import { leastSquaresInOrder, prefixReportedLast, type LeastSquaresFit } from "../solve/leastSquares";
import { extendBasis } from "../solve/orthogonalize";
import type { LastResults } from "./lastResults";
import { estimateVariance, fullParameterCount, type VarianceEstimate, type VcovSpec } from "../variance/index";
import { checkDegreesOfFreedom, describeFit } from "./common";
import { andersonRubinFunctions, type AndersonRubinFunctions } from "./ivAndersonRubin";
import { computeIvDiagnostics } from "./ivDiagnostics";
import { buildIvProblem, sumOfSquaresAddedByInstruments, type IvProblem } from "./ivProblem";
import { IvResult } from "./ivResult";
import { centredSumOfSquares, fitLinear } from "./linear";

function sumOfSquares(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return s;
}

/** The first stages: each endogenous regressor on [excluded instruments, exogenous regressors]. */
interface FirstStages {
  /** Per endogenous regressor: the fit and its statistics. */
  byName: Record<string, FirstStage>;
  /** Per endogenous regressor: the residuals V = X̃ − X̂, X̂ = P_Z X̃ (√w-scaled when weighted). */
  residuals: Float64Array[];
}

function firstStages(problem: IvProblem): FirstStages {
  const { frame, absorbed } = problem;
  const byName: Record<string, FirstStage> = {};
  const residuals = frame.endogenous.map((endo, j) => {
    const x = absorbed.endogenous[j];
    const fit = fitLinear(problem.auxiliary(endo, x, endo.name), problem.centred);
    byName[endo.name] = firstStageStatistics(fit.result, problem.instrumentNames, sumOfSquaresAddedByInstruments(problem, x));
    return fit.leastSquares.residuals;
  });
  return { byName, residuals };
}

/** The second stage: ỹ on [X̂, exogenous] with X̂ = P_Z X̃, and the structural residuals y − Xb (actual X). */
interface SecondStage {
  names: string[];
  fit: LeastSquaresFit;
  fitted: Float64Array[];
  columns: Float64Array[];
  structural: Float64Array[];
  residuals: Float64Array;
}

/** a − b, elementwise. */
function minus(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] - b[i];
  return out;
}

/**
 * The second stage on the exogenous regressors' basis carried on with X̂ = X̃ − V (`extendBasis`),
 * reported X̂ first. The structural residuals need no pass over X: with e = ỹ − X̂b_X − Wb_W the
 * second stage's residuals, u = ỹ − X̃b_X − Wb_W = e − V b_X.
 * @throws IdentificationError when an instrumented regressor is collinear with the others once projected.
 */
function secondStage(problem: IvProblem, firstStageResiduals: Float64Array[]): SecondStage {
  const { frame, absorbed, memo, tolerance } = problem;
  const fittedOf = (x: Float64Array, j: number) => minus(x, firstStageResiduals[j]);
  const fitted = absorbed.endogenous.map((x, j) => (memo ? memo.get(`fitted ${j}`, [problem.instrumentGramSchmidt, x], () => fittedOf(x, j)) : fittedOf(x, j)));
  const exogenous = problem.exogenousGramSchmidt;
  const extend = () => extendBasis(exogenous, fitted, fitted.map(sumOfSquares), tolerance);
  const basis = memo ? memo.get("second stage basis", [exogenous, ...fitted, tolerance], extend) : extend();
  const fit = leastSquaresInOrder(basis, absorbed.response, prefixReportedLast(problem.exogenous.length, fitted.length));
  const names = [...frame.endogenous.map((c) => c.name), ...problem.exogenous.map((c) => c.name)];
  if (fit.dropped.length > 0) {
    throw new IdentificationError(
      `"${problem.formulaText}" is not identified: the instrumented ${fit.dropped.map((k) => `"${names[k]}"`).join(", ")} is collinear with the other regressors once projected on the instruments; the instruments do not move it independently.`,
    );
  }
  const residuals = Float64Array.from(fit.residuals);
  firstStageResiduals.forEach((v, j) => {
    const b = fit.coef[j];
    for (let i = 0; i < residuals.length; i++) residuals[i] -= b * v[i];
  });
  const columns = [...fitted, ...problem.exogenousDemeaned];
  const structural = [...absorbed.endogenous, ...problem.exogenousDemeaned];
  return { names, fit, fitted, columns, structural, residuals };
}

/** The Anderson–Rubin functions when there is one endogenous regressor, centred on the 2SLS estimate. */
function andersonRubinFor(problem: IvProblem, second: SecondStage, variance: VarianceEstimate): AndersonRubinFunctions | undefined {
  if (problem.frame.endogenous.length !== 1) return undefined;
  const centre = second.fit.coef[0];
  const scale = Math.sqrt(variance.matrix[0][0]) || Math.abs(centre) || 1;
  return andersonRubinFunctions(problem, centre, scale);
}

/**
 * Two-stage least squares with absorbed fixed effects (on the demeaned columns):
 *
 *   X̂ = P_Z X,  b = (X̂'X̂)⁻¹ X̂'y,  u = y − X b,
 *
 * Z = [excluded instruments, exogenous regressors], X = [endogenous, exogenous]. The variance
 * uses the bread (X̂'X̂)⁻¹ and the scores X̂_i u_i with the structural residuals (actual X), as
 * fixest and ivreg2 do; K_full counts every slope and fixed-effect level. The diagnostics are
 * computed on first access (a Monte Carlo that needs only b and its SE never pays for them). Every
 * regression works on the exogenous regressors' basis carried on: the first stages on the instrument
 * space's, the second stage on the exogenous basis extended with X̂. A prepared model passes its
 * `memo`: the bases of columns unchanged since its last refit (the exogenous regressors, the
 * instrument space, the second stage's regressors) are reused, which gives the same numbers
 * (lastResults.ts).
 * Wooldridge (2010), Econometric Analysis of Cross Section and Panel Data, §5.2.
 * @throws IdentificationError when under-identified, or when an instrument or endogenous regressor
 *         is collinear with the fixed effects or exogenous regressors.
 */
export function fitIv(formulaText: string, frame: ModelFrame, absorbed: AbsorbedFrame, spec: VcovSpec, tolerance?: number, memo?: LastResults): IvResult {
  const problem = buildIvProblem(formulaText, frame, absorbed, spec, tolerance, memo);
  const firstStage = firstStages(problem);
  const second = secondStage(problem, firstStage.residuals);
  const ssr = sumOfSquares(second.residuals);
  const kFull = fullParameterCount(second.names.length, frame.fixedEffects);
  checkDegreesOfFreedom(frame.nobs, kFull, formulaText);
  const variance = estimateVariance(
    spec,
    { bread: second.fit.bread, columns: second.columns, residuals: second.residuals, ssr, nobs: frame.nobs, kFull, fixedEffects: frame.fixedEffects, coordinates: frame.coordinates, weights: frame.weights },
    frame.clusters,
  );
  const ar = andersonRubinFor(problem, second, variance);
  const endogenousEstimates = frame.endogenous.map((c, j) => ({ name: c.name, estimate: second.fit.coef[j], se: Math.sqrt(variance.matrix[j][j]) }));
  const pieces = { ...second, firstStageResiduals: firstStage.residuals, kFull, firstStage: firstStage.byName[frame.endogenous[0].name], andersonRubinTest: ar?.test, endogenousEstimates };
  return new IvResult(
    {
      method: "2SLS",
      formula: formulaText,
      coefNames: second.names,
      estimates: second.fit.coef,
      ssr,
      tss: centredSumOfSquares(frame.response.values, problem.centred, frame.weights),
      tssWithin: sumOfSquares(absorbed.response),
      hasFixedEffects: frame.fixedEffects.length > 0,
      ...describeFit(frame, variance, spec, kFull, problem.collinear, absorbed.messages),
      residuals: unweightedResiduals(second.residuals, absorbed.sqrtWeights),
    },
    {
      firstStage: firstStage.byName,
      ivDiagnostics: () => computeIvDiagnostics(problem, pieces),
      endogenous: frame.endogenous.map((c) => c.name),
      instruments: problem.instrumentNames,
      andersonRubinTest: ar?.test,
      andersonRubinSet: ar?.set,
      reducedForm: () => fitLinear(problem.auxiliary(frame.response, absorbed.response, frame.response.name), problem.centred).result,
    },
  );
}
