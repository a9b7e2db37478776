/**
 * Sentences for mechanism analysis held against a known truth (a simulation's): whether each
 * estimator's confidence interval for a path covers the true value, and an indirect effect a·b with
 * its share of the total effect beside the true a·b and the true share.
 */
import { normalQuantile } from "../../distributions/normal";
import { OptionsError } from "../../errors";
import { checkOptions } from "../../options";
import { pValueText } from "../../result/format";
import { checkDigits, formatFixed } from "../format";
import { sentenceWords, type Lang } from "../labels";
import { optionKeys } from "../optionKeys";
import { firstRegressor, requireTerm, type SentenceFit } from "./sentence";

/** A fit the coverage sentence reads: coefficients, SEs and `confint` (FeolsResult and IvResult have them). */
export interface CoverageFit extends SentenceFit {
  /** Confidence intervals keyed by term, at the given level (as the fit's `confint`). */
  confint(level?: number): Record<string, [number, number]>;
}

/** What `describeCoverage` reads: one or more estimators of the same coefficient, and its true value. */
export interface CoverageInput {
  /** The fits, keyed by the estimator's name as the sentence prints it ("OLS", "2SLS"), in order. */
  fits: Record<string, CoverageFit>;
  /** The true value of the coefficient (in a simulation, from its data-generating process). */
  truth: number;
  /** The coefficient (default: the first fit's first regressor). */
  term?: string;
  /** The outcome the coefficient acts on (default: the first fit's dependent variable). */
  outcome?: string;
}

/** Options of `describeCoverage`. */
export interface CoverageOptions {
  /** Confidence level of the intervals (default 0.95). */
  level?: number;
  /** Language of the sentence (default "en"). */
  lang?: Lang;
  /** Decimals (default 3). */
  digits?: number;
}

/** The keys of CoverageOptions, for the options check. */
const COVERAGE_OPTION_KEYS = optionKeys<CoverageOptions>()(["level", "lang", "digits"]);

/**
 * True when the closed interval [lower, upper] contains `value`.
 * @example intervalCovers([1.036, 2.436], 1.5) // true
 */
export function intervalCovers(interval: readonly [number, number], value: number): boolean {
  return interval[0] <= value && value <= interval[1];
}

/** A level strictly between 0 and 1. @throws OptionsError otherwise, saying how to write it. */
function checkLevel(level: number, where: string): number {
  if (!(Number.isFinite(level) && level > 0 && level < 1)) {
    const hint = level > 1 && level < 100 ? ` Write it as a fraction: ${level / 100}.` : "";
    throw new OptionsError(`${where}: level must lie strictly between 0 and 1, got ${String(level)}.${hint}`);
  }
  return level;
}

/** The level as a percentage for a sentence: 0.95 → "95%". */
function percent(level: number): string {
  return `${Math.round(1e6 * 100 * level) / 1e6}%`;
}

/**
 * One sentence holding each estimator of a coefficient against its true value: the estimate, its SE,
 * its confidence interval (the fit's own `confint`, e.g. t(G − 1) under clustering) and whether the
 * interval covers the truth, with the distance |β̂ − β|/SE in standard errors. In a simulation this
 * is the check an estimator's interval is built to pass 95% of the time (Neyman 1937).
 * @throws OptionsError for an unknown option, no fits, a term a fit lacks, a bad level or digits.
 * @example describeCoverage({ fits: { OLS: ols, "2SLS": iv }, term: "ai", outcome: "pop_return", truth: 1.5 })
 *   // "The effect of AI development on population return: OLS 1.007 (SE 0.067; 95% interval [0.875, 1.139])
 *   //  misses the true 1.500, 7.4 SEs away; 2SLS 1.736 (SE 0.356; 95% interval [1.036, 2.436]) covers it (0.7 SEs away)."
 */
export function describeCoverage(input: CoverageInput, options: CoverageOptions = {}): string {
  checkOptions("describeCoverage", options, COVERAGE_OPTION_KEYS);
  const names = Object.keys(input.fits ?? {});
  if (names.length === 0) throw new OptionsError('describeCoverage: give at least one fit, e.g. { fits: { OLS: ols, "2SLS": iv }, truth: 1.5 }.');
  if (!Number.isFinite(input.truth)) throw new OptionsError(`describeCoverage: truth must be a finite number, got ${String(input.truth)}.`);
  const first = input.fits[names[0]];
  const term = input.term ?? firstRegressor(first, "describeCoverage");
  for (const name of names) requireTerm(input.fits[name], term, `describeCoverage (${name})`);
  const lang = options.lang ?? "en";
  const level = checkLevel(options.level ?? 0.95, "describeCoverage");
  const digits = checkDigits(options.digits ?? 3, "describeCoverage");
  const f = (v: number) => formatFixed(v, digits);
  const x = sentenceWords(term, lang);
  const y = sentenceWords(input.outcome ?? first.depVar ?? "y", lang);
  const truth = f(input.truth);
  const parts = names.map((name, k) => {
    const fit = input.fits[name];
    const [b, se] = [fit.coef[term], fit.se[term]];
    const ci = fit.confint(level)[term];
    const covers = intervalCovers(ci, input.truth);
    const away = formatFixed(Math.abs(b - input.truth) / se, 1);
    const interval = `[${f(ci[0])}, ${f(ci[1])}]`;
    if (lang === "zh") {
      const verdict = covers ? `覆盖真实值${k === 0 ? truth : ""}` : `未覆盖真实值${truth}`;
      return `${name}估计为${f(b)}（标准误${f(se)}；${percent(level)}置信区间${interval}），${verdict}（相距${away}个标准误）`;
    }
    const verdict = covers ? (k === 0 ? `covers the true ${truth}` : "covers it") : `misses the true ${truth}`;
    return `${name} ${f(b)} (SE ${f(se)}; ${percent(level)} interval ${interval}) ${verdict}${covers ? ` (${away} SEs away)` : `, ${away} SEs away`}`;
  });
  if (lang === "zh") return `${x.concept}对${y.concept}的效应：${parts.join("；")}。`;
  return `The effect of ${x.concept} on ${y.concept}: ${parts.join("; ")}.`;
}

