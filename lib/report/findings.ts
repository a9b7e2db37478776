/**
 * Findings: sentences computed from results, in English and Chinese, so that no number in a
 * notebook's prose is typed by hand. They name variables with the codebook's sentence words
 * (lib/report/labels.ts) and know no study: the regressor defaults to the fit's first regressor
 * and the outcome to its dependent variable.
 */
import { OptionsError } from "../errors";
import { checkOptions } from "../options";
import { formatFixed } from "./format";
import { groupPhrase, type Lang, sentenceWords } from "./labels";

/** The fields of a fit that sentences read. */
export interface SentenceFit {
  coef: Record<string, number>;
  se: Record<string, number>;
  pvalue: Record<string, number>;
  depVar?: string;
  method?: string;
  formula?: string;
  nobs?: number;
}

/** The IV fields that IV sentences read. */
export interface SentenceIvFit extends SentenceFit {
  ivDiagnostics: { kpWaldF: number; stockYogo: { size?: { "10%": number } | undefined } };
}

/**
 * The significance phrase of a p-value: "p < 0.01", "p < 0.05", "p < 0.1" or "not significant at
 * 10%" (Chinese: "在1%的水平上显著" … "在10%的水平上不显著"), the thresholds of the tables' stars.
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

function isSignificant(p: number): boolean {
  return Number.isFinite(p) && p < 0.1;
}

function requireTerm(fit: SentenceFit, term: string, where: string): void {
  if (!Object.prototype.hasOwnProperty.call(fit.coef, term)) {
    throw new OptionsError(`${where}: the fit has no coefficient "${term}" (it has ${Object.keys(fit.coef).join(", ")}); pass options.term.`);
  }
}

/**
 * The regressor a sentence reads when none is named: the fit's first coefficient other than the
 * intercept (an IV fit lists its endogenous regressors first), as the main regressor is by
 * convention written first in the formula.
 */
export function firstRegressor(fit: { coef: Record<string, number> }, where: string): string {
  const term = Object.keys(fit.coef).find((name) => name !== "(Intercept)");
  if (term === undefined) throw new OptionsError(`${where}: the fit has no regressor to describe; pass options.term.`);
  return term;
}

export interface EffectOptions {
  /** The regressor (default: the fit's first regressor). */
  term?: string;
  /** The outcome (default: the fit's dependent variable). */
  outcome?: string;
  /** SD of the regressor: the sentence then speaks of a one-SD increase; otherwise of a one-unit increase. */
  sdOfRegressor?: number;
  lang?: Lang;
  /** Decimals (default 3). */
  digits?: number;
}

/**
 * One sentence reading an estimated effect: direction from the sign, size as b·SD (or b), and the
 * significance phrase from the p-value.
 * @example describeEffect(fit, { term: "ai", sdOfRegressor: sd(panel.ai) })
 *   // "AI development lowers urban shrinkage: a one-SD increase in robot penetration (0.830) reduces
 *   //  the shrinkage rate by 0.120 percentage points (p < 0.01)."
 */
export function describeEffect(fit: SentenceFit, options: EffectOptions = {}): string {
  const term = options.term ?? firstRegressor(fit, "describeEffect");
  requireTerm(fit, term, "describeEffect");
  const lang = options.lang ?? "en";
  const digits = options.digits ?? 3;
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
 */
export function describeIvEffect(fit: SentenceIvFit, options: EffectOptions = {}): string {
  const lang = options.lang ?? "en";
  const digits = options.digits ?? 3;
  const effect = describeEffect(fit, options);
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

/** A group comparison given as numbers: two groups' estimates, the difference and its p-value. */
export interface GroupDifferenceInput {
  /** The two groups, in the order of the difference (second minus first). */
  groups: [{ label: string; estimate: number }, { label: string; estimate: number }];
  /** The difference (default: second estimate minus first). */
  difference?: number;
  /** p-value of the test that the coefficients are equal. */
  p: number;
  /** Which test gave p (e.g. "permutation test, 499 draws"). */
  test?: string;
}

/**
 * One sentence comparing an effect across two groups: which group's effect is larger in magnitude,
 * the difference and whether it is significant.
 * @example describeGroupDifference({ groups: [{ label: "north-west cities", estimate: -0.05 }, { label: "south-east cities", estimate: -0.2 }], p: 0.003, test: "SUEST" })
 */
export function describeGroupDifference(input: GroupDifferenceInput, options: { term: string; outcome: string; lang?: Lang; digits?: number }): string {
  checkOptions("describeGroupDifference", options, ["term", "outcome", "lang", "digits"]);
  if (typeof options.term !== "string" || typeof options.outcome !== "string") {
    throw new OptionsError(`describeGroupDifference: name the regressor and the outcome, e.g. { term: "x", outcome: "y" }.`);
  }
  const lang = options.lang ?? "en";
  const digits = options.digits ?? 3;
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
  fits: Record<string, { coef: Record<string, number>; depVar?: string }>;
  difference: number;
  by?: string;
  coef?: string;
  interaction?: { p: number };
  suest?: { p: number };
  permutation?: { p: number; draws: number };
}

/**
 * describeGroupDifference for a `compareGroups` result: the two levels in sorted order (second minus
 * first, as its `difference`), named by the codebook's group phrases, and the p-value of the chosen
 * test (default: the permutation test when it was run, otherwise SUEST, otherwise the interaction).
 * @example describeGroupComparison(compareGroups({ data, formula, by: "hu_se", coef: "ai", permutations: { seed: 1 } }), { lang: "zh" })
 */
export function describeGroupComparison(
  comparison: GroupComparisonSentenceInput,
  options: { test?: "interaction" | "suest" | "permutation"; term?: string; by?: string; outcome?: string; lang?: Lang; digits?: number } = {},
): string {
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
  }) as [{ label: string; estimate: number }, { label: string; estimate: number }];
  return describeGroupDifference(
    { groups, difference: comparison.difference, p: result.p, test: testName },
    { term, outcome: options.outcome ?? comparison.fits[levels[0]].depVar ?? "y", lang, digits: options.digits },
  );
}

/**
 * One sentence setting OLS against 2SLS and, in the simulation, the truth: 2SLS as a multiple of
 * OLS, and each as a share of the true effect (attenuation of OLS towards zero).
 * @example describeOlsIvTruth({ ols, iv, truth: truth.estimand2sls, term: "ai" })
 */
export function describeOlsIvTruth(input: { ols: SentenceFit; iv: SentenceFit; truth?: number; term?: string }, options: { lang?: Lang; digits?: number } = {}): string {
  const term = input.term ?? firstRegressor(input.iv, "describeOlsIvTruth");
  requireTerm(input.ols, term, "describeOlsIvTruth (OLS)");
  requireTerm(input.iv, term, "describeOlsIvTruth (2SLS)");
  const lang = options.lang ?? "en";
  const digits = options.digits ?? 3;
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
