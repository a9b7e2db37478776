import { scale } from "../linalg/dense";
import type { VarianceEstimate, VarianceInput } from "./types";

/**
 * The classical variance under homoskedastic, independent errors:
 *
 *   V = σ̂² (X'X)⁻¹,   σ̂² = SSR / (N − K_full),   inference with t(N − K_full).
 *
 * Greene (2018), Econometric Analysis, §4.5.
 */
export function iidVariance(input: VarianceInput): VarianceEstimate {
  const df = input.nobs - input.kFull;
  const sigma2 = input.ssr / df;
  return {
    matrix: scale(input.bread, sigma2),
    dfT: df,
    k: input.kFull,
    label: `IID: σ² = SSR/(N − K), N = ${input.nobs}, K = ${input.kFull}, t(${df})`,
  };
}
