import { fUpperP } from "../distributions/index";
import type { FeolsResult } from "../result/fit";
import { waldTest } from "./waldTest";
import type { FTest } from "./wuHausman";

/** The first stage of one endogenous regressor (design §3: `{ fit, partialF, waldF }`). */
export interface FirstStage {
  /** The first-stage regression (coefficients and SEs under the model's variance type). */
  fit: FeolsResult;
  /** fixest `ivf`: the F of dropping the excluded instruments, with the first stage's K under the variance rule. */
  partialF: FTest;
  /** fixest `ivwald`: the Wald F on the excluded instruments under the model's variance type. */
  waldF: FTest;
}

/**
 * Partial F of the excluded instruments (fixest `ivf`):
 *
 *   F = ((SSR₀ − SSR)/q) / (SSR/(N − K_fs)),  df = (q, N − K_fs),
 *
 * SSR₀ from the first stage without the excluded instruments, K_fs the first stage's K under the
 * model's variance rule (nested when clustered), so it changes with clustering as fixest's does.
 * `addedByInstruments` is SSR₀ − SSR, taken from the instrument space's basis (no subtraction).
 * Bound, Jaeger & Baker (1995); Staiger & Stock (1997).
 */
export function firstStageStatistics(fit: FeolsResult, instrumentNames: string[], addedByInstruments: number): FirstStage {
  const q = instrumentNames.length;
  const df2 = fit.nobs - fit.dofK;
  const stat = addedByInstruments / q / (fit.ssr / df2);
  return { fit, partialF: { stat, df1: q, df2, p: fUpperP(stat, q, df2) }, waldF: waldTest(fit, instrumentNames) };
}
