/** Exercises of notebook 07 (mechanisms: step 2's bias, the Sobel SE, what Sobel cannot see, the joint share mediated). */
import { toDataColumns, type DataInput } from "../../design/input";
import { OptionsError } from "../../errors";
import { feols } from "../../feols";
import type { FeolsResult } from "../../result/fit";
import type { TruthFile } from "../../study/readTruth";
import { trueMediationShares } from "../../study/mechanismTruth";
import { mediate, type MediationResult } from "../../toolkit/mediate";
import { selectRows, type TableData } from "../../toolkit/tableData";
import type { VcovOption } from "../../variance/spec";
import type { Exercise, ExerciseContext } from "./types";

/** The notebook's controls. */
const CONTROLS = ["lnpgdp", "gov", "fin", "open", "hc", "infra", "density"];
/** The notebook's mechanism variables. */
const MECHANISMS = ["pop_return", "iei", "isu"];

/** The panel a check cell passed as `{ panel: panel }`. */
function panelOf(context: ExerciseContext): DataInput {
  if (context.panel === undefined) throw new OptionsError('This check needs the panel: write check(id, answer, { panel: panel }).');
  return context.panel as DataInput;
}

/** Baron–Kenny for one mediator as the notebook runs it (no bootstrap). */
function mediation(context: ExerciseContext, mediator: string, vcov: VcovOption = { cluster: "code" }): MediationResult {
  return mediate({ data: panelOf(context), outcome: "shrink", treatment: "ai", mediator, controls: CONTROLS, fe: ["code", "year"], vcov });
}

/** The panel's rows where every mechanism variable is present (the sample of the joint regression). */
function completeCases(context: ExerciseContext): DataInput {
  const panel = panelOf(context);
  const columns = toDataColumns(panel);
  const present = (v: unknown): boolean => v !== null && v !== undefined && v !== "" && !(typeof v === "number" && Number.isNaN(v));
  const rows: number[] = [];
  for (let i = 0; i < columns.nrows; i++) if (MECHANISMS.every((m) => present(columns.values(m)[i]))) rows.push(i);
  return selectRows(panel as TableData, rows) as DataInput;
}

/** The total effect c and the direct effect c′ with all three mechanisms in the regression, on their common sample. */
function jointPaths(context: ExerciseContext): { total: number; direct: number } {
  const data = completeCases(context);
  const rhs = CONTROLS.join(" + ");
  const total = feols(`shrink ~ ai + ${rhs} | code + year`, data, { vcov: { cluster: "code" } }).coef.ai;
  const direct = feols(`shrink ~ ai + ${MECHANISMS.join(" + ")} + ${rhs} | code + year`, data, { vcov: { cluster: "code" } }).coef.ai;
  return { total, direct };
}

/** The share of the total effect mediated by the three mechanisms together, (c − c′)/c. */
function jointShare(context: ExerciseContext): number {
  const { total, direct } = jointPaths(context);
  return (total - direct) / total;
}

/** Step 2 of the two-step approach for one mechanism: OLS and 2SLS with the baseline's instrument and controls. */
function stepTwo(context: ExerciseContext, mediator: string): { ols: FeolsResult; iv: FeolsResult } {
  const rhs = `${CONTROLS.join(" + ")} + i(year, share_sum)`;
  const vcov = { vcov: { cluster: "code" } };
  return {
    ols: feols(`${mediator} ~ ai + ${rhs} | code + year`, panelOf(context), vcov),
    iv: feols(`${mediator} ~ ${rhs} | code + year | ai ~ ai_iv`, panelOf(context), vcov),
  };
}

