/**
 * The weak-instrument experiment: the same panels, the instrument made noisier step by step, and per
 * step the median cluster-robust F, where 2SLS lands relative to the fixed population target and to
 * OLS, with the Monte Carlo error of each number.
 */
import { OptionsError } from "../errors";
import { checkOptions } from "../options";
import { optionKeys } from "../report/optionKeys";
import { tQuantile } from "../distributions/index";
import { Rng } from "../random/rng";
import { quantile7Unsorted } from "../toolkit/quantile";
import type { City } from "../study/registry";
import { checkDrawsAndSeed, checkNoiseLevels, monteCarloStudy, type MonteCarloStudy } from "./monteCarlo";
import { meanAndSd } from "./populationEstimand";

/** One row of the weak-instrument experiment. */
export interface WeakInstrumentRow {
  /** SD of the noise added to the instrument, relative to its SD (larger = weaker instrument). */
  instrumentNoise: number;
  /** Number of simulated panels. */
  draws: number;
  /** Number of 2SLS fits: the panels times the independent noise draws per panel. */
  fits: number;
  /** Median over the draws of the cluster-robust Kleibergen–Paap rk Wald F. */
  medianKpF: number;
  /** Median of the 2SLS estimates (just-identified 2SLS has no finite mean, Kinal 1980: medians, not means). */
  medianIv: number;
  /** Median 2SLS minus the fixed population target: the median bias. */
  medianBias: number;
  /** Monte Carlo SE of `medianBias`: bootstrap over the panels (999 resamples, each panel with all its fits) of the median, with the target's own MC SE added in quadrature. */
  medianBiasMcSe: number;
  /** Interquartile range of the 2SLS estimates. */
  iqrIv: number;
  /** Share of draws in which the nominal 5% clustered t-test rejects the true target (|b − target| > t_{0.975, G−1}·SE): the test's actual size. */
  rejectTarget: number;
  /** Monte Carlo SE of `rejectTarget`: √(Σ_d (r_d − r)²)/B over the B panels' own rejection shares r_d (√(r(1 − r)/B) with one fit per panel). */
  rejectTargetMcSe: number;
  /** Share of draws in which the same test rejects a zero effect: its power against zero. */
  rejectZero: number;
}

/** Options of `weakInstrumentExperiment`. */
export interface WeakInstrumentOptions {
  /** The noise levels, one row each: SD of the noise relative to the instrument's SD (0 = the instrument as simulated). */
  instrumentNoise: number[];
  /** Number of simulated panels (an integer ≥ 2); every row uses the same panels, so only the noise differs. */
  draws: number;
  /** Seed of the first panel. */
  seed: number;
  /** The cities simulated (default: data/cities.csv). */
  cities?: City[];
  /** Independent noise draws per panel at every noise level but the first (default 1; see `MonteCarloOptions.noiseReplicates`). */
  noiseReplicates?: number;
}

/** The keys of WeakInstrumentOptions, for the options check. */
const WEAK_INSTRUMENT_OPTION_KEYS = optionKeys<WeakInstrumentOptions>()(["instrumentNoise", "draws", "seed", "cities", "noiseReplicates"]);

/** Number of bootstrap resamples behind each median's Monte Carlo SE. */
const MEDIAN_BOOTSTRAP = 999;

/** Median of x (type 7; x is not changed). */
function median(x: Float64Array): number {
  return quantile7Unsorted(Float64Array.from(x), 0.5);
}

/**
 * Bootstrap SE of the median of x, whose values come in blocks of `k` per panel: the SD of the median
 * over `MEDIAN_BOOTSTRAP` resamples of the panels with replacement, each with all its k values
 * (Efron & Tibshirani 1993, An Introduction to the Bootstrap, §6; resampling clusters, §8).
 */
function bootstrapMedianSe(x: Float64Array, k: number, rng: Rng): number {
  const panels = x.length / k;
  const medians = new Float64Array(MEDIAN_BOOTSTRAP);
  const resample = new Float64Array(x.length);
  for (let b = 0; b < MEDIAN_BOOTSTRAP; b++) {
    for (let d = 0; d < panels; d++) {
      const from = rng.int(panels) * k;
      for (let r = 0; r < k; r++) resample[d * k + r] = x[from + r];
    }
    medians[b] = quantile7Unsorted(resample, 0.5);
  }
  return meanAndSd(medians).sd;
}

/** The share of fits flagged, and its Monte Carlo SE from the panels' own shares: √(Σ_d (r_d − r)²)/B. */
function panelShare(flags: Uint8Array, k: number): { share: number; se: number } {
  const panels = flags.length / k;
  let total = 0;
  for (const f of flags) total += f;
  const share = total / flags.length;
  let ss = 0;
  for (let d = 0; d < panels; d++) {
    let own = 0;
    for (let r = 0; r < k; r++) own += flags[d * k + r];
    ss += (own / k - share) ** 2;
  }
  return { share, se: Math.sqrt(ss) / panels };
}

