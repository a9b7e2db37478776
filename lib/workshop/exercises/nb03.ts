/** Exercises of notebook 03 (baseline two-way fixed effects). */
import { feols } from "../../feols";
import type { DataInput } from "../../design/input";
import { OptionsError } from "../../errors";
import { describeVariables } from "../../report/descriptive";
import type { VcovOption } from "../../variance/spec";
import type { Exercise, ExerciseContext } from "./types";

/** The baseline model of notebook 03's column (4). */
export const BASELINE_FORMULA = "shrink ~ ai + lnpgdp + gov + fin + open + hc + infra + density | code + year";

/**
 * The panel a check cell passed as `{ panel: panel }` (the study panel, or a user's data in its schema).
 * @throws OptionsError when the check cell passed no panel.
 */
export function panelOf(context: ExerciseContext): DataInput {
  if (context.panel === undefined) throw new OptionsError("This check needs the panel: write check(id, answer, { panel: panel }).");
  return context.panel as DataInput;
}

/** The SE of ai in column (4) under a variance option. */
function seOfAi(context: ExerciseContext, vcov: VcovOption, term = "ai"): number {
  return feols(BASELINE_FORMULA, panelOf(context), { vcov }).se[term];
}

/** The SEs of ai and the cluster counts of column (4) clustered by city and by province, and the ratio of their CR1 factors. */
function clusterNumbers(context: ExerciseContext): Record<string, number> {
  const city = feols(BASELINE_FORMULA, panelOf(context), { vcov: { cluster: "code" } });
  const province = feols(BASELINE_FORMULA, panelOf(context), { vcov: { cluster: "province" } });
  const gCity = city.nClusters ?? NaN;
  const gProvince = province.nClusters ?? NaN;
  const factorRatio = Math.sqrt(gProvince / (gProvince - 1) / (gCity / (gCity - 1)));
  return { seCity: city.se.ai, seProvince: province.se.ai, gCity, gProvince, seRatio: province.se.ai / city.se.ai, factorRatio };
}

/**
 * The pooled SD of ai, its SD net of city and year effects (the residuals of ai on year dummies
 * with city fixed effects: the variation column (4) uses), β of column (4), and β times each SD.
 */
function effectSizeNumbers(context: ExerciseContext): Record<string, number> {
  const panel = panelOf(context);
  const sdPooled = describeVariables(panel, ["ai"])[0].sd;
  const sdWithin = describeVariables({ ai_within: feols("ai ~ i(year) | code", panel).residuals }, ["ai_within"])[0].sd;
  const beta = feols(BASELINE_FORMULA, panel, { vcov: { cluster: "code" } }).coef.ai;
  return { sdPooled, sdWithin, beta, effectPooled: beta * sdPooled, effectWithin: beta * sdWithin };
}

/** Exercise 03.1: the SE under province clustering. */
const SE_BY_PROVINCE: Exercise = {
  kind: "numeric",
  id: "03.1",
  title: "the SE of ai in column (4) clustered by province",
  answerName: "seByProvince",
  expected: (c) => seOfAi(c, { cluster: "province" }),
  mistakes: [
    { value: (c) => seOfAi(c, { cluster: "code" }), feedback: "That is the SE clustered by city, as in the table. Cluster by province: { vcov: { cluster: \"province\" } }." },
    { value: (c) => seOfAi(c, "iid"), feedback: "That is the iid SE (feols' default). Pass { vcov: { cluster: \"province\" } }." },
    { value: (c) => seOfAi(c, "hetero"), feedback: "That is the heteroskedasticity-robust SE; cluster by province instead." },
    { value: (c) => seOfAi(c, { cluster: "province" }, "lnpgdp"), feedback: "That is the SE of lnpgdp; the exercise asks for ai's: fit.se.ai." },
  ],
  fromObject: "fit.se.ai",
  hints: ["Refit column (4) with feols and a different vcov option.", 'The option is { vcov: { cluster: "province" } }; then read .se.ai.'],
  solution: `const seByProvince = feols("${BASELINE_FORMULA}", panel, { vcov: { cluster: "province" } }).se.ai;`,
  explanation: (c) => {
    const fit = feols(BASELINE_FORMULA, panelOf(c), { vcov: { cluster: "province" } });
    const cities = feols(BASELINE_FORMULA, panelOf(c), { vcov: { cluster: "code" } });
    return `With ${fit.nClusters} provinces instead of ${cities.nClusters} cities, clusters are fewer and larger: the SE allows errors to be correlated across the cities of a province, and inference uses t(${fit.dfT}).`;
  },
};

