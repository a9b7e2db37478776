/**
 * Notebook 08's claims checked against the simulation's truth (issue 18). The fixed target is checked
 * against fresh independent draws; the coverage, weak-instrument and t-test claims against one moderate
 * Monte Carlo run (120 panels, a weak instrument refitted with ten noise draws per panel: about 40 s of
 * CPU), each claim read against its own Monte Carlo error as the notebook's sentences read it. The
 * drift of the weak-instrument median towards OLS is small against the spread of 2SLS (about 0.2
 * against an interquartile range above 2), so it needs about a thousand fits to stand out. The
 * sentences' wording is checked on the same run and, where it must change with the evidence, on a tiny one.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { feols } from "../lib/index";
import { DEFAULT_PARAMS, loadRegistry, readTruth, simulatePanel } from "../lib/study/index";
import { defaultCities } from "../lib/study/simulate/defaultCities";
import { drawEstimands } from "../lib/workshop/monteCarlo";
import { OptionsError } from "../lib/errors";
import {
  describeMonteCarloCoverage,
  describeSamplingDistributions,
  describeTarget,
  describeWeakInstrument,
  MONTE_CARLO_CONTROLS,
  monteCarloStudy,
  POPULATION_ESTIMAND,
  simulationFingerprint,
  weakInstrumentDrift,
  weakInstrumentRows,
} from "../lib/workshop/index";

const cities = loadRegistry();
const truth = readTruth();
const P = POPULATION_ESTIMAND;
const mean = (x: ArrayLike<number>) => Array.from(x).reduce((s, v) => s + v, 0) / x.length;
const sd = (x: ArrayLike<number>) => Math.sqrt(Array.from(x).reduce((s, v) => s + (v - mean(x)) ** 2, 0) / (x.length - 1));
/** The Monte Carlo SE of a share of exactly p from n draws. */
const nullSe = (p: number, n: number) => Math.sqrt((p * (1 - p)) / n);

describe("the fixed population target", () => {
  it("was computed for the default simulation: its fingerprint is today's parameters, cities and controls", () => {
    assert.equal(P.fingerprint, simulationFingerprint(DEFAULT_PARAMS, defaultCities(), MONTE_CARLO_CONTROLS));
    assert.equal(P.fingerprint, simulationFingerprint(DEFAULT_PARAMS, cities, MONTE_CARLO_CONTROLS), "the notebook's registry is the default one");
  });

  const fresh = drawEstimands({ draws: 40, seed: 3000001, cities });
  const agrees = (x: Float64Array, value: number, mcSe: number, what: string) => {
    const se = Math.hypot(sd(x) / Math.sqrt(x.length), mcSe);
    assert.ok(Math.abs(mean(x) - value) < 3 * se, `${what}: fresh ${mean(x)} vs precomputed ${value} (SE ${se})`);
  };
  it("agrees with 40 fresh independent draws within Monte Carlo error (and so do the weighted effect and 2SLS's own mean)", () => {
    agrees(fresh.drawEstimand, P.value, P.mcSe, "population estimand");
    agrees(fresh.weightedEffect, P.weightedEffect, P.weightedEffectMcSe, "weighted effect");
    agrees(fresh.iv, P.estimatorMean, P.estimatorMeanMcSe, "2SLS mean");
  });
  it("each draw's drawEstimand is the first-stage-weighted average of the cities' total effects times Σ z̃·ai* / Σ z̃·ai (the markdown's reading)", () => {
    const panel = simulatePanel(DEFAULT_PARAMS, 3000001, cities);
    const z = feols(`ai_iv ~ ${MONTE_CARLO_CONTROLS.join(" + ")} | code + year`, panel).residuals;
    const dot = (a: ArrayLike<number>, b: (i: number) => number) => Array.from(a).reduce((s, v, i) => s + v * b(i), 0);
    const aiTrue = panel.ai_true;
    const weighted = dot(z, (i) => aiTrue[i] * panel.effect_total[i]) / dot(z, (i) => aiTrue[i]);
    const ratio = dot(z, (i) => aiTrue[i]) / dot(z, (i) => Number(panel.ai[i]));
    assert.ok(Math.abs(fresh.weightedEffect[0] - weighted) < 1e-9);
    assert.ok(Math.abs(fresh.drawEstimand[0] - weighted * ratio) < 1e-6, `${fresh.drawEstimand[0]} vs ${weighted * ratio}`);
  });
  it("is no single draw's value: the per-draw value varies with an SD about two thirds of the estimator's", () => {
    const ratio = P.sdDrawEstimand / (P.estimatorMeanMcSe * Math.sqrt(P.draws));
    assert.ok(ratio > 0.6 && ratio < 0.8, `${ratio}`);
    assert.ok(Math.abs(truth.estimands.iv.value - P.value) > 10 * P.mcSe, "the bundled panel's value is not the population estimand");
  });
  it("is close to the weighted average of the cities' effects and far from their plain mean", () => {
    assert.ok(Math.abs(P.value - P.weightedEffect) < 0.01);
    assert.ok(Math.abs(P.value - truth.effects.total.mean) > 0.05 && Math.abs(P.value - truth.effects.total.mean) > 20 * P.mcSe);
  });
});

