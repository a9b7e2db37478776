/**
 * Findings: sentences computed from results, in English and Chinese, so that no number in a
 * notebook's prose is typed by hand. They name variables with the codebook's sentence words
 * (lib/report/labels.ts) and know no study: the regressor defaults to the fit's first regressor
 * and the outcome to its dependent variable.
 */
import { unknownNameHint } from "../names";
import { OptionsError } from "../errors";
import { checkOptions } from "../options";
import { checkDigits, formatFixed } from "./format";
import { groupPhrase, type Lang, sentenceWords } from "./labels";
import { optionKeys } from "./optionKeys";

/** The fields of a fit that sentences read (FeolsResult and IvResult have them all). */
export interface SentenceFit {
  /** Point estimates, keyed by term. */
  coef: Record<string, number>;
  /** Standard errors, keyed by term. */
  se: Record<string, number>;
  /** Two-sided p-values of H₀: β = 0, keyed by term; they choose the significance phrase. */
  pvalue: Record<string, number>;
  /** The dependent variable, the default outcome of a sentence. */
  depVar?: string;
  /** The estimator's name ("OLS", "2SLS"), for labels of annotated fits. */
  method?: string;
  /** The formula as written, for labels of annotated fits. */
  formula?: string;
  /** Number of observations. */
  nobs?: number;
}

/** The IV fields that IV sentences read. */
export interface SentenceIvFit extends SentenceFit {
  /** The weak-identification diagnostics the sentence compares. */
  ivDiagnostics: {
    /** Kleibergen–Paap rk Wald F of the first stage. */
    kpWaldF: number;
    /** Stock–Yogo (2005) critical values, where tabulated. */
    stockYogo: {
      /** Critical values for the maximal size of a nominal 5% 2SLS Wald test; undefined when not tabulated. */
      size?:
        | {
            /** The critical value for a 10% maximal size. */
            "10%": number;
          }
        | undefined;
    };
  };
}

/**
 * The significance phrase of a p-value: "p < 0.01", "p < 0.05", "p < 0.1" or "not significant at
 * 10%" (Chinese: "在1%的水平上显著" … "在10%的水平上不显著"), the thresholds of the tables' stars.
 * @example significancePhrase(0.003) // "p < 0.01"
 * @example significancePhrase(0.2, "zh") // "在10%的水平上不显著"
 */
export function significancePhrase(p: number, lang: Lang = "en"): string {
  if (!Number.isFinite(p)) return lang === "zh" ? "显著性无法计算" : "significance not available";
  if (lang === "zh") {
    if (p < 0.01) return "在1%的水平上显著";
    if (p < 0.05) return "在5%的水平上显著";
    if (p < 0.1) return "在10%的水平上显著";
    return "在10%的水平上不显著";
  }
  if (p < 0.01) return "p < 0.01";
  if (p < 0.05) return "p < 0.05";
  if (p < 0.1) return "p < 0.1";
  return "not significant at 10%";
}

/** True when p < 0.1, the weakest star. */
function isSignificant(p: number): boolean {
  return Number.isFinite(p) && p < 0.1;
}

/** Checks that a fit has a coefficient of `term`. @throws OptionsError naming the coefficients it has. */
function requireTerm(fit: SentenceFit, term: string, where: string): void {
  if (!Object.prototype.hasOwnProperty.call(fit.coef, term)) {
    throw new OptionsError(`${where}: the fit has no coefficient "${term}". ${unknownNameHint(term, Object.keys(fit.coef), "Its coefficients are")} Pass options.term.`);
  }
}

/**
 * The regressor a sentence reads when none is named: the fit's first coefficient other than the
 * intercept (an IV fit lists its endogenous regressors first), as the main regressor is by
 * convention written first in the formula.
 * @throws OptionsError when the fit has no regressor besides the intercept.
 * @example firstRegressor({ coef: { "(Intercept)": 1, ai: -0.1 } }, "describeEffect") // "ai"
 */
export function firstRegressor(fit: { coef: Record<string, number> }, where: string): string {
  const term = Object.keys(fit.coef).find((name) => name !== "(Intercept)");
  if (term === undefined) throw new OptionsError(`${where}: the fit has no regressor to describe; pass options.term.`);
  return term;
}

