/**
 * Figures that show wherever a notebook is opened. For every output of an executed notebook that
 * carries a plotly figure (`application/vnd.plotly.v1+json`), the runner renders a PNG in headless
 * Chromium (Debian's `chromium`, driven by playwright-core; every request other than file: and
 * data: is aborted, so nothing touches the network) and rewrites the output:
 *   image/png   the static image (GitHub and other image-first viewers);
 *   text/html   `figureHtml`: the same image inside `<div class="kit-figure">`, and a script that
 *               replaces it with the interactive plot when Plotly is loaded — in trusted Jupyter
 *               and nbconvert HTML. Untrusted Jupyter strips the script and keeps the image.
 * The plotly.js bundle is inlined once per notebook, in its first figure (the 1.5 MB cartesian
 * bundle when every trace is cartesian), whatever the kernel inlined.
 * Without Chromium the outputs are rewritten the same way without an image, and one line says so;
 * with KIT_REQUIRE_BROWSER=1 (CI) a missing browser is an error.
 */
import type { Browser, Page } from "playwright-core";
import { figureHtml, PLOTLY_MIME, plotlyBundleFor, plotlyBundlePath, type PlotlyBundle } from "../../lib/report/display";
import type { FigureSpec } from "../../lib/report/figures/spec";
import { findChromium } from "./browser";
import type { Notebook, Output } from "./ipynb";

/** The flags Chromium runs with here: no sandbox (root in containers), no GPU. */
export const LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu"];

/** The size a static image is rendered at when the layout sets none (a Jupyter output area's width). */
const DEFAULT_SIZE = { width: 900, height: 450 };

/**
 * Launches Chromium headless (the installed one by default; pages made with `offlinePage` load
 * only file: and data: URLs), or undefined when none is installed. `env` replaces the browser's
 * environment (e.g. FONTCONFIG_FILE, to see the page as a machine without some fonts would).
 */
export async function launchOffline(env?: Record<string, string>, executablePath = findChromium()): Promise<Browser | undefined> {
  if (!executablePath) return undefined;
  // Loaded here, not at the top: importing replicate.ts took 1.35 s with it, 0.6 s without (issue 17),
  // time spent before its notebooks start.
  const { chromium } = require("playwright-core") as typeof import("playwright-core");
  return chromium.launch({ executablePath, args: LAUNCH_ARGS, ...(env ? { env } : {}) });
}

/** A new page of `browser` that may load only file: and data: URLs. */
export async function offlinePage(browser: Browser, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true });
  await context.route("**/*", (route) => (/^(file|data|about):/.test(route.request().url()) ? route.continue() : route.abort()));
  return context.newPage();
}

/**
 * In-page code (kept as text: tsx's compiled functions refer to helpers the page lacks). It lists
 * the Han characters of `text` that the page draws as the missing-glyph box in the font `family`:
 * each is drawn on a canvas (with the browser's font fallback, as the page's text) and compared
 * pixel by pixel with a private-use character no font has (U+10FFFD); a glyph without ink counts too.
 */
const MISSING_HAN = `({ text, family }) => {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 64;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  const draw = (ch) => {
    ctx.clearRect(0, 0, 64, 64);
    ctx.font = "40px " + family;
    ctx.textBaseline = "top";
    ctx.fillText(ch, 4, 4);
    const alpha = ctx.getImageData(0, 0, 64, 64).data.filter((_, i) => i % 4 === 3);
    return { width: ctx.measureText(ch).width, ink: alpha.some((a) => a > 0), pixels: alpha.join(",") };
  };
  const box = draw("\\u{10FFFD}");
  const han = [...new Set([...text].filter((ch) => /\\p{Script=Han}/u.test(ch)))];
  return han.filter((ch) => {
    const glyph = draw(ch);
    return !glyph.ink || (glyph.pixels === box.pixels && glyph.width === box.width);
  });
}`;

/**
 * The Han characters of `text` that `page` draws as missing-glyph boxes in the CSS font `family`
 * (an empty list when a CJK font is installed).
 * @example await missingHanGlyphs(page, "城市收缩", "Arial, sans-serif") // [] with fonts-noto-cjk
 */
export async function missingHanGlyphs(page: Page, text: string, family: string): Promise<string[]> {
  return page.evaluate(`(${MISSING_HAN})(${JSON.stringify({ text, family })})`) as Promise<string[]>;
}

/** In-page code: a figure as a PNG data URL, drawn by plotly.js as a static plot. */
const TO_IMAGE = `({ spec, width, height }) => window.Plotly.toImage(
  { data: spec.data, layout: spec.layout, config: Object.assign({}, spec.config, { staticPlot: true }) },
  { format: "png", width, height })`;

