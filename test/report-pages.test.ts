/**
 * The kit's HTML pages and the notebooks' LaTeX:
 * - every formula in the notebooks' Markdown parses in KaTeX, and none has an underscore inside
 *   `\text{}` (MathJax 2 shows `\text{ai\_iv}` with a literal backslash, KaTeX refuses `\text{ai_iv}`;
 *   `\mathrm{ai\_iv}` works in MathJax 2, 3 and KaTeX);
 * - the pages typeset math with KaTeX when they are built (no raw `$$` or `\text{` left), with
 *   KaTeX's stylesheet and fonts copied once into the output folder;
 * - the report index groups tables and figures by notebook, gives every link its own text and
 *   every heading once, shows findings once and no placeholder, and a thumbnail where a PNG exists;
 * - in headless Chromium (when installed), a notebook page and the index show no raw TeX after load.
 */
import assert from "node:assert/strict";
import { copyFileSync, existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { Artifact } from "../scripts/notebooks/artifacts";
import { findChromium } from "../scripts/notebooks/browser";
import { findingsDocuments } from "../scripts/notebooks/findings";
import { indexPage, notebookPage } from "../scripts/notebooks/html";
import { readNotebook, sourceText, writeNotebook, type Notebook } from "../scripts/notebooks/ipynb";
import { katexAssets, markdownToHtml } from "../scripts/notebooks/markdown";
import { replicate } from "../scripts/replicate";
import { tempDir } from "./helpers/tempDir";

const ROOT = join(__dirname, "..");
const NOTEBOOKS = join(ROOT, "notebooks");
const katex = require("katex") as { renderToString(tex: string, options: Record<string, unknown>): string };
const notebooks = readdirSync(NOTEBOOKS).filter((f) => f.endsWith(".ipynb")).sort();

/** The formulas of a Markdown text: `$$…$$` (display) and `$…$` (inline). */
function formulas(markdown: string): { tex: string; display: boolean }[] {
  return [...markdown.matchAll(/\$\$([\s\S]+?)\$\$|\$([^$\n]+?)\$/g)].map((m) => ({ tex: m[1] ?? m[2], display: m[1] !== undefined }));
}

/** The `\text{…}` groups of a formula that hold an underscore, escaped or not. */
function textWithUnderscore(tex: string): string[] {
  return [...tex.matchAll(/\\text\{[^{}]*\}/g)].map((m) => m[0]).filter((t) => t.includes("_"));
}

/** What a reader sees of a page: its text without tags, styles and scripts, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<(style|script)\b[\s\S]*?<\/\1>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}

/** Each link's accessible name (its aria-label, else its text) and its visible text. */
function links(html: string): { name: string; text: string; href: string }[] {
  return [...html.matchAll(/<a\b([^>]*)>([\s\S]*?)<\/a>/g)].map((m) => {
    const text = visibleText(m[2]).replace(/\s+/g, " ").trim();
    const label = m[1].match(/aria-label="([^"]*)"/)?.[1];
    return { name: label !== undefined ? visibleText(label).trim() : text, text, href: m[1].match(/href="([^"]*)"/)?.[1] ?? "" };
  });
}

function headings(html: string): string[] {
  return [...html.matchAll(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>/g)].map((m) => visibleText(m[2]).replace(/\s+/g, " ").trim());
}

function duplicates(values: string[]): string[] {
  return values.filter((v, k) => values.indexOf(v) !== k);
}

/** The checks every page of the kit passes: no raw TeX in its prose (code is shown as written), no KaTeX error, the stylesheet linked when math is typeset. */
function assertTypeset(html: string, where: string, page = true): void {
  const text = visibleText(html.replace(/<pre class="code">[\s\S]*?<\/pre>/g, ""));
  assert.ok(!text.includes("$$"), `${where}: raw $$ on the page`);
  assert.ok(!text.includes("\\text{"), `${where}: raw \\text{ on the page`);
  assert.ok(!html.includes("katex-error"), `${where}: a formula KaTeX could not parse`);
  if (page && html.includes('class="katex')) assert.match(html, /<link rel="stylesheet" href="[^"]*katex\.min\.css">/, `${where}: KaTeX's stylesheet`);
}

