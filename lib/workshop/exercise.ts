/** Exercise helpers: check a participant's answer, and show an error as a cell's output. */
import { escapeHtml } from "../report/html";
import type { DisplayBundle } from "../report/display";

/**
 * Checks a workshop participant's answer against the one the notebook computed, within a relative
 * tolerance, and shows ✓ or ✗ with what was expected — the "way to check an answer" of each exercise.
 * @param tolerance relative tolerance: correct when |answer − expected| ≤ tolerance · max(1, |expected|)
 * @example show(checkAnswer("SE of ai clustered by province", answer.se.ai, solution.se.ai))
 * @deprecated An exercise's check should not compute its expected answer in the notebook: define the
 * exercise in lib/workshop/exercises/ and call `check(id, answer, context)`.
 */
export function checkAnswer(label: string, answer: unknown, expected: number, tolerance = 1e-6): DisplayBundle {
  const value = typeof answer === "number" ? answer : NaN;
  const ok = Number.isFinite(value) && Math.abs(value - expected) <= tolerance * Math.max(1, Math.abs(expected));
  const text = ok
    ? `✓ ${label}: ${value} — correct.`
    : typeof answer !== "number"
      ? `✗ ${label}: no number yet (got ${answer === undefined ? "undefined" : typeof answer}). Fill in the exercise cell above and run it again.`
      : `✗ ${label}: ${value} is not what the notebook finds. Check the formula and the vcov option, then run the cell again.`;
  const colour = ok ? "#1a7f37" : "#b42318";
  return { "text/html": `<p style="color:${colour};font-weight:bold">${escapeHtml(text)}</p>`, "text/plain": text };
}

/**
 * Runs `action` and, when it throws, shows the error's type and message as the cell's output
 * instead of a stack trace — for cells that demonstrate the kit's errors on bad input.
 * @example show(showError(() => feols("shrink ~ robots", panel)))
 */
export function showError(action: () => unknown): DisplayBundle {
  try {
    action();
  } catch (error) {
    const name = error instanceof Error ? error.name : "Error";
    const message = error instanceof Error ? error.message : String(error);
    const text = `${name}: ${message}`;
    return { "text/html": `<pre style="color:#b42318;white-space:pre-wrap">${escapeHtml(text)}</pre>`, "text/plain": text };
  }
  const text = "(no error was raised)";
  return { "text/html": `<pre>${text}</pre>`, "text/plain": text };
}