/** Options of `describeEffect` and `describeIvEffect`. */
export interface EffectOptions {
  /** The regressor (default: the fit's first regressor). */
  term?: string;
  /** The outcome (default: the fit's dependent variable). */
  outcome?: string;
  /** SD of the regressor: the sentence then speaks of a one-SD increase; otherwise of a one-unit increase. */
  sdOfRegressor?: number;
  /** Language of the sentence (default "en"). */
  lang?: Lang;
  /** Decimals (default 3). */
  digits?: number;
}

/** The keys of EffectOptions, for the options check. */
const EFFECT_OPTION_KEYS = optionKeys<EffectOptions>()(["term", "outcome", "sdOfRegressor", "lang", "digits"]);

/**
 * One sentence reading an estimated effect: direction from the sign, size as b·SD (or b), and the
 * significance phrase from the p-value.
 * @throws OptionsError for an unknown option, a term the fit lacks, bad `digits` or an `sdOfRegressor` that is not positive.
 * @example describeEffect(fit, { term: "ai", sdOfRegressor: sd(panel.ai) })
 *   // "AI development lowers urban shrinkage: a one-SD increase in robot penetration (0.830) reduces
 *   //  the shrinkage rate by 0.120 percentage points (p < 0.01)."
 */
export function describeEffect(fit: SentenceFit, options: EffectOptions = {}): string {
  checkOptions("describeEffect", options, EFFECT_OPTION_KEYS);
  const term = options.term ?? firstRegressor(fit, "describeEffect");
  requireTerm(fit, term, "describeEffect");
  const lang = options.lang ?? "en";
  const digits = checkDigits(options.digits ?? 3, "describeEffect");
  const outcome = options.outcome ?? fit.depVar ?? "y";
  const b = fit.coef[term];
  const p = fit.pvalue[term];
  const x = sentenceWords(term, lang);
  const y = sentenceWords(outcome, lang);
  const sd = options.sdOfRegressor;
  if (sd !== undefined && !(Number.isFinite(sd) && sd > 0)) throw new OptionsError(`describeEffect: sdOfRegressor must be a positive number, got ${String(sd)}.`);
  const size = formatFixed(Math.abs(sd === undefined ? b : b * sd), digits);
  const down = b < 0;
  const significant = isSignificant(p);
  if (lang === "zh") {
    const step = sd === undefined ? `${x.measure}每提高1个单位` : `${x.measure}每提高1个标准差（${formatFixed(sd, digits)}）`;
    const change = `${y.measure}${down ? "下降" : "上升"}${size}${y.unit}`;
    if (significant) return `${x.concept}${down ? "降低" : "提高"}了${y.concept}：${step}，${change}（${significancePhrase(p, lang)}，p = ${formatFixed(p, digits)}）。`;
    return `点估计显示${x.concept}${down ? "降低" : "提高"}${y.concept}（${step}，${change}），但该系数${significancePhrase(p, lang)}（p = ${formatFixed(p, digits)}）。`;
  }
  const step = sd === undefined ? `a one-unit increase in ${x.measure}` : `a one-SD increase in ${x.measure} (${formatFixed(sd, digits)})`;
  const change = `${down ? "reduces" : "increases"} ${y.measure} by ${size} ${y.unit}`;
  const concept = x.concept.charAt(0).toUpperCase() + x.concept.slice(1);
  if (significant) return `${concept} ${down ? "lowers" : "raises"} ${y.concept}: ${step} ${change} (${significancePhrase(p, lang)}).`;
  return `The point estimate says ${x.concept} ${down ? "lowers" : "raises"} ${y.concept} — ${step} ${change} — but it is ${significancePhrase(p, lang)} (p = ${formatFixed(p, digits)}).`;
}

/**
 * describeEffect for a 2SLS fit, followed by the strength of the instrument: the first-stage
 * Kleibergen–Paap rk Wald F against the Stock–Yogo 10% maximal-size critical value (or the rule of
 * thumb F > 10 when it is not tabulated).
 * @throws OptionsError as describeEffect.
 * @example describeIvEffect(iv, { term: "ai", outcome: "shrink" }) // "… The first-stage F (Kleibergen–Paap rk Wald) is 85.312, above the Stock–Yogo 10% critical value (16.38): the instrument is not weak."
 */
