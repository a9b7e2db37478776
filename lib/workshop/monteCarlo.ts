/**
 * The Monte Carlo lessons on the study's simulation: redraw the simulated panel many times, fit OLS
 * and 2SLS on each draw, and look at the sampling distributions, the coverage of the intervals
 * against a fixed population target, and what a weaker instrument does to 2SLS.
 */
import { OptionsError } from "../errors";
import { checkOptions } from "../options";
import { optionKeys } from "../report/optionKeys";
import type { City } from "../study/registry";
import { simulatePanel, type SimulatedPanel } from "../study/simulate/panel";
import { DEFAULT_PARAMS, type SimParams } from "../study/simulate/params";
import { PreparedModel } from "../estimate/refit";
import { Rng } from "../random/rng";
import { isIvResult, type IvResult } from "../estimate/ivResult";
import { tQuantile } from "../distributions/index";
import { MONTE_CARLO_CONTROLS, populationTargetFor, type PopulationTarget } from "./populationEstimand";

/**
 * The 2SLS fits of one extra instrument-noise level over the same panels (a row of the
 * weak-instrument experiment): `replicates` independent noise draws on each panel, fit d·replicates + r
 * being panel d's r-th.
 */
export interface NoisyInstrumentFits {
  /** SD of the noise added to the instrument, relative to the instrument's SD. */
  instrumentNoise: number;
  /** Independent noise draws per panel. */
  replicates: number;
  /** Per fit: the 2SLS estimate with the noisier instrument. */
  iv: Float64Array;
  /** Per fit: its city-clustered standard error. */
  se: Float64Array;
  /** Per fit: the Kleibergen–Paap rk Wald F of the noisier instrument (cluster-robust). */
  kpF: Float64Array;
}

/** A share of draws with its Monte Carlo standard error √(c(1 − c)/B). */
export interface CoverageShares {
  /** Share of draws whose city-clustered 95% interval covers the target. */
  cluster: number;
  /** Share of draws whose iid 95% interval covers the target (NaN with `iid: false`). */
  iid: number;
  /** Monte Carlo SE of `cluster`, √(c(1 − c)/B). */
  clusterMcSe: number;
  /** Monte Carlo SE of `iid`. */
  iidMcSe: number;
  /** Monte Carlo SE of cluster − iid over the same draws: SD of the per-draw difference of the two indicators / √B. */
  differenceMcSe: number;
}

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
  /**
   * Per draw: the Kleibergen–Paap rk Wald F of the excluded instrument, cluster-robust (Kleibergen &
   * Paap 2006; ivreghdfe's scaling, design §4). With one instrument and one endogenous regressor it
   * equals the first stage's city-clustered Wald F, which is what is read here.
   */
  kpF: Float64Array;
  /**
   * Per draw: the same 2SLS on the outcome's systematic part `shrink_noerr` (without the shock, the
   * mechanisms' noise and the error ε), with the clean instrument: Σ z̃·ai*·β_i / Σ z̃·ai, the draw's
   * first-stage-weighted average of the cities' total effects, scaled by the chance ratio of the
   * instrument's covariance with true and recorded robot density. It is no fixed target: the weights
   * on the cities and the recording error change from draw to draw (SD ≈ 0.14 against ≈ 0.19 for the
   * estimator). 2SLS's distance from it is the year-to-year noise (shock, mechanisms' noise, ε)
   * passed through the instrument — independent across city-years by construction.
   */
  drawEstimand: Float64Array;
  /** The fixed population target coverage is measured against (see `populationTargetFor`). */
  target: PopulationTarget;
  /** Coverage of the fixed population target by t-based 95% intervals, b ± t_{0.975, df}·SE. */
  coverage: CoverageShares;
  /** For contrast: coverage of each draw's own `drawEstimand`, whose distance from 2SLS is noise independent across city-years by construction. */
  drawCoverage: {
    /** With city-clustered SEs. */
    cluster: number;
    /** With iid SEs (NaN with `iid: false`). */
    iid: number;
  };
  /** Degrees of freedom of the clustered t intervals (G − 1). */
  dfCluster: number;
  /** 2SLS with noisier instruments on the same panels, one entry per `noiseLevels` value. */
  noisy: NoisyInstrumentFits[];
  /** SD of the noise added to the main instrument (the `instrumentNoise` option; 0 by default). */
  instrumentNoise: number;
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
  /** More noise levels whose 2SLS is fitted on the same panels: the weak-instrument experiment's rows. */
  noiseLevels?: number[];
  /**
   * Independent noise draws per panel at each of `noiseLevels` (an integer ≥ 1, default 1). With a weak
   * instrument most of 2SLS's spread comes from the instrument's noise, so refits on the same panel
   * (a fraction of a panel's cost) buy Monte Carlo precision cheaply; the rows' Monte Carlo SEs
   * resample panels with all their refits.
   */
  noiseReplicates?: number;
}

