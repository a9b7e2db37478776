/**
 * Notebook 04's section "Which industries drive the instrument?" read out: the table rows and the
 * sentences, computed from the fits — the linear against the logged instrument, the city-clustered
 * interval beside AKM's and AKM0's (Adão, Kolesár & Morales 2019), and the Rotemberg weights
 * (Goldsmith-Pinkham, Sorkin & Swift 2020), summed by industry over the years.
 */
import type { RotembergSummary } from "../toolkit/shiftShare/rotembergSummary";
import type { RotembergWeights } from "../toolkit/shiftShare/rotembergWeights";
import type { ShiftShareResult } from "../toolkit/shiftShare/shiftShareSE";
import { formatFixed } from "../report/format";
import type { ShiftShareConfidenceSet } from "../toolkit/shiftShare/akm0Set";

/** A first stage's partial F (fixest `ivf`). */
export interface FirstStagePartialLike {
  /** The partial F. */
  partialF: {
    /** Its value. */
    stat: number;
  };
}

/** What the sentences read from a feols 2SLS fit. */
export interface IvFitLike {
  /** Coefficients by name. */
  coef: Record<string, number>;
  /** Standard errors by name. */
  se: Record<string, number>;
  /** Confidence intervals by name. */
  confint(level?: number): Record<string, [number, number]>;
  /** The first stage, by endogenous regressor. */
  firstStage: Record<string, FirstStagePartialLike>;
  /** The number of clusters G. */
  nClusters?: number;
}

/** A number with three decimals. */
const f3 = (x: number): string => formatFixed(x, 3);

/**
 * One row per instrument: the 2SLS coefficient of ai, its city-clustered SE and the first-stage partial F.
 * @example buildDataTable(instrumentFormRows(ivLin, ivLog), { title: "…" })
 */
export function instrumentFormRows(linear: IvFitLike, logged: IvFitLike): Record<string, string | number>[] {
  const row = (name: string, fit: IvFitLike) => ({ instrument: name, "2SLS coefficient of ai": fit.coef.ai, "city-clustered SE": fit.se.ai, "first-stage F": fit.firstStage.ai.partialF.stat });
  return [row("ai_iv = ln(1 + Σ s·g)", logged), row("linear Σ s·g", linear)];
}

/**
 * The linear and the logged instrument compared in a sentence: both coefficients and SEs, and the
 * ratio of their first-stage F.
 * @example describeInstrumentForms(ivLin, ivLog)
 */
export function describeInstrumentForms(linear: IvFitLike, logged: IvFitLike): string {
  const fl = linear.firstStage.ai.partialF.stat;
  const fg = logged.firstStage.ai.partialF.stat;
  return `With the linear shift-share as instrument, 2SLS gives ${f3(linear.coef.ai)} (city-clustered SE ${f3(linear.se.ai)}, first-stage F ${formatFixed(fl, 1)}); with ai_iv = ln(1 + the same) it gives ${f3(logged.coef.ai)} (SE ${f3(logged.se.ai)}, F ${formatFixed(fg, 1)}). The two instruments order the city-years alike but weight them differently — the log compresses the large exposures of the most robot-intensive cities — so the estimates differ by ${f3(Math.abs(linear.coef.ai - logged.coef.ai))}, ${formatFixed(Math.abs(linear.coef.ai - logged.coef.ai) / linear.se.ai, 1)} clustered SEs.`;
}

/** A confidence set in words: "[a, b]", its rays, or "the whole real line". */
function setText(set: ShiftShareConfidenceSet): string {
  if (set.kind === "interval") return `[${f3(set.lower)}, ${f3(set.upper)}]`;
  if (set.kind === "line") return "the whole real line";
  if (set.kind === "twoRays") return `(−∞, ${f3(set.below)}] ∪ [${f3(set.above)}, ∞)`;
  return set.upper !== undefined ? `(−∞, ${f3(set.upper)}]` : `[${f3(set.lower as number)}, ∞)`;
}

/** Whether a confidence set contains 0. */
function containsZero(set: ShiftShareConfidenceSet): boolean {
  if (set.kind === "interval") return set.lower <= 0 && set.upper >= 0;
  if (set.kind === "line") return true;
  if (set.kind === "twoRays") return set.below >= 0 || set.above <= 0;
  return set.upper !== undefined ? set.upper >= 0 : (set.lower as number) <= 0;
}

/**
 * The 95% intervals side by side: city-clustered (t with G − 1 df), AKM and AKM0 (sectors = industry
 * × year, clustered by industry), each with its width (infinite for an unbounded set) and p-value of β = 0.
 * @example buildDataTable(intervalRows(ivLin, akm, akm0), { title: "…" })
 */
