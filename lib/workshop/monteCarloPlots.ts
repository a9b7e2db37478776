/** Figures of the Monte Carlo lessons: sampling distributions, interval coverage, and the weak-instrument experiment. */
import type { Data, Shape } from "plotly.js";
import { checkOptions } from "../options";
import { optionKeys } from "../report/optionKeys";
import type { MonteCarloStudy, WeakInstrumentRow } from "./monteCarlo";
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
 * the mean 2SLS estimand and the mean total effect drawn as vertical lines.
 * @throws OptionsError for an unknown option.
 * @example show(figureBundle(samplingDistributionPlot(study, { totalEffect: truth.effects.total.mean })))
 */
export function samplingDistributionPlot(study: MonteCarloStudy, options: SamplingDistributionPlotOptions = {}): FigureSpec {
  checkOptions("samplingDistributionPlot", options, SAMPLING_DISTRIBUTION_OPTION_KEYS);
  const data: Data[] = [
    { type: "histogram", x: Array.from(study.ols), name: "OLS", opacity: 0.6, marker: { color: PALETTE[0] } },
    { type: "histogram", x: Array.from(study.iv), name: "2SLS", opacity: 0.6, marker: { color: PALETTE[1] } },
  ];
  const shapes = [verticalLine(study.meanEstimand, "#222222")];
  const annotations = [{ x: study.meanEstimand, y: 1, xref: "x" as const, yref: "paper" as const, text: "2SLS estimand", showarrow: false, yanchor: "bottom" as const }];
  if (options.totalEffect !== undefined) {
    shapes.push(verticalLine(options.totalEffect, PALETTE[2]));
    annotations.push({ x: options.totalEffect, y: 0.92, xref: "x", yref: "paper", text: "mean total effect", showarrow: false, yanchor: "bottom" });
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
 * Coverage of the 2SLS estimand by city-clustered and iid 95% intervals (bars), against the nominal
 * 95% (dashed line). With R draws a coverage share has a Monte Carlo SE of √(0.95·0.05/R).
 * @throws OptionsError for an unknown option.
 * @example show(figureBundle(coveragePlot(study)))
 */
export function coveragePlot(study: MonteCarloStudy, options: FigureOptions = {}): FigureSpec {
  checkOptions("coveragePlot", options, FIGURE_OPTION_KEYS);
  const data: Data[] = [
    {
      type: "bar",
      x: ["City-clustered SE", "iid SE"],
      y: [study.coverage.cluster, study.coverage.iid],
      marker: { color: [PALETTE[0], PALETTE[4]] },
      text: [study.coverage.cluster, study.coverage.iid].map((c) => `${(100 * c).toFixed(1)}%`),
      textposition: "outside",
    },
  ];
  const layout = baseLayout(options.title ?? `Coverage of 95% intervals for 2SLS (${study.draws} draws)`, options);
  layout.yaxis = { title: { text: "Share of draws covering the estimand" }, range: [0, 1.1] };
  layout.shapes = [{ type: "line", xref: "paper", yref: "y", x0: 0, x1: 1, y0: 0.95, y1: 0.95, line: { color: "#555555", dash: "dash" } }];
  layout.showlegend = false;
  return { data, layout, config: baseConfig() };
}

/**
 * As the instrument weakens: median first-stage F (log scale) against the median 2SLS estimate, the
 * mean OLS estimate and the estimand, with the rule-of-thumb F = 10 marked (Staiger & Stock 1997).
 * @throws OptionsError for an unknown option.
 * @example show(figureBundle(weakInstrumentPlot(weakInstrumentExperiment({ instrumentNoise: [0, 0.8], draws: 49, seed: 1 }))))
 */
export function weakInstrumentPlot(rows: WeakInstrumentRow[], options: FigureOptions = {}): FigureSpec {
  checkOptions("weakInstrumentPlot", options, FIGURE_OPTION_KEYS);
  const f = rows.map((r) => r.medianFirstStageF);
  const line = (y: number[], name: string, color: string, dash: "solid" | "dash" | "dot"): Data => ({
    type: "scatter",
    mode: "lines+markers",
    x: f,
    y,
    name,
    line: { color, dash },
  });
  const data: Data[] = [
    line(rows.map((r) => r.medianIv), "2SLS (median)", PALETTE[1], "solid"),
    line(rows.map((r) => r.meanOls), "OLS (mean)", PALETTE[0], "dash"),
    line(rows.map((r) => r.meanEstimand), "2SLS estimand", "#222222", "dot"),
  ];
  const layout = baseLayout(options.title ?? "A weaker instrument pulls 2SLS towards OLS", options);
  layout.xaxis = { title: { text: "Median first-stage F (log scale)" }, type: "log" };
  layout.yaxis = { title: { text: "Effect of ai on shrink" } };
  layout.shapes = [{ type: "line", xref: "x", yref: "paper", x0: 10, x1: 10, y0: 0, y1: 1, line: { color: "#999999", dash: "dot" } }];
  return { data, layout, config: baseConfig() };
}
