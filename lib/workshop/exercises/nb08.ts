/** Exercises of notebook 08 (the Monte Carlo: RMSE, coverage, weak instruments, the F > 10 rule). */
import { OptionsError } from "../../errors";
import type { City } from "../../study/registry";
import { monteCarloStudy, type MonteCarloStudy, type WeakInstrumentRow } from "../monteCarlo";
import type { Exercise, ExerciseContext } from "./types";

/** The weak-instrument run of exercise 08.4: its seed, number of draws and instrument noise. */
const WEAK_RUN = Object.freeze({ seed: 100, draws: 10, instrumentNoise: 0.8 });

/** The Monte Carlo study a check cell passed as `{ study: study }`. */
function studyOf(context: ExerciseContext): MonteCarloStudy {
  const study = context.study as MonteCarloStudy | undefined;
  if (!study || !(study.iv instanceof Float64Array)) throw new OptionsError("This check needs the notebook's Monte Carlo study: write check(id, answer, { study: study }).");
  return study;
}

/** Root mean squared error of `x` around the per-draw `target`. */
function rmse(x: Float64Array, target: (d: number) => number): number {
  let s = 0;
  for (let d = 0; d < x.length; d++) s += (x[d] - target(d)) ** 2;
  return Math.sqrt(s / x.length);
}

/** The sample standard deviation (n − 1). */
function sd(x: Float64Array): number {
  const m = x.reduce((s, v) => s + v, 0) / x.length;
  return Math.sqrt(x.reduce((s, v) => s + (v - m) ** 2, 0) / (x.length - 1));
}

/** The weak-instrument runs already made, by the cities they simulate (one run per registry object). */
const weakRuns = new WeakMap<object, MonteCarloStudy>();
/** The weak-instrument run on the default cities. */
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

/** The share of `f` above `threshold`. */
function shareAbove(f: Float64Array, threshold: number): number {
  return f.filter((v) => v > threshold).length / f.length;
}

