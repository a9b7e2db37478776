/**
 * The simulator's option of errors correlated across cities with similar industry shares — the
 * situation in which city-clustered standard errors of a shift-share regression are too small
 * (Adão, Kolesár & Morales 2019, QJE 134(4), §III) — off by default.
 *
 * Each IFR industry j is split into k sub-industries m = (j, 1…k): city i's share of sub-industry m
 * is s_im = s_ij · w_ijm, with city-specific split weights w_ijm = exp(z_ijm) / Σ_m' exp(z_ijm'),
 * z ~ N(0, 1) (k = 1: the IFR industries themselves). Every sub-industry and year draws a shock
 * u_mt ~ N(0, σ_u²), and the outcome's error of city i in year t gains
 *
 *   ε_it += Σ_m s_im · u_mt
 *
 * so the errors of two cities are correlated in proportion to Σ_m s_im s_i'm: the more similar their
 * industry mix, the more alike their errors. More sub-industries (larger k) means more independent
 * shocks, each with a smaller share — the "many industries" under which AKM's inference is built
 * (their Assumption 2: the largest share of any industry vanishes). Draws come from the stream
 * "shareShock" forked from the world's root (sub-streams "split" and "u"), and only when σ_u > 0: with
 * the option off, no other stream moves and data/ is byte-identical.
 */
import { OptionsError } from "../../errors";
import { Rng } from "../../random/rng";

/** The option's parameters (`SimParams.shareShock`). */
export interface ShareShockParams {
  /** σ_u: SD of the industry-year shocks u_mt (pp of shrinkage per unit of share); 0 turns the option off. */
  sd: number;
  /** k: sub-industries per IFR industry (a positive whole number; 1 keeps the 12 IFR industries). */
  subIndustries: number;
}

/** The option switched off: what the bundled data were drawn with. */
export const SHARE_SHOCK_OFF: Readonly<ShareShockParams> = Object.freeze({ sd: 0, subIndustries: 1 });

/** The label of the option's random stream (forked from the world's root stream). */
export const SHARE_SHOCK_STREAM = "shareShock";

/**
 * Refuses parameters the option cannot use.
 * @throws OptionsError for a negative or non-finite σ_u, or a k that is not a positive whole number.
 * @example checkShareShock({ sd: 2, subIndustries: 10 }) // passes
 */
export function checkShareShock(p: ShareShockParams): void {
  if (!(Number.isFinite(p.sd) && p.sd >= 0)) throw new OptionsError(`shareShock.sd must be a finite number ≥ 0 (0 turns the option off), got ${p.sd}.`);
  if (!(Number.isInteger(p.subIndustries) && p.subIndustries >= 1)) {
    throw new OptionsError(`shareShock.subIndustries must be a positive whole number (1 keeps the IFR industries), got ${p.subIndustries}.`);
  }
}

/**
 * The split weights w_ijm = exp(z_ijm) / Σ_m' exp(z_ijm'), z ~ N(0, 1), at index (c·J + j)·k + m;
 * all 1 when k = 1 (no draw).
 * @example drawSplitWeights(new Rng(1), 287, 12, 10).length // 34440
 */
export function drawSplitWeights(rng: Rng, C: number, J: number, k: number): Float64Array {
  const w = new Float64Array(C * J * k).fill(1);
  if (k === 1) return w;
  for (let cj = 0; cj < C * J; cj++) {
    let sum = 0;
    for (let m = 0; m < k; m++) sum += w[cj * k + m] = Math.exp(rng.normal());
    for (let m = 0; m < k; m++) w[cj * k + m] /= sum;
  }
  return w;
}

/**
 * The sub-industry shares s_im = s_ij · w_ijm of every city: C rows of J·k columns (column j·k + m).
 * @example fineShares(shares, drawSplitWeights(rng, C, 12, 10), C, 12, 10)[0].length // 120
 */
export function fineShares(shares: ArrayLike<number>, split: Float64Array, C: number, J: number, k: number): Float64Array[] {
  return Array.from({ length: C }, (_, c) => {
    const row = new Float64Array(J * k);
    for (let j = 0; j < J; j++) for (let m = 0; m < k; m++) row[j * k + m] = shares[c * J + j] * split[(c * J + j) * k + m];
    return row;
  });
}

/**
 * One year's error component Σ_m s_im · u_m for every city, with u_m ~ N(0, σ_u²) drawn from `rng`
 * (one draw per sub-industry, in column order).
 * @example shareShockTerm(fine, 2, rng) // Float64Array of one number per city
 */
export function shareShockTerm(fine: readonly Float64Array[], sd: number, rng: Rng): Float64Array {
  const M = fine.length > 0 ? fine[0].length : 0;
  const u = Float64Array.from({ length: M }, () => sd * rng.normal());
  return Float64Array.from(fine, (row) => {
    let e = 0;
    for (let m = 0; m < M; m++) e += row[m] * u[m];
    return e;
  });
}

/** The option's state during a world's draw: the split weights and the stream of the yearly shocks. */
export interface ShareShockRun {
  /** σ_u. */
  sd: number;
  /** k. */
  k: number;
  /** The split weights (drawSplitWeights). */
  split: Float64Array;
  /** The stream of u_mt. */
  u: Rng;
  /**
   * The sub-industry shares (fineShares) of the city shares in use, made when first needed and dropped
   * when those shares change (the base year's records replace them), or null.
   */
  fine: Float64Array[] | null;
}

/**
 * The option's state for a world drawn from `root`, or null when it is off (σ_u = 0 or absent): then
 * nothing is drawn and no stream is forked.
 * @throws OptionsError for parameters checkShareShock refuses.
 * @example startShareShock(new Rng(1), { sd: 0, subIndustries: 1 }, 287, 12) // null
 */
export function startShareShock(root: Rng, p: ShareShockParams | undefined, C: number, J: number): ShareShockRun | null {
  if (p === undefined) return null;
  checkShareShock(p);
  if (p.sd === 0) return null;
  const stream = root.fork(SHARE_SHOCK_STREAM);
  return { sd: p.sd, k: p.subIndustries, split: drawSplitWeights(stream.fork("split"), C, J, p.subIndustries), u: stream.fork("u"), fine: null };
}
