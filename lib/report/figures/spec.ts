/**
 * What every figure helper returns: a plotly figure spec `{ data, layout, config? }` (types from
 * @types/plotly.js). plotly.js cannot run in Node, so lib/ only builds specs; display.ts shows them
 * in a notebook or writes a standalone HTML file.
 */
import type { Config, Data, Layout } from "plotly.js";
import { dataCaptionText } from "../defaults";
import type { Lang } from "../labels";

/** A plotly figure: traces, layout and optional config. */
export interface FigureSpec {
  data: Data[];
  layout: Partial<Layout>;
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
  /** Size in pixels (plotly's defaults otherwise: the container's width, 450 high). */
  width?: number;
  height?: number;
}

/** A fixed palette (Okabe–Ito, readable by colour-blind readers). */
export const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"];

/** The layout title: the text, and the data caption (when one is set and wanted) as a smaller second line. */
export function figureTitle(text: string, lang: Lang, withDataCaption: boolean): Partial<Layout>["title"] {
  const caption = withDataCaption ? dataCaptionText(lang) : undefined;
  return { text: caption ? `${text}<br><sup>${caption}</sup>` : text };
}

/** The common part of every layout: title, size, fonts, margins. */
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

/** The default config: responsive, no plotly logo, no links to plotly's cloud. */
export function baseConfig(): Partial<Config> {
  return { responsive: true, displaylogo: false, showLink: false };
}

/** An interval's level as a percentage text ("95%"). */
export function levelText(level: number): string {
  return `${Number((level * 100).toFixed(1))}%`;
}
