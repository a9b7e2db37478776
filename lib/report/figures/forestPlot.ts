/** Group forest plot: the coefficient in each group with its interval, and the difference test. */
import { OptionsError } from "../../errors";
import { checkOptions } from "../../options";
import { formatPValue } from "../../result/format";
import type { Annotations, Data } from "plotly.js";
import { formatFixed } from "../format";
import type { PermutationTestSummary } from "../findings/groups";
import { type Lang, levelLabel, coefLabel, labelInSentence, variableLabel } from "../labels";
import { optionKeys } from "../optionKeys";
import { type IntervalFit, verticalLine } from "./coefficientPlot";
import { baseConfig, baseLayout, FIGURE_OPTION_KEYS, type FigureOptions, type FigureSpec, levelText, PALETTE } from "./spec";

/**
 * The shape of a group comparison (design §3, `compareGroups`): a fit per level, the difference
 * (second level minus first, levels in sorted order) and its tests.
 */
export interface GroupComparisonLike {
  /** The fit of each group, keyed by the level of the grouping variable ("0", "1"). */
  fits: Record<string, IntervalFit>;
  /** The grouping variable (compareGroups's result has it). */
  by?: string;
  /** The compared coefficient (compareGroups's result has it). */
  coef?: string;
  /** The difference of the coefficient between the groups: second level minus first, levels in sorted order. */
  difference: number;
  /** Test of the interaction term group × regressor in the pooled model. */
  interaction?: {
    /** The interaction coefficient: the difference as the pooled model estimates it. */
    estimate: number;
    /** Its standard error. */
    se: number;
    /** Two-sided p-value of H₀: no difference. */
    p: number;
  };
  /** Seemingly-unrelated-estimation (SUEST) Wald test that the two groups' coefficients are equal. */
  suest?: {
    /** Wald statistic (b₂ − b₁)² / (V₁ + V₂ − 2·C₁₂), χ² with 1 degree of freedom. */
    chi2: number;
    /** Its p-value. */
    p: number;
  };
  /** Permutation test: group labels reassigned at random, the difference refitted each time. */
  permutation?: PermutationTestSummary;
}

/** One group's estimate, given as numbers. */
export interface GroupEstimate {
  /** Row label: the group's name. */
  label: string;
  /** The group's point estimate. */
  estimate: number;
  /** Lower end of its confidence interval. */
  lower: number;
  /** Upper end of its confidence interval. */
  upper: number;
}

/** Options of `groupForestPlot`: the figure options and the term, grouping variable, level labels, level and test line. */
export interface ForestPlotOptions extends FigureOptions {
  /** The coefficient compared (default: the comparison's `coef`; required for a comparison without one). */
  term?: string;
  /** The grouping variable, for level labels from the codebook (default: the comparison's `by`). */
  by?: string;
  /** Labels of the levels, overriding the codebook. */
  levelLabels?: Record<string, string>;
  /** Confidence level (default 0.95). */
  level?: number;
  /** The difference-test line under the plot (default: made from the comparison's tests). */
  testText?: string;
}

/** The keys of ForestPlotOptions, for the options check. */
const FOREST_PLOT_OPTION_KEYS = optionKeys<ForestPlotOptions>()([...FIGURE_OPTION_KEYS, "term", "by", "levelLabels", "level", "testText"]);

/**
 * Sorted level keys, numerically when all are numbers, otherwise as strings.
 * @example sortedLevels(["10", "2", "1"]) // ["1", "2", "10"]
 */
export function sortedLevels(keys: string[]): string[] {
  const numeric = keys.every((k) => k.trim() !== "" && Number.isFinite(Number(k)));
  return keys.slice().sort(numeric ? (a, b) => Number(a) - Number(b) : undefined);
}

/** A p-value as "= 0.004", or "< 0.001" below 0.001. */
function p3(p: number): string {
  return p < 0.001 ? "< 0.001" : `= ${formatFixed(p, 3)}`;
}

