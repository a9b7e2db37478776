/**
 * The headless notebook runner (tslab's compiler and executor, as the kernel uses them):
 * outputs and execution counts are recorded, a failing cell stops the run with the notebook,
 * the cell number and the real message, and tagged display outputs become report artifacts.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { extractArtifacts, findingsMarkdown } from "../scripts/notebooks/artifacts";
import { NotebookCellError, NotebookRunner } from "../scripts/notebooks/execute";
import { clearOutputs, hasOutputs, readNotebook } from "../scripts/notebooks/ipynb";

const root = join(__dirname, "..");
const fixtures = join(__dirname, "fixtures", "notebooks");

describe("NotebookRunner", () => {
  const runner = new NotebookRunner(root);
  after(() => runner.close());

  it("records each cell's output and numbers the executions", async () => {
    const executed = await runner.run(readNotebook(join(fixtures, "ok.ipynb")), "ok.ipynb");
    const code = executed.cells.filter((c) => c.cell_type === "code");
    assert.deepEqual(code.map((c) => c.execution_count), [1, 2, 3]);
    const first = code[0].outputs?.[0];
    assert.ok(first && first.output_type === "stream" && /x: 0\.38461/.test(first.text.join("")));
    assert.ok(code[1].outputs?.some((o) => o.output_type === "display_data" && o.data["text/markdown"] === "**bold**"));
    assert.ok(hasOutputs(executed));
    assert.ok(!hasOutputs(clearOutputs(executed)));
  });

  it("stops at the first failing cell with the notebook, cell number and the real message", async () => {
    await assert.rejects(runner.run(readNotebook(join(fixtures, "failing.ipynb")), "failing.ipynb"), (error: unknown) => {
      assert.ok(error instanceof NotebookCellError);
      assert.equal(error.notebook, "failing.ipynb");
      assert.equal(error.cell, 3);
      assert.match(error.detail, /planted failure in cell three/);
      return true;
    });
  });

  it("turns tagged display outputs into artifacts and a findings file", async () => {
    const executed = await runner.run(readNotebook(join(fixtures, "ok.ipynb")), "ok.ipynb");
    const out = mkdtempSync(join(tmpdir(), "kit-artifacts-"));
    const artifacts = extractArtifacts(executed, "ok.ipynb", out);
    assert.deepEqual(artifacts.map((a) => [a.kind, a.id]), [["finding", "ok-1"], ["figure", "smoke-figure"]]);
    assert.equal(artifacts[0].text, "x is positive");
    assert.ok(readFileSync(join(out, "figures", "smoke-figure.html"), "utf8").includes("Plotly.newPlot"));
    assert.match(findingsMarkdown(artifacts), /## ok\.ipynb\n\n- x is positive/);
  });
});

describe("the kit's display helpers inside a notebook", () => {
  const runner = new NotebookRunner(root);
  after(() => runner.close());

  it("tag tables, figures, findings and notes so the report writes and gathers them", async () => {
    const executed = await runner.run(readNotebook(join(fixtures, "report.ipynb")), "report.ipynb");
    const out = mkdtempSync(join(tmpdir(), "kit-report-artifacts-"));
    const artifacts = extractArtifacts(executed, "report.ipynb", out);
    assert.deepEqual(
      artifacts.map((a) => [a.kind, a.id]),
      [["table", "fixture-table"], ["figure", "fixture-figure"], ["finding", "report-3"], ["annotation", "report-4"]],
    );
    assert.deepEqual(artifacts[0].files.map((f) => f.split(".").pop()), ["html", "md", "tex", "csv"]);
    assert.match(readFileSync(join(out, "tables", "fixture-table.tex"), "utf8"), /\\toprule/);
    const figureOutput = executed.cells[2].outputs?.find((o) => o.output_type === "display_data");
    assert.ok(figureOutput && figureOutput.output_type === "display_data");
    assert.ok("application/vnd.plotly.v1+json" in figureOutput.data && "text/html" in figureOutput.data, "one output carries both formats");
    assert.ok(!("kit" in figureOutput.data), "the tag travels as metadata, not as data");
    const findings = findingsMarkdown(artifacts);
    assert.match(findings, /Note by Tester on OLS: y ~ x \| id: A note on the fixture fit\./);
    assert.match(findings, /- .*x/);
  });
});

describe("committed notebooks", () => {
  it("carry no outputs (the repository stays diff-friendly)", () => {
    const fs = require("node:fs") as typeof import("node:fs");
    const dir = join(root, "notebooks");
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f: string) => f.endsWith(".ipynb")) : [];
    for (const f of files) assert.ok(!hasOutputs(readNotebook(join(dir, f))), `${f} has outputs: clear them before committing`);
    for (const f of ["ok.ipynb", "failing.ipynb", "report.ipynb", "r-habits.ipynb"]) assert.ok(!hasOutputs(readNotebook(join(fixtures, f))), `fixture ${f} has outputs`);
    assert.ok(readFileSync(join(fixtures, "ok.ipynb"), "utf8").length > 0);
  });
});