/** The keys of MonteCarloOptions, for the options check. */
const MONTE_CARLO_OPTION_KEYS = optionKeys<MonteCarloOptions>()(["draws", "seed", "params", "cities", "controls", "iid", "instrumentNoise", "noiseLevels", "noiseReplicates"]);

/**
 * x + N(0, (relative·SD(x))²), drawn from the draw's own "instrument noise" stream (replicate r > 0:
 * "instrument noise r"), so every level scales the same normals.
 */
function withNoise(x: Float64Array, relative: number, drawSeed: number, replicate = 0): Float64Array {
  const rng = new Rng(drawSeed).fork(replicate === 0 ? "instrument noise" : `instrument noise ${replicate}`);
  let m = 0;
  for (let i = 0; i < x.length; i++) m += x[i];
  m /= x.length;
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += (x[i] - m) ** 2;
  const sd = Math.sqrt(ss / (x.length - 1)) * relative;
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] + rng.gauss(0, sd);
  return out;
}

/** The named columns of a simulated panel on a prepared model's estimation sample. */
function onSample(panel: Record<string, unknown>, names: string[], rows: Int32Array): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const name of names) {
    const values = panel[name] as ArrayLike<number>;
    const column = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) column[i] = values[rows[i]];
    out[name] = column;
  }
  return out;
}

/** Checks the draw count and seed of a Monte Carlo run. @throws OptionsError naming the bad value. */
export function checkDrawsAndSeed(where: string, draws: unknown, seed: unknown): void {
  if (!Number.isInteger(draws) || (draws as number) < 2) throw new OptionsError(`${where}: draws must be an integer ≥ 2, got ${String(draws)}.`);
  if (typeof seed !== "number" || !Number.isFinite(seed)) throw new OptionsError(`${where}: seed must be a finite number, got ${String(seed)}.`);
}

/** Checks a list of noise levels. @throws OptionsError unless every level is a finite number ≥ `min`. */
export function checkNoiseLevels(where: string, levels: unknown, min: number): void {
  if (!Array.isArray(levels) || !levels.every((v) => typeof v === "number" && Number.isFinite(v) && v >= min)) {
    throw new OptionsError(`${where}: the noise levels must be a list of numbers ≥ ${min}, e.g. [0.8, 1.6].`);
  }
}

/** The two models every draw refits, prepared once on the first panel, and the columns they read. */
interface DrawModels {
  /** OLS of shrink on ai and the controls, city and year fixed effects. */
  ols: PreparedModel;
  /** 2SLS of the same, ai instrumented by ai_iv, clustered by city. */
  iv: PreparedModel;
  /** The columns a draw replaces. */
  names: string[];
  /** The controls, in formula order (the OLS model's regressors after ai). */
  controls: string[];
}

/** One draw's numbers. */
interface DrawResult {
  ols: number;
  iv: number;
  seCluster: number;
  seIid: number;
  kpF: number;
  drawEstimand: number;
  noisy: { iv: number; se: number; kpF: number }[];
  /** Degrees of freedom of the clustered and the iid t intervals (G − 1 and N − K_full). */
  df: { cluster: number; iid: number };
}

/**
 * Prepares the OLS and 2SLS models on the first panel: it fixes the sample and the fixed-effect
 * codes (every draw has the same cities and years), so later draws replace the columns and demean
 * only those.
 */
function prepareDrawModels(first: SimulatedPanel, controls: string[]): DrawModels {
  const rhs = controls.join(" + ");
  return {
    ols: new PreparedModel(`shrink ~ ai + ${rhs} | code + year`, first),
    iv: new PreparedModel(`shrink ~ ${rhs} | code + year | ai ~ ai_iv`, first, { vcov: { cluster: "code" } }),
    names: ["shrink", "ai", "ai_iv", ...controls],
    controls,
  };
}

