/** Exercises of notebook 05 (robustness: winsorizing, the checks' shared bias, the placebo p-value, interpolated rows). */
import type { DataInput } from "../../design/input";
import { OptionsError } from "../../errors";
import { feols } from "../../feols";
import type { PlaceboResult } from "../../resample/placebo";
import type { FeolsResult } from "../../result/fit";
import { dropUnits, restrictYears } from "../../toolkit/restrictSample";
import type { TableData } from "../../toolkit/tableData";
import { winsorize } from "../../toolkit/winsorize";
import { BASELINE_FORMULA } from "./nb03";
import type { Exercise, ExerciseContext } from "./types";

/** The 2SLS of notebook 04 (Table 5) with the share_sum slopes: ai instrumented by the shift-share exposure ai_iv. */
const IV_FORMULA = "shrink ~ lnpgdp + gov + fin + open + hc + infra + density + i(year, share_sum) | code + year | ai ~ ai_iv";

/** The panel a check cell passed as `{ panel: panel }`. */
function panelOf(context: ExerciseContext): DataInput {
  if (context.panel === undefined) throw new OptionsError('This check needs the panel: write check(id, answer, { panel: panel }).');
  return context.panel as DataInput;
}

/** Notebook 05's baseline (column (4) of notebook 03), clustered by city, on some data. */
function baselineFit(data: unknown): FeolsResult {
  return feols(BASELINE_FORMULA, data as DataInput, { vcov: { cluster: "code" } });
}

/** The baseline on the panel with `columns` winsorized at [lower, upper], by year unless `pooled`. */
function winsorizedFit(context: ExerciseContext, columns: string[], lower: number, upper: number, pooled = false): FeolsResult {
  const options = pooled ? { lower, upper } : { lower, upper, by: "year" };
  return baselineFit(winsorize(panelOf(context) as TableData, columns, options).data);
}

/** The baseline without the rows where `imputed` takes one of `values`. */
function withoutImputed(context: ExerciseContext, values: number[]): FeolsResult {
  return baselineFit(dropUnits(panelOf(context) as TableData, "imputed", values).data);
}

/** The coefficient of ai in the four checks of Table 8 (winsorized, no municipalities, no 2020–2022, province × year effects). */
function robustnessChecks(context: ExerciseContext): number[] {
  const panel = panelOf(context) as TableData;
  const samples = [winsorize(panel, ["shrink", "ai"], { lower: 0.01, upper: 0.99, by: "year" }).data, dropUnits(panel, "municipality", [1]).data, restrictYears(panel, "year", { drop: [2020, 2021, 2022] }).data];
  const provinceYear = feols(BASELINE_FORMULA.replace("code + year", "code + province^year"), panel as DataInput, { vcov: { cluster: "code" } });
  return [...samples.map((data) => baselineFit(data).coef.ai), provinceYear.coef.ai];
}

/** The placebo result a check cell passed as `{ placebo: placebo }`. */
function placeboOf(context: ExerciseContext): PlaceboResult {
  const placebo = context.placebo as PlaceboResult | undefined;
  if (!placebo || !(placebo.placebo instanceof Float64Array)) throw new OptionsError("This check needs the placebo test: write check(id, answer, { placebo: placebo }).");
  return placebo;
}

