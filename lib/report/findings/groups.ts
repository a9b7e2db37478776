/** Sentences comparing an effect across two groups. */
import { OptionsError } from "../../errors";
import { checkOptions } from "../../options";
import { checkDigits, formatFixed } from "../format";
import { groupPhrase, sentenceWords, type Lang } from "../labels";
import { optionKeys } from "../optionKeys";
import { pValueText } from "../../result/format";
import { isSignificant, significancePhrase } from "./sentence";

/** One group's estimate as a sentence names it. */
export interface GroupSentenceEstimate {
  /** The group as the sentence names it ("cities south-east of the Hu line"). */
  label: string;
  /** The group's coefficient. */
  estimate: number;
}

/** A group comparison given as numbers: two groups' estimates, the difference and its p-value. */
export interface GroupDifferenceInput {
  /** The two groups, in the order of the difference (second minus first). */
  groups: [GroupSentenceEstimate, GroupSentenceEstimate];
  /** The difference (default: second estimate minus first). */
  difference?: number;
  /** p-value of the test that the coefficients are equal. */
  p: number;
  /** Which test gave p (e.g. "studentized permutation test, 499 draws"). */
  test?: string;
  /** The draws B of a resampling test, whose smallest p-value 1/(B + 1) prints as "p ≤ …" (formatPValue). */
  draws?: number;
  /**
   * The p-value adjusted for the other comparisons read with this one; when given, it decides
   * "significant", and the sentence names the adjustment and both p-values.
   */
  adjusted?: {
    /** The adjusted p-value (e.g. `holmAdjust(ps)[k]`). */
    p: number;
    /** The procedure, named in the sentence: "Holm" (Holm 1979) or "Bonferroni". */
    method: "Holm" | "Bonferroni";
    /** The number of comparisons m it adjusts for. */
    tests: number;
  };
}

/** Options of `describeGroupDifference`: what the sentence names, its language and decimals. */
export interface GroupDifferenceOptions {
  /** The regressor whose effect is compared (named with the codebook's sentence words). */
  term: string;
  /** The outcome (named with the codebook's sentence words). */
  outcome: string;
  /** Language of the sentence (default "en"). */
  lang?: Lang;
  /** Decimals (default 3). */
  digits?: number;
}

/** The keys of GroupDifferenceOptions, for the options check. */
const GROUP_DIFFERENCE_OPTION_KEYS = optionKeys<GroupDifferenceOptions>()(["term", "outcome", "lang", "digits"]);

/** "significant at 1%" … "not significant at 10%" (Chinese: "在1%的水平上显著" …), the tables' star thresholds. */
function levelPhrase(p: number, lang: Lang): string {
  if (lang === "zh" || !Number.isFinite(p)) return significancePhrase(p, lang);
  if (p < 0.01) return "significant at 1%";
  if (p < 0.05) return "significant at 5%";
  if (p < 0.1) return "significant at 10%";
  return "not significant at 10%";
}

/** The parenthesis of the sentence: the test, its p-value and, when given, the adjusted one. */
function testParenthesis(input: GroupDifferenceInput, lang: Lang): string {
  const p = pValueText(input.p, input.draws === undefined ? {} : { draws: input.draws });
  const adjusted = input.adjusted;
  // a raw p at its resampling floor 1/(B + 1) is an upper bound, and so is the adjusted p made from it
  const atFloor = input.draws !== undefined && input.p <= 1 / (input.draws + 1) + 1e-12;
  const adjustedText = adjusted ? (atFloor ? `p ≤ ${adjusted.p.toFixed(3)}` : pValueText(adjusted.p)) : "";
  if (lang === "zh") {
    const test = input.test ? `${input.test}：` : "";
    return `（${test}${p}${adjusted ? `；${adjusted.method}校正后 ${adjustedText}` : ""}）`;
  }
  const test = input.test ? `${input.test}: ` : "";
  return ` (${test}${p}${adjusted ? `; ${adjusted.method}-adjusted ${adjustedText}` : ""})`;
}