export function describeIvEffect(fit: SentenceIvFit, options: EffectOptions = {}): string {
  checkOptions("describeIvEffect", options, EFFECT_OPTION_KEYS);
  const effect = describeEffect(fit, options);
  const lang = options.lang ?? "en";
  const digits = options.digits ?? 3;
  const f = fit.ivDiagnostics.kpWaldF;
  const cv = fit.ivDiagnostics.stockYogo.size?.["10%"];
  const threshold = cv ?? 10;
  const strong = f > threshold;
  if (lang === "zh") {
    const against = cv === undefined ? "经验阈值10" : `Stock–Yogo 10%临界值${cv.toFixed(2)}`;
    return `${effect}第一阶段F值（Kleibergen–Paap rk Wald F）为${formatFixed(f, digits)}，${strong ? "高于" : "低于"}${against}，${strong ? "不存在弱工具变量问题" : "存在弱工具变量之虞，应参考Anderson–Rubin检验"}。`;
  }
  const against = cv === undefined ? "the rule-of-thumb 10" : `the Stock–Yogo 10% critical value (${cv.toFixed(2)})`;
  return `${effect} The first-stage F (Kleibergen–Paap rk Wald) is ${formatFixed(f, digits)}, ${strong ? "above" : "below"} ${against}: ${strong ? "the instrument is not weak" : "the instrument may be weak; read the Anderson–Rubin test"}.`;
}

/** One group's estimate as a sentence names it. */
export interface GroupSentenceEstimate {
  /** The group as the sentence names it ("south-east cities"). */
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
  /** Which test gave p (e.g. "permutation test, 499 draws"). */
  test?: string;
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

/**
 * One sentence comparing an effect across two groups: which group's effect is larger in magnitude,
 * the difference and whether it is significant.
 * @throws OptionsError for an unknown option, no `term` or `outcome`, or bad `digits`.
 * @example describeGroupDifference({ groups: [{ label: "north-west cities", estimate: -0.05 }, { label: "south-east cities", estimate: -0.2 }], p: 0.003, test: "SUEST" }, { term: "ai", outcome: "shrink" })
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
  const significant = isSignificant(input.p);
  const test = input.test ? (lang === "zh" ? `，${input.test}` : `, ${input.test}`) : "";
  if (lang === "zh") {
    return `${x.measure}对${y.measure}的影响在${big.label}（${formatFixed(big.estimate, digits)}）中的绝对值大于${small.label}（${formatFixed(small.estimate, digits)}）；组间差异（${g2.label}减${g1.label}）为${formatFixed(difference, digits)}，${significancePhrase(input.p, lang)}（p = ${formatFixed(input.p, digits)}${test}）${significant ? "" : "，不能认为两组系数不同"}。`;
  }
  return `The effect of ${x.measure} on ${y.measure} is larger in magnitude among ${big.label} (${formatFixed(big.estimate, digits)}) than among ${small.label} (${formatFixed(small.estimate, digits)}); the difference (${g2.label} minus ${g1.label}, ${formatFixed(difference, digits)}) is ${significant ? `significant (${significancePhrase(input.p, lang)}` : `${significancePhrase(input.p, lang)} (p = ${formatFixed(input.p, digits)}`}${test}).`;
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
  permutation?: {
    /** Its empirical p-value. */
    p: number;
    /** Number of permutations. */
    draws: number;
  };
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
}

/** The keys of GroupComparisonSentenceOptions, for the options check. */
const GROUP_COMPARISON_SENTENCE_OPTION_KEYS = optionKeys<GroupComparisonSentenceOptions>()(["test", "term", "by", "outcome", "lang", "digits"]);