/** One row from a column of 2SLS estimates, their clustered SEs and KP F's, `k` fits per panel. */
function rowOf(study: MonteCarloStudy, instrumentNoise: number, fits: { iv: Float64Array; se: Float64Array; kpF: Float64Array; replicates: number }, rng: Rng): WeakInstrumentRow {
  const n = fits.iv.length;
  const t = tQuantile(0.975, study.dfCluster);
  const target = study.target.value;
  const rejectsTarget = new Uint8Array(n);
  const rejectsZero = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    rejectsTarget[i] = Math.abs(fits.iv[i] - target) > t * fits.se[i] ? 1 : 0;
    rejectsZero[i] = Math.abs(fits.iv[i]) > t * fits.se[i] ? 1 : 0;
  }
  const medianIv = median(fits.iv);
  const rejection = panelShare(rejectsTarget, fits.replicates);
  return {
    instrumentNoise,
    draws: study.draws,
    fits: n,
    medianKpF: median(fits.kpF),
    medianIv,
    medianBias: medianIv - target,
    medianBiasMcSe: Math.hypot(bootstrapMedianSe(fits.iv, fits.replicates, rng), study.target.mcSe),
    iqrIv: quantile7Unsorted(Float64Array.from(fits.iv), 0.75) - quantile7Unsorted(Float64Array.from(fits.iv), 0.25),
    rejectTarget: rejection.share,
    rejectTargetMcSe: rejection.se,
    rejectZero: panelShare(rejectsZero, fits.replicates).share,
  };
}

/**
 * The rows of the weak-instrument experiment from a study run with `noiseLevels`: first the study's
 * own instrument, then each noisier one, all on the same panels. Noise drawn independently of
 * everything keeps the instrument valid and the population target unchanged, but weakens the first
 * stage; with a weak instrument 2SLS is median-biased towards OLS and spreads out (Staiger & Stock
 * 1997; Stock, Wright & Yogo 2002). Each row reports medians, the median bias with its Monte Carlo
 * SE, and the actual size of the nominal 5% t-test of the target. Deterministic given the study.
 * @example weakInstrumentRows(monteCarloStudy({ draws: 199, seed: 1, noiseLevels: [0.8, 1.6, 3.2] }))
 */
export function weakInstrumentRows(study: MonteCarloStudy): WeakInstrumentRow[] {
  const rng = new Rng(study.seed).fork("median bootstrap");
  const main = { iv: study.iv, se: study.ivSeCluster, kpF: study.kpF, replicates: 1 };
  return [rowOf(study, study.instrumentNoise, main, rng), ...study.noisy.map((n) => rowOf(study, n.instrumentNoise, n, rng))];
}

/**
 * Runs a study with the given noise levels on the same panels (the first level on the main
 * instrument, no iid refits) and returns its weak-instrument rows.
 * @throws OptionsError for an unknown option, no or negative noise levels, fewer than two draws, or a seed that is not a finite number.
 * @example weakInstrumentExperiment({ instrumentNoise: [0, 0.8, 1.6], draws: 49, seed: 1 })
 */
export function weakInstrumentExperiment(options: WeakInstrumentOptions): WeakInstrumentRow[] {
  checkOptions("weakInstrumentExperiment", options, WEAK_INSTRUMENT_OPTION_KEYS);
  checkNoiseLevels("weakInstrumentExperiment", options?.instrumentNoise, 0);
  if (options.instrumentNoise.length === 0) throw new OptionsError("weakInstrumentExperiment: give at least one noise level, e.g. instrumentNoise: [0, 0.8, 1.6].");
  checkDrawsAndSeed("weakInstrumentExperiment", options.draws, options.seed);
  const [first, ...rest] = options.instrumentNoise;
  const { draws, seed, cities, noiseReplicates } = options;
  return weakInstrumentRows(monteCarloStudy({ draws, seed, cities, iid: false, instrumentNoise: first, noiseLevels: rest, noiseReplicates }));
}

/** How far the weakest instrument's median 2SLS moved, read against OLS and against its Monte Carlo error. */
export interface WeakInstrumentDrift {
  /** Mean OLS minus the target: the direction and size of OLS's bias (OLS has finite moments). */
  olsBias: number;
  /** The row's median bias. */
  medianBias: number;
  /** Its Monte Carlo SE. */
  mcSe: number;
  /** The median moved in OLS's direction. */
  towardsOls: boolean;
  /** |median bias| > 1.96 × its Monte Carlo SE: the move is larger than Monte Carlo noise. */
  beyondMcError: boolean;
}

/**
 * Whether a row's median 2SLS drifts towards OLS by more than its Monte Carlo error: the median
 * bias has OLS's sign and exceeds 1.96 Monte Carlo SEs.
 * @example weakInstrumentDrift(study, rows[rows.length - 1]).beyondMcError
 */
export function weakInstrumentDrift(study: MonteCarloStudy, row: WeakInstrumentRow): WeakInstrumentDrift {
  const olsBias = meanAndSd(study.ols).mean - study.target.value;
  return {
    olsBias,
    medianBias: row.medianBias,
    mcSe: row.medianBiasMcSe,
    towardsOls: Math.sign(row.medianBias) === Math.sign(olsBias),
    beyondMcError: Math.abs(row.medianBias) > 1.96 * row.medianBiasMcSe,
  };
}
