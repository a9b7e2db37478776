/**
 * The shift-share Monte Carlo of notebook 08: how often city-clustered and AKM inference reject a
 * true null when the errors of cities with similar industry shares are correlated — the simulator's
 * `shareShock` option (lib/study/simulate/shareShock.ts) — with few and with many industries.
 *
 * The design is the placebo exercise of Adão, Kolesár & Morales (2019, QJE 134(4), §IV), on the
 * simulation's cities. Fixed across draws: the 287 cities' 2006 shares of the simulated world
 * (seed DEFAULT_SEED), split into k sub-industries per IFR industry as the option splits them. In
 * draw d, for every city i (one cross-section, so clustering by city is the heteroskedasticity-robust
 * variance with the cluster factor G/(G − 1)):
 *
 *   y_i = Σ_m s_im·u_m + e_i,   u_m ~ N(0, σ_u²)  (the option's error term),  e_i ~ N(0, σ_ε²)
 *   x_i = Σ_m s_im·g_m,         g_m ~ N(0, 1)     (placebo shifts, independent of everything)
 *   y_i = a + β·x_i + c·share_sum_i + error,      true β = 0
 *
 * σ_ε is the simulation's outcome noise (params.shrinkNoiseSd) and σ_u is set so that the share term
 * makes up `errorShare` of the error's cross-city variance: σ_u² · (1/C) Σ_i ‖s_i − s̄‖² =
 * errorShare/(1 − errorShare) · σ_ε² — the same error variance with few or many industries, so that
 * only the number of independent shocks changes. Each draw's β = 0 is tested at 5 % by feols
 * (clustered by city) and shiftShareSE (AKM and AKM0, each sub-industry its own sector).
 *
 * Why a cross-section: AKM's asymptotics run over shocks, so "few industries" must mean few
 * independent shocks; in the study's panel, shocks indexed by industry × year with year-to-year
 * independent u would already be 204 shocks. One cross-section makes the count of industries the
 * count of shocks (12 IFR industries, or 12·k sub-industries) and keeps a draw to milliseconds.
 */
import { OptionsError } from "../errors";
import { feols } from "../feols";
import { checkOptions } from "../options";
import { Rng } from "../random/rng";
import { optionKeys } from "../report/optionKeys";
import type { SimCity } from "../study/simulate/cities";
import { defaultCities } from "../study/simulate/defaultCities";
import { DEFAULT_PARAMS, DEFAULT_SEED, type SimParams } from "../study/simulate/params";
import { fineShares, shareShockTerm, startShareShock } from "../study/simulate/shareShock";
import { simulateWorld } from "../study/simulate/world";
import { shiftShareSE } from "../toolkit/shiftShare/shiftShareSE";
import { checkDrawsAndSeed } from "./monteCarlo";

/** Options of `shiftShareMonteCarlo`. */
export interface ShiftShareMonteCarloOptions {
  /** Number of draws per design (`draws("montecarlo")` in the notebooks). */
  draws: number;
  /** Seed of the first draw; draw d uses seed + d. */
  seed: number;
  /** Sub-industries per IFR industry, one design each (default [1, 5]: 12 and 60 industries). */
  subIndustries?: number[];
  /** Share of the error's cross-city variance from the industry shocks (default 0.5; strictly between 0 and 1). */
  errorShare?: number;
  /** The simulation's cities (default data/cities.csv). */
  cities?: readonly SimCity[];
  /** The simulation's parameters (default DEFAULT_PARAMS): its shares and σ_ε. */
  params?: SimParams;
}

/** The keys of ShiftShareMonteCarloOptions, for the options check. */
const OPTION_KEYS = optionKeys<ShiftShareMonteCarloOptions>()(["draws", "seed", "subIndustries", "errorShare", "cities", "params"]);

/** The three tests compared. */
export type ShiftShareTest = "cluster" | "akm" | "akm0";

/** The tests in table order. */
export const SHIFT_SHARE_TESTS: readonly ShiftShareTest[] = ["cluster", "akm", "akm0"];

