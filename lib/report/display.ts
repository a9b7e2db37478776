/**
 * Display helpers: a figure spec or a table becomes a Jupyter display bundle (one output carrying
 * several formats), and `show` hands a bundle to tslab when running inside a kernel.
 *
 * A figure bundle holds `application/vnd.plotly.v1+json` (rendered natively by JupyterLab with
 * plotly's extension and by VS Code) and `text/html` (any front end, and exported HTML). In a
 * kernel session the HTML inlines a plotly.js bundle (read from node_modules) in the first figure
 * — the 1.5 MB cartesian one (plotly.js-cartesian-dist-min) when the figure's traces are all in it,
 * else the full plotly.js-dist — and later figures use the page's global `Plotly`. `replicate`
 * rewrites the figure outputs of the notebooks it executes with `figureHtml`: a static PNG inside
 * the HTML (and as `image/png`), and the bundle once per notebook. Nothing is loaded from a CDN:
 * the notebooks work offline.
 */
import { isSummarizable, summaryBundle, type Summarizable } from "./printing";
import { SetupError } from "../errors";
import { checkOptions } from "../options";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { dirname, join } from "path";
import { escapeHtml, toHtml } from "./html";
import { toMarkdown } from "./markdown";
import { toLatex } from "./latex";
import { toCsv } from "./csv";
import type { FigureSpec } from "./figures/spec";
import { baseConfig } from "./figures/spec";
import type { TableSpec } from "./table";
import { optionKeys } from "./optionKeys";

/**
 * The MIME type of a plotly figure in Jupyter.
 * @example figureBundle(spec)[PLOTLY_MIME] // { data, layout, config }
 */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** A Jupyter display bundle: MIME type → content (keys without "/", such as `kit`, are not MIME types). */
export type DisplayBundle = Record<string, unknown>;

/**
 * What the kit's helpers tag their outputs with (`bundle.kit`, sent as the output's `metadata.kit`):
 * the headless runner writes tagged tables and figures to output/ and gathers findings and notes.
 */
export interface KitTag {
  /** What the output is: a table, a figure, a computed finding, a participant's annotation or an exercise check. */
  kind: "table" | "figure" | "finding" | "annotation" | "check";
  /** File name stem for tables and figures, e.g. "baseline"; the exercise id of a check, e.g. "03.1". */
  id?: string;
  /** A check's verdict. */
  status?: "correct" | "wrong" | "unattempted";
  /** Title of a table or figure, for the report's list of outputs. */
  title?: string;
  /** The sentence of a finding, or the note of an annotation. */
  text?: string;
  /** Who wrote an annotation. */
  author?: string;
  /** What an annotation is about. */
  about?: string;
}

/**
 * A bundle's MIME data (keys with "/") and its kit tag, as a Jupyter `display_data` message carries them.
 * @example splitBundle(finding("x")) // { data: { "text/markdown": "x", "text/plain": "x" }, metadata: { kit: { kind: "finding", text: "x" } } }
 */
export function splitBundle(bundle: DisplayBundle): {
  /** The MIME data: every entry whose key holds a "/". */
  data: Record<string, unknown>;
  /** The output's metadata: the kit tag, when the bundle has one. */
  metadata: {
    /** The bundle's kit tag. */
    kit?: KitTag;
  };
} {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(bundle)) if (key.includes("/")) data[key] = value;
  const kit = bundle.kit as KitTag | undefined;
  return { data, metadata: kit ? { kit } : {} };
}

/** The bundle of a figure. */
export interface FigureBundle extends DisplayBundle {
  /** The figure for plotly-aware front ends (JupyterLab with plotly's extension, VS Code). */
  [PLOTLY_MIME]: {
    /** The traces. */
    data: FigureSpec["data"];
    /** The layout. */
    layout: FigureSpec["layout"];
    /** The config: the kit's defaults overridden by the spec's own. */
    config: NonNullable<FigureSpec["config"]>;
  };
  /** A `<div>` and the script that draws it (with a plotly.js bundle inlined in the first figure of the process). */
  "text/html": string;
}