describe("the notebooks' LaTeX renders in MathJax 2 and 3 and in KaTeX", () => {
  it("finds an underscore inside \\text{} where there is one (the check can fail)", () => {
    assert.deepEqual(textWithUnderscore("\\pi\\,\\text{ai\\_iv}_{it} + \\text{ai_iv} + \\mathrm{share\\_sum}_i + \\text{ai}_{it}"), ["\\text{ai\\_iv}", "\\text{ai_iv}"]);
    assert.throws(() => katex.renderToString("\\text{ai_iv}", { throwOnError: true }), /Expected 'EOF', got '_'/);
  });

  for (const file of notebooks) {
    it(`${file}: no underscore inside \\text{}, and every formula parses in KaTeX`, () => {
      const notebook = readNotebook(join(NOTEBOOKS, file));
      for (const [k, cell] of notebook.cells.entries()) {
        if (cell.cell_type !== "markdown") continue;
        for (const f of formulas(sourceText(cell))) {
          assert.deepEqual(textWithUnderscore(f.tex), [], `${file}, cell ${k + 1}: write \\mathrm{ai\\_iv}, not \\text{ai\\_iv} (MathJax 2 shows the backslash)`);
          assert.doesNotThrow(() => katex.renderToString(f.tex, { throwOnError: true, displayMode: f.display }), `${file}, cell ${k + 1}: ${f.tex}`);
        }
      }
    });
  }
});

describe("math on the kit's pages", () => {
  it("typesets display and inline math with KaTeX, also where $$ opens a line inside a paragraph", () => {
    const html = markdownToHtml("Step 2 is estimated as the baseline:\n$$M_{it} = a\\,\\mathrm{ai\\_iv}_{it}.$$\nThen $x_{it}$ follows.");
    assert.equal((html.match(/class="katex-display"/g) ?? []).length, 1, html);
    assert.equal((html.match(/class="katex"/g) ?? []).length, 2, html);
    assertTypeset(html, "paragraph", false);
  });

  it("leaves prices alone: a $5 and $6 are text", () => {
    assert.equal(markdownToHtml("a price of $5 and $6 here"), "<p>a price of $5 and $6 here</p>\n");
  });

  for (const file of notebooks) {
    it(`${file}: its page shows no raw $$ or \\text{ and links KaTeX's stylesheet when it has math`, () => {
      const notebook = readNotebook(join(NOTEBOOKS, file));
      const html = notebookPage(notebook, file, "../plotly.js");
      assertTypeset(html, file);
      const hasMath = notebook.cells.some((c) => c.cell_type === "markdown" && formulas(sourceText(c)).length > 0);
      assert.equal(html.includes('href="../katex/katex.min.css"'), hasMath, `${file}: stylesheet linked exactly when there is math`);
    });
  }

  it("copies KaTeX's stylesheet and every WOFF2 font its stylesheet names", () => {
    const assets = katexAssets();
    const css = readFileSync(assets[0].from, "utf8");
    assert.equal(assets[0].path, "katex/katex.min.css");
    const named = [...new Set([...css.matchAll(/url\((fonts\/[^)]+\.woff2)\)/g)].map((m) => `katex/${m[1]}`))].sort();
    assert.ok(named.length >= 19, `${named.length} fonts named`);
    assert.deepEqual(assets.slice(1).map((a) => a.path), named);
    for (const a of assets) assert.ok(existsSync(a.from), a.from);
  });
});

/** Artifacts as the runner extracts them, with the titles today's notebooks give. */
function sampleArtifacts(): Artifact[] {
  const caption = " Simulated data (the kit's seeded data-generating process), not the paper's";
  const figure = (notebook: string, id: string, title: string, png = false): Artifact => ({ notebook, kind: "figure", id, title: title + caption, files: [`figures/${id}.html`, ...(png ? [`figures/${id}.png`] : [])] });
  const table = (notebook: string, id: string, title: string): Artifact => ({ notebook, kind: "table", id, title, files: ["html", "md", "tex", "csv"].map((e) => `tables/${id}.${e}`) });
  return [
    table("03_baseline.ipynb", "baseline", "Table 4. Baseline: AI development and urban shrinkage"),
    figure("03_baseline.ipynb", "baseline_coefficients", "Coefficient estimates", true),
    { notebook: "03_baseline.ipynb", kind: "finding", id: "03_baseline-5", title: "03_baseline-5", files: [], cell: 5, text: "AI development lowers urban shrinkage." },
    { notebook: "03_baseline.ipynb", kind: "annotation", id: "03_baseline-9", title: "03_baseline-9", files: [], cell: 9, text: "Replace this with your reading of column (4).", author: "Workshop participant", about: "OLS" },
    figure("04_endogeneity.ipynb", "ols_iv_truth", "Coefficient estimates"),
    table("04_endogeneity.ipynb", "iv", "Table 5. Endogeneity: 2SLS with the shift-share instrument"),
    figure("06_heterogeneity.ipynb", "forest_shrinking", "Group estimates of the coefficient of AI (robot penetration)", true),
    figure("06_heterogeneity.ipynb", "forest_hu_se", "Group estimates of the coefficient of AI (robot penetration)", true),
    figure("06_heterogeneity.ipynb", "forest_resource", "Group estimates of the coefficient of AI (robot penetration), by resource-based city"),
  ];
}

