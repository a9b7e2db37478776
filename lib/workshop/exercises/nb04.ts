/** Exercises of notebook 04 (2SLS with the shift-share instrument). */
import { feols } from "../../feols";
import type { DataInput } from "../../design/input";
import { panelLag } from "../../toolkit/panelShift";
import type { TableData } from "../../toolkit/tableData";
import { olsIvEstimands } from "../../study/estimands";
import { loadLatentPanel, type LatentStudyPanel } from "../../study/latentPanel";
import type { StudyPanel } from "../../study/studyPanel";
import { BASELINE_FORMULA, panelOf } from "./nb03";
import type { Exercise, ExerciseContext } from "./types";

/** The seven lagged controls of the paper. */
const CONTROLS = "lnpgdp + gov + fin + open + hc + infra + density";

/** Notebook 04's 2SLS model: ai instrumented by ai_iv, with year-specific slopes of share_sum. */
const IV_FORMULA = `shrink ~ ${CONTROLS} + i(year, share_sum) | code + year | ai ~ ai_iv` as const;

/** Notebook 04's OLS column of Table 5: the 2SLS model's controls, share_sum slopes and fixed effects, ai not instrumented. */
const OLS_FORMULA = `shrink ~ ai + ${CONTROLS} + i(year, share_sum) | code + year` as const;

/** Table 6's lagged OLS column: ai lagged one year, with Table 5's controls and share_sum slopes. */
const LAGGED_OLS_FORMULA = `shrink ~ ai_lag1 + ${CONTROLS} + i(year, share_sum) | code + year` as const;

/** Exercise 04.3's model: ai lagged one year, instrumented by the instrument lagged one year. */
const LAGGED_IV_FORMULA = `shrink ~ ${CONTROLS} + i(year, share_sum) | code + year | ai_lag1 ~ ai_iv_lag1` as const;

/** The city clustering of notebook 04. */
const VCOV = { cluster: "code" };

/** Notebook 04's 2SLS fit on the panel in hand. */
function ivFit(context: ExerciseContext) {
  return feols(IV_FORMULA, panelOf(context), { vcov: VCOV });
}

/** The panel with ai and ai_iv lagged one year within each city (ai_lag1, ai_iv_lag1). */
function laggedPanel(context: ExerciseContext): DataInput {
  const withAi = panelLag(panelOf(context) as TableData, { unit: "code", time: "year", column: "ai", k: 1 }).data;
  return panelLag(withAi, { unit: "code", time: "year", column: "ai_iv", k: 1 }).data as DataInput;
}

/** The coefficient of ai_lag1 in a model fitted on the lagged panel. */
function laggedCoef(context: ExerciseContext, formula: string): number {
  return feols(formula, laggedPanel(context), { vcov: VCOV }).coef.ai_lag1;
}

/** The reduced-form and first-stage coefficients of the instrument. */
function ilsParts(context: ExerciseContext): { reduced: number; first: number } {
  const iv = ivFit(context);
  return { reduced: iv.reducedForm().coef.ai_iv, first: iv.firstStage.ai.fit.coef.ai_iv };
}

/**
 * The simulation's latent columns for the panel in hand, or undefined when the panel is not the
 * bundled simulated one (a user's real data has no truth to compare with).
 */
function latentOf(context: ExerciseContext): LatentStudyPanel | undefined {
  try {
    return loadLatentPanel(panelOf(context) as StudyPanel);
  } catch {
    return undefined;
  }
}

/** The latent panel with ai, ai_iv, ai_true and shock lagged one year within each city. */
function laggedLatent(latent: LatentStudyPanel): Record<string, ArrayLike<unknown>> {
  let data = latent as unknown as TableData;
  for (const column of ["ai", "ai_iv", "ai_true", "shock"]) data = panelLag(data, { unit: "code", time: "year", column, k: 1 }).data;
  return data as unknown as Record<string, ArrayLike<unknown>>;
}

/**
 * The weak-instrument statistics of notebook 04's 2SLS: the Kleibergen–Paap and Cragg–Donald F and
 * their ratio, the effective F with its critical value for a 10 % worst-case bias, and the Stock–Yogo
 * maximal-size critical values.
 */
