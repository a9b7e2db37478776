/**
 * The exported report and the executed notebooks in a real browser: headless Chromium opens the
 * pages and every plotly figure must have drawn its SVG with data; a notebook converted by
 * `jupyter nbconvert --to html` shows each figure as the plot with scripts and as its static image
 * without them (untrusted Jupyter); Chinese renders with real glyphs, and the glyph check reports
 * boxes on a machine without a CJK font. Without Chromium (or nbconvert) these tests are skipped
 * with a line saying so — unless KIT_REQUIRE_BROWSER=1 (KIT_REQUIRE_JUPYTER=1), set by .ci/run,
 * which turns a missing browser (nbconvert) into a failure.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { displayTable, figureHtml, PLOTLY_MIME } from "../lib/report/display";
import { buildDefinitionTable } from "../lib/report/definitions";
import { useStudyDefaults } from "../lib/study/reportDefaults";
import { findChromium } from "../scripts/notebooks/browser";
import { figureOutputCount, hanTitle, nbconvertToHtml, renderedFigures, shownFigures } from "../scripts/notebooks/figureCheck";
import { readNotebook, writeNotebook, type Notebook, type Output } from "../scripts/notebooks/ipynb";
import { hasJupyter } from "../scripts/notebooks/jupyter";
import { launchOffline, missingHanGlyphs, offlinePage, StaticFigures } from "../scripts/notebooks/staticFigures";
import { replicate } from "../scripts/replicate";
import { tempDir } from "./helpers/tempDir";

const chromium = findChromium();
const required = process.env.KIT_REQUIRE_BROWSER === "1";
if (!chromium) {
  if (required) throw new Error("KIT_REQUIRE_BROWSER=1 but no Chromium is installed: apt-get install chromium-headless-shell (or chromium).");
  console.log("# not exercised: the browser check of figures (install Debian's chromium to run it)");
}
const jupyter = hasJupyter();
if (!jupyter && process.env.KIT_REQUIRE_JUPYTER === "1") throw new Error("KIT_REQUIRE_JUPYTER=1 but nbconvert is missing: apt-get install jupyter-nbconvert.");
if (!jupyter) console.log("# not exercised: figures in nbconvert's HTML (apt-get install jupyter-nbconvert)");

useStudyDefaults(); // the definition table lists the study's codebook

const BUNDLE_MARK = "plotly.js (cartesian - minified) v";
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;
const figureOutputs = (notebook: Notebook) =>
  notebook.cells.flatMap((c) => c.outputs ?? []).filter((o): o is Extract<Output, { output_type: "display_data" }> => o.output_type === "display_data" && o.data[PLOTLY_MIME] !== undefined);

/** The width and height in a PNG's IHDR chunk. */
function pngSize(base64: string): { width: number; height: number } {
  const bytes = Buffer.from(base64, "base64");
  assert.equal(bytes.subarray(1, 4).toString("latin1"), "PNG", "a PNG signature");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe("static figures without a browser", () => {
  const spec = { data: [{ type: "scatter", x: [1, 2], y: [2, 1] }], layout: { title: { text: "t" } } };
  const notebook = (): Notebook => ({
    cells: [1, 2].map((k) => ({ cell_type: "code" as const, metadata: {}, source: "", execution_count: k, outputs: [{ output_type: "display_data" as const, data: { [PLOTLY_MIME]: spec, "text/html": "<div>kernel's html</div>" }, metadata: {} }] })),
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  });

  /** Runs `body` with KIT_REQUIRE_BROWSER set to `value` (unset for undefined), restoring it after. */
  async function withRequireBrowser(value: string | undefined, body: () => Promise<void>): Promise<void> {
    const saved = process.env.KIT_REQUIRE_BROWSER;
    if (value === undefined) delete process.env.KIT_REQUIRE_BROWSER;
    else process.env.KIT_REQUIRE_BROWSER = value;
    try {
      await body();
    } finally {
      if (saved === undefined) delete process.env.KIT_REQUIRE_BROWSER;
      else process.env.KIT_REQUIRE_BROWSER = saved;
    }
  }

  it("keep the interactive figure, inline plotly.js once per notebook, and say so in one line", () =>
    withRequireBrowser(undefined, async () => {
      const lines: string[] = [];
      const figures = new StaticFigures((line) => lines.push(line), () => undefined);
      for (const name of ["a.ipynb", "b.ipynb"]) {
        const outputs = figureOutputs(await figures.add(notebook(), name));
        const html = outputs.map((o) => String(o.data["text/html"]));
        assert.deepEqual(html.map((h) => count(h, BUNDLE_MARK)), [1, 0], `${name}: the bundle in the first figure only`);
        assert.ok(outputs.every((o) => o.data["image/png"] === undefined && !String(o.data["text/html"]).includes("data:image/png")));
        assert.ok(html.every((h) => h.includes("Plotly.newPlot") && !h.includes("kernel's html")));
      }
      await figures.close();
      assert.equal(lines.length, 1, lines.join("\n"));
      assert.match(lines[0], /^No Chromium found: figures are saved without static images.*apt-get install chromium-headless-shell$/);
    }));

  it("are an error under KIT_REQUIRE_BROWSER=1", () =>
    withRequireBrowser("1", async () => {
      await assert.rejects(new StaticFigures(() => undefined, () => undefined).add(notebook(), "a.ipynb"), /KIT_REQUIRE_BROWSER=1 but no Chromium/);
    }));
});

describe("figures render in headless Chromium", { skip: !chromium }, () => {
  const out = tempDir("kit-report-");
  before(async () => {
    await replicate({ full: false, notebooksDir: join(__dirname, "fixtures", "notebooks"), only: "ok", outDir: out, quiet: true });
  });

  it("the figure of an executed notebook and its standalone page draw SVG traces", async () => {
    const browser = (await launchOffline()) as Browser;
    after(() => browser.close());
    const tab = await offlinePage(browser);
    for (const page of [join(out, "notebooks", "ok.html"), join(out, "figures", "smoke-figure.html")]) {
      const check = await renderedFigures(tab, page);
      assert.equal(check.figures, 1, `${page}: one figure expected`);
      assert.deepEqual(check.failed, [], `${page}: figures that did not render`);
    }
  });

  it("a figure container that plotly never drew is reported as failed", async () => {
    const dir = tempDir("kit-broken-");
    const page = join(dir, "broken.html");
    writeFileSync(page, '<!doctype html><html><body><div id="figure-0" class="plotly-figure"></div></body></html>');
    const browser = (await launchOffline()) as Browser;
    after(() => browser.close());
    assert.deepEqual((await renderedFigures(await offlinePage(browser), page, 2000)).failed, ["figure-0"]);
  });

  it("the executed figure carries its PNG as image/png and inside its HTML, and plotly.js once", () => {
    const [figure] = figureOutputs(readNotebook(join(out, "notebooks", "ok.ipynb")));
    const png = String(figure.data["image/png"]);
    assert.deepEqual(pngSize(png), { width: 900, height: 450 });
    const html = String(figure.data["text/html"]);
    assert.ok(html.includes(`<img src="data:image/png;base64,${png}" alt="Smoke figure"`));
    assert.equal(count(html, BUNDLE_MARK), 1);
    assert.ok(!html.includes("Plotly is not loaded"));
  });

  it("nbconvert's HTML shows each figure: the plot with scripts, the static image without (untrusted)", { skip: !jupyter }, async () => {
    const dir = tempDir("kit-nbconvert-html-");
    const executed = readNotebook(join(out, "notebooks", "ok.ipynb"));
    // The same notebook as it was before static images: the kernel's HTML without an image or a bundle.
    const old = JSON.parse(JSON.stringify(executed)) as Notebook;
    for (const o of figureOutputs(old)) {
      delete o.data["image/png"];
      o.data["text/html"] = figureHtml(o.data[PLOTLY_MIME] as never, { id: "old" });
    }
    writeNotebook(join(dir, "ok.ipynb"), executed);
    writeNotebook(join(dir, "old.ipynb"), old);
    const [page, oldPage] = nbconvertToHtml([join(dir, "ok.ipynb"), join(dir, "old.ipynb")], dir);
    const browser = (await launchOffline()) as Browser;
    after(() => browser.close());
    const withScripts = await offlinePage(browser);
    const untrusted = await offlinePage(browser, { javaScriptEnabled: false });
    const n = figureOutputCount(executed);
    assert.equal(n, 1);
    assert.deepEqual(await shownFigures(withScripts, page, { scripts: true }), { figures: n, plots: n, images: 0, blank: [] });
    assert.deepEqual(await shownFigures(untrusted, page, { scripts: false }), { figures: n, plots: 0, images: n, blank: [] });
    // The check fails on the old output: no Plotly in the page, no image.
    assert.deepEqual((await shownFigures(withScripts, oldPage, { scripts: true, waitMs: 2000 })).blank, ["old"]);
    assert.deepEqual((await shownFigures(untrusted, oldPage, { scripts: false })).blank, ["old"]);
  });
});

describe("Chinese in the browser", { skip: !chromium }, () => {
  let browser: Browser;
  before(async () => {
    browser = (await launchOffline()) as Browser;
  });
  after(() => browser?.close());

  /** A page with the Chinese table title, as a notebook shows it; returns the title and its font. */
  async function titleIn(target: Browser): Promise<{ text: string; family: string; missing: string[] }> {
    const dir = tempDir("kit-cjk-");
    const file = join(dir, "table.html");
    const table = displayTable(buildDefinitionTable({ labels: "zh", title: "表2 变量定义", variables: ["ai"] }));
    writeFileSync(file, `<!doctype html><html><head><meta charset="utf-8"></head><body>${table["text/html"]}</body></html>`);
    const page = await offlinePage(target);
    await page.goto(`file://${file}`);
    const title = await hanTitle(page);
    assert.ok(title, "the page shows a Chinese title");
    return { ...title, missing: await missingHanGlyphs(page, title.text, title.family) };
  }

  it("a Chinese table title renders with real glyphs", async () => {
    const { text, missing } = await titleIn(browser);
    assert.equal(text, "表2 变量定义");
    assert.deepEqual(missing, [], "install fonts-noto-cjk: these characters render as boxes");
  });

  it("the glyph check reports boxes where no CJK font is installed (a fontconfig with DejaVu only)", async () => {
    const dir = tempDir("kit-fontconfig-");
    const conf = join(dir, "fonts.conf");
    writeFileSync(conf, `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>${join(dir, "cache")}</cachedir></fontconfig>`);
    const bare = (await launchOffline({ ...(process.env as Record<string, string>), FONTCONFIG_FILE: conf })) as Browser;
    try {
      assert.deepEqual((await titleIn(bare)).missing, ["表", "变", "量", "定", "义"]);
    } finally {
      await bare.close();
    }
  });
});