const SAMPLE_NOTEBOOKS = [
  { name: "03_baseline.ipynb", title: "3 · Baseline: two-way fixed effects" },
  { name: "04_endogeneity.ipynb", title: "4 · Endogeneity: 2SLS with a shift-share instrument" },
  { name: "06_heterogeneity.ipynb", title: "6 · Heterogeneity: which cities gain most?" },
];

describe("the report index", () => {
  const artifacts = sampleArtifacts();
  const html = indexPage(SAMPLE_NOTEBOOKS, artifacts, findingsDocuments(artifacts).markdown, { elapsedMs: 1234, resampling: "fast" });

  it("gives every link its own name, the shared titles told apart by notebook and then by id", () => {
    const all = links(html);
    assert.deepEqual(duplicates(all.map((l) => l.name)), [], "link names");
    const primary = all.filter((l) => /^(figures|tables)\/[^.]+\.html$/.test(l.href) || /^notebooks\/.+\.html$/.test(l.href));
    assert.deepEqual(duplicates(primary.map((l) => l.text)), [], "visible link texts of titles");
    const text = (href: string) => all.find((l) => l.href === href)?.text;
    assert.equal(text("figures/baseline_coefficients.html"), "Coefficient estimates — 3 · Baseline");
    assert.equal(text("figures/ols_iv_truth.html"), "Coefficient estimates — 4 · Endogeneity");
    assert.equal(text("figures/forest_hu_se.html"), "Group estimates of the coefficient of AI (robot penetration) — 6 · Heterogeneity — forest_hu_se");
    assert.equal(text("figures/forest_resource.html"), "Group estimates of the coefficient of AI (robot penetration), by resource-based city");
    assert.equal(all.find((l) => l.href === "tables/iv.md")?.name, "Table 5. Endogeneity: 2SLS with the shift-share instrument as Markdown");
    assert.ok(!all.some((l) => l.text.includes("Simulated data (the kit")), "the data caption is said once, in the banner");
  });

  it("has one h1, a heading per notebook, and no heading twice (Findings is not a heading)", () => {
    const hs = headings(html);
    assert.deepEqual(hs, ["How can artificial intelligence mitigate urban shrinkage? — replication report", ...SAMPLE_NOTEBOOKS.map((n) => n.title)]);
    assert.equal((html.match(/<h1\b/g) ?? []).length, 1);
  });

  it("groups each notebook's findings, tables and figures under its heading, with a thumbnail where a PNG exists", () => {
    const sections = html.split("<section").slice(1);
    assert.equal(sections.length, 3);
    assert.match(sections[0], /AI development lowers urban shrinkage\./);
    assert.match(sections[0], /tables\/baseline\.html/);
    assert.match(sections[0], /<img src="figures\/baseline_coefficients\.png" alt=""/);
    assert.doesNotMatch(sections[1], /<img/, "no PNG, no thumbnail");
    assert.match(sections[1], /figures\/ols_iv_truth\.html/);
    assert.equal((sections[2].match(/<img /g) ?? []).length, 2);
    assert.equal((html.match(/AI development lowers urban shrinkage\./g) ?? []).length, 1, "each finding once");
  });

  it("shows no placeholder note and no empty section", () => {
    assert.ok(!html.includes("Replace this with your reading"));
    assert.ok(!/None\./.test(visibleText(html)));
    assert.ok(!/class="kind">Tables<\/p><ul><\/ul>/.test(html));
  });
});

