/**
 * Notebook 04's shock-level view (Borusyak, Hull & Jaravel 2022, ReStud 89(1)) read out: the heaviest
 * industries by exposure weight s_n summed over the years, the shock-level IV beside the region-level
 * 2SLS, and a sentence that says whether their Proposition 1 holds here (the region controls span the
 * sum of shares × year, `incompleteShares` false) and how strong the first stage is at the level where
 * the shocks vary — all computed from the results.
 */
import { formatFixed } from "../report/format";
import type { ShockLevelResult } from "../toolkit/shiftShare/shockLevelIV";
import type { IvFitLike } from "./shiftShareReading";

/** A first stage's Wald F under the fit's variance (fixest `ivwald`). */
export interface FirstStageWaldLike {
  /** The Wald F. */
  waldF: {
    /** Its value. */
    stat: number;
  };
}

/** What the comparison reads from the region-level 2SLS fit (feols, clustered by city): as `IvFitLike`, with the first stage's Wald F. */
export type RegionIvLike = Omit<IvFitLike, "firstStage"> & {
  /** The first stage by endogenous regressor. */
  firstStage: Record<string, FirstStageWaldLike>;
};

/** The rule-of-thumb first-stage F below which an instrument counts as weak (Staiger & Stock 1997). */
const WEAK_F = 10;

/** A number with three decimals. */
const f3 = (x: number): string => formatFixed(x, 3);

/**
 * One row per industry, heaviest first: its exposure weight Σ_t s_(j,t) (share of all exposure) and
 * the exposure-weighted mean of its shifts g_(j,t). Sector names are "industry year".
 * @example buildDataTable(shockLevelIndustryRows(bhj, names), { title: "…" })
 */
export function shockLevelIndustryRows(bhj: ShockLevelResult, names: Record<string, string> = {}, top = 5): Record<string, string | number>[] {
  const by = new Map<string, { s: number; sg: number }>();
  bhj.table.sector.forEach((sector, n) => {
    const industry = sector.split(" ")[0];
    const e = by.get(industry) ?? { s: 0, sg: 0 };
    e.s += bhj.table.s[n];
    e.sg += bhj.table.s[n] * bhj.table.g[n];
    by.set(industry, e);
  });
  return Array.from(by, ([industry, e]) => ({ industry: names[industry] ? `${industry} ${names[industry]}` : industry, "exposure weight Σ_t s": e.s, "mean US shift (s-weighted)": e.sg / e.s }))
    .sort((a, b) => b["exposure weight Σ_t s"] - a["exposure weight Σ_t s"])
    .slice(0, top);
}

/**
 * The region-level 2SLS (clustered by city) and the shock-level IV (clustered by industry) side by side:
 * estimate, SE, 95% interval, first-stage Wald F (each under its own clustering) and the number of clusters.
 * @example buildDataTable(shockLevelComparisonRows(bhj, ivLin), { title: "…" })
 */
export function shockLevelComparisonRows(bhj: ShockLevelResult, iv: RegionIvLike): Record<string, string | number>[] {
  const [lo, hi] = iv.confint(0.95).ai;
  return [
    { level: "region: city-years", estimate: iv.coef.ai, SE: iv.se.ai, "95% interval": `[${f3(lo)}, ${f3(hi)}]`, "first-stage Wald F (clustered)": iv.firstStage.ai.waldF.stat, clusters: `${iv.nClusters ?? "?"} cities` },
    { level: `shock: ${bhj.nShocks} industry-years`, estimate: bhj.estimate, SE: bhj.se, "95% interval": `[${f3(bhj.ci[0])}, ${f3(bhj.ci[1])}]`, "first-stage Wald F (clustered)": bhj.firstStageF, clusters: `${bhj.nClusters ?? bhj.nShocks} industries` },
  ];
}

/**
 * The shock-level view in words: whether it reproduces the region-level estimate and why (Proposition 1
 * and `incompleteShares`, with the mean sum of each row's shares), and the first-stage F at each level.
 * @example describeShockLevel(bhj, ivLin, ins.rowShares)
 */
export function describeShockLevel(bhj: ShockLevelResult, iv: RegionIvLike, rowShares: ArrayLike<number>[]): string {
  const meanShareSum = rowShares.reduce((sum, row) => sum + Array.from(row).reduce((a, b) => a + b, 0), 0) / rowShares.length;
  const gap = Math.abs(bhj.estimate - bhj.regionEstimate);
  const equality = bhj.incompleteShares
    ? `differs from the region-level 2SLS (${f3(bhj.regionEstimate)}): the controls do not span the sum of shares × year, so the constant and year effects at the shock level change the estimate — add i(year, share_sum) to the region model`
    : `equals the region-level 2SLS (${f3(bhj.regionEstimate)}; difference ${gap.toExponential(1)}): the IFR industries' shares sum to ${formatFixed(meanShareSum, 2)} on average, not 1, and Borusyak, Hull & Jaravel's Proposition 1 then needs the sum of shares × year among the controls — i(year, share_sum) is, which is what incompleteShares = false records`;
  const fShock = bhj.firstStageF;
  const fRegion = iv.firstStage.ai.waldF.stat;
  const strength = fShock < WEAK_F ? `below ${WEAK_F}: weak by the usual rule of thumb` : `above ${WEAK_F}`;
  return `The shock-level IV, ${f3(bhj.estimate)} (SE ${f3(bhj.se)} clustered by ${bhj.nClusters ?? bhj.nShocks} industries), ${equality}. Its first-stage Wald F is ${formatFixed(fShock, 1)}, ${strength}, against ${formatFixed(fRegion, 1)} at the region level clustered by ${iv.nClusters ?? "?"} cities. Both use the same variation; the region-level F counts the cities as independent, while the shifts vary across only ${bhj.nClusters ?? bhj.nShocks} industries' robot trends. With so few clusters the shock-level t(${(bhj.nClusters ?? bhj.nShocks) - 1}) interval is itself an approximation of unknown quality${fShock < WEAK_F ? ", and with a weak first stage where the shocks vary its Wald interval is not reliable either: the strong region-level F overstates how much independent variation identifies β" : ""}.`;
}
