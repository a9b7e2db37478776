/**
 * Heterogeneity by several overlapping groups at once: one regression with the slope of `coef`
 * interacted with every flag,
 *
 *   y_it = β₀·x_it + Σ_f δ_f·(x_it · flag_f,i) + γ′w_it [+ Σ_f θ_f·flag_f,it] + FE + u_it,
 *
 * so that a unit's slope is β₀ + Σ_f δ_f·flag_f: β₀ for units with every flag 0, and δ_f the
 * increment of flag f holding the other flags fixed. Splitting the sample one flag at a time cannot
 * separate them when the flags overlap (a split on f compares groups that also differ in the other
 * flags); this model does, if the slope is additive in the flags.
 *
 * A flag's main effect θ_f is left out when the flag is constant within the levels of a fixed effect
 * (absorbed: a city-level flag under city fixed effects) and included otherwise. Each increment is
 * reported with its SE, t, p and confidence interval under the fit's vcov (t with the fit's degrees of
 * freedom, G − 1 when clustered), and the increments are tested jointly, H₀: δ_f = 0 for every f, by
 * the Wald test in F form, F = δ̂′V̂⁻¹δ̂/q with (q, N − K_full) degrees of freedom (every parameter counted,
 * fixed effects included), as R fixest's `wald()`.
 *
 * What the increments estimate is the regression's: with a regressor measured with error or
 * correlated with the error they are biased like any OLS coefficient.
 *
 * @example
 *   const j = jointInteractions({ data: panel, formula: "shrink ~ ai + lnpgdp | code + year", coef: "ai",
 *     flags: ["shrinking", "hu_se", "peripheral", "resource"], vcov: { cluster: "code" } });
 *   j.increments[1].estimate; j.wald.p; console.log(j.summary());
 */
import { waldTest } from "../diagnostics/waldTest";
import { fUpperP } from "../distributions/index";
import { toDataColumns, type DataColumns, type DataInput } from "../design/input";
import { DataError, IdentificationError, OptionsError } from "../errors";
import { feols } from "../feols";
import { parseFormula } from "../formula/parse";
import { termLabel, type Formula } from "../formula/types";
import { unknownNameHint } from "../names";
import { checkOptions } from "../options";
import type { FeolsResult } from "../result/fit";
import { formatNumber, formatP, stars, textTable } from "../result/format";
import type { VcovOption } from "../variance/index";
import { quoteName, requireColumn } from "./subset";

/** Arguments of `jointInteractions`. */
export interface JointInteractionsOptions {
  /** The data: an arquero table, an object of columns or an array of row objects. */
  data: DataInput;
  /** An OLS formula in fixest syntax, "y ~ x + controls | fe1 + fe2", that contains `coef` as a term. */
  formula: string;
  /** The regressor whose slope varies with the flags. */
  coef: string;
  /** The 0/1 flag columns; each gets its interaction `${coef}:${flag}`. */
  flags: string[];
  /** The variance, as in `feols` (default "iid"). */
  vcov?: VcovOption;
  /** Coverage of the confidence intervals, a fraction (default 0.95). */
  level?: number;
}

/** "p = 0.0213" or "p < 2.2e-16" (R's formatting, never "p = < …"). */
function pEquals(p: number): string {
  const text = formatP(p);
  return text.startsWith("<") ? `p ${text}` : `p = ${text}`;
}

/** The keys `jointInteractions` accepts (checked by `checkOptions`). */
const JOINT_OPTION_KEYS = ["data", "formula", "coef", "flags", "vcov", "level"] as const;

/** A coefficient of the joint model with its inference. */
export interface SlopeTerm {
  /** The coefficient's name in the fit (`${coef}` or `${coef}:${flag}`). */
  term: string;
  /** The estimate. */
  estimate: number;
  /** Its standard error under the fit's vcov. */
  se: number;
  /** t = estimate/se. */
  tstat: number;
  /** Two-sided p-value from t with the fit's degrees of freedom. */
  p: number;
  /** The confidence interval estimate ± t_{1−α/2, df}·se at the chosen level: [lower, upper]. */
  ci: [number, number];
}

/** One flag's increment to the slope. */
export interface SlopeIncrement extends SlopeTerm {
  /** The flag. */
  flag: string;
  /** How the flag's own main effect entered: "absorbed by <fixed effect>" or "included". */
  mainEffect: string;
}

/** The joint Wald test that every increment is zero. */
export interface JointWaldTest {
  /** F = δ̂′V̂⁻¹δ̂/q. */
  stat: number;
  /** q, the number of increments. */
  df1: number;
  /** N − K_full, every parameter counted, fixed-effect levels included (fixest's `wald()`). */
  df2: number;
  /** Upper-tail p-value of F(df1, df2). */
  p: number;
}

