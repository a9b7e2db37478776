/** The standard error of one coefficient against the distance cutoff of a Conley variance, with reference SEs as lines. */
import type { Data } from "plotly.js";
import { OptionsError } from "../../errors";
import { checkOptions } from "../../options";
import { coefLabel } from "../labels";
import { optionKeys } from "../optionKeys";
import { baseConfig, baseLayout, FIGURE_OPTION_KEYS, type FigureOptions, type FigureSpec, PALETTE } from "./spec";

/** A fit as this figure reads it: its standard errors by coefficient name. */
export interface SeFit {
  /** Standard errors keyed by coefficient name. */
  se: Record<string, number>;
}

/** Options of `cutoffPlot`: the figure options and reference fits drawn as horizontal lines. */
export interface CutoffPlotOptions extends FigureOptions {
  /** Fits under other variances (e.g. clustered by city, Driscoll–Kraay), keyed by the label of their line. */
  references?: Record<string, SeFit>;
}

const CUTOFF_PLOT_OPTION_KEYS = optionKeys<CutoffPlotOptions>()([...FIGURE_OPTION_KEYS, "references"]);

/**
 * The SE of `term` under Conley variances with growing cutoffs (one fit per cutoff, e.g. from `fit.withVcov`),
 * as markers joined by a line, and the SE under each reference variance as a dashed horizontal line: how
 * much the inference depends on the assumed range of spatial correlation (Conley 1999).
 * @throws OptionsError when cutoffs and fits differ in length or a fit has no SE for `term`.
 * @example cutoffPlot([100, 500], [250, 500].map((c) => fit.withVcov({ conley: { lat: "lat", lon: "lon", cutoff: c } })), "ai", { references: { "Clustered (city)": fit } })
 */
export function cutoffPlot(cutoffs: number[], fits: SeFit[], term: string, options: CutoffPlotOptions = {}): FigureSpec {
  checkOptions("cutoffPlot", options, CUTOFF_PLOT_OPTION_KEYS);
  if (cutoffs.length !== fits.length || cutoffs.length === 0) {
    throw new OptionsError(`cutoffPlot: give one fit per cutoff (${cutoffs.length} cutoffs, ${fits.length} fits).`);
  }
  const seOf = (fit: SeFit, what: string): number => {
    const se = fit.se[term];
    if (!Number.isFinite(se)) throw new OptionsError(`cutoffPlot: ${what} has no standard error for "${term}"; its coefficients are ${Object.keys(fit.se).join(", ")}.`);
    return se;
  };
  const lang = options.lang ?? "en";
  const label = coefLabel(term, lang);
  const title = options.title ?? (lang === "zh" ? `${label}的Conley标准误与距离阈值` : `Conley standard error of ${label} by distance cutoff`);
  const conley: Data = {
    type: "scatter",
    mode: "lines+markers",
    x: cutoffs,
    y: fits.map((f, k) => seOf(f, `the fit for cutoff ${cutoffs[k]}`)),
    name: "Conley",
    marker: { color: PALETTE[0], size: 8 },
    line: { color: PALETTE[0] },
  };
  const references = Object.entries(options.references ?? {});
  const lines: Data[] = references.map(([name, fit], k) => ({
    type: "scatter",
    mode: "lines",
    x: [Math.min(...cutoffs), Math.max(...cutoffs)],
    y: [seOf(fit, `the reference "${name}"`), seOf(fit, `the reference "${name}"`)],
    name,
    line: { color: PALETTE[(k + 1) % PALETTE.length], dash: "dash" },
  }));
  const layout = baseLayout(title, options);
  layout.xaxis = { title: { text: lang === "zh" ? "距离阈值（公里）" : "Distance cutoff (km)" } };
  layout.yaxis = { title: { text: lang === "zh" ? "标准误" : "Standard error" }, rangemode: "tozero" };
  return { data: [conley, ...lines], layout, config: baseConfig() };
}
