/**
 * The sentences of the Monte Carlo lessons (notebook 08), computed from a study, in English or
 * Chinese: what the estimators average against the fixed target, how often the intervals cover it,
 * and what a weaker instrument does — each number with its Monte Carlo error, and each claim made
 * only when it is larger than that error.
 */
import { OptionsError } from "../errors";
import { checkOptions } from "../options";
import { formatFixed } from "../report/format";
import type { Lang } from "../report/labels";
import { optionKeys } from "../report/optionKeys";
import type { MonteCarloStudy } from "./monteCarlo";
import { meanAndSd, POPULATION_ESTIMAND } from "./populationEstimand";
import { weakInstrumentDrift, type WeakInstrumentRow } from "./weakInstrument";

/** Options of the Monte Carlo sentences. */
export interface MonteCarloSentenceOptions {
  /** Language of the sentence (default "en"). */
  lang?: Lang;
}

/** Options of `describeSamplingDistributions`: the language and the simulation's mean total effect. */
export interface SamplingSentenceOptions extends MonteCarloSentenceOptions {
  /** The mean total effect of the simulation (data/truth.json's `effects.total.mean`). */
  totalEffect: number;
}

/** The keys of MonteCarloSentenceOptions, for the options check. */
const SENTENCE_OPTION_KEYS = optionKeys<MonteCarloSentenceOptions>()(["lang"]);
/** The keys of SamplingSentenceOptions, for the options check. */
const SAMPLING_OPTION_KEYS = optionKeys<SamplingSentenceOptions>()(["lang", "totalEffect"]);

/** A share in percent with one decimal. */
const pct = (v: number): string => `${formatFixed(100 * v, 1)}%`;
/** A number with a sign. */
const signed = (v: number, digits = 3): string => `${v > 0 ? "+" : ""}${formatFixed(v, digits)}`;

/** Where the study's target comes from, in words. */
function targetSource(study: MonteCarloStudy, lang: Lang): string {
  const t = study.target;
  if (lang === "zh") return t.source === "precomputed" ? `由${t.draws}次独立模拟预先算得，蒙特卡洛标准误${formatFixed(t.mcSe, 3)}` : `为本次${t.draws}次模拟的均值，蒙特卡洛标准误${formatFixed(t.mcSe, 3)}`;
  return t.source === "precomputed" ? `Monte Carlo SE ${formatFixed(t.mcSe, 3)}, from ${t.draws} independent draws` : `Monte Carlo SE ${formatFixed(t.mcSe, 3)}: the mean over these ${t.draws} draws`;
}

/**
 * The sampling distributions read out: the mean and SD of OLS and 2SLS, the fixed population target
 * and the mean total effect, and each estimator's mean distance from the target with its Monte Carlo
 * SE (SD/√B, the target's own SE added in quadrature). 2SLS is said to "miss" the target only when
 * that distance exceeds 1.96 Monte Carlo SEs.
 * @throws OptionsError for an unknown option or a missing `totalEffect`.
 * @example describeSamplingDistributions(study, { totalEffect: truth.effects.total.mean })
 */
