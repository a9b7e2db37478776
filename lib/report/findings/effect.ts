/** Sentences reading one estimated effect, and a 2SLS effect with the strength of its instrument and its weak-instrument-robust intervals. */
import { OptionsError } from "../../errors";
import { checkOptions } from "../../options";
import { pValueText } from "../../result/format";
import { checkDigits, formatFixed } from "../format";
import { type Lang, sentenceWords } from "../labels";
import { optionKeys } from "../optionKeys";
import { firstRegressor, isSignificant, requireTerm, type SentenceArSet, type SentenceFit, type SentenceIvFit, significancePhrase } from "./sentence";

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
    if (significant) return `${x.concept}${down ? "降低" : "提高"}了${y.concept}：${step}，${change}（${significancePhrase(p, lang)}，${pValueText(p, { digits })}）。`;
    return `点估计显示${x.concept}${down ? "降低" : "提高"}${y.concept}（${step}，${change}），但该系数${significancePhrase(p, lang)}（${pValueText(p, { digits })}）。`;
  }
  const step = sd === undefined ? `a one-unit increase in ${x.measure}` : `a one-SD increase in ${x.measure} (${formatFixed(sd, digits)})`;
  const change = `${down ? "reduces" : "increases"} ${y.measure} by ${size} ${y.unit}`;
  const concept = x.concept.charAt(0).toUpperCase() + x.concept.slice(1);
  if (significant) return `${concept} ${down ? "lowers" : "raises"} ${y.concept}: ${step} ${change} (${significancePhrase(p, lang)}).`;
  return `The point estimate says ${x.concept} ${down ? "lowers" : "raises"} ${y.concept} — ${step} ${change} — but it is ${significancePhrase(p, lang)} (${pValueText(p, { digits })}).`;
}

/** The numbers an IV sentence reads, gathered once. */
interface IvSentenceFacts {
  term: string;
  digits: number;
  /** The effective F and its 10% critical value, when defined (one endogenous regressor). */
  effective?: { F: number; cv: number };
  /** The tF critical value, the F it used and the tF 95% interval of the term, when defined. */
  tF?: { c: number; F: number; ci: [number, number] };
  /** The Anderson–Rubin 95% set of the term, when the term is the single endogenous regressor. */
  ar?: SentenceArSet;
  /** Whether the 95% Wald interval excludes 0 (p < 0.05 on the fit's own degrees of freedom). */
  waldExcludesZero: boolean;
  /** Whether the effective F uses heteroskedasticity-robust scores because the model's variance has no form for it. */
  hc0Scores: boolean;
}

/** The IV numbers of a sentence about `term`. */
function ivSentenceFacts(fit: SentenceIvFit, term: string, digits: number): IvSentenceFacts {
  const d = fit.ivDiagnostics;
  const isEndogenous = fit.endogenous?.length === 1 && fit.endogenous[0] === term;
  const ci = d.tF?.ci[term];
  return {
    term,
    digits,
    effective: d.effectiveF ? { F: d.effectiveF.F, cv: d.effectiveF.critical["10%"] } : undefined,
    tF: d.tF && ci ? { c: d.tF.criticalValue, F: d.tF.F, ci } : undefined,
    ar: isEndogenous && typeof fit.andersonRubinSet === "function" ? fit.andersonRubinSet(0.95) : undefined,
    waldExcludesZero: fit.pvalue[term] < 0.05,
    hc0Scores: d.scoreVarianceNote !== undefined,
  };
}

/** An interval or a union of intervals as text: [a, b], (−∞, a] ∪ [b, ∞), ∅. */
function setText(intervals: [number, number][], digits: number): string {
  if (intervals.length === 0) return "∅";
  return intervals
    .map(([lo, hi]) => `${Number.isFinite(lo) ? "[" : "("}${formatFixed(lo, digits)}, ${formatFixed(hi, digits)}${Number.isFinite(hi) ? "]" : ")"}`)
    .join(" ∪ ");
}

/** Whether 0 lies in a union of closed intervals. */
function containsZero(intervals: [number, number][]): boolean {
  return intervals.some(([lo, hi]) => lo <= 0 && 0 <= hi);
}

