/**
 * The shift-share Monte Carlo read out (notebook 08): its table rows, its figure and its sentence,
 * each computed from `shiftShareMonteCarlo`'s result — a rejection rate is called an over-rejection
 * only when it exceeds 5 % by more than 1.96 Monte Carlo SEs, and "close to 5 %" only when within them.
 */
import type { Data } from "plotly.js";
import { checkOptions } from "../options";
import { baseConfig, baseLayout, FIGURE_OPTION_KEYS, PALETTE, type FigureOptions, type FigureSpec } from "../report/figures/spec";
import { formatFixed } from "../report/format";
import type { Lang } from "../report/labels";
import { optionKeys } from "../report/optionKeys";
import { SHIFT_SHARE_TESTS, type ShiftShareDesign, type ShiftShareMonteCarlo, type ShiftShareTest } from "./shiftShareMonteCarlo";

/** The tests' names in tables, figures and sentences. */
const TEST_NAMES: Record<ShiftShareTest, { en: string; zh: string }> = {
  cluster: { en: "city-clustered SE", zh: "按城市聚类的标准误" },
  akm: { en: "AKM", zh: "AKM" },
  akm0: { en: "AKM0", zh: "AKM0" },
};

/** A design's name: "12 industries" or "120 industries (each IFR industry split in 10)". */
function designName(d: ShiftShareDesign, lang: Lang): string {
  if (lang === "zh") return d.subIndustries === 1 ? `${d.industries}个行业` : `${d.industries}个行业（每个IFR行业分为${d.subIndustries}个）`;
  return d.subIndustries === 1 ? `${d.industries} industries` : `${d.industries} industries (each IFR industry split in ${d.subIndustries})`;
}

/** A rate in percent with one decimal. */
const pct = (v: number): string => `${formatFixed(100 * v, 1)}%`;

/**
 * One row per design: the number of industries, the effective number, σ_u, and per test the
 * rejection rate of the true null at 5 % with its Monte Carlo SE (in percentage points).
 * @example buildDataTable(shiftShareRows(mc), { title: "…" })
 */
export function shiftShareRows(mc: ShiftShareMonteCarlo): Record<string, string | number>[] {
  return mc.designs.map((d) => {
    const row: Record<string, string | number> = { industries: d.industries, "effective industries": formatFixed(d.effectiveIndustries, 1), "σ_u": formatFixed(d.shockSd, 2) };
    for (const t of SHIFT_SHARE_TESTS) row[`${TEST_NAMES[t].en}: rejects`] = `${pct(d.reject[t])} (${formatFixed(100 * d.mcSe[t], 1)})`;
    return row;
  });
}

/**
 * Grouped bars: the rejection rate of each test in each design, with ±1.96 Monte Carlo SEs, and the
 * nominal 5 % as a dashed line.
 * @throws OptionsError for an unknown option.
 * @example show(figureBundle(shiftShareRejectionPlot(mc), { name: "mc_shift_share" }))
 */
export function shiftShareRejectionPlot(mc: ShiftShareMonteCarlo, options: FigureOptions = {}): FigureSpec {
  checkOptions("shiftShareRejectionPlot", options, FIGURE_OPTION_KEYS);
  const lang = options.lang ?? "en";
  const x = mc.designs.map((d) => designName(d, lang));
  const data: Data[] = SHIFT_SHARE_TESTS.map((t, k) => ({
    type: "bar",
    name: TEST_NAMES[t][lang],
    x,
    y: mc.designs.map((d) => d.reject[t]),
    error_y: { type: "data", array: mc.designs.map((d) => 1.96 * d.mcSe[t]), visible: true },
    marker: { color: PALETTE[k] },
    text: mc.designs.map((d) => pct(d.reject[t])),
    textposition: "outside",
  }));
  const title = lang === "zh" ? `真实原假设的拒绝率（每种设计${mc.draws}次模拟，名义水平5%）` : `Rejection rates of a true null at 5% (${mc.draws} draws per design)`;
  const layout = baseLayout(options.title ?? title, options);
  layout.barmode = "group";
  layout.yaxis = { title: { text: lang === "zh" ? "拒绝比例" : "Share of draws rejecting β = 0" }, range: [0, Math.min(1, 1.2 * Math.max(...mc.designs.flatMap((d) => SHIFT_SHARE_TESTS.map((t) => d.reject[t] + 2 * d.mcSe[t])))) + 0.05] };
  layout.shapes = [{ type: "line", xref: "paper", yref: "y", x0: 0, x1: 1, y0: mc.level, y1: mc.level, line: { color: "#555555", dash: "dash" } }];
  return { data, layout, config: baseConfig() };
}

/** How a rate stands against 5 %: above by more than 1.96 MC SEs, within, or below. */
function verdict(rate: number, level: number, draws: number): "over" | "close" | "under" {
  const se = Math.sqrt((level * (1 - level)) / draws);
  if (rate - level > 1.96 * se) return "over";
  return level - rate > 1.96 * se ? "under" : "close";
}

/** One design's clause: each test's rate and how it stands against 5 %. */
function designClause(mc: ShiftShareMonteCarlo, d: ShiftShareDesign, lang: Lang): string {
  const words = {
    en: { over: "above 5% by more than its Monte Carlo error", close: "within Monte Carlo error of 5%", under: "below 5% by more than its Monte Carlo error" },
    zh: { over: "高于5%，超出蒙特卡洛误差", close: "与5%的差距在蒙特卡洛误差之内", under: "低于5%，超出蒙特卡洛误差" },
  }[lang];
  const parts = SHIFT_SHARE_TESTS.map((t) => `${TEST_NAMES[t][lang]} ${pct(d.reject[t])} (${lang === "zh" ? "标准误" : "MC SE"} ${formatFixed(100 * d.mcSe[t], 1)}; ${words[verdict(d.reject[t], mc.level, mc.draws)]})`);
  return lang === "zh" ? `${designName(d, lang)}时：${parts.join("；")}` : `with ${designName(d, lang)}: ${parts.join("; ")}`;
}

/** Options of `describeShiftShareMonteCarlo`. */
export interface ShiftShareSentenceOptions {
  /** Language of the sentence (default "en"). */
  lang?: Lang;
}

/**
 * The experiment read out: the share of draws in which each test rejects the true null, per design,
 * each against 5 % and its Monte Carlo error, and by how many times the city-clustered test's
 * over-rejection shrinks from the fewest to the most industries.
 * @throws OptionsError for an unknown option.
 * @example show(finding(describeShiftShareMonteCarlo(mc)))
 */
export function describeShiftShareMonteCarlo(mc: ShiftShareMonteCarlo, options: ShiftShareSentenceOptions = {}): string {
  checkOptions("describeShiftShareMonteCarlo", options, optionKeys<ShiftShareSentenceOptions>()(["lang"]));
  const lang = options.lang ?? "en";
  const clauses = mc.designs.map((d) => designClause(mc, d, lang));
  if (lang === "zh") {
    return `误差在行业构成相近的城市之间相关（冲击占误差方差的${pct(mc.errorShare)}），安慰剂移动份额变量的真实系数为0，名义水平5%的检验在${mc.draws}次模拟中的拒绝比例——${clauses.join("。")}。`;
  }
  return `With errors correlated across cities with similar industry shares (the industry shocks are ${pct(mc.errorShare)} of the error variance) and a placebo shift-share whose true coefficient is 0, the nominal 5% tests reject in these shares of ${mc.draws} draws — ${clauses.join("; ")}.`;
}
