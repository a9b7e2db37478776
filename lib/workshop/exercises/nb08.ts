/** Exercises of notebook 08 (the Monte Carlo: RMSE against the fixed target, coverage, weak instruments, the sampling variation of F). */
import { OptionsError } from "../../errors";
import type { City } from "../../study/registry";
import { monteCarloStudy, type MonteCarloStudy } from "../monteCarlo";
import type { WeakInstrumentRow } from "../weakInstrument";
import type { Exercise, ExerciseContext } from "./types";

/** The noisy-instrument run of exercise 08.4: its seed, number of draws and instrument noise. */
const WEAK_RUN = Object.freeze({ seed: 100, draws: 10, instrumentNoise: 0.8 });

/** The Monte Carlo study a check cell passed as `{ study: study }`. */
function studyOf(context: ExerciseContext): MonteCarloStudy {
  const study = context.study as MonteCarloStudy | undefined;
  if (!study || !(study.iv instanceof Float64Array)) throw new OptionsError("This check needs the notebook's Monte Carlo study: write check(id, answer, { study: study }).");
  return study;
}

/** Root mean squared error of `x` around `target(d)`. */
function rmse(x: Float64Array, target: (d: number) => number): number {
  let s = 0;
  for (let d = 0; d < x.length; d++) s += (x[d] - target(d)) ** 2;
  return Math.sqrt(s / x.length);
}

/** The sample standard deviation (n − 1). */
function sd(x: ArrayLike<number>): number {
  const a = Array.from(x);
  const m = a.reduce((s, v) => s + v, 0) / a.length;
  return Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / (a.length - 1));
}

/** The noisy-instrument runs already made, by the cities they simulate (one run per registry object). */
const weakRuns = new WeakMap<object, MonteCarloStudy>();
/** The noisy-instrument run on the default cities. */
let weakRunDefault: MonteCarloStudy | undefined;

/** Exercise 08.4's Monte Carlo run (computed once per registry: every mistake reuses it). */
function weakRun(context: ExerciseContext): MonteCarloStudy {
  const cities = context.registry as City[] | undefined;
  const cached = cities ? weakRuns.get(cities) : weakRunDefault;
  if (cached) return cached;
  const run = monteCarloStudy({ ...WEAK_RUN, cities, iid: false });
  if (cities) weakRuns.set(cities, run);
  else weakRunDefault = run;
  return run;
}

/** The share of `f` above `threshold` (the share in the notebook's `study`, 1, is not a mistake of its own: it would equal a count of one). */
function shareAbove(f: Float64Array, threshold: number): number {
  return f.filter((v) => v > threshold).length / f.length;
}

/**
 * The MSE of 2SLS minus that of OLS around the target, and the Monte Carlo SE of that difference over
 * the same draws (SD of the per-draw difference of squared errors / √B).
 */
function mseDifference(s: MonteCarloStudy): { diff: number; se: number } {
  const t = s.target.value;
  const d = Array.from(s.iv, (v, k) => (v - t) ** 2 - (s.ols[k] - t) ** 2);
  return { diff: d.reduce((a, v) => a + v, 0) / d.length, se: sd(d) / Math.sqrt(d.length) };
}

