import { FormulaError } from "../errors";
import { deparse, isFormulaFunction, parseCall, unknownFunction } from "./expression";
import { Cursor, describe, splitTopLevel, tokenize, withEnd, type Token } from "./tokens";
import type { Expression, FixedEffectTerm, Formula, Term } from "./types";

/** The stepwise functions, expanded by `expandStepwise` before a formula is parsed. */
export const STEPWISE_FUNCTIONS = ["sw", "sw0", "csw", "csw0"];

/** The columns computed by formula functions, collected while parsing (label → expression). */
type Computed = Record<string, Expression>;

/** Where a part of the formula ends, for pointing at a missing token. */
function endOf(tokens: Token[], fallback: number): number {
  if (tokens.length === 0) return fallback;
  const last = tokens[tokens.length - 1];
  return last.end;
}

/**
 * One factor of a term: a column name, or a formula function such as `log(x)`, which is recorded
 * in `computed` under fixest's name for it and then read as a column of that name.
 */
function parseFactor(cursor: Cursor, computed: Computed, what: string): Token {
  const token = cursor.expectName(what);
  if (!cursor.isSymbol("(")) return token;
  if (token.text === "i") throw cursor.error("i() is a term of its own: it cannot be part of a product (write i(f, v) for the slopes of v by f).", token);
  if (STEPWISE_FUNCTIONS.includes(token.text)) {
    throw cursor.error(`${token.text}() gives several models: feols() expands it into one fit per step (and only one stepwise function per part of the formula); parseFormula reads one model.`, token);
  }
  if (!isFormulaFunction(token.text)) throw unknownFunction(cursor, token);
  const expression = parseCall(cursor, token);
  const label = deparse(expression);
  computed[label] = expression;
  return { ...token, text: label };
}

/** `a:b`, `log(x)`, `i(f, v)`, or a plain name. */
function parseTerm(cursor: Cursor, computed: Computed): Term {
  if (cursor.peek().kind === "name" && cursor.peek().text === "i" && cursor.isSymbol("(", 1)) return parseInteraction(cursor, cursor.next(), computed);
  const first = parseFactor(cursor, computed, "a variable name");
  const factors = [first.text];
  while (cursor.isSymbol(":")) {
    cursor.next();
    factors.push(parseFactor(cursor, computed, 'a variable name after ":"').text);
  }
  if (cursor.isSymbol("*") || cursor.isSymbol("/")) {
    throw cursor.error(`"${cursor.peek().text}" between terms is not supported: write a product term as x1:x2, or the arithmetic inside I(), as I(x1 ${cursor.peek().text} x2).`, cursor.peek());
  }
  return factors.length === 1
    ? { kind: "variable", name: first.text, position: first.position }
    : { kind: "product", factors, position: first.position };
}

/** One level after `ref =`: a name, a number (possibly negative) or quoted text. */
function parseLevel(cursor: Cursor): string {
  const negative = cursor.isSymbol("-");
  if (negative) cursor.next();
  const level = cursor.next();
  if (level.kind === "number") return (negative ? "-" : "") + String(Number(level.text));
  if (!negative && (level.kind === "name" || level.kind === "string")) return level.text;
  throw cursor.error(`Expected a level after "ref =", found ${describe(level)}.`, level);
}

/** The levels of `ref = level` or `ref = c(level1, level2)`. */
function parseReferences(cursor: Cursor): string[] {
  if (!(cursor.peek().kind === "name" && cursor.peek().text === "c" && cursor.isSymbol("(", 1))) return [parseLevel(cursor)];
  cursor.next();
  cursor.next();
  const levels = [parseLevel(cursor)];
  while (cursor.isSymbol(",")) {
    cursor.next();
    levels.push(parseLevel(cursor));
  }
  cursor.expectSymbol(")", "to close c( after ref =");
  return levels;
}

