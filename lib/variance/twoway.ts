import { combineCodes, densifyCodes, type FixedEffectFactor } from "../design/factor";
import { add, sandwich, scale } from "../linalg/dense";
import { checkClusterCount } from "./cluster";
import { clusterSmallSampleFactor, nestedParameterCount } from "./dof";
import { clusterMeat } from "./meat";
import type { VarianceEstimate, VarianceInput } from "./types";

/**
 * Two-way cluster-robust variance (Cameron, Gelbach & Miller 2011; Thompson 2011), with
 * fixest's default small-sample correction (`cluster.df = "min"`):
 *
 *   V = (V₁ + V₂ − V₁∩₂) · G_min/(G_min − 1) · (N − 1)/(N − K),
 *
 * each V_c = (X'X)⁻¹ (Σ_g X_g'u_g u_g'X_g) (X'X)⁻¹ without factors, clusters of V₁∩₂ the
 * observed combinations of the two variables, K leaving out the fixed effects nested in either
 * cluster variable. Inference uses t(G_min − 1). The matrix is not forced to be positive definite.
 */
export function twoWayClusterVariance(input: VarianceInput, first: FixedEffectFactor, second: FixedEffectFactor): VarianceEstimate {
  checkClusterCount(first);
  checkClusterCount(second);
  const N = input.nobs;
  const intersection = densifyCodes(combineCodes([first.codes, second.codes]));
  const crossed = (codes: Int32Array, G: number) => sandwich(input.bread, clusterMeat(input.columns, input.residuals, codes, G));
  const raw = add(add(crossed(first.codes, first.nLevels), crossed(second.codes, second.nLevels)), crossed(intersection.codes, intersection.nLevels), -1);
  const gMin = Math.min(first.nLevels, second.nLevels);
  const k = nestedParameterCount(input.kFull, input.fixedEffects, [first, second]);
  const factor = clusterSmallSampleFactor(gMin, N, k);
  return {
    matrix: scale(raw, factor),
    dfT: gMin - 1,
    k,
    nClusters: gMin,
    label: `Clustered (${first.name} & ${second.name}): two-way CR1 = CR0 × G_min/(G_min − 1) · (N − 1)/(N − K), G = ${first.nLevels} & ${second.nLevels}, N = ${N}, K = ${k}, t(${gMin - 1})`,
  };
}
