/**
 * The main job end to end: every notebook runs headless (tslab's compiler and executor) without an
 * error or a write to stderr, writes the tables and figures the paper's design calls for, a findings
 * file and an index — and a second run gives byte-identical tables (same seeds, same bytes).
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import type { Finding } from "../lib/workshop/annotations";
import { kitOf } from "../scripts/notebooks/artifacts";
import { checkFigures, findChromium } from "../scripts/notebooks/browser";
import { readNotebook } from "../scripts/notebooks/ipynb";
import { isPlaceholderAnnotation } from "../scripts/notebooks/placeholders";
import { replicate } from "../scripts/replicate";

const TABLES = [
  "audit_files", "audit_kinds", "definitions", "descriptives", "baseline", "iv", "lagged_ai",
  "robust_measures", "robust_samples", "heterogeneity", "heterogeneity_tests", "heterogeneity_holm", "mechanisms", "mediation", "mediation_truth", "mc_weak_instrument",
];
const FIGURES = ["trend_ai_by_shrinking", "map_shrink", "baseline_coefficients", "ols_iv_truth", "placebo", "forest_shrinking", "forest_hu_se", "forest_peripheral", "forest_resource", "mc_sampling", "mc_coverage", "mc_weak_instrument"];

describe("npm run replicate", () => {
  const first = mkdtempSync(join(tmpdir(), "kit-replicate-a-"));
  const second = mkdtempSync(join(tmpdir(), "kit-replicate-b-"));
  let notebooks: string[] = [];
  before(async () => {
    notebooks = (await replicate({ full: false, outDir: first, quiet: true })).notebooks;
    await replicate({ full: false, outDir: second, quiet: true });
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
  it("renders every figure of the report in headless Chromium (SVG with data)", { skip: !chromium }, () => {
    const pages = [
      ...notebooks.map((n) => join(first, "notebooks", n.replace(/\.ipynb$/, ".html"))),
      ...FIGURES.map((f) => join(first, "figures", `${f}.html`)),
    ];
    let figures = 0;
    for (const page of pages) {
      const check = checkFigures(chromium as string, page);
      assert.deepEqual(check.failed, [], `${page}: figures that did not render`);
      figures += check.figures;
    }
    assert.ok(figures >= 2 * FIGURES.length, `${figures} figures checked`);
  });

  it("gives byte-identical tables on a second run", () => {
    const files = readdirSync(join(first, "tables")).sort();
    assert.deepEqual(readdirSync(join(second, "tables")).sort(), files);
    for (const f of files) assert.equal(readFileSync(join(second, "tables", f), "utf8"), readFileSync(join(first, "tables", f), "utf8"), `tables/${f} differs between runs`);
    assert.equal(readFileSync(join(second, "findings.md"), "utf8"), readFileSync(join(first, "findings.md"), "utf8"));
  });
});
