/** Exercises of notebook 04 (2SLS with the shift-share instrument). */
import { feols } from "../../feols";
import type { DataInput } from "../../design/input";
import { panelLag } from "../../toolkit/panelShift";
import type { TableData } from "../../toolkit/tableData";
import { BASELINE_FORMULA, panelOf } from "./nb03";
import type { Exercise, ExerciseContext } from "./types";

/** The seven lagged controls of the paper. */
const CONTROLS = "lnpgdp + gov + fin + open + hc + infra + density";

/** Notebook 04's 2SLS model: ai instrumented by ai_iv, with year-specific slopes of share_sum. */
const IV_FORMULA = `shrink ~ ${CONTROLS} + i(year, share_sum) | code + year | ai ~ ai_iv` as const;

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

/** The weak-instrument statistics of notebook 04's 2SLS and the Stock–Yogo maximal-size critical values. */
function weakInstrumentNumbers(context: ExerciseContext): Record<string, number> {
  const d = ivFit(context).ivDiagnostics;
  const size = d.stockYogo.size;
  return { kpWaldF: d.kpWaldF, cdWaldF: d.cdWaldF, sy10: size?.["10%"] ?? NaN, sy15: size?.["15%"] ?? NaN, sy20: size?.["20%"] ?? NaN, sy25: size?.["25%"] ?? NaN };
}