function weakInstrumentNumbers(context: ExerciseContext): Record<string, number> {
  const d = ivFit(context).ivDiagnostics;
  const size = d.stockYogo.size;
  return {
    kpWaldF: d.kpWaldF,
    cdWaldF: d.cdWaldF,
    kpOverCd: d.kpWaldF / d.cdWaldF,
    effectiveF: d.effectiveF?.F ?? NaN,
    effectiveCritical10: d.effectiveF?.critical["10%"] ?? NaN,
    sy10: size?.["10%"] ?? NaN,
    sy20: size?.["20%"] ?? NaN,
  };
}

/**
 * OLS and 2SLS of Table 5 and the first-stage coefficient; on the simulated panel also both estimands
 * and OLS of shrink with each bias removed in turn: `olsTrueAi` (true robots, shock left out: confounding
 * only), `olsShock` (recorded ai, shock controlled: measurement error only), `olsNeither` (true robots,
 * shock controlled).
 */
function olsIvNumbers(context: ExerciseContext): Record<string, number> {
  const iv = ivFit(context);
  const out: Record<string, number> = { ols: feols(OLS_FORMULA, panelOf(context), { vcov: VCOV }).coef.ai, iv: iv.coef.ai, firstStage: iv.firstStage.ai.fit.coef.ai_iv };
  const latent = latentOf(context);
  if (!latent) return out;
  const e = olsIvEstimands({ ols: OLS_FORMULA, iv: IV_FORMULA }, { data: latent as unknown as Record<string, ArrayLike<unknown>> });
  const coef = (x: string, shock: boolean) => feols(OLS_FORMULA.replace("ai +", shock ? `${x} + shock +` : `${x} +`), latent).coef[x];
  return { ...out, olsEstimand: e.ols.value, ivEstimand: e.iv.value, olsTrueAi: coef("ai_true", false), olsShock: coef("ai", true), olsNeither: coef("ai_true", true) };
}

/**
 * Exercise 04.3's numbers on the simulated panel: the estimands of lagged OLS and lagged 2SLS, and OLS
 * of shrink on last year's true robots with and without this year's shock (what the shock does to it).
 */
function laggedTruth(latent: LatentStudyPanel): { olsEstimand: number; ivEstimand: number; currentOlsEstimand: number; shockShiftLag: number; shockShiftCurrent: number } {
  const lagged = laggedLatent(latent);
  const e = olsIvEstimands({ ols: LAGGED_OLS_FORMULA, iv: LAGGED_IV_FORMULA }, { data: lagged });
  const current = olsIvEstimands({ ols: OLS_FORMULA, iv: IV_FORMULA }, { data: latent as unknown as Record<string, ArrayLike<unknown>> });
  const shift = (x: string, data: unknown) => feols(OLS_FORMULA.replace("ai +", `${x} +`), data as DataInput).coef[x] - feols(OLS_FORMULA.replace("ai +", `${x} + shock +`), data as DataInput).coef[x];
  return { olsEstimand: e.ols.value, ivEstimand: e.iv.value, currentOlsEstimand: current.ols.value, shockShiftLag: shift("ai_true_lag1", lagged), shockShiftCurrent: shift("ai_true", latent) };
}

