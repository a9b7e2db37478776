/** Exercises of notebook 06 (heterogeneity: multiple testing, Holm, overlapping splits, the simple interaction). The checks adjust with the library's holmAdjust (R's p.adjust); the participant computes Holm by hand. */
import { toDataColumns, type DataInput } from "../../design/input";
import { OptionsError } from "../../errors";
import { feols } from "../../feols";
import type { TruthFile } from "../../study/readTruth";
import type { GroupComparison } from "../../toolkit/compareGroups";
import { holmAdjust } from "../../toolkit/multipleTesting";
import { BASELINE_FORMULA } from "./nb03";
import type { Exercise, ExerciseContext } from "./types";

/** The simple interaction model: only ai is interacted with the resource-based dummy. */
const SIMPLE_INTERACTION = BASELINE_FORMULA.replace("shrink ~ ai + ", "shrink ~ ai + ai:resource + ");

/** The panel a check cell passed as `{ panel: panel }`. */
function panelOf(context: ExerciseContext): DataInput {
  if (context.panel === undefined) throw new OptionsError('This check needs the panel: write check(id, answer, { panel: panel, comparisons: comparisons }).');
  return context.panel as DataInput;
}

/** The group comparisons a check cell passed as `{ comparisons: comparisons }`. */
function comparisonsOf(context: ExerciseContext): GroupComparison[] {
  const list = context.comparisons;
  if (!Array.isArray(list) || list.length === 0) throw new OptionsError("This check needs the notebook's comparisons: write check(id, answer, { comparisons: comparisons }).");
  return list as GroupComparison[];
}

/** The comparison of one split (`by`). */
function comparisonBy(context: ExerciseContext, by: string): GroupComparison {
  const found = comparisonsOf(context).find((c) => c.by === by);
  if (!found) throw new OptionsError(`This check needs the comparison of the split "${by}" among the comparisons passed.`);
  return found;
}

/** The adjusted p of the peripheral split when `pOf` gives each split's p-value and `adjust` adjusts them. */
function peripheralAdjusted(context: ExerciseContext, pOf: (c: GroupComparison) => number, adjust: (ps: number[]) => number[]): number {
  const list = comparisonsOf(context);
  const k = list.findIndex((c) => c.by === "peripheral");
  if (k < 0) throw new OptionsError('This check needs the comparison of the split "peripheral" among the comparisons passed.');
  return adjust(list.map(pOf))[k];
}

/** A comparison's permutation p-value (the check needs the notebook's permutation tests). */
function permutationP(c: GroupComparison): number {
  if (!c.permutation) throw new OptionsError(`The comparison of "${c.by}" has no permutation test: run compareGroups with the permutations option.`);
  return c.permutation.p;
}

/** The simple interaction model on the panel, clustered by city. */
function simpleFit(context: ExerciseContext) {
  return feols(SIMPLE_INTERACTION, panelOf(context), { vcov: { cluster: "code" } });
}

/** City-level shares: among the cities with `by` = level, the share with `flag` = 1. */
function cityShare(panel: DataInput, by: string, level: number, flag: string): number {
  const columns = toDataColumns(panel);
  const [code, group, flagged] = [columns.values("code"), columns.values(by), columns.values(flag)];
  const cities = new Map<unknown, { group: unknown; flag: unknown }>();
  for (let i = 0; i < columns.nrows; i++) cities.set(code[i], { group: group[i], flag: flagged[i] });
  const inGroup = [...cities.values()].filter((c) => Number(c.group) === level);
  return inGroup.filter((c) => Number(c.flag) === 1).length / inGroup.length;
}