/** 07.1: why OLS step 2 falls short of the true a and 2SLS step 2 does not. */
const STEP_TWO_BIAS: Exercise = {
  kind: "choice",
  id: "07.1",
  needsTruth: "it asks why the intervals miss or cover the simulation's true a",
  title: "why OLS step 2 misses the simulation's true a and 2SLS does not",
  answerName: "answer071",
  options: {
    a: {
      text: "The mechanism variables (population return, the innovation index, isu) are measured with error, and 2SLS corrects for that.",
      correct: false,
      feedback: "Error in a regression's dependent variable adds noise, not bias (as long as it is unrelated to ai): it widens the SEs of a but does not pull a towards zero, and an instrument for ai does nothing about the dependent variable. The problem is on the right-hand side.",
    },
    b: {
      text: "Sampling noise: the 2SLS intervals are wider, so they cover the truth by luck; the OLS estimates are just as good.",
      correct: false,
      feedback: "Width is not the only difference: every 2SLS point estimate is also closer to the true a than its OLS counterpart, and the true a lies many OLS standard errors from each OLS estimate. A gap that size is bias, not noise.",
    },
    c: {
      text: "Clustering by city pulls the OLS coefficients towards zero; 2SLS is not affected by it.",
      correct: false,
      feedback: "The variance option changes standard errors, never coefficients: refit either model with vcov \"iid\" and the a's are identical.",
    },
    d: {
      text: "OLS step 2 uses the same ai as the baseline: robot penetration is measured with error, which attenuates every a, and for pop_return the local shock that raises robot adoption also lowers return migration. The instrument is unrelated to both, and a is the same in every city, so 2SLS targets the true a.",
      correct: true,
      feedback: "Step 2 inherits the baseline's endogeneity. Classical measurement error in ai attenuates a for all three mechanisms; for population return a shock that raises robot adoption and lowers return migration pulls a down further. The shift-share instrument is unrelated to the recording error and to the shock, and in the simulation a does not vary across cities, so 2SLS estimates the true a rather than some weighted average of city effects. The price is precision: the 2SLS standard errors are several times the OLS ones. The two-step approach moves the causal claim to a, so a needs as credible a design as the baseline.",
    },
  },
  numbers: (c) => {
    const truth = c.truth as TruthFile | undefined;
    const out: Record<string, number> = {};
    for (const m of MECHANISMS) {
      const { ols, iv } = stepTwo(c, m);
      Object.assign(out, { [`${m}_aOls`]: ols.coef.ai, [`${m}_seOls`]: ols.se.ai, [`${m}_a2sls`]: iv.coef.ai, [`${m}_se2sls`]: iv.se.ai });
      if (truth) out[`${m}_trueA`] = truth.effects.mechanisms[m as "isu"].a;
    }
    return out;
  },
  hints: ["What is on the right-hand side of step 2, and what did notebook 04 find wrong with it?", "Measurement error in a regressor and in the dependent variable do different things; an instrument helps with only one of them."],
  solution: 'const answer071 = "d"; // OLS step 2 uses the same mismeasured, endogenous ai (attenuated, and pushed down further for pop_return by the shock); the instrument removes both',
};

/** 07.2: the Sobel SE of the isu path, from a, b and their clustered SEs. */
const SOBEL_SE: Exercise = {
  kind: "numeric",
  id: "07.2",
  title: "the Sobel standard error of the industrial-upgrading path",
  answerName: "sobelSe",
  expected: (c) => mediation(c, "isu").sobel.se,
  mistakes: [
    { value: (c) => mediation(c, "isu").aroian.se, feedback: "That is Aroian's SE, which adds se_a²·se_b² under the root. Sobel's is √(b²·se_a² + a²·se_b²)." },
    { value: (c) => mediation(c, "isu").sobel.se ** 2, feedback: "That is the variance b²·se_a² + a²·se_b²; take its square root." },
    { value: (c) => mediation(c, "isu", "iid").sobel.se, feedback: "That uses iid standard errors of a and b. Use the clustered ones the notebook reports, bk[2].paths.a.se and bk[2].paths.b.se." },
    { value: (c) => mediation(c, "pop_return").sobel.se, feedback: "That is the population-return path (bk[0]); the exercise asks for industrial upgrading, isu (bk[2])." },
    { value: (c) => mediation(c, "isu").sobel.z, feedback: "That is the Sobel z statistic, a·b divided by the SE; the exercise asks for the SE itself." },
  ],
  fromObject: "combine bk[2].paths.a and bk[2].paths.b (estimate and se of each) as √(b²·se_a² + a²·se_b²)",
  hints: ["bk[2].paths.a and bk[2].paths.b each hold estimate and se.", "Math.sqrt(b.estimate ** 2 * a.se ** 2 + a.estimate ** 2 * b.se ** 2), with a = bk[2].paths.a and b = bk[2].paths.b."],
  solution: "const sobelSe = Math.sqrt(bk[2].paths.b.estimate ** 2 * bk[2].paths.a.se ** 2 + bk[2].paths.a.estimate ** 2 * bk[2].paths.b.se ** 2);",
  explanation: (c) => {
    const r = mediation(c, "isu");
    return `With a·b = ${r.indirect.toFixed(4)} the Sobel z is ${r.sobel.z.toFixed(2)}: the indirect effect through isu looks overwhelmingly significant. Exercise 07.3 asks what that is worth.`;
  },
};