/**
 * One sentence comparing an effect across two groups: which group's effect is larger in magnitude,
 * the difference, whether it is significant and by which test, with the p-value written by
 * `pValueText` ("p ≤ 0.002" at a resampling test's floor). When `adjusted` is given (several
 * comparisons read together), significance is judged on the adjusted p-value, and the sentence names
 * the adjustment (Holm 1979) and both p-values.
 * @throws OptionsError for an unknown option, no `term` or `outcome`, bad `digits`, or a malformed `adjusted`.
 * @example describeGroupDifference({ groups: [{ label: "north-west cities", estimate: -0.05 }, { label: "south-east cities", estimate: -0.2 }], p: 0.002, test: "studentized permutation test, 499 draws", draws: 499, adjusted: { p: 0.008, method: "Holm", tests: 4 } }, { term: "ai", outcome: "shrink" })
 */
export function describeGroupDifference(input: GroupDifferenceInput, options: GroupDifferenceOptions): string {
  checkOptions("describeGroupDifference", options, GROUP_DIFFERENCE_OPTION_KEYS);
  if (typeof options?.term !== "string" || typeof options.outcome !== "string") {
    throw new OptionsError(`describeGroupDifference: name the regressor and the outcome, e.g. { term: "x", outcome: "y" }.`);
  }
  const lang = options.lang ?? "en";
  const digits = checkDigits(options.digits ?? 3, "describeGroupDifference");
  const [g1, g2] = input.groups;
  const difference = input.difference ?? g2.estimate - g1.estimate;
  const x = sentenceWords(options.term, lang);
  const y = sentenceWords(options.outcome, lang);
  const [big, small] = Math.abs(g2.estimate) >= Math.abs(g1.estimate) ? [g2, g1] : [g1, g2];
  const adjusted = input.adjusted;
  if (adjusted !== undefined && !(adjusted.p >= 0 && adjusted.p <= 1 && (adjusted.method === "Holm" || adjusted.method === "Bonferroni") && Number.isInteger(adjusted.tests) && adjusted.tests >= 1)) {
    throw new OptionsError(`describeGroupDifference: adjusted must be { p: a p-value in [0, 1], method: "Holm" or "Bonferroni", tests: the number of comparisons }, got ${JSON.stringify(adjusted)}.`);
  }
  const judged = adjusted ? adjusted.p : input.p;
  const significant = isSignificant(judged);
  const parenthesis = testParenthesis(input, lang);
  if (lang === "zh") {
    const after = adjusted ? `经${adjusted.method}校正（${adjusted.tests}组比较）后` : "";
    return `${x.measure}对${y.measure}的影响在${big.label}（${formatFixed(big.estimate, digits)}）中的绝对值大于${small.label}（${formatFixed(small.estimate, digits)}）；组间差异（${g2.label}减${g1.label}）为${formatFixed(difference, digits)}，${after}${levelPhrase(judged, lang)}${parenthesis}${significant ? "" : "，但这不能说明两组系数相同"}。`;
  }
  const after = adjusted ? ` after ${adjusted.method}'s adjustment for ${adjusted.tests} comparisons` : "";
  return `The effect of ${x.measure} on ${y.measure} is larger in magnitude among ${big.label} (${formatFixed(big.estimate, digits)}) than among ${small.label} (${formatFixed(small.estimate, digits)}); the difference (${g2.label} minus ${g1.label}, ${formatFixed(difference, digits)}) is ${levelPhrase(judged, lang)}${after}${parenthesis}${significant ? "" : ", which does not show that the effects are equal"}.`;
}

/** What sentences and figures read of a permutation test of equal coefficients (`compareGroups`' `permutation`). */
export interface PermutationTestSummary {
  /** Its empirical p-value (1 + #{|T*| ≥ |T|}) / (1 + R), R the permutations whose refit succeeded. */
  p: number;
  /** Number of permutations (of assignments when `exact`). */
  draws: number;
  /** The statistic permuted: "studentized" (d/se(d), Chung & Romano 2013) or "difference" (d itself). */
  statistic?: string;
  /** True when every assignment of the labels was enumerated (an exact p-value). */
  exact?: boolean;
}

