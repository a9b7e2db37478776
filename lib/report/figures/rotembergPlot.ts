/**
 * Goldsmith-Pinkham, Sorkin & Swift's (2020) heterogeneity figure: each sector's just-identified estimate
 * β_k against the F statistic of its own first stage, the marker's area proportional to |α_k| (their Stata
 * `scatter … [aweight = abs(alpha)]`), positive and negative weights as separate series, and the Bartik
 * estimate Σ α_kβ_k as a dashed line. Sectors whose F is below `minF` (GPSS: 5) are left out, because their
 * β_k are too noisy to read.
 */
import type { Data } from "plotly.js";
import { OptionsError } from "../../errors";
import { checkOptions } from "../../options";
import { optionKeys } from "../optionKeys";
import { baseConfig, baseLayout, FIGURE_OPTION_KEYS, type FigureOptions, type FigureSpec, PALETTE } from "./spec";

/** What the figure reads from `rotembergWeights`' result (one number per sector). */
export interface RotembergLike {
  /** Rotemberg weights α_k. */
  alpha: number[];
  /** Just-identified estimates β_k. */
  beta: number[];
  /** First-stage F of each sector's share alone. */
  firstStageF: number[];
  /** Sector names. */
  sectors: string[];
  /** The Bartik 2SLS estimate (drawn as the dashed line). */
  bartikEstimate: number;
}

/** Options of `rotembergPlot`. */
export interface RotembergPlotOptions extends FigureOptions {
  /** Leave out sectors whose first-stage F is below this (default 5, as GPSS). */
  minF?: number;
  /** Diameter in pixels of the marker of the largest |α| (default 40). */
  maxMarker?: number;
}

const ROTEMBERG_PLOT_OPTION_KEYS = optionKeys<RotembergPlotOptions>()([...FIGURE_OPTION_KEYS, "minF", "maxMarker"]);

/**
 * β_k against the first-stage F_k, marker area ∝ |α_k| (at least 2 px wide, so every sector shows), blue
 * circles for α_k > 0 and vermilion diamonds for α_k < 0, a dashed line at the Bartik estimate.
 *
 *   diameter_k = maxMarker · √(|α_k| / max_j |α_j|)
 *
 * Goldsmith-Pinkham, Sorkin & Swift (2020), AER 110(8), Figure 2 (ADH: β_k against F_k).
 * @throws OptionsError for an unknown option, arrays of different lengths, or no sector left with F ≥ minF.
 * @example rotembergPlot(rotembergWeights({ ..., firstStageVcov: { cluster: "czone" } }), { minF: 5 })
 */
export function rotembergPlot(weights: RotembergLike, options: RotembergPlotOptions = {}): FigureSpec {
  checkOptions("rotembergPlot", options, ROTEMBERG_PLOT_OPTION_KEYS);
  const { alpha, beta, firstStageF, sectors } = weights;
  const k = alpha.length;
  if (beta.length !== k || firstStageF.length !== k || sectors.length !== k) {
    throw new OptionsError(`rotembergPlot: alpha, beta, firstStageF and sectors must have one entry per sector (${k}, ${beta.length}, ${firstStageF.length}, ${sectors.length}); pass the result of rotembergWeights.`);
  }
  const minF = options.minF ?? 5;
  const maxMarker = options.maxMarker ?? 40;
  const shown = alpha.map((_, s) => s).filter((s) => alpha[s] !== 0 && Number.isFinite(beta[s]) && firstStageF[s] >= minF);
  if (shown.length === 0) {
    throw new OptionsError(`rotembergPlot: no sector has a first-stage F of at least ${minF} (and a non-zero weight); lower minF to see the weaker ones.`);
  }
  const largest = Math.max(...shown.map((s) => Math.abs(alpha[s])));
  const lang = options.lang ?? "en";
  const series = (positive: boolean, k2: number): Data => {
    const members = shown.filter((s) => (alpha[s] > 0) === positive);
    return {
      type: "scatter",
      mode: "markers",
      x: members.map((s) => firstStageF[s]),
      y: members.map((s) => beta[s]),
      text: members.map((s) => `${sectors[s]}<br>α = ${alpha[s].toPrecision(3)}, β = ${beta[s].toPrecision(3)}, F = ${firstStageF[s].toPrecision(3)}`),
      hoverinfo: "text",
      name: positive ? (lang === "zh" ? "正权重" : "Positive weights") : lang === "zh" ? "负权重" : "Negative weights",
      marker: {
        color: "rgba(0,0,0,0)",
        line: { color: PALETTE[k2], width: 1.5 },
        symbol: positive ? "circle" : "diamond",
        size: members.map((s) => Math.max(2, maxMarker * Math.sqrt(Math.abs(alpha[s]) / largest))),
      },
    };
  };
  const fs = shown.map((s) => firstStageF[s]);
  const estimate: Data = {
    type: "scatter",
    mode: "lines",
    x: [Math.min(...fs), Math.max(...fs)],
    y: [weights.bartikEstimate, weights.bartikEstimate],
    name: lang === "zh" ? "Bartik估计" : "Bartik estimate",
    line: { color: PALETTE[7], dash: "dash" },
  };
  const title = options.title ?? (lang === "zh" ? "各行业的β_k与第一阶段F（点面积∝|α_k|）" : "Sector estimates β_k against first-stage F (area ∝ |α_k|)");
  const layout = baseLayout(title, options);
  layout.xaxis = { title: { text: lang === "zh" ? "第一阶段F统计量" : "First-stage F statistic" } };
  layout.yaxis = { title: { text: lang === "zh" ? "β_k估计值" : "β_k estimate" } };
  return { data: [series(true, 0), series(false, 1), estimate], layout, config: baseConfig() };
}
