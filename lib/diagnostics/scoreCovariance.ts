import { combineCodes, densifyCodes, type FixedEffectFactor } from "../design/factor";
import { add, scale, type Dense } from "../linalg/dense";
import { clusterMeat, heteroMeat } from "../variance/meat";
import type { VcovSpec } from "../variance/spec";

/**
 * The covariance of moment scores without any small-sample factor, as ivreg2 and ranktest use
 * it for the Kleibergen–Paap and Hansen J statistics:
 *
 *   hetero:  Ŝ = (1/N) Σ_i s_i s_i'                     (HC0)
 *   cluster: Ŝ = (1/N) Σ_g (Σ_{i∈g} s_i)(Σ_{i∈g} s_i)'   (CR0)
 *   two-way: Ŝ = Ŝ₁ + Ŝ₂ − Ŝ₁∩₂
 *
 * `scores` holds one array per moment (s_i's components). The iid case has a closed form that
 * each statistic builds itself, so it is not handled here.
 * Baum, Schaffer & Stillman (2007), "Enhanced routines for IV/GMM estimation and testing", §2.
 */
export function scoreCovariance(scores: Float64Array[], spec: VcovSpec, clusters: FixedEffectFactor[]): Dense {
  const n = scores[0].length;
  const ones = new Float64Array(n).fill(1);
  if (spec.type === "cluster") {
    const meatOf = (codes: Int32Array, G: number) => clusterMeat(scores, ones, codes, G);
    let meat = meatOf(clusters[0].codes, clusters[0].nLevels);
    if (clusters.length === 2) {
      const both = densifyCodes(combineCodes([clusters[0].codes, clusters[1].codes]));
      meat = add(add(meat, meatOf(clusters[1].codes, clusters[1].nLevels)), meatOf(both.codes, both.nLevels), -1);
    }
    return scale(meat, 1 / n);
  }
  return scale(heteroMeat(scores, ones), 1 / n);
}

/** The number of clusters the KP scaling uses: G, or G_min under two-way clustering. */
export function clusterCount(spec: VcovSpec, clusters: FixedEffectFactor[]): number | undefined {
  if (spec.type !== "cluster") return undefined;
  return Math.min(...clusters.map((c) => c.nLevels));
}
