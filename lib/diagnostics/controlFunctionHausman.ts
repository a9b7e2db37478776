import { fUpperP } from "../distributions/index";
import { invertSymmetric, quadraticForm, submatrix } from "../linalg/dense";
import type { FeolsResult } from "../result/fit";
import type { FTest } from "./wuHausman";

/** An F test computed under a named variance. */
export interface RobustFTest extends FTest {
  /** The variance the statistic uses (the model's `vcovType`). */
  vcovType: string;
}

/**
 * The control-function (regression-based) Durbin–Wu–Hausman test under the model's variance: in
 * the OLS regression of y on the structural regressors and v̂ (the first-stage residuals of each
 * endogenous regressor), same exogenous regressors and fixed effects, the Wald test that the q
 * coefficients of v̂ are zero, with the model's variance (cluster-robust when clustered):
 *
 *   F = δ̂' V̂(δ̂)⁻¹ δ̂ / q,   df = (q, the model's t degrees of freedom: G − 1 when clustered,
 *   G_min − 1 two-way, N − K_full otherwise).
 *
 * With one endogenous regressor F is the square of the robust t-statistic on v̂ and p its p-value.
 * Under iid it equals the classical Wu–Hausman F (fixest `wh`) with the same degrees of freedom.
 * fixest's `wald()` gives the same F with df2 = N − K_full whatever the variance.
 * Hausman (1978), Econometrica 46(6); Wooldridge (2010), Econometric Analysis of Cross Section and
 * Panel Data, §6.3.1 (robust form, eq. 6.32 and the discussion after it).
 * @param fit the augmented regression, fitted with the model's variance.
 * @param residualNames the names of the v̂ columns in `fit`.
 */
export function controlFunctionWuHausman(fit: FeolsResult, residualNames: string[]): RobustFTest {
  const index = residualNames.map((name) => fit.coefNames.indexOf(name));
  const q = residualNames.length;
  if (index.some((k) => k < 0)) {
    return { stat: NaN, df1: q, df2: fit.dfT, p: NaN, vcovType: fit.vcovType };
  }
  const b = index.map((k) => fit.coef[fit.coefNames[k]]);
  const inverse = invertSymmetric(submatrix(fit.vcovMatrix, index));
  const stat = inverse ? quadraticForm(inverse, b) / q : NaN;
  return { stat, df1: q, df2: fit.dfT, p: fUpperP(stat, q, fit.dfT), vcovType: fit.vcovType };
}
