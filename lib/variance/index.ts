import type { FixedEffectFactor } from "../design/factor";
import { clusterVariance } from "./cluster";
import { conleyVariance } from "./conley";
import { driscollKraayVariance } from "./driscollKraay";
import { neweyWestVariance } from "./neweyWest";
import { heteroVariance } from "./hetero";
import { iidVariance } from "./iid";
import type { VcovSpec } from "./spec";
import { twoWayClusterVariance } from "./twoway";
import type { VarianceEstimate, VarianceInput } from "./types";

export type { VarianceEstimate, VarianceInput } from "./types";
export { parseVcov, clusterVariables, conleyCoordinates, varianceColumnRoles, type VcovSpec, type VcovOption } from "./spec";
export { haversineKm, CONLEY_EARTH_RADIUS_KM } from "./conley";
export { bartlettLag } from "./lag";
export { fullParameterCount, nestedParameterCount } from "./dof";

/**
 * Dispatches to the estimator of the requested variance type. `clusters` come from the model frame, read
 * from the columns `clusterVariables(spec)` names: the cluster variables, Driscoll–Kraay's time, Newey–West's
 * unit and time, Conley's latitude and longitude (in that order).
 */
export function estimateVariance(spec: VcovSpec, input: VarianceInput, clusters: FixedEffectFactor[]): VarianceEstimate {
  switch (spec.type) {
    case "iid":
      return iidVariance(input);
    case "hetero":
      return heteroVariance(input);
    case "cluster":
      return clusters.length === 1 ? clusterVariance(input, clusters[0]) : twoWayClusterVariance(input, clusters[0], clusters[1]);
    case "driscollKraay":
      return driscollKraayVariance(input, clusters[0], spec.lag);
    case "neweyWest":
      return neweyWestVariance(input, clusters[0], clusters[1], spec.lag);
    case "conley":
      return conleyVariance(input, clusters[0], clusters[1], spec.cutoff);
  }
}