/** The fields of a group comparison (design §3, `compareGroups`) that its sentence reads. */
export interface GroupComparisonSentenceInput {
  /** The fit of each group, keyed by the level of the grouping variable. */
  fits: Record<
    string,
    {
      /** The group's estimates, keyed by term. */
      coef: Record<string, number>;
      /** The dependent variable, the default outcome of the sentence. */
      depVar?: string;
    }
  >;
  /** The difference of the coefficient: second level minus first, levels in sorted order. */
  difference: number;
  /** The grouping variable, whose codebook group phrases name the groups. */
  by?: string;
  /** The compared coefficient. */
  coef?: string;
  /** The interaction test in the pooled model. */
  interaction?: {
    /** Its p-value. */
    p: number;
  };
  /** The SUEST Wald test of equal coefficients. */
  suest?: {
    /** Its p-value. */
    p: number;
  };
  /** The permutation test of the difference. */
  permutation?: PermutationTestSummary;
}

/** Options of `describeGroupComparison`. */
export interface GroupComparisonSentenceOptions {
  /** The test whose p-value the sentence reports (default: permutation when run, otherwise SUEST, otherwise the interaction). */
  test?: "interaction" | "suest" | "permutation";
  /** The compared coefficient (default: the comparison's `coef`). */
  term?: string;
  /** The grouping variable (default: the comparison's `by`). */
  by?: string;
  /** The outcome (default: the first group's dependent variable). */
  outcome?: string;
  /** Language of the sentence (default "en"). */
  lang?: Lang;
  /** Decimals (default 3). */
  digits?: number;
  /**
   * The chosen test's p-value adjusted for the other comparisons read with this one (e.g. the four
   * splits of a heterogeneity table, `holmAdjust(ps)[k]`); it then decides "significant" and is named.
   */
  adjusted?: {
    /** The adjusted p-value. */
    p: number;
    /** The procedure: "Holm" (Holm 1979) or "Bonferroni". */
    method: "Holm" | "Bonferroni";
    /** The number of comparisons m it adjusts for. */
    tests: number;
  };
}

/** The keys of GroupComparisonSentenceOptions, for the options check. */
const GROUP_COMPARISON_SENTENCE_OPTION_KEYS = optionKeys<GroupComparisonSentenceOptions>()(["test", "term", "by", "outcome", "lang", "digits", "adjusted"]);

/** The name of a permutation test in a sentence: its statistic and its draws (or assignments). */
function permutationName(result: NonNullable<GroupComparisonSentenceInput["permutation"]>, lang: Lang): string {
  const { draws, statistic, exact } = result;
  if (lang === "zh") {
    const kind = statistic === "studentized" ? "学生化置换检验" : statistic === "difference" ? "未学生化差值的置换检验" : "置换检验";
    return exact ? `精确${kind}，全部${draws}种分配` : `${kind}，${draws}次`;
  }
  const kind = statistic === "studentized" ? "studentized permutation test" : statistic === "difference" ? "permutation test of the unstudentized difference" : "permutation test";
  return exact ? `exact ${kind}, all ${draws} assignments` : `${kind}, ${draws} draws`;
}

/**
 * describeGroupDifference for a `compareGroups` result: the two levels in sorted order (second minus
 * first, as its `difference`), named by the codebook's group phrases, and the p-value of the chosen
 * test (default: the permutation test when it was run, otherwise SUEST, otherwise the interaction),
 * the permutation test named with its statistic and draws ("studentized permutation test, 499 draws")
 * and its p-value floor 1/(B + 1) written "p ≤ 0.002". Pass `adjusted` when several comparisons are
 * read together (Holm-adjusted p-values, `holmAdjust`).
 * @throws OptionsError for an unknown option, no term, not exactly two groups, a group fit without the term, or a test the comparison did not run.
 * @example describeGroupComparison(compareGroups({ data, formula, by: "hu_se", coef: "ai", permutations: { seed: 1 } }), { lang: "zh" })
 * @example describeGroupComparison(comparisons[k], { adjusted: { p: holmAdjust(comparisons.map((c) => c.permutation!.p))[k], method: "Holm", tests: 4 } })
 */
