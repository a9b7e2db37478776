import type { FixedEffectFactor } from "../design/factor";
import { VarianceError } from "../errors";
import { sandwich, scale, zeros } from "../linalg/dense";
import { nestedParameterCount } from "./dof";
import { bartlettLag, bartlettWeight } from "./lag";
import { addCrossProduct, sumScoresBy } from "./meat";
import type { VarianceEstimate, VarianceInput } from "./types";

/**
 * The small-sample factor of Driscoll–Kraay and panel Newey–West in fixest 0.12.1:
 *
 *   c = T/(T − 1) · (N − 1)/(N − K),
 *
 * T the number of distinct periods, K the nested count (fixed effects nested in the time — and for
 * Newey–West the unit — variable are not counted).
 * @example panelSmallSampleFactor(20, 200, 12) // 1.1142…
 */
export function panelSmallSampleFactor(nPeriods: number, N: number, K: number): number {
  return (nPeriods / (nPeriods - 1)) * ((N - 1) / (N - K));
}

/**
 * Refuses a time variable with a single period.
 * @example checkPeriodCount(timeFactor, "Driscoll-Kraay") // throws for one year
 */
export function checkPeriodCount(time: FixedEffectFactor, what: string): void {
  if (time.nLevels < 2) {
    throw new VarianceError(`${what}: the time variable "${time.name}" has ${time.nLevels} period in the estimation sample; it needs at least two (use "hetero" instead).`);
  }
}

/**
 * Driscoll–Kraay (1998) variance, as fixest 0.12.1's `vcov_DK` (Stata's `xtscc`, Hoechle 2007):
 *
 *   h_t = Σ_{i in period t} x̃_i e_i,
 *   M = Σ_t h_t h_t' + Σ_{l=1..L} (1 − l/(L+1)) Σ_t (h_{t+l} h_t' + h_t h_{t+l}'),
 *   V = T/(T − 1) · (N − 1)/(N − K) · (X̃'X̃)⁻¹ M (X̃'X̃)⁻¹,
 *
 * periods in sorted order with calendar gaps ignored, L = floor(T^(1/4)) by default, K leaving out fixed
 * effects nested in the time variable. Inference uses t(T − 1). Weighted fits pass √w-scaled columns.
 * @example feols("inv ~ value + capital | firm + year", grunfeld, { vcov: { driscollKraay: { time: "year" } } })
 * @throws VarianceError when the time variable has fewer than two periods.
 */
export function driscollKraayVariance(input: VarianceInput, time: FixedEffectFactor, lag: number | undefined): VarianceEstimate {
  checkPeriodCount(time, "Driscoll-Kraay");
  const T = time.nLevels;
  const L = bartlettLag(lag, T);
  const p = input.columns.length;
  const h = sumScoresBy(input.columns, input.residuals, time.codes, T);
  const meat = zeros(p);
  for (let t = 0; t < T; t++) addCrossProduct(meat, h, t, t, 0.5);
  for (let l = 1; l <= L; l++) {
    const w = bartlettWeight(l, L);
    for (let t = 0; t + l < T; t++) addCrossProduct(meat, h, t + l, t, w);
  }
  const N = input.nobs;
  const k = nestedParameterCount(input.kFull, input.fixedEffects, [time]);
  const factor = panelSmallSampleFactor(T, N, k);
  return {
    matrix: scale(sandwich(input.bread, meat), factor),
    dfT: T - 1,
    k,
    label: `Driscoll-Kraay (L=${L}): time ${time.name}, Bartlett lag ${L}, × T/(T − 1) · (N − 1)/(N − K), T = ${T}, N = ${N}, K = ${k}, t(${T - 1})`,
  };
}