/**
 * How the Anderson–Rubin set compares with the Wald interval: "agrees" when it is one bounded
 * interval that excludes 0 exactly when the Wald interval does; otherwise what differs.
 */
function arComparison(f: IvSentenceFacts): "agrees" | "unbounded" | "disjoint" | "empty" | "zeroOnlyInAr" | "zeroOnlyInWald" | undefined {
  const ar = f.ar;
  if (!ar) return undefined;
  if (ar.intervals.length === 0) return "empty";
  if (ar.intervals.some(([lo, hi]) => !Number.isFinite(lo) || !Number.isFinite(hi))) return "unbounded";
  if (ar.intervals.length > 1) return "disjoint";
  const arExcludes = !containsZero(ar.intervals);
  if (arExcludes === f.waldExcludesZero) return "agrees";
  return arExcludes ? "zeroOnlyInWald" : "zeroOnlyInAr";
}

const AR_DIFFERENCE = {
  en: {
    unbounded: "is unbounded, a sign that the instrument is weaker than the F suggests",
    disjoint: "is not one interval but a union of disjoint intervals",
    empty: "is empty, which points to misspecification",
    zeroOnlyInAr: "includes 0 while the Wald interval excludes it",
    zeroOnlyInWald: "excludes 0 while the Wald interval includes it",
  },
  zh: {
    unbounded: "无界，说明工具变量可能比F值所示更弱",
    disjoint: "不是单一区间，而是若干不相交区间的并集",
    empty: "为空集，提示模型可能设定有误",
    zeroOnlyInAr: "包含0，而Wald区间不包含0",
    zeroOnlyInWald: "不包含0，而Wald区间包含0",
  },
} as const;

/** The English sentences on instrument strength, the tF interval and the Anderson–Rubin set. */
function ivStrengthEn(f: IvSentenceFacts, kpWaldF: number): string {
  const n = (x: number) => formatFixed(x, f.digits);
  if (!f.effective) {
    return `With several endogenous regressors the effective F is not defined; the Kleibergen–Paap rk Wald F is ${n(kpWaldF)} (Stock–Yogo's critical values assume iid errors and do not apply to it).`;
  }
  const strong = f.effective.F > f.effective.cv;
  const parts = [
    `${f.hc0Scores ? "With heteroskedasticity-robust scores (the model's variance has no form for it)" : "Under the model's variance"}, the Montiel Olea–Pflueger effective F is ${n(f.effective.F)}, ${strong ? "above" : "below"} its 10% critical value ${n(f.effective.cv)} (a 5% test that the worst-case 2SLS bias exceeds 10% of the benchmark).`,
  ];
  if (f.tF) {
    parts.push(`The tF-adjusted 95% interval (Lee et al. 2022: c = ${n(f.tF.c)} at F = ${n(f.tF.F)}) is ${setText([f.tF.ci], f.digits)}, which ${containsZero([f.tF.ci]) ? "includes" : "excludes"} 0.`);
  }
  const ar = f.ar ? `the Anderson–Rubin 95% set ${setText(f.ar.intervals, f.digits)}` : undefined;
  const comparison = arComparison(f);
  if (!strong) {
    const robust = ar ? `${ar}, which is robust to weak instruments and ${containsZero(f.ar?.intervals ?? []) ? "includes" : "excludes"} 0` : "the Anderson–Rubin test, which is robust to weak instruments";
    parts.push(`The instrument may be weak: the conventional t-test (±1.96) is unreliable; rely on ${f.tF ? "the tF interval and on " : ""}${robust}.`);
  } else if (!ar || !comparison) {
    parts.push("The instrument passes the weak-instrument screens.");
  } else if (comparison === "agrees") {
    parts.push(`The instrument passes the weak-instrument screens, and ${ar} agrees: it is bounded and, like the Wald interval, ${f.waldExcludesZero ? "excludes" : "includes"} 0.`);
  } else {
    parts.push(`The instrument passes the weak-instrument screens, but ${ar} ${AR_DIFFERENCE.en[comparison]}.`);
  }
  return parts.join(" ");
}

