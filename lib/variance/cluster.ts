import type { FixedEffectFactor } from "../design/factor";
import { VarianceError } from "../errors";
import { sandwich, scale } from "../linalg/dense";
import { clusterSmallSampleFactor, nestedParameterCount } from "./dof";
import { clusterMeat } from "./meat";
import type { VarianceEstimate, VarianceInput } from "./types";

/** Refuses a cluster variable that cannot support a cluster-robust variance. */
export function checkClusterCount(cluster: FixedEffectFactor): void {
  if (cluster.nLevels < 2) {
    throw new VarianceError(
      `The cluster variable "${cluster.name}" has ${cluster.nLevels} level in the estimation sample; clustering needs at least two (use "hetero" instead).`,
    );
  }
}

/**
 * Cluster-robust variance (CR1), as in Stata's reghdfe and R fixest's defaults.
 *
 *   V = c · (X'X)⁻¹ (Σ_g X_g' u_g u_g' X_g) (X'X)⁻¹,   c = G/(G−1) · (N−1)/(N−K)
 *
 * K leaves out the levels of fixed effects nested in the cluster variable. Inference uses t(G−1).
 * Cameron & Miller (2015), "A Practitioner's Guide to Cluster-Robust Inference", §2.
 * @throws VarianceError when the cluster variable has fewer than two levels.
 */
export function clusterVariance(input: VarianceInput, cluster: FixedEffectFactor): VarianceEstimate {
  checkClusterCount(cluster);
  const G = cluster.nLevels;
  const N = input.nobs;
  const k = nestedParameterCount(input.kFull, input.fixedEffects, [cluster]);
  const meat = clusterMeat(input.columns, input.residuals, cluster.codes, G);
  const factor = clusterSmallSampleFactor(G, N, k);
  return {
    matrix: scale(sandwich(input.bread, meat), factor),
    dfT: G - 1,
    k,
    nClusters: G,
    label: `Clustered (${cluster.name}): CR1 = CR0 × G/(G − 1) · (N − 1)/(N − K), G = ${G}, N = ${N}, K = ${k}, t(${G - 1})`,
  };
}
