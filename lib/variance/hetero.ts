import { sandwich, scale } from "../linalg/dense";
import { heteroMeat } from "./meat";
import type { VarianceEstimate, VarianceInput } from "./types";

/**
 * Heteroskedasticity-robust variance HC1 (White 1980; MacKinnon & White 1985), as fixest's
 * "hetero" and Stata's `robust`:
 *
 *   V = N/(N − K_full) · (X'X)⁻¹ (Σ_i u_i² x_i x_i') (X'X)⁻¹,   inference with t(N − K_full).
 */
export function heteroVariance(input: VarianceInput): VarianceEstimate {
  const df = input.nobs - input.kFull;
  const meat = heteroMeat(input.columns, input.residuals);
  return {
    matrix: scale(sandwich(input.bread, meat), input.nobs / df),
    dfT: df,
    k: input.kFull,
    label: `Heteroskedasticity-robust (HC1): × N/(N − K), N = ${input.nobs}, K = ${input.kFull}, t(${df})`,
  };
}
