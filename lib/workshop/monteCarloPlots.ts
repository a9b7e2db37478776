/** Figures of the Monte Carlo lessons: sampling distributions, interval coverage, and the weak-instrument experiment. */
import type { Annotations, Data, Shape } from "plotly.js";
import { checkOptions } from "../options";
import { optionKeys } from "../report/optionKeys";
import type { MonteCarloStudy } from "./monteCarlo";
import type { WeakInstrumentRow } from "./weakInstrument";
import { baseConfig, baseLayout, FIGURE_OPTION_KEYS, PALETTE, type FigureOptions, type FigureSpec } from "../report/figures/spec";

/** Options of `samplingDistributionPlot`: the figure options and an optional second reference line. */
export interface SamplingDistributionPlotOptions extends FigureOptions {
  /** The mean total effect of the simulation (e.g. the truth file's `effects.total.mean`), drawn as a second line. */
  totalEffect?: number;
}

/** The keys of SamplingDistributionPlotOptions, for the options check. */
const SAMPLING_DISTRIBUTION_OPTION_KEYS = optionKeys<SamplingDistributionPlotOptions>()([...FIGURE_OPTION_KEYS, "totalEffect"]);

/** A dashed vertical line across the plot at x. */
function verticalLine(x: number, color: string): Partial<Shape> {
  return { type: "line", xref: "x", yref: "paper", x0: x, x1: x, y0: 0, y1: 1, line: { color, width: 2, dash: "dash" } };
}

/**
 * The sampling distributions of OLS and 2SLS over the Monte Carlo draws (overlaid histograms), with
 * the fixed population 2SLS estimand and the mean total effect drawn as vertical lines.
 * @throws OptionsError for an unknown option.
 * @example show(figureBundle(samplingDistributionPlot(study, { totalEffect: truth.effects.total.mean })))
 */
export function samplingDistributionPlot(study: MonteCarloStudy, options: SamplingDistributionPlotOptions = {}): FigureSpec {
  checkOptions("samplingDistributionPlot", options, SAMPLING_DISTRIBUTION_OPTION_KEYS);
  const data: Data[] = [
    { type: "histogram", x: Array.from(study.ols), name: "OLS", opacity: 0.6, marker: { color: PALETTE[0] } },
    { type: "histogram", x: Array.from(study.iv), name: "2SLS", opacity: 0.6, marker: { color: PALETTE[1] } },
  ];
  const target = study.target.value;
  const shapes = [verticalLine(target, "#222222")];
  const annotations: Partial<Annotations>[] = [{ x: target, y: 0.98, xref: "x", yref: "paper", text: " population 2SLS estimand", showarrow: false, yanchor: "top", xanchor: "left" }];
  if (options.totalEffect !== undefined) {
    shapes.push(verticalLine(options.totalEffect, PALETTE[2]));
    annotations.push({ x: options.totalEffect, y: 0.98, xref: "x", yref: "paper", text: "mean total effect ", showarrow: false, yanchor: "top", xanchor: "right" });
  }
  const layout = baseLayout(options.title ?? `OLS and 2SLS over ${study.draws} simulated panels`, options);
  layout.barmode = "overlay";
  layout.shapes = shapes;
  layout.annotations = annotations;
  layout.xaxis = { title: { text: "Estimated effect of ai on shrink" } };
  layout.yaxis = { title: { text: "Draws" } };
  return { data, layout, config: baseConfig() };
}

/**
 * Coverage of city-clustered and iid 95% intervals (bars, with ±1.96 Monte Carlo SEs √(c(1 − c)/B)),
 * against the fixed population 2SLS estimand and, for contrast, against each draw's own 2SLS on the
 * outcome's systematic part (`drawEstimand`); the nominal 95% as a dashed line.
 * @throws OptionsError for an unknown option.
 * @example show(figureBundle(coveragePlot(study)))
 */