/** The bundle of a table. */
export interface TableBundle extends DisplayBundle {
  /** The table as HTML (`toHtml`). */
  "text/html": string;
  /** The table as Markdown (`toMarkdown`). */
  "text/markdown": string;
}

/** Which plotly.js bundle to inline: the cartesian one (1.5 MB) or the full one (9.7 MB). */
export type PlotlyBundle = "cartesian" | "full";

/**
 * The trace types of plotly.js-cartesian-dist-min (its README); every figure the kit draws uses
 * only these (scatter, bar, histogram; the city map is drawn with scatter traces).
 * @example CARTESIAN_TRACE_TYPES.has("histogram") // true
 */
export const CARTESIAN_TRACE_TYPES: ReadonlySet<string> = new Set([
  "bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour", "image", "pie", "scatter", "scatterternary", "violin",
]);

/** The package and file of each bundle. */
const BUNDLE_FILES: Record<PlotlyBundle, [string, string]> = {
  cartesian: ["plotly.js-cartesian-dist-min", "plotly-cartesian.min.js"],
  full: ["plotly.js-dist", "plotly.js"],
};

/** Which bundle this kernel session has inlined in a figure so far. */
let inlinedBundle: PlotlyBundle | undefined;
let figureCount = 0;

/**
 * Forget that the plotly bundle was inlined, so the next figure inlines it again (for tests, and
 * after reloading a notebook page in a running kernel).
 * @example resetPlotlyBundle(); show(figureBundle(spec)); // this figure carries plotly.js again
 */
export function resetPlotlyBundle(): void {
  inlinedBundle = undefined;
}

/**
 * Whether a plotly bundle has been inlined in this process.
 * @example resetPlotlyBundle(); figureBundle(spec); plotlyBundleInlined() // true
 */
export function plotlyBundleInlined(): boolean {
  return inlinedBundle !== undefined;
}

/**
 * The bundle that draws these figures: "cartesian" when every trace type is in
 * CARTESIAN_TRACE_TYPES (a trace without a type is a scatter, as in plotly), else "full".
 * @example plotlyBundleFor([coefficientPlot(items)]) // "cartesian"
 */
export function plotlyBundleFor(specs: readonly Pick<FigureSpec, "data">[]): PlotlyBundle {
  const types = specs.flatMap((spec) => (spec.data ?? []).map((trace) => String((trace as { type?: string }).type ?? "scatter")));
  return types.every((type) => CARTESIAN_TRACE_TYPES.has(type)) ? "cartesian" : "full";
}

/**
 * The path of a plotly.js bundle: `require.resolve` of plotly.js-cartesian-dist-min's
 * plotly-cartesian.min.js (default) or plotly.js-dist's plotly.js, or the project's
 * node_modules when resolution fails.
 * @throws SetupError when the file is not installed.
 * @example plotlyBundlePath() // ".../node_modules/plotly.js-cartesian-dist-min/plotly-cartesian.min.js"
 */
export function plotlyBundlePath(bundle: PlotlyBundle = "cartesian"): string {
  const [pkg, file] = BUNDLE_FILES[bundle];
  let path: string | undefined;
  try {
    path = require.resolve(`${pkg}/${file}`);
  } catch {
    path = join(__dirname, "..", "..", "node_modules", pkg, file);
  }
  if (!existsSync(path)) throw new SetupError(`The plotly.js bundle is not installed (looked for ${path}); run \`npm ci\` in the project root.`);
  return path;
}

/**
 * A plotly.js bundle as an inline `<script>`: read from disk at call time, wrapped so that a
 * page-level `module`, `exports` or AMD `define` (classic Jupyter loads require.js) cannot capture
 * it — the bundle then sets `window.Plotly` itself. "</script" cannot occur inside it (escaped).
 * @throws SetupError when the bundle is not installed.
 * @example const page = `<html><body>${plotlyScriptTag()}…</body></html>`;
 */
export function plotlyScriptTag(bundle: PlotlyBundle = "cartesian"): string {
  const source = readFileSync(plotlyBundlePath(bundle), "utf8").replace(/<\/script/gi, "<\\/script");
  return `<script type="text/javascript">(function (module, exports, define) {\n${source}\n}).call(window);</script>`;
}