export function describeSamplingDistributions(study: MonteCarloStudy, options: SamplingSentenceOptions): string {
  checkOptions("describeSamplingDistributions", options, SAMPLING_OPTION_KEYS);
  if (typeof options?.totalEffect !== "number") throw new OptionsError("describeSamplingDistributions: pass { totalEffect: truth.effects.total.mean }.");
  const lang = options.lang ?? "en";
  const [ols, iv] = [meanAndSd(study.ols), meanAndSd(study.iv)];
  const B = study.draws;
  const t = study.target;
  const mcSe = (sd: number) => Math.hypot(sd / Math.sqrt(B), t.mcSe);
  const [olsSe, ivSe] = [mcSe(ols.sd), mcSe(iv.sd)];
  const ivMisses = Math.abs(iv.mean - t.value) > 1.96 * ivSe;
  const noisier = formatFixed(iv.sd / ols.sd, 1);
  if (lang === "zh") {
    const ivPart = ivMisses ? `2SLS偏离${signed(iv.mean - t.value)}（蒙特卡洛标准误${formatFixed(ivSe, 3)}）` : `2SLS的均值与目标之差${signed(iv.mean - t.value)}在蒙特卡洛误差（标准误${formatFixed(ivSe, 3)}）之内`;
    return `在${B}个模拟面板上，OLS均值为${formatFixed(ols.mean, 3)}（标准差${formatFixed(ols.sd, 3)}），2SLS均值为${formatFixed(iv.mean, 3)}（标准差${formatFixed(iv.sd, 3)}）；固定目标即总体2SLS估计量为${formatFixed(t.value, 3)}（${targetSource(study, lang)}），平均总效应为${formatFixed(options.totalEffect, 3)}。OLS偏离目标${signed(ols.mean - t.value)}（蒙特卡洛标准误${formatFixed(olsSe, 3)}；OLS有其自身的估计目标，即各城市效应的方差加权平均，故此差距混合了偏误与权重差异，第4节将二者分开），${ivPart}，而2SLS的噪声是OLS的${noisier}倍：偏误与方差的权衡。`;
  }
  const ivPart = ivMisses ? `2SLS by ${signed(iv.mean - t.value)} (MC SE ${formatFixed(ivSe, 3)})` : `2SLS's mean is within its Monte Carlo error of it (${signed(iv.mean - t.value)}, MC SE ${formatFixed(ivSe, 3)})`;
  return `Over ${B} simulated panels, OLS averages ${formatFixed(ols.mean, 3)} (SD ${formatFixed(ols.sd, 3)}) and 2SLS ${formatFixed(iv.mean, 3)} (SD ${formatFixed(iv.sd, 3)}). The fixed target, the population 2SLS estimand, is ${formatFixed(t.value, 3)} (${targetSource(study, lang)}); the mean total effect is ${formatFixed(options.totalEffect, 3)}. OLS misses the target by ${signed(ols.mean - t.value)} (MC SE ${formatFixed(olsSe, 3)}; OLS has a target of its own, a variance-weighted average of the cities' effects, so this gap mixes its bias with weighting — notebook 4 separates the two), ${ivPart}, while 2SLS is ${noisier} times as noisy: bias against variance.`;
}

/** The precomputed target's relation to the weighted effect, the plain mean effect and 2SLS's own mean. */
function targetAnatomy(totalEffect: number, lang: Lang): string {
  const p = POPULATION_ESTIMAND;
  const gap = p.value - p.weightedEffect;
  const bias = p.estimatorMean - p.value;
  const biasSd = Math.sqrt(p.draws) * p.estimatorMeanMcSe;
  const equal = Math.abs(gap) <= 1.96 * p.gapMcSe;
  const biased = Math.abs(bias) > 1.96 * p.biasMcSe;
  const n = (v: number) => formatFixed(v, 3);
  if (lang === "zh") {
    const w = equal
      ? `在蒙特卡洛误差之内等于各城市总效应的第一阶段加权平均${n(p.weightedEffect)}`
      : `接近各城市总效应的第一阶段加权平均${n(p.weightedEffect)}（蒙特卡洛标准误${n(p.weightedEffectMcSe)}；差值${signed(gap)}，标准误${n(p.gapMcSe)}，来自机器人存量的记录误差）`;
    const b = biased ? `在同样${p.draws}次模拟中，2SLS估计量本身的均值为${n(p.estimatorMean)}：偏误${signed(bias)}（蒙特卡洛标准误${n(p.biasMcSe)}），相对其标准差${n(biasSd)}很小。（严格地说，恰好识别的2SLS没有有限均值（Kinal 1980）：此处仅为这些模拟的平均值；下文弱工具变量表使用中位数。）` : `在同样${p.draws}次模拟中，2SLS估计量本身的均值为${n(p.estimatorMean)}，与目标之差在蒙特卡洛误差之内。`;
    return `它${w}，而远离其简单平均${n(totalEffect)}：城市间效应不同时，2SLS按工具变量推动各城市机器人的程度为其加权。${b}`;
  }
  const w = equal
    ? `equals, within Monte Carlo error, the first-stage-weighted average of the cities' total effects, ${n(p.weightedEffect)}`
    : `is close to the first-stage-weighted average of the cities' total effects, ${n(p.weightedEffect)} (MC SE ${n(p.weightedEffectMcSe)}; the gap, ${signed(gap)} with MC SE ${n(p.gapMcSe)}, is the recording error in robot stocks)`;
  const b = biased
    ? ` Over the same ${p.draws} draws 2SLS itself averages ${n(p.estimatorMean)}: a bias of ${signed(bias)} (MC SE ${n(p.biasMcSe)}), small against its SD of ${n(biasSd)}. (Strictly, a just-identified 2SLS has no finite mean (Kinal 1980): read this as the average of these draws; the weak-instrument table below uses medians.)`
    : ` Over the same ${p.draws} draws 2SLS itself averages ${n(p.estimatorMean)}, within Monte Carlo error of the target.`;
  return `It ${w}, and is far from their plain mean, ${n(totalEffect)}: when effects differ across cities, 2SLS weights each city by how strongly the instrument moves its robots.${b}`;
}

