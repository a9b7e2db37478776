/** Exercises of notebook 03 (baseline two-way fixed effects). */
import { feols } from "../../feols";
import type { DataInput } from "../../design/input";
import { OptionsError } from "../../errors";
import type { VcovOption } from "../../variance/spec";
import type { Exercise, ExerciseContext } from "./types";

/** The baseline model of notebook 03's column (4). */
export const BASELINE_FORMULA = "shrink ~ ai + lnpgdp + gov + fin + open + hc + infra + density | code + year";

/** The panel a check cell passed as `{ panel }`. */
function panelOf(context: ExerciseContext): DataInput {
  if (context.panel === undefined) throw new OptionsError('This check needs the panel: write check(id, answer, { panel }).');
  return context.panel as DataInput;
}

/** The SE of ai in column (4) under a variance option. */
function seOfAi(context: ExerciseContext, vcov: VcovOption, term = "ai"): number {
  return feols(BASELINE_FORMULA, panelOf(context), { vcov }).se[term];
}

/** Notebook 03's exercises. */
export const NB03_EXERCISES: Exercise[] = [
  {
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
  },
];
