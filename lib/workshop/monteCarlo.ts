/**
 * The Monte Carlo lessons on the study's simulation: redraw the simulated panel many times, fit OLS
 * and 2SLS on each draw, and look at the sampling distributions, the coverage of the intervals and
 * what a weak instrument does to 2SLS.
 */
import { OptionsError } from "../errors";
import { checkOptions } from "../options";
import { optionKeys } from "../report/optionKeys";
import type { City } from "../study/registry";
import { simulatePanel, type SimulatedPanel } from "../study/simulate/panel";
import { DEFAULT_PARAMS, type SimParams } from "../study/simulate/params";
import { PreparedModel } from "../estimate/refit";
import { Rng } from "../random/rng";
import { isIvResult } from "../estimate/ivResult";
import { tQuantile } from "../distributions/index";

/** One Monte Carlo study of OLS and 2SLS on redrawn simulated panels. */
export interface MonteCarloStudy {
  /** Number of simulated panels. */
  draws: number;
  /** Seed of the first panel; panel d is drawn with seed + d. */
  seed: number;
  /** Per draw: the OLS estimate of the coefficient of ai (city and year fixed effects, the controls). */
  ols: Float64Array;
  /** Per draw: the 2SLS estimate of the coefficient of ai, instrumented by ai_iv. */
  iv: Float64Array;
  /** Per draw: the city-clustered standard error of the 2SLS estimate. */
  ivSeCluster: Float64Array;
  /** Per draw: the iid standard error of the 2SLS estimate (NaN with `iid: false`). */
  ivSeIid: Float64Array;
  /** Per draw: the first-stage partial F of the excluded instrument (fixest's `ivf`). */
  firstStageF: Float64Array;
  /** Per draw: the 2SLS estimand, the same 2SLS on the outcome without its error term and the clean instrument. */
  estimand: Float64Array;
  /** Share of draws whose t-based 95% interval b ± t_{0.975, df}·SE covers the draw's estimand. */
  coverage: {
    /** With city-clustered standard errors. */
    cluster: number;
    /** With iid standard errors (NaN with `iid: false`). */
    iid: number;
  };
  /** Mean 2SLS estimand over the draws. */
  meanEstimand: number;
}

/** Options of `monteCarloStudy`. */
export interface MonteCarloOptions {
  /** Number of simulated panels (an integer ≥ 2). */
  draws: number;
  /** Seed of the first panel; panel d is drawn with seed + d. */
  seed: number;
  /** Parameters of the simulation (default: the study's `DEFAULT_PARAMS`). */
  params?: SimParams;
  /** The cities simulated (default: data/cities.csv). */
  cities?: City[];
  /** Controls of both models (default: the seven lagged controls). */
  controls?: string[];
  /** Also refit with iid SEs for their coverage (default true). */
  iid?: boolean;
  /**
   * SD of noise added to the instrument, relative to the instrument's own SD (default 0): a weaker
   * but still valid instrument, as when the base-year industry shares are measured with error.
   */
  instrumentNoise?: number;
}

/** Options of `weakInstrumentExperiment`. */
export interface WeakInstrumentOptions {
  /** The noise levels, one row each: SD of the noise relative to the instrument's SD (0 = the instrument as simulated). */
  instrumentNoise: number[];
  /** Number of simulated panels per noise level (an integer ≥ 2). */
  draws: number;
  /** Seed of the first panel of every row (the rows share their panels, so only the noise differs). */
  seed: number;
  /** The cities simulated (default: data/cities.csv). */
  cities?: City[];
}

/** The keys of MonteCarloOptions, for the options check. */
const MONTE_CARLO_OPTION_KEYS = optionKeys<MonteCarloOptions>()(["draws", "seed", "params", "cities", "controls", "iid", "instrumentNoise"]);

/** The keys of WeakInstrumentOptions, for the options check. */
const WEAK_INSTRUMENT_OPTION_KEYS = optionKeys<WeakInstrumentOptions>()(["instrumentNoise", "draws", "seed", "cities"]);

const CONTROLS = ["lnpgdp", "gov", "fin", "open", "hc", "infra", "density"];

/** x ← x + N(0, (relative·SD(x))²), in place. */
function addNoise(x: Float64Array, relative: number, rng: Rng): void {
  const m = mean(x);
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += (x[i] - m) ** 2;
  const sd = Math.sqrt(ss / (x.length - 1)) * relative;
  for (let i = 0; i < x.length; i++) x[i] += rng.gauss(0, sd);
}

/** The named columns of a simulated panel on a prepared model's estimation sample. */
function onSample(panel: Record<string, unknown>, names: string[], rows: Int32Array): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const name of names) {
    const values = panel[name] as ArrayLike<number>;
    out[name] = Float64Array.from(rows, (r) => values[r]);
  }
  return out;
}

