/** Placebo distribution: a histogram of placebo coefficients with the real estimate marked. */
import { OptionsError } from "../../errors";
import { checkOptions } from "../../options";
import type { Data } from "plotly.js";
import { formatFixed } from "../format";
import { coefLabel } from "../labels";
import { optionKeys } from "../optionKeys";
import { verticalLine } from "./coefficientPlot";
import { baseConfig, baseLayout, FIGURE_OPTION_KEYS, type FigureOptions, type FigureSpec, PALETTE } from "./spec";

/**
 * A placebo result: the real estimate, the coefficients of the placebo refits — as `placebo` (the
 * shape of `placeboTest`'s result, whose `draws` is their count) or as `draws` — and the empirical
 * p-value when already computed.
 */
export type PlaceboLike =
  | {
      /** The placebo coefficients, one per refit (NaN for a failed refit). */
      placebo: ArrayLike<number>;
      /** The estimate with the real assignment. */
      estimate: number;
      /** The empirical p-value, when already computed (default: `empiricalP`). */
      p?: number;
      /** The coefficient tested, for labels. */
      coef?: string;
    }
  | {
      /** The placebo coefficients, one per refit (NaN for a failed refit). */
      draws: ArrayLike<number>;
      /** The estimate with the real assignment. */
      estimate: number;
      /** The empirical p-value, when already computed (default: `empiricalP`). */
      p?: number;
      /** The coefficient tested, for labels. */
      coef?: string;
    };

/** The placebo coefficients of a result, from `placebo` or `draws`. @throws OptionsError when it has neither. */
function placeboDraws(input: PlaceboLike): ArrayLike<number> {
  if ("placebo" in input && input.placebo && typeof input.placebo === "object") return input.placebo;
  const draws = (input as { draws?: unknown }).draws;
  if (draws && typeof draws === "object" && typeof (draws as ArrayLike<number>).length === "number") return draws as ArrayLike<number>;
  throw new OptionsError("placeboPlot: pass the placebo coefficients as `placebo` (placeboTest's result) or `draws`.");
}

/** Options of `placeboPlot`: the figure options, the coefficient's name and the number of bins. */
export interface PlaceboPlotOptions extends FigureOptions {
  /** The coefficient (for labels; default: the placebo result's `coef`, else none named). */
  term?: string;
  /** Number of histogram bins (default: plotly's choice). */
  bins?: number;
}

/** The keys of PlaceboPlotOptions, for the options check. */
const PLACEBO_PLOT_OPTION_KEYS = optionKeys<PlaceboPlotOptions>()([...FIGURE_OPTION_KEYS, "term", "bins"]);

/**
 * The two-sided empirical p-value of a placebo test (the "经验 p 值" of Chinese papers), counting
 * the real assignment as one of the permutations, as the kit's placeboTest does:
 * (1 + #{|b*| ≥ |b|}) / (1 + R), never 0 (Phipson & Smyth 2010). Non-finite draws (failed refits)
 * are left out of R.
 * @throws OptionsError when there is no finite draw.
 * @example empiricalP([0.1, -0.3, 0.02, 0.5], -0.25) // (1 + 2)/(1 + 4) = 0.6
 */
export function empiricalP(draws: ArrayLike<number>, estimate: number): number {
  let n = 0;
  let extreme = 0;
  for (let i = 0; i < draws.length; i++) {
    const d = draws[i];
    if (!Number.isFinite(d)) continue;
    n++;
    if (Math.abs(d) >= Math.abs(estimate)) extreme++;
  }
  if (n === 0) throw new OptionsError("empiricalP: no finite placebo coefficient.");
  return (1 + extreme) / (1 + n);
}

/**
 * The placebo histogram: the distribution of coefficients from refits with the regressor permuted
 * across cities, a vertical line at the real estimate, and the number of draws and the empirical
 * p-value (the result's own `p` when it has one, otherwise `empiricalP`) in the title.
 * @throws OptionsError for an unknown option, no finite draw, or an estimate that is not finite.
 * @example placeboPlot(placeboTest({ data, formula, coef: "ai", seed: 1 }))
 */
export function placeboPlot(placebo: PlaceboLike, options: PlaceboPlotOptions = {}): FigureSpec {
  checkOptions("placeboPlot", options, PLACEBO_PLOT_OPTION_KEYS);
  const lang = options.lang ?? "en";
  const term = options.term ?? placebo.coef;
  if (!Number.isFinite(placebo.estimate)) throw new OptionsError("placeboPlot: the real estimate is not a finite number.");
  const all = Array.from(placeboDraws(placebo));
  const finite = all.filter((d) => Number.isFinite(d));
  if (finite.length === 0) throw new OptionsError("placeboPlot: no finite placebo coefficient to plot.");
  const failed = all.length - finite.length;
  const p = placebo.p ?? empiricalP(finite, placebo.estimate);
  const pText = p < 0.001 ? "< 0.001" : `= ${formatFixed(p, 3)}`;
  const title =
    options.title ??
    (lang === "zh"
      ? `安慰剂检验：${finite.length}次随机置换${failed > 0 ? `（另有${failed}次失败）` : ""}，经验p值 ${pText}`
      : `Placebo test: ${finite.length} random permutations${failed > 0 ? ` (${failed} failed)` : ""}, empirical p ${pText}`);
  const histogram: Data = {
    type: "histogram",
    x: finite,
    name: lang === "zh" ? "安慰剂系数" : "Placebo coefficients",
    marker: { color: PALETTE[0], line: { color: "#ffffff", width: 0.5 } },
    opacity: 0.8,
  };
  // nbinsx is a plotly histogram attribute that @types/plotly.js does not list.
  if (options.bins !== undefined) Object.assign(histogram, { nbinsx: options.bins });
  const layout = baseLayout(title, options);
  const of = term === undefined ? "" : lang === "zh" ? `${coefLabel(term, lang)}的` : ` of ${coefLabel(term, lang)}`;
  layout.xaxis = { title: { text: lang === "zh" ? `${of}安慰剂系数` : `Placebo coefficient${of}` } };
  layout.yaxis = { title: { text: lang === "zh" ? "频数" : "Count" } };
  layout.bargap = 0.05;
  layout.showlegend = false;
  layout.shapes = [verticalLine(placebo.estimate, PALETTE[1], "dash")];
  layout.annotations = [
    {
      x: placebo.estimate,
      y: 1,
      xref: "x",
      yref: "paper",
      yanchor: "bottom",
      text: lang === "zh" ? `真实估计值 ${formatFixed(placebo.estimate, 3)}` : `Actual estimate ${formatFixed(placebo.estimate, 3)}`,
      showarrow: false,
      font: { color: PALETTE[1], size: 12 },
    },
  ];
  return { data: [histogram], layout, config: baseConfig() };
}
