import { describe, type Cursor, type Token } from "./tokens";
import type { Expression, FormulaFunction } from "./types";

/** The functions a formula may apply to columns (besides `i()` and the stepwise functions). */
export const FORMULA_FUNCTIONS: readonly FormulaFunction[] = ["log", "exp", "sqrt", "abs", "I"];

/** Every function name the parser knows, for the error that lists them. */
export const SUPPORTED_FUNCTIONS_TEXT = "log(), exp(), sqrt(), abs(), I() with + - * / ^ inside, i() for factor terms, and sw(), sw0(), csw(), csw0() for stepwise fits";

/** Whether a name is one of the formula functions. */
export function isFormulaFunction(name: string): name is FormulaFunction {
  return (FORMULA_FUNCTIONS as readonly string[]).includes(name);
}

/** The FormulaError for `name(` when name is not a function the kit knows. */
export function unknownFunction(cursor: Cursor, head: Token): Error {
  return cursor.error(`Unknown function "${head.text}()" in the formula; supported: ${SUPPORTED_FUNCTIONS_TEXT}. Compute other transformations as a column first.`, head);
}

/**
 * Parses a function call `log(…)`, `exp(…)`, `sqrt(…)`, `abs(…)` or `I(…)` whose name the cursor
 * has just consumed. Inside, arithmetic follows R's precedence: `^` (right-associative) binds
 * tighter than unary minus, then `*` `/`, then `+` `-`. `log(x, base)` takes an optional base.
 * @throws FormulaError at the first token that does not fit.
 */
export function parseCall(cursor: Cursor, head: Token): Expression {
  const fn = head.text as FormulaFunction;
  cursor.expectSymbol("(", `after ${fn}`);
  const args = [parseSum(cursor)];
  if (fn === "log" && cursor.isSymbol(",")) {
    cursor.next();
    args.push(parseSum(cursor));
  }
  if (cursor.isSymbol(",")) throw cursor.error(`${fn}() takes ${fn === "log" ? "at most two arguments, as log(x, base)" : "one argument"}.`, cursor.peek());
  cursor.expectSymbol(")", `to close ${fn}(`);
  return { op: "call", fn, args, position: head.position };
}

function parseSum(cursor: Cursor): Expression {
  let left = parseProduct(cursor);
  while (cursor.isSymbol("+") || cursor.isSymbol("-")) {
    const op = cursor.next().text as "+" | "-";
    left = { op, left, right: parseProduct(cursor) };
  }
  return left;
}

function parseProduct(cursor: Cursor): Expression {
  let left = parseUnary(cursor);
  while (cursor.isSymbol("*") || cursor.isSymbol("/")) {
    const op = cursor.next().text as "*" | "/";
    left = { op, left, right: parseUnary(cursor) };
  }
  return left;
}

function parseUnary(cursor: Cursor): Expression {
  if (cursor.isSymbol("-")) {
    cursor.next();
    return { op: "negate", arg: parseUnary(cursor) };
  }
  if (cursor.isSymbol("+")) {
    cursor.next();
    return parseUnary(cursor);
  }
  return parsePower(cursor);
}

function parsePower(cursor: Cursor): Expression {
  const base = parsePrimary(cursor);
  if (!cursor.isSymbol("^")) return base;
  cursor.next();
  return { op: "^", left: base, right: parseUnary(cursor) };
}

function parsePrimary(cursor: Cursor): Expression {
  const token = cursor.next();
  if (token.kind === "number") return { op: "number", value: Number(token.text) };
  if (token.kind === "symbol" && token.text === "(") {
    const arg = parseSum(cursor);
    cursor.expectSymbol(")", "to close the parenthesis");
    return { op: "paren", arg };
  }
  if (token.kind === "name") {
    if (cursor.isSymbol("(")) {
      if (!isFormulaFunction(token.text)) throw unknownFunction(cursor, token);
      return parseCall(cursor, token);
    }
    return { op: "column", name: token.text, position: token.position };
  }
  throw cursor.error(`Expected a column, a number or a function inside the call, found ${describe(token)}.`, token);
}

/**
 * A number as R's deparse() writes it (15 significant digits, the shorter of fixed and
 * scientific notation, exponent with a sign and two digits): 1e3 → "1000", 1e5 → "1e+05", 0.50 → "0.5".
 */
export function deparseNumber(value: number): string {
  const fixed = String(Number(value.toPrecision(15)));
  const [mantissa, exponent] = Number(value.toPrecision(15)).toExponential().split("e");
  const power = Number(exponent);
  const scientific = `${mantissa}e${power < 0 ? "-" : "+"}${String(Math.abs(power)).padStart(2, "0")}`;
  return fixed.includes("e") || scientific.length < fixed.length ? scientific : fixed;
}

/** A column name as R deparses it: backticks around names that are not syntactic. */
function deparseName(name: string): string {
  return /^(?:[A-Za-z]|\.(?![0-9]))[A-Za-z0-9_.]*$/.test(name) ? name : `\`${name}\``;
}

/**
 * The expression written as R's deparse() writes it, which is how fixest names the regressor:
 * spaces around `+`, `-`, `*`, none around `/` and `^`, parentheses as the user wrote them.
 * @example deparse(parsed "I(x1/2 - (x2+1)^2)") // "I(x1/2 - (x2 + 1)^2)"
 */
export function deparse(expression: Expression): string {
  switch (expression.op) {
    case "number":
      return deparseNumber(expression.value);
    case "column":
      return deparseName(expression.name);
    case "call":
      return `${expression.fn}(${expression.args.map(deparse).join(", ")})`;
    case "negate":
      return `-${deparse(expression.arg)}`;
    case "paren":
      return `(${deparse(expression.arg)})`;
    case "/":
    case "^":
      return `${deparse(expression.left)}${expression.op}${deparse(expression.right)}`;
    default:
      return `${deparse(expression.left)} ${expression.op} ${deparse(expression.right)}`;
  }
}

/** The data columns an expression reads, in order of first appearance. */
export function expressionColumns(expression: Expression): string[] {
  const out: string[] = [];
  const visit = (e: Expression): void => {
    if (e.op === "column") {
      if (!out.includes(e.name)) out.push(e.name);
    } else if (e.op === "call") e.args.forEach(visit);
    else if (e.op === "negate" || e.op === "paren") visit(e.arg);
    else if (e.op !== "number") {
      visit(e.left);
      visit(e.right);
    }
  };
  visit(expression);
  return out;
}