/**
 * The difference-test line: the difference (second level minus first) and whichever tests the
 * comparison carries — the interaction term of the pooled model, the SUEST Wald test and the
 * permutation test with its number of draws.
 * @example differenceTestText(cmp, "en") // "Difference (1 − 0) = -0.150; interaction p = 0.004; SUEST χ² = 8.1, p = 0.004; studentized permutation p ≤ 0.002 (499 draws)"
 */
export function differenceTestText(comparison: GroupComparisonLike, lang: Lang = "en", labels?: [string, string]): string {
  const levels = sortedLevels(Object.keys(comparison.fits));
  const [a, b] = labels ?? [levels[0], levels[1]];
  const parts: string[] = [];
  parts.push(lang === "zh" ? `组间差异（${b} − ${a}）= ${formatFixed(comparison.difference, 3)}` : `Difference (${b} − ${a}) = ${formatFixed(comparison.difference, 3)}`);
  if (comparison.interaction) parts.push(lang === "zh" ? `交互项检验 p ${p3(comparison.interaction.p)}` : `interaction p ${p3(comparison.interaction.p)}`);
  if (comparison.suest) parts.push(`SUEST χ² = ${formatFixed(comparison.suest.chi2, 2)}, p ${p3(comparison.suest.p)}`);
  if (comparison.permutation) {
    const perm = comparison.permutation;
    const p = formatPValue(perm.p, { draws: perm.exact ? undefined : perm.draws });
    const studentized = perm.statistic === "studentized";
    parts.push(
      lang === "zh"
        ? `${studentized ? "学生化" : ""}置换检验经验p值 ${p}（${perm.draws}次${perm.exact ? "，穷举" : ""}）`
        : `${studentized ? "studentized " : ""}permutation p ${p} (${perm.draws} ${perm.exact ? "assignments, exact" : "draws"})`,
    );
  }
  return parts.join(lang === "zh" ? "；" : "; ");
}

/** True when the input is a group comparison rather than a list of estimates. */
function isComparison(input: GroupComparisonLike | GroupEstimate[]): input is GroupComparisonLike {
  return !Array.isArray(input) && typeof input === "object" && input !== null && "fits" in input;
}

/** The rows of a forest plot and the difference-test line under it. */
interface ForestRows {
  /** One estimate per group, in plotting order. */
  rows: GroupEstimate[];
  /** The line under the plot (undefined: none). */
  testText: string | undefined;
}

/**
 * The groups' estimates and intervals: from a comparison's fits (levels sorted, labelled by
 * `levelLabels` or the codebook), or the estimates as given; the test line unless `testText` is set.
 * @throws OptionsError when there is no group, a fit lacks the term, or an estimate or interval is not finite.
 */
function forestRows(input: GroupComparisonLike | GroupEstimate[], options: ForestPlotOptions, term: string, level: number): ForestRows {
  const lang = options.lang ?? "en";
  let rows: GroupEstimate[];
  let testText = options.testText;
  if (isComparison(input)) {
    const by = options.by ?? input.by;
    const levels = sortedLevels(Object.keys(input.fits));
    if (levels.length === 0) throw new OptionsError("groupForestPlot: the comparison has no group fits.");
    const label = (lv: string): string => options.levelLabels?.[lv] ?? levelLabel(by, lv, lang);
    rows = levels.map((lv) => {
      const fit = input.fits[lv];
      if (!Object.prototype.hasOwnProperty.call(fit.coef, term)) throw new OptionsError(`groupForestPlot: the fit of group "${lv}" has no coefficient "${term}"; pass options.term.`);
      const [lower, upper] = fit.confint(level)[term];
      return { label: label(lv), estimate: fit.coef[term], lower, upper };
    });
    testText ??= differenceTestText(input, lang, levels.length >= 2 ? [label(levels[0]), label(levels[1])] : undefined);
  } else {
    if (input.length === 0) throw new OptionsError("groupForestPlot: pass at least one group estimate.");
    rows = input;
  }
  for (const r of rows) {
    if (![r.estimate, r.lower, r.upper].every(Number.isFinite)) throw new OptionsError(`groupForestPlot: the estimate of group "${r.label}" or its interval is not finite.`);
  }
  return { rows, testText };
}

