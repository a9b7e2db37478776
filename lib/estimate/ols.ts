import type { AbsorbedFrame } from "../absorb/absorbFrame";
import { referenceSumsOfSquares } from "../absorb/absorbFrame";
import type { ModelFrame } from "../design/modelFrame";
import { IdentificationError } from "../errors";
import { FeolsResult } from "../result/fit";
import { estimateVariance, fullParameterCount, type VcovSpec } from "../variance/index";
import { leastSquares } from "./leastSquares";
import { checkDegreesOfFreedom, describeFit, sumsOfSquares } from "./common";

/**
 * OLS on the demeaned columns (Frisch–Waugh–Lovell: the slopes of y on X and the fixed
 * effects equal those of ỹ on X̃), with collinear regressors dropped in formula order.
 */
export function fitOls(formulaText: string, frame: ModelFrame, absorbed: AbsorbedFrame, spec: VcovSpec, tolerance?: number): FeolsResult {
  const centred = frame.fixedEffects.length > 0 || frame.exogenous.some((c) => c.name === "(Intercept)");
  const reference = referenceSumsOfSquares(frame.exogenous, centred);
  const fit = leastSquares(absorbed.exogenous, absorbed.response, reference, tolerance);
  const names = fit.kept.map((k) => frame.exogenous[k].name);
  const collinear = fit.dropped.map((k) => frame.exogenous[k].name);
  if (names.length === 0) {
    throw new IdentificationError(
      frame.exogenous.length === 0
        ? `The model "${formulaText}" has no regressor to estimate; add one to the right of "~".`
        : `Every regressor of "${formulaText}" is collinear with the fixed effects (${collinear.join(", ")}); nothing can be estimated.`,
    );
  }
  const kFull = fullParameterCount(names.length, frame.fixedEffects);
  checkDegreesOfFreedom(frame.nobs, kFull, formulaText);
  const columns = fit.kept.map((k) => absorbed.exogenous[k]);
  const variance = estimateVariance(
    spec,
    { bread: fit.bread, columns, residuals: fit.residuals, ssr: fit.ssr, nobs: frame.nobs, kFull, fixedEffects: frame.fixedEffects },
    frame.clusters,
  );
  return new FeolsResult({
    method: "OLS",
    formula: formulaText,
    coefNames: names,
    estimates: fit.coef,
    ssr: fit.ssr,
    ...sumsOfSquares(frame, absorbed, centred),
    ...describeFit(frame, variance, spec, kFull, collinear, absorbed.messages),
    residuals: fit.residuals,
  });
}