/** 06.1: testing four splits at once (family-wise error, Holm). */
const MULTIPLE_TESTING: Exercise = {
  kind: "choice",
  id: "06.1",
  title: "four splits, four tests: what to do about multiple testing",
  answerName: "answer061",
  options: {
    a: {
      text: "Holm: sort the four p-values, compare the smallest with α/4, the next with α/3, then α/2, then α, and stop at the first that fails; it keeps the chance of any false rejection at most α and rejects at least as often as Bonferroni.",
      correct: true,
      feedback: "Holm's step-down procedure controls the family-wise error rate under any dependence between the tests, like Bonferroni (every p against α/4), but is uniformly more powerful: its thresholds grow as hypotheses are rejected. Equivalently, compare Holm-adjusted p-values with α (exercise 06.2).",
    },
    b: {
      text: "Nothing: each split asks a separate question, and each permutation p-value is exact on its own.",
      correct: false,
      feedback: "Each p-value is valid on its own, but the paper reads the four together (\"stronger in shrinking cities, in cities south-east of the Hu line, in peripheral and in resource-based cities\"). With four true nulls tested at 5% each, the chance of at least one false rejection can reach 1 − 0.95⁴ ≈ 19% (independent tests). Control the family-wise error rate, e.g. with Holm.",
    },
    c: {
      text: "Use, for each split, the smallest of its three p-values (interacted, SUEST, permutation): they test the same hypothesis, so that is allowed.",
      correct: false,
      feedback: "Choosing the most favourable of three tests after seeing them is itself multiple testing (a form of p-hacking): the minimum of three p-values is not a valid p-value. Decide on one test in advance — here the studentized permutation test, exact when the group labels are exchangeable and, because it permutes d/se(d), valid in large samples for equal coefficients even when the groups differ in size and variance (Chung & Romano 2013).",
    },
    d: {
      text: "Bonferroni is the only valid correction: multiply every p-value by four.",
      correct: false,
      feedback: "Bonferroni is valid but conservative. Holm's step-down procedure controls the same family-wise error rate under the same (no) assumptions and never rejects fewer hypotheses — there is no reason to prefer Bonferroni.",
    },
  },
  numbers: (c) => Object.fromEntries(comparisonsOf(c).map((x) => [`p_${x.by}`, permutationP(x)])),
  hints: ["If every one of the four nulls were true, how likely is at least one p < 0.05?", "Which procedure controls that probability without giving away more power than necessary?"],
  solution: 'const answer061 = "a"; // Holm: sorted p-values against α/4, α/3, α/2, α, stopping at the first failure',
};

/** 06.2: the Holm-adjusted permutation p-value of the peripheral split. */
const HOLM_PERIPHERAL: Exercise = {
  kind: "numeric",
  id: "06.2",
  title: "the Holm-adjusted permutation p-value of the peripheral split",
  answerName: "holmPeripheral",
  expected: (c) => peripheralAdjusted(c, permutationP, holmAdjust),
  mistakes: [
    { value: (c) => permutationP(comparisonBy(c, "peripheral")), feedback: "That is the unadjusted permutation p-value of the peripheral split. Adjust it for the four tests with Holm's procedure." },
    { value: (c) => Math.min(1, comparisonsOf(c).length * permutationP(comparisonBy(c, "peripheral"))), feedback: "That is Bonferroni's adjustment (p times the number of tests). Holm multiplies the j-th smallest p-value by (m − j + 1) and keeps the running maximum." },
    { value: (c) => peripheralAdjusted(c, (x) => x.interaction.p, holmAdjust), feedback: "You adjusted the interacted model's p-values; the exercise asks for the permutation p-values, c.permutation!.p." },
    { value: (c) => peripheralAdjusted(c, (x) => x.suest.p, holmAdjust), feedback: "You adjusted the SUEST p-values; the exercise asks for the permutation p-values, c.permutation!.p." },
  ],
  fromObject: "each comparison's permutation p-value is c.permutation!.p; adjust the four with Holm and store the peripheral split's adjusted value",
  hints: [
    "Collect the four permutation p-values, comparisons.map((c) => c.permutation!.p), and sort them.",
    "Multiply the j-th smallest (j = 1…4) by (5 − j), cap at 1, take the running maximum along the sorted list; read off the value at the peripheral split's position.",
  ],
  solution: [
    "const sortedP = comparisons.map((c) => c.permutation!.p).sort((a, b) => a - b);",
    'const rank = sortedP.indexOf(comparisons[splits.indexOf("peripheral")].permutation!.p);',
    "const holmPeripheral = Math.max(...sortedP.slice(0, rank + 1).map((p, k) => Math.min(1, (sortedP.length - k) * p)));",
  ].join("\n"),
  explanation: (c) => {
    const adjusted = holmAdjust(comparisonsOf(c).map(permutationP));
    const survivors = comparisonsOf(c).filter((_, k) => adjusted[k] <= 0.05).map((x) => x.by);
    const named = survivors.length <= 1 ? (survivors[0] ?? "no split") : `${survivors.slice(0, -1).join(", ")} and ${survivors[survivors.length - 1]}`;
    return `After Holm's adjustment ${named} ${survivors.length > 1 ? "keep" : "keeps"} a significant difference at 5% (adjusted p-values: ${comparisonsOf(c).map((x, k) => `${x.by} ${adjusted[k].toFixed(3)}`).join(", ")}).`;
  },
};