/** `i(factor)`, `i(factor, variable)`, optionally with `ref = level` or `ref = c(l1, l2)`. */
function parseInteraction(cursor: Cursor, head: Token, computed: Computed): Term {
  cursor.expectSymbol("(", "after i");
  const factor = cursor.expectName("the factor inside i(), as in i(year, x)").text;
  let variable: string | undefined;
  let references: string[] = [];
  while (cursor.isSymbol(",")) {
    cursor.next();
    const token = cursor.peek();
    if (token.kind === "name" && token.text === "ref" && cursor.isSymbol("=", 1)) {
      cursor.next();
      cursor.next();
      references = parseReferences(cursor);
    } else if (token.kind === "name" && variable === undefined && references.length === 0) {
      variable = parseFactor(cursor, computed, "the variable of i()").text;
    } else {
      throw cursor.error(`Unexpected ${describe(token)} in i(); write i(factor, variable) or i(factor, variable, ref = level).`, token);
    }
  }
  cursor.expectSymbol(")", "to close i(");
  return { kind: "interaction", factor, variable, references, position: head.position };
}

/** A "+"-separated list of terms; `0`, `1` and `-1` switch the intercept. */
function parseTermList(cursor: Cursor, computed: Computed, allowIntercept: boolean, what: string): { terms: Term[]; intercept: boolean } {
  const terms: Term[] = [];
  let intercept = true;
  let expectTerm = true;
  while (cursor.peek().kind !== "end") {
    const token = cursor.peek();
    if (!expectTerm) {
      if (token.kind === "symbol" && (token.text === "+" || token.text === "-")) {
        expectTerm = true;
        if (token.text === "+") cursor.next();
        continue;
      }
      throw cursor.error(`Expected "+" between ${what}, found ${describe(token)}.`, token);
    }
    if (token.kind === "symbol" && token.text === "-") {
      cursor.next();
      const one = cursor.next();
      if (!allowIntercept || one.kind !== "number" || one.text !== "1") {
        throw cursor.error(`Only "- 1" (no intercept) can be subtracted in a formula, found "-" before ${describe(one)}.`, token);
      }
      intercept = false;
    } else if (token.kind === "number") {
      cursor.next();
      if (!allowIntercept || (token.text !== "0" && token.text !== "1")) {
        throw cursor.error(`A number (${token.text}) cannot be a ${what.replace(/s$/, "")}; use a column name.`, token);
      }
      intercept = token.text === "1";
    } else {
      terms.push(parseTerm(cursor, computed));
    }
    expectTerm = false;
  }
  if (expectTerm && (terms.length > 0 || !intercept)) {
    throw cursor.error(`The formula ends with "+": add the missing ${what.replace(/s$/, "")} or remove the "+".`, cursor.peek());
  }
  return { terms, intercept };
}

function parseFixedEffects(tokens: Token[], text: string, fallback: number): FixedEffectTerm[] {
  const cursor = new Cursor(withEnd(tokens, endOf(tokens, fallback)), text);
  const effects: FixedEffectTerm[] = [];
  if (cursor.peek().kind === "end") {
    throw cursor.error('The fixed-effects part after "|" is empty: name the fixed effects (e.g. "| code + year") or remove the "|".', cursor.peek());
  }
  for (;;) {
    const first = cursor.expectName("a fixed-effect variable");
    const variables = [first.text];
    while (cursor.isSymbol("^")) {
      cursor.next();
      variables.push(cursor.expectName('a variable after "^"').text);
    }
    effects.push({ variables, name: variables.join("^"), position: first.position });
    if (cursor.peek().kind === "end") break;
    cursor.expectSymbol("+", "between fixed effects");
  }
  return effects;
}

/** The response: a column name, or a formula function of columns such as `log(y)`. */
function parseResponse(lhs: Token[], tilde: Token, text: string, computed: Computed): string {
  const cursor = new Cursor(withEnd(lhs, tilde.position), text);
  if (lhs.length === 0 || lhs[0].kind !== "name") throw new FormulaError("The left of \"~\" must be one dependent variable.", text, (lhs[0] ?? tilde).position);
  const response = parseFactor(cursor, computed, "the dependent variable");
  if (cursor.peek().kind !== "end") throw new FormulaError("The left of \"~\" must be one dependent variable.", text, cursor.peek().position);
  return response.text;
}

function splitAtTilde(tokens: Token[], text: string, what: string): [Token[], Token[], Token] {
  const at = tokens.findIndex((t) => t.kind === "symbol" && t.text === "~");
  if (at < 0) {
    const position = tokens.length > 0 ? tokens[0].position : text.length;
    throw new FormulaError(`${what} needs a "~", as in "y ~ x".`, text, position);
  }
  const later = tokens.slice(at + 1).find((t) => t.kind === "symbol" && t.text === "~");
  if (later) throw new FormulaError(`A second "~" in ${what.toLowerCase()}; each part has one.`, text, later.position);
  return [tokens.slice(0, at), tokens.slice(at + 1), tokens[at]];
}

