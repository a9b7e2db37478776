/**
 * Exercise 01.1 (rows of economy.csv dropped by the cleaning): the count a participant computes
 * from the audit rows is correct, and the three anticipated mistakes get their own feedback.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import { cleanRawFolder, loadRegistry } from "../lib/study/index";
import { checkExercise, EXERCISES, type NumericExercise } from "../lib/workshop/index";

const cleaned = cleanRawFolder("data/raw", loadRegistry());
const rows = cleaned.audit.rows;
const ex = EXERCISES["01.1"] as NumericExercise;

it("01.1: the participant's count is correct; fixed rows, all rows and every file's dropped rows get their own feedback", () => {
  const correct = rows.filter((r) => r.file === "economy.csv" && r.status === "dropped").length;
  assert.equal(checkExercise("01.1", correct, { cleaned }).status, "correct");
  const mistakes = [
    rows.filter((r) => r.file === "economy.csv" && r.status === "fixed").length,
    rows.filter((r) => r.file === "economy.csv").length,
    rows.filter((r) => r.status === "dropped").length,
  ];
  mistakes.forEach((value, k) => assert.equal(checkExercise("01.1", value, { cleaned }).feedback, ex.mistakes![k].feedback));
  assert.equal(checkExercise("01.1", undefined, { cleaned }).status, "unattempted");
});
