import type { Rng } from "../random/rng";
import { OptionsError } from "../errors";

/** Auxiliary weight distributions of the wild (cluster) bootstrap. */
export type WildWeightType = "rademacher" | "webb";

/** Webb's (2023) six-point distribution: ±√(1/2), ±1, ±√(3/2), each with probability 1/6 (mean 0, variance 1). */
export const WEBB_POINTS: readonly number[] = [-Math.sqrt(1.5), -1, -Math.sqrt(0.5), Math.sqrt(0.5), 1, Math.sqrt(1.5)];

/** B draws of G cluster weights, row-major: weight of cluster g in draw b at v[b·G + g]. */
export interface WildWeights {
  /** The weights, row-major: v[b·G + g]. */
  v: Float64Array;
  /** Draws B (2^G under full enumeration). */
  draws: number;
  /** Clusters G. */
  clusters: number;
  /** True when every one of the 2^G Rademacher sign vectors was used once (no randomness). */
  enumerated: boolean;
}

/**
 * Wild-bootstrap weights, one per cluster and draw.
 *
 * - Rademacher: v = ±1 with probability 1/2 (Cameron, Gelbach & Miller 2008). With G clusters there
 *   are only 2^G distinct draws; when 2^G ≤ the draws requested, all of them are enumerated once —
 *   as Stata's boottest does (Roodman, MacKinnon, Nielsen & Webb 2019, §3.4) — which makes the
 *   p-value exact and deterministic. Draw b then has v_g = −1 when bit g of b is set (draw 0 is all +1,
 *   the original sample).
 * - Webb: six points ±√(1/2), ±1, ±√(3/2) (Webb 2023, "Reworking wild bootstrap-based inference
 *   for clustered errors", Canadian Journal of Economics 56(3)), for few clusters, where Rademacher has
 *   too few distinct draws. Never enumerated.
 *
 * Random draws read the generator cluster by cluster within draw: v[b·G + g] for b = 0, 1, …, then
 * g = 0, 1, … (Rademacher: `rng.int(2)`, 1 → +1; Webb: `rng.int(6)` indexes WEBB_POINTS).
 * @throws OptionsError for an unknown type or a non-positive number of draws.
 */
export function wildWeights(type: WildWeightType, clusters: number, draws: number, rng: Rng): WildWeights {
  if (type !== "rademacher" && type !== "webb") throw new OptionsError(`wild bootstrap: weights must be "rademacher" or "webb", got ${JSON.stringify(type)}.`);
  if (!(Number.isInteger(draws) && draws >= 1)) throw new OptionsError(`wild bootstrap: draws must be a positive whole number, got ${draws}.`);
  const G = clusters;
  if (type === "rademacher" && G < 31 && 2 ** G <= draws) {
    const B = 2 ** G;
    const v = new Float64Array(B * G);
    for (let b = 0; b < B; b++) for (let g = 0; g < G; g++) v[b * G + g] = (b >>> g) & 1 ? -1 : 1;
    return { v, draws: B, clusters: G, enumerated: true };
  }
  const v = new Float64Array(draws * G);
  if (type === "rademacher") for (let i = 0; i < v.length; i++) v[i] = rng.int(2) === 1 ? 1 : -1;
  else for (let i = 0; i < v.length; i++) v[i] = WEBB_POINTS[rng.int(6)];
  return { v, draws, clusters: G, enumerated: false };
}
