/**
 * The README's "From R and Stata to the kit" block is runnable: every line of it runs, as one
 * notebook cell, through tslab's own compiler and executor on the study panel.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import { runInTslab } from "./helpers/tslab";

it("every line of the README's R-and-Stata block runs in a notebook cell", async () => {
  const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
  const block = /<!-- r-and-stata: runnable -->\n```ts\n([\s\S]*?)\n```/.exec(readme);
  assert.ok(block, "the README has the runnable block");
  const { ok, errors, locals } = await runInTslab(block[1]);
  assert.equal(errors, "", "tslab reported errors");
  assert.ok(ok, "the cell failed");
  assert.ok(Number.isFinite(locals.numbers[1]), "fit.se.ai is a number");
  assert.ok(locals.latex.includes("\\begin{tabular}"), "toLatex gives LaTeX");
});
