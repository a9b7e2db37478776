/** Coefficient plot: point estimates with confidence intervals, from several fits or terms. */
import { OptionsError } from "../../errors";
import { checkOptions } from "../../options";
import type { Annotations, Data, Shape } from "plotly.js";
import { formatFixed } from "../format";
import { type Lang, coefLabel } from "../labels";
import { optionKeys } from "../optionKeys";
import { baseConfig, baseLayout, FIGURE_OPTION_KEYS, type FigureOptions, type FigureSpec, levelText, PALETTE } from "./spec";

/** A fit that reports a coefficient and its confidence interval (FeolsResult has both). */
export interface IntervalFit {
  /** Point estimates, keyed by term. */
  coef: Record<string, number>;
  /**
   * Confidence intervals [lower, upper] of every term at `level` (default 0.95), keyed by term;
   * FeolsResult's are t-based: b ± t_{(1+level)/2, df} · SE.
   */
  confint(level?: number): Record<string, [number, number]>;
}

/** One estimate to plot: from a fit and a term, or given as numbers. */
export type CoefficientItem =
  | {
      /** The fit the estimate and its interval are read from. */
      fit: IntervalFit;
      /** The term whose coefficient is plotted. */
      term: string;
      /** Row label (default: the term's codebook label). */
      label?: string;
      /** Series the estimate belongs to, one colour each (e.g. "OLS", "2SLS"); default: one series. */
      group?: string;
    }
  | {
      /** The point estimate. */
      estimate: number;
      /** Lower end of its confidence interval. */
      lower: number;
      /** Upper end of its confidence interval. */
      upper: number;
      /** Row label. */
      label: string;
      /** Series the estimate belongs to, one colour each; default: one series. */
      group?: string;
    };

/** An estimate with its interval, as plotted. */
export interface PlottedEstimate {
  /** Row label on the vertical axis. */
  label: string;
  /** Series ("" when the items name none). */
  group: string;
  /** The point estimate. */
  estimate: number;
  /** Lower end of the confidence interval. */
  lower: number;
  /** Upper end of the confidence interval. */
  upper: number;
}

/** A reference line (e.g. the true effect of the simulation). */
export interface ReferenceLine {
  /** Where the vertical line crosses the estimate axis. */
  value: number;
  /** Text written at the top of the line, followed by the value. */
  label: string;
}

/** Options of `coefficientPlot`: the figure options and the interval level, reference lines and axis title. */
export interface CoefficientPlotOptions extends FigureOptions {
  /** Confidence level of the intervals taken from fits (default 0.95). */
  level?: number;
  /** Vertical reference lines besides zero (e.g. { value: truth, label: "True effect" }). */
  references?: ReferenceLine[];
  /** Axis title (default "Estimate and 95% confidence interval", with the chosen level). */
  axisTitle?: string;
}

/** The keys of CoefficientPlotOptions, for the options check. */
const COEFFICIENT_PLOT_OPTION_KEYS = optionKeys<CoefficientPlotOptions>()([...FIGURE_OPTION_KEYS, "level", "references", "axisTitle"]);

/**
 * The estimates and intervals of the items (t-based intervals from `fit.confint(level)`).
 * @throws OptionsError when a fit has no coefficient of the term, or an estimate or interval is not finite.
 * @example collectEstimates([{ estimate: -0.2, lower: -0.3, upper: -0.1, label: "2SLS" }]) // [{ label: "2SLS", group: "", estimate: -0.2, lower: -0.3, upper: -0.1 }]
 */
export function collectEstimates(items: CoefficientItem[], level = 0.95, lang: Lang = "en"): PlottedEstimate[] {
  return items.map((item, k) => {
    let out: PlottedEstimate;
    if ("fit" in item) {
      if (!Object.prototype.hasOwnProperty.call(item.fit.coef, item.term)) {
        throw new OptionsError(`Item ${k + 1}: the fit has no coefficient "${item.term}" (it has ${Object.keys(item.fit.coef).join(", ")}).`);
      }
      const [lower, upper] = item.fit.confint(level)[item.term];
      out = { label: item.label ?? coefLabel(item.term, lang), group: item.group ?? "", estimate: item.fit.coef[item.term], lower, upper };
    } else {
      out = { label: item.label, group: item.group ?? "", estimate: item.estimate, lower: item.lower, upper: item.upper };
    }
    if (![out.estimate, out.lower, out.upper].every(Number.isFinite)) {
      throw new OptionsError(`Item ${k + 1} ("${out.label}"): the estimate or its interval is not a finite number.`);
    }
    return out;
  });
}