/** Exercise 04.1: 2SLS as indirect least squares. */
const INDIRECT_LEAST_SQUARES: Exercise = {
  kind: "numeric",
  id: "04.1",
  title: "the reduced form divided by the first stage",
  answerName: "ilsRatio",
  expected: (c) => ilsParts(c).reduced / ilsParts(c).first,
  tolerance: 1e-8,
  mistakes: [
    { value: (c) => ilsParts(c).first / ilsParts(c).reduced, feedback: "That is the first stage divided by the reduced form: the other way round. The reduced form (shrink on the instrument) goes on top." },
    { value: (c) => ilsParts(c).reduced, feedback: "That is the reduced-form coefficient alone (shrink on ai_iv): divide it by the first-stage coefficient (ai on ai_iv)." },
    { value: (c) => ilsParts(c).first, feedback: "That is the first-stage coefficient alone (ai on ai_iv): it goes in the denominator, under the reduced-form coefficient." },
    { value: (c) => feols(OLS_FORMULA, panelOf(c), { vcov: VCOV }).coef.ai, feedback: "That is the OLS coefficient of ai. Take the coefficient of ai_iv from iv.reducedForm() and from iv.firstStage.ai.fit, and divide." },
    { value: (c) => feols(BASELINE_FORMULA, panelOf(c), { vcov: VCOV }).coef.ai, feedback: "That is the OLS coefficient of ai. Take the coefficient of ai_iv from iv.reducedForm() and from iv.firstStage.ai.fit, and divide." },
  ],
  fromObject: "the coefficient of the instrument in each fit: iv.reducedForm().coef.ai_iv / iv.firstStage.ai.fit.coef.ai_iv",
  hints: ["Both regressions have the instrument ai_iv on the right-hand side: read .coef.ai_iv from each.", "The effect of the instrument on shrink, divided by its effect on ai, is the effect of ai on shrink."],
  solution: "const ilsRatio = iv.reducedForm().coef.ai_iv / iv.firstStage.ai.fit.coef.ai_iv;",
  explanation: (c) => {
    const { reduced, first } = ilsParts(c);
    return `Reduced form ${reduced.toFixed(4)} / first stage ${first.toFixed(4)} = ${(reduced / first).toFixed(4)}, the 2SLS coefficient of ai: with one instrument and one endogenous regressor, 2SLS is indirect least squares. Both regressions share the controls, the share_sum slopes and the fixed effects, so the ratio is exact.`;
  },
};

/** Exercise 04.2: which weak-instrument screen fits clustered errors, and what to report when it fails. */
const WEAK_FIRST_STAGE: Exercise = {
  kind: "choice",
  id: "04.2",
  title: "a weak-instrument screen for clustered errors",
  answerName: "answer042",
  options: {
    a: {
      text: "The instrument is strong: the Cragg–Donald F clears Stock–Yogo's 10 % critical value, so the usual 2SLS t-test can be trusted.",
      correct: false,
      feedback: "The Cragg–Donald F and Stock and Yogo's critical values both assume iid errors. With errors correlated within cities the iid F can overstate the instrument's strength badly — in these data the cluster-robust KP F is a fraction of it (kpOverCd below). A screen must use the variance the model uses.",
    },
    b: {
      text: "Screen with the Montiel Olea–Pflueger effective F, which allows for clustered errors, against its own critical value: an F of 9 fails it, so the usual Wald interval cannot be trusted. Report the Anderson–Rubin set (or the tF-adjusted interval), whose coverage does not depend on the instrument's strength.",
      correct: true,
      feedback: "Stock and Yogo's critical values were derived for the Cragg–Donald F under iid errors; the effective F of Montiel Olea and Pflueger (2013) is the screen for heteroskedastic or clustered errors (Stata's weakivtest), with its own critical values (effectiveCritical10 below, for a worst-case bias of 10 %). With one instrument the effective F is the robust first-stage F, here the KP F. Below the critical value, report inference that stays valid with a weak instrument: the Anderson–Rubin set, or the tF interval of Lee, McCrary, Moreira and Porter (2022), whose critical value grows as the first-stage F falls.",
    },
    c: {
      text: "The instrument is irrelevant: drop it.",
      correct: false,
      feedback: "Weak is not irrelevant. With one instrument the F is the square of the first-stage t-statistic: an F of 9 is t = 3, which rejects π = 0 at the 1 % level. Weak means significant but too noisy for the usual 2SLS t-test to keep its nominal size: keep the instrument and use inference that is robust to its weakness.",
    },
    d: {
      text: "Compare the KP F of 9 with Stock–Yogo's 10 % maximal-size critical value (16.38): it is below it, so 2SLS is biased by more than 10 % of the OLS bias.",
      correct: false,
      feedback: "Two mix-ups. The 10 % column printed here is Stock and Yogo's size table (how often a nominal 5 % Wald test may reject a true null), not a bias table; with one instrument they tabulate no bias critical values at all. And their critical values are for the Cragg–Donald F under iid errors, not for the cluster-robust KP F: ivreg2 prints them side by side, but the theory does not cover the pair.",
    },
  },
  numbers: weakInstrumentNumbers,
  hints: ["For which statistic, and under which errors, did Stock and Yogo derive their critical values?", "Which first-stage statistic uses the variance the model uses, and what inference stays valid however weak the instrument?"],
  solution: 'const answer042 = "b"; // the effective F is the screen for clustered errors; when it fails, report the Anderson–Rubin set or the tF interval.',
};

