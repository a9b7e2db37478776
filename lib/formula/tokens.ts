import { FormulaError } from "../errors";

/** What a token is: a name (column or function), a number, a symbol, or the end of the text. */
export type TokenKind = "name" | "number" | "string" | "symbol" | "end";

/** One token of a formula, with where it starts and ends (for error carets and for cutting the text). */
export interface Token {
  kind: TokenKind;
  text: string;
  position: number;
  /** Offset just past the token (a backticked name includes its backticks). */
  end: number;
}

const SYMBOLS = new Set(["~", "+", "-", "*", "/", "|", "^", ":", "(", ")", ",", "="]);

/** A number as R reads it: digits with an optional decimal point and exponent (1e3, 2.5E-2). */
const NUMBER = /^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/;

/**
 * Splits a formula into names, numbers and symbols, remembering where each starts.
 * @throws FormulaError at an unexpected character or an unclosed backtick.
 * @example tokenize("y ~ log(x)").map((t) => t.text) // ["y", "~", "log", "(", "x", ")", ""]
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (/[0-9]/.test(ch) || (ch === "." && /[0-9]/.test(text[i + 1] ?? ""))) {
      const match = NUMBER.exec(text.slice(i)) as RegExpExecArray;
      tokens.push({ kind: "number", text: match[0], position: i, end: i + match[0].length });
      i += match[0].length;
    } else if (/[A-Za-z_.]/.test(ch)) {
      const start = i;
      while (i < text.length && /[A-Za-z0-9_.]/.test(text[i])) i++;
      tokens.push({ kind: "name", text: text.slice(start, i), position: start, end: i });
    } else if (ch === "`") {
      const close = text.indexOf("`", i + 1);
      if (close < 0) throw new FormulaError("Unclosed backtick: close the quoted column name with `.", text, i);
      tokens.push({ kind: "name", text: text.slice(i + 1, close), position: i, end: close + 1 });
      i = close + 1;
    } else if (ch === '"' || ch === "'") {
      const close = text.indexOf(ch, i + 1);
      if (close < 0) throw new FormulaError(`Unclosed quote: close the text with ${ch}.`, text, i);
      tokens.push({ kind: "string", text: text.slice(i + 1, close), position: i, end: close + 1 });
      i = close + 1;
    } else if (SYMBOLS.has(ch)) {
      tokens.push({ kind: "symbol", text: ch, position: i, end: i + 1 });
      i++;
    } else {
      throw new FormulaError(
        `Unexpected character "${ch}" in the formula; use names, +, :, ^, | and ~ (fixest syntax), or quote odd column names in backticks.`,
        text,
        i,
      );
    }
  }
  tokens.push({ kind: "end", text: "", position: text.length, end: text.length });
  return tokens;
}

/** How a token is shown in an error message. */
export function describe(token: Token): string {
  return token.kind === "end" ? "the end of the formula" : `"${token.text}"`;
}

/** A cursor over the tokens of one part of the formula. */
export class Cursor {
  private index = 0;
  constructor(
    private readonly tokens: Token[],
    /** The whole formula, for error messages. */
    readonly text: string,
  ) {}

  /** The next token, not consumed. */
  peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)];
  }
  /** Consumes and returns the next token. */
  next(): Token {
    return this.tokens[this.index++];
  }
  /** Whether the next token is this symbol. */
  isSymbol(symbol: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === "symbol" && token.text === symbol;
  }
  /** Consumes the symbol or throws, saying what was expected. */
  expectSymbol(symbol: string, what: string): Token {
    const token = this.next();
    if (token.kind !== "symbol" || token.text !== symbol) {
      throw this.error(`Expected "${symbol}" ${what}, found ${describe(token)}.`, token);
    }
    return token;
  }
  /** Consumes a name or throws, saying what was expected. */
  expectName(what: string): Token {
    const token = this.next();
    if (token.kind !== "name") throw this.error(`Expected ${what}, found ${describe(token)}.`, token);
    return token;
  }
  /** A FormulaError pointing at the token. */
  error(message: string, token: Token): FormulaError {
    return new FormulaError(message, this.text, token.position);
  }
}

/** Splits the token stream at top-level `separator` symbols (those not inside parentheses); the end token is left out. */
export function splitTopLevel(tokens: Token[], separator: string): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === "end") break;
    if (token.kind === "symbol" && token.text === "(") depth++;
    if (token.kind === "symbol" && token.text === ")") depth--;
    if (depth === 0 && token.kind === "symbol" && token.text === separator) parts.push([]);
    else parts[parts.length - 1].push(token);
  }
  return parts;
}

/** The tokens followed by an end token at `position`. */
export function withEnd(tokens: Token[], position: number): Token[] {
  return [...tokens, { kind: "end", text: "", position, end: position }];
}