/**
 * A vertical line across the whole height of the plot at x (dashed by default), as a plotly shape.
 * @example layout.shapes = [verticalLine(0, "#888888", "solid")];
 */
export function verticalLine(x: number, color = "#555555", dash: "dash" | "dot" | "solid" = "dash"): Partial<Shape> {
  return { type: "line", xref: "x", yref: "paper", x0: x, x1: x, y0: 0, y1: 1, line: { color, width: 1.5, dash } };
}

/**
 * A horizontal coefficient plot: one marker per estimate with its confidence interval as error
 * bars, labels on the vertical axis (first item on top), one colour per `group` (e.g. OLS vs
 * 2SLS), a dashed line at zero and optional reference lines (e.g. the true effect).
 * @throws OptionsError for an unknown option, no items, or an item without a finite estimate and interval.
 * @example coefficientPlot([{ fit: ols, term: "ai", label: "OLS" }, { fit: iv, term: "ai", label: "2SLS" }], { references: [{ value: truth, label: "True effect" }] })
 */
export function coefficientPlot(items: CoefficientItem[], options: CoefficientPlotOptions = {}): FigureSpec {
  checkOptions("coefficientPlot", options, COEFFICIENT_PLOT_OPTION_KEYS);
  if (!Array.isArray(items) || items.length === 0) throw new OptionsError("coefficientPlot: pass at least one estimate.");
  const lang = options.lang ?? "en";
  const level = options.level ?? 0.95;
  const rows = collectEstimates(items, level, lang);
  const groups = Array.from(new Set(rows.map((r) => r.group)));
  const data: Data[] = groups.map((group, g) => {
    const mine = rows.filter((r) => r.group === group);
    return {
      type: "scatter",
      mode: "markers",
      name: group === "" ? (lang === "zh" ? "估计值" : "Estimate") : group,
      showlegend: groups.length > 1,
      x: mine.map((r) => r.estimate),
      y: mine.map((r) => r.label),
      error_x: { type: "data", symmetric: false, array: mine.map((r) => r.upper - r.estimate), arrayminus: mine.map((r) => r.estimate - r.lower), thickness: 1.5, width: 4 },
      marker: { color: PALETTE[g % PALETTE.length], size: 9 },
      text: mine.map((r) => `${formatFixed(r.estimate, 3)} [${formatFixed(r.lower, 3)}, ${formatFixed(r.upper, 3)}]`),
      hoverinfo: "y+text",
    };
  });
  const shapes = [verticalLine(0, "#888888", "solid")];
  const annotations: Partial<Annotations>[] = [];
  (options.references ?? []).forEach((ref, k) => {
    const color = PALETTE[(groups.length + k) % PALETTE.length];
    shapes.push(verticalLine(ref.value, color, "dash"));
    annotations.push({ x: ref.value, y: 1, xref: "x", yref: "paper", yanchor: "bottom", text: `${ref.label} (${formatFixed(ref.value, 3)})`, showarrow: false, font: { color, size: 11 } });
  });
  const layout = baseLayout(options.title ?? (lang === "zh" ? "系数估计值及置信区间" : "Coefficient estimates"), options);
  layout.xaxis = { title: { text: options.axisTitle ?? (lang === "zh" ? `估计值及${levelText(level)}置信区间` : `Estimate and ${levelText(level)} confidence interval`) }, zeroline: false };
  layout.yaxis = { autorange: "reversed", automargin: true, type: "category" };
  layout.shapes = shapes;
  layout.annotations = annotations;
  layout.showlegend = groups.length > 1;
  return { data, layout, config: baseConfig() };
}