/** The forest plot's one trace: a square marker per group with its interval as error bars. */
function forestTrace(rows: GroupEstimate[], name: string): Data {
  return {
    type: "scatter",
    mode: "markers",
    name,
    x: rows.map((r) => r.estimate),
    y: rows.map((r) => r.label),
    error_x: { type: "data", symmetric: false, array: rows.map((r) => r.upper - r.estimate), arrayminus: rows.map((r) => r.estimate - r.lower), thickness: 1.5, width: 5 },
    marker: { color: rows.map((_, k) => PALETTE[k % PALETTE.length]), size: 11, symbol: "square" },
    text: rows.map((r) => `${formatFixed(r.estimate, 3)} [${formatFixed(r.lower, 3)}, ${formatFixed(r.upper, 3)}]`),
    hoverinfo: "y+text",
    showlegend: false,
  };
}

/**
 * A forest plot of group estimates: one row per group with its confidence interval, a line at
 * zero, and the difference test written under the plot. Takes a `compareGroups` result (levels in
 * sorted order, labels from the codebook's group flags when `by` is given) or the estimates as numbers.
 * @throws OptionsError for an unknown option, no group, a fit without the term, or an estimate or interval that is not finite.
 * @example groupForestPlot(cmp, { term: "ai", by: "hu_se", lang: "zh" })
 */
export function groupForestPlot(input: GroupComparisonLike | GroupEstimate[], options: ForestPlotOptions = {}): FigureSpec {
  checkOptions("groupForestPlot", options, FOREST_PLOT_OPTION_KEYS);
  const lang = options.lang ?? "en";
  const level = options.level ?? 0.95;
  const term = options.term ?? (isComparison(input) ? input.coef : undefined);
  if (term === undefined && isComparison(input)) throw new OptionsError("groupForestPlot: the comparison names no coefficient; pass options.term.");
  const { rows, testText } = forestRows(input, options, term ?? "", level);
  const of = term === undefined ? "" : lang === "zh" ? `：${coefLabel(term, lang)}的系数` : ` of the coefficient of ${coefLabel(term, lang)}`;
  const by = options.by ?? (isComparison(input) ? input.by : undefined);
  const split = by === undefined ? "" : lang === "zh" ? `（按${variableLabel(by, lang)}分组）` : `, by ${labelInSentence(variableLabel(by, lang))}`;
  const title = options.title ?? (lang === "zh" ? `分组估计${of}${split}` : `Group estimates${of}${split}`);
  const layout = baseLayout(title, options);
  layout.xaxis = { title: { text: lang === "zh" ? `估计值及${levelText(level)}置信区间` : `Estimate and ${levelText(level)} confidence interval` }, zeroline: false };
  layout.yaxis = { autorange: "reversed", automargin: true, type: "category" };
  layout.shapes = [verticalLine(0, "#888888", "solid")];
  layout.margin = { l: 70, r: 30, t: 80, b: testText ? 130 : 60 };
  const annotations: Partial<Annotations>[] = [];
  // The test line sits a fixed number of pixels below the plot area, under the axis title.
  // Two lines (the difference, then its tests) so the text fits a notebook-wide plot.
  if (testText) annotations.push({ text: testText.replace(/; |；/, (sep) => (sep === "；" ? "；<br>" : "<br>")), x: 0, y: 0, xref: "paper", yref: "paper", xanchor: "left", yanchor: "top", yshift: -78, showarrow: false, font: { size: 12 } });
  layout.annotations = annotations;
  return { data: [forestTrace(rows, term === undefined ? (lang === "zh" ? "估计值" : "Estimate") : coefLabel(term, lang))], layout, config: baseConfig() };
}
