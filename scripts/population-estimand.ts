/**
 * Computes the fixed target of notebook 08's Monte Carlo, `POPULATION_ESTIMAND` in
 * lib/workshop/populationEstimand.ts: the mean over M independent draws of the default simulation of
 * each draw's 2SLS on the error-free outcome, with its Monte Carlo SE SD/√M; over the same draws, the
 * mean of the first-stage-weighted average of the cities' total effects and the mean of the 2SLS
 * estimator itself, with the SEs of their paired differences from the target. Prints the constant
 * to paste into that file. About 0.2 s per draw: M = 4000 takes about a quarter of an hour.
 *
 * Usage: npx tsx scripts/population-estimand.ts [--draws 4000] [--seed 1000001]
 */
import { DEFAULT_PARAMS } from "../lib/study/index";
import { defaultCities } from "../lib/study/simulate/defaultCities";
import { drawEstimands } from "../lib/workshop/monteCarlo";
import { meanAndSd, MONTE_CARLO_CONTROLS, simulationFingerprint } from "../lib/workshop/populationEstimand";

function argument(name: string, fallback: number): number {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 ? Number(process.argv[k + 1]) : fallback;
}

const draws = argument("draws", 4000);
const seed = argument("seed", 1000001);
const started = performance.now();
const run = drawEstimands({ draws, seed });
const seconds = (performance.now() - started) / 1000;
const target = meanAndSd(run.drawEstimand);
const weighted = meanAndSd(run.weightedEffect);
const gap = meanAndSd(Float64Array.from(run.drawEstimand, (v, d) => v - run.weightedEffect[d]));
const estimator = meanAndSd(run.iv);
const bias = meanAndSd(Float64Array.from(run.iv, (v, d) => v - run.drawEstimand[d]));
const root = Math.sqrt(draws);
console.log(`// ${draws} draws from seed ${seed} in ${seconds.toFixed(0)} s (${((1000 * seconds) / draws).toFixed(0)} ms per draw)`);
console.log(`export const POPULATION_ESTIMAND: Readonly<PrecomputedEstimand> = Object.freeze({
  value: ${target.mean},
  mcSe: ${target.sd / root},
  draws: ${draws},
  sdDrawEstimand: ${target.sd},
  source: "precomputed",
  firstSeed: ${seed},
  fingerprint: "${simulationFingerprint(DEFAULT_PARAMS, defaultCities(), MONTE_CARLO_CONTROLS)}",
  weightedEffect: ${weighted.mean},
  weightedEffectMcSe: ${weighted.sd / root},
  gapMcSe: ${gap.sd / root},
  estimatorMean: ${estimator.mean},
  estimatorMeanMcSe: ${estimator.sd / root},
  biasMcSe: ${bias.sd / root},
});`);