/**
 * Why 04.3's answer is what it is: lagged 2SLS against lagged OLS and current 2SLS and, on the simulated
 * panel, against the estimands: lagging changes the estimand, the recorded lag still carries recording
 * error, the (non-persistent) shock hardly moves the lagged regression, and lagged 2SLS is near its own.
 */
function laggedExplanation(c: ExerciseContext): string {
  const f = (v: number) => v.toFixed(3);
  const ivLag = feols(LAGGED_IV_FORMULA, laggedPanel(c), { vcov: VCOV });
  const ols = laggedCoef(c, LAGGED_OLS_FORMULA);
  const head = `2SLS with lagged ai gives ${f(ivLag.coef.ai_lag1)} against ${f(ols)} by OLS with lagged ai (Table 6) and ${f(ivFit(c).coef.ai)} by 2SLS with current ai.`;
  const latent = latentOf(c);
  if (!latent) return `${head} Lagging changes the estimand — the coefficient of ai_lag1 measures how shrinkage moves with last year's robots — and does not remove a confounder that persists over the years (Bellemare, Masaki & Pepinsky 2017).`;
  const t = laggedTruth(latent);
  const ses = Math.abs(ivLag.coef.ai_lag1 - t.ivEstimand) / ivLag.se.ai_lag1;
  return (
    `${head} On the latent panel, OLS of the error-free outcome on last year's true robot penetration, this year's shock controlled, gives ${f(t.olsEstimand)}, against ${f(t.currentOlsEstimand)} for this year's: lagging changes the estimand. ` +
    `OLS with the recorded lagged ai falls short even of ${f(t.olsEstimand)}, because last year's count carries its recording error. Leaving this year's shock out of OLS on last year's true robot penetration moves it by only ${f(Math.abs(t.shockShiftLag))} (OLS on this year's by ${f(Math.abs(t.shockShiftCurrent))}), because the simulated shock does not persist from year to year; a persistent shock would confound lagged ai too (Bellemare, Masaki & Pepinsky 2017). ` +
    `The lagged instrument is free of the recording error: lagged 2SLS lies ${ses.toFixed(2)} standard errors from its own estimand (${f(t.ivEstimand)}).`
  );
}

/** Exercise 04.3: 2SLS with ai lagged one year. */
const LAGGED_IV: Exercise = {
  kind: "numeric",
  id: "04.3",
  title: "the 2SLS coefficient of ai lagged one year",
  answerName: "ivLagCoef",
  expected: (c) => laggedCoef(c, LAGGED_IV_FORMULA),
  mistakes: [
    { value: (c) => laggedCoef(c, LAGGED_OLS_FORMULA), feedback: "That is the OLS coefficient of lagged ai, as in Table 6. Instrument ai_lag1 by ai_iv_lag1: put '| ai_lag1 ~ ai_iv_lag1' after the fixed effects." },
    { value: (c) => laggedCoef(c, `shrink ~ ai_lag1 + ${CONTROLS} | code + year`), feedback: "That is the OLS coefficient of lagged ai (without the share_sum slopes). Instrument ai_lag1 by ai_iv_lag1: put '| ai_lag1 ~ ai_iv_lag1' after the fixed effects, and keep i(year, share_sum)." },
    { value: (c) => ivFit(c).coef.ai, feedback: "That is the 2SLS coefficient of current ai (Table 5). Use ai_lag1 as the endogenous regressor, instrumented by ai_iv_lag1." },
    { value: (c) => laggedCoef(c, LAGGED_IV_FORMULA.replace("ai_iv_lag1", "ai_iv")), feedback: "You instrumented lagged ai with the current instrument. Lag the instrument too (panelLag on ai_iv), so that it moves lagged ai in the same year." },
    { value: (c) => laggedCoef(c, LAGGED_IV_FORMULA.replace(" + i(year, share_sum)", "")), feedback: "You left out the year-specific slopes of share_sum, i(year, share_sum), which the shift-share design includes to control for incomplete shares (see the introduction; in this simulation they change little): keep them, as in Table 5." },
  ],
  fromObject: "fit.coef.ai_lag1",
  hints: ["panelLag(lagged.data, { unit: \"code\", time: \"year\", column: \"ai_iv\", k: 1 }) adds ai_iv_lag1 to the lagged data.", "Then the 2SLS of Table 5 with ai_lag1 ~ ai_iv_lag1 in place of ai ~ ai_iv; read .coef.ai_lag1."],
  solution: `const ivLagCoef = feols("${LAGGED_IV_FORMULA}", panelLag(lagged.data, { unit: "code", time: "year", column: "ai_iv", k: 1 }).data, { vcov: vcov }).coef.ai_lag1;`,
  explanation: laggedExplanation,
};