/** The fields of a mediation result that `describeIndirectEffect` reads (MediationResult has them). */
export interface IndirectEffectFit {
  /** The mediator M, named with the codebook's sentence words. */
  mediator: string;
  /** The indirect effect a·b. */
  indirect: number;
  /** The estimated total effect c. */
  total: number;
  /** a·b / c. */
  shareMediated: number;
  /** The Sobel test: se, z and p. */
  sobel: {
    /** Sobel SE of a·b. */
    se: number;
    /** a·b / se. */
    z: number;
    /** Two-sided normal p. */
    p: number;
  };
  /** The bootstrap of a·b, when run: its draws, level and percentile interval. */
  bootstrap?: {
    /** Draws requested. */
    draws: number;
    /** Confidence level of the interval. */
    level: number;
    /** The intervals; the sentence reads the percentile one. */
    ci: {
      /** Percentile interval of the draws. */
      percentile: [number, number];
    };
  };
}

/** What `describeIndirectEffect` reads: the result and, in a simulation, the truth. */
export interface IndirectEffectInput {
  /** The mediation result. */
  result: IndirectEffectFit;
  /** The true indirect effect a·b and the true (mean) total effect, when known. */
  truth?: {
    /** The true a·b. */
    indirect: number;
    /** The true total effect (the mean over units when effects differ). */
    total: number;
  };
}

/** Options of `describeIndirectEffect`. */
export interface IndirectEffectOptions {
  /** Language of the sentence (default "en"). */
  lang?: Lang;
  /** Decimals (default 3). */
  digits?: number;
}

/** The keys of IndirectEffectOptions, for the options check. */
const INDIRECT_OPTION_KEYS = optionKeys<IndirectEffectOptions>()(["lang", "digits"]);

/**
 * One sentence reading an indirect effect: a·b, its share of the estimated total effect c, the Sobel
 * z and p, and the bootstrap's percentile interval (or, without a bootstrap, the normal interval
 * a·b ± z₀.₉₇₅·se_Sobel); with the truth, the true a·b and its share of the true total effect, and
 * whether the interval covers the true a·b. Sobel (1982); share mediated = a·b / c (Baron & Kenny 1986).
 * @throws OptionsError for an unknown option or bad digits.
 * @example describeIndirectEffect({ result: bk[2], truth: { indirect: -0.09, total: -0.792 } })
 *   // "Through industrial-structure upgrading: a·b = -0.179, 38.2% of the estimated total effect -0.469 (Sobel z = -7.08,
 *   //  p < 0.001; bootstrap 95% interval [-0.227, -0.131], 499 draws). In the simulation a·b is -0.090, 11.4% of the mean
 *   //  true total effect -0.792: the interval misses it."
 */
export function describeIndirectEffect(input: IndirectEffectInput, options: IndirectEffectOptions = {}): string {
  checkOptions("describeIndirectEffect", options, INDIRECT_OPTION_KEYS);
  const lang = options.lang ?? "en";
  const digits = checkDigits(options.digits ?? 3, "describeIndirectEffect");
  const f = (v: number) => formatFixed(v, digits);
  const pct = (v: number) => `${formatFixed(100 * v, 1)}%`;
  const r = input.result;
  const m = sentenceWords(r.mediator, lang).concept;
  const boot = r.bootstrap;
  const z = normalQuantile(0.975);
  const ci: [number, number] = boot ? boot.ci.percentile : [r.indirect - z * r.sobel.se, r.indirect + z * r.sobel.se];
  const interval = `[${f(ci[0])}, ${f(ci[1])}]`;
  const t = input.truth;
  const covers = t ? intervalCovers(ci, t.indirect) : false;
  if (lang === "zh") {
    const range = boot ? `自助法${percent(boot.level)}置信区间${interval}，${boot.draws}次抽样` : `Sobel 95%置信区间${interval}`;
    const s = `通过${m}的间接效应a·b = ${f(r.indirect)}，占估计总效应${f(r.total)}的${pct(r.shareMediated)}（Sobel z = ${formatFixed(r.sobel.z, 2)}，${pValueText(r.sobel.p)}；${range}）。`;
    if (!t) return s;
    return `${s}模拟中的真实a·b为${f(t.indirect)}，占真实平均总效应${f(t.total)}的${pct(t.indirect / t.total)}：该区间${covers ? "覆盖" : "未覆盖"}真实值。`;
  }
  const range = boot ? `bootstrap ${percent(boot.level)} interval ${interval}, ${boot.draws} draws` : `Sobel 95% interval ${interval}`;
  const s = `Through ${m}: a·b = ${f(r.indirect)}, ${pct(r.shareMediated)} of the estimated total effect ${f(r.total)} (Sobel z = ${formatFixed(r.sobel.z, 2)}, ${pValueText(r.sobel.p)}; ${range}).`;
  if (!t) return s;
  return `${s} In the simulation a·b is ${f(t.indirect)}, ${pct(t.indirect / t.total)} of the mean true total effect ${f(t.total)}: the interval ${covers ? "covers" : "misses"} it.`;
}