/** 06.3: why a one-at-a-time split mixes in the other flags. */
const OVERLAPPING_SPLITS: Exercise = {
  kind: "choice",
  id: "06.3",
  needsTruth: "it asks about the simulation's true effects",
  title: "why the difference of the peripheral and central cities' mean effects exceeds the peripheral increment",
  answerName: "answer063",
  options: {
    a: {
      text: "Sampling noise: the simulation draws the effects at random, so the difference of the mean effects need not match the increment.",
      correct: false,
      feedback: "truth.groups.peripheral.difference_total is not an estimate: it is the difference of the two groups' mean effects, computed from the simulation's parameters over the actual cities, with no noise. The gap between it and the increment is a matter of which cities are in each group.",
    },
    b: {
      text: "The mechanisms (population return, innovation, upgrading) work more strongly in peripheral cities.",
      correct: false,
      feedback: "In the simulation the mechanism paths a·b are the same in every city (data/truth.json: the total effect is β_i + Σ a_k·b_k); only the direct effect β_i has group increments. The gap comes from how the four flags overlap.",
    },
    c: {
      text: "The groups differ in the other flags too: no central city is resource-based and few are pre-sample shrinking, so the peripheral-versus-central difference also carries the resource and shrinking increments.",
      correct: true,
      feedback: "A split compares all peripheral with all central cities. The resource-based increment applies only on the peripheral side (every resource-based city is peripheral), and the shrinking increment more often there, so the difference adds them in proportion to how much more common they are among peripheral cities. One split at a time answers \"how do these groups differ?\", not \"what does being peripheral add?\"; the joint model below, with all four interactions at once (ai:shrinking + ai:hu_se + ai:peripheral + ai:resource), separates the increments.",
    },
    d: {
      text: "The permutation test exaggerates differences when one group is small (there are few central cities).",
      correct: false,
      feedback: "The difference of the mean effects involves no test and no estimate. Small groups make an estimated difference noisy, not the true one larger.",
    },
  },
  numbers: (c) => {
    const panel = panelOf(c);
    const truth = c.truth as TruthFile | undefined;
    const fromTruth: Record<string, number> = truth ? { peripheralIncrement: truth.effects.direct.increments.peripheral, trueDifference: truth.groups.peripheral.difference_total } : {};
    return {
      ...fromTruth,
      resourceAmongCentral: cityShare(panel, "peripheral", 0, "resource"),
      resourceAmongPeripheral: cityShare(panel, "peripheral", 1, "resource"),
      shrinkingAmongCentral: cityShare(panel, "peripheral", 0, "shrinking"),
      shrinkingAmongPeripheral: cityShare(panel, "peripheral", 1, "shrinking"),
    };
  },
  hints: [
    "Cross-tabulate the flags at the city level: how many central (peripheral = 0) cities are resource-based?",
    "The effect of ai in a city is the base effect plus the increment of every group it belongs to.",
  ],
  solution: 'const answer063 = "c"; // the split on peripheral also splits on the other flags: no central city is resource-based',
};

/** 06.4: the simple interaction model (only ai interacted with the resource-based dummy). */
const SIMPLE_INTERACTION_EXERCISE: Exercise = {
  kind: "numeric",
  id: "06.4",
  title: "the coefficient of ai:resource in the simple interaction model",
  answerName: "simpleInteraction",
  expected: (c) => simpleFit(c).coef["ai:resource"],
  mistakes: [
    { value: (c) => comparisonBy(c, "resource").interaction.estimate, feedback: "That is the fully interacted model's estimate (the difference of the two group fits). The exercise asks for the simpler model that interacts ai only: add ai:resource to the baseline formula." },
    { value: (c) => simpleFit(c).coef.ai, feedback: "That is the coefficient of ai, the slope of the cities that are not resource-based. The exercise asks for the interaction, fit.coef[\"ai:resource\"]." },
    { value: (c) => comparisonBy(c, "resource").fits["1"].coef.ai, feedback: "That is the slope in the resource-based cities' own fit, not a difference. Fit the pooled model with ai:resource and read its coefficient." },
    { value: (c) => simpleFit(c).se["ai:resource"], feedback: "That is the standard error of ai:resource; the exercise asks for its coefficient." },
  ],
  fromObject: 'fit.coef["ai:resource"]',
  hints: ["Add the product term ai:resource to the baseline formula and fit it on the whole panel, clustered by city.", 'feols("shrink ~ ai + ai:resource + lnpgdp + … | code + year", panel, { vcov: { cluster: "code" } }).coef["ai:resource"].'],
  solution: [
    'const simpleFit = feols("shrink ~ ai + ai:resource + lnpgdp + gov + fin + open + hc + infra + density | code + year", panel, { vcov: { cluster: "code" } });',
    'const simpleInteraction = simpleFit.coef["ai:resource"];',
  ].join("\n"),
  explanation: (c) => {
    const simple = simpleFit(c).coef["ai:resource"];
    const full = comparisonBy(c, "resource").interaction.estimate;
    return `The simple interaction gives ${simple.toFixed(4)}, the fully interacted model ${full.toFixed(4)}: the simple model forces the controls and the year effects to be the same in both groups, so its estimate differs from the difference of the two group fits whenever those differ between the groups.`;
  },
};

/** Notebook 06's exercises. */
export const NB06_EXERCISES: Exercise[] = [MULTIPLE_TESTING, HOLM_PERIPHERAL, OVERLAPPING_SPLITS, SIMPLE_INTERACTION_EXERCISE];
