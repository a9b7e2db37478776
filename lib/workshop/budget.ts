/**
 * Resampling counts for the notebooks (design §7): fast defaults for a workshop's replication
 * (bench/RESULTS.md times it), publication-grade counts with `npm run replicate -- --full`
 * (which sets KIT_RESAMPLING=full), and smoke counts with `--smoke` (KIT_RESAMPLING=smoke): every
 * cell runs, with a tenth of the draws, to check that a setup or a panel goes through end to end —
 * the resampled numbers of such a run are not for reading. Every count is printed beside its result.
 *
 * The Monte Carlo count is the number of simulated panels of notebook 08 (each: the panel, OLS,
 * 2SLS clustered and iid, the 2SLS on the outcome's systematic part, and three noisier instruments
 * with two noise draws each — the notebook's slowest cell). 199 keeps the notebook's coverage
 * claim well beyond its Monte Carlo error — the clustered–iid gap (≈ 9.5 points) is more than four of
 * its paired Monte Carlo SEs (≈ 2 points) — while the weak instrument's drift towards OLS (≈ 0.15–0.25
 * against a spread of ≈ 2) stands out only at about two Monte Carlo SEs; the full run's 999 panels
 * make it about four.
 */
/** A kind of resampling with its own draw count. */
export type ResamplingKind = "bootstrap" | "permutation" | "placebo" | "wild" | "montecarlo";

const FAST: Record<ResamplingKind, number> = { bootstrap: 499, permutation: 499, placebo: 499, wild: 999, montecarlo: 199 };
const FULL: Record<ResamplingKind, number> = { bootstrap: 1999, permutation: 1999, placebo: 999, wild: 9999, montecarlo: 999 };
const SMOKE: Record<ResamplingKind, number> = { bootstrap: 49, permutation: 49, placebo: 49, wild: 99, montecarlo: 19 };

/** The resampling level a run asked for through KIT_RESAMPLING: "full", "smoke", or else "fast". */
export type ResamplingLevel = "fast" | "full" | "smoke";

/**
 * The run's resampling level: KIT_RESAMPLING=full or smoke, otherwise "fast".
 * @example resamplingLevel() // "fast" in an ordinary run
 */
export function resamplingLevel(): ResamplingLevel {
  const asked = typeof process === "undefined" ? undefined : process.env.KIT_RESAMPLING;
  return asked === "full" || asked === "smoke" ? asked : "fast";
}

/**
 * True when the run asked for publication-grade counts (KIT_RESAMPLING=full).
 * @example fullResampling() // false in an ordinary run
 */
export function fullResampling(): boolean {
  return resamplingLevel() === "full";
}

/**
 * The number of draws to use for a kind of resampling in this run: bootstrap 499, permutation 499,
 * placebo 499, wild 999, Monte Carlo 199 by default; 1999, 1999, 999, 9999 and 999 with KIT_RESAMPLING=full;
 * 49, 49, 49, 99 and 19 with KIT_RESAMPLING=smoke.
 * @example placeboTest({ data, formula, coef: "ai", draws: draws("placebo"), seed: 1 })
 */
export function draws(kind: ResamplingKind): number {
  return { fast: FAST, full: FULL, smoke: SMOKE }[resamplingLevel()][kind];
}