/**
 * What the target is: each draw's 2SLS on the outcome's systematic part varies across draws (its SD against the
 * estimator's), so the fixed target is its mean; for the precomputed default target, how it relates
 * to the first-stage-weighted average of the cities' total effects, to their plain mean, and to the
 * mean of the 2SLS estimator — each comparison read against its Monte Carlo SE.
 * @throws OptionsError for an unknown option or a missing `totalEffect`.
 * @example describeTarget(study, { totalEffect: truth.effects.total.mean })
 */
export function describeTarget(study: MonteCarloStudy, options: SamplingSentenceOptions): string {
  checkOptions("describeTarget", options, SAMPLING_OPTION_KEYS);
  if (typeof options?.totalEffect !== "number") throw new OptionsError("describeTarget: pass { totalEffect: truth.effects.total.mean }.");
  const lang = options.lang ?? "en";
  const draw = formatFixed(meanAndSd(study.drawEstimand).sd, 3);
  const est = formatFixed(meanAndSd(study.iv).sd, 3);
  const t = study.target;
  const anatomy = t.source === "precomputed" ? targetAnatomy(options.totalEffect, lang) : "";
  if (lang === "zh") {
    return `每次模拟在结果变量系统部分上的2SLS（drawEstimand）本身在各次模拟间变动，标准差为${draw}（估计量为${est}）：它取决于该次模拟中工具变量推动了哪些城市，以及机器人存量的记录误差，因此不是固定目标。固定目标是它的均值，即总体2SLS估计量${formatFixed(t.value, 3)}（${targetSource(study, lang)}）。${anatomy}`;
  }
  return `Each draw's 2SLS on the outcome's systematic part (drawEstimand) itself varies across draws, with SD ${draw} (the estimator: ${est}): it depends on which cities the instrument moves in that draw and on the recording error in robot stocks, so it is no fixed target. The fixed target is its mean, the population 2SLS estimand ${formatFixed(t.value, 3)} (${targetSource(study, lang)}).${anatomy ? ` ${anatomy}` : ""}`;
}

/**
 * "within its Monte Carlo error of 95%" or "k MC SEs below/above 95%", judged with the SE a share of
 * exactly 95% would have, √(0.95·0.05/B) (so a share of 0 or 1 is judged too).
 */
function againstNominal(c: number, draws: number, lang: Lang): string {
  const z = (c - 0.95) / Math.sqrt((0.95 * 0.05) / draws);
  if (Math.abs(z) <= 1.96) return lang === "zh" ? "与95%之差在蒙特卡洛误差之内" : "within its Monte Carlo error of 95%";
  const k = formatFixed(Math.abs(z), 1);
  if (lang === "zh") return `${z < 0 ? "低于" : "高于"}95%达${k}个蒙特卡洛标准误`;
  return `${k} MC SEs ${z < 0 ? "below" : "above"} 95%`;
}

/**
 * The coverage read out: clustered and iid coverage of the fixed target, each with its Monte Carlo SE
 * and its distance from 95% in Monte Carlo SEs (the SE of a share of exactly 95%), their difference against its own (paired) Monte Carlo
 * SE, and for contrast the coverage of each draw's own `drawEstimand`.
 * @throws OptionsError for an unknown option, or a study run with `iid: false`.
 * @example describeMonteCarloCoverage(study)
 */
