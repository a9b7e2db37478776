/**
 * Assertions shared by the exercise tests (test/exercises-*.test.ts): a participant's wrong answers
 * — each anticipated mistake, a whole object, the number as a string, nothing yet — each get the
 * feedback meant for them.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkExercise, type ExerciseContext, type NumericExercise } from "../../lib/workshop/index";

/** How a participant answers a numeric exercise: the right way, each anticipated mistake, and with an object. */
export interface Participant {
  correct: () => number;
  mistakes: Array<() => number>;
  object: () => unknown;
}

/** Each anticipated mistake is refused with exactly its own feedback. */
export function assertMistakesGetTheirFeedback(ex: NumericExercise, participant: Participant, context: ExerciseContext): void {
  participant.mistakes.forEach((mistake, k) => {
    const result = checkExercise(ex.id, mistake(), context);
    assert.equal(result.status, "wrong", `mistake ${k + 1} of ${ex.id} was accepted`);
    assert.equal(result.feedback, ex.mistakes![k].feedback, `mistake ${k + 1} of ${ex.id}`);
  });
}

/** An object, the right number as a string, and no answer each get their own feedback. */
export function assertNonNumbersGetTheirFeedback(ex: NumericExercise, participant: Participant, context: ExerciseContext): void {
  const object = checkExercise(ex.id, participant.object(), context);
  assert.equal(object.status, "wrong");
  assert.ok(object.feedback.includes(`Take the number out of it: ${ex.fromObject}.`), object.feedback);
  const asText = checkExercise(ex.id, String(participant.correct()), context);
  assert.equal(asText.status, "wrong");
  assert.match(asText.feedback, /a string in quotes.*Write the number without quotes\./);
  const missing = checkExercise(ex.id, undefined, context);
  assert.equal(missing.status, "unattempted");
  assert.ok(missing.feedback.includes(`\`${ex.answerName}\``));
}

/** A notebook cell as the layout checks read it. */
export interface Cell {
  cell_type: string;
  metadata: { tags?: string[] };
  source: string[] | string;
  outputs?: unknown[];
  execution_count?: number | null;
}

/** The cells of a committed notebook in notebooks/. */
export const readCells = (file: string): Cell[] => (JSON.parse(readFileSync(join(__dirname, "..", "..", "notebooks", file), "utf8")) as { cells: Cell[] }).cells;
/** A cell's source as one string. */
export const text = (cell: Cell): string => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);
/** Whether a cell carries a tag. */
export const tagged = (cell: Cell, tag: string): boolean => (cell.metadata.tags ?? []).includes(tag);

/** A notebook imports check, hint and showMe, uses no old-style checkAnswer, and is committed without outputs. */
export function assertExerciseNotebookSetup(cells: Cell[]): void {
  const first = cells.find((c) => c.cell_type === "code")!;
  assert.match(text(first), /import \{[^}]*\bcheck\b[^}]*\bhint\b[^}]*\bshowMe\b[^}]*\} from "\.\/lib\/workshop\/index";/);
  assert.ok(cells.every((c) => !text(c).includes("checkAnswer")));
  for (const c of cells.filter((cell) => cell.cell_type === "code")) {
    assert.deepEqual(c.outputs, []);
    assert.equal(c.execution_count, null);
  }
}
