/**
 * Habits of R and Stata users that tslab alone gets wrong, caught by the kit's cell layer
 * (scripts/notebooks/kitExecutor.ts, over scripts/notebooks/cellRewrite.ts) — here through the
 * headless runner; test/kernel.test.ts runs the same fixture through the real kernel.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { caretUses, expandShorthand, moduleReferences, originalPosition } from "../scripts/notebooks/cellRewrite";
import { NotebookRunner } from "../scripts/notebooks/execute";
import { type Notebook, readNotebook } from "../scripts/notebooks/ipynb";
import { folderImportHint, formatKitError, isKitError } from "../scripts/notebooks/kitExecutor";
import { DataError, FormulaError } from "../lib/index";
import { DataFileError } from "../lib/study/index";

const root = join(__dirname, "..");
const fixture = join(__dirname, "fixtures", "notebooks", "r-habits.ipynb");
const LIB_HINT = "tslab cannot import a folder: write ./lib/index (or ./lib/study/index, ./lib/workshop/index)";
const XOR_WARNING = "`^` is bitwise XOR in TypeScript; write `**` for a power (line 2: `x ^ 2`)";

/** A cell's text on one channel ("stdout" or "stderr"). */
function streamText(notebook: Notebook, id: string, channel: "stdout" | "stderr"): string {
  const cell = notebook.cells.find((c) => c.id === id);
  assert.ok(cell, `no cell ${id}`);
  return (cell.outputs ?? [])
    .filter((o) => o.output_type === "stream" && o.name === channel)
    .map((o) => (o.output_type === "stream" ? o.text.join("") : ""))
    .join("");
}

describe("the cell rewrite (syntax tree)", () => {
  it("expands shorthand properties and maps positions back to the cell as written", () => {
    const source = "const o = { fit, z }; const bad: string = 1;\n({ a = 1 } = {});";
    const rewritten = expandShorthand(source);
    assert.equal(rewritten.code, "const o = { fit: fit, z: z }; const bad: string = 1;\n({ a: a = 1 } = {});");
    const badAt = rewritten.code.indexOf("bad");
    assert.deepEqual(originalPosition(rewritten, 0, badAt), { line: 0, character: source.indexOf("bad") });
    // a position inside inserted text is reported at the shorthand name
    assert.deepEqual(originalPosition(rewritten, 0, rewritten.code.indexOf(": fit") + 3), { line: 0, character: source.indexOf("fit") });
    assert.deepEqual(originalPosition(rewritten, 1, 6), { line: 1, character: 3 });
    assert.equal(expandShorthand("const { fit } = o; f({ fit() { return 1; } });").code, "const { fit } = o; f({ fit() { return 1; } });", "destructuring and methods are not shorthand properties");
  });

  it("finds ^ between operands, not in strings, regular expressions, comments or ^=", () => {
    assert.deepEqual(caretUses("const x = 3;\nx ^ 2"), [{ line: 2, text: "x ^ 2" }]);
    assert.deepEqual(caretUses('let a = 5; a ^= 2; feols("y ~ x | province^year", d); /^year::/.test(s); // x ^ 2'), []);
    assert.deepEqual(caretUses("const y = 2 ^ 3 ^ 4;"), [{ line: 1, text: "2 ^ 3 ^ 4" }], "a chain is one warning");
  });

  it("names the modules a cell imports, and hints only for a folder tslab cannot import", () => {
    const refs = moduleReferences('import { a } from "./lib";\nexport { b } from "./x";\nconst c = require("./y"); import("./z");');
    assert.deepEqual(refs.map((r) => [r.specifier, r.line, r.character]), [["./lib", 0, 18], ["./x", 1, 18], ["./y", 2, 18], ["./z", 2, 33]]);
    assert.equal(folderImportHint("./lib", root), LIB_HINT);
    assert.equal(folderImportHint("./lib/", root), LIB_HINT);
    assert.equal(folderImportHint("./lib/study", root), "tslab cannot import a folder: write ./lib/study/index");
    assert.equal(folderImportHint("./lib/index", root), null);
    assert.equal(folderImportHint("arquero", root), null);
    assert.equal(folderImportHint("./data", root), null, "a folder without index.ts gets no hint");
  });

  it("recognises the kit's errors by the name in their prototype chain", () => {
    const error = new FormulaError('The regressor "xx" is not a column of the data.', "y ~ xx", 4);
    assert.ok(isKitError(error) && isKitError(new DataError("d")) && isKitError(new DataFileError("missing_file", "f.csv", null, null, "gone.", "Add it.")));
    assert.ok(!isKitError(new Error("plain")) && !isKitError({ name: "KitError", message: "not an Error" }));
    class KitError extends Error {}
    class Elsewhere extends KitError {}
    assert.ok(isKitError(new Elsewhere("another copy of the library")));
    assert.equal(formatKitError(error), 'FormulaError: The regressor "xx" is not a column of the data.\n  y ~ xx\n      ^');
  });
});

