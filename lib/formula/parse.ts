import { FormulaError } from "../errors";
import type { FixedEffectTerm, Formula, Term } from "./types";

type TokenKind = "name" | "number" | "symbol" | "end";
interface Token {
  kind: TokenKind;
  text: string;
  position: number;
}

const SYMBOLS = new Set(["~", "+", "-", "|", "^", ":", "(", ")", ",", "="]);

/** Splits a formula into names, numbers and symbols, remembering where each starts. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (/[A-Za-z_.]/.test(ch)) {
      const start = i;
      while (i < text.length && /[A-Za-z0-9_.]/.test(text[i])) i++;
      tokens.push({ kind: "name", text: text.slice(start, i), position: start });
    } else if (/[0-9]/.test(ch)) {
      const start = i;
      while (i < text.length && /[0-9.]/.test(text[i])) i++;
      tokens.push({ kind: "number", text: text.slice(start, i), position: start });
    } else if (ch === "`") {
      const close = text.indexOf("`", i + 1);
      if (close < 0) throw new FormulaError("Unclosed backtick: close the quoted column name with `.", text, i);
      tokens.push({ kind: "name", text: text.slice(i + 1, close), position: i });
      i = close + 1;
    } else if (SYMBOLS.has(ch)) {
      tokens.push({ kind: "symbol", text: ch, position: i });
      i++;
    } else {
      throw new FormulaError(
        `Unexpected character "${ch}" in the formula; use names, +, :, ^, | and ~ (fixest syntax), or quote odd column names in backticks.`,
        text,
        i,
      );
    }
  }
  tokens.push({ kind: "end", text: "", position: text.length });
  return tokens;
}

/** A cursor over the tokens of one part of the formula. */
class Cursor {
  private index = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
  ) {}

  peek(): Token {
    return this.tokens[this.index];
  }
  next(): Token {
    return this.tokens[this.index++];
  }
  isSymbol(symbol: string): boolean {
    const token = this.peek();
    return token.kind === "symbol" && token.text === symbol;
  }
  expectSymbol(symbol: string, what: string): Token {
    const token = this.next();
    if (token.kind !== "symbol" || token.text !== symbol) {
      throw this.error(`Expected "${symbol}" ${what}, found ${describe(token)}.`, token);
    }
    return token;
  }
  expectName(what: string): Token {
    const token = this.next();
    if (token.kind !== "name") throw this.error(`Expected ${what}, found ${describe(token)}.`, token);
    return token;
  }
  error(message: string, token: Token): FormulaError {
    return new FormulaError(message, this.text, token.position);
  }
}

function describe(token: Token): string {
  return token.kind === "end" ? "the end of the formula" : `"${token.text}"`;
}

/** Splits the token stream at top-level "|" (those not inside parentheses). */
function splitParts(tokens: Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === "end") break;
    if (token.kind === "symbol" && token.text === "(") depth++;
    if (token.kind === "symbol" && token.text === ")") depth--;
    if (depth === 0 && token.kind === "symbol" && token.text === "|") {
      parts.push([]);
    } else {
      parts[parts.length - 1].push(token);
    }
  }
  return parts;
}

function withEnd(tokens: Token[], position: number): Token[] {
  return [...tokens, { kind: "end", text: "", position }];
}

/** Where a part of the formula ends, for pointing at a missing token. */
function endOf(tokens: Token[], fallback: number): number {
  if (tokens.length === 0) return fallback;
  const last = tokens[tokens.length - 1];
  return last.position + last.text.length;
}

/** `a:b`, `i(f, v)`, or a plain name. */
function parseTerm(cursor: Cursor): Term {
  const first = cursor.expectName("a variable name");
  if (first.text === "i" && cursor.isSymbol("(")) return parseInteraction(cursor, first);
  const factors = [first.text];
  while (cursor.isSymbol(":")) {
    cursor.next();
    factors.push(cursor.expectName('a variable name after ":"').text);
  }
  return factors.length === 1
    ? { kind: "variable", name: first.text, position: first.position }
    : { kind: "product", factors, position: first.position };
}

/** `i(factor)`, `i(factor, variable)`, optionally with `ref = level`. */
function parseInteraction(cursor: Cursor, head: Token): Term {
  cursor.expectSymbol("(", "after i");
  const factor = cursor.expectName("the factor inside i(), as in i(year, x)").text;
  let variable: string | undefined;
  let reference: string | undefined;
  while (cursor.isSymbol(",")) {
    cursor.next();
    const token = cursor.next();
    if (token.kind === "name" && token.text === "ref" && cursor.isSymbol("=")) {
      cursor.next();
      const level = cursor.next();
      if (level.kind !== "name" && level.kind !== "number") {
        throw cursor.error(`Expected a level after "ref =", found ${describe(level)}.`, level);
      }
      reference = level.text;
    } else if (token.kind === "name" && variable === undefined) {
      variable = token.text;
    } else {
      throw cursor.error(`Unexpected ${describe(token)} in i(); write i(factor, variable) or i(factor, variable, ref = level).`, token);
    }
  }
  cursor.expectSymbol(")", "to close i(");
  return { kind: "interaction", factor, variable, reference, position: head.position };
}

/** A "+"-separated list of terms; `0`, `1` and `-1` switch the intercept. */
function parseTermList(cursor: Cursor, allowIntercept: boolean, what: string): { terms: Term[]; intercept: boolean } {
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
      terms.push(parseTerm(cursor));
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
 * The fixed-effect part and the IV part are optional; the part holding a `~` is
 * the IV part. Without fixed effects the model has an intercept (`0` or `- 1`
 * removes it). Names only: whether the columns exist is checked against the data.
 * Bergé (2018), "Efficient estimation of maximum likelihood models with multiple
 * fixed-effects: the R package FENmlm", and fixest's `?formula` help.
 * @throws FormulaError pointing at the offending token.
 * @example parseFormula("shrink ~ ai + gov | code + year").fixedEffects.map(f => f.name) // ["code", "year"]
 */
export function parseFormula(text: unknown): Formula {
  if (typeof text !== "string") {
    throw new FormulaError(`The formula must be a string such as "y ~ x | id + year", got ${text === null ? "null" : typeof text}.`, String(text));
  }
  const tokens = tokenize(text);
  const parts = splitParts(tokens);
  const [lhs, rhs, tilde] = splitAtTilde(parts[0], text, "The formula");
  if (lhs.length !== 1 || lhs[0].kind !== "name") {
    const culprit = lhs.length === 0 ? tilde : lhs[1] ?? lhs[0];
    throw new FormulaError("The left of \"~\" must be one dependent variable.", text, culprit.position);
  }
  if (rhs.length === 0) {
    throw new FormulaError('Nothing right of "~": name the regressors, or write "1" for an intercept-only model.', text, tilde.position);
  }
  const main = parseTermList(new Cursor(withEnd(rhs, endOf(rhs, tilde.position + 1)), text), true, "regressors");

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
      const endo = parseTermList(new Cursor(withEnd(left, ivTilde.position), text), false, "endogenous regressors");
      const inst = parseTermList(new Cursor(withEnd(right, endOf(right, ivTilde.position + 1)), text), false, "instruments");
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
    response: lhs[0].text,
    terms: main.terms,
    intercept: fixedEffects.length === 0 && main.intercept,
    fixedEffects,
    endogenous,
    instruments,
  };
}
