/** The student edition: solution cells become prompts, outputs are cleared, everything else stays. */
import assert from "node:assert/strict";
import { it } from "node:test";
import { sourceText, type Notebook } from "../scripts/notebooks/ipynb";
import { studentEdition } from "../scripts/student-edition";

const notebook: Notebook = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    { cell_type: "markdown", metadata: {}, source: ["## Exercise\n", "Cluster by province."] },
    {
      cell_type: "code",
      metadata: { tags: ["solution"] },
      source: ["// Exercise 1: cluster by province. What changes and why?\n", "const answer = feols(f, panel, { vcov: { cluster: \"province\" } });"],
      outputs: [{ output_type: "stream", name: "stdout", text: ["42\n"] }],
      execution_count: 3,
    },
    { cell_type: "code", metadata: {}, source: ["check(answer);"], outputs: [{ output_type: "stream", name: "stdout", text: ["ok\n"] }], execution_count: 4 },
  ],
};

it("replaces solution cells by their prompt and clears every output", () => {
  const student = studentEdition(notebook);
  assert.equal(
    sourceText(student.cells[1]),
    "// Exercise 1: cluster by province. What changes and why?\n// Your code here.\nlet answer: any = undefined; // your answer\n",
  );
  assert.deepEqual(student.cells[1].metadata.tags, ["exercise"]);
  assert.ok(!sourceText(student.cells[1]).includes("feols"));
  assert.deepEqual(student.cells[2].outputs, []);
  assert.equal(student.cells[2].execution_count, null);
  assert.equal(sourceText(student.cells[2]), "check(answer);");
  assert.equal(sourceText(student.cells[0]), sourceText(notebook.cells[0]));
});
