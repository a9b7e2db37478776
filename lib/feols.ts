import { absorbFrame } from "./absorb/absorbFrame";
import { DEFAULT_DEMEAN_OPTIONS, type DemeanOptions } from "./absorb/demean";
import { countInfinite, withComputedColumns } from "./design/computedColumns";
import { buildModelFrame, type ModelFrame } from "./design/modelFrame";
import { toDataColumns, type DataInput } from "./design/input";
import { FormulaError, OptionsError } from "./errors";
import { checkOptions } from "./options";
import { fitIv } from "./estimate/iv";
import { fitOls } from "./estimate/ols";
import { parseFormula } from "./formula/parse";
import { expandStepwise } from "./formula/stepwise";
import { withWorkBuffers } from "./linalg/workBuffers";
import { termLabel, type Formula } from "./formula/types";
import type { FeolsResult } from "./result/fit";
import type { IvResult } from "./estimate/ivResult";
import { clusterVariables, conleyCoordinates, parseVcov, varianceColumnRoles, type VcovOption } from "./variance/index";
import { attachSource } from "./result/source";
import { checkWeightsOption } from "./design/weights";

/** Options of `feols` (design §3). */
export interface FeolsOptions {
  /**
   * "iid" (default), "hetero", { cluster: "code" } / { cluster: ["code", "year"] },
   * { driscollKraay: { time, lag? } }, { neweyWest: { unit, time, lag? } }, { conley: { lat, lon, cutoff } }.
   */
  vcov?: VcovOption;
  /**
   * Regression weights, as fixest's `weights = ~w`: the name of a numeric column. Weighted least squares
   * with weighted demeaning; rows with a missing or zero weight are dropped and counted in `dropped`;
   * a negative weight is an error.
   */
  weights?: string;
  /** Drop fixed-effect singletons repeatedly ("drop", default, as reghdfe) or keep them. */
  singletons?: "drop" | "keep";
  /** Convergence of the fixed-effect demeaning. */
  demean?: Partial<DemeanOptions>;
  /** Relative pivot tolerance for dropping collinear regressors (default 1e-10). */
  collinearityTolerance?: number;
  /**
   * Not an option of its own: clustering goes inside `vcov`. Declared so that TypeScript's error
   * for `{ cluster: "province" }` says what to write.
   */
  cluster?: 'write { vcov: { cluster: "province" } } instead';
}

/** Refuses unknown option keys and a singleton rule other than "drop" or "keep". */
function checkFeolsOptions(options: FeolsOptions): void {
  checkOptions("feols", options, ["vcov", "singletons", "demean", "collinearityTolerance", "weights"]);
  checkWeightsOption("feols", options.weights);
  checkOptions("feols: demean", options.demean, ["tolerance", "maxIterations"]);
  if (options.singletons !== undefined && options.singletons !== "drop" && options.singletons !== "keep") {
    throw new OptionsError(`feols: singletons must be "drop" or "keep", got ${JSON.stringify(options.singletons)}.`);
  }
}

/** The result type of one model: an IvResult when it has an IV part ("… | endo ~ z"), else a FeolsResult. */
export type FeolsSingleFit<F extends string> = F extends `${string}|${string}~${string}` ? IvResult : FeolsResult;

/**
 * The fits of a stepwise formula (`sw()`, `sw0()`, `csw()`, `csw0()`), in fixest's order: an array
 * (hand it to `buildRegressionTable` as it is) with the name fixest gives each fit in `names`
 * ("rhs: ai + lnpgdp", or "fixef: code; rhs: ai" when the fixed effects step too).
 */
export type FeolsMulti<T extends FeolsResult | IvResult = FeolsResult> = T[] & {
  /** fixest's name of each fit, in order (`names(fixest_multi)`). */
  readonly names: string[];
  /** The formula each fit was estimated with, in order. */
  readonly formulas: string[];
};

/**
 * The result type of a formula: a list of fits (FeolsMulti) for a stepwise formula, else one fit.
 * A formula typed `string` or `any` (read from a file) is taken as one model.
 */
export type FeolsFit<F extends string> = string extends F
  ? FeolsSingleFit<F>
  : [F] extends [`${string}sw(${string}` | `${string}sw0(${string}`]
    ? FeolsMulti<FeolsSingleFit<F>>
    : FeolsSingleFit<F>;

/** An endogenous regressor or instrument may not also be an exogenous regressor. */
function checkIvRoles(formula: Formula): void {
  const exogenous = new Set(formula.terms.map(termLabel));
  for (const term of formula.endogenous) {
    if (exogenous.has(termLabel(term))) {
      throw new FormulaError(`"${termLabel(term)}" is listed both as an exogenous regressor and as endogenous; remove it from the regressors left of the first "|".`, formula.text, term.position);
    }
  }
  const endogenous = new Set(formula.endogenous.map(termLabel));
  for (const term of formula.instruments) {
    const label = termLabel(term);
    if (exogenous.has(label) || endogenous.has(label)) {
      throw new FormulaError(`"${label}" cannot be both an instrument and a regressor; an excluded instrument must not appear in the structural equation.`, formula.text, term.position);
    }
  }
}