/**
 * Parses a formula in R fixest's syntax:
 *
 *   y ~ x1 + x2 + x1:x2 + i(year, v) | fe1 + fe2^fe3 | endo1 + endo2 ~ z1 + z2
 *
 * Formula functions `log()`, `exp()`, `sqrt()`, `abs()` and `I()` (with `+ - * / ^` inside, R's
 * precedence) may stand for a column anywhere a column may, the response included; they are
 * named as fixest names them (R's deparse: "log(density)", "I(x^2)", "I(x1 * x2)") and listed in
 * `computed`. Stepwise functions (`sw()`, `csw()`, …) are expanded by `expandStepwise` first.
 *
 * The fixed-effect part and the IV part are optional; the part holding a `~` is
 * the IV part. Without fixed effects the model has an intercept (`0` or `- 1`
 * removes it). Names only: whether the columns exist is checked against the data.
 * Bergé (2018), "Efficient estimation of maximum likelihood models with multiple
 * fixed-effects: the R package FENmlm", and fixest's `?formula` help.
 * @throws FormulaError pointing at the offending token.
 * @example parseFormula("shrink ~ ai + gov | code + year").fixedEffects.map(f => f.name) // ["code", "year"]
 * @example Object.keys(parseFormula("log(y) ~ I(x^2) + sqrt(z)").computed) // ["log(y)", "I(x^2)", "sqrt(z)"]
 */
export function parseFormula(text: unknown): Formula {
  if (typeof text !== "string") {
    throw new FormulaError(`The formula must be a string such as "y ~ x | id + year", got ${text === null ? "null" : typeof text}.`, String(text));
  }
  const tokens = tokenize(text);
  const parts = splitTopLevel(tokens, "|");
  const [lhs, rhs, tilde] = splitAtTilde(parts[0], text, "The formula");
  const computed: Computed = {};
  const response = parseResponse(lhs, tilde, text, computed);
  if (rhs.length === 0) {
    throw new FormulaError('Nothing right of "~": name the regressors, or write "1" for an intercept-only model.', text, tilde.position);
  }
  const main = parseTermList(new Cursor(withEnd(rhs, endOf(rhs, tilde.position + 1)), text), computed, true, "regressors");

  let fixedEffects: FixedEffectTerm[] = [];
  let endogenous: Term[] = [];
  let instruments: Term[] = [];
  let sawIv = false;
  for (let p = 1; p < parts.length; p++) {
    const part = parts[p];
    const isIv = part.some((t) => t.kind === "symbol" && t.text === "~");
    const partStart = part.length > 0 ? part[0].position : text.length;
    if (isIv) {
      if (sawIv) throw new FormulaError("Only one IV part (endo ~ instruments) is allowed.", text, partStart);
      if (p !== parts.length - 1) throw new FormulaError("The IV part (endo ~ instruments) must come last.", text, partStart);
      sawIv = true;
      const [left, right, ivTilde] = splitAtTilde(part, text, "The IV part");
      const endo = parseTermList(new Cursor(withEnd(left, ivTilde.position), text), computed, false, "endogenous regressors");
      const inst = parseTermList(new Cursor(withEnd(right, endOf(right, ivTilde.position + 1)), text), computed, false, "instruments");
      if (endo.terms.length === 0) throw new FormulaError('The IV part needs an endogenous regressor left of "~".', text, ivTilde.position);
      if (inst.terms.length === 0) throw new FormulaError('The IV part needs instruments right of "~".', text, ivTilde.position);
      endogenous = endo.terms;
      instruments = inst.terms;
    } else {
      if (p !== 1) throw new FormulaError("Fixed effects come right after the regressors: y ~ x | fe | endo ~ z.", text, partStart);
      fixedEffects = parseFixedEffects(part, text, text.length);
    }
  }
  return {
    text,
    response,
    terms: main.terms,
    intercept: fixedEffects.length === 0 && main.intercept,
    fixedEffects,
    endogenous,
    instruments,
    computed,
  };
}
