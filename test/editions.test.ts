/**
 * The student and instructor editions, on the real notebooks: no solution's code survives in the
 * student edition, the check cells are unchanged, the answer variables are declared once in the
 * first code cell, teaching notes are gone; the student edition of notebook 03 runs headless with
 * every check "unattempted" and no error. The instructor edition marks every solution and teaching
 * note and summarises the exercises. Nothing here depends on a notebook's prose.
 */
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { answerVariables, declaredVariables, exercisesOf, instructorEdition, promptFor, studentEdition } from "../scripts/notebooks/editions";
import { kitOf } from "../scripts/notebooks/artifacts";
import { NotebookRunner } from "../scripts/notebooks/execute";
import { hasOutputs, readNotebook, sourceText, type Cell, type Notebook } from "../scripts/notebooks/ipynb";

const root = join(__dirname, "..");
const dir = join(root, "notebooks");
const files = readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort();
const tags = (cell: Cell) => cell.metadata.tags ?? [];
const isSolution = (cell: Cell) => cell.cell_type === "code" && tags(cell).includes("solution");

/** Code without comments, whitespace collapsed: what "the same code" means here. */
function normalised(code: string): string {
  return code
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .split("\n")
    .map((line) => line.replace(/(^|\s)\/\/.*$/, ""))
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
}

/** The cells of a notebook that are neither instructor-only nor solutions, in order. */
const handedOut = (nb: Notebook) => nb.cells.filter((c) => !tags(c).includes("teaching-note") && !tags(c).includes("instructor"));

/** How many times a cell declares each name at its top level. */
function declarationCounts(source: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of declaredVariables(source)) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

/** A made-up notebook with the cases the real ones may lack: a teaching note, an instructor cell, a solution as the first code cell, two answers. */
const synthetic: Notebook = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    { cell_type: "markdown", id: "m1", metadata: {}, source: ["## Exercise\n", "Cluster by province."] },
    { cell_type: "markdown", id: "t1", metadata: { tags: ["teaching-note"] }, source: ["Students often forget the vcov option."] },
    {
      cell_type: "code",
      id: "s1",
      metadata: { tags: ["solution"] },
      source: ["// Exercise 1: cluster by province. What changes and why?\n", "const answer = feols(f, panel, { vcov: { cluster: \"province\" } });\n", "const { se: answerSe } = answer;"],
      outputs: [{ output_type: "stream", name: "stdout", text: ["42\n"] }],
      execution_count: 3,
    },
    { cell_type: "code", id: "c1", metadata: { tags: ["check"] }, source: ["check(answer);"], outputs: [{ output_type: "stream", name: "stdout", text: ["ok\n"] }], execution_count: 4 },
    { cell_type: "code", id: "i1", metadata: { tags: ["instructor"] }, source: ["const key = 42;"], outputs: [], execution_count: null },
  ],
};

describe("studentEdition on every notebook", () => {
  for (const file of files) {
    const notebook = readNotebook(join(dir, file));
    const student = studentEdition(notebook);

    it(`${file}: no solution's code is left, and every solution became its prompt`, () => {
      const studentCode = student.cells.map((c) => normalised(sourceText(c)));
      for (const solution of notebook.cells.filter(isSolution)) {
        const code = normalised(sourceText(solution));
        assert.ok(code.length > 0);
        assert.ok(!studentCode.some((text) => text.includes(code)), `${file}: the solution "${code.slice(0, 80)}…" is still in the student edition`);
      }
      const exercises = student.cells.filter((c) => tags(c).includes("exercise"));
      assert.equal(exercises.length, notebook.cells.filter(isSolution).length);
      for (const cell of exercises) {
        assert.deepEqual(declaredVariables(sourceText(cell)), [], "an exercise cell declares nothing");
        assert.match(sourceText(cell), /\/\/ Your code here\.\n$/);
      }
      assert.ok(!student.cells.some(isSolution) && !hasOutputs(student));
    });

    it(`${file}: the check cells and every other cell are unchanged (the first code cell gains the declarations)`, () => {
      const original = handedOut(notebook);
      const cells = student.cells.filter((c) => !tags(c).includes("answers")); // a cell of declarations, when the first code cell is a solution
      assert.equal(cells.length, original.length);
      const firstCode = cells.findIndex((c) => c.cell_type === "code");
      for (const [k, cell] of cells.entries()) {
        const before = original[k];
        if (tags(cell).includes("exercise") || k === firstCode) continue;
        assert.equal(sourceText(cell), sourceText(before), `${file}, cell ${k + 1}`);
        assert.deepEqual(cell.metadata, before.metadata, `${file}, cell ${k + 1}`);
      }
      const checks = (nb: Notebook) => nb.cells.filter((c) => tags(c).includes("check")).map((c) => [sourceText(c), c.metadata, c.id]);
      assert.deepEqual(checks(student), checks(notebook));
      if (firstCode >= 0 && !isSolution(original[firstCode])) assert.ok(sourceText(cells[firstCode]).startsWith(sourceText(original[firstCode]).replace(/\n*$/, "")));
    });

    it(`${file}: the first code cell declares every answer variable once`, () => {
      const names = answerVariables(notebook);
      const first = student.cells.find((c) => c.cell_type === "code");
      if (names.length === 0) return;
      assert.ok(first);
      const counts = declarationCounts(sourceText(first));
      for (const name of names) assert.equal(counts.get(name), 1, `${file}: ${name} is declared ${counts.get(name) ?? 0} times in the first code cell`);
    });

    it(`${file}: no teaching note or instructor cell`, () => {
      assert.ok(!student.cells.some((c) => tags(c).includes("teaching-note") || tags(c).includes("instructor")));
      for (const note of notebook.cells.filter((c) => tags(c).includes("teaching-note"))) {
        assert.ok(!student.cells.some((c) => sourceText(c).includes(sourceText(note).trim())), `${file}: a teaching note's text is in the student edition`);
      }
    });

    it(`${file}: the instructor edition keeps every solution, marked, and summarises the exercises first`, () => {
      const instructor = instructorEdition(notebook);
      const summary = instructor.cells[0];
      assert.equal(summary.cell_type, "markdown");
      for (const entry of exercisesOf(notebook)) if (entry.id) assert.ok(sourceText(summary).includes(`| ${entry.id} |`), `${file}: ${entry.id} in the summary`);
      for (const [k, cell] of instructor.cells.entries()) {
        if (!isSolution(cell)) continue;
        assert.equal(instructor.cells[k - 1].cell_type, "markdown");
        assert.match(sourceText(instructor.cells[k - 1]), /\*\*Solution\*\*/);
      }
      assert.equal(instructor.cells.filter(isSolution).length, notebook.cells.filter(isSolution).length);
      assert.deepEqual(new Set(instructor.cells.map((c) => c.id)).size, instructor.cells.length, "cell ids stay unique");
      assert.deepEqual(studentEdition(instructor), student, "the student edition of the instructor edition is the student edition");
    });
  }
});