/** Exercise 04.4: why 2SLS is larger in magnitude than OLS here. */
const WHY_IV_EXCEEDS_OLS: Exercise = {
  kind: "choice",
  id: "04.4",
  needsTruth: "it reads the figure of the OLS and 2SLS estimands",
  title: "why 2SLS exceeds OLS in magnitude",
  answerName: "answer044",
  options: {
    a: {
      text: "An adverse local shock drives people out and leaves firms short of workers, so they adopt robots: ai is positively correlated with the error while β < 0, which biases OLS towards zero. Recorded robot counts also carry measurement error, which attenuates OLS further. The instrument is unrelated to both, so 2SLS removes both biases.",
      correct: true,
      feedback: "Both biases push OLS towards zero: Cov(ai, ε) > 0 with a negative β, and measurement error in a regressor attenuates its coefficient. The latent panel separates them (numbers below): OLS of shrink with the true robot penetration but the shock left out (olsTrueAi: confounding only) and with the recorded ai but the shock controlled (olsShock: measurement error only) each lie closer to zero than with neither problem (olsNeither), and the observed OLS, with both, closest. The shift-share instrument moves ai through base-year industry shares and US robot adoption only, independent of the local shock and of the recording error, so 2SLS has neither bias. Weighting works the other way here: the 2SLS estimand lies closer to zero than the OLS estimand (ivEstimand, olsEstimand), so the gap between the two estimates understates the bias of OLS.",
    },
    b: {
      text: "Weak-instrument bias pushes 2SLS away from zero.",
      correct: false,
      feedback: "Weak-instrument bias pulls 2SLS towards OLS, not away from it, and the instrument passes the weak-instrument screens here (see the diagnostics). A 2SLS estimate further from zero than OLS is what removing an attenuation bias looks like.",
    },
    c: {
      text: "2SLS is always larger than OLS in magnitude: it divides by the first-stage coefficient, which is below one.",
      correct: false,
      feedback: "Nothing makes 2SLS always larger: which way OLS is biased depends on the sign of Cov(ai, ε) relative to β. And the first-stage coefficient need not be below one — here it is not (exercise 04.1).",
    },
    d: {
      text: "2SLS estimates the mean total effect over cities, while OLS estimates only the direct effect.",
      correct: false,
      feedback: "OLS of shrink on ai without the mechanisms also picks up the paths through them: its estimand is an average of the total effects too. With effects that differ across cities each estimator targets its own weighted average of the city effects — OLS with variance weights, 2SLS with first-stage weights — and neither is the plain mean total effect (see the figure and the sentences under it).",
    },
  },
  numbers: olsIvNumbers,
  hints: ["In the simulation, what does the adverse local shock do to shrink, and what to ai?", "What does classical measurement error in a regressor do to its OLS coefficient?"],
  solution: 'const answer044 = "a"; // the shock and the measurement error both bias OLS towards zero; the instrument is free of both (the estimands\' weighting works the other way).',
};

/** Notebook 04's exercises. */
export const NB04_EXERCISES: Exercise[] = [INDIRECT_LEAST_SQUARES, WEAK_FIRST_STAGE, LAGGED_IV, WHY_IV_EXCEEDS_OLS];
