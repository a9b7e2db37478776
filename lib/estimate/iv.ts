import { unweightedResiduals, type AbsorbedFrame } from "../absorb/absorbFrame";
import type { ModelFrame } from "../design/modelFrame";
import { firstStageStatistics, type FirstStage } from "../diagnostics/firstStage";
import type { LastResults } from "./lastResults";
import { estimateVariance, fullParameterCount, type VarianceEstimate, type VcovSpec } from "../variance/index";
import { checkDegreesOfFreedom, describeFit } from "./common";
import { andersonRubinFunctions, type AndersonRubinFunctions } from "./ivAndersonRubin";
import { computeIvDiagnostics } from "./ivDiagnostics";
import { buildIvProblem, type IvProblem } from "./ivProblem";
import { secondStage, type SecondStage } from "./ivSecondStage";
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
    const slot = `endogenous ${j}`;
    const fit = fitLinear(problem.auxiliary(endo, x, endo.name, slot), problem.centred);
    // SSR₀ − SSR = ‖Q_T'x‖², the instruments' part beyond the exogenous regressors.
    byName[endo.name] = firstStageStatistics(fit.result, problem.instrumentNames, sumOfSquares(problem.instrumentProjections(problem.exogenousFit(x, slot))));
    return fit.leastSquares.residuals;
  });
  return { byName, residuals };
}

/** The Anderson–Rubin functions when there is one endogenous regressor, centred on the 2SLS estimate. */
function andersonRubinFor(problem: IvProblem, second: SecondStage, variance: VarianceEstimate): AndersonRubinFunctions | undefined {
  if (problem.frame.endogenous.length !== 1) return undefined;
  const centre = second.coef[0];
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
 * regression works on the exogenous regressors' basis carried on with the instruments: the first
 * stages carry each column's fit on the exogenous regressors on to the instruments, and the second
 * stage is solved in the instrument space's coordinates (ivSecondStage.ts). A prepared model passes
 * its `memo`: the bases and fits of columns unchanged since its last refit (the exogenous
 * regressors, the instrument space, the response's and endogenous regressors' fits on the exogenous
 * regressors) are reused, which gives the same numbers (lastResults.ts); a one-off fit uses the same
 * steps with a memo of its own.
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
    { bread: second.bread, columns: second.columns, residuals: second.residuals, ssr, nobs: frame.nobs, kFull, fixedEffects: frame.fixedEffects, coordinates: frame.coordinates, weights: frame.weights },
    frame.clusters,
  );
  const ar = andersonRubinFor(problem, second, variance);
  const endogenousEstimates = frame.endogenous.map((c, j) => ({ name: c.name, estimate: second.coef[j], se: Math.sqrt(variance.matrix[j][j]) }));
  const pieces = { ...second, firstStageResiduals: firstStage.residuals, kFull, firstStage: firstStage.byName[frame.endogenous[0].name], andersonRubinTest: ar?.test, endogenousEstimates };
  return new IvResult(
    {
      method: "2SLS",
      formula: formulaText,
      coefNames: second.names,
      estimates: second.coef,
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
      reducedForm: () => fitLinear(problem.auxiliary(frame.response, absorbed.response, frame.response.name, "response"), problem.centred).result,
    },
  );
}
