import { fUpperP } from "../distributions/index";
import { leastSquares } from "../solve/leastSquares";

/** An F test with its degrees of freedom. */
export interface FTest {
  /** The F statistic. */
  stat: number;
  /** Numerator degrees of freedom (restrictions tested). */
  df1: number;
  /** Denominator degrees of freedom. */
  df2: number;
  /** Upper-tail p-value 1 − F_{df1, df2}(stat), computed without cancellation. */
  p: number;
}

/**
 * The Durbin–Wu–Hausman endogeneity test in its regression form (fixest `wh`): add the first-stage
 * residuals v̂ to the structural equation estimated by OLS and test them jointly,
 *
 *   F = ((SSR_r − SSR_u)/K) / (SSR_u/(N − K_full − K)),  df = (K, N − K_full − K),
 *
 * K endogenous regressors, K_full the structural model's full parameter count (also under
 * clustering, as fixest does). Wu (1973); Hausman (1978); Davidson & MacKinnon (1993), §7.9.
 */
export function wuHausman(
  y: Float64Array,
  structuralRegressors: Float64Array[],
  firstStageResiduals: Float64Array[],
  kFull: number,
): FTest {
  const N = y.length;
  const K = firstStageResiduals.length;
  const ownScale = (x: Float64Array) => x.reduce((s, v) => s + v * v, 0);
  const restricted = leastSquares(structuralRegressors, y, structuralRegressors.map(ownScale));
  const augmented = [...structuralRegressors, ...firstStageResiduals];
  const unrestricted = leastSquares(augmented, y, augmented.map(ownScale));
  const df2 = N - kFull - K;
  const stat = (restricted.ssr - unrestricted.ssr) / K / (unrestricted.ssr / df2);
  return { stat, df1: K, df2, p: fUpperP(stat, K, df2) };
}