/** One design of the experiment: a number of industries, the p-values of every draw, and the rejection rates. */
export interface ShiftShareDesign {
  /** k, sub-industries per IFR industry. */
  subIndustries: number;
  /** The number of industries (independent shocks): 12·k. */
  industries: number;
  /** The effective number of industries 1 / Σ_m (S_m / S)², S_m = Σ_i s_im (an inverse Herfindahl). */
  effectiveIndustries: number;
  /** σ_u, the SD of the industry shocks of the error. */
  shockSd: number;
  /** Per test, per draw: the p-value of β = 0. */
  p: Record<ShiftShareTest, Float64Array>;
  /** Per test: the share of draws with p < 0.05. */
  reject: Record<ShiftShareTest, number>;
  /** Per test: the rejection rate's Monte Carlo SE √(r(1 − r)/B). */
  mcSe: Record<ShiftShareTest, number>;
}

/** The experiment: its settings and one entry per design. */
export interface ShiftShareMonteCarlo {
  /** Draws per design. */
  draws: number;
  /** Seed of the first draw. */
  seed: number;
  /** Nominal size of the tests (0.05). */
  level: number;
  /** Share of the error's cross-city variance from the industry shocks. */
  errorShare: number;
  /** σ_ε, the idiosyncratic error's SD. */
  noiseSd: number;
  /** The cities. */
  cities: number;
  /** One entry per design, in the order of `subIndustries`. */
  designs: ShiftShareDesign[];
}

/** The fixed inputs of one design: shares, share sums, city codes and σ_u. */
interface DesignSetup {
  k: number;
  fine: Float64Array[];
  shareSum: Float64Array;
  code: string[];
  shockSd: number;
  noiseSd: number;
}

/**
 * Rejection rates of a true null (β = 0 on a placebo shift-share) for city-clustered, AKM and AKM0
 * inference, with errors correlated across cities with similar industry shares (design in the
 * module comment), once per number of sub-industries. Deterministic given the options.
 * @throws OptionsError for an unknown option, fewer than two draws, a seed that is not finite,
 *   sub-industry counts that are not positive whole numbers, or an errorShare outside (0, 1).
 * @example shiftShareMonteCarlo({ draws: draws("montecarlo"), seed: 1 }).designs[0].reject.cluster
 */
export function shiftShareMonteCarlo(options: ShiftShareMonteCarloOptions): ShiftShareMonteCarlo {
  checkOptions("shiftShareMonteCarlo", options, OPTION_KEYS);
  checkDrawsAndSeed("shiftShareMonteCarlo", options.draws, options.seed);
  const subIndustries = options.subIndustries ?? [1, 5];
  const errorShare = options.errorShare ?? 0.5;
  checkDesigns(subIndustries, errorShare);
  const params = options.params ?? DEFAULT_PARAMS;
  const world = simulateWorld(options.cities ?? defaultCities(), params, DEFAULT_SEED);
  const base = baseShares(world.levels.baseEmp, world.levels.baseEmpTotal, world.cities.length);
  const code = world.cities.map((c) => String(c.code));
  const designs = subIndustries.map((k) => runDesign(setupDesign(base, code, k, errorShare, params.shrinkNoiseSd), options.draws, options.seed));
  return { draws: options.draws, seed: options.seed, level: 0.05, errorShare, noiseSd: params.shrinkNoiseSd, cities: code.length, designs };
}

/**
 * @throws OptionsError for sub-industry counts that are not positive whole numbers, or an errorShare outside (0, 1).
 */
function checkDesigns(subIndustries: unknown, errorShare: unknown): void {
  if (!Array.isArray(subIndustries) || subIndustries.length === 0 || !subIndustries.every((k) => Number.isInteger(k) && k >= 1)) {
    throw new OptionsError(`shiftShareMonteCarlo: subIndustries must be a non-empty list of positive whole numbers (sub-industries per IFR industry), e.g. [1, 10]; got ${JSON.stringify(subIndustries)}.`);
  }
  if (typeof errorShare !== "number" || !(errorShare > 0 && errorShare < 1)) {
    throw new OptionsError(`shiftShareMonteCarlo: errorShare must lie strictly between 0 and 1 (the share of the error variance from the industry shocks), got ${JSON.stringify(errorShare)}.`);
  }
}

/** The recorded 2006 shares s_ij = Emp_ij / Emp_i, city-major (index c·J + j). */
function baseShares(baseEmp: Float64Array, baseEmpTotal: Float64Array, C: number): Float64Array {
  const J = baseEmp.length / C;
  return baseEmp.map((e, cj) => e / baseEmpTotal[Math.floor(cj / J)]);
}

