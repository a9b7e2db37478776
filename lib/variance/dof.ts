import { isNestedIn, type FixedEffectFactor } from "../design/factor";

/**
 * fixest's parameter count (`fixef.force_exact = FALSE`, design §4):
 *
 *   K_full = p + Σ_f L_f − (F − 1)   (F ≥ 1),   K_full = p without fixed effects,
 *
 * with p slopes (the intercept counts as a slope when there is one). Exact for one or two
 * crossed fixed effects on a connected sample; no search for further redundancy.
 */
export function fullParameterCount(nSlopes: number, fixedEffects: FixedEffectFactor[]): number {
  if (fixedEffects.length === 0) return nSlopes;
  let levels = 0;
  for (const fe of fixedEffects) levels += fe.nLevels;
  return nSlopes + levels - (fixedEffects.length - 1);
}

/**
 * The K of the cluster small-sample factor (fixest `fixef.K = "nested"`):
 *
 *   K = K_full − Σ (L_f − 1) over fixed effects nested in any cluster variable,
 *
 * because a fixed effect nested in a cluster is absorbed by the cluster sums and costs no
 * degrees of freedom (Cameron & Miller 2015, §3.4 on fixed effects and clustering).
 */
export function nestedParameterCount(kFull: number, fixedEffects: FixedEffectFactor[], clusters: FixedEffectFactor[]): number {
  let k = kFull;
  for (const fe of fixedEffects) {
    if (clusters.some((c) => isNestedIn(fe, c))) k -= fe.nLevels - 1;
  }
  return k;
}

/**
 * The cluster small-sample factor (CR1 = CR0 × c), the one definition used by every cluster-robust
 * variance and the wild cluster bootstrap:
 *
 *   c = G/(G − 1) · (N − 1)/(N − K),
 *
 * G the number of clusters (G_min under two-way clustering), K the nested count above. Stata's
 * reghdfe and R fixest's defaults (`ssc(adj = TRUE, cluster.adj = TRUE)`); Cameron & Miller (2015), §2.
 */
export function clusterSmallSampleFactor(G: number, N: number, K: number): number {
  return (G / (G - 1)) * ((N - 1) / (N - K));
}