export function describeGroupComparison(comparison: GroupComparisonSentenceInput, options: GroupComparisonSentenceOptions = {}): string {
  checkOptions("describeGroupComparison", options, GROUP_COMPARISON_SENTENCE_OPTION_KEYS);
  const lang = options.lang ?? "en";
  const term = options.term ?? comparison.coef;
  if (term === undefined) throw new OptionsError("describeGroupComparison: the comparison names no coefficient; pass options.term.");
  const by = options.by ?? comparison.by;
  const levels = Object.keys(comparison.fits);
  const numeric = levels.every((k) => k.trim() !== "" && Number.isFinite(Number(k)));
  levels.sort(numeric ? (a, b) => Number(a) - Number(b) : undefined);
  if (levels.length !== 2) throw new OptionsError(`describeGroupComparison: expected two groups, got ${levels.length}.`);
  const test = options.test ?? (comparison.permutation ? "permutation" : comparison.suest ? "suest" : "interaction");
  const result = comparison[test];
  if (!result) throw new OptionsError(`describeGroupComparison: the comparison has no ${test} test; run compareGroups with it or choose another test.`);
  const permutation = test === "permutation" ? comparison.permutation : undefined;
  const names = { suest: { en: "SUEST test", zh: "SUEST检验" }, interaction: { en: "interaction test", zh: "交互项检验" } };
  const testName = permutation ? permutationName(permutation, lang) : names[test as "suest" | "interaction"][lang];
  // a resampling p-value's floor: 1/(B + 1) for B random draws, 1/assignments when exact
  const draws = permutation ? (permutation.exact ? permutation.draws - 1 : permutation.draws) : undefined;
  const groups = levels.map((lv) => {
    const fit = comparison.fits[lv];
    if (!Object.prototype.hasOwnProperty.call(fit.coef, term)) throw new OptionsError(`describeGroupComparison: the fit of group "${lv}" has no coefficient "${term}".`);
    return { label: groupPhrase(by, lv, lang), estimate: fit.coef[term] };
  }) as [GroupSentenceEstimate, GroupSentenceEstimate];
  const input: GroupDifferenceInput = { groups, difference: comparison.difference, p: result.p, test: testName };
  if (draws !== undefined) input.draws = draws;
  if (options.adjusted) input.adjusted = options.adjusted;
  return describeGroupDifference(
    input,
    { term, outcome: options.outcome ?? comparison.fits[levels[0]].depVar ?? "y", lang, digits: options.digits },
  );
}


/** The fields of a joint interaction model (`jointInteractions`) that its sentences read. */
export interface JointInteractionsSentenceInput {
  /** The regressor whose slope varies with the flags. */
  coef: string;
  /** Coverage of the intervals, a fraction. */
  level: number;
  /** The slope of units with every flag 0. */
  base: {
    /** Its estimate. */
    estimate: number;
  };
  /** Each flag's increment to the slope. */
  increments: {
    /** The flag (its codebook group phrase for level 1 names it). */
    flag: string;
    /** The increment's estimate. */
    estimate: number;
    /** Its standard error. */
    se: number;
    /** Its t statistic. */
    tstat: number;
    /** Its two-sided p-value. */
    p: number;
    /** Its confidence interval at `level`: [lower, upper]. */
    ci: [number, number];
  }[];
  /** The joint Wald test that every increment is zero. */
  wald: {
    /** The F statistic. */
    stat: number;
    /** Numerator degrees of freedom. */
    df1: number;
    /** Denominator degrees of freedom. */
    df2: number;
    /** Its p-value. */
    p: number;
  };
  /** The fit, for the outcome's name. */
  fit?: {
    /** The dependent variable. */
    depVar?: string;
  };
}

/** Options of `describeJointInteractions`. */
export interface JointInteractionsSentenceOptions {
  /** True increments by flag (a simulation's), to count the intervals that cover them. */
  truth?: Record<string, number>;
  /**
   * The same flags split one at a time (e.g. `compareGroups` results with the p-value of their chosen
   * test): a flag whose conclusion differs between the split and the joint model is named.
   */
  splits?: {
    /** The flag split on. */
    by: string;
    /** The split's difference (flag 1 minus flag 0). */
    difference: number;
    /** The split's p-value. */
    p: number;
    /** The test that gave it, named in the sentence (e.g. "studentized permutation test"). */
    test?: string;
  }[];
  /** The outcome (default: the fit's dependent variable). */
  outcome?: string;
  /** Language of the sentence (default "en"). */
  lang?: Lang;
  /** Decimals (default 3). */
  digits?: number;
}

/** The keys of JointInteractionsSentenceOptions, for the options check. */
const JOINT_SENTENCE_OPTION_KEYS = optionKeys<JointInteractionsSentenceOptions>()(["truth", "splits", "outcome", "lang", "digits"]);