/** 08.1: the RMSE of 2SLS around the fixed population target. */
const RMSE_IV: Exercise = {
  kind: "numeric",
  id: "08.1",
  title: "the root mean squared error of 2SLS around the fixed population target",
  answerName: "rmseIv",
  expected: (c) => rmse(studyOf(c).iv, () => studyOf(c).target.value),
  mistakes: [
    { value: (c) => sd(studyOf(c).iv), feedback: "That is the standard deviation of the 2SLS estimates: it measures noise only. The RMSE measures the distance from the target, √(mean of (iv − target)²), which adds the bias." },
    {
      value: (c) => rmse(studyOf(c).iv, (d) => studyOf(c).drawEstimand[d]),
      feedback: "You measured the distance from each draw's own 2SLS on the outcome's systematic part (study.drawEstimand[d]). That moves with the draw, so it leaves out part of the estimator's error. Measure against the fixed target study.target.value.",
    },
    { value: (c) => rmse(studyOf(c).ols, () => studyOf(c).target.value), feedback: "That is the RMSE of OLS (study.ols). The exercise asks for 2SLS (study.iv); compare the two afterwards." },
    { value: (c) => rmse(studyOf(c).iv, () => studyOf(c).target.value) ** 2, feedback: "That is the mean squared error; take its square root." },
    {
      value: (c) => {
        const total = (c.truth as { effects?: { total?: { mean?: number } } } | undefined)?.effects?.total?.mean;
        return total === undefined ? NaN : rmse(studyOf(c).iv, () => total);
      },
      feedback: "You measured the distance from the mean total effect of data/truth.json. 2SLS targets a weighted average of the cities' effects, the population 2SLS estimand: use study.target.value.",
    },
    {
      value: (c) => {
        const one = (c.truth as { estimands?: { iv?: { value?: number } } } | undefined)?.estimands?.iv?.value;
        return one === undefined ? NaN : rmse(studyOf(c).iv, () => one);
      },
      feedback: "You measured the distance from truth.estimands.iv.value: the 2SLS on the systematic part of the one bundled panel, a single draw's. The Monte Carlo's fixed target is the population estimand, study.target.value.",
    },
  ],
  fromObject: "compute it from study.iv (a Float64Array, one 2SLS estimate per draw) and study.target.value (a number)",
  hints: ["study.iv[d] is draw d's 2SLS estimate; the fixed target is study.target.value.", "Math.sqrt(mean over d of (study.iv[d] − study.target.value) ** 2)."],
  solution: "const rmseIv = Math.sqrt(study.iv.reduce((s, v) => s + (v - study.target.value) ** 2, 0) / study.draws);",
  explanation: (c) => {
    const s = studyOf(c);
    const iv = rmse(s.iv, () => s.target.value);
    const ols = rmse(s.ols, () => s.target.value);
    const { diff, se } = mseDifference(s);
    const verdict =
      Math.abs(diff) <= 1.96 * se
        ? `the difference of their mean squared errors, ${diff.toFixed(4)}, is within its Monte Carlo error (SE ${se.toFixed(4)}): with ${s.draws} draws neither is measurably closer`
        : diff < 0
          ? `2SLS is closer to the target on average — the bias of OLS costs more than the noise 2SLS adds (MSE difference ${diff.toFixed(4)}, Monte Carlo SE ${se.toFixed(4)})`
          : `OLS is closer to the target on average — its smaller noise outweighs its bias (MSE difference ${diff.toFixed(4)}, Monte Carlo SE ${se.toFixed(4)})`;
    return `Over ${s.draws} draws (seed ${s.seed}) the RMSE of 2SLS around the target is ${iv.toFixed(4)} and that of OLS ${ols.toFixed(4)}: ${verdict}.`;
  },
};