/** A 2SLS refit, checked to be one. */
function ivRefit(models: DrawModels, columns: Record<string, Float64Array>, vcov?: "iid"): IvResult {
  const fit = models.iv.refit(columns, vcov ? { vcov } : {});
  if (!isIvResult(fit)) throw new OptionsError("monteCarloStudy: the 2SLS formula did not give an IV fit.");
  return fit;
}

/** A draw's 2SLS of the outcome without its error term, with the clean instrument (`clean`: the draw's columns on the sample). */
function errorFreeIv(models: DrawModels, panel: SimulatedPanel, clean: Record<string, Float64Array>): number {
  const columns = { ...pick(clean, models.names), shrink: onSample(panel, ["shrink_noerr"], models.iv.frame.rows).shrink_noerr };
  return ivRefit(models, columns, "iid").coef.ai;
}

/** The cluster-robust first-stage F of a 2SLS fit: the first stage's clustered Wald F, which equals the KP rk Wald F with one instrument. */
function kpFOf(fit: IvResult): number {
  return fit.firstStage.ai.waldF.stat;
}

/**
 * Fits one draw: OLS; 2SLS clustered, and iid unless `iid: false`; the draw's 2SLS on the outcome
 * without its error term, with the clean instrument (independent noise leaves the population
 * first-stage weights, and so the population target, unchanged); and 2SLS with each extra noise level.
 */
function fitDraw(models: DrawModels, panel: SimulatedPanel, drawSeed: number, options: MonteCarloOptions): DrawResult {
  const rows = models.iv.frame.rows;
  const clean = onSample(panel, models.names, rows);
  const columns = options.instrumentNoise ? { ...clean, ai_iv: withNoise(clean.ai_iv, options.instrumentNoise, drawSeed) } : clean;
  const regressors: Record<string, Float64Array> = { ai: clean.ai };
  for (const c of models.controls) regressors[c] = clean[c];
  const ols = models.ols.coefficients({ response: clean.shrink, regressors });
  const iv = ivRefit(models, columns);
  const ivIid = options.iid === false ? undefined : ivRefit(models, columns, "iid");
  const target = errorFreeIv(models, panel, clean);
  const replicates = options.noiseReplicates ?? 1;
  const noisy = (options.noiseLevels ?? []).flatMap((level) =>
    Array.from({ length: replicates }, (_, r) => {
      const fit = ivRefit(models, { ...clean, ai_iv: withNoise(clean.ai_iv, level, drawSeed, r) });
      return { iv: fit.coef.ai, se: fit.se.ai, kpF: kpFOf(fit) };
    }),
  );
  const df = { cluster: iv.dfT, iid: ivIid ? ivIid.dfT : NaN };
  return { ols: ols.ai, iv: iv.coef.ai, seCluster: iv.se.ai, seIid: ivIid ? ivIid.se.ai : NaN, kpF: kpFOf(iv), drawEstimand: target, noisy, df };
}

/** Share of `hits` and its Monte Carlo SE √(c(1 − c)/B). */
function share(hits: Uint8Array): { c: number; se: number } {
  let n = 0;
  for (const h of hits) n += h;
  const c = n / hits.length;
  return { c, se: Math.sqrt((c * (1 - c)) / hits.length) };
}

/** Coverage of `target(d)` by b ± t·SE for the clustered and the iid SEs, with Monte Carlo SEs. */
function coverageOf(study: Pick<MonteCarloStudy, "iv" | "ivSeCluster" | "ivSeIid" | "draws">, target: (d: number) => number, dfCluster: number, dfIid: number): CoverageShares {
  const tc = tQuantile(0.975, dfCluster);
  const ti = Number.isFinite(dfIid) ? tQuantile(0.975, dfIid) : NaN;
  const cluster = new Uint8Array(study.draws);
  const iid = new Uint8Array(study.draws);
  let sum = 0;
  let sumSq = 0;
  for (let d = 0; d < study.draws; d++) {
    const miss = Math.abs(study.iv[d] - target(d));
    cluster[d] = miss <= tc * study.ivSeCluster[d] ? 1 : 0;
    iid[d] = miss <= ti * study.ivSeIid[d] ? 1 : 0;
    sum += cluster[d] - iid[d];
    sumSq += (cluster[d] - iid[d]) ** 2;
  }
  const [c, i] = [share(cluster), share(iid)];
  const B = study.draws;
  const noIid = Number.isNaN(ti);
  const varDiff = (sumSq - (sum * sum) / B) / (B - 1);
  return { cluster: c.c, clusterMcSe: c.se, iid: noIid ? NaN : i.c, iidMcSe: noIid ? NaN : i.se, differenceMcSe: noIid ? NaN : Math.sqrt(varDiff / B) };
}