/** 05.1: the coefficient of ai with shrink and ai winsorized at the 5th/95th percentiles by year. */
const WINSORIZED: Exercise = {
  kind: "numeric",
  id: "05.1",
  title: "the coefficient of ai with shrink and ai winsorized at 5/95 by year",
  answerName: "coefWinsorized5",
  expected: (c) => winsorizedFit(c, ["shrink", "ai"], 0.05, 0.95).coef.ai,
  mistakes: [
    { value: (c) => winsorizedFit(c, ["shrink", "ai"], 0.01, 0.99).coef.ai, feedback: "That is the 1/99 column of Table 8. The exercise cuts harder: { lower: 0.05, upper: 0.95, by: \"year\" }." },
    { value: (c) => baselineFit(panelOf(c)).coef.ai, feedback: "That is the baseline on the raw panel: fit the model on winsorize(...).data, not on panel." },
    { value: (c) => winsorizedFit(c, ["shrink", "ai"], 0.05, 0.95, true).coef.ai, feedback: "Those are percentiles of the pooled sample. Cut within each year (by: \"year\"), as Table 8 does: robot penetration rises every year, so pooled percentiles clip mostly the early and the late years." },
    { value: (c) => winsorizedFit(c, ["ai"], 0.05, 0.95).coef.ai, feedback: "You winsorized ai only; winsorize both columns, [\"shrink\", \"ai\"]." },
    { value: (c) => winsorizedFit(c, ["shrink"], 0.05, 0.95).coef.ai, feedback: "You winsorized shrink only; winsorize both columns, [\"shrink\", \"ai\"]." },
    { value: (c) => winsorizedFit(c, ["shrink", "ai"], 0.05, 0.95).se.ai, feedback: "That is the standard error of ai; the exercise asks for its coefficient, fit.coef.ai." },
  ],
  fromObject: "fit.coef.ai",
  hints: [
    "winsorize(panel, columns, { lower, upper, by }) returns { data, changed, description }; fit the baseline on its data.",
    'Columns ["shrink", "ai"], options { lower: 0.05, upper: 0.95, by: "year" }; then feols(`shrink ~ ai + ${controls} | code + year`, wins5.data, { vcov: vcov }).coef.ai.',
  ],
  solution: [
    'const wins5 = winsorize(panel, ["shrink", "ai"], { lower: 0.05, upper: 0.95, by: "year" });',
    "const coefWinsorized5 = feols(`shrink ~ ai + ${controls} | code + year`, wins5.data, { vcov: vcov }).coef.ai;",
  ].join("\n"),
  explanation: (c) => {
    const wins = winsorize(panelOf(c) as TableData, ["shrink", "ai"], { lower: 0.05, upper: 0.95, by: "year" });
    const hard = baselineFit(wins.data);
    const base = baselineFit(panelOf(c));
    const small = Math.abs(hard.coef.ai - base.coef.ai) < base.se.ai;
    return `Clipping ${wins.changed.ai} values of ai and ${wins.changed.shrink} of shrink moves the coefficient from ${base.coef.ai.toFixed(4)} to ${hard.coef.ai.toFixed(4)}, ${small ? "less" : "more"} than one standard error (${base.se.ai.toFixed(4)}): ${small ? "extreme city-years do not drive the estimate" : "extreme city-years matter for the estimate"}.`;
  },
};

/** 05.2: why the stability of the robustness checks does not make the OLS estimate valid. */
const STABLE_NOT_VALID: Exercise = {
  kind: "choice",
  id: "05.2",
  needsTruth: "its premise is the simulation's true effect",
  title: "what the stability of the robustness checks shows",
  answerName: "answer052",
  options: {
    a: {
      text: "The coefficient barely moves across very different checks, so it is the causal effect of AI on shrinkage.",
      correct: false,
      feedback: "Stability shows the estimate is not fragile; it says nothing about bias. Every column is the same OLS regression of shrink on the same mismeasured, endogenous ai, so a bias they share survives every check. In the simulation the true effect is larger in magnitude than every column of Table 8 (compare notebook 04's 2SLS and data/truth.json).",
    },
    b: {
      text: "Province × year fixed effects absorb every confounder, so at least the last column is unbiased.",
      correct: false,
      feedback: "Province × year effects absorb shocks common to all cities of a province in a year. A shock to one city — the kind that raises its robot adoption and its shrinkage at the same time — is not absorbed, and neither is measurement error in ai. In the simulation the last column barely differs from the others and is, like them, much closer to zero than the truth.",
    },
    c: {
      text: "Because the coefficient is stable, its clustered standard error is too large and the true uncertainty is smaller.",
      correct: false,
      feedback: "The spread of estimates across checks on nearly the same data is not a measure of sampling uncertainty: the columns share almost all their observations, so they are bound to be close. The standard error answers a different question (how much the estimate would vary across new samples).",
    },
    d: {
      text: "The checks rule out fragility (outliers, the four municipalities, the pandemic years, provincial shocks), but each re-estimates the same OLS model, so a bias common to all of them survives: stability is not validity.",
      correct: true,
      feedback: "Each check answers \"does a particular part of the data drive the estimate?\". None changes how ai is identified: robot penetration is measured with error (which attenuates the coefficient) and a local shock raises both robot adoption and shrinkage, in every column alike. In the simulation all four columns sit close together, and all are closer to zero than the truth. Fixing that takes a different design, such as notebook 04's instrument.",
    },
  },
  numbers: (c) => {
    const checks = Array.isArray(c.checks) ? (c.checks as FeolsResult[]).map((f) => f.coef.ai) : robustnessChecks(c);
    return { checkClosestToZero: Math.max(...checks), checkFurthestFromZero: Math.min(...checks), iv: feols(IV_FORMULA, panelOf(c), { vcov: { cluster: "code" } }).coef.ai };
  },
  hints: [
    "What would have to be different about the data for every column to be biased in the same way?",
    "List what each check changes (the sample, the fixed effects) and what none of them changes (the OLS regression of shrink on ai as measured).",
  ],
  solution: 'const answer052 = "d"; // stability rules out fragility, not the bias all four OLS columns share (measurement error in ai, a shock that moves ai and shrink together)',
};