/** 08.1: the RMSE of 2SLS around each draw's estimand. */
const RMSE_IV: Exercise = {
  kind: "numeric",
  id: "08.1",
  title: "the root mean squared error of 2SLS around each draw's estimand",
  answerName: "rmseIv",
  expected: (c) => rmse(studyOf(c).iv, (d) => studyOf(c).estimand[d]),
  mistakes: [
    { value: (c) => sd(studyOf(c).iv), feedback: "That is the standard deviation of the 2SLS estimates: it measures noise only. The RMSE measures the distance from the target, √(mean of (iv − estimand)²), which adds the bias." },
    { value: (c) => rmse(studyOf(c).iv, () => studyOf(c).meanEstimand), feedback: "You measured the distance from the mean estimand. Each draw has its own estimand (study.estimand[d]): compare study.iv[d] with study.estimand[d]." },
    { value: (c) => rmse(studyOf(c).ols, (d) => studyOf(c).estimand[d]), feedback: "That is the RMSE of OLS (study.ols). The exercise asks for 2SLS (study.iv); compare the two afterwards." },
    { value: (c) => rmse(studyOf(c).iv, (d) => studyOf(c).estimand[d]) ** 2, feedback: "That is the mean squared error; take its square root." },
    {
      value: (c) => {
        const total = (c.truth as { effects?: { total?: { mean?: number } } } | undefined)?.effects?.total?.mean;
        return total === undefined ? NaN : rmse(studyOf(c).iv, () => total);
      },
      feedback: "You measured the distance from the mean total effect of data/truth.json. 2SLS targets a weighted average of the cities' effects (its estimand), different in every draw: use study.estimand[d].",
    },
  ],
  fromObject: "compute it from study.iv and study.estimand (Float64Arrays, one value per draw)",
  hints: ["study.iv[d] is draw d's 2SLS estimate and study.estimand[d] its target.", "Math.sqrt(mean over d of (study.iv[d] − study.estimand[d]) ** 2)."],
  solution: "const rmseIv = Math.sqrt(study.iv.reduce((s, v, d) => s + (v - study.estimand[d]) ** 2, 0) / study.draws);",
  explanation: (c) => {
    const s = studyOf(c);
    const iv = rmse(s.iv, (d) => s.estimand[d]);
    const ols = rmse(s.ols, (d) => s.estimand[d]);
    return `Over ${s.draws} draws (seed ${s.seed}) the RMSE of 2SLS is ${iv.toFixed(4)} and that of OLS ${ols.toFixed(4)}: ${iv < ols ? "2SLS is closer to its target on average — the bias of OLS costs more than the noise 2SLS adds" : "OLS is closer to the target on average here — its smaller noise outweighs its bias"}.`;
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
      feedback: "City fixed effects remove the permanent part of a city's errors, not shocks that persist for a few years (an AR process, a slow local policy). Those keep a city's errors correlated over time.",
    },
    b: {
      text: "An interval that covers more often than 95% is better: wider is safer, so the more conservative interval should always be preferred.",
      correct: false,
      feedback: "A 95% interval should cover 95% of the time. Over-coverage means the interval is wider than it needs to be, so tests lose power; the goal is nominal coverage, not maximal coverage.",
    },
    c: {
      text: "Clustered intervals stay valid whatever the correlation of a city's errors over time; iid intervals only when the errors are independent — when errors persist, iid SEs are too small and their intervals cover less than 95%. A coverage estimate from B draws is itself uncertain, by about ±1.96·√(0.95·0.05/B).",
      correct: true,
      feedback: "Clustering is insurance: it costs little when errors happen to be independent and saves the inference when they are not, because iid SEs count correlated city-years as independent information. And a coverage computed from a finite number of draws carries Monte Carlo error (the notebook prints its size): judge a gap from 95% against it before reading anything into it.",
    },
    d: {
      text: "An interval's coverage is the share of draws in which the estimate is significantly different from zero.",
      correct: false,
      feedback: "That is power. Coverage is the share of draws whose interval contains the target (here each draw's 2SLS estimand).",
    },
  },
  numbers: (c) => {
    const s = studyOf(c);
    return { cluster: s.coverage.cluster, iid: s.coverage.iid, margin: 1.96 * Math.sqrt((0.95 * 0.05) / s.draws) };
  },
  hints: ["What does an iid standard error assume about a city's errors in different years?", "How precisely can the share of covering intervals be estimated from the number of draws used?"],
  solution: 'const answer082 = "c"; // clustered SEs are valid under within-city correlation, iid ones are not; and coverage from B draws has Monte Carlo error',
};

/** 08.3: what a weak instrument does to 2SLS. */
const WEAK_INSTRUMENTS: Exercise = {
  kind: "choice",
  id: "08.3",
  title: "what a weak instrument does to 2SLS",
  answerName: "answer083",
  options: {
    a: {
      text: "Nothing for the bias: 2SLS stays centred on its estimand, only its spread grows.",
      correct: false,
      feedback: "Look at the median 2SLS estimate in the table: as the first-stage F falls it moves away from the estimand towards OLS. With a weak instrument 2SLS is biased in the direction of OLS, not just noisier.",
    },
    b: {
      text: "As the first-stage F falls, the median 2SLS estimate drifts from its estimand towards OLS and its spread explodes: the first stage fits chance correlation with ai's endogenous part, so 2SLS inherits OLS's bias.",
      correct: true,
      feedback: "In a finite sample the first stage fits part of ai's endogenous variation by chance; the weaker the instrument, the larger that part, and 2SLS is pulled towards OLS (Staiger & Stock 1997). The distribution also spreads, with tails so heavy that the mean is useless (the just-identified 2SLS has no finite mean) — which is why the table reports the median and the IQR, and why F ≈ 10 is a floor. Anderson–Rubin intervals stay valid however weak the instrument.",
    },
    c: {
      text: "The noisy instrument is no longer exogenous, so 2SLS becomes inconsistent.",
      correct: false,
      feedback: "The noise is drawn independently of everything else, so the instrument stays valid (exogenous). What changes is its strength: it predicts robot penetration less and less.",
    },
    d: {
      text: "2SLS shrinks towards zero as the instrument weakens, so a weak instrument makes the estimated effect conservative.",
      correct: false,
      feedback: "The pull is towards the OLS estimate, not towards zero. Here OLS is itself biased towards zero, so the two directions happen to agree — but with a confounder of the other sign a weak instrument would pull 2SLS away from zero, and in neither case is the result \"conservative\".",
    },
  },
  numbers: (c) => {
    const rows = c.weak as WeakInstrumentRow[] | undefined;
    if (!Array.isArray(rows) || rows.length < 2) throw new OptionsError("This check needs the weak-instrument table: write check(id, answer, { weak: weak }).");
    const [first, last] = [rows[0], rows[rows.length - 1]];
    return {
      strongestMedianF: first.medianFirstStageF,
      weakestMedianF: last.medianFirstStageF,
      strongestMedianIv: first.medianIv,
      weakestMedianIv: last.medianIv,
      meanOls: last.meanOls,
      meanEstimand: last.meanEstimand,
    };
  },
  hints: ["Compare each row's median 2SLS with the OLS mean and with the estimand.", "Is the noisy instrument still unrelated to the error? What does it lose?"],
  solution: 'const answer083 = "b"; // weak instruments: median bias towards OLS, exploding spread; the instrument is still valid',
};