/** The result of `jointInteractions`. */
export class JointInteractions {
  /** The regressor whose slope varies. */
  readonly coef: string;
  /** The flags, in the order given. */
  readonly flags: string[];
  /** Coverage of the intervals. */
  readonly level: number;
  /** The formula fitted, with the interactions (and any main effects) added. */
  readonly formula: string;
  /** The fit. */
  readonly fit: FeolsResult;
  /** β₀: the slope of units with every flag 0. */
  readonly base: SlopeTerm;
  /** δ_f for each flag, in the order of `flags`. */
  readonly increments: SlopeIncrement[];
  /** The joint Wald test of H₀: every δ_f = 0. */
  readonly wald: JointWaldTest;

  /** Builds the result from its fields (called by `jointInteractions`). */
  constructor(fields: Omit<JointInteractions, "summary" | "toString">) {
    this.coef = fields.coef;
    this.flags = fields.flags;
    this.level = fields.level;
    this.formula = fields.formula;
    this.fit = fields.fit;
    this.base = fields.base;
    this.increments = fields.increments;
    this.wald = fields.wald;
  }

  /** A plain-text report: the base slope, each increment with its interval, and the joint test. */
  summary(): string {
    const pct = `${formatNumber(100 * this.level)}%`;
    const row = (name: string, t: SlopeTerm, note = ""): string[] => [name, formatNumber(t.estimate, 5), formatNumber(t.se, 4), formatNumber(t.tstat, 4), `${formatP(t.p)} ${stars(t.p)}`.trimEnd(), `[${formatNumber(t.ci[0], 4)}, ${formatNumber(t.ci[1], 4)}]`, note];
    const rows = [
      ["", "Estimate", "Std. Error", "t value", "Pr(>|t|)", `${pct} CI`, "flag's main effect"],
      row(`${this.coef} (every flag 0)`, this.base),
      ...this.increments.map((d) => row(`+ ${d.term}`, d, d.mainEffect)),
    ];
    return [
      `Joint interactions of "${this.coef}" with ${this.flags.join(", ")}: ${this.formula}`,
      `Standard errors: ${this.fit.vcovType}; N = ${this.fit.nobs}`,
      textTable(rows),
      `Joint Wald test, every increment = 0: F(${this.wald.df1}, ${this.wald.df2}) = ${formatNumber(this.wald.stat, 5)}, ${pEquals(this.wald.p)}`,
    ].join("\n");
  }

  /** The same as `summary()`. */
  toString(): string {
    return this.summary();
  }
}

/** The row keys of the fixed-effect term `variables` (missing: undefined). */
function fixedEffectKeys(data: DataColumns, variables: string[]): (string | undefined)[] {
  const columns = variables.map((v) => data.values(v));
  return Array.from({ length: data.nrows }, (_, i) => {
    const cells = columns.map((c) => c[i]);
    return cells.some((c) => c === null || c === undefined || (typeof c === "number" && Number.isNaN(c))) ? undefined : cells.map(String).join("\u0001");
  });
}

/** The flag's values, checked to be 0, 1 or missing. @throws DataError naming the first other value. */
function flagValues(data: DataColumns, flag: string): (number | undefined)[] {
  return Array.from(data.values(flag), (cell, i) => {
    if (cell === null || cell === undefined || (typeof cell === "number" && Number.isNaN(cell))) return undefined;
    const v = Number(cell);
    if (v !== 0 && v !== 1) throw new DataError(`jointInteractions: the flag "${flag}" has the value ${JSON.stringify(cell)} in row ${i + 1}; a flag is 0 or 1 (recode it, or interact a continuous variable with feols directly).`);
    return v;
  });
}

/** The name of the first fixed effect within whose levels the flag is constant, or undefined. */
function absorbingFixedEffect(data: DataColumns, formula: Formula, flag: string): string | undefined {
  const values = flagValues(data, flag);
  for (const fe of formula.fixedEffects) {
    const keys = fixedEffectKeys(data, fe.variables);
    const seen = new Map<string, number>();
    let constant = true;
    for (let i = 0; i < data.nrows && constant; i++) {
      const key = keys[i];
      const v = values[i];
      if (key === undefined || v === undefined) continue;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, v);
      else if (first !== v) constant = false;
    }
    if (constant) return fe.name;
  }
  return undefined;
}