/** OLS (column (4) of notebook 03), 2SLS and the first-stage coefficient of the instrument. */
function olsIvNumbers(context: ExerciseContext): Record<string, number> {
  const iv = ivFit(context);
  return { ols: feols(BASELINE_FORMULA, panelOf(context), { vcov: VCOV }).coef.ai, iv: iv.coef.ai, firstStage: iv.firstStage.ai.fit.coef.ai_iv };
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

/** Exercise 04.2: reading a Kleibergen–Paap F between Stock–Yogo critical values. */
const WEAK_FIRST_STAGE: Exercise = {
  kind: "choice",
  id: "04.2",
  title: "a Kleibergen–Paap F between the Stock–Yogo critical values",
  answerName: "answer042",
  options: {
    a: {
      text: "The bias of 2SLS is at most 20 % of the bias of OLS, which is acceptable.",
      correct: false,
      feedback: "The 15 % and 20 % columns are the size table — how often a nominal 5 % Wald test of β may reject a true null — not the bias table. With a single instrument Stock and Yogo tabulate no bias critical values at all: those need at least three instruments.",
    },
    b: {
      text: "Under iid errors it would mean that a nominal 5 % Wald test of β could reject a true null between 15 % and 20 % of the time at worst: a weak instrument for t-tests. And even that is only a guide, because the critical values were derived for the Cragg–Donald F with iid errors, not for the cluster-robust KP F: report the Anderson–Rubin set.",
      correct: true,
      feedback: "Stock and Yogo's size table says how far the true size of a nominal 5 % Wald test can drift for a given first-stage F, for the Cragg–Donald F under iid errors. Printing it beside the KP F is common practice (ivreg2 does) but not covered by their theory. With a first stage that weak, the Anderson–Rubin set, valid however weak the instrument, is the inference to report (or the effective F of Montiel Olea and Pflueger for the diagnosis).",
    },
    c: {
      text: "The instrument is irrelevant: the first stage cannot reject that the instrument has no effect on ai.",
      correct: false,
      feedback: "Weak is not irrelevant. With one instrument the F is the square of the first-stage t-statistic: an F between those critical values rejects π = 0 at the 5 % level (the KP LM tests relevance). Weak means the first stage is significant but too noisy for the usual 2SLS t-test to keep its nominal size.",
    },
    d: {
      text: "Since the KP F is robust to clustering, the Stock–Yogo critical values apply to it exactly, and the verdict is as reliable as under iid errors.",
      correct: false,
      feedback: "Robust statistic, non-robust yardstick: Stock and Yogo derived their critical values for the Cragg–Donald F under iid errors, and there are none tabulated for the KP F. The comparison is a rule of thumb; with clustered errors the effective F of Montiel Olea and Pflueger, or the Anderson–Rubin set, is the principled route.",
    },
  },
  numbers: weakInstrumentNumbers,
  hints: ["Which Stock–Yogo table is printed here: maximal bias or maximal size? What does a size critical value promise?", "For which statistic, and under which errors, were the critical values derived?"],
  solution: 'const answer042 = "b"; // size distortion between the 15 % and 20 % bounds, under iid assumptions the KP F does not share: use Anderson–Rubin.',
};

/** Exercise 04.3: 2SLS with ai lagged one year. */
const LAGGED_IV: Exercise = {
  kind: "numeric",
  id: "04.3",
  title: "the 2SLS coefficient of ai lagged one year",
  answerName: "ivLagCoef",
  expected: (c) => laggedCoef(c, LAGGED_IV_FORMULA),
  mistakes: [
    { value: (c) => laggedCoef(c, `shrink ~ ai_lag1 + ${CONTROLS} | code + year`), feedback: "That is the OLS coefficient of lagged ai, as in Table 6. Instrument ai_lag1 by ai_iv_lag1: put '| ai_lag1 ~ ai_iv_lag1' after the fixed effects." },
    { value: (c) => ivFit(c).coef.ai, feedback: "That is the 2SLS coefficient of current ai (Table 5). Use ai_lag1 as the endogenous regressor, instrumented by ai_iv_lag1." },
    { value: (c) => laggedCoef(c, LAGGED_IV_FORMULA.replace("ai_iv_lag1", "ai_iv")), feedback: "You instrumented lagged ai with the current instrument. Lag the instrument too (panelLag on ai_iv), so that it moves lagged ai in the same year." },
    { value: (c) => laggedCoef(c, LAGGED_IV_FORMULA.replace(" + i(year, share_sum)", "")), feedback: "You left out the year-specific slopes of share_sum, i(year, share_sum), which the shift-share design needs (see the introduction): keep them, as in Table 5." },
  ],
  fromObject: "fit.coef.ai_lag1",
  hints: ["panelLag(lagged.data, { unit: \"code\", time: \"year\", column: \"ai_iv\", k: 1 }) adds ai_iv_lag1 to the lagged data.", "Then the 2SLS of Table 5 with ai_lag1 ~ ai_iv_lag1 in place of ai ~ ai_iv; read .coef.ai_lag1."],
  solution: `const ivLagCoef = feols("${LAGGED_IV_FORMULA}", panelLag(lagged.data, { unit: "code", time: "year", column: "ai_iv", k: 1 }).data, { vcov: vcov }).coef.ai_lag1;`,
  explanation: (c) => {
    const ols = laggedCoef(c, `shrink ~ ai_lag1 + ${CONTROLS} | code + year`);
    return `2SLS with lagged ai gives ${laggedCoef(c, LAGGED_IV_FORMULA).toFixed(3)} against ${ols.toFixed(3)} by OLS with lagged ai and ${ivFit(c).coef.ai.toFixed(3)} by 2SLS with current ai. Lagging alone does not cure the attenuation: last year's robot count carries its own recording error, and it stands in for this year's robots only imperfectly. The lagged instrument is free of the recording error, so 2SLS undoes that part.`;
  },
};

/** Exercise 04.4: why 2SLS is larger in magnitude than OLS here. */
const WHY_IV_EXCEEDS_OLS: Exercise = {
  kind: "choice",
  id: "04.4",
  title: "why 2SLS exceeds OLS in magnitude",
  answerName: "answer044",
  options: {
    a: {
      text: "An adverse local shock drives people out and leaves firms short of workers, so they adopt robots: ai is positively correlated with the error while β < 0, which biases OLS towards zero. Recorded robot counts also carry measurement error, which attenuates OLS further. The instrument is unrelated to both, so 2SLS removes both biases.",
      correct: true,
      feedback: "Both biases push OLS towards zero: Cov(ai, ε) > 0 with a negative β, and classical measurement error shrinks the coefficient by the reliability ratio. The shift-share instrument moves ai through base-year industry shares and US robot adoption only, independent of the local shock and of the recording error, so 2SLS is consistent for its estimand.",
    },
    b: {
      text: "Weak-instrument bias pushes 2SLS away from zero.",
      correct: false,
      feedback: "Weak-instrument bias pulls 2SLS towards OLS, not away from it, and the first stage here is strong (see the diagnostics). A 2SLS estimate further from zero than OLS is what removing an attenuation bias looks like.",
    },
    c: {
      text: "2SLS is always larger than OLS in magnitude: it divides by the first-stage coefficient, which is below one.",
      correct: false,
      feedback: "Nothing makes 2SLS always larger: which way OLS is biased depends on the sign of Cov(ai, ε) relative to β. And the first-stage coefficient need not be below one — here it is not (exercise 04.1).",
    },
    d: {
      text: "2SLS estimates the mean total effect over cities, while OLS estimates only the direct effect.",
      correct: false,
      feedback: "OLS of shrink on ai without the mechanisms also picks up the paths through them. And with effects that differ across cities, 2SLS converges to a first-stage-weighted average of the city effects — the 2SLS estimand in the figure, which differs from the mean total effect.",
    },
  },
  numbers: olsIvNumbers,
  hints: ["In the simulation, what does the adverse local shock do to shrink, and what to ai?", "What does classical measurement error in a regressor do to its OLS coefficient?"],
  solution: 'const answer044 = "a"; // the shock and the measurement error both bias OLS towards zero; the instrument is free of both.',
};

/** Notebook 04's exercises. */
export const NB04_EXERCISES: Exercise[] = [INDIRECT_LEAST_SQUARES, WEAK_FIRST_STAGE, LAGGED_IV, WHY_IV_EXCEEDS_OLS];