/** 08.4: the share of draws a researcher who stops at "F above 10" would accept, under a noisy instrument. */
const SHARE_STRONG: Exercise = {
  kind: "numeric",
  id: "08.4",
  title: "the share of draws with a first-stage F above 10 under a noisy instrument",
  answerName: "shareStrong",
  expected: (c) => shareAbove(weakRun(c).firstStageF, 10),
  mistakes: [
    { value: (c) => weakRun(c).firstStageF.filter((f) => f > 10).length, feedback: "That is the number of draws with F above 10; divide by the number of draws to get the share." },
    { value: (c) => 1 - shareAbove(weakRun(c).firstStageF, 10), feedback: "That is the share of draws with F of 10 or less — the ones such a researcher would reject." },
    { value: (c) => shareAbove(studyOf(c).firstStageF, 10), feedback: "That is the share in `study`, whose instrument has no added noise. Run monteCarloStudy with instrumentNoise: 0.8 (seed 100, 10 draws) as the exercise says." },
  ],
  fromObject: "count the draws of noisyRun.firstStageF (a Float64Array, one F per draw) above 10 and divide by noisyRun.draws",
  hints: [
    "const noisyRun = monteCarloStudy({ draws: 10, seed: 100, cities: registry, iid: false, instrumentNoise: 0.8 });",
    "noisyRun.firstStageF.filter((f) => f > 10).length / noisyRun.draws",
  ],
  solution: [
    "const noisyRun = monteCarloStudy({ draws: 10, seed: 100, cities: registry, iid: false, instrumentNoise: 0.8 });",
    "const shareStrong = noisyRun.firstStageF.filter((f) => f > 10).length / noisyRun.draws;",
  ].join("\n"),
  explanation: (c) => {
    const f = Float64Array.from(weakRun(c).firstStageF).sort();
    const kept = f.filter((v) => v > 10).length;
    const median = (f[(f.length - 1) >> 1] + f[f.length >> 1]) / 2;
    return `${kept} of ${f.length} draws would be accepted, with the same valid instrument in every draw (median F ${median.toFixed(1)}, from ${f[0].toFixed(1)} to ${f[f.length - 1].toFixed(1)}). F varies from sample to sample: clearing 10 once does not make an instrument strong, and keeping only the draws that clear it distorts inference in them (pretest bias). Treat F > 10 as a floor and report Anderson–Rubin intervals.`;
  },
};

/** Notebook 08's exercises. */
export const NB08_EXERCISES: Exercise[] = [RMSE_IV, COVERAGE, WEAK_INSTRUMENTS, SHARE_STRONG];
