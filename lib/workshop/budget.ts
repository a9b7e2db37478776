/**
 * Resampling counts for the notebooks (design §7): fast defaults so that the whole replication
 * runs in about a minute, and publication-grade counts with `npm run replicate -- --full`
 * (which sets KIT_RESAMPLING=full). Every count is printed beside its result.
 */
export type ResamplingKind = "bootstrap" | "permutation" | "placebo" | "wild" | "montecarlo";

const FAST: Record<ResamplingKind, number> = { bootstrap: 499, permutation: 499, placebo: 499, wild: 999, montecarlo: 99 };
const FULL: Record<ResamplingKind, number> = { bootstrap: 1999, permutation: 1999, placebo: 999, wild: 9999, montecarlo: 999 };

/** True when the run asked for publication-grade counts. */
export function fullResampling(): boolean {
  return typeof process !== "undefined" && process.env.KIT_RESAMPLING === "full";
}

/** The number of draws to use for a kind of resampling in this run. */
export function draws(kind: ResamplingKind): number {
  return (fullResampling() ? FULL : FAST)[kind];
}