describe("coverage and weak instruments against the truth (one moderate run)", () => {
  const study = monteCarloStudy({ draws: 120, seed: 7001, cities, noiseLevels: [2.4], noiseReplicates: 10 });
  const rows = weakInstrumentRows(study);
  const [strong, weak] = rows;
  const B = study.draws;
  it("measures against the precomputed target", () => assert.equal(study.target.source, "precomputed"));
  it("clustered 95% intervals cover the fixed target within Monte Carlo error of 95%", () => {
    assert.ok(Math.abs(study.coverage.cluster - 0.95) <= 1.96 * nullSe(0.95, B), `${study.coverage.cluster}`);
  });
  it("iid intervals cover it less than 95% beyond Monte Carlo error, and less than clustered ones by more than two paired Monte Carlo SEs", () => {
    const c = study.coverage;
    assert.ok(c.iid < 0.95 - 1.96 * nullSe(0.95, B), `${c.iid}`);
    assert.ok(c.cluster - c.iid > 2 * c.differenceMcSe, `${c.cluster} − ${c.iid} vs SE ${c.differenceMcSe}`);
  });
  it("against each draw's own drawEstimand the picture flips: iid intervals cover more than against the fixed target, clustered ones over-cover", () => {
    assert.ok(study.drawCoverage.iid - study.coverage.iid > 2 * study.coverage.differenceMcSe);
    assert.ok(study.drawCoverage.cluster > 0.95 && study.drawCoverage.cluster >= study.coverage.cluster);
  });
  it("with the weakest instrument (median KP F below 2) the median 2SLS drifts towards OLS by more than 1.96 Monte Carlo SEs", () => {
    assert.ok(weak.medianKpF < 2 && strong.medianKpF > 10, `${strong.medianKpF} → ${weak.medianKpF}`);
    const drift = weakInstrumentDrift(study, weak);
    assert.ok(drift.olsBias > 0, "OLS is biased towards zero");
    assert.ok(drift.towardsOls && drift.beyondMcError, `median bias ${drift.medianBias}, MC SE ${drift.mcSe}`);
    assert.ok(weak.iqrIv > 4 * strong.iqrIv);
  });
  it("with the weak instrument, refits on the same panel are nearly independent (most of 2SLS's spread is the instrument's noise): rank correlation of two replicates below 0.3", () => {
    const n = study.noisy[0];
    const rank = (x: number[]) => {
      const order = x.map((v, i) => [v, i] as const).sort((p, q) => p[0] - q[0]);
      const r = new Array<number>(x.length);
      order.forEach(([, i], k) => (r[i] = k));
      return r;
    };
    const first = rank(Array.from({ length: B }, (_, d) => n.iv[d * n.replicates]));
    const second = rank(Array.from({ length: B }, (_, d) => n.iv[d * n.replicates + 1]));
    const m = (B - 1) / 2;
    const cov = first.reduce((s, v, i) => s + (v - m) * (second[i] - m), 0);
    const rho = cov / first.reduce((s, v) => s + (v - m) ** 2, 0);
    assert.ok(Math.abs(rho) < 0.3, `Spearman ${rho}`);
  });
  it("the nominal 5% t-test keeps its size with the strong instrument, does not over-reject with the weakest, and loses its power against zero", () => {
    assert.ok(Math.abs(strong.rejectTarget - 0.05) <= 1.96 * nullSe(0.05, B), `${strong.rejectTarget}`);
    assert.ok(weak.rejectTarget <= 0.05 + 1.96 * nullSe(0.05, weak.fits), `${weak.rejectTarget}`);
    assert.ok(strong.rejectZero > 0.8 && weak.rejectZero < 0.2, `${strong.rejectZero} → ${weak.rejectZero}`);
  });
  it("the sentences say so, in English and Chinese", () => {
    const coverage = describeMonteCarloCoverage(study);
    assert.match(coverage, /cover it in [\d.]+% of 120 draws \(MC SE [\d.]+ points; within its Monte Carlo error of 95%\) and iid intervals in [\d.]+% \(MC SE [\d.]+; [\d.]+ MC SEs below 95%\)/);
    const weakText = describeWeakInstrument(study, rows);
    assert.match(weakText, /towards OLS \(mean -0\.\d+\), by more than its Monte Carlo error/);
    assert.match(weakText, /the t-test does not over-reject here; the weak instrument costs bias and power\.$/);
    assert.match(describeTarget(study, { totalEffect: truth.effects.total.mean }), /far from their plain mean, -0\.792/);
    for (const text of [describeMonteCarloCoverage(study, { lang: "zh" }), describeWeakInstrument(study, rows, { lang: "zh" }), describeTarget(study, { totalEffect: -0.792, lang: "zh" })]) {
      assert.doesNotMatch(text, /NaN|undefined|Infinity/);
      assert.match(text, /蒙特卡洛/);
    }
  });
});

