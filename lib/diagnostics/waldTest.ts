import { fUpperP } from "../distributions/index";
import { invertSymmetric, quadraticForm, submatrix } from "../linalg/dense";
import type { FeolsResult } from "../result/fit";
import type { FTest } from "./wuHausman";

/**
 * Wald test that a set of coefficients is jointly zero, in F form:
 *
 *   F = b' V⁻¹ b / q,   df = (q, N − K),
 *
 * b the q coefficients, V their block of the fit's variance (with its small-sample factors) and K
 * the K of that variance (nested when clustered), as fixest's `ivwald`. (fixest 0.12.1's `wald()` uses
 * df2 = N − K_full instead, K_full counting every fixed-effect level; `jointInteractions` follows it.)
 */
export function waldTest(fit: FeolsResult, names: string[]): FTest {
  const index = names.map((name) => fit.coefNames.indexOf(name));
  const b = index.map((k) => fit.coef[fit.coefNames[k]]);
  const inverse = invertSymmetric(submatrix(fit.vcovMatrix, index));
  const q = names.length;
  const df2 = fit.nobs - fit.dofK;
  const stat = inverse ? quadraticForm(inverse, b) / q : NaN;
  return { stat, df1: q, df2, p: fUpperP(stat, q, df2) };
}