/** Exercise 03.2: why the SE grows when clustering by province, and what G becomes. */
const WHY_PROVINCE_SE_GROWS: Exercise = {
  kind: "choice",
  id: "03.2",
  title: "why the SE grows when clustering by province",
  answerName: "answer032",
  options: {
    a: {
      text: "The sample shrinks to one observation per province, so N and G both become the number of provinces.",
      correct: false,
      feedback: "N does not change: every city-year stays in the regression (compare fit.nobs). Only the variance estimator groups the observations' score contributions by province; G, the number of clusters (fit.nClusters), becomes the number of provinces.",
    },
    b: {
      text: "Only the small-sample factor G/(G − 1) changes: it is larger with fewer clusters.",
      correct: false,
      feedback: "That factor does grow with fewer clusters, but with dozens of provinces it stays close to one: compare the square root of its ratio between the two clusterings with the ratio of the two SEs. Most of the increase comes from the correlation between cities of a province, which clustering by city ignores.",
    },
    c: {
      text: "Cities of one province can share shocks (provincial policy, markets; in this simulation, the part of the effect that a common slope misses is shared by similar cities too), so their errors can be correlated; clustering by province allows those correlations, which clustering by city sets to zero. G becomes the number of provinces: fewer, larger clusters, and the t-test has G − 1 degrees of freedom.",
      correct: true,
      feedback: "A clustered variance adds up the score contributions within each cluster before squaring them, so the correlation between cities of the same province now counts — here it is positive, and the SE grows. G falls from the number of cities to the number of provinces (fit.nClusters), and p-values and intervals use t(G − 1) (fit.dfT).",
    },
    d: {
      text: "Clustering by province adds province fixed effects, which absorb part of the variation in ai.",
      correct: false,
      feedback: "The model is the same — city and year fixed effects, the same coefficient of ai. Clustering changes only how the variance is estimated, never the point estimate (and province effects would be absorbed by the city effects anyway).",
    },
  },
  numbers: clusterNumbers,
  hints: ["Compare the two fits: is the coefficient the same? Is fit.nobs the same? What is fit.nClusters in each?", "A cluster-robust variance sums the scores within each cluster before squaring: what does that allow that clustering by city did not?"],
  solution: 'const answer032 = "c"; // the same N and coefficient; the variance now lets cities of a province be correlated, and G is the number of provinces.',
};

/** Exercise 03.3: a one-SD effect scaled by the pooled or the within SD. */
const ONE_SD_OF_WHAT: Exercise = {
  kind: "choice",
  id: "03.3",
  title: "a one-SD effect: the pooled or the within SD",
  answerName: "answer033",
  options: {
    a: {
      text: "β × the pooled SD: it is the SD of the descriptive table, so a one-SD change is one any city may see.",
      correct: false,
      feedback: "The pooled SD mixes differences between cities and the common rise of robots over the years with the changes within a city. The city and year fixed effects absorb the first two: column (4) learns β only from the last, which is much smaller.",
    },
    b: {
      text: "β × the SD of the city means: the fixed-effects estimator compares cities with each other.",
      correct: false,
      feedback: "The other way round: the city fixed effects remove the differences between cities' means. Two-way fixed effects compare a city with itself over time, relative to the year's average.",
    },
    c: {
      text: "It makes no difference: β is the same whichever SD you multiply it by.",
      correct: false,
      feedback: "β is the same, but a one-SD effect is β × SD, and the two SDs differ a lot here: the question is which change in ai is a realistic one for the comparison the estimator makes.",
    },
    d: {
      text: "β × the SD net of city and year effects: that is the variation the two-way fixed effects use. A change of one pooled SD beyond the year's average is far larger than a typical change within a city, so the pooled-SD effect overstates what a typical city experiences.",
      correct: true,
      feedback: "The fixed effects remove each city's level and each year's average; what is left is the variation that identifies β. A one-pooled-SD change, net of the national trend, would lie far outside the typical change within a city — few city-years move that much. Report both, and say which SD you used.",
    },
  },
  numbers: effectSizeNumbers,
  hints: ["What do the city fixed effects remove from ai? And the year fixed effects?", "Compare the two SDs printed above: which one describes the changes column (4) learns from?"],
  solution: 'const answer033 = "d"; // the fixed effects leave only changes within a city relative to the year: scale by the SD of that variation.',
};

/** Notebook 03's exercises. */
export const NB03_EXERCISES: Exercise[] = [SE_BY_PROVINCE, WHY_PROVINCE_SE_GROWS, ONE_SD_OF_WHAT];