/**
 * The fixed inputs of the design with k sub-industries: the option's split of the shares (the same
 * split weights a world drawn with this option uses) and σ_u from `errorShare`.
 */
function setupDesign(base: Float64Array, code: string[], k: number, errorShare: number, noiseSd: number): DesignSetup {
  const C = code.length;
  const J = base.length / C;
  const run = startShareShock(new Rng(DEFAULT_SEED), { sd: 1, subIndustries: k }, C, J);
  const fine = fineShares(base, (run as NonNullable<typeof run>).split, C, J, k);
  const shareSum = Float64Array.from(fine, (row) => row.reduce((a, b) => a + b, 0));
  const shockSd = Math.sqrt(errorShare / (1 - errorShare)) * noiseSd / Math.sqrt(crossCityShareVariance(fine));
  return { k, fine, shareSum, code, shockSd, noiseSd };
}

/** (1/C) Σ_i ‖s_i − s̄‖²: the cross-city variance of Σ_m s_im·u_m per unit of σ_u². */
function crossCityShareVariance(fine: Float64Array[]): number {
  const C = fine.length;
  const M = fine[0].length;
  const mean = new Float64Array(M);
  for (const row of fine) for (let m = 0; m < M; m++) mean[m] += row[m] / C;
  let v = 0;
  for (const row of fine) for (let m = 0; m < M; m++) v += (row[m] - mean[m]) ** 2 / C;
  return v;
}

/** 1 / Σ_m (S_m / S)², S_m = Σ_i s_im: the effective number of industries. */
function effectiveIndustries(fine: Float64Array[]): number {
  const M = fine[0].length;
  const S = new Float64Array(M);
  for (const row of fine) for (let m = 0; m < M; m++) S[m] += row[m];
  const total = S.reduce((a, b) => a + b, 0);
  return 1 / S.reduce((h, s) => h + (s / total) ** 2, 0);
}

/** Every draw of one design, and its rejection rates. */
function runDesign(setup: DesignSetup, draws: number, seed: number): ShiftShareDesign {
  const p = { cluster: new Float64Array(draws), akm: new Float64Array(draws), akm0: new Float64Array(draws) };
  for (let d = 0; d < draws; d++) {
    const one = drawPValues(setup, new Rng(seed + d).fork(`shift-share k=${setup.k}`));
    for (const t of SHIFT_SHARE_TESTS) p[t][d] = one[t];
  }
  const reject = {} as Record<ShiftShareTest, number>;
  const mcSe = {} as Record<ShiftShareTest, number>;
  for (const t of SHIFT_SHARE_TESTS) {
    reject[t] = p[t].reduce((n, v) => n + (v < 0.05 ? 1 : 0), 0) / draws;
    mcSe[t] = Math.sqrt((reject[t] * (1 - reject[t])) / draws);
  }
  const industries = setup.fine[0].length;
  return { subIndustries: setup.k, industries, effectiveIndustries: effectiveIndustries(setup.fine), shockSd: setup.shockSd, p, reject, mcSe };
}

/** One draw: the outcome with the option's error term, placebo shifts, and the three p-values of β = 0. */
function drawPValues(setup: DesignSetup, rng: Rng): Record<ShiftShareTest, number> {
  const { fine, code, shareSum } = setup;
  const y = shareShockTerm(fine, setup.shockSd, rng.fork("u"));
  const re = rng.fork("e");
  for (let i = 0; i < y.length; i++) y[i] += setup.noiseSd * re.normal();
  const g = shareShockTerm(fine, 1, rng.fork("g")); // the placebo shift-share Σ_m s_im·g_m, g ~ N(0, 1)
  const data = { code, y, x: g, share_sum: shareSum };
  const formula = "y ~ x + share_sum";
  const cluster = feols(formula, data, { vcov: { cluster: "code" } }).pvalue.x;
  const akm = shiftShareSE({ data, formula, shiftShare: "x", shares: fine, method: "akm" }).p;
  const akm0 = shiftShareSE({ data, formula, shiftShare: "x", shares: fine, method: "akm0" }).p;
  return { cluster, akm, akm0 };
}
