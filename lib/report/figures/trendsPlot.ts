/** Yearly trends by group: the mean of a variable by year for each level of a group variable. */
import { unknownNameHint } from "../../names";
import type { Data } from "plotly.js";
import { type DataInput, toDataColumns } from "../../design/input";
import { DataError, OptionsError } from "../../errors";
import { checkOptions } from "../../options";
import { labelInSentence, levelLabel, variableLabel } from "../labels";
import { optionKeys } from "../optionKeys";
import { sortedLevels } from "./forestPlot";
import { baseConfig, baseLayout, FIGURE_OPTION_KEYS, type FigureOptions, type FigureSpec, PALETTE } from "./spec";

/** The yearly means of one group: years ascending, the mean and the number of non-missing values. */
export interface YearlySeries {
  /** The group's level as text ("all" without a group variable). */
  level: string;
  /** The years with at least one value, ascending. */
  years: number[];
  /** The mean of the variable in each year, ȳₜ = Σᵢ yᵢₜ / nₜ over the group's non-missing values. */
  means: number[];
  /** nₜ: the number of non-missing values behind each mean. */
  counts: number[];
}

/** What `yearlyMeans` averages: the variable, the group variable and the year column. */
export interface YearlyMeansOptions {
  /** The variable averaged. */
  variable: string;
  /** Group variable (one series per level); without it, one series for all rows. */
  by?: string;
  /** Year column (default "year"). */
  year?: string;
}

/** Options of `yearlyTrendsPlot`: the figure options, what to average, and labels of the levels. */
export interface TrendsOptions extends FigureOptions, YearlyMeansOptions {
  /** Labels of the levels, overriding the codebook. */
  levelLabels?: Record<string, string>;
}

/** The keys of YearlyMeansOptions, for the options check. */
const YEARLY_MEANS_OPTION_KEYS = optionKeys<YearlyMeansOptions>()(["variable", "by", "year"]);

/** The keys of TrendsOptions, for the options check. */
const TRENDS_OPTION_KEYS = optionKeys<TrendsOptions>()([...FIGURE_OPTION_KEYS, ...YEARLY_MEANS_OPTION_KEYS, "levelLabels"]);

/** Checks that the options name the variable to average. @throws OptionsError when they do not. */
function requireVariable(where: string, options: { variable?: unknown } | undefined): void {
  if (typeof options?.variable !== "string") throw new OptionsError(`${where}: name the variable to average, e.g. { variable: "shrink" }.`);
}

/** True for a missing value: null, undefined, "" or NaN. */
function isMissing(v: unknown): boolean {
  return v === null || v === undefined || v === "" || (typeof v === "number" && Number.isNaN(v));
}

/**
 * Mean of `variable` by year within each level of `by`, skipping rows where the variable, the year
 * or the group is missing. Levels sorted (numerically when all are numbers).
 * @throws OptionsError for an unknown option or no `variable`.
 * @throws DataError when a column is missing or the variable or year holds text.
 * @example yearlyMeans({ year: [2010, 2010, 2011], y: [1, 3, 5] }, { variable: "y" }) // [{ level: "all", years: [2010, 2011], means: [2, 5], counts: [2, 1] }]
 */
export function yearlyMeans(data: DataInput, options: YearlyMeansOptions): YearlySeries[] {
  checkOptions("yearlyMeans", options, YEARLY_MEANS_OPTION_KEYS);
  requireVariable("yearlyMeans", options);
  const columns = toDataColumns(data);
  const yearName = options.year ?? "year";
  for (const name of [options.variable, yearName, ...(options.by ? [options.by] : [])]) {
    if (!columns.has(name)) throw new DataError(`"${name}" is not a column of the data. ${unknownNameHint(name, columns.names(), "Available columns")}`);
  }
  const values = columns.values(options.variable);
  const years = columns.values(yearName);
  const groups = options.by ? columns.values(options.by) : undefined;
  const sums = new Map<string, Map<number, [number, number]>>();
  for (let i = 0; i < columns.nrows; i++) {
    const v = values[i];
    const t = years[i];
    const g = groups ? groups[i] : "all";
    if (isMissing(v) || isMissing(t) || isMissing(g)) continue;
    if (typeof v !== "number") throw new DataError(`Column "${options.variable}" has ${JSON.stringify(v)} in row ${i + 1}, not a number.`);
    if (typeof t !== "number") throw new DataError(`Column "${yearName}" has ${JSON.stringify(t)} in row ${i + 1}, not a number.`);
    const key = String(g);
    let byYear = sums.get(key);
    if (!byYear) sums.set(key, (byYear = new Map()));
    const acc = byYear.get(t) ?? [0, 0];
    acc[0] += v;
    acc[1] += 1;
    byYear.set(t, acc);
  }
  return sortedLevels(Array.from(sums.keys())).map((level) => {
    const byYear = sums.get(level) as Map<number, [number, number]>;
    const ys = Array.from(byYear.keys()).sort((a, b) => a - b);
    return {
      level,
      years: ys,
      means: ys.map((y) => (byYear.get(y) as [number, number])[0] / (byYear.get(y) as [number, number])[1]),
      counts: ys.map((y) => (byYear.get(y) as [number, number])[1]),
    };
  });
}

/**
 * Lines of the yearly mean of a variable, one per group level (labels from the codebook's group
 * flags, e.g. shrinking 0/1 → "Non-shrinking"/"Shrinking").
 * @throws OptionsError for an unknown option or no `variable`.
 * @throws DataError when a column is missing, the variable or year holds text, or no row has a value.
 * @example yearlyTrendsPlot(panel, { variable: "shrink", by: "hu_se", lang: "zh" })
 */
export function yearlyTrendsPlot(data: DataInput, options: TrendsOptions): FigureSpec {
  checkOptions("yearlyTrendsPlot", options, TRENDS_OPTION_KEYS);
  requireVariable("yearlyTrendsPlot", options);
  const lang = options.lang ?? "en";
  const series = yearlyMeans(data, { variable: options.variable, by: options.by, year: options.year });
  if (series.length === 0) throw new DataError(`yearlyTrendsPlot: no row has a value of "${options.variable}".`);
  const traces: Data[] = series.map((s, k) => ({
    type: "scatter",
    mode: "lines+markers",
    name: options.by ? (options.levelLabels?.[s.level] ?? levelLabel(options.by, s.level, lang)) : variableLabel(options.variable, lang),
    x: s.years,
    y: s.means,
    customdata: s.counts,
    hovertemplate: lang === "zh" ? "%{x}年：%{y:.3f}（%{customdata}个观测值）" : "%{x}: %{y:.3f} (n = %{customdata})",
    line: { color: PALETTE[k % PALETTE.length], width: 2 },
    marker: { color: PALETTE[k % PALETTE.length], size: 6 },
  }));
  const label = variableLabel(options.variable, lang);
  const title =
    options.title ??
    (options.by
      ? lang === "zh"
        ? `${label}的年度均值：按${variableLabel(options.by, lang)}分组`
        : `${label}: yearly mean by ${labelInSentence(variableLabel(options.by, lang))}`
      : lang === "zh"
        ? `${label}的年度均值`
        : `${label}: yearly mean`);
  const layout = baseLayout(title, options);
  layout.xaxis = { title: { text: lang === "zh" ? "年份" : "Year" }, dtick: 2 };
  layout.yaxis = { title: { text: label } };
  layout.showlegend = series.length > 1;
  return { data: traces, layout, config: baseConfig() };
}