/** JSON for inclusion in a script: "<" escaped so that no "</script>" can close the tag early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** A unique element id for a figure: a counter and a random suffix, so re-run cells never collide. */
function newFigureId(): string {
  figureCount += 1;
  return `kit-figure-${figureCount}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The CSS size of a figure's `<div>` as the layout asks (default: full width, 450 px high). */
function figureSize(spec: FigureSpec): { width: string; height: string } {
  const height = typeof spec.layout.height === "number" ? spec.layout.height : 450;
  const width = typeof spec.layout.width === "number" ? `${spec.layout.width}px` : "100%";
  return { width, height: `${height}px` };
}

/**
 * The script that draws the figure into its `<div>` with the page's global Plotly. Without
 * Plotly, a static image stays where it is; a figure without one says that Plotly is missing.
 */
function plotScript(id: string, spec: FigureSpec, config: object, hasImage: boolean): string {
  const message = "Plotly is not loaded in this page (the figure that carried it was re-run or cleared): run resetPlotlyBundle() in a cell, then re-run this one.";
  const { width, height } = figureSize(spec);
  const missing = hasImage ? "return;" : `{ el.textContent = ${JSON.stringify(message)}; return; }`;
  return (
    `<script type="text/javascript">(function () {\n` +
    `  var el = document.getElementById(${JSON.stringify(id)});\n` +
    `  if (!el) return;\n` +
    `  if (!window.Plotly) ${missing}\n` +
    `  el.innerHTML = ""; el.style.width = ${JSON.stringify(width)}; el.style.height = ${JSON.stringify(height)};\n` +
    `  window.Plotly.newPlot(el, ${scriptJson(spec.data)}, ${scriptJson(spec.layout)}, ${scriptJson(config)});\n` +
    `})();</script>`
  );
}

/** The `<div>` a figure is drawn into: sized for plotly, or holding the static image at its own size. */
function figureDiv(id: string, spec: FigureSpec, image?: { png: string; alt: string }): string {
  if (image) {
    const img = `<img src="data:image/png;base64,${image.png}" alt="${escapeHtml(image.alt)}" style="max-width:100%;height:auto;">`;
    return `<div id="${escapeHtml(id)}" class="kit-figure">${img}</div>`;
  }
  const { width, height } = figureSize(spec);
  return `<div id="${escapeHtml(id)}" class="kit-figure" style="width:${width};height:${height};"></div>`;
}

/** Options of `figureHtml`. */
export interface FigureHtmlOptions {
  /** The element id (default: unique per call). */
  id?: string;
  /** A static image of the figure, base64-encoded PNG: shown until Plotly draws, and where scripts do not run. */
  image?: string;
  /** The image's alternative text (default: the figure's title as plain text). */
  alt?: string;
  /** Inline this plotly.js bundle before the figure (default: none; the page's Plotly draws it). */
  plotly?: PlotlyBundle;
}

/** The keys of FigureHtmlOptions, for the options check. */
const FIGURE_HTML_OPTION_KEYS = optionKeys<FigureHtmlOptions>()(["id", "image", "alt", "plotly"]);

/**
 * A figure as HTML: a `<div class="kit-figure">` (holding the static image, when given) and a
 * script that replaces its content with the interactive plot when the page has `Plotly`, after the
 * inlined bundle when asked. Untrusted Jupyter drops the scripts and keeps the image (its
 * sanitizer lets `data:` images through), so the figure shows either way.
 * @throws OptionsError for an unknown option.
 * @throws SetupError when a bundle is to be inlined and is not installed.
 * @example figureHtml(spec, { id: "kit-figure-03-1", image: pngBase64, plotly: "cartesian" })
 */
export function figureHtml(spec: FigureSpec, options: FigureHtmlOptions = {}): string {
  checkOptions("figureHtml", options, FIGURE_HTML_OPTION_KEYS);
  const config = { ...baseConfig(), ...(spec.config ?? {}) };
  const id = options.id ?? newFigureId();
  const image = options.image ? { png: options.image, alt: options.alt ?? plainTitle(spec) ?? "Figure" } : undefined;
  const parts = options.plotly ? [plotlyScriptTag(options.plotly)] : [];
  parts.push(figureDiv(id, spec, image), plotScript(id, spec, config, image !== undefined));
  return parts.join("\n");
}

/** Options of `figureBundle`. */
export interface FigureBundleOptions {
  /** The element id (default: unique per call). */
  id?: string;
  /** The file name stem the report gives this figure (output/figures/<name>.html). */
  name?: string;
  /** The title in the report's list of figures (default: the figure's title as plain text). */
  title?: string;
}

/** Options of `saveFigureHtml`. */
export interface SaveFigureHtmlOptions {
  /** The page's `<title>` (default: the figure's title as plain text, or "Figure"). */
  title?: string;
}

/** Options of `displayTable`. */
export interface DisplayTableOptions {
  /** The file name stem the report gives this table (output/tables/<name>.{html,md,tex,csv}); also adds LaTeX and CSV to the bundle. */
  name?: string;
}

/** The keys of FigureBundleOptions, for the options check. */
const FIGURE_BUNDLE_OPTION_KEYS = optionKeys<FigureBundleOptions>()(["id", "name", "title"]);
/** The keys of SaveFigureHtmlOptions, for the options check. */
const SAVE_FIGURE_HTML_OPTION_KEYS = optionKeys<SaveFigureHtmlOptions>()(["title"]);
/** The keys of DisplayTableOptions, for the options check. */
const DISPLAY_TABLE_OPTION_KEYS = optionKeys<DisplayTableOptions>()(["name"]);

/**
 * A figure's display bundle. The first call in the process (a kernel session) inlines a plotly.js
 * bundle in the HTML — the cartesian one, or the full one for trace types outside it (and again
 * when a later figure needs the full one); later calls reference the already-loaded global Plotly
 * (resetPlotlyBundle() starts over). `replicate` later rewrites the HTML of the notebooks it
 * executes with a static image and one bundle per notebook (scripts/notebooks/staticFigures.ts).
 * @throws OptionsError for an unknown option.
 * @throws SetupError when the plotly.js bundle is to be inlined and is not installed.
 * @example show(figureBundle(coefficientPlot(items)))
 */
export function figureBundle(spec: FigureSpec, options: FigureBundleOptions = {}): FigureBundle {
  checkOptions("figureBundle", options, FIGURE_BUNDLE_OPTION_KEYS);
  const config = { ...baseConfig(), ...(spec.config ?? {}) };
  const needed = plotlyBundleFor([spec]);
  const inline = inlinedBundle === undefined || (needed === "full" && inlinedBundle === "cartesian") ? needed : undefined;
  const html = figureHtml({ ...spec, config }, { id: options.id ?? newFigureId(), plotly: inline });
  if (inline) inlinedBundle = inline;
  const bundle: FigureBundle = { [PLOTLY_MIME]: { data: spec.data, layout: spec.layout, config }, "text/html": html };
  if (options.name) bundle.kit = { kind: "figure", id: options.name, title: options.title ?? plainTitle(spec) } satisfies KitTag;
  return bundle;
}

/**
 * Writes a standalone HTML page with the figure and a plotly.js bundle inlined (works offline,
 * independent of what the notebook has inlined). Creates the folder if needed.
 * @throws OptionsError for an unknown option.
 * @throws SetupError when the plotly.js bundle is not installed.
 * @example saveFigureHtml(spec, "output/figures/placebo.html")
 */
export function saveFigureHtml(spec: FigureSpec, path: string, options: SaveFigureHtmlOptions = {}): void {
  checkOptions("saveFigureHtml", options, SAVE_FIGURE_HTML_OPTION_KEYS);
  const config = { ...baseConfig(), ...(spec.config ?? {}) };
  const title = options.title ?? plainTitle(spec) ?? "Figure";
  const id = "kit-figure";
  const html = [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    "</head>",
    '<body style="margin:0;padding:12px;background:#fff;">',
    plotlyScriptTag(plotlyBundleFor([spec])),
    figureDiv(id, spec),
    plotScript(id, spec, config, false),
    "</body>",
    "</html>",
    "",
  ].join("\n");
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, html, "utf8");
}

/** A figure's title as plain text (tags and line breaks removed). */
function plainTitle(spec: FigureSpec): string | undefined {
  const titleObject = spec.layout.title;
  const text = typeof titleObject === "string" ? titleObject : titleObject?.text;
  return text ? text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim() : undefined;
}

/**
 * A table's display bundle: HTML for the notebook, Markdown for text front ends and exports; with a
 * `name`, also LaTeX and CSV, tagged so the report writes output/tables/<name>.{html,md,tex,csv}.
 * @throws OptionsError for an unknown option.
 * @example show(displayTable(buildRegressionTable([fit]), { name: "baseline" }))
 */
export function displayTable(table: TableSpec, options: DisplayTableOptions = {}): TableBundle {
  checkOptions("displayTable", options, DISPLAY_TABLE_OPTION_KEYS);
  const bundle: TableBundle = { "text/html": toHtml(table), "text/markdown": toMarkdown(table) };
  if (options.name) {
    bundle["text/latex"] = toLatex(table);
    bundle["text/csv"] = toCsv(table);
    bundle.kit = { kind: "table", id: options.name, title: table.title ?? options.name } satisfies KitTag;
  }
  return bundle;
}

/**
 * A computed finding shown as a paragraph and collected into the report's findings file.
 * @example show(finding(describeEffect(fit, { term: "ai" })))
 */
export function finding(sentence: string): DisplayBundle {
  return { "text/markdown": sentence, "text/plain": sentence, kit: { kind: "finding", text: sentence } satisfies KitTag };
}

/** tslab's display writer: sends one `display_data` message. */
type Writer = (message: { data: DisplayBundle; metadata: object; transient: object }, update: boolean) => void;

/** The running kernel's display writer, if this process is a tslab kernel executing a cell. */
function kernelWriter(): Writer | undefined {
  const cache = typeof require !== "undefined" ? require.cache : undefined;
  if (!cache) return undefined;
  for (const key of Object.keys(cache)) {
    if (!/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(key)) continue;
    const writer = (cache[key]?.exports as { lastWriteDisplayData?: unknown } | undefined)?.lastWriteDisplayData;
    if (typeof writer === "function") return writer as Writer;
  }
  return undefined;
}

/** True when tslab's modules are loaded, i.e. this process is a tslab kernel. */
function kernelLoaded(): boolean {
  const cache = typeof require !== "undefined" ? require.cache : undefined;
  return !!cache && Object.keys(cache).some((key) => /[\\/]tslab[\\/]dist[\\/]/.test(key));
}

/**
 * Shows a bundle in the notebook when running inside a tslab kernel, as ONE output carrying all its
 * formats (tslab's display writer); falls back to tslab's `display.html` / `display.markdown`.
 * Outside a kernel (tsx, node:test, scripts) it returns the bundle unchanged — tslab's display
 * throws there (design §8). Inside a kernel it returns undefined, so the cell prints nothing more.
 * A fit (anything with a `summary()` method) is shown as its report, as R's `print(fit)`.
 * @example show(displayTable(table))
 */
export function show(bundleOrFit: DisplayBundle | Summarizable): DisplayBundle | undefined {
  const bundle: DisplayBundle = isSummarizable(bundleOrFit) ? summaryBundle(bundleOrFit) : bundleOrFit;
  if (!kernelLoaded()) return bundle;
  const writer = kernelWriter();
  try {
    if (writer) {
      const { data, metadata } = splitBundle(bundle);
      writer({ data, metadata, transient: {} }, false);
      return undefined;
    }
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const tslab = require("tslab") as { display: { html(s: string): void; markdown(s: string): void; raw(type: string, s: string): void } };
    if (typeof bundle["text/html"] === "string") tslab.display.html(bundle["text/html"] as string);
    else if (typeof bundle["text/markdown"] === "string") tslab.display.markdown(bundle["text/markdown"] as string);
    else if (typeof bundle["text/plain"] === "string") tslab.display.raw("text/plain", bundle["text/plain"] as string);
    else return bundle;
    return undefined;
  } catch {
    return bundle;
  }
}
