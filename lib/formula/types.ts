/** A regressor term of a formula, before it meets the data. */
export type Term =
  /** A column used as it is. */
  | {
      /** Which kind of term. */
      kind: "variable";
      /** The column's name. */
      name: string;
      /** Character offset of the term in the formula (for error carets). */
      position: number;
    }
  /** `a:b:c`: the product of numeric columns, keyed "a:b:c". */
  | {
      /** Which kind of term. */
      kind: "product";
      /** The columns multiplied, in order. */
      factors: string[];
      /** Character offset of the term in the formula. */
      position: number;
    }
  /**
   * `i(f, v)`: one column v·1[f = level] for every level of f, keyed "f::level:v", as fixest;
   * `ref = r` or `ref = c(r1, r2)` leaves those levels out. `i(f)` gives the dummies, keyed
   * "f::level", without the first level unless `ref` names others (fixest's rule).
   */
  | {
      /** Which kind of term. */
      kind: "interaction";
      /** The factor f whose levels the term expands over. */
      factor: string;
      /** The variable v multiplied by each level's dummy; absent for `i(f)` (dummies only). */
      variable?: string;
      /** The levels left out with `ref = …` (as written; empty without `ref`). */
      references: string[];
      /** Character offset of the term in the formula. */
      position: number;
    };

/** The functions a formula may apply to columns: fixest evaluates them as R does. */
export type FormulaFunction = "log" | "exp" | "sqrt" | "abs" | "I";

/**
 * A formula function applied to columns, as in `log(density)` or `I(x^2)`: the parsed arithmetic
 * (R's precedence), evaluated row by row by the design step.
 */
export type Expression =
  /** A number written in the formula. */
  | {
      /** Which kind of node. */
      op: "number";
      /** Its value. */
      value: number;
    }
  /** A column of the data. */
  | {
      /** Which kind of node. */
      op: "column";
      /** The column's name. */
      name: string;
      /** Character offset in the formula (for error carets). */
      position: number;
    }
  /** A function applied to its arguments (`log(x, base)` has two). */
  | {
      /** Which kind of node. */
      op: "call";
      /** The function. */
      fn: FormulaFunction;
      /** Its arguments. */
      args: Expression[];
      /** Character offset of the function's name in the formula. */
      position: number;
    }
  /** Unary minus. */
  | {
      /** Which kind of node. */
      op: "negate";
      /** The negated expression. */
      arg: Expression;
    }
  /** Parentheses as written (kept for fixest's name of the term). */
  | {
      /** Which kind of node. */
      op: "paren";
      /** The expression inside. */
      arg: Expression;
    }
  /** Arithmetic of two expressions. */
  | {
      /** The operator. */
      op: "+" | "-" | "*" | "/" | "^";
      /** Left operand. */
      left: Expression;
      /** Right operand. */
      right: Expression;
    };

/** A fixed effect: one variable, or several combined with `^` (one level per observed combination). */
export interface FixedEffectTerm {
  /** The variables combined (one, or several joined by `^`). */
  variables: string[];
  /** The key used in results, e.g. "province^year". */
  name: string;
  /** Character offset of the term in the formula. */
  position: number;
}

/** A parsed fixest-style formula `y ~ x1 + x2 | fe1 + fe2 | endo ~ z1 + z2`. */
export interface Formula {
  /** The formula as given (whitespace normalised). */
  text: string;
  /** The dependent variable. */
  response: string;
  /** The exogenous regressors, in formula order. */
  terms: Term[];
  /** True unless the formula has fixed effects or removes the intercept with `0` or `-1`. */
  intercept: boolean;
  /** The fixed effects (right of the first `|`). */
  fixedEffects: FixedEffectTerm[];
  /** Endogenous regressors (IV part, left of its `~`); empty for OLS. */
  endogenous: Term[];
  /** Excluded instruments (IV part, right of its `~`); empty for OLS. */
  instruments: Term[];
  /**
   * The columns computed by formula functions, keyed by their name in the results (fixest's,
   * e.g. "log(density)", "I(x^2)"). Terms and the response refer to them by that name, as if
   * they were columns of the data; the design step adds them (design/computedColumns.ts).
   */
  computed: Record<string, Expression>;
}

/** The name a term's column(s) are keyed by (for `i()` the stem; levels are added by the design step). */
export function termLabel(term: Term): string {
  switch (term.kind) {
    case "variable":
      return term.name;
    case "product":
      return term.factors.join(":");
    case "interaction": {
      const refs = term.references.length === 0 ? "" : term.references.length === 1 ? `, ref = ${term.references[0]}` : `, ref = c(${term.references.join(", ")})`;
      return `i(${term.factor}${term.variable === undefined ? "" : `, ${term.variable}`}${refs})`;
    }
  }
}

/** Every data column a term reads. */
export function termVariables(term: Term): string[] {
  switch (term.kind) {
    case "variable":
      return [term.name];
    case "product":
      return term.factors.slice();
    case "interaction":
      return term.variable === undefined ? [term.factor] : [term.factor, term.variable];
  }
}