/**
 * Linear models with any number of absorbed fixed effects, estimated by OLS (or 2SLS when the
 * formula has an IV part), with iid, heteroskedasticity-robust or one-/two-way clustered
 * variances and R fixest's small-sample conventions (design §4).
 *
 * @param formula fixest syntax: "y ~ x1 + x2 | fe1 + fe2 | endo ~ z1 + z2"
 * @param data an arquero table, an object of equal-length columns, or an array of row objects
 * Formula functions (`log(density)`, `I(x^2)`, `sqrt()`, `exp()`, `abs()`) stand for computed
 * columns, named as fixest names them; rows where one gives NaN count as missing, rows where one
 * gives ±∞ (log(0)) are removed and counted in `dropped.infinite`, as fixest does. A stepwise
 * formula (`sw()`, `sw0()`, `csw()`, `csw0()`) returns the list of fits in fixest's order.
 *
 * @example
 *   const fit = feols("shrink ~ ai + lnpgdp + gov | code + year", panel, { vcov: { cluster: "code" } });
 *   fit.coef.ai; fit.se.ai; fit.summary();
 * @example
 *   const columns = feols("shrink ~ ai + csw0(lnpgdp + gov, fin + open) | code + year", panel, { vcov: { cluster: "code" } });
 *   columns.names; // ["rhs: ai", "rhs: ai + lnpgdp + gov", "rhs: ai + lnpgdp + gov + fin + open"]
 *   buildRegressionTable(columns);
 * @throws FormulaError, DataError, IdentificationError, OptionsError, VarianceError
 */
export function feols<F extends string>(formula: F, data: DataInput, options?: FeolsOptions): FeolsFit<F>;
export function feols(formula: string, data: DataInput, options: FeolsOptions = {}): FeolsResult | IvResult | FeolsMulti<FeolsResult | IvResult> {
  checkFeolsOptions(options);
  const steps = expandStepwise(formula);
  if (steps === undefined) return fitOne(formula, data, options);
  // Each step is a model of its own: its own sample (its variables' missing values), as fixest's multiple estimation.
  const fits = steps.map((step) => fitOne(step.formula, data, options));
  return Object.defineProperties(fits, {
    names: { value: steps.map((s) => s.name), enumerable: false },
    formulas: { value: steps.map((s) => s.formula), enumerable: false },
  }) as FeolsMulti<FeolsResult | IvResult>;
}

/**
 * Rows removed because a formula function gave ±∞ are counted apart from missing values, as
 * fixest's note does ("observations removed because of infinite values"); `infinite` only appears when some were.
 */
function countInfiniteRows(frame: ModelFrame, infinite: number): void {
  if (infinite === 0) return;
  const dropped: ModelFrame["dropped"] & { infinite: number } = { ...frame.dropped, missing: frame.dropped.missing - infinite, infinite };
  frame.dropped = dropped;
}

/** One model (no stepwise function): parse, add computed columns, build the frame, estimate. */
function fitOne(formula: string, data: DataInput, options: FeolsOptions): FeolsResult | IvResult {
  const parsed = parseFormula(formula);
  checkIvRoles(parsed);
  const spec = parseVcov(options.vcov);
  const input = toDataColumns(data);
  const computed = withComputedColumns(parsed, input);
  const columns = computed.data;
  const frameOptions = { clusters: clusterVariables(spec), clusterRoles: varianceColumnRoles(spec), singletons: options.singletons ?? "drop", weights: options.weights, coordinates: conleyCoordinates(spec) } as const;
  const infinite = countInfinite(parsed, input, computed, [...frameOptions.clusters, ...(options.weights === undefined ? [] : [options.weights])]);
  const demean = { ...DEFAULT_DEMEAN_OPTIONS, ...options.demean };
  // withVcov() and fixef() read the data again (a reference, not a copy; with the computed columns).
  const source = { data: columns, formula: parsed, frameOptions: { singletons: frameOptions.singletons, weights: options.weights }, demean };
  if (parsed.endogenous.length > 0) {
    // An IV result keeps its frame and demeaned columns for its diagnostics (computed on first access).
    const frame = buildModelFrame(parsed, columns, frameOptions);
    countInfiniteRows(frame, infinite);
    const refit = (vcov: VcovOption) => fitOne(formula, data, { ...options, vcov });
    return attachSource(fitIv(parsed.text, frame, absorbFrame(frame, demean), spec, options.collinearityTolerance), { ...source, refit });
  }
  // An OLS result keeps only its residuals: codes and demeaned columns are pooled work arrays.
  const fit = withWorkBuffers((allocate, allocateCodes) => {
    const frame = buildModelFrame(parsed, columns, { ...frameOptions, allocateCodes });
    countInfiniteRows(frame, infinite);
    return fitOls(parsed.text, frame, absorbFrame(frame, demean, allocate), spec, options.collinearityTolerance, allocate);
  });
  return attachSource(fit, source);
}