describe("R habits in a notebook (headless runner)", () => {
  const runner = new NotebookRunner(root);
  let executed: Notebook;
  before(async () => {
    executed = await runner.run(readNotebook(fixture), "r-habits.ipynb");
  });
  after(() => runner.close());

  it("a shorthand property { fit } reads a variable of an earlier cell", () => {
    assert.match(streamText(executed, "c2", "stdout"), /shorthand: \d+\.\d{4}/);
    assert.equal(streamText(executed, "c2", "stderr"), "");
  });

  it("x ^ 2 warns that ^ is XOR (and still runs as TypeScript would)", () => {
    assert.equal(streamText(executed, "c3", "stderr"), XOR_WARNING + "\n");
    assert.equal(streamText(executed, "c3", "stdout"), "squared: 1\n");
  });

  it('a formula with "region^year" does not warn', () => {
    assert.match(streamText(executed, "c4", "stdout"), /region\^year: /);
    assert.equal(streamText(executed, "c4", "stderr"), "");
  });

  it("a FormulaError shows as its type, message and caret, with no stack frames", () => {
    const text = streamText(executed, "c5", "stderr");
    assert.match(text, /^FormulaError: The regressor "xx" is not a column of the data\.[^\n]*\n {2}y ~ xx\n {6}\^\n$/);
    assert.doesNotMatch(text, /^ {4}at /m);
  });

  it("importing ./lib fails with the folder hint", () => {
    const text = streamText(executed, "c6", "stderr");
    assert.match(text, /Cannot find module '\.\/lib'/);
    assert.ok(text.includes(LIB_HINT), text);
  });

  it('a fit as the last line prints its short summary, clustered by fixest\'s "~id"', () => {
    const text = streamText(executed, "c8", "stdout");
    assert.match(text, /^OLS estimation, Dep\. Var\.: y\n/);
    assert.match(text, /Standard-errors: Clustered \(id\)/);
    assert.ok(text.split("\n").length < 25 && !/residuals|Float64Array/.test(text), text);
  });

  it("a cell tagged raises-exception does not stop the run, and every code cell is counted", () => {
    assert.match(streamText(executed, "c7", "stdout"), /after the errors: 8/);
    const code = executed.cells.filter((c) => c.cell_type === "code");
    assert.deepEqual(code.map((c) => c.execution_count), code.map((_, k) => k + 1));
  });

  it("with KIT_STACK=1 the kit's errors keep their stack", async () => {
    const previous = process.env.KIT_STACK;
    process.env.KIT_STACK = "1";
    try {
      const notebook = readNotebook(fixture);
      const again = await runner.run({ ...notebook, cells: notebook.cells.filter((c) => ["c1", "c5"].includes(c.id ?? "")) }, "r-habits.ipynb");
      const text = streamText(again, "c5", "stderr");
      assert.match(text, /FormulaError: The regressor "xx" is not a column of the data/);
      assert.match(text, /^ {4}at /m);
    } finally {
      if (previous === undefined) delete process.env.KIT_STACK;
      else process.env.KIT_STACK = previous;
    }
  });
});
