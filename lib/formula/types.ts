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
   * `i(f, v)`: one column v·1[f = level] for every level of f but the reference
   * (the first, or `ref = ...`), keyed "f::level:v"; `i(f)` gives the dummies, keyed "f::level".
   */
  | {
      /** Which kind of term. */
      kind: "interaction";
      /** The factor f whose levels the term expands over. */
      factor: string;
      /** The variable v multiplied by each level's dummy; absent for `i(f)` (dummies only). */
      variable?: string;
      /** The level dropped with `ref = …`. */
      reference?: string;
      /** Character offset of the term in the formula. */
      position: number;
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
}

/** The name a term's column(s) are keyed by (for `i()` the stem; levels are added by the design step). */
export function termLabel(term: Term): string {
  switch (term.kind) {
    case "variable":
      return term.name;
    case "product":
      return term.factors.join(":");
    case "interaction":
      return term.variable === undefined ? `i(${term.factor})` : `i(${term.factor}, ${term.variable})`;
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
