/**
 * Assertions shared by the exercise tests (test/exercises-*.test.ts): a participant's wrong answers
 * — each anticipated mistake, a whole object, the number as a string, nothing yet — each get the
 * feedback meant for them.
 */
import assert from "node:assert/strict";
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
