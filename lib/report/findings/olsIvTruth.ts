/** The sentence setting OLS and 2SLS against what each estimates. */
import { tQuantile } from "../../distributions/index";
import { normalQuantile } from "../../distributions/normal";
import { checkOptions } from "../../options";
import { checkDigits, formatFixed } from "../format";
import type { Lang } from "../labels";
import { optionKeys } from "../optionKeys";
import { firstRegressor, requireTerm, type SentenceFit } from "./sentence";

/** A fit as `describeOlsIvTruth` reads it: a sentence's fields and, for the interval, the t degrees of freedom. */
export interface OlsIvTruthFit extends SentenceFit {
  /** Degrees of freedom of the t quantile of the fit's intervals (G − 1 when clustered); the normal quantile without it. */
  dfT?: number;
}

/** What `describeOlsIvTruth` compares: the two fits, and in a simulation each estimator's estimand and the mean effect. */
export interface OlsIvTruthInput {
  /** The OLS fit. */
  ols: OlsIvTruthFit;
  /** The 2SLS fit. */
  iv: OlsIvTruthFit;
  /** What OLS estimates without bias: OLS on the error-free outcome and regressor, the confounder controlled. */
  olsEstimand?: number;
  /** What 2SLS estimates in this sample: the same 2SLS on the error-free outcome (a first-stage-weighted average of the effects). */
  ivEstimand?: number;
  /** The population 2SLS estimand (in the simulation: the mean of `ivEstimand` over many redrawn panels), around which this sample's moves. */
  ivPopulationEstimand?: number;
  /** The mean of the heterogeneous effects (in the simulation: the mean total effect over cities). */
  totalEffect?: number;
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

/** An estimate held against its estimand: distance in SEs, 95 % coverage, bias as a share of the estimand. */
interface AgainstEstimand {
  b: number;
  estimand: number;
  ses: number;
  covered: boolean;
  pct: number;
  direction: "towards zero" | "away from zero" | "opposite sign";
}

/** `fit`'s coefficient of `term` against `estimand`: |b − e|/se, whether b ± q·se covers e (q of t(dfT) or the normal), (b − e)/e. */
function against(fit: OlsIvTruthFit, term: string, estimand: number): AgainstEstimand {
  const b = fit.coef[term];
  const ses = Math.abs(b - estimand) / fit.se[term];
  const q = fit.dfT !== undefined && Number.isFinite(fit.dfT) ? tQuantile(0.975, fit.dfT) : normalQuantile(0.975);
  const direction = Math.sign(b) !== Math.sign(estimand) ? "opposite sign" : Math.abs(b) < Math.abs(estimand) ? "towards zero" : "away from zero";
  return { b, estimand, ses, covered: ses <= q, pct: (100 * Math.abs(b - estimand)) / Math.abs(estimand), direction };
}

/**
 * Sentences setting OLS against 2SLS and, in a simulation, each against its own estimand:
 * - OLS against the OLS estimand: its bias as a share of the estimand, (b_OLS − e_OLS)/e_OLS, with its
 *   direction (towards or away from zero) and its distance in standard errors — called a bias only when
 *   the estimand lies outside the 95 % interval b ± q·se (q from t(dfT), as `confint`);
 * - 2SLS against the 2SLS estimand: |b − e|/se and whether the 95 % interval covers e;
 * - with both estimands, the decomposition of the OLS–2SLS gap, exact by construction:
 *   b_OLS − b_2SLS = (b_OLS − e_OLS) + (e_OLS − e_2SLS) − (b_2SLS − e_2SLS): OLS's bias, plus the difference
 *   of the estimands, minus 2SLS's sampling error. With heterogeneous effects the two estimands are differently weighted averages of them (OLS:
 *   variance weights; 2SLS: first-stage weights, Angrist & Imbens 1995), so they differ from each other
 *   and from the mean effect; the sentence says so, reading `totalEffect` when given.
 * Without estimands it compares OLS and 2SLS only (2SLS as a multiple of OLS).
 * @throws OptionsError for an unknown option, bad `digits`, or a term one of the fits lacks.
 * @example describeOlsIvTruth({ ols, iv, olsEstimand: -0.782, ivEstimand: -0.598, totalEffect: -0.792 })
 *   // "OLS estimates -0.466 and 2SLS -0.749. OLS is biased towards zero by 40.5% relative to its own estimand (-0.782; 12.7 standard errors away); …"
 */
export function describeOlsIvTruth(input: OlsIvTruthInput, options: OlsIvTruthOptions = {}): string {
  checkOptions("describeOlsIvTruth", options, OLS_IV_TRUTH_OPTION_KEYS);
  const term = input.term ?? firstRegressor(input.iv, "describeOlsIvTruth");
  requireTerm(input.ols, term, "describeOlsIvTruth (OLS)");
  requireTerm(input.iv, term, "describeOlsIvTruth (2SLS)");
  const lang = options.lang ?? "en";
  const f = (v: number): string => formatFixed(v, checkDigits(options.digits ?? 3, "describeOlsIvTruth"));
  const bo = input.ols.coef[term];
  const bi = input.iv.coef[term];
  const ols = input.olsEstimand === undefined ? undefined : against(input.ols, term, input.olsEstimand);
  const iv = input.ivEstimand === undefined ? undefined : against(input.iv, term, input.ivEstimand);
  const parts = lang === "zh" ? [`OLS估计值为${f(bo)}，2SLS估计值为${f(bi)}`] : [`OLS estimates ${f(bo)} and 2SLS ${f(bi)}`];
  if (!ols && !iv) parts[0] += lang === "zh" ? `，为OLS的${formatFixed(bi / bo, 2)}倍` : `, ${formatFixed(bi / bo, 2)} times the OLS estimate`;
  const population = input.ivPopulationEstimand === undefined ? undefined : against(input.iv, term, input.ivPopulationEstimand);
  const clauses = [ols && olsClause(ols, f, lang), iv && ivClause(iv, f, lang, population)].filter((c): c is string => c !== undefined);
  if (clauses.length > 0) parts.push(clauses.join(lang === "zh" ? "；" : "; "));
  if (ols && iv) parts.push(gapClause(ols, iv, input.totalEffect, f, lang));
  return lang === "zh" ? `${parts.join("。")}。` : `${parts.join(". ")}.`;
}

/** "OLS is biased towards zero by 40.5% relative to its own estimand (-0.782; 12.7 standard errors away)". */
function olsClause(a: AgainstEstimand, f: (v: number) => string, lang: Lang): string {
  const ses = formatFixed(a.ses, 1);
  const pct = `${formatFixed(a.pct, 1)}%`;
  if (lang === "zh") {
    const dir = a.direction === "towards zero" ? "向零" : a.direction === "away from zero" ? "远离零" : "符号相反地";
    if (!a.covered) return `相对于其自身的估计目标（${f(a.estimand)}），OLS${dir}偏误${pct}（相距${ses}个标准误）`;
    return `OLS与其自身的估计目标（${f(a.estimand)}）相差${pct}，仅${ses}个标准误，在其95%置信区间之内，无法与抽样误差区分`;
  }
  if (a.direction === "opposite sign" && !a.covered) return `OLS has the opposite sign of its own estimand (${f(a.estimand)}; ${ses} standard errors away)`;
  if (!a.covered) return `OLS is biased ${a.direction} by ${pct} relative to its own estimand (${f(a.estimand)}; ${ses} standard errors away)`;
  return `OLS lies ${pct} from its own estimand (${f(a.estimand)}), only ${ses} standard errors: within its 95% interval, not distinguishable from sampling error`;
}

/**
 * "2SLS lies 0.92 standard errors from its estimand (-0.598), which its 95% interval covers", and with the
 * population estimand: "…from this sample's estimand (-0.598) and 0.32 from the population 2SLS estimand (-0.696)…".
 */
function ivClause(a: AgainstEstimand, f: (v: number) => string, lang: Lang, population?: AgainstEstimand): string {
  const ses = formatFixed(a.ses, 2);
  if (population) {
    const pses = formatFixed(population.ses, 2);
    if (lang === "zh") return `2SLS距本样本的估计目标（${f(a.estimand)}，随面板而变）${ses}个标准误，距总体2SLS估计目标（${f(population.estimand)}）${pses}个标准误；其95%置信区间${a.covered ? "覆盖" : "未覆盖"}前者、${population.covered ? "覆盖" : "未覆盖"}后者`;
    return `2SLS lies ${ses} standard errors from this sample's estimand (${f(a.estimand)}, which moves from panel to panel) and ${pses} from the population 2SLS estimand (${f(population.estimand)}); its 95% interval ${a.covered ? "covers" : "does not cover"} the first and ${population.covered ? "covers" : "does not cover"} the second`;
  }
  if (lang === "zh") return `2SLS距其估计目标（${f(a.estimand)}）${ses}个标准误，其95%置信区间${a.covered ? "覆盖" : "未覆盖"}该目标`;
  return `2SLS lies ${ses} standard errors from its estimand (${f(a.estimand)}), which its 95% interval ${a.covered ? "covers" : "does not cover"}`;
}

/** The estimands' difference read as weighting, and the OLS–2SLS gap as bias + weighting + sampling error. */
function gapClause(ols: AgainstEstimand, iv: AgainstEstimand, total: number | undefined, f: (v: number) => string, lang: Lang): string {
  const [gap, bias, weighting, sampling] = [ols.b - iv.b, ols.b - ols.estimand, ols.estimand - iv.estimand, iv.b - iv.estimand];
  if (Number(f(weighting)) === 0) {
    if (lang === "zh") return `两个估计目标相同，因此OLS与2SLS之差（${f(gap)}）= OLS的偏误（${f(bias)}）− 2SLS的抽样误差（${f(sampling)}）`;
    return `The two estimands coincide, so the OLS–2SLS gap (${f(gap)}) is OLS's bias (${f(bias)}) minus 2SLS's sampling error (${f(sampling)})`;
  }
  if (lang === "zh") {
    const from = total === undefined ? "本样本的两个估计目标彼此不同" : `本样本的两个估计目标彼此不同，也不同于平均总效应（${f(total)}）`;
    return `${from}，因为两种估计量对异质性效应的加权不同；因此OLS与2SLS之差（${f(gap)}）= OLS的偏误（${f(bias)}）+ 两个估计目标之差（${f(weighting)}）− 2SLS的抽样误差（${f(sampling)}），其中混合了偏误与加权`;
  }
  const from = total === undefined ? "This sample's two estimands differ" : `This sample's two estimands differ from each other and from the mean total effect (${f(total)})`;
  return `${from} because the estimators weight heterogeneous effects differently, so the OLS–2SLS gap (${f(gap)}) is OLS's bias (${f(bias)}) plus the difference of the estimands (${f(weighting)}) minus 2SLS's sampling error (${f(sampling)}): it mixes bias with weighting`;
}