/** The per-draw arrays of a study, filled draw by draw. */
function emptyArrays(draws: number, levels: number[], replicates: number) {
  const a = (n = draws) => new Float64Array(n);
  return {
    ols: a(),
    iv: a(),
    ivSeCluster: a(),
    ivSeIid: a(),
    kpF: a(),
    drawEstimand: a(),
    noisy: levels.map((instrumentNoise): NoisyInstrumentFits => ({ instrumentNoise, replicates, iv: a(draws * replicates), se: a(draws * replicates), kpF: a(draws * replicates) })),
  };
}

/**
 * Redraws the simulated city panel (the panel-level process only: no raw files, no cleaning) `draws`
 * times with seeds seed, seed + 1, …, and fits on each the baseline OLS and the 2SLS with the
 * shift-share instrument, with city and year fixed effects (clustered by city, and again iid).
 *
 * Coverage is counted against a **fixed** population target: the 2SLS estimand of the design, the
 * mean over many independent draws of each draw's 2SLS on the outcome's systematic part (precomputed
 * with its own Monte Carlo error; see `POPULATION_ESTIMAND`). Each draw's own such 2SLS is no fixed
 * target: 2SLS's distance from it is year-to-year noise, independent across city-years by
 * construction, so iid intervals look right against it and clustered ones over-cover
 * (`drawCoverage`). Against the fixed target the estimator's full sampling variation counts —
 * including which cities the instrument weights and the recording error of robot stocks, both
 * correlated within a city over the years — and clustered intervals are the ones built for it
 * (Cameron & Miller 2015, "A Practitioner's Guide to Cluster-Robust Inference", §2).
 * Each coverage share c comes with its Monte Carlo SE √(c(1 − c)/B).
 * @throws OptionsError for an unknown option, fewer than two draws, a seed that is not a finite number, or bad noise levels.
 * @example const study = monteCarloStudy({ draws: draws("montecarlo"), seed: 1 }); study.coverage.cluster // ≈ 0.95
 */
export function monteCarloStudy(options: MonteCarloOptions): MonteCarloStudy {
  checkOptions("monteCarloStudy", options, MONTE_CARLO_OPTION_KEYS);
  if (options === undefined) throw new OptionsError("monteCarloStudy: pass the options, e.g. { draws: 199, seed: 1 }.");
  const { draws, seed } = options;
  checkDrawsAndSeed("monteCarloStudy", draws, seed);
  checkNoiseLevels("monteCarloStudy (noiseLevels)", options.noiseLevels ?? [], 0);
  checkNoiseLevels("monteCarloStudy (instrumentNoise)", [options.instrumentNoise ?? 0], 0);
  const replicates = options.noiseReplicates ?? 1;
  if (!Number.isInteger(replicates) || replicates < 1) throw new OptionsError(`monteCarloStudy: noiseReplicates must be an integer ≥ 1, got ${String(replicates)}.`);
  const params = options.params ?? DEFAULT_PARAMS;
  const controls = options.controls ?? [...MONTE_CARLO_CONTROLS];
  const out = emptyArrays(draws, options.noiseLevels ?? [], replicates);
  const first = simulatePanel(params, seed, options.cities);
  const models = prepareDrawModels(first, controls);
  let df = { cluster: NaN, iid: NaN };
  for (let d = 0; d < draws; d++) {
    const panel = d === 0 ? first : simulatePanel(params, seed + d, options.cities);
    const r = fitDraw(models, panel, seed + d, options);
    df = r.df;
    [out.ols[d], out.iv[d], out.ivSeCluster[d], out.ivSeIid[d], out.kpF[d], out.drawEstimand[d]] = [r.ols, r.iv, r.seCluster, r.seIid, r.kpF, r.drawEstimand];
    r.noisy.forEach((n, j) => {
      const [row, k] = [out.noisy[Math.floor(j / replicates)], d * replicates + (j % replicates)];
      [row.iv[k], row.se[k], row.kpF[k]] = [n.iv, n.se, n.kpF];
    });
  }
  const target = populationTargetFor({ params, cities: options.cities, controls, drawEstimand: out.drawEstimand });
  const base = { draws, ...out };
  const drawCoverage = coverageOf(base, (d) => out.drawEstimand[d], df.cluster, df.iid);
  return {
    draws,
    seed,
    ...out,
    target,
    coverage: coverageOf(base, () => target.value, df.cluster, df.iid),
    drawCoverage: { cluster: drawCoverage.cluster, iid: drawCoverage.iid },
    dfCluster: df.cluster,
    instrumentNoise: options.instrumentNoise ?? 0,
  };
}