/** The Chinese sentences on instrument strength, the tF interval and the Anderson–Rubin set. */
function ivStrengthZh(f: IvSentenceFacts, kpWaldF: number): string {
  const n = (x: number) => formatFixed(x, f.digits);
  if (!f.effective) {
    return `存在多个内生变量时有效F值无定义；Kleibergen–Paap rk Wald F为${n(kpWaldF)}（Stock–Yogo临界值以同方差误差为前提，不适用于该统计量）。`;
  }
  const strong = f.effective.F > f.effective.cv;
  let text = `${f.hc0Scores ? "按异方差稳健（HC0）得分计算（模型所用方差口径对其无相应形式）" : "在模型所用方差口径下"}，Montiel Olea–Pflueger有效F值为${n(f.effective.F)}，${strong ? "高于" : "低于"}其10%临界值${n(f.effective.cv)}（5%水平检验2SLS最坏情形偏误是否超过基准的10%）。`;
  if (f.tF) {
    text += `tF调整后的95%置信区间（Lee等，2022；F = ${n(f.tF.F)}时c = ${n(f.tF.c)}）为${setText([f.tF.ci], f.digits)}，${containsZero([f.tF.ci]) ? "包含" : "不包含"}0。`;
  }
  const ar = f.ar ? `Anderson–Rubin 95%置信集${setText(f.ar.intervals, f.digits)}` : undefined;
  const comparison = arComparison(f);
  if (!strong) {
    const robust = ar ? `对弱工具变量稳健的${ar}（该集合${containsZero(f.ar?.intervals ?? []) ? "包含" : "不包含"}0）` : "对弱工具变量稳健的Anderson–Rubin检验";
    text += `工具变量可能偏弱，常规t检验（±1.96）不可靠，应以${f.tF ? "tF区间和" : ""}${robust}为准。`;
  } else if (!ar || !comparison) {
    text += "工具变量通过弱工具变量检验。";
  } else if (comparison === "agrees") {
    text += `工具变量通过弱工具变量检验，${ar}与之一致：该集合有界，且与Wald区间一样${f.waldExcludesZero ? "不包含" : "包含"}0。`;
  } else {
    text += `工具变量通过弱工具变量检验，但${ar}${AR_DIFFERENCE.zh[comparison]}。`;
  }
  return text;
}

/**
 * describeEffect for a 2SLS fit, followed by what the weak-instrument diagnostics say, all computed:
 * the Montiel Olea–Pflueger effective F under the model's variance against its 10% critical value
 * (Stock–Yogo's values assume iid errors and are not used); the Lee et al. (2022) tF-adjusted 95%
 * interval (one instrument); then "passes the weak-instrument screens" only when the effective F
 * exceeds its critical value, and "the Anderson–Rubin set agrees" only when the AR 95% set is one
 * bounded interval that excludes 0 exactly when the Wald interval does — otherwise the sentence
 * says what differs. Below the critical value it says to rely on the Anderson–Rubin set.
 * Montiel Olea & Pflueger (2013); Lee, McCrary, Moreira & Porter (2022); Andrews, Stock & Sun (2019).
 * @throws OptionsError as describeEffect.
 * @example describeIvEffect(iv, { term: "ai", outcome: "shrink" })
 *   // "… Under the model's variance, the Montiel Olea–Pflueger effective F is 42.034, above its 10% critical value 23.109 …"
 */
export function describeIvEffect(fit: SentenceIvFit, options: EffectOptions = {}): string {
  checkOptions("describeIvEffect", options, EFFECT_OPTION_KEYS);
  const effect = describeEffect(fit, options);
  const lang = options.lang ?? "en";
  const digits = checkDigits(options.digits ?? 3, "describeIvEffect");
  const term = options.term ?? firstRegressor(fit, "describeIvEffect");
  const facts = ivSentenceFacts(fit, term, digits);
  const kp = fit.ivDiagnostics.kpWaldF;
  return lang === "zh" ? `${effect}${ivStrengthZh(facts, kp)}` : `${effect} ${ivStrengthEn(facts, kp)}`;
}