/** The arithmetic mean Σxᵢ / n. */
function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** Checks the draw count and seed of a Monte Carlo run. @throws OptionsError naming the bad value. */
function checkDrawsAndSeed(where: string, draws: unknown, seed: unknown): void {
  if (!Number.isInteger(draws) || (draws as number) < 2) throw new OptionsError(`${where}: draws must be an integer ≥ 2, got ${String(draws)}.`);
  if (typeof seed !== "number" || !Number.isFinite(seed)) throw new OptionsError(`${where}: seed must be a finite number, got ${String(seed)}.`);
}

/** The two models every draw refits, prepared once on the first panel, and the columns they read. */
interface DrawModels {
  /** OLS of shrink on ai and the controls, city and year fixed effects, clustered by city. */
  ols: PreparedModel;
  /** 2SLS of the same, ai instrumented by ai_iv. */
  iv: PreparedModel;
  /** The columns a draw replaces. */
  names: string[];
}

/** One draw's numbers. */
interface DrawResult {
  ols: number;
  iv: number;
  seCluster: number;
  seIid: number;
  firstStageF: number;
  estimand: number;
  coveredCluster: boolean;
  coveredIid: boolean;
}

/**
 * Prepares the OLS and 2SLS models on the first panel: it fixes the sample and the fixed-effect
 * codes (every draw has the same cities and years), so later draws replace the columns and demean
 * only those.
 */
function prepareDrawModels(first: SimulatedPanel, controls: string[]): DrawModels {
  const rhs = controls.join(" + ");
  return {
    ols: new PreparedModel(`shrink ~ ai + ${rhs} | code + year`, first, { vcov: { cluster: "code" } }),
    iv: new PreparedModel(`shrink ~ ${rhs} | code + year | ai ~ ai_iv`, first, { vcov: { cluster: "code" } }),
    names: ["shrink", "ai", "ai_iv", ...controls],
  };
}

/**
 * Fits one draw: OLS, 2SLS (clustered, and iid unless `iid: false`) and the estimand — the 2SLS on
 * the outcome without its error term, with the clean instrument (independent noise leaves the
 * first-stage weights, and so the estimand, unchanged) — and whether each interval covers it.
 */
function fitDraw(models: DrawModels, panel: SimulatedPanel, drawSeed: number, options: MonteCarloOptions): DrawResult {
  const columns = onSample(panel, models.names, models.ols.frame.rows);
  const clean = { ...columns, ai_iv: Float64Array.from(columns.ai_iv) };
  if (options.instrumentNoise) addNoise(columns.ai_iv, options.instrumentNoise, new Rng(drawSeed).fork("instrument noise"));
  const { ai_iv: instrument, ...olsColumns } = columns;
  void instrument;
  const ols = models.ols.refit(olsColumns);
  const iv = models.iv.refit(columns);
  const ivIid = options.iid === false ? undefined : models.iv.refit(columns, { vcov: "iid" });
  const target = models.iv.refit({ ...clean, shrink: onSample(panel, ["shrink_noerr"], models.iv.frame.rows).shrink_noerr }, { vcov: "iid" });
  if (!isIvResult(iv)) throw new OptionsError("monteCarloStudy: the 2SLS formula did not give an IV fit.");
  const estimand = target.coef.ai;
  return {
    ols: ols.coef.ai,
    iv: iv.coef.ai,
    seCluster: iv.se.ai,
    seIid: ivIid ? ivIid.se.ai : NaN,
    firstStageF: iv.firstStage.ai.partialF.stat,
    estimand,
    coveredCluster: Math.abs(iv.coef.ai - estimand) <= tQuantile(0.975, iv.dfT) * iv.se.ai,
    coveredIid: !!ivIid && Math.abs(ivIid.coef.ai - estimand) <= tQuantile(0.975, ivIid.dfT) * ivIid.se.ai,
  };
}

/**
 * Redraws the simulated city panel (the panel-level process only: no raw files, no cleaning) `draws`
 * times with seeds seed, seed + 1, …, and fits on each the baseline OLS and the 2SLS with the
 * shift-share instrument, with city fixed effects and year fixed effects. The draw's 2SLS estimand is the
 * same 2SLS on the outcome without its error term (design §6). Coverage counts the draws whose
 * t-based 95% interval, b ± t_{0.975}·SE, contains that estimand.
 * @throws OptionsError for an unknown option, fewer than two draws, or a seed that is not a finite number.
 * @example const study = monteCarloStudy({ draws: draws("montecarlo"), seed: 1 }); study.coverage.cluster // ≈ 0.95
 */
