/**
 * The fixed target of the Monte Carlo lessons: the population 2SLS estimand of the study's design on
 * the default simulation, precomputed once over many independent draws, with its Monte Carlo error.
 */
import { defaultCities } from "../study/simulate/defaultCities";
import type { SimCity } from "../study/simulate/cities";
import type { SimParams } from "../study/simulate/params";

/** The controls of the Monte Carlo's models: the seven lagged controls of the baseline. */
export const MONTE_CARLO_CONTROLS: readonly string[] = Object.freeze(["lnpgdp", "gov", "fin", "open", "hc", "infra", "density"]);

/** The fixed target a Monte Carlo study measures coverage and bias against. */
export interface PopulationTarget {
  /** The target: the mean over draws of each draw's 2SLS on the outcome's systematic part (shrink_noerr). */
  value: number;
  /** Its Monte Carlo standard error, SD/√M over the M draws it was averaged over. */
  mcSe: number;
  /** M, the number of draws averaged. */
  draws: number;
  /** SD of the per-draw 2SLS on the systematic part across those draws: how much a single draw's "estimand" moves. */
  sdDrawEstimand: number;
  /**
   * "precomputed": `POPULATION_ESTIMAND`, averaged over draws independent of the study's (the default
   * simulation); "these draws": the mean over the study's own draws (other parameters or cities), which
   * shares their Monte Carlo error.
   */
  source: "precomputed" | "these draws";
}

/** The precomputed population 2SLS estimand, with how it was made. */
export interface PrecomputedEstimand extends PopulationTarget {
  /** Seed of its first draw; draw m used seed firstSeed + m (disjoint from the notebook's seeds). */
  firstSeed: number;
  /** Fingerprint of the parameters, cities and controls it was computed for (`simulationFingerprint`). */
  fingerprint: string;
  /** The mean over the same draws of the first-stage-weighted average of the cities' total effects, Σ z̃·ai*·β_i / Σ z̃·ai* (`DrawEstimands.weightedEffect`). */
  weightedEffect: number;
  /** Its Monte Carlo standard error. */
  weightedEffectMcSe: number;
  /** Monte Carlo SE of value − weightedEffect over the same draws (SD of the per-draw difference / √M). */
  gapMcSe: number;
  /** The mean over the same draws of the 2SLS estimator itself (on the observed outcome). */
  estimatorMean: number;
  /** Its Monte Carlo standard error. */
  estimatorMeanMcSe: number;
  /** Monte Carlo SE of estimatorMean − value over the same draws (SD of the per-draw difference / √M): the SE of 2SLS's bias. */
  biasMcSe: number;
}

/**
 * The population 2SLS estimand of the default simulation (data/cities.csv, `DEFAULT_PARAMS`, the
 * seven controls, city and year fixed effects, instrument ai_iv): the mean over M = 4000 independent
 * draws (seeds 1,000,001 …) of each draw's 2SLS on the outcome's systematic part `shrink_noerr`.
 *
 * That per-draw quantity is Σ z̃·ai*·β_i / Σ z̃·ai (z̃ the instrument residualised on the fixed effects
 * and controls, ai* true and ai recorded robot density, β_i city i's total effect): the draw's
 * first-stage-weighted average of the cities' effects, times the chance ratio Σ z̃·ai* / Σ z̃·ai that
 * recording error in the robot stocks leaves. Both change from draw to draw, so it is no fixed target;
 * its mean is. Alongside: the mean weighted effect (the same without the recording-error ratio) and
 * the mean of the 2SLS estimator itself over the same draws, whose distance from `value` is 2SLS's
 * bias (mostly from the lagged density control, which the outcome's error moves; not a small-sample
 * effect: a referee's 400 paired panels without density shifted it by +0.010). Made by `npx tsx scripts/population-estimand.ts` (930 s for the 4000
 * draws on a shared machine); checked against fresh draws by test/monte-carlo-truth.test.ts.
 */
export const POPULATION_ESTIMAND: Readonly<PrecomputedEstimand> = Object.freeze({
  value: -0.6958484550772022,
  mcSe: 0.0021663446325242233,
  draws: 4000,
  sdDrawEstimand: 0.13701166471314055,
  source: "precomputed",
  firstSeed: 1000001,
  fingerprint: "150f9474",
  weightedEffect: -0.6920635550754881,
  weightedEffectMcSe: 0.0019668170590332297,
  gapMcSe: 0.0008859204226878209,
  estimatorMean: -0.707094670210572,
  estimatorMeanMcSe: 0.0029585378665498,
  biasMcSe: 0.0020525197525386825,
});

/** The SimCity fields, in a fixed order, that the fingerprint reads. */
const CITY_FIELDS: (keyof SimCity)[] = ["code", "name_zh", "province_code", "region", "municipality", "provincial_capital", "peripheral", "resource_based", "hu_se"];

/**
 * A short fingerprint (FNV-1a, 32 bits, hex) of what a Monte Carlo simulates: the parameters, each
 * city's simulated attributes, and the controls. Equal fingerprints mean the precomputed target applies.
 * @example simulationFingerprint(DEFAULT_PARAMS, defaultCities(), MONTE_CARLO_CONTROLS) === POPULATION_ESTIMAND.fingerprint
 */
export function simulationFingerprint(params: SimParams, cities: readonly SimCity[], controls: readonly string[]): string {
  const text = JSON.stringify([params, cities.map((c) => CITY_FIELDS.map((f) => String(c[f]))), controls]);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/** Mean and sample SD of x. */
export function meanAndSd(x: ArrayLike<number>): { mean: number; sd: number } {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  const mean = s / x.length;
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += (x[i] - mean) ** 2;
  return { mean, sd: Math.sqrt(ss / (x.length - 1)) };
}

/**
 * The fixed target for a study: `POPULATION_ESTIMAND` when the study simulates what it was computed
 * for (same fingerprint), otherwise the mean of the study's own per-draw 2SLS on the systematic part, with SE SD/√B.
 */
export function populationTargetFor(input: { params: SimParams; cities?: readonly SimCity[]; controls: readonly string[]; drawEstimand: Float64Array }): PopulationTarget {
  const fingerprint = simulationFingerprint(input.params, input.cities ?? defaultCities(), input.controls);
  if (fingerprint === POPULATION_ESTIMAND.fingerprint) {
    const { value, mcSe, draws, sdDrawEstimand } = POPULATION_ESTIMAND;
    return { value, mcSe, draws, sdDrawEstimand, source: "precomputed" };
  }
  const { mean, sd } = meanAndSd(input.drawEstimand);
  const B = input.drawEstimand.length;
  return { value: mean, mcSe: sd / Math.sqrt(B), draws: B, sdDrawEstimand: sd, source: "these draws" };
}
