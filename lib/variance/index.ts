import type { FixedEffectFactor } from "../design/factor";
import { clusterVariance } from "./cluster";
import { heteroVariance } from "./hetero";
import { iidVariance } from "./iid";
import type { VcovSpec } from "./spec";
import { twoWayClusterVariance } from "./twoway";
import type { VarianceEstimate, VarianceInput } from "./types";

export type { VarianceEstimate, VarianceInput } from "./types";
export { parseVcov, clusterVariables, type VcovSpec, type VcovOption } from "./spec";
export { fullParameterCount, nestedParameterCount } from "./dof";

/** Dispatches to the estimator of the requested variance type; `clusters` come from the model frame. */
export function estimateVariance(spec: VcovSpec, input: VarianceInput, clusters: FixedEffectFactor[]): VarianceEstimate {
  switch (spec.type) {
    case "iid":
      return iidVariance(input);
    case "hetero":
      return heteroVariance(input);
    case "cluster":
      return clusters.length === 1 ? clusterVariance(input, clusters[0]) : twoWayClusterVariance(input, clusters[0], clusters[1]);
  }
}
