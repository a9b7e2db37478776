import { OptionsError } from "../errors";
import type { City } from "../study/registry";
import { simulatePanel } from "../study/simulate/panel";
import { DEFAULT_PARAMS, type SimParams } from "../study/simulate/params";
import { PreparedModel } from "../estimate/refit";
import { Rng } from "../random/rng";
import { isIvResult } from "../estimate/ivResult";
import { tQuantile } from "../distributions/index";

/** One Monte Carlo study of OLS and 2SLS on redrawn simulated panels. */
export interface MonteCarloStudy {
  draws: number;
  seed: number;
  /** Per draw: OLS and 2SLS estimates, 2SLS SEs (city-clustered and iid), first-stage partial F, and the draw's 2SLS estimand. */
  ols: Float64Array;
  iv: Float64Array;
  ivSeCluster: Float64Array;
  ivSeIid: Float64Array;
  firstStageF: Float64Array;
  estimand: Float64Array;
  /** Share of draws whose 95% interval covers the draw's estimand, clustered and iid. */
  coverage: { cluster: number; iid: number };
  /** Mean 2SLS estimand over draws, and the mean total effect of the simulation's parameters. */
  meanEstimand: number;
}

export interface MonteCarloOptions {
  draws: number;
  seed: number;
  params?: SimParams;
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

function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/**
 * Redraws the simulated city panel (the panel-level process only: no raw files, no cleaning) `draws`
 * times with seeds seed, seed + 1, …, and fits on each the baseline OLS and the 2SLS with the
 * shift-share instrument, with city fixed effects and year fixed effects. The draw's 2SLS estimand is the
 * same 2SLS on the outcome without its error term (design §6). Coverage counts the draws whose
 * t-based 95% interval, b ± t_{0.975}·SE, contains that estimand.
 */
export function monteCarloStudy(options: MonteCarloOptions): MonteCarloStudy {
  const { draws, seed } = options;
  if (!Number.isInteger(draws) || draws < 2) throw new OptionsError(`monteCarloStudy: draws must be an integer ≥ 2, got ${draws}.`);
  const params = options.params ?? DEFAULT_PARAMS;
  const rhs = (options.controls ?? CONTROLS).join(" + ");
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
  // The first draw fixes the sample and the fixed-effect codes (every draw has the same cities and
  // years); later draws replace the columns and demean only those.
  const first = simulatePanel(params, seed, options.cities);
  const olsModel = new PreparedModel(`shrink ~ ai + ${rhs} | code + year`, first, { vcov: { cluster: "code" } });
  const ivModel = new PreparedModel(`shrink ~ ${rhs} | code + year | ai ~ ai_iv`, first, { vcov: { cluster: "code" } });
  const names = ["shrink", "ai", "ai_iv", ...(options.controls ?? CONTROLS)];
  for (let d = 0; d < draws; d++) {
    const panel = d === 0 ? first : simulatePanel(params, seed + d, options.cities);
    const columns = onSample(panel, names, olsModel.frame.rows);
    // The estimand uses the clean instrument: independent noise leaves the first-stage weights, and so the estimand, unchanged.
    const clean = { ...columns, ai_iv: Float64Array.from(columns.ai_iv) };
    if (options.instrumentNoise) addNoise(columns.ai_iv, options.instrumentNoise, new Rng(seed + d).fork("instrument noise"));
    const { ai_iv: instrument, ...olsColumns } = columns;
    const ols = olsModel.refit(olsColumns);
    const iv = ivModel.refit(columns);
    const ivIid = options.iid === false ? undefined : ivModel.refit(columns, { vcov: "iid" });
    const target = ivModel.refit({ ...clean, shrink: onSample(panel, ["shrink_noerr"], ivModel.frame.rows).shrink_noerr }, { vcov: "iid" });
    void instrument;
    if (!isIvResult(iv)) throw new OptionsError("monteCarloStudy: the 2SLS formula did not give an IV fit.");
    out.ols[d] = ols.coef.ai;
    out.iv[d] = iv.coef.ai;
    out.ivSeCluster[d] = iv.se.ai;
    out.ivSeIid[d] = ivIid ? ivIid.se.ai : NaN;
    out.firstStageF[d] = iv.firstStage.ai.partialF.stat;
    out.estimand[d] = target.coef.ai;
    const qc = tQuantile(0.975, iv.dfT);
    const qi = ivIid ? tQuantile(0.975, ivIid.dfT) : NaN;
    if (Math.abs(iv.coef.ai - target.coef.ai) <= qc * iv.se.ai) coveredCluster++;
    if (ivIid && Math.abs(ivIid.coef.ai - target.coef.ai) <= qi * ivIid.se.ai) coveredIid++;
  }
  return { draws, seed, ...out, coverage: { cluster: coveredCluster / draws, iid: options.iid === false ? NaN : coveredIid / draws }, meanEstimand: mean(out.estimand) };
}

/** One row of the weak-instrument experiment. */
export interface WeakInstrumentRow {
  /** SD of the noise added to the instrument, relative to its SD (larger = weaker instrument). */
  instrumentNoise: number;
  medianFirstStageF: number;
  meanOls: number;
  meanIv: number;
  medianIv: number;
  meanEstimand: number;
  /** Median of (2SLS − estimand): the bias of the typical draw. */
  medianBias: number;
  /** Interquartile range of the 2SLS estimates. */
  iqrIv: number;
}

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
 */
export function weakInstrumentExperiment(options: { instrumentNoise: number[]; draws: number; seed: number; cities?: City[] }): WeakInstrumentRow[] {
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