export function intervalRows(linear: IvFitLike & { pvalue: Record<string, number> }, akm: ShiftShareResult, akm0: ShiftShareResult): Record<string, string | number>[] {
  const [lo, hi] = linear.confint(0.95).ai;
  const width = (w: number): number | string => (Number.isFinite(w) ? w : "∞");
  return [
    { inference: `city-clustered (${linear.nClusters ?? "?"} clusters)`, "95% set": setText({ kind: "interval", lower: lo, upper: hi }), width: hi - lo, p: linear.pvalue.ai },
    { inference: `AKM (${akm.nSectorClusters} industry clusters)`, "95% set": setText(akm.set), width: width(akm.ci[1] - akm.ci[0]), p: akm.p },
    { inference: `AKM0 (${akm0.nSectorClusters} industry clusters)`, "95% set": setText(akm0.set), width: width(akm0.ci[1] - akm0.ci[0]), p: akm0.p },
  ];
}

/**
 * The intervals read out: AKM's width against the clustered one, whether AKM0's set is bounded, and
 * what 12 clusters of sectors mean.
 * @example describeShiftShareIntervals(ivLin, akm, akm0)
 */
export function describeShiftShareIntervals(linear: IvFitLike, akm: ShiftShareResult, akm0: ShiftShareResult): string {
  const [lo, hi] = linear.confint(0.95).ai;
  const ratio = (akm.ci[1] - akm.ci[0]) / (hi - lo);
  const akmVsCluster = ratio < 1 ? `narrower than the city-clustered one (${formatFixed(ratio, 2)} of its width)` : `${formatFixed(ratio, 2)} times as wide as the city-clustered one`;
  const zero = containsZero(akm0.set) ? "includes 0" : "excludes 0";
  const akm0Text = akm0.bounded ? `AKM0's set is ${setText(akm0.set)} and ${zero} (p = ${f3(akm0.p)})` : `AKM0's set is unbounded — ${setText(akm0.set)} — and ${zero} (p = ${f3(akm0.p)}): with the null imposed, the ${akm0.nSectorClusters} industry clusters cannot rule out any effect`;
  return `AKM's 95% interval for the effect of ai, ${setText(akm.set)}, is ${akmVsCluster}; ${akm0Text}. Both sum over ${akm.nSectorClusters} industries, not ${akm.nSectors} industry-years: robot stocks accumulate, so an industry's shocks are correlated across years, and the AKM variance rests on ${akm.nSectorClusters} independent clusters — few, so AKM's normal approximation is fragile here and AKM0, which imposes the null, is the safer reading.`;
}

/** One industry's Rotemberg weight summed over the years. */
export interface IndustryWeight {
  /** The industry (the sector name before the space). */
  industry: string;
  /** Σ_t α_(j,t). */
  alpha: number;
  /** Σ_t α_(j,t) β_(j,t) / Σ_t α_(j,t). */
  beta: number;
}

/** α and α-weighted β summed by industry over the years (the part of the sector name before the space). */
export function rotembergByIndustry(w: RotembergWeights): IndustryWeight[] {
  const by = new Map<string, { alpha: number; ab: number }>();
  w.sectors.forEach((s, k) => {
    const key = s.split(" ")[0];
    const e = by.get(key) ?? { alpha: 0, ab: 0 };
    if (w.alpha[k] !== 0) {
      e.alpha += w.alpha[k];
      e.ab += w.alpha[k] * w.beta[k];
    }
    by.set(key, e);
  });
  return Array.from(by, ([industry, e]) => ({ industry, alpha: e.alpha, beta: e.ab / e.alpha })).sort((a, b) => b.alpha - a.alpha);
}

/**
 * The Rotemberg weights read out: the top industry-year and its share of the estimate, the industry
 * with the largest α summed over the years, and the share of negative weight.
 * @example describeRotemberg(rotembergSummary(w), w)
 */
export function describeRotemberg(summary: RotembergSummary, w: RotembergWeights): string {
  const top = summary.top[0];
  const industries = rotembergByIndustry(w);
  const first = industries[0];
  return `The largest Rotemberg weight is industry-year ${top.sector} (α = ${f3(top.alpha)}, its own just-identified estimate β = ${f3(top.beta)}, first-stage F ${formatFixed(top.firstStageF, 1)}, ${formatFixed(100 * top.shareOfEstimate, 1)}% of the estimate). Summed over the years, industry ${first.industry} carries α = ${f3(first.alpha)} of the total 1 (α-weighted β ${f3(first.beta)}), the next, ${industries[1].industry}, ${f3(industries[1].alpha)}: the instrument's identifying variation is mostly ${first.industry}'s US robot growth meeting the cities' 2006 ${first.industry} employment, so the exclusion restriction is chiefly a claim about that industry. ${summary.negative.count} of ${w.alpha.length} weights are negative, ${formatFixed(100 * summary.negative.share, 1)}% of the absolute weight.`;
}
