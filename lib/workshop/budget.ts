/**
 * Resampling counts for the notebooks (design §7): fast defaults so that the whole replication
 * runs in about a minute, and publication-grade counts with `npm run replicate -- --full`
 * (which sets KIT_RESAMPLING=full). Every count is printed beside its result.
 */
/** A kind of resampling with its own draw count. */
export type ResamplingKind = "bootstrap" | "permutation" | "placebo" | "wild" | "montecarlo";

const FAST: Record<ResamplingKind, number> = { bootstrap: 499, permutation: 499, placebo: 499, wild: 999, montecarlo: 99 };
const FULL: Record<ResamplingKind, number> = { bootstrap: 1999, permutation: 1999, placebo: 999, wild: 9999, montecarlo: 999 };

/**
 * True when the run asked for publication-grade counts (KIT_RESAMPLING=full).
 * @example fullResampling() // false in an ordinary run
 */
export function fullResampling(): boolean {
  return typeof process !== "undefined" && process.env.KIT_RESAMPLING === "full";
}

/**
 * The number of draws to use for a kind of resampling in this run: bootstrap 499, permutation 499,
 * placebo 499, wild 999, Monte Carlo 99 by default; 1999, 1999, 999, 9999 and 999 with KIT_RESAMPLING=full.
 * @example placeboTest({ data, formula, coef: "ai", draws: draws("placebo"), seed: 1 })
 */
export function draws(kind: ResamplingKind): number {
  return (fullResampling() ? FULL : FAST)[kind];
}