export function coveragePlot(study: MonteCarloStudy, options: FigureOptions = {}): FigureSpec {
  checkOptions("coveragePlot", options, FIGURE_OPTION_KEYS);
  const c = study.coverage;
  const labels = ["City-clustered SE", "iid SE"];
  const percent = (v: number) => `${(100 * v).toFixed(1)}%`;
  const data: Data[] = [
    {
      type: "bar",
      name: "fixed population target",
      x: labels,
      y: [c.cluster, c.iid],
      error_y: { type: "data", array: [1.96 * c.clusterMcSe, 1.96 * c.iidMcSe], visible: true },
      marker: { color: PALETTE[0] },
      text: [c.cluster, c.iid].map(percent),
      textposition: "inside",
      insidetextanchor: "middle",
    },
    {
      type: "bar",
      name: "each draw's own drawEstimand",
      x: labels,
      y: [study.drawCoverage.cluster, study.drawCoverage.iid],
      marker: { color: PALETTE[4], opacity: 0.5 },
      text: [study.drawCoverage.cluster, study.drawCoverage.iid].map(percent),
      textposition: "inside",
      insidetextanchor: "middle",
    },
  ];
  const layout = baseLayout(options.title ?? `Coverage of 95% intervals for 2SLS (${study.draws} draws)`, options);
  layout.barmode = "group";
  layout.yaxis = { title: { text: "Share of draws covering the target" }, range: [0, 1.15] };
  layout.shapes = [{ type: "line", xref: "paper", yref: "y", x0: 0, x1: 1, y0: 0.95, y1: 0.95, line: { color: "#555555", dash: "dash" } }];
  return { data, layout, config: baseConfig() };
}

/**
 * As the instrument weakens: the median cluster-robust KP F (log scale) against the median 2SLS
 * estimate (error bars ±1.96 Monte Carlo SEs), the mean OLS estimate and the population 2SLS estimand,
 * with F = 10, the rule of thumb of Staiger & Stock (1997), marked for reference.
 * @throws OptionsError for an unknown option.
 * @example show(figureBundle(weakInstrumentPlot(study, weakInstrumentRows(study))))
 */
export function weakInstrumentPlot(study: MonteCarloStudy, rows: WeakInstrumentRow[], options: FigureOptions = {}): FigureSpec {
  checkOptions("weakInstrumentPlot", options, FIGURE_OPTION_KEYS);
  const f = rows.map((r) => r.medianKpF);
  const ols = study.ols.reduce((s, v) => s + v, 0) / study.draws;
  const flat = (y: number, name: string, color: string): Data => ({ type: "scatter", mode: "lines", x: f, y: f.map(() => y), name, line: { color, dash: "dash" } });
  const data: Data[] = [
    {
      type: "scatter",
      mode: "lines+markers",
      x: f,
      y: rows.map((r) => r.medianIv),
      error_y: { type: "data", array: rows.map((r) => 1.96 * r.medianBiasMcSe), visible: true },
      name: "2SLS (median)",
      line: { color: PALETTE[1] },
    },
    flat(ols, "OLS (mean)", PALETTE[0]),
    flat(study.target.value, "population 2SLS estimand", "#222222"),
  ];
  const layout = baseLayout(options.title ?? `2SLS as the instrument weakens (${study.draws} panels per row)`, options);
  layout.xaxis = { title: { text: "Median Kleibergen–Paap F, cluster-robust (log scale)" }, type: "log" };
  layout.yaxis = { title: { text: "Effect of ai on shrink" } };
  layout.shapes = [{ type: "line", xref: "x", yref: "paper", x0: 10, x1: 10, y0: 0, y1: 1, line: { color: "#999999", dash: "dot" } }];
  layout.annotations = [{ x: 1, y: 0.02, xref: "x", yref: "paper", text: " F = 10 (rule of thumb)", showarrow: false, yanchor: "bottom", xanchor: "left" }];
  return { data, layout, config: baseConfig() };
}