export function describeMonteCarloCoverage(study: MonteCarloStudy, options: MonteCarloSentenceOptions = {}): string {
  checkOptions("describeMonteCarloCoverage", options, SENTENCE_OPTION_KEYS);
  const c = study.coverage;
  if (Number.isNaN(c.iid)) throw new OptionsError("describeMonteCarloCoverage: the study has no iid intervals; run monteCarloStudy without iid: false.");
  const lang = options.lang ?? "en";
  const pts = (v: number) => formatFixed(100 * v, 1);
  const diff = c.cluster - c.iid;
  const times = c.differenceMcSe > 0 ? formatFixed(diff / c.differenceMcSe, 1) : "";
  const d = study.drawCoverage;
  if (lang === "zh") {
    return `以固定的总体2SLS估计量为目标，按城市聚类的95%置信区间在${study.draws}次模拟中覆盖了${pct(c.cluster)}（蒙特卡洛标准误${pts(c.clusterMcSe)}个百分点，${againstNominal(c.cluster, study.draws, lang)}），iid区间覆盖了${pct(c.iid)}（标准误${pts(c.iidMcSe)}，${againstNominal(c.iid, study.draws, lang)}）；两者之差${pts(diff)}个百分点${times ? `，是其蒙特卡洛标准误（${pts(c.differenceMcSe)}）的${times}倍` : ""}。若以每次模拟自身的drawEstimand为目标（它随模拟而变，略去了城市内部相关的那部分变异），iid区间覆盖${pct(d.iid)}，聚类区间覆盖${pct(d.cluster)}。`;
  }
  return `Against the fixed population 2SLS estimand, city-clustered 95% intervals cover it in ${pct(c.cluster)} of ${study.draws} draws (MC SE ${pts(c.clusterMcSe)} points; ${againstNominal(c.cluster, study.draws, lang)}) and iid intervals in ${pct(c.iid)} (MC SE ${pts(c.iidMcSe)}; ${againstNominal(c.iid, study.draws, lang)}); the difference, ${pts(diff)} points${times ? `, is ${times} times its Monte Carlo SE (${pts(c.differenceMcSe)})` : ""}. Against each draw's own drawEstimand — a target that moves with the draw, leaving out the part of the variation that is correlated within cities — iid intervals would cover ${pct(d.iid)} and clustered ones ${pct(d.cluster)}.`;
}

/** A rejection rate with its Monte Carlo SE in points, or "none of n estimates" when it is 0 (where √(r(1 − r)/B) says nothing). */
function rateText(r: number, se: number, estimates: number, lang: Lang): string {
  if (r === 0) return lang === "zh" ? `0%（${estimates}个估计中无一）` : `0% (none of ${estimates} estimates)`;
  return lang === "zh" ? `${pct(r)}（蒙特卡洛标准误${formatFixed(100 * se, 1)}个百分点）` : `${pct(r)} (MC SE ${formatFixed(100 * se, 1)} points)`;
}

/** The drift clause: towards OLS beyond Monte Carlo error, or not distinguishable from it. */
function driftClause(study: MonteCarloStudy, weakest: WeakInstrumentRow, lang: Lang): string {
  const drift = weakInstrumentDrift(study, weakest);
  const bias = `${signed(drift.medianBias)}, MC SE ${formatFixed(drift.mcSe, 3)}`;
  const olsMean = formatFixed(drift.olsBias + study.target.value, 3);
  if (lang === "zh") {
    if (drift.beyondMcError) return `中位数偏误${signed(drift.medianBias)}（蒙特卡洛标准误${formatFixed(drift.mcSe, 3)}），${drift.towardsOls ? `朝OLS（均值${olsMean}）方向移动，幅度超出蒙特卡洛误差` : `背离OLS（均值${olsMean}）方向，幅度超出蒙特卡洛误差`}`;
    return `中位数偏误${signed(drift.medianBias)}（蒙特卡洛标准误${formatFixed(drift.mcSe, 3)}），在蒙特卡洛误差之内，${study.draws}次模拟不足以判断其方向（OLS均值${olsMean}）`;
  }
  if (drift.beyondMcError) return `a median bias of ${bias} — ${drift.towardsOls ? "towards" : "away from"} OLS (mean ${olsMean}), by more than its Monte Carlo error`;
  return `a median bias of ${bias}, within its Monte Carlo error: ${study.draws} draws cannot tell its direction (OLS averages ${olsMean})`;
}

