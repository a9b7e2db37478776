/**
 * The one switch end to end: the bundled raw files cleaned by scripts/clean-data.ts into a folder of
 * the user's, then `replicate --smoke` with KIT_PANEL pointing at that panel.csv runs all eight notebooks
 * without an error, every executed notebook and the report say "Real data: <path>", the tables and
 * figures carry it as their note and caption, and the comparisons with the simulation's truth are
 * skipped, each with a line saying why.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { readNotebook } from "../scripts/notebooks/ipynb";
import { sharedRun } from "./helpers/sharedReplicate";

describe("replicate with KIT_PANEL = a cleaned copy of the bundled data", () => {
  let out = "";
  let realData = "";
  let notebooks: string[] = [];
  before(async () => {
    // The run the test runner shares (or, with this file alone, made now): clean-data, then replicate with KIT_PANEL.
    const run = await sharedRun("real");
    ({ out, notebooks } = run);
    realData = `Real data: ${run.panelPath}`;
  });

  it("runs all eight notebooks with no error output and nothing on stderr", () => {
    assert.equal(notebooks.length, 8);
    for (const name of notebooks) {
      const code = readNotebook(join(out, "notebooks", name)).cells.filter((c) => c.cell_type === "code");
      for (const [k, cell] of code.entries()) {
        for (const output of cell.outputs ?? []) {
          assert.notEqual(output.output_type, "error", `${name}, code cell ${k + 1}`);
          if (output.output_type === "stream") assert.notEqual(output.name, "stderr", `${name}, code cell ${k + 1} wrote to stderr: ${output.text.join("")}`);
        }
      }
    }
  });

  it("says 'Real data: <path>' in every executed notebook", () => {
    for (const name of notebooks) assert.ok(readFileSync(join(out, "notebooks", name), "utf8").includes(realData), `${name} does not say "${realData}"`);
  });

  it("skips the comparisons with the truth in notebooks 03 to 07, each with a line saying why", () => {
    for (const name of notebooks.filter((n) => /^0[3-7]_/.test(n))) {
      assert.match(readFileSync(join(out, "notebooks", name), "utf8"), /Skipped on real data: .* needs the simulation's truth/, name);
    }
  });

  it("notes the tables and captions the figures with 'Real data: <path>'", () => {
    assert.ok(readFileSync(join(out, "tables", "baseline.md"), "utf8").includes(realData), "tables/baseline.md");
    assert.ok(readFileSync(join(out, "figures", "baseline_coefficients.html"), "utf8").includes(realData), "figures/baseline_coefficients.html");
  });

  it("says in the report that the run used smoke counts (replicate --smoke)", () => {
    assert.match(readFileSync(join(out, "index.html"), "utf8"), /Resampling counts: smoke \(--smoke: every cell ran with a tenth of the draws/);
  });

  it("says 'Real data: <path>' in the report's banner, not 'Simulated data'", () => {
    const index = readFileSync(join(out, "index.html"), "utf8");
    assert.ok(index.includes(`<div class="banner">${realData}`), "banner");
    assert.ok(!index.includes("Simulated data:"), "no simulated banner");
  });

  it("writes validation.html, the value audit of the user's panel read from the cleaner's files beside it, linked from the index", () => {
    const page = readFileSync(join(out, "validation.html"), "utf8");
    assert.ok(page.includes(`<div class="banner">${realData}`), "the page names the data");
    assert.ok(page.includes("shrink_index"), "a section per variable");
    assert.ok(readFileSync(join(out, "index.html"), "utf8").includes('<a href="validation.html">'), "linked from the index");
  });
});
