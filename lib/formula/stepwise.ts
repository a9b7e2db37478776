import { FormulaError } from "../errors";
import { parseFormula, STEPWISE_FUNCTIONS } from "./parse";
import { splitTopLevel, tokenize, type Token } from "./tokens";
import { termLabel } from "./types";

/** One model of a stepwise formula: its formula and the name fixest gives it. */
export interface StepwiseModel {
  /** The formula of this step, without stepwise functions. */
  formula: string;
  /** fixest's name for the step: "rhs: x2 + x1", or "fixef: code; rhs: x1" when the fixed effects step too. */
  name: string;
}

/** A slice of the formula text from the first token to the end of the last. */
function textOf(text: string, tokens: Token[]): string {
  return tokens.length === 0 ? "" : text.slice(tokens[0].position, tokens[tokens.length - 1].end);
}

/** The one stepwise call among the "+"-separated chunks of a part, and what each step puts in its place. */
interface StepSlot {
  /** The chunks of the part (text), the stepwise one included. */
  chunks: string[];
  /** Index of the stepwise chunk (−1: none). */
  at: number;
  /** The replacement of the stepwise chunk in each step (empty: left out). */
  steps: string[][];
}

/** The steps of sw / sw0 / csw / csw0 over its arguments (fixest's `?stepwise`). */
function stepsOf(fn: string, args: string[]): string[][] {
  const cumulative = fn.startsWith("c");
  const steps = args.map((_, k) => (cumulative ? args.slice(0, k + 1) : [args[k]]));
  return fn.endsWith("0") ? [[], ...steps] : steps;
}

/** Finds the stepwise call in one part of the formula (regressors or fixed effects). */
function findSlot(tokens: Token[], text: string): StepSlot {
  const chunks = splitTopLevel(tokens, "+");
  let at = -1;
  let steps: string[][] = [];
  chunks.forEach((chunk, k) => {
    const call = chunk.findIndex((t, j) => t.kind === "name" && STEPWISE_FUNCTIONS.includes(t.text) && chunk[j + 1]?.text === "(");
    if (call < 0) return;
    const head = chunk[call];
    if (at >= 0) throw new FormulaError(`You cannot use more than one stepwise function in a part of the formula (as in fixest): "${head.text}()" is the second.`, text, head.position);
    const last = chunk[chunk.length - 1];
    if (call !== 0 || last.kind !== "symbol" || last.text !== ")") {
      throw new FormulaError(`Write ${head.text}() as a term of its own, as in "y ~ x + ${head.text}(a, b)".`, text, head.position);
    }
    const args = splitTopLevel(chunk.slice(2, -1), ",");
    if (args.some((a) => a.length === 0)) throw new FormulaError(`${head.text}() needs terms separated by commas, as in ${head.text}(x1, x2 + x3).`, text, head.position);
    at = k;
    steps = stepsOf(head.text, args.map((a) => textOf(text, a)));
  });
  return { chunks: chunks.map((c) => textOf(text, c)), at, steps };
}

/** The chunks of a part in one step: the stepwise chunk replaced by the step's terms. */
function partText(slot: StepSlot, step: number): string {
  if (slot.at < 0) return slot.chunks.join(" + ");
  return [...slot.chunks.slice(0, slot.at), ...slot.steps[step], ...slot.chunks.slice(slot.at + 1)].join(" + ");
}

/**
 * Expands fixest's stepwise functions into one formula per model, in fixest's order:
 * `sw(a, b)` fits a, then b; `sw0(a, b)` fits without either first; `csw(a, b)` adds them
 * cumulatively (a, then a + b); `csw0(a, b)` starts without them. An argument may hold several
 * terms (`csw0(x1 + x2, x3)`). One stepwise function in the regressors and one in the fixed
 * effects at most; with both, the fixed effects vary slowest (fixest's `fixest_multi` order).
 * Returns undefined when the formula has no stepwise function.
 * @throws FormulaError for two stepwise functions in one part, or one in the IV part.
 * @example expandStepwise("y ~ x + csw0(a, b) | id")?.map((m) => m.name) // ["rhs: x", "rhs: x + a", "rhs: x + a + b"]
 */
export function expandStepwise(text: string): StepwiseModel[] | undefined {
  const tokens = tokenize(text);
  if (!tokens.some((t, j) => t.kind === "name" && STEPWISE_FUNCTIONS.includes(t.text) && tokens[j + 1]?.text === "(")) return undefined;
  const parts = splitTopLevel(tokens, "|");
  const tilde = parts[0].findIndex((t) => t.kind === "symbol" && t.text === "~");
  if (tilde < 0) return undefined; // parseFormula reports it
  const lhs = textOf(text, parts[0].slice(0, tilde));
  const rhs = findSlot(parts[0].slice(tilde + 1), text);
  const hasFe = parts.length > 1 && !parts[1].some((t) => t.kind === "symbol" && t.text === "~");
  const fe = hasFe ? findSlot(parts[1], text) : undefined;
  const rest = parts.slice(hasFe ? 2 : 1);
  for (const part of rest) {
    const call = part.find((t) => t.kind === "name" && STEPWISE_FUNCTIONS.includes(t.text));
    if (call) throw new FormulaError(`Stepwise functions go in the regressors or the fixed effects, not in the IV part.`, text, call.position);
  }
  const rhsSteps = rhs.at < 0 ? [0] : rhs.steps.map((_, k) => k);
  const feSteps = !fe || fe.at < 0 ? [0] : fe.steps.map((_, k) => k);
  const models: StepwiseModel[] = [];
  for (const f of feSteps) {
    for (const r of rhsSteps) {
      const regressors = partText(rhs, r) || "1";
      const effects = fe ? partText(fe, f) : "";
      const formula = [`${lhs} ~ ${regressors}`, ...(effects ? [effects] : []), ...rest.map((p) => textOf(text, p))].join(" | ");
      models.push({ formula, name: stepName(formula, fe !== undefined && fe.at >= 0, rhs.at >= 0) });
    }
  }
  return models;
}

/** fixest's name of a step: "fixef: …; rhs: …" with the parts that step. */
function stepName(formula: string, feSteps: boolean, rhsSteps: boolean): string {
  const parsed = parseFormula(formula);
  const rhs = parsed.terms.length === 0 ? "1" : parsed.terms.map(termLabel).join(" + ");
  const fixef = parsed.fixedEffects.length === 0 ? "1" : parsed.fixedEffects.map((f) => f.name).join(" + ");
  return [...(feSteps ? [`fixef: ${fixef}`] : []), ...(rhsSteps ? [`rhs: ${rhs}`] : [])].join("; ");
}
