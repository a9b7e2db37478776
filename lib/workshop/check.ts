/**
 * Checks, hints and "show me" for the workshop's exercises (lib/workshop/exercises/). A check
 * computes the expected answer from the data in hand, compares it with the participant's, and
 * says specifically what is wrong; its output carries a machine-readable tag
 * (`kit: { kind: "check", exercise, status }`) that `npm run grade` reads.
 */
import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { OptionsError } from "../errors";
import { unknownNameHint } from "../names";
import type { DisplayBundle } from "../report/display";
import { formatFixed } from "../report/format";
import { escapeHtml } from "../report/html";
import { studyData } from "../study/dataSource";
import { EXERCISES } from "./exercises/index";
import type { CheckStatus, ChoiceExercise, Exercise, ExerciseContext, NumericExercise } from "./exercises/types";
import { truthSkipped } from "./truthOnly";

/** The exercise with this id. @throws OptionsError naming the nearest id. */
export function exercise(id: string): Exercise {
  const found = EXERCISES[id];
  if (!found) throw new OptionsError(`There is no exercise "${id}". ${unknownNameHint(id, Object.keys(EXERCISES), "The exercises are")}`);
  return found;
}

/** A check's verdict and what to tell the participant. */
export interface CheckResult {
  /** The exercise checked. */
  exercise: string;
  /** Correct, wrong, or not attempted. */
  status: CheckStatus;
  /** The message shown under the check cell. */
  feedback: string;
}

const COLOURS: Record<CheckStatus, string> = { correct: "#1a7f37", wrong: "#b42318", unattempted: "#8a6500" };
const MARKS: Record<CheckStatus, string> = { correct: "✓", wrong: "✗", unattempted: "…" };

/** Whether `value` is within the relative tolerance of `target`. */
function close(value: number, target: number, tolerance: number): boolean {
  return Math.abs(value - target) <= tolerance * Math.max(1, Math.abs(target));
}

/** A number as a participant wrote it: counts as integers, other values to four decimals. */
function shownNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : formatFixed(value, 4);
}

/** What a value that is not a number is, in words a participant recognises. */
function describeNonNumber(answer: unknown): string {
  if (typeof answer === "string") return `the text "${answer.slice(0, 40)}" (a string in quotes)`;
  if (answer === null) return "null";
  if (Array.isArray(answer)) return "an array";
  if (typeof answer === "object") return "an object";
  return typeof answer;
}

/** The feedback on a numeric answer. */
function checkNumeric(ex: NumericExercise, answer: unknown, context: ExerciseContext): CheckResult {
  const result = (status: CheckStatus, feedback: string): CheckResult => ({ exercise: ex.id, status, feedback });
  if (answer === undefined) return result("unattempted", `Not answered yet: store your answer in \`${ex.answerName}\` in the exercise cell above, run it, then run this check again.`);
  if (typeof answer !== "number") {
    const hint = typeof answer === "object" && answer !== null && ex.fromObject ? ` Take the number out of it: ${ex.fromObject}.` : "";
    const asText = typeof answer === "string" && Number.isFinite(Number(answer)) ? " Write the number without quotes." : "";
    return result("wrong", `\`${ex.answerName}\` is ${describeNonNumber(answer)}, not a number.${hint}${asText}`);
  }
  if (!Number.isFinite(answer)) return result("wrong", `\`${ex.answerName}\` is ${answer}: the computation broke down. In TypeScript \`^\` is XOR, not a power — write \`**\`.`);
  const expected = ex.expected(context);
  const tolerance = ex.tolerance ?? 1e-6;
  if (close(answer, expected, tolerance)) {
    const explanation = typeof ex.explanation === "function" ? ex.explanation(context) : ex.explanation;
    return result("correct", `Correct (${shownNumber(answer)}).${explanation ? ` ${explanation}` : ""}`);
  }
  for (const mistake of ex.mistakes ?? []) {
    const value = mistake.value(context);
    if (Number.isFinite(value) && close(answer, value, tolerance)) return result("wrong", mistake.feedback);
  }
  return result("wrong", `${shownNumber(answer)} is not what the data give. Run \`hint("${ex.id}")\` for a hint.`);
}