export function monteCarloStudy(options: MonteCarloOptions): MonteCarloStudy {
  checkOptions("monteCarloStudy", options, MONTE_CARLO_OPTION_KEYS);
  if (options === undefined) throw new OptionsError("monteCarloStudy: pass the options, e.g. { draws: 99, seed: 1 }.");
  const { draws, seed } = options;
  checkDrawsAndSeed("monteCarloStudy", draws, seed);
  const params = options.params ?? DEFAULT_PARAMS;
  const out = {
    ols: new Float64Array(draws),
    iv: new Float64Array(draws),
    ivSeCluster: new Float64Array(draws),
    ivSeIid: new Float64Array(draws),
    firstStageF: new Float64Array(draws),
    estimand: new Float64Array(draws),
  };
  let coveredCluster = 0;
  let coveredIid = 0;
  const first = simulatePanel(params, seed, options.cities);
  const models = prepareDrawModels(first, options.controls ?? CONTROLS);
  for (let d = 0; d < draws; d++) {
    const panel = d === 0 ? first : simulatePanel(params, seed + d, options.cities);
    const r = fitDraw(models, panel, seed + d, options);
    out.ols[d] = r.ols;
    out.iv[d] = r.iv;
    out.ivSeCluster[d] = r.seCluster;
    out.ivSeIid[d] = r.seIid;
    out.firstStageF[d] = r.firstStageF;
    out.estimand[d] = r.estimand;
    if (r.coveredCluster) coveredCluster++;
    if (r.coveredIid) coveredIid++;
  }
  return { draws, seed, ...out, coverage: { cluster: coveredCluster / draws, iid: options.iid === false ? NaN : coveredIid / draws }, meanEstimand: mean(out.estimand) };
}

/** One row of the weak-instrument experiment. */
export interface WeakInstrumentRow {
  /** SD of the noise added to the instrument, relative to its SD (larger = weaker instrument). */
  instrumentNoise: number;
  /** Median over the draws of the first-stage partial F. */
  medianFirstStageF: number;
  /** Mean of the OLS estimates. */
  meanOls: number;
  /** Mean of the 2SLS estimates (unstable with a weak instrument: 2SLS has no finite mean when just identified, Kinal 1980). */
  meanIv: number;
  /** Median of the 2SLS estimates. */
  medianIv: number;
  /** Mean 2SLS estimand over the draws. */
  meanEstimand: number;
  /** Median of (2SLS − estimand): the bias of the typical draw. */
  medianBias: number;
  /** Interquartile range of the 2SLS estimates. */
  iqrIv: number;
}

/** The p-quantile by linear interpolation between order statistics (Hyndman & Fan's type 7, R's default). */
function quantile(x: Float64Array, p: number): number {
  const s = Float64Array.from(x).sort();
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return s[lo] + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]) - s[lo]);
}

/**
 * Weakens the instrument step by step — noise added to it, so it still is valid but predicts robot
 * penetration less well — and records, over `draws` panels per step, the first-stage F and where
 * 2SLS lands relative to its estimand and to OLS: with a weak instrument 2SLS drifts towards OLS
 * and its distribution spreads (Staiger & Stock 1997; Stock, Wright & Yogo 2002).
 * @throws OptionsError for an unknown option, no noise levels, fewer than two draws, or a seed that is not a finite number.
 * @example weakInstrumentExperiment({ instrumentNoise: [0, 0.4, 0.8, 1.6], draws: 49, seed: 100 })
 */
export function weakInstrumentExperiment(options: WeakInstrumentOptions): WeakInstrumentRow[] {
  checkOptions("weakInstrumentExperiment", options, WEAK_INSTRUMENT_OPTION_KEYS);
  if (!Array.isArray(options?.instrumentNoise) || !options.instrumentNoise.every((v) => typeof v === "number" && Number.isFinite(v) && v >= 0)) {
    throw new OptionsError("weakInstrumentExperiment: instrumentNoise must be a list of noise levels ≥ 0, e.g. [0, 0.4, 0.8].");
  }
  checkDrawsAndSeed("weakInstrumentExperiment", options.draws, options.seed);
  return options.instrumentNoise.map((noise) => {
    const study = monteCarloStudy({ draws: options.draws, seed: options.seed, cities: options.cities, iid: false, instrumentNoise: noise });
    const bias = Float64Array.from(study.iv, (v, d) => v - study.estimand[d]);
    return {
      instrumentNoise: noise,
      medianFirstStageF: quantile(study.firstStageF, 0.5),
      meanOls: mean(study.ols),
      meanIv: mean(study.iv),
      medianIv: quantile(study.iv, 0.5),
      meanEstimand: study.meanEstimand,
      medianBias: quantile(bias, 0.5),
      iqrIv: quantile(study.iv, 0.75) - quantile(study.iv, 0.25),
    };
  });
}
