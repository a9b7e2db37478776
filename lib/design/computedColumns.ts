import { FormulaError } from "../errors";
import { expressionColumns } from "../formula/expression";
import { termVariables, type Expression, type Formula } from "../formula/types";
import { unknownNameHint } from "../names";
import { isMissing, numericColumn } from "./columns";
import type { DataColumns } from "./input";

/** The data with the formula's computed columns added, and where a formula function gave ±∞. */
export interface ComputedData {
  /** The data plus one column per computed term, named as fixest names it ("log(x)"); ±∞ and NaN read as missing. */
  data: DataColumns;
  /** 1 where some computed column was ±∞ (log(0), 1/0, exp(1000)); undefined when none was. */
  infinite: Uint8Array | undefined;
  /** 1 where some computed column was NaN (a missing input, log(−1)); undefined when none was. */
  notANumber: Uint8Array | undefined;
}

/** Element-wise arithmetic of two columns (or a column and a number). */
function binary(op: "+" | "-" | "*" | "/" | "^", a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    out[i] = op === "+" ? x + y : op === "-" ? x - y : op === "*" ? x * y : op === "/" ? x / y : x ** y;
  }
  return out;
}

const FUNCTIONS: Record<"log" | "exp" | "sqrt" | "abs" | "I", (x: number) => number> = { log: Math.log, exp: Math.exp, sqrt: Math.sqrt, abs: Math.abs, I: (x) => x };

/**
 * Evaluates an expression on every row, as R does in IEEE arithmetic: log(−1) and sqrt(−1) are NaN
 * (missing), log(0) is −∞, x/0 is ±∞. A missing input is NaN and stays NaN.
 * @throws FormulaError for a column that is not in the data; DataError for text (numericColumn).
 */
function evaluate(expression: Expression, data: DataColumns, formula: Formula, label: string): Float64Array {
  const n = data.nrows;
  switch (expression.op) {
    case "number":
      return new Float64Array(n).fill(expression.value);
    case "column": {
      if (!data.has(expression.name)) {
        throw new FormulaError(`The column "${expression.name}" in ${label} is not a column of the data. ${unknownNameHint(expression.name, data.names(), "Available columns")}`, formula.text, expression.position);
      }
      const values = numericColumn(data, expression.name, `inside ${label}`);
      return values instanceof Float64Array && values.length === n ? values : Float64Array.from(values);
    }
    case "paren":
      return evaluate(expression.arg, data, formula, label);
    case "negate":
      return evaluate(expression.arg, data, formula, label).map((x) => -x);
    case "call": {
      const x = evaluate(expression.args[0], data, formula, label);
      if (expression.fn === "log" && expression.args.length === 2) {
        return binary("/", x.map(Math.log), evaluate(expression.args[1], data, formula, label).map(Math.log));
      }
      return x.map(FUNCTIONS[expression.fn]);
    }
    default:
      return binary(expression.op, evaluate(expression.left, data, formula, label), evaluate(expression.right, data, formula, label));
  }
}

/**
 * Adds the columns of a formula's functions (`log(density)`, `I(x^2)`, …; `formula.computed`) to
 * the data, named as fixest names them, so that the design step reads them as columns. As fixest
 * does, a row where a function gives NaN (log of a negative number) is missing, and a row where it
 * gives ±∞ (log(0)) is removed too — fixest's "observations removed because of infinite values";
 * `infinite` marks those rows so that they can be counted apart (`countInfinite`).
 * @throws FormulaError naming a column the data lacks (with a caret under it).
 * @example withComputedColumns(parseFormula("y ~ log(x)"), data).data.values("log(x)")
 */
export function withComputedColumns(formula: Formula, data: DataColumns): ComputedData {
  const labels = Object.keys(formula.computed);
  if (labels.length === 0) return { data, infinite: undefined, notANumber: undefined };
  const columns = new Map<string, Float64Array>();
  let infinite: Uint8Array | undefined;
  let notANumber: Uint8Array | undefined;
  for (const label of labels) {
    const values = evaluate(formula.computed[label], data, formula, label);
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === Infinity || v === -Infinity) {
        infinite ??= new Uint8Array(values.length);
        infinite[i] = 1;
        out[i] = NaN;
      } else {
        if (v !== v) (notANumber ??= new Uint8Array(values.length))[i] = 1;
        out[i] = v;
      }
    }
    columns.set(label, out);
  }
  return {
    data: {
      nrows: data.nrows,
      has: (name) => columns.has(name) || data.has(name),
      names: () => [...data.names(), ...labels.filter((l) => !data.has(l))],
      values: (name) => columns.get(name) ?? data.values(name),
    },
    infinite,
    notANumber,
  };
}

/**
 * How many rows were removed only because a formula function gave ±∞: marked in `infinite`, and
 * with no missing value in any other column the model reads (those count as missing, as fixest's
 * note counts NA before infinite values).
 * @param extraColumns further columns the sample depends on (cluster variables, weights)
 * @example countInfinite(formula, data, withComputedColumns(formula, data), ["code"]) // 375 for log(z) with 375 zeros
 */
export function countInfinite(formula: Formula, data: DataColumns, computed: ComputedData, extraColumns: string[] = []): number {
  const { infinite, notANumber } = computed;
  if (!infinite) return 0;
  const computedNames = new Set(Object.keys(formula.computed));
  const raw = new Set<string>(extraColumns);
  const terms = [...formula.terms, ...formula.endogenous, ...formula.instruments];
  for (const name of [formula.response, ...terms.flatMap(termVariables), ...formula.fixedEffects.flatMap((f) => f.variables)]) {
    if (computedNames.has(name)) for (const c of expressionColumns(formula.computed[name])) raw.add(c);
    else raw.add(name);
  }
  const columns = [...raw].filter((name) => data.has(name)).map((name) => data.values(name));
  let count = 0;
  for (let i = 0; i < infinite.length; i++) {
    if (infinite[i] && !notANumber?.[i] && !columns.some((column) => isMissing(column[i]))) count++;
  }
  return count;
}