/**
 * describeGroupDifference for a `compareGroups` result: the two levels in sorted order (second minus
 * first, as its `difference`), named by the codebook's group phrases, and the p-value of the chosen
 * test (default: the permutation test when it was run, otherwise SUEST, otherwise the interaction).
 * @throws OptionsError for an unknown option, no term, not exactly two groups, a group fit without the term, or a test the comparison did not run.
 * @example describeGroupComparison(compareGroups({ data, formula, by: "hu_se", coef: "ai", permutations: { seed: 1 } }), { lang: "zh" })
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
  const testName =
    test === "permutation"
      ? lang === "zh"
        ? `置换检验，${(result as { draws: number }).draws}次`
        : `permutation test, ${(result as { draws: number }).draws} draws`
      : test === "suest"
        ? lang === "zh"
          ? "SUEST检验"
          : "SUEST test"
        : lang === "zh"
          ? "交互项检验"
          : "interaction test";
  const groups = levels.map((lv) => {
    const fit = comparison.fits[lv];
    if (!Object.prototype.hasOwnProperty.call(fit.coef, term)) throw new OptionsError(`describeGroupComparison: the fit of group "${lv}" has no coefficient "${term}".`);
    return { label: groupPhrase(by, lv, lang), estimate: fit.coef[term] };
  }) as [GroupSentenceEstimate, GroupSentenceEstimate];
  return describeGroupDifference(
    { groups, difference: comparison.difference, p: result.p, test: testName },
    { term, outcome: options.outcome ?? comparison.fits[levels[0]].depVar ?? "y", lang, digits: options.digits },
  );
}

/** What `describeOlsIvTruth` compares: the two fits, the term and, in a simulation, the true effect. */
export interface OlsIvTruthInput {
  /** The OLS fit. */
  ols: SentenceFit;
  /** The 2SLS fit. */
  iv: SentenceFit;
  /** The true effect (in the simulation: the 2SLS estimand); without it the sentence compares OLS and 2SLS only. */
  truth?: number;
  /** The compared coefficient (default: the 2SLS fit's first regressor). */
  term?: string;
}

/** Options of `describeOlsIvTruth`. */
export interface OlsIvTruthOptions {
  /** Language of the sentence (default "en"). */
  lang?: Lang;
  /** Decimals (default 3). */
  digits?: number;
}

/** The keys of OlsIvTruthOptions, for the options check. */
const OLS_IV_TRUTH_OPTION_KEYS = optionKeys<OlsIvTruthOptions>()(["lang", "digits"]);

/**
 * One sentence setting OLS against 2SLS and, in the simulation, the truth: 2SLS as a multiple of
 * OLS, and each as a share of the true effect (attenuation of OLS towards zero).
 * @throws OptionsError for an unknown option, bad `digits`, or a term one of the fits lacks.
 * @example describeOlsIvTruth({ ols, iv, truth: truth.estimand2sls, term: "ai" })
 */
export function describeOlsIvTruth(input: OlsIvTruthInput, options: OlsIvTruthOptions = {}): string {
  checkOptions("describeOlsIvTruth", options, OLS_IV_TRUTH_OPTION_KEYS);
  const term = input.term ?? firstRegressor(input.iv, "describeOlsIvTruth");
  requireTerm(input.ols, term, "describeOlsIvTruth (OLS)");
  requireTerm(input.iv, term, "describeOlsIvTruth (2SLS)");
  const lang = options.lang ?? "en";
  const digits = checkDigits(options.digits ?? 3, "describeOlsIvTruth");
  const bo = input.ols.coef[term];
  const bi = input.iv.coef[term];
  const ratio = bi / bo;
  const pct = (v: number): string => `${formatFixed(100 * v, 1)}%`;
  if (lang === "zh") {
    let s = `OLS估计值为${formatFixed(bo, digits)}，2SLS估计值为${formatFixed(bi, digits)}，为OLS的${formatFixed(ratio, 2)}倍`;
    if (input.truth !== undefined) {
      const t = input.truth;
      const attenuated = Math.abs(bo) < Math.abs(t) && Math.sign(bo) === Math.sign(t);
      s += `；真实效应为${formatFixed(t, digits)}，OLS相当于真实值的${pct(bo / t)}${attenuated ? "（向零偏误）" : ""}，2SLS相当于真实值的${pct(bi / t)}`;
    }
    return `${s}。`;
  }
  let s = `OLS estimates ${formatFixed(bo, digits)} and 2SLS ${formatFixed(bi, digits)}, ${formatFixed(ratio, 2)} times the OLS estimate`;
  if (input.truth !== undefined) {
    const t = input.truth;
    const attenuated = Math.abs(bo) < Math.abs(t) && Math.sign(bo) === Math.sign(t);
    s += `; against a true effect of ${formatFixed(t, digits)}, OLS recovers ${pct(bo / t)} of it${attenuated ? " (attenuated towards zero)" : ""} and 2SLS ${pct(bi / t)}`;
  }
  return `${s}.`;
}