/** 07.3: why a large Sobel z does not establish the mechanism here. */
const SOBEL_MISLEADS: Exercise = {
  kind: "choice",
  id: "07.3",
  needsTruth: "it compares Table 12 with the simulation's true a·b",
  title: "why the Sobel test can mislead here",
  answerName: "answer073",
  options: {
    a: {
      text: "Sobel measures only sampling noise and takes both regressions as right, but a and b are biased here: measurement error in ai lets a mediator that tracks true robot penetration (isu) pick up part of AI's direct effect, and a shock that lowers pop_return and raises shrinkage confounds that mediator and the outcome.",
      correct: true,
      feedback: "b comes from regressing shrink on M and ai. With ai measured with error, a mediator that tracks true robot penetration picks up part of the effect of robots that the noisy ai misses, so isu's b and a·b are overstated. A shock that lowers population return and raises shrinkage is a mediator–outcome confounder: it overstates pop_return's b, while the same shock and the measurement error pull its a down, so its a·b lands near the truth only because the two biases offset. A small SE around a biased a·b gives a large z for the wrong number; the next section re-runs the regressions with the true ai and the shock to show each bias.",
    },
    b: {
      text: "Every Sobel z is far beyond 1.96 and the bootstrap intervals exclude zero, so the three indirect effects are established.",
      correct: false,
      feedback: "Both tests measure sampling noise in â·b̂ and take the regressions behind it as right. Compare isu's indirect effect with the simulation's true a·b (true_ab): its bootstrap interval is narrow and does not contain the truth.",
    },
    c: {
      text: "Sobel assumes a·b is normally distributed; the cluster bootstrap fixes that, so its interval can be trusted.",
      correct: false,
      feedback: "The bootstrap fixes the shape of the interval (a·b is skewed), not its centre: it resamples cities and reruns the same biased regressions, so its interval sits around the same biased a·b.",
    },
    d: {
      text: "The Sobel SE ignores the clustering of the data by city, so it is far too small and the z statistics are inflated.",
      correct: false,
      feedback: "The kit's Sobel SE is built from the clustered SEs of a and b (the vcov passed to mediate). Whatever the SE, the problem is bias in b, which no SE measures.",
    },
  },
  numbers: (c) => {
    const truth = c.truth as TruthFile | undefined;
    const [popReturn, isu] = [mediation(c, "pop_return"), mediation(c, "isu")];
    const fromTruth: Record<string, number> = truth
      ? { isu_trueB: truth.effects.mechanisms.isu.b, isu_trueAb: truth.effects.mechanisms.isu.ab, pop_return_trueB: truth.effects.mechanisms.pop_return.b }
      : {};
    return { isu_b: isu.b, isu_ab: isu.indirect, isu_sobelZ: isu.sobel.z, pop_return_b: popReturn.b, ...fromTruth };
  },
  hints: ["A z statistic is an estimate divided by its SE. What if the estimate itself is biased?", "Read the caveat printed above (what identification needs), and compare a·b with the simulation's true a·b in Table 12."],
  solution: 'const answer073 = "a"; // Sobel sees noise, not bias: measurement error in ai (isu stands in for true AI) and a shock that confounds pop_return and shrink',
};

/** 07.4: the share of the total effect mediated by the three mechanisms together. */
const JOINT_SHARE: Exercise = {
  kind: "numeric",
  id: "07.4",
  title: "the share of the total effect mediated by the three mechanisms together",
  answerName: "shareJoint",
  expected: jointShare,
  mistakes: [
    { value: (c) => MECHANISMS.reduce((s, m) => s + mediation(c, m).shareMediated, 0), feedback: "That is the sum of the three separate shares of Table 12. Put the three mediators in one regression: they are correlated, and separately each takes credit for what they share." },
    { value: (c) => mediation(c, "isu").shareMediated, feedback: "That is the share through isu alone (Table 12). The exercise puts all three mediators in one regression." },
    { value: (c) => 100 * jointShare(c), feedback: "That is a percentage; store the share as a fraction (between 0 and 1 here)." },
    { value: (c) => 1 - jointShare(c), feedback: "That is c′/c, the share left to the direct effect. The share mediated is (c − c′)/c." },
    { value: (c) => jointPaths(c).total - jointPaths(c).direct, feedback: "That is the joint indirect effect c − c′; divide it by the total effect c." },
  ],
  fromObject: "a fit's coefficient of ai is the direct effect c′ (fit.coef.ai); the share is (c − c′)/c with c = bk[0].total",
  hints: [
    "Fit shrink on ai, all three mechanism variables and the controls (city and year fixed effects); its coefficient of ai is the direct effect c′.",
    "The total effect c is the baseline's coefficient of ai (bk[0].total); the share mediated is (c − c′)/c.",
  ],
  solution: [
    "const withAll = feols(`shrink ~ ai + ${mechanisms.join(\" + \")} + ${controls.join(\" + \")} | code + year`, panel, { vcov: { cluster: \"code\" } });",
    "const shareJoint = (bk[0].total - withAll.coef.ai) / bk[0].total;",
  ].join("\n"),
  explanation: (c) => {
    const sum = MECHANISMS.reduce((s, m) => s + mediation(c, m).shareMediated, 0);
    const joint = jointShare(c);
    const why = joint < sum ? ": given the noisy ai the mediators are correlated (each also tracks the true robot penetration that ai misses), so separate shares double-count" : "";
    const truth = c.truth as TruthFile | undefined;
    const shares = truth ? trueMediationShares(truth) : undefined;
    const fromTruth = shares
      ? ` In the simulation the three mechanisms together carry ${(100 * shares.joint).toFixed(1)}% of the mean true total effect ${shares.total.toFixed(3)}; the estimated shares divide biased a·b's by a biased total c = ${jointPaths(c).total.toFixed(3)}.`
      : "";
    return `Together the three mediators account for ${(100 * joint).toFixed(1)}% of the total effect, ${joint < sum ? "less than" : "more than"} the ${(100 * sum).toFixed(1)}% the separate shares add up to${why}. And every share inherits the biases of a and b (exercise 07.3).${fromTruth}`;
  },
};

/** Notebook 07's exercises. */
export const NB07_EXERCISES: Exercise[] = [STEP_TWO_BIAS, SOBEL_SE, SOBEL_MISLEADS, JOINT_SHARE];