/** 05.3: what a placebo p-value at its floor 1/(B + 1) says. */
const PLACEBO_FLOOR: Exercise = {
  kind: "choice",
  id: "05.3",
  title: "what the placebo test's p-value says",
  answerName: "answer053",
  options: {
    a: {
      text: "The probability that AI has no effect on shrinkage is placebo.p.",
      correct: false,
      feedback: "A p-value is a probability about the data given the null (how often reassigned robot paths give an estimate at least as far from zero), not the probability that the null is true.",
    },
    b: {
      text: "Exactly one of the placebo draws gave an estimate at least as far from zero as the real one.",
      correct: false,
      feedback: "The p-value is (1 + #{|b*| ≥ |b|})/(1 + B): the 1 is the real estimate counted as one of the draws (Phipson & Smyth 2010), so that p is never zero. Here no placebo draw came near the real estimate — look at the placebo figure.",
    },
    c: {
      text: "No placebo draw was as far from zero as the real estimate, so p sits at its floor 1/(B + 1): all it says is p ≤ 1/(B + 1), and with more draws it would be smaller still. Report it with the number of draws.",
      correct: true,
      feedback: "With B draws the smallest possible p is 1/(B + 1). A p at that floor is a bound, not a measurement: write p ≤ 1/(B + 1) with B stated (npm run replicate -- --full raises B and lowers the floor). The placebo estimates centre on zero with an SD many times smaller than the real estimate.",
    },
    d: {
      text: "The placebo test rules out omitted variables, so the estimate is causal.",
      correct: false,
      feedback: "Reassigning whole robot paths across cities tests the null that a city's robot penetration is unrelated to its own shrinkage. A confounded association — a local shock that raises both — is still an association, so a biased OLS estimate passes the placebo test just as easily.",
    },
  },
  numbers: (c) => {
    const pl = placeboOf(c);
    const asFar = pl.placebo.filter((b) => Math.abs(b) >= Math.abs(pl.estimate)).length;
    return { p: pl.p, draws: pl.draws, floor: 1 / (pl.draws + 1), placeboAsFarFromZero: asFar };
  },
  hints: ["How many placebo estimates lie as far from zero as the real one? Look at the figure.", "The p-value counts the real estimate as one of the draws: p = (1 + #{|b*| ≥ |b|})/(1 + B). What is its smallest possible value?"],
  solution: 'const answer053 = "c"; // p = (1 + 0)/(B + 1), the floor: p ≤ 1/(B + 1)',
};

/** 05.4: the coefficient of ai without the city-years that use an interpolated input. */
const NO_IMPUTED: Exercise = {
  kind: "numeric",
  id: "05.4",
  title: "the coefficient of ai without the interpolated city-years",
  answerName: "coefNoImputed",
  expected: (c) => withoutImputed(c, [1]).coef.ai,
  mistakes: [
    { value: (c) => baselineFit(panelOf(c)).coef.ai, feedback: "That is the baseline on the whole panel: fit the model on dropUnits(panel, \"imputed\", [1]).data." },
    { value: (c) => withoutImputed(c, [0]).coef.ai, feedback: "That fit keeps only the interpolated city-years: dropUnits drops the rows whose value is listed, so list [1], not [0]." },
    { value: (c) => withoutImputed(c, [1]).se.ai, feedback: "That is the standard error of ai; the exercise asks for its coefficient, fit.coef.ai." },
  ],
  fromObject: "fit.coef.ai",
  hints: ["dropUnits(panel, column, values) drops the rows whose column takes one of the values.", 'dropUnits(panel, "imputed", [1]).data is the panel without the interpolated rows; fit the baseline on it.'],
  solution: "const coefNoImputed = feols(`shrink ~ ai + ${controls} | code + year`, dropUnits(panel, \"imputed\", [1]).data, { vcov: vcov }).coef.ai;",
  explanation: (c) => {
    const kept = dropUnits(panelOf(c) as TableData, "imputed", [1]);
    const base = baselineFit(panelOf(c));
    const coef = baselineFit(kept.data).coef.ai;
    const small = Math.abs(coef - base.coef.ai) < base.se.ai;
    return `Dropping the ${kept.removed} interpolated city-years moves the coefficient from ${base.coef.ai.toFixed(4)} to ${coef.toFixed(4)}, ${small ? "less" : "more"} than one standard error: ${small ? "the gaps notebook 1 filled do not drive the result" : "the interpolated rows matter; report both"}.`;
  },
};

/** Notebook 05's exercises. */
export const NB05_EXERCISES: Exercise[] = [WINSORIZED, STABLE_NOT_VALID, PLACEBO_FLOOR, NO_IMPUTED];
