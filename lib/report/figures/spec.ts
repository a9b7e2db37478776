/**
 * What every figure helper returns: a plotly figure spec `{ data, layout, config? }` (types from
 * @types/plotly.js). plotly.js cannot run in Node, so lib/ only builds specs; display.ts shows them
 * in a notebook or writes a standalone HTML file.
 */
import type { Config, Data, Layout } from "plotly.js";
import { dataCaptionText } from "../defaults";
import type { Lang } from "../labels";
import { optionKeys } from "../optionKeys";

/** A plotly figure: traces, layout and optional config. */
export interface FigureSpec {
  /** The traces (scatter, histogram, bar …), drawn in order. */
  data: Data[];
  /** Title, axes, shapes, annotations, size and fonts. */
  layout: Partial<Layout>;
  /** Plotly's config (responsiveness, mode bar); the kit's default is `baseConfig()`. */
  config?: Partial<Config>;
}

/** Options every figure helper takes. */
export interface FigureOptions {
  /** Title (a default is made from the inputs). */
  title?: string;
  /** Language of labels and titles (default "en"). */
  lang?: Lang;
  /** Show the caption on the data set with `setReportDefaults({ dataCaption })` under the title (default true). */
  dataNote?: boolean;
  /** Width in pixels (default: the container's width). */
  width?: number;
  /** Height in pixels (default: plotly's 450). */
  height?: number;
}

/**
 * The keys of FigureOptions, shared by every figure helper's options check: a helper lists them
 * and its own keys.
 * @example checkOptions("placeboPlot", options, [...FIGURE_OPTION_KEYS, "term", "bins"]);
 */
export const FIGURE_OPTION_KEYS = optionKeys<FigureOptions>()(["title", "lang", "dataNote", "width", "height"]);

/**
 * A fixed palette (Okabe–Ito, readable by colour-blind readers); series k takes PALETTE[k % 8].
 * @example marker: { color: PALETTE[0] } // "#0072B2", blue
 */
export const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"];

/**
 * The layout title: the text, and the data caption (when one is set and wanted) as a smaller second line.
 * @example figureTitle("Placebo test", "en", false) // { text: "Placebo test" }
 */
export function figureTitle(text: string, lang: Lang, withDataCaption: boolean): Partial<Layout>["title"] {
  const caption = withDataCaption ? dataCaptionText(lang) : undefined;
  return { text: caption ? `${text}<br><sup>${caption}</sup>` : text };
}

/**
 * The common part of every layout: title (with the data caption unless `dataNote: false`), size,
 * fonts, margins, white background. It reads only the FigureOptions keys of `options`.
 * @example const layout = baseLayout("Yearly means", { lang: "zh", height: 400 });
 */
export function baseLayout(title: string, options: FigureOptions): Partial<Layout> {
  const lang = options.lang ?? "en";
  const layout: Partial<Layout> = {
    title: figureTitle(title, lang, options.dataNote ?? true),
    font: { family: "Arial, 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif", size: 13 },
    margin: { l: 70, r: 30, t: 80, b: 60 },
    plot_bgcolor: "#ffffff",
    paper_bgcolor: "#ffffff",
  };
  if (options.width !== undefined) layout.width = options.width;
  if (options.height !== undefined) layout.height = options.height;
  return layout;
}

/**
 * The default config: responsive, no plotly logo, no links to plotly's cloud.
 * @example baseConfig() // { responsive: true, displaylogo: false, showLink: false }
 */
export function baseConfig(): Partial<Config> {
  return { responsive: true, displaylogo: false, showLink: false };
}

/**
 * An interval's level as a percentage text, at most one decimal.
 * @example levelText(0.95) // "95%"
 * @example levelText(0.975) // "97.5%"
 */
export function levelText(level: number): string {
  return `${Number((level * 100).toFixed(1))}%`;
}