describe("the sentences claim a drift only beyond its Monte Carlo error", () => {
  it("with four panels, the weakest row's median bias is reported as within Monte Carlo error", () => {
    const tiny = monteCarloStudy({ draws: 4, seed: 5, cities, iid: false, noiseLevels: [3.2] });
    const rows = weakInstrumentRows(tiny);
    assert.ok(!weakInstrumentDrift(tiny, rows[1]).beyondMcError);
    assert.match(describeWeakInstrument(tiny, rows), /within its Monte Carlo error: 4 draws cannot tell its direction/);
    assert.match(describeWeakInstrument(tiny, rows, { lang: "zh" }), /在蒙特卡洛误差之内/);
  });
});

describe("the Monte Carlo sentences check their options", () => {
  const tiny = monteCarloStudy({ draws: 2, seed: 9, cities, noiseLevels: [1] });
  const rows = weakInstrumentRows(tiny);
  const calls: Record<string, () => unknown> = {
    describeSamplingDistributions: () => describeSamplingDistributions(tiny, { totalEffect: -0.8, seedd: 1 } as never),
    describeTarget: () => describeTarget(tiny, { totalEffect: -0.8, seedd: 1 } as never),
    describeMonteCarloCoverage: () => describeMonteCarloCoverage(tiny, { seedd: 1 } as never),
    describeWeakInstrument: () => describeWeakInstrument(tiny, rows, { seedd: 1 } as never),
    drawEstimands: () => drawEstimands({ draws: 2, seed: 1, seedd: 1 } as never),
  };
  for (const [name, call] of Object.entries(calls)) {
    it(`${name} rejects an unknown option, naming it`, () => assert.throws(call, (e: unknown) => e instanceof OptionsError && /"seedd"/.test((e as Error).message)));
  }
  it("describeSamplingDistributions and describeTarget ask for the total effect; describeMonteCarloCoverage for iid intervals", () => {
    assert.throws(() => describeTarget(tiny, {} as never), (e: unknown) => e instanceof OptionsError && /totalEffect/.test((e as Error).message));
    const noIid = monteCarloStudy({ draws: 2, seed: 9, cities, iid: false });
    assert.throws(() => describeMonteCarloCoverage(noIid), (e: unknown) => e instanceof OptionsError && /iid: false/.test((e as Error).message));
  });
});