/** The feedback on a multiple-choice answer. */
function checkChoice(ex: ChoiceExercise, answer: unknown, context: ExerciseContext): CheckResult {
  const result = (status: CheckStatus, feedback: string): CheckResult => ({ exercise: ex.id, status, feedback });
  const letters = Object.keys(ex.options);
  if (answer === undefined) return result("unattempted", `Not answered yet: store one of ${letters.map((l) => `"${l}"`).join(", ")} in \`${ex.answerName}\`, run the cell, then this check.`);
  const letter = typeof answer === "string" ? answer.trim().toLowerCase().replace(/[().]/g, "") : "";
  const option = ex.options[letter];
  if (!option) return result("wrong", `Answer with one of the letters ${letters.map((l) => `"${l}"`).join(", ")} (in quotes), got ${JSON.stringify(answer)}.`);
  const numbers = ex.numbers ? Object.entries(ex.numbers(context)).map(([name, value]) => `${name} = ${shownNumber(value)}`) : [];
  const quoted = numbers.length > 0 ? ` (In these data: ${numbers.join(", ")}.)` : "";
  return result(option.correct ? "correct" : "wrong", `${option.correct ? "Correct" : "Not quite"}: ${option.feedback}${quoted}`);
}

/**
 * Checks the participant's answer to an exercise against the answer computed from the data in
 * hand, with feedback specific to the mistake.
 * @param context the data and results the expected answer is computed from (e.g. `{ panel }`)
 * @example checkExercise("03.1", seByProvince, { panel: panel }).status // "correct"
 */
export function checkExercise(id: string, answer: unknown, context: ExerciseContext = {}): CheckResult {
  const ex = exercise(id);
  return ex.kind === "numeric" ? checkNumeric(ex, answer, context) : checkChoice(ex, answer, context);
}

/**
 * The check as a cell's output: ✓, ✗ or … with the feedback, tagged for the grader. An exercise
 * whose premise is the simulation's truth (`needsTruth`) is skipped on real data (KIT_PANEL) with
 * one line saying why, untagged (there is nothing to grade).
 * @example show(check("03.1", seByProvince, { panel: panel }))
 */
export function check(id: string, answer: unknown, context: ExerciseContext = {}): DisplayBundle {
  const ex = exercise(id);
  const data = studyData();
  if (ex.needsTruth && !data.simulated) return truthSkipped(`exercise ${id} (${ex.needsTruth})`, data);
  const verdict = checkExercise(id, answer, context);
  const text = `${MARKS[verdict.status]} Exercise ${id} (${ex.title}): ${verdict.feedback}`;
  return {
    "text/html": `<p style="color:${COLOURS[verdict.status]};font-weight:bold">${escapeHtml(text)}</p>`,
    "text/plain": text,
    kit: { kind: "check", id, status: verdict.status, text: verdict.feedback },
  };
}

const hintsShown: Record<string, number> = {};

/**
 * The next hint of an exercise (the first, then the second, …), as a cell's output.
 * @example show(hint("03.1"))
 */
export function hint(id: string): DisplayBundle {
  const ex = exercise(id);
  const k = Math.min(hintsShown[id] ?? 0, ex.hints.length - 1);
  hintsShown[id] = k + 1;
  const text = `Hint ${k + 1} of ${ex.hints.length} for exercise ${id}: ${ex.hints[k]}`;
  return { "text/html": `<p style="color:#0072B2">${escapeHtml(text)}</p>`, "text/plain": text };
}

/**
 * Whether `showMe` may reveal solutions: on unless the environment variable KIT_SHOW_ME is "off"
 * or the project's `workshop.json` says `{ "showMe": false }` (an instructor's switch).
 */
export function showMeAllowed(root: string = process.cwd()): boolean {
  if ((process.env.KIT_SHOW_ME ?? "").toLowerCase() === "off") return false;
  const config = join(root, "workshop.json");
  if (!existsSync(config)) return true;
  try {
    return (JSON.parse(readFileSync(config, "utf8")) as { showMe?: boolean }).showMe !== false;
  } catch {
    return true;
  }
}

/**
 * The solution of an exercise with its reasoning — unless the instructor turned "show me" off.
 * @example show(showMe("03.1"))
 */
export function showMe(id: string): DisplayBundle {
  const ex = exercise(id);
  const text = showMeAllowed() ? `Solution of exercise ${id}:\n${ex.solution}` : `"Show me" is turned off for this workshop: ask your instructor, or run hint("${id}").`;
  return { "text/html": `<pre style="white-space:pre-wrap;border-left:3px solid #0072B2;padding-left:8px">${escapeHtml(text)}</pre>`, "text/plain": text };
}
