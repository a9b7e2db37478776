/**
 * The main job end to end: every notebook runs headless (tslab's compiler and executor) without an
 * error or a write to stderr, writes the tables and figures the paper's design calls for, a findings
 * file and an index — and a second run of notebook 06 (permutation tests, forest plots) in this
 * process gives byte-identical tables and findings (same seeds, same bytes; the shared run ran in
 * worker processes). The full run is the one the test runner shares (test/helpers/sharedReplicate.ts);
 * every seeded procedure's own same-seed check is in its test file (test/determinism.test.ts lists them).
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import type { Finding } from "../lib/workshop/annotations";
import { kitOf } from "../scripts/notebooks/artifacts";
import { findChromium } from "../scripts/notebooks/browser";
import { figureOutputCount, hanTitle, nbconvertToHtml, renderedFigures, shownFigures } from "../scripts/notebooks/figureCheck";
import { readNotebook, type Notebook, type Output } from "../scripts/notebooks/ipynb";
import { hasJupyter } from "../scripts/notebooks/jupyter";
import { launchOffline, missingHanGlyphs, offlinePage } from "../scripts/notebooks/staticFigures";
import { PLOTLY_MIME, plotlyBundleFor } from "../lib/report/display";
import type { FigureSpec } from "../lib/report/figures/spec";
import { isPlaceholderAnnotation } from "../scripts/notebooks/placeholders";
import { replicate } from "../scripts/replicate";
import { sharedRun } from "./helpers/sharedReplicate";
import { tempDir } from "./helpers/tempDir";

const TABLES = [
  "audit_files", "audit_kinds", "definitions", "descriptives", "baseline", "iv", "lagged_ai", "value_audit",
  "robust_measures", "robust_samples", "robust_spatial", "heterogeneity", "heterogeneity_tests", "heterogeneity_holm", "mechanisms", "mediation", "mediation_truth", "mc_weak_instrument",
];
const FIGURES = ["trend_ai_by_shrinking", "map_shrink", "baseline_coefficients", "ols_iv_truth", "placebo", "conley_cutoff", "forest_shrinking", "forest_hu_se", "forest_peripheral", "forest_resource", "mc_sampling", "mc_coverage", "mc_weak_instrument"];

describe("npm run replicate", () => {
  let first = "";
  const second = tempDir("kit-replicate-b-");
  const AGAIN = "06_heterogeneity";
  let notebooks: string[] = [];
  before(async () => {
    ({ out: first, notebooks } = await sharedRun("simulated"));
    await replicate({ full: false, outDir: second, quiet: true, only: AGAIN, jobs: 1 });
  });

  it("executes every notebook with outputs and execution counts, no error and nothing on stderr", () => {
    assert.ok(notebooks.length >= 8, `${notebooks.length} notebooks`);
    for (const name of notebooks) {
      const executed = readNotebook(join(first, "notebooks", name));
      const code = executed.cells.filter((c) => c.cell_type === "code");
      assert.ok(code.every((c, k) => c.execution_count === k + 1), `${name}: execution counts`);
      for (const [k, cell] of code.entries()) {
        for (const output of cell.outputs ?? []) {
          assert.notEqual(output.output_type, "error", `${name}, code cell ${k + 1}`);
          if (output.output_type === "stream") assert.notEqual(output.name, "stderr", `${name}, code cell ${k + 1} wrote to stderr: ${output.text.join("")}`);
        }
      }
    }
  });

  it("writes every table in four formats and every figure", () => {
    for (const t of TABLES) for (const ext of ["html", "md", "tex", "csv"]) assert.ok(existsSync(join(first, "tables", `${t}.${ext}`)), `tables/${t}.${ext}`);
    for (const f of FIGURES) assert.ok(existsSync(join(first, "figures", `${f}.html`)), `figures/${f}.html`);
  });

  it("says the data is simulated in every notebook and in the report", () => {
    for (const name of notebooks) assert.match(readFileSync(join(first, "notebooks", name), "utf8"), /[Ss]imulated/, name);
    assert.match(readFileSync(join(first, "index.html"), "utf8"), /Simulated data/);
    assert.match(readFileSync(join(first, "index.html"), "utf8"), /<a href="validation.html">/, "the report links the value audit");
    assert.match(readFileSync(join(first, "validation.html"), "utf8"), /<div class="banner">Simulated data \(data\/panel.csv\)<\/div>/);
  });

  it("collects every computed finding and note the notebooks show into the findings file, never a placeholder", () => {
    const findings = readFileSync(join(first, "findings.md"), "utf8");
    for (const name of notebooks) assert.ok(findings.includes(`## ${name}`), `${name} has findings`);
    const json = JSON.parse(readFileSync(join(first, "findings.json"), "utf8")) as { findings: Finding[] };
    assert.deepEqual(Object.keys(json), ["findings"], "the findings file's one format: { findings: [...] }");
    assert.ok(json.findings.length >= notebooks.length);
    for (const name of notebooks) {
      for (const [k, cell] of readNotebook(join(first, "notebooks", name)).cells.entries()) {
        for (const kit of (cell.outputs ?? []).map(kitOf)) {
          if (kit?.kind !== "finding" && kit?.kind !== "annotation") continue;
          const listed = json.findings.some((f) => f.kind === kit.kind && f.notebook === name && f.cell === k + 1 && f.text === (kit.text ?? "").trim());
          const placeholder = kit.kind === "annotation" && isPlaceholderAnnotation(kit);
          assert.equal(listed, !placeholder, `${name}, cell ${k + 1}: ${placeholder ? "a placeholder note is in the findings file" : "missing from the findings file"}`);
        }
      }
    }
  });

  const chromium = findChromium();
  if (!chromium && process.env.KIT_REQUIRE_BROWSER === "1") throw new Error("KIT_REQUIRE_BROWSER=1 but no Chromium is installed: apt-get install chromium.");
  if (!chromium) console.log("# not exercised: the browser check of the report's figures (install Debian's chromium to run it)");
  it("renders every figure of the report in headless Chromium (SVG with data)", { skip: !chromium }, async () => {
    const pages = [
      ...notebooks.map((n) => join(first, "notebooks", n.replace(/\.ipynb$/, ".html"))),
      ...FIGURES.map((f) => join(first, "figures", `${f}.html`)),
    ];
    const browser = await launchOffline();
    assert.ok(browser);
    try {
      const tab = await offlinePage(browser);
      let figures = 0;
      for (const page of pages) {
        const check = await renderedFigures(tab, page);
        assert.deepEqual(check.failed, [], `${page}: figures that did not render`);
        figures += check.figures;
      }
      assert.ok(figures >= 2 * FIGURES.length, `${figures} figures checked`);
    } finally {
      await browser.close();
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
    const browser = await launchOffline();
    assert.ok(browser);
    try {
      const withScripts = await offlinePage(browser);
      const untrusted = await offlinePage(browser, { javaScriptEnabled: false });
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
      await browser.close();
    }
  });

  it("draws the city map in the browser with the province outlines, the coastline, the ten-dash line and the Hu line", { skip: !chromium }, async () => {
    const browser = await launchOffline();
    assert.ok(browser);
    try {
      const page = await offlinePage(browser);
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
      await browser.close();
    }
  });

  it(`gives byte-identical tables, figures and findings when ${AGAIN} runs again (in this process instead of a worker)`, () => {
    const files = readdirSync(join(second, "tables")).sort();
    assert.ok(files.includes("heterogeneity.csv") && files.includes("heterogeneity_tests.csv"), files.join(", "));
    for (const f of files) assert.equal(readFileSync(join(second, "tables", f), "utf8"), readFileSync(join(first, "tables", f), "utf8"), `tables/${f} differs between runs`);
    const figures = readdirSync(join(second, "figures")).sort();
    assert.ok(figures.includes("forest_shrinking.png"), figures.join(", "));
    for (const f of figures) assert.equal(readFileSync(join(second, "figures", f), "base64"), readFileSync(join(first, "figures", f), "base64"), `figures/${f} differs between runs`);
    const section = (path: string) => readFileSync(path, "utf8").split(/^## /m).find((s) => s.startsWith(`${AGAIN}.ipynb`))?.trimEnd(); // the last section lacks the blank line before the next
    assert.ok(section(join(second, "findings.md")), `${AGAIN} has findings`);
    assert.equal(section(join(second, "findings.md")), section(join(first, "findings.md")));
  });
});
