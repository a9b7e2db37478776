/** Yearly trends by group: the mean of a variable by year for each level of a group variable. */
import type { Data } from "plotly.js";
import { type DataInput, toDataColumns } from "../../design/input";
import { DataError } from "../../errors";
import { levelLabel, variableLabel } from "../labels";
import { sortedLevels } from "./forestPlot";
import { baseConfig, baseLayout, type FigureOptions, type FigureSpec, PALETTE } from "./spec";

/** The yearly means of one group: years ascending, the mean and the number of non-missing values. */
export interface YearlySeries {
  level: string;
  years: number[];
  means: number[];
  counts: number[];
}

export interface TrendsOptions extends FigureOptions {
  variable: string;
  /** Group variable (one line per level); without it, one line for all rows. */
  by?: string;
  /** Year column (default "year"). */
  year?: string;
  /** Labels of the levels, overriding the codebook. */
  levelLabels?: Record<string, string>;
}

function isMissing(v: unknown): boolean {
  return v === null || v === undefined || v === "" || (typeof v === "number" && Number.isNaN(v));
}

/**
 * Mean of `variable` by year within each level of `by`, skipping rows where the variable, the year
 * or the group is missing. Levels sorted (numerically when all are numbers).
 * @throws DataError when a column is missing or the variable or year holds text.
 */
export function yearlyMeans(data: DataInput, options: { variable: string; by?: string; year?: string }): YearlySeries[] {
  const columns = toDataColumns(data);
  const yearName = options.year ?? "year";
  for (const name of [options.variable, yearName, ...(options.by ? [options.by] : [])]) {
    if (!columns.has(name)) throw new DataError(`"${name}" is not a column of the data. Available columns: ${columns.names().join(", ")}.`);
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
 * @example yearlyTrendsPlot(panel, { variable: "shrink", by: "hu_se", lang: "zh" })
 */
export function yearlyTrendsPlot(data: DataInput, options: TrendsOptions): FigureSpec {
  const lang = options.lang ?? "en";
  const series = yearlyMeans(data, options);
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
        : `${label}: yearly mean by ${variableLabel(options.by, lang).toLowerCase()}`
      : lang === "zh"
        ? `${label}的年度均值`
        : `${label}: yearly mean`);
  const layout = baseLayout(title, options);
  layout.xaxis = { title: { text: lang === "zh" ? "年份" : "Year" }, dtick: 2 };
  layout.yaxis = { title: { text: label } };
  layout.showlegend = series.length > 1;
  return { data: traces, layout, config: baseConfig() };
}
