/**
 * The main job end to end: every notebook runs headless (tslab's compiler and executor) without an
 * error or a write to stderr, writes the tables and figures the paper's design calls for, a findings
 * file and an index — and a second run of notebook 06 (permutation tests, forest plots) in this
 * process gives byte-identical tables and findings (same seeds, same bytes; the shared run ran in
 * worker processes). The full run is the one the test runner shares (test/helpers/sharedReplicate.ts);
 * test/notebooks-browser.test.ts opens the same run's pages in headless Chromium, beside this file.
 * every seeded procedure's own same-seed check is in its test file (test/determinism.test.ts lists them).
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import type { Finding } from "../lib/workshop/annotations";
import { kitOf } from "../scripts/notebooks/artifacts";
import { readNotebook } from "../scripts/notebooks/ipynb";
import { isPlaceholderAnnotation } from "../scripts/notebooks/placeholders";
import { replicate } from "../scripts/replicate";
import { FIGURES, TABLES } from "./helpers/reportOutputs";
import { sharedRun } from "./helpers/sharedReplicate";
import { tempDir } from "./helpers/tempDir";

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