describe("the editions on a made-up notebook", () => {
  it("gives the prompt, declares the answers in a cell of their own before a solution that is the first code cell, and drops instructor cells", () => {
    const student = studentEdition(synthetic);
    assert.deepEqual(student.cells.map((c) => c.id), ["m1", "kit-answers", "s1", "c1"]);
    assert.equal(sourceText(student.cells[1]).split("\n").filter((l) => l.startsWith("let ")).join("\n"), "let answer: any;\nlet answerSe: any;");
    assert.equal(
      sourceText(student.cells[2]),
      "// Exercise 1: cluster by province. What changes and why?\n// Store your answer in answer, answerSe (declared, empty, in the first code cell).\n// Your code here.\n",
    );
    assert.deepEqual(student.cells[2].metadata.tags, ["exercise"]);
    assert.deepEqual(student.cells[3].outputs, []);
    assert.equal(student.cells[3].execution_count, null);
    assert.equal(sourceText(student.cells[3]), "check(answer);");
    assert.equal(promptFor({ cell_type: "code", metadata: {}, source: "const x = 1;" }), "// Exercise: write your answer here.\n// Store your answer in x (declared, empty, in the first code cell).\n// Your code here.\n");
  });

  it("marks the teaching note and the instructor cell in the instructor edition", () => {
    const instructor = instructorEdition(synthetic);
    assert.match(sourceText(instructor.cells[0]), /\| — \| Exercise 1: cluster by province\. What changes and why\? \| unregistered \| `answer`, `answerSe` \| 5 \| 6 \| Exercise \|/);
    const note = instructor.cells.find((c) => c.id === "t1") as Cell;
    assert.match(sourceText(note), /^> \*\*Teaching note — instructor edition only\.\*\*\n>\n> Students often forget the vcov option\.\n$/);
    assert.match(sourceText(instructor.cells.find((c) => c.id === "i1") as Cell), /^\/\/ Instructor only/);
    assert.deepEqual(studentEdition(instructor), studentEdition(synthetic));
  });

  it("reads declarations with the parser: destructuring counts, nested and quoted ones do not", () => {
    assert.deepEqual(declaredVariables('// const no = 1;\nconst a = 1, [b, , c] = xs;\nlet { d, e: { f } } = o;\nfunction g() { const h = 2; }\nconst s = "const i = 3";'), ["a", "b", "c", "d", "f", "s"]);
  });
});

describe("the student edition of notebook 03, run headless", () => {
  const runner = new NotebookRunner(root);
  after(() => runner.close());

  it("compiles every check cell before any exercise is attempted: every check is unattempted, nothing fails", async () => {
    const file = files.find((f) => f.startsWith("03"));
    assert.ok(file, "notebook 03 exists");
    const student = studentEdition(readNotebook(join(dir, file)));
    const executed = await runner.run(student, file);
    const outputs = executed.cells.flatMap((c) => c.outputs ?? []);
    assert.deepEqual(outputs.filter((o) => o.output_type === "error"), []);
    const checks = outputs.map(kitOf).filter((kit) => kit?.kind === "check");
    assert.equal(checks.length, student.cells.filter((c) => tags(c).includes("check")).length);
    assert.ok(checks.length > 0);
    for (const kit of checks) assert.equal(kit?.status, "unattempted", `${kit?.id}: ${kit?.text}`);
  });
});