/** 08.2: why clustered intervals matter for coverage, and how to read a coverage estimate. */
const COVERAGE: Exercise = {
  kind: "choice",
  id: "08.2",
  title: "clustered intervals and coverage",
  answerName: "answer082",
  options: {
    a: {
      text: "With city fixed effects there is nothing left to cluster: the fixed effects remove all correlation within a city, so iid and clustered intervals are equally valid in any panel.",
      correct: false,
      feedback:
        "City fixed effects remove only what is constant within a city. What varies over a city's years but stays correlated is left: in this simulation, a city's own deviation from the average effect times its slowly moving robot path, and recording errors that accumulate in the robot stock. iid SEs count those city-years as independent information.",
    },
    b: {
      text: "An interval that covers more often than 95% is better: wider is safer, so the more conservative interval should always be preferred.",
      correct: false,
      feedback: "A 95% interval should cover 95% of the time. Over-coverage means the interval is wider than it needs to be, so tests lose power; the goal is nominal coverage, not maximal coverage.",
    },
    c: {
      text: "Clustered intervals allow any correlation of a city's errors across its years (with many cities: 287 here); iid intervals assume none — when a city's errors are correlated over time, iid SEs are too small and their intervals cover the fixed target less than 95% of the time. A coverage share c from B draws is itself uncertain: its Monte Carlo SE is √(c(1 − c)/B).",
      correct: true,
      feedback:
        "Clustering is insurance: it costs little when errors happen to be independent and saves the inference when they are not (Cameron & Miller 2015). Against the fixed population target the clustered intervals cover within Monte Carlo error of 95% and the iid ones well below it, by many Monte Carlo SEs — the notebook prints each share with its SE, so a gap from 95% is judged against it.",
    },
    d: {
      text: "An interval's coverage is the share of draws in which the estimate is significantly different from zero.",
      correct: false,
      feedback: "That is power. Coverage is the share of draws whose interval contains the target (here the fixed population 2SLS estimand).",
    },
    e: {
      text: "iid intervals are right here: they cover each draw's own 2SLS on the outcome's systematic part (study.drawEstimand) about 95% of the time, and that is the estimand.",
      correct: false,
      feedback:
        "study.drawEstimand moves with the draw (its SD across draws is about two thirds of the estimator's). 2SLS's distance from it is year-to-year noise, independent across city-years by construction, so iid SEs suit it — but a confidence interval is a statement about the fixed estimand, and against that the iid intervals under-cover.",
    },
  },
  numbers: (c) => {
    const s = studyOf(c);
    return {
      cluster: s.coverage.cluster,
      clusterMcSe: s.coverage.clusterMcSe,
      iid: s.coverage.iid,
      iidMcSe: s.coverage.iidMcSe,
      differenceMcSe: s.coverage.differenceMcSe,
      drawCoverageIid: s.drawCoverage.iid,
      drawCoverageCluster: s.drawCoverage.cluster,
    };
  },
  hints: ["What does an iid standard error assume about a city's errors in different years?", "Against which target should a 95% interval cover 95% of the time — one that moves with the draw, or a fixed one?"],
  solution: 'const answer082 = "c"; // clustered SEs allow within-city correlation, iid ones do not; and coverage from B draws has Monte Carlo error',
};

/** The weak-instrument rows a check cell passed as `{ weak: weak }`. */
function rowsOf(context: ExerciseContext): WeakInstrumentRow[] {
  const rows = context.weak as WeakInstrumentRow[] | undefined;
  if (!Array.isArray(rows) || rows.length < 2) throw new OptionsError("This check needs the weak-instrument table and the study: write check(id, answer, { weak: weak, study: study }).");
  return rows;
}