/** A notebook with a formula in Markdown and one in a Markdown output, beside the report fixture. */
function mathNotebook(): Notebook {
  const endogeneity = readNotebook(join(NOTEBOOKS, "04_endogeneity.ipynb"));
  const equations = endogeneity.cells.find((c) => c.cell_type === "markdown" && sourceText(c).includes("$$"));
  assert.ok(equations, "notebook 04 shows its equations");
  return {
    ...endogeneity,
    cells: [
      { cell_type: "markdown", metadata: {}, source: "# Math fixture\n\nInline $\\beta_{it}$ and a paragraph:\n$$\\mathrm{ai\\_iv}_{it} = \\text{ai}_{it}$$\n" },
      { cell_type: "markdown", metadata: {}, source: equations.source },
      { cell_type: "code", metadata: {}, source: 'import { show } from "./lib/index";\nshow({ "text/markdown": "An output with $$\\\\hat\\\\beta = 1$$ in it.", "text/plain": "hat beta = 1" });', outputs: [], execution_count: null },
    ],
  };
}

describe("a replicated report in the output folder", () => {
  const out = tempDir("kit-pages-out-");
  const source = tempDir("kit-pages-notebooks-");
  let built = false;
  const build = async () => {
    if (built) return;
    writeNotebook(join(source, "09_math.ipynb"), mathNotebook());
    copyFileSync(join(__dirname, "fixtures", "notebooks", "report.ipynb"), join(source, "10_report.ipynb"));
    await replicate({ full: false, notebooksDir: source, outDir: out, quiet: true });
    built = true;
  };

  it("typesets the notebooks' math and Markdown outputs, with KaTeX's files copied once", { timeout: 600_000 }, async () => {
    await build();
    const page = readFileSync(join(out, "notebooks", "09_math.html"), "utf8");
    assertTypeset(page, "09_math.html");
    assert.equal((page.match(/class="katex-display"/g) ?? []).length, 4, "two from the fixture's paragraph and output, two from notebook 04's equations");
    for (const a of katexAssets()) assert.ok(existsSync(join(out, ...a.path.split("/"))), a.path);
    const index = readFileSync(join(out, "index.html"), "utf8");
    assertTypeset(index, "index.html");
    assert.deepEqual(duplicates(links(index).map((l) => l.name)), []);
    assert.deepEqual(duplicates(headings(index)), []);
    assert.deepEqual(headings(index).slice(1), ["Math fixture", "Report helpers in a notebook"]);
  });

  const chromium = findChromium();
  it("shows no raw TeX in Chromium after load, with KaTeX's fonts loaded from the output folder", { skip: chromium ? false : "no Chromium (apt-get install chromium-headless-shell)" }, async () => {
    await build();
    const { chromium: playwright } = require("playwright-core") as typeof import("playwright-core");
    const browser = await playwright.launch({ executablePath: chromium as string, args: ["--no-sandbox", "--disable-gpu"] });
    try {
      const page = await browser.newPage();
      const blocked: string[] = [];
      await page.route("**/*", (r) => (/^(file|data|about):/.test(r.request().url()) ? r.continue() : (blocked.push(r.request().url()), r.abort())));
      for (const file of [join(out, "notebooks", "09_math.html"), join(out, "index.html")]) {
        await page.goto(`file://${file}`);
        await page.evaluate(() => document.fonts.ready);
        const text = await page.evaluate(() => {
          document.querySelectorAll("pre.code").forEach((code) => code.remove()); // code is shown as written
          return document.body.innerText;
        });
        assert.ok(!text.includes("$$") && !text.includes("\\text{") && !text.includes("\\mathrm{"), `${file}: raw TeX after load`);
        if (file.endsWith("09_math.html")) {
          const loaded = await page.evaluate(() => {
            const families: string[] = [];
            document.fonts.forEach((f) => (f.status === "loaded" ? families.push(f.family) : undefined));
            return families;
          });
          assert.ok(loaded.includes("KaTeX_Main") && loaded.includes("KaTeX_Math"), `KaTeX fonts loaded: ${loaded.join(", ")}`);
        }
      }
      assert.deepEqual(blocked, [], "no request left the file system");
    } finally {
      await browser.close();
    }
  });
});