/** A PNG of one figure, base64 (`Plotly.toImage` in the page), at the layout's size or 900 × 450. */
async function renderPng(page: Page, spec: FigureSpec): Promise<string> {
  const width = typeof spec.layout.width === "number" ? spec.layout.width : DEFAULT_SIZE.width;
  const height = typeof spec.layout.height === "number" ? spec.layout.height : DEFAULT_SIZE.height;
  const url = (await page.evaluate(`(${TO_IMAGE})(${JSON.stringify({ spec, width, height })})`)) as string;
  return url.slice(url.indexOf(",") + 1);
}

/** The figure outputs of a notebook, in order. */
function figureOutputs(notebook: Notebook): Extract<Output, { output_type: "display_data" }>[] {
  return notebook.cells.flatMap((cell) => (cell.outputs ?? []).filter((o): o is Extract<Output, { output_type: "display_data" }> => o.output_type === "display_data" && o.data[PLOTLY_MIME] !== undefined));
}

/** Renders the figures of executed notebooks to static images with one browser, launched at the first figure. */
export class StaticFigures {
  private browser?: Promise<Browser | undefined>;
  private readonly pages = new Map<PlotlyBundle, Promise<Page>>();
  private said = false;

  /**
   * `log` prints the one line said when no browser or no CJK font is found; `findBrowser` finds
   * the browser's executable (default: the installed Chromium).
   */
  constructor(
    private readonly log: (line: string) => void,
    private readonly findBrowser: () => string | undefined = findChromium,
  ) {}

  /** The notebook with every figure output rewritten (image, HTML, one bundle); the input is not changed. */
  async add(notebook: Notebook, file: string): Promise<Notebook> {
    const copy = JSON.parse(JSON.stringify(notebook)) as Notebook;
    const figures = figureOutputs(copy);
    if (figures.length === 0) return copy;
    const specs = figures.map((o) => o.data[PLOTLY_MIME] as FigureSpec);
    const bundle = plotlyBundleFor(specs);
    const page = await this.page(bundle);
    const stem = file.replace(/\.ipynb$/, "").replace(/[^A-Za-z0-9_-]/g, "-");
    for (const [k, output] of figures.entries()) {
      const image = page ? await renderPng(page, specs[k]) : undefined;
      const title = (output.metadata as { kit?: { title?: string } }).kit?.title;
      output.data["text/html"] = figureHtml(specs[k], { id: `kit-figure-${stem}-${k + 1}`, image, alt: title, plotly: k === 0 ? bundle : undefined });
      if (image) output.data["image/png"] = image;
      else delete output.data["image/png"];
    }
    return copy;
  }

  /** Closes the browser, if one was launched. */
  async close(): Promise<void> {
    const browser = await this.browser;
    this.browser = undefined;
    this.pages.clear();
    await browser?.close().catch(() => undefined);
  }

  /** The page with `bundle` loaded, or undefined without a browser. */
  private async page(bundle: PlotlyBundle): Promise<Page | undefined> {
    this.browser ??= this.launch();
    const browser = await this.browser;
    if (!browser) return undefined;
    if (!this.pages.has(bundle)) this.pages.set(bundle, this.newPlotlyPage(browser, bundle));
    return this.pages.get(bundle);
  }

  private async launch(): Promise<Browser | undefined> {
    const executablePath = this.findBrowser();
    const browser = executablePath ? await launchOffline(undefined, executablePath) : undefined;
    if (!browser && process.env.KIT_REQUIRE_BROWSER === "1") throw new Error("KIT_REQUIRE_BROWSER=1 but no Chromium is installed: apt-get install chromium-headless-shell (or chromium).");
    if (!browser) this.say("No Chromium found: figures are saved without static images (they show only where plotly.js runs). Install it with: apt-get install chromium-headless-shell");
    return browser;
  }

  private async newPlotlyPage(browser: Browser, bundle: PlotlyBundle): Promise<Page> {
    const page = await offlinePage(browser);
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
    await page.addScriptTag({ path: plotlyBundlePath(bundle) });
    const missing = await missingHanGlyphs(page, "城市收缩", "Arial, 'Noto Sans CJK SC', sans-serif");
    if (missing.length > 0) this.say("No CJK font found: Chinese labels in the static images show as boxes. Install one with: apt-get install fonts-noto-cjk");
    return page;
  }

  private say(line: string): void {
    if (!this.said) this.log(line);
    this.said = true;
  }
}