/** A list joined with commas and a final "and" (Chinese: 、). */
function listJoin(items: string[], lang: Lang): string {
  if (lang === "zh") return items.join("、");
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** How many intervals cover the truth, of how many judged. */
export interface CoverageCount {
  /** Intervals that contain the true value. */
  covered: number;
  /** Intervals judged (those with a true value). */
  total: number;
}

/**
 * How many of the increments' intervals cover the true increments: lower ≤ truth ≤ upper (flags
 * without a truth are skipped).
 * @example jointCoverage(joint, truth.effects.direct.increments) // { covered: 4, total: 4 }
 */
export function jointCoverage(joint: JointInteractionsSentenceInput, truth: Record<string, number>): CoverageCount {
  const judged = joint.increments.filter((d) => Object.prototype.hasOwnProperty.call(truth, d.flag));
  const covered = judged.filter((d) => d.ci[0] <= truth[d.flag] && truth[d.flag] <= d.ci[1]).length;
  return { covered, total: judged.length };
}

/** The splits whose significance at 10% disagrees with the joint increment's, as sentences. */
function splitContrasts(joint: JointInteractionsSentenceInput, splits: NonNullable<JointInteractionsSentenceOptions["splits"]>, lang: Lang, digits: number): string[] {
  return joint.increments.flatMap((d) => {
    const split = splits.find((s) => s.by === d.flag);
    if (!split || isSignificant(split.p) === isSignificant(d.p)) return [];
    const group = groupPhrase(d.flag, 1, lang);
    const t = formatFixed(d.tstat, 2);
    if (lang === "zh") {
      return [`逐一分组时，${group}与其他城市的组间差异为${formatFixed(split.difference, digits)}，${significancePhrase(split.p, lang)}（${split.test ? `${split.test}：` : ""}${pValueText(split.p)}）；联合估计中其增量为${formatFixed(d.estimate, digits)}（t = ${t}），${significancePhrase(d.p, lang)}。`];
    }
    return [`One split at a time, the difference between ${group} and the others was ${formatFixed(split.difference, digits)}, ${levelPhrase(split.p, lang)} (${split.test ? `${split.test}: ` : ""}${pValueText(split.p)}); holding the other flags fixed, their increment is ${formatFixed(d.estimate, digits)} (t = ${t}), ${levelPhrase(d.p, lang)}.`];
  });
}

/**
 * Sentences reading a joint interaction model: each flag's increment to the slope with its SE and t,
 * the joint Wald test, and optionally how many intervals cover true increments (`truth`) and which
 * flags a one-at-a-time split judged differently (`splits`).
 * @throws OptionsError for an unknown option or bad `digits`.
 * @example describeJointInteractions(jointInteractions({ data, formula, coef: "ai", flags, vcov: { cluster: "code" } }), { truth: truth.effects.direct.increments })
 */
export function describeJointInteractions(joint: JointInteractionsSentenceInput, options: JointInteractionsSentenceOptions = {}): string {
  checkOptions("describeJointInteractions", options, JOINT_SENTENCE_OPTION_KEYS);
  const lang = options.lang ?? "en";
  const digits = checkDigits(options.digits ?? 3, "describeJointInteractions");
  const x = sentenceWords(joint.coef, lang);
  const y = sentenceWords(options.outcome ?? joint.fit?.depVar ?? "y", lang);
  const parts = joint.increments.map((d) => {
    const stats = `${lang === "zh" ? "标准误" : "SE "}${formatFixed(d.se, digits)}${lang === "zh" ? "，" : ", "}t = ${formatFixed(d.tstat, 2)}`;
    return lang === "zh" ? `在${groupPhrase(d.flag, 1, lang)}中变化${formatFixed(d.estimate, digits)}（${stats}）` : `by ${formatFixed(d.estimate, digits)} in ${groupPhrase(d.flag, 1, lang)} (${stats})`;
  });
  const w = joint.wald;
  const wald = `Wald F(${w.df1}, ${w.df2}) = ${formatFixed(w.stat, 2)}${lang === "zh" ? "，" : ", "}${pValueText(w.p)}`;
  const sentences =
    lang === "zh"
      ? [`在控制其他分组的情况下，${x.measure}对${y.measure}的影响${listJoin(parts, lang)}；${joint.increments.length}个增量联合${significancePhrase(w.p, lang)}（${wald}）。`]
      : [`Holding the other flags fixed, the effect of ${x.measure} on ${y.measure} changes ${listJoin(parts, lang)}; the ${joint.increments.length} increments are jointly ${levelPhrase(w.p, lang)} (${wald}).`];
  if (options.truth) {
    const { covered, total } = jointCoverage(joint, options.truth);
    const values = joint.increments.filter((d) => d.flag in options.truth!).map((d) => formatFixed(options.truth![d.flag], digits));
    const pct = `${Math.round(100 * joint.level)}%`;
    sentences.push(lang === "zh" ? `${total}个${pct}置信区间中有${covered}个覆盖真实增量（${listJoin(values, lang)}）。` : `The ${pct} intervals cover the true increments (${listJoin(values, lang)}) in ${covered} of ${total} cases.`);
  }
  if (options.splits) sentences.push(...splitContrasts(joint, options.splits, lang, digits));
  return sentences.join(lang === "zh" ? "" : " ");
}

/** The two fits `describeJointTarget` compares, and the truth. */
export interface JointTargetInput {
  /** The joint model on the observed data. */
  observed: JointInteractionsSentenceInput;
  /** The same model on data without measurement error and confounding (a simulation's latent columns). */
  latent: JointInteractionsSentenceInput;
  /** The true increments by flag. */
  truth: Record<string, number>;
}

/** Options of `describeJointTarget`. */
export interface JointTargetOptions {
  /** Language of the sentence (default "en"). */
  lang?: Lang;
  /** Decimals (default 3). */
  digits?: number;
}

/**
 * What a joint interaction model's OLS targets, read from the same model fitted twice: on the observed
 * data and on data without measurement error and confounding (`latent`: a simulation's latent columns,
 * the true regressor with the confounder controlled and the outcome without its error term). Names the
 * latent increments and the power of ten within which they match `truth`, then how far the observed
 * fit's base slope and increments lie from the latent fit's.
 * @throws OptionsError for an unknown option, bad `digits`, or fits with different flags.
 * @example describeJointTarget({ observed, latent, truth: truth.effects.direct.increments })
 */
export function describeJointTarget(input: JointTargetInput, options: JointTargetOptions = {}): string {
  checkOptions("describeJointTarget", options, ["lang", "digits"]);
  const lang = options.lang ?? "en";
  const digits = checkDigits(options.digits ?? 3, "describeJointTarget");
  const { observed, latent, truth } = input;
  const flags = latent.increments.map((d) => d.flag);
  if (observed.increments.map((d) => d.flag).join() !== flags.join()) throw new OptionsError("describeJointTarget: the observed and the latent fits must interact the same flags, in the same order.");
  const latentValues = latent.increments.map((d) => formatFixed(d.estimate, digits));
  const offTruth = Math.max(...latent.increments.map((d) => Math.abs(d.estimate - (truth[d.flag] ?? NaN))));
  const offLatent = Math.max(...observed.increments.map((d, k) => Math.abs(d.estimate - latent.increments[k].estimate)));
  // the largest power of ten above the distance, as text: 0.0001 for 5e-5
  const decimals = Math.max(1, Math.ceil(-Math.log10(Math.max(offTruth, 1e-12))) - 1);
  const within = (10 ** -decimals).toFixed(decimals);
  const fmt = (v: number) => formatFixed(v, digits);
  if (lang === "zh") {
    return `在不含测量误差与混杂的数据上（模拟的潜变量），同一模型给出的增量为${listJoin(latentValues, lang)}，与真实增量之差在${within}以内：这正是联合OLS的估计目标。在观测数据上，所有分组标记均为0的城市的斜率为${fmt(observed.base.estimate)}（潜变量数据上为${fmt(latent.base.estimate)}），而各增量与潜变量数据上的差异最多为${fmt(offLatent)}。`;
  }
  return `On data without measurement error or confounding (the simulation's latent columns) the same model returns increments of ${listJoin(latentValues, lang)}, within ${within} of the true ones: that is what the joint OLS targets. On the observed data the slope with every flag 0 is ${fmt(observed.base.estimate)} against ${fmt(latent.base.estimate)} there, while the increments differ from theirs by at most ${fmt(offLatent)}.`;
}