/** 08.3: what a weak instrument does to 2SLS. */
const WEAK_INSTRUMENTS: Exercise = {
  kind: "choice",
  id: "08.3",
  title: "what a weak instrument does to 2SLS",
  answerName: "answer083",
  options: {
    a: {
      text: "Nothing for the bias: 2SLS stays median-unbiased for the target however weak the instrument; only its spread grows.",
      correct: false,
      feedback:
        "Read the median-bias column with its Monte Carlo SE: as the F falls the median moves from the target in OLS's direction, by more than its Monte Carlo error in the weakest row. With a weak instrument 2SLS is biased towards OLS (Staiger & Stock 1997), not just noisier.",
    },
    b: {
      text: "As the cluster-robust F falls, the spread of 2SLS grows many times over and its median drifts from the target towards OLS: the first stage fits chance correlation between the instrument and ai's endogenous part, so a weak-instrument estimate is both noisy and pulled towards OLS.",
      correct: true,
      feedback:
        "In a finite sample the first stage fits part of ai's endogenous variation by chance; the weaker the instrument, the larger that part, and 2SLS is pulled towards OLS (Staiger & Stock 1997). The just-identified 2SLS has no finite mean (Kinal 1980), which is why the table reports medians and the IQR; and a drift read from B draws counts only where it exceeds its Monte Carlo SE, which the table prints beside it.",
    },
    c: {
      text: "The noisy instrument is no longer exogenous, so 2SLS becomes inconsistent.",
      correct: false,
      feedback: "The noise is drawn independently of everything else, so the instrument stays valid (exogenous). What changes is its strength: it predicts robot penetration less and less.",
    },
    d: {
      text: "With the weakest instruments the nominal 5% t-test of the true target rejects far more often than 5% here.",
      correct: false,
      feedback:
        "Read the rejection column: here the test rejects the true target no more often than 5% even with the weakest instrument — it loses power instead (it rarely rejects a zero effect). How far a weak instrument distorts the t-test's size depends on how strongly the instrument's first-stage error is correlated with the outcome's error; Stock & Yogo (2005) tabulate the worst case, and mild endogeneity, as simulated here, gives little distortion.",
    },
    e: {
      text: "2SLS shrinks towards zero as the instrument weakens, so a weak instrument makes the estimated effect conservative.",
      correct: false,
      feedback:
        'The pull is towards the OLS estimate, not towards zero. Here OLS is itself biased towards zero, so the two directions happen to agree — but with a confounder of the other sign a weak instrument would pull 2SLS away from zero, and in neither case is the result "conservative".',
    },
  },
  numbers: (c) => {
    const rows = rowsOf(c);
    const s = studyOf(c);
    const [first, last] = [rows[0], rows[rows.length - 1]];
    return {
      strongestMedianKpF: first.medianKpF,
      weakestMedianKpF: last.medianKpF,
      strongestMedianIv: first.medianIv,
      weakestMedianIv: last.medianIv,
      weakestMedianBias: last.medianBias,
      weakestMedianBiasMcSe: last.medianBiasMcSe,
      weakestRejectTarget: last.rejectTarget,
      meanOls: s.ols.reduce((a, v) => a + v, 0) / s.draws,
      target: s.target.value,
    };
  },
  hints: ["Compare each row's median 2SLS with the OLS mean and with the target, and the median bias with its Monte Carlo SE.", "Is the noisy instrument still unrelated to the error? What does it lose?"],
  solution: 'const answer083 = "b"; // weak instruments: median bias towards OLS, exploding spread; the instrument is still valid',
};

/** 08.4: the share of draws with a cluster-robust F above 10 under a noisy instrument. */
const SHARE_STRONG: Exercise = {
  kind: "numeric",
  id: "08.4",
  title: "the share of draws with a cluster-robust F above 10 under a noisy instrument",
  answerName: "shareStrong",
  expected: (c) => shareAbove(weakRun(c).kpF, 10),
  mistakes: [
    { value: (c) => weakRun(c).kpF.filter((f) => f > 10).length, feedback: "That is the number of draws with F above 10; divide by the number of draws to get the share." },
    { value: (c) => 1 - shareAbove(weakRun(c).kpF, 10), feedback: "That is the share of draws with F of 10 or less — the ones such a researcher would reject." },
  ],
  fromObject: "count the draws of noisyRun.kpF (a Float64Array, one F per draw) above 10 and divide by noisyRun.draws",
  hints: [
    "const noisyRun = monteCarloStudy({ draws: 10, seed: 100, cities: registry, iid: false, instrumentNoise: 0.8 });",
    "noisyRun.kpF.filter((f) => f > 10).length / noisyRun.draws",
  ],
  solution: [
    "const noisyRun = monteCarloStudy({ draws: 10, seed: 100, cities: registry, iid: false, instrumentNoise: 0.8 });",
    "const shareStrong = noisyRun.kpF.filter((f) => f > 10).length / noisyRun.draws;",
  ].join("\n"),
  explanation: (c) => {
    const f = Float64Array.from(weakRun(c).kpF).sort();
    const kept = f.filter((v) => v > 10).length;
    const median = (f[(f.length - 1) >> 1] + f[f.length >> 1]) / 2;
    return `${kept} of ${f.length} draws clear 10, with the same valid instrument of the same strength in every draw (median KP F ${median.toFixed(1)}, from ${f[0].toFixed(1)} to ${f[f.length - 1].toFixed(1)}). The F is itself an estimate that varies from sample to sample: one F near 10 says little about how strong the instrument is, and a pass/fail rule on it is a coarse screen, not a guarantee.`;
  },
};

/** Notebook 08's exercises. */
export const NB08_EXERCISES: Exercise[] = [RMSE_IV, COVERAGE, WEAK_INSTRUMENTS, SHARE_STRONG];
