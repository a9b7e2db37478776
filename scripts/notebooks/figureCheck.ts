/**
 * Checks in headless Chromium that every figure of an executed notebook shows where the notebook
 * is read: `jupyter nbconvert --to html` turns it into a page, which is opened offline with
 * scripts (as trusted Jupyter shows it: the interactive plot) and without them (untrusted Jupyter
 * strips scripts: the static image must remain). Used by the tests and for screenshots.
 */
import { spawnSync } from "node:child_process";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { PLOTLY_MIME } from "../../lib/report/display";
import type { Notebook } from "./ipynb";
import { JUPYTER_PYTHON } from "./jupyter";

/** The number of figure outputs (outputs carrying a plotly figure) of a notebook. */
export function figureOutputCount(notebook: Notebook): number {
  return notebook.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.output_type === "display_data" && o.data[PLOTLY_MIME] !== undefined).length;
}

/** Converts notebooks with `jupyter nbconvert --to html` (one call) into outDir; returns the pages, in order. */
export function nbconvertToHtml(notebooks: string[], outDir: string): string[] {
  const result = spawnSync(JUPYTER_PYTHON, ["-m", "jupyter", "nbconvert", "--to", "html", "--output-dir", outDir, ...notebooks], { encoding: "utf8", timeout: 600_000 });
  if (result.status !== 0) throw new Error(`nbconvert --to html failed (exit ${result.status}):\n${(result.stderr || "").slice(-4000)}`);
  return notebooks.map((n) => join(outDir, basename(n).replace(/\.ipynb$/, ".html")));
}

/** What the figures of one page show. */
export interface ShownFigures {
  /** The number of figure containers (`.kit-figure`) in the page. */
  figures: number;
  /** How many hold plotly's SVG with at least one drawn trace. */
  plots: number;
  /** How many hold a loaded static image (and no plot). */
  images: number;
  /** The ids of the containers that show neither. */
  blank: string[];
}

/** In-page code: each figure container's state. */
const FIGURE_STATES = `() => [...document.querySelectorAll(".kit-figure")].map((el) => {
  const drawn = [...el.querySelectorAll("svg.main-svg .trace path, svg.main-svg path.point")].some((p) => (p.getAttribute("d") || "").startsWith("M"));
  const img = el.querySelector("img");
  return { id: el.id, plot: drawn, image: !drawn && !!img && img.complete && img.naturalWidth > 0 };
})`;

/** In-page condition: every figure container holds a drawn plot (after Plotly ran). */
const ALL_PLOTTED = `[...document.querySelectorAll(".kit-figure")].every((el) => el.querySelector("svg.main-svg .trace path"))`;

/**
 * Opens a page from disk in `page` (whose context decides whether scripts run) and reports what
 * its figures show; with scripts it first waits up to `waitMs` for Plotly to draw every figure.
 */
export async function shownFigures(page: Page, htmlPath: string, options: { scripts: boolean; waitMs?: number }): Promise<ShownFigures> {
  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: "load", timeout: 120_000 });
  if (options.scripts) await page.waitForFunction(ALL_PLOTTED, undefined, { timeout: options.waitMs ?? 20_000 }).catch(() => undefined);
  const states = (await page.evaluate(`(${FIGURE_STATES})()`)) as { id: string; plot: boolean; image: boolean }[];
  return {
    figures: states.length,
    plots: states.filter((s) => s.plot).length,
    images: states.filter((s) => s.image).length,
    blank: states.filter((s) => !s.plot && !s.image).map((s) => s.id),
  };
}

/** What `renderedFigures` found in one page: its `.plotly-figure` containers, and the ids of those left undrawn. */
export interface RenderCheck {
  page: string;
  figures: number;
  rendered: number;
  failed: string[];
}

/** In-page code: each `.plotly-figure` container and whether it holds plotly's SVG with a drawn trace. */
const PLOTLY_FIGURES = `() => [...document.querySelectorAll(".plotly-figure")].map((el) => ({
  id: el.id,
  drawn: !!el.querySelector(".main-svg") && [...el.querySelectorAll(".trace path, .point, .bars path, .scatterlayer path, .heatmaplayer path")].some((p) => (p.getAttribute("d") || "").startsWith("M")),
}))`;

/** In-page condition: every `.plotly-figure` container holds a drawn SVG. */
const ALL_DRAWN = `[...document.querySelectorAll(".plotly-figure")].every((el) => el.querySelector(".main-svg .trace path, .main-svg path.point"))`;

/**
 * Opens a report page (an executed notebook's page or a figure's page) from disk in `page` and checks
 * that plotly drew every figure container (`.plotly-figure`): plotly's SVG with at least one drawn
 * trace. Waits up to `waitMs` (default 20 s) for the drawing. One browser serves every page of a run.
 */
export async function renderedFigures(page: Page, htmlPath: string, waitMs = 20_000): Promise<RenderCheck> {
  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: "load", timeout: 120_000 });
  await page.waitForFunction(ALL_DRAWN, undefined, { timeout: waitMs }).catch(() => undefined);
  const states = (await page.evaluate(`(${PLOTLY_FIGURES})()`)) as { id: string; drawn: boolean }[];
  const failed = states.filter((s) => !s.drawn).map((s) => s.id);
  return { page: htmlPath, figures: states.length, rendered: states.length - failed.length, failed };
}

/** In-page code: the first table caption (else heading, table cell, paragraph) whose text holds Han characters, with its font. */
const HAN_TITLE = `() => {
  const han = (e) => /\\p{Script=Han}/u.test(e.textContent || "");
  const el = ["caption", "h1, h2, h3, h4", "th, td", "p"].map((s) => [...document.querySelectorAll(s)].find(han)).find(Boolean);
  return el ? { text: el.textContent.trim(), family: getComputedStyle(el).fontFamily } : null;
}`;

/** The first title of the loaded page that holds Chinese (a table caption, else a heading, table cell or paragraph), with its CSS font family. */
export async function hanTitle(page: Page): Promise<{ text: string; family: string } | null> {
  return (await page.evaluate(`(${HAN_TITLE})()`)) as { text: string; family: string } | null;
}