/**
 * The weak-instrument experiment read out, strongest row against weakest: the median KP F, the
 * median 2SLS and its median bias with Monte Carlo SE (said to drift towards OLS only beyond 1.96 MC
 * SEs), the interquartile range, and the actual rejection rates of the nominal 5% t-test of the true
 * target and of zero.
 * @throws OptionsError for an unknown option or fewer than two rows.
 * @example describeWeakInstrument(study, weakInstrumentRows(study))
 */
export function describeWeakInstrument(study: MonteCarloStudy, rows: WeakInstrumentRow[], options: MonteCarloSentenceOptions = {}): string {
  checkOptions("describeWeakInstrument", options, SENTENCE_OPTION_KEYS);
  if (!Array.isArray(rows) || rows.length < 2) throw new OptionsError("describeWeakInstrument: pass at least two rows, e.g. weakInstrumentRows(study) of a study run with noiseLevels.");
  const lang = options.lang ?? "en";
  const [s, w] = [rows[0], rows[rows.length - 1]];
  const f = (v: number) => formatFixed(v, 1);
  const overRejects = w.rejectTarget - 0.05 > 1.96 * Math.max(w.rejectTargetMcSe, Math.sqrt((0.05 * 0.95) / w.fits));
  const drift = weakInstrumentDrift(study, w);
  const powerLost = s.rejectZero - w.rejectZero > 1.96 * Math.sqrt((s.rejectZero * (1 - s.rejectZero)) / s.fits + (w.rejectZero * (1 - w.rejectZero)) / w.draws);
  const costs = [...(drift.beyondMcError && drift.towardsOls ? ["bias"] : []), ...(powerLost ? ["power"] : [])];
  if (lang === "zh") {
    const cost = costs.map((c) => (c === "bias" ? "偏误" : "检验功效")).join("与");
    const size = overRejects ? "弱工具变量使t检验过度拒绝" : `此处弱工具变量并未使t检验过度拒绝${cost ? `，代价在于${cost}` : ""}`;
    return `随着聚类稳健的KP F中位数从${f(s.medianKpF)}降至${f(w.medianKpF)}，2SLS中位数从${formatFixed(s.medianIv, 3)}移至${formatFixed(w.medianIv, 3)}：${driftClause(study, w, lang)}；四分位距从${formatFixed(s.iqrIv, 3)}扩大到${formatFixed(w.iqrIv, 3)}。名义5%的聚类t检验拒绝真实目标的比例从${rateText(s.rejectTarget, s.rejectTargetMcSe, s.fits, lang)}变为${rateText(w.rejectTarget, w.rejectTargetMcSe, w.fits, lang)}，拒绝零效应的比例从${pct(s.rejectZero)}降至${pct(w.rejectZero)}：${size}。`;
  }
  const size = overRejects ? "the weak instrument makes the t-test over-reject" : `the t-test does not over-reject here${costs.length ? `; the weak instrument costs ${costs.join(" and ")}` : ""}`;
  return `As the median cluster-robust KP F falls from ${f(s.medianKpF)} to ${f(w.medianKpF)}, the median 2SLS estimate moves from ${formatFixed(s.medianIv, 3)} to ${formatFixed(w.medianIv, 3)}: ${driftClause(study, w, lang)}; its interquartile range widens from ${formatFixed(s.iqrIv, 3)} to ${formatFixed(w.iqrIv, 3)}. The nominal 5% clustered t-test rejects the true target in ${rateText(s.rejectTarget, s.rejectTargetMcSe, s.fits, lang)} with the strongest instrument and ${rateText(w.rejectTarget, w.rejectTargetMcSe, w.fits, lang)} with the weakest, and a zero effect in ${pct(s.rejectZero)} against ${pct(w.rejectZero)}: ${size}.`;
}