/** Options of `drawEstimands`. */
export interface DrawEstimandOptions {
  /** Number of simulated panels (an integer ≥ 2). */
  draws: number;
  /** Seed of the first panel; panel d is drawn with seed + d. */
  seed: number;
  /** Parameters of the simulation (default: `DEFAULT_PARAMS`). */
  params?: SimParams;
  /** The cities simulated (default: data/cities.csv). */
  cities?: City[];
  /** Controls of the model (default: the seven lagged controls). */
  controls?: string[];
}

/** Per draw: the 2SLS estimate, the 2SLS on the outcome's systematic part and the first-stage-weighted average of the cities' total effects. */
export interface DrawEstimands {
  /** Per draw: the 2SLS estimate on the observed outcome (as `MonteCarloStudy.iv`). */
  iv: Float64Array;
  /** Per draw: the 2SLS of the outcome without its error term (as `MonteCarloStudy.drawEstimand`). */
  drawEstimand: Float64Array;
  /**
   * Per draw: Σ z̃·ai*·β_i / Σ z̃·ai*, with z̃ the instrument residualised on the fixed effects and
   * controls, ai* the true robot penetration and β_i city i's total effect: the weighted average of
   * the cities' effects that 2SLS estimates when effects differ (Angrist & Imbens 1995; Angrist &
   * Pischke 2009, §4.5), without the draw's chance terms.
   */
  weightedEffect: Float64Array;
}

/** The keys of DrawEstimandOptions, for the options check. */
const DRAW_ESTIMAND_OPTION_KEYS = optionKeys<DrawEstimandOptions>()(["draws", "seed", "params", "cities", "controls"]);

/** Σ a·b / Σ a·c. */
function ratioOfSums(a: Float64Array, b: ArrayLike<number>, c: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += a[i] * b[i];
    den += a[i] * c[i];
  }
  return num / den;
}

/**
 * The targets, draw by draw, and the 2SLS point estimate (no SEs): each draw's 2SLS on the outcome's
 * systematic part and the first-stage-weighted average of the cities' total effects. Averaged over
 * many draws they give `POPULATION_ESTIMAND` (scripts/population-estimand.ts).
 * @throws OptionsError for an unknown option, fewer than two draws, or a seed that is not a finite number.
 * @example drawEstimands({ draws: 20, seed: 1000001 }).drawEstimand
 */
export function drawEstimands(options: DrawEstimandOptions): DrawEstimands {
  checkOptions("drawEstimands", options, DRAW_ESTIMAND_OPTION_KEYS);
  checkDrawsAndSeed("drawEstimands", options?.draws, options?.seed);
  const params = options.params ?? DEFAULT_PARAMS;
  const controls = options.controls ?? [...MONTE_CARLO_CONTROLS];
  const first = simulatePanel(params, options.seed, options.cities);
  const models = prepareDrawModels(first, controls);
  const firstStage = new PreparedModel(`ai_iv ~ ${controls.join(" + ")} | code + year`, first);
  const out = { iv: new Float64Array(options.draws), drawEstimand: new Float64Array(options.draws), weightedEffect: new Float64Array(options.draws) };
  for (let d = 0; d < options.draws; d++) {
    const panel = d === 0 ? first : simulatePanel(params, options.seed + d, options.cities);
    const rows = models.iv.frame.rows;
    const clean = onSample(panel, [...models.names, "ai_true", "effect_total"], rows);
    out.drawEstimand[d] = errorFreeIv(models, panel, clean);
    out.iv[d] = ivRefit(models, pick(clean, models.names), "iid").coef.ai;
    const zTilde = firstStage.fit({ response: clean.ai_iv, regressors: pick(clean, controls) }).residuals;
    out.weightedEffect[d] = ratioOfSums(zTilde, Float64Array.from(clean.ai_true, (v, i) => v * clean.effect_total[i]), clean.ai_true);
  }
  return out;
}

/** The named entries of a record of columns. */
function pick(columns: Record<string, Float64Array>, names: string[]): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const n of names) out[n] = columns[n];
  return out;
}