/** Checks the options and returns the data, the parsed formula, the flags and the level. */
function jointInputs(options: JointInteractionsOptions): { data: DataColumns; formula: Formula; flags: string[]; level: number } {
  if (options === null || typeof options !== "object") throw new OptionsError("jointInteractions: pass an object { data, formula, coef, flags, vcov }.");
  checkOptions("jointInteractions", options, JOINT_OPTION_KEYS);
  if (typeof options.formula !== "string") throw new OptionsError(`jointInteractions: formula must be a string such as "y ~ x | id + year".`);
  const formula = parseFormula(options.formula);
  if (formula.endogenous.length > 0) throw new OptionsError(`jointInteractions fits OLS; "${formula.text}" has an IV part.`);
  const coef = options.coef;
  const labels = formula.terms.map(termLabel);
  const variables = formula.terms.filter((t) => t.kind === "variable").map(termLabel);
  if (typeof coef !== "string" || !variables.includes(coef)) {
    throw new OptionsError(`jointInteractions: coef must be a variable of the formula, got ${JSON.stringify(coef)}. ${unknownNameHint(String(coef), variables, "Its variables are")}`);
  }
  const flags = options.flags;
  if (!Array.isArray(flags) || flags.length === 0 || flags.some((f) => typeof f !== "string")) throw new OptionsError(`jointInteractions: flags must be a non-empty array of column names, e.g. ["shrinking", "resource"].`);
  if (new Set(flags).size !== flags.length) throw new OptionsError(`jointInteractions: a flag is listed twice in ${JSON.stringify(flags)}.`);
  const level = options.level ?? 0.95;
  if (!(typeof level === "number" && level > 0 && level < 1)) throw new OptionsError(`jointInteractions: level must lie strictly between 0 and 1, got ${JSON.stringify(level)}${typeof level === "number" && level > 1 && level < 100 ? ` (write ${level / 100})` : ""}.`);
  const data = toDataColumns(options.data);
  for (const flag of flags) {
    requireColumn(data, flag, "flag");
    if (flag === coef || labels.includes(flag)) throw new OptionsError(`jointInteractions: the flag "${flag}" is already a term of "${formula.text}"; list it only in flags (its main effect is added when no fixed effect absorbs it).`);
  }
  return { data, formula, flags, level };
}

/** One coefficient of the fit as a SlopeTerm. */
function slopeTerm(fit: FeolsResult, term: string, ci: Record<string, [number, number]>): SlopeTerm {
  return { term, estimate: fit.coef[term], se: fit.se[term], tstat: fit.tstat[term], p: fit.pvalue[term], ci: ci[term] };
}

/**
 * Fits the joint interaction model (see the file comment): `formula` with `${coef}:${flag}` for every
 * flag and the main effect of each flag that no fixed effect absorbs, under `vcov`.
 * @throws OptionsError for an unknown option, a `coef` that is not a term of the formula, no flags, a
 *         flag listed twice or already in the formula, an IV formula, or a level outside (0, 1);
 *         DataError for a flag that is not a column or takes a value other than 0 and 1;
 *         IdentificationError when an interaction is collinear (a flag constant in the sample, or
 *         two flags that coincide).
 * @example jointInteractions({ data: panel, formula: "shrink ~ ai | code + year", coef: "ai", flags: ["resource", "peripheral"], vcov: { cluster: "code" } }).increments
 */
export function jointInteractions(options: JointInteractionsOptions): JointInteractions {
  const { data, formula, flags, level } = jointInputs(options);
  const coef = options.coef;
  const absorbedBy = flags.map((flag) => absorbingFixedEffect(data, formula, flag));
  const added = [...flags.map((flag) => `${quoteName(coef)}:${quoteName(flag)}`), ...flags.filter((_, k) => absorbedBy[k] === undefined).map(quoteName)];
  const [lhs, ...rest] = formula.text.split("|");
  const text = [`${lhs.trimEnd()} + ${added.join(" + ")}`, ...rest.map((part) => part.trim())].join(" | ");
  const fit = feols(text, options.data, { vcov: options.vcov });
  const terms = flags.map((flag) => `${coef}:${flag}`);
  const missing = terms.filter((t) => !(t in fit.coef));
  if (missing.length > 0) {
    throw new IdentificationError(`jointInteractions: ${missing.map((t) => `"${t}"`).join(", ")} ${missing.length === 1 ? "was" : "were"} dropped as collinear: a flag is constant in the sample or equal to a combination of the others. Leave it out of flags.`);
  }
  const ci = fit.confint(level);
  const increments = flags.map((flag, k) => ({ flag, ...slopeTerm(fit, terms[k], ci), mainEffect: absorbedBy[k] === undefined ? "included" : `absorbed by ${absorbedBy[k]}` }));
  // fixest's wald(): F on (q, N − K_full) degrees of freedom, all parameters counted (waldTest counts the
  // variance's K, nested when clustered, as fixest's ivwald does)
  const { stat } = waldTest(fit, terms);
  const df2 = fit.nobs - fit.kFull;
  const test = { stat, df1: terms.length, df2, p: fUpperP(stat, terms.length, df2) };
  return new JointInteractions({
    coef,
    flags: [...flags],
    level,
    formula: fit.formula,
    fit,
    base: slopeTerm(fit, coef, ci),
    increments,
    wald: { stat: test.stat, df1: test.df1, df2: test.df2, p: test.p },
  });
}
