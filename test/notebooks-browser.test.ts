/**
 * The shared replication's report and executed notebooks in headless Chromium, beside
 * test/notebooks.test.ts (which reads the same run): each executed notebook stays under 3 MB with
 * plotly.js once and each figure's PNG, every figure of the report draws, nbconvert's
 * HTML of each executed notebook shows every figure with scripts (the plot) and without (the image)
 * and its Chinese titles with real glyphs, and the city map draws its outlines. Skipped with a line
 * saying so without Chromium (or Jupyter, for nbconvert), unless KIT_REQUIRE_BROWSER=1 or
 * KIT_REQUIRE_JUPYTER=1 (.ci/run) make that a failure.
 */
import assert from "node:assert/strict";
import { statSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { findChromium } from "../scripts/notebooks/browser";
import { figureOutputCount, hanTitle, nbconvertToHtml, renderedFigures, shownFigures } from "../scripts/notebooks/figureCheck";
import { readNotebook, type Notebook, type Output } from "../scripts/notebooks/ipynb";
import { PLOTLY_MIME, plotlyBundleFor } from "../lib/report/display";
import type { FigureSpec } from "../lib/report/figures/spec";
import { hasJupyter } from "../scripts/notebooks/jupyter";
import { launchOffline, missingHanGlyphs, offlinePage } from "../scripts/notebooks/staticFigures";
import { FIGURES } from "./helpers/reportOutputs";
import { sharedRun } from "./helpers/sharedReplicate";
import { tempDir } from "./helpers/tempDir";

describe("the replicated report in headless Chromium", () => {
  let first = "";
  let notebooks: string[] = [];
  before(async () => {
    ({ out: first, notebooks } = await sharedRun("simulated"));
  });

  const chromium = findChromium();
  let browser: Browser | undefined;
  /** One browser for the file's checks, launched when first needed; each check's pages have contexts of their own, closed after it. */
  const sharedBrowser = async (): Promise<Browser> => {
    browser ??= await launchOffline();
    assert.ok(browser);
    return browser;
  };
  const closeAll = (pages: Page[]) => Promise.all(pages.map((page) => page.context().close()));
  after(async () => {
    await browser?.close();
  });
  if (!chromium && process.env.KIT_REQUIRE_BROWSER === "1") throw new Error("KIT_REQUIRE_BROWSER=1 but no Chromium is installed: apt-get install chromium-headless-shell (or chromium).");
  if (!chromium) console.log("# not exercised: the browser check of the report's figures (install Debian's chromium to run it)");
  it("renders every figure of the report in headless Chromium (SVG with data)", { skip: !chromium }, async () => {
    const pages = [
      ...notebooks.map((n) => join(first, "notebooks", n.replace(/\.ipynb$/, ".html"))),
      ...FIGURES.map((f) => join(first, "figures", `${f}.html`)),
    ];
    const tab = await offlinePage(await sharedBrowser());
    try {
      let figures = 0;
      for (const page of pages) {
        const check = await renderedFigures(tab, page);
        assert.deepEqual(check.failed, [], `${page}: figures that did not render`);
        figures += check.figures;
      }
      assert.ok(figures >= 2 * FIGURES.length, `${figures} figures checked`);
    } finally {
      await closeAll([tab]);
    }
  });

  const figureOutputs = (notebook: Notebook) =>
    notebook.cells.flatMap((c) => c.outputs ?? []).filter((o): o is Extract<Output, { output_type: "display_data" }> => o.output_type === "display_data" && o.data[PLOTLY_MIME] !== undefined);

  it("keeps every executed notebook under 3 MB: plotly.js (cartesian) once, in its first figure, and each figure's static image", () => {
    let figures = 0;
    for (const name of notebooks) {
      const path = join(first, "notebooks", name);
      const size = statSync(path).size;
      assert.ok(size <= 3_000_000, `${name} is ${(size / 1e6).toFixed(2)} MB`);
      const outputs = figureOutputs(readNotebook(path));
      const html = outputs.map((o) => String(o.data["text/html"]));
      assert.deepEqual(html.map((h) => h.split("plotly.js (cartesian - minified) v").length - 1), outputs.map((_, k) => (k === 0 ? 1 : 0)), `${name}: plotly.js in the first figure only`);
      for (const [k, o] of outputs.entries()) {
        assert.equal(plotlyBundleFor([o.data[PLOTLY_MIME] as FigureSpec]), "cartesian", `${name}, figure ${k + 1}: a trace type outside the cartesian bundle`);
        if (chromium) assert.ok(html[k].includes(`<img src="data:image/png;base64,${String(o.data["image/png"])}"`), `${name}, figure ${k + 1}: its PNG`);
      }
      figures += outputs.length;
    }
    assert.ok(figures >= FIGURES.length, `${figures} figure outputs`);
  });

  const jupyter = hasJupyter();
  if (!jupyter && process.env.KIT_REQUIRE_JUPYTER === "1") throw new Error("KIT_REQUIRE_JUPYTER=1 but nbconvert is missing: apt-get install jupyter-nbconvert.");
  it("shows every figure in nbconvert's HTML of each executed notebook: the plot with scripts, the image without; Chinese with real glyphs", { skip: !chromium || !jupyter }, async () => {
    const files = notebooks.map((n) => join(first, "notebooks", n));
    const pages = nbconvertToHtml(files, tempDir("kit-nbconvert-html-"));
    const withScripts = await offlinePage(await sharedBrowser());
    const untrusted = await offlinePage(await sharedBrowser(), { javaScriptEnabled: false });
    try {
      const chinese: string[] = [];
      for (const [k, page] of pages.entries()) {
        const n = figureOutputCount(readNotebook(files[k]));
        assert.deepEqual(await shownFigures(withScripts, page, { scripts: true }), { figures: n, plots: n, images: 0, blank: [] }, `${notebooks[k]} with scripts`);
        const title = await hanTitle(withScripts);
        if (title) assert.deepEqual(await missingHanGlyphs(withScripts, title.text, title.family), [], `${notebooks[k]}: "${title.text}" renders as boxes (apt-get install fonts-noto-cjk)`);
        if (title) chinese.push(title.text);
        assert.deepEqual(await shownFigures(untrusted, page, { scripts: false }), { figures: n, plots: 0, images: n, blank: [] }, `${notebooks[k]} without scripts`);
      }
      assert.ok(chinese.includes("表2 变量定义"), `Chinese titles checked: ${chinese.join(", ")}`);
    } finally {
      await closeAll([withScripts, untrusted]);
    }
  });

  it("draws the city map in the browser with the province outlines, the coastline, the ten-dash line and the Hu line", { skip: !chromium }, async () => {
    const page = await offlinePage(await sharedBrowser());
    try {
      await page.goto(`file://${join(first, "figures", "map_shrink.html")}`);
      await page.waitForSelector(".js-plotly-plot .scatterlayer .trace", { timeout: 20_000 });
      // Each drawn trace: its name and the length of its SVG path (lines) or its number of points (markers).
      const drawn = await page.evaluate(() => {
        // plotly keeps each trace group's data on the element (d3's __data__): its first point holds the trace.
        const traces = Array.from(document.querySelectorAll(".js-plotly-plot .scatterlayer .trace")) as (Element & { __data__?: { trace?: { name?: string } }[] })[];
        return traces.map((trace) => ({
          name: trace.__data__?.[0]?.trace?.name ?? "",
          pathLength: Array.from(trace.querySelectorAll("path.js-line")).reduce((sum, p) => sum + (p.getAttribute("d") ?? "").length, 0),
          points: trace.querySelectorAll("path.point").length,
        }));
      });
      const lengthOf = (name: string) => drawn.filter((t) => t.name === name).map((t) => t.pathLength);
      for (const name of ["Provincial boundaries", "Coastline and land border", "Ten-dash line"]) {
        assert.equal(lengthOf(name).length, 2, `${name}: on the main map and the South China Sea inset`);
        assert.ok(lengthOf(name).every((n) => n > 100), `${name} drawn: ${lengthOf(name).join(", ")} characters of path`);
      }
      assert.ok(lengthOf("Provincial boundaries")[0] > 10_000, "the provincial boundaries are detailed outlines, not a box");
      assert.ok(lengthOf("Hu Huanyong line (Heihe–Tengchong)")[0] > 40, "the Hu line is drawn");
      assert.ok(drawn.reduce((sum, t) => sum + t.points, 0) >= 280, "the cities are drawn as points");
    } finally {
      await closeAll([page]);
    }
  });

});
