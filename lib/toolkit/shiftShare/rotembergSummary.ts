/**
 * What Goldsmith-Pinkham, Sorkin & Swift (2020, Table 2 and its replication `make_rotemberg_summary_ADH.do`)
 * report from the Rotemberg weights: the sectors with the largest α_k, each with its β_k, the F of its own
 * first stage and its share of the estimate α_kβ_k / Σ_j α_jβ_j; how much weight is negative,
 * |Σ_{α<0} α| / (|Σ_{α<0} α| + Σ_{α>0} α) (their Panel A "share"); and the two identities Σ α_k = 1 and
 * Σ α_kβ_k = β̂_Bartik, which the summary checks rather than assumes.
 *
 * Sectors are the share columns as given (GPSS also aggregate a sector over periods; the kit does not).
 */
import { OptionsError } from "../../errors";
import { checkOptions } from "../../options";
import type { RotembergWeights } from "./rotembergWeights";

/** One sector of the summary's top list. */
export interface RotembergSector {
  /** 1 for the largest α. */
  rank: number;
  /** 0-based share column. */
  index: number;
  /** Sector name. */
  sector: string;
  /** Shock g_k. */
  shock: number;
  /** Rotemberg weight α_k. */
  alpha: number;
  /** Just-identified estimate β_k. */
  beta: number;
  /** Reduced-form coefficient γ_k. */
  gamma: number;
  /** First-stage coefficient π_k. */
  pi: number;
  /** First-stage F of the sector's share alone. */
  firstStageF: number;
  /** α_kβ_k / Σ_j α_jβ_j: the sector's share of the Bartik estimate. */
  shareOfEstimate: number;
}

/** Sum, mean, count and share of the weights of one sign. */
export interface WeightSign {
  /** Number of sectors with a weight of this sign. */
  count: number;
  /** Σ α_k over them. */
  sum: number;
  /** Mean α_k over them (NaN when there are none). */
  mean: number;
  /** |Σ α_k| / (|Σ_{α<0} α| + Σ_{α>0} α): GPSS's share. */
  share: number;
  /** Σ α_kβ_k over them: their part of the estimate. */
  alphaBeta: number;
}

/** The GPSS summary of a set of Rotemberg weights. */
export interface RotembergSummary {
  /** The `top` sectors by α, largest first. */
  top: RotembergSector[];
  /** The negative weights. */
  negative: WeightSign;
  /** The positive weights. */
  positive: WeightSign;
  /** Σ α_k (1 up to rounding). */
  sumAlpha: number;
  /** Σ α_kβ_k over sectors with α_k ≠ 0 (equals the Bartik 2SLS estimate). */
  sumAlphaBeta: number;
  /** The Bartik 2SLS estimate computed directly from Σ_k g_k Z_k. */
  bartikEstimate: number;
  /** The variance behind the first-stage F. */
  firstStageVcov: string;
}

/** Options of `rotembergSummary`. */
export interface RotembergSummaryOptions {
  /** How many sectors to list (default 5, as GPSS). */
  top?: number;
}

const SUMMARY_KEYS = ["top"] as const satisfies readonly (keyof RotembergSummaryOptions)[];

/** The sum, mean, count and α-weighted β of the weights of one sign. */
function signPart(w: RotembergWeights, keep: (a: number) => boolean, total: number): WeightSign {
  let count = 0;
  let sum = 0;
  let alphaBeta = 0;
  w.alpha.forEach((a, k) => {
    if (!keep(a)) return;
    count++;
    sum += a;
    alphaBeta += a * w.beta[k];
  });
  return { count, sum, mean: count > 0 ? sum / count : NaN, share: Math.abs(sum) / total, alphaBeta };
}

/**
 * The GPSS table from `rotembergWeights`: top sectors by α with β, γ, π, F and share of the estimate;
 * negative and positive weights (count, sum, mean, share, α-weighted β); Σα and Σαβ beside the Bartik estimate.
 *
 *   share of the estimate_k = α_kβ_k / Σ_j α_jβ_j,   negative share = |Σ_{α<0} α| / Σ |α|
 *
 * Sectors with α_k = 0 (a zero shock, or a share column without first-stage covariance) are left out of
 * the sums, where β_k may be undefined.
 * @throws OptionsError for an unknown option or a `top` that is not a positive integer.
 * @example rotembergSummary(rotembergWeights({ ... })).top[0] // { sector: "t2000_sh_ind_3571", alpha: 0.140, beta: -0.620, ... }
 */
export function rotembergSummary(weights: RotembergWeights, options: RotembergSummaryOptions = {}): RotembergSummary {
  checkOptions("rotembergSummary", options, SUMMARY_KEYS);
  const top = options.top ?? 5;
  if (!Number.isInteger(top) || top < 1) throw new OptionsError(`rotembergSummary: top must be a positive whole number of sectors, got ${JSON.stringify(options.top)}.`);
  let sumAlpha = 0;
  let sumAlphaBeta = 0;
  let total = 0;
  weights.alpha.forEach((a, k) => {
    sumAlpha += a;
    total += Math.abs(a);
    if (a !== 0) sumAlphaBeta += a * weights.beta[k];
  });
  const order = weights.alpha.map((_, k) => k).sort((a, b) => weights.alpha[b] - weights.alpha[a] || a - b);
  const sectors = order.slice(0, Math.min(top, order.length)).map((index, r) => ({
    rank: r + 1,
    index,
    sector: weights.sectors[index],
    shock: weights.shocks[index],
    alpha: weights.alpha[index],
    beta: weights.beta[index],
    gamma: weights.gamma[index],
    pi: weights.pi[index],
    firstStageF: weights.firstStageF[index],
    shareOfEstimate: (weights.alpha[index] * weights.beta[index]) / sumAlphaBeta,
  }));
  return {
    top: sectors,
    negative: signPart(weights, (a) => a < 0, total),
    positive: signPart(weights, (a) => a > 0, total),
    sumAlpha,
    sumAlphaBeta,
    bartikEstimate: weights.bartikEstimate,
    firstStageVcov: weights.firstStageVcov,
  };
}
