import { absorbFrame } from "./absorb/absorbFrame";
import { DEFAULT_DEMEAN_OPTIONS, type DemeanOptions } from "./absorb/demean";
import { buildModelFrame } from "./design/modelFrame";
import { toDataColumns, type DataInput } from "./design/input";
import { FormulaError, OptionsError } from "./errors";
import { checkOptions } from "./options";
import { fitIv } from "./estimate/iv";
import { fitOls } from "./estimate/ols";
import { parseFormula } from "./formula/parse";
import { withWorkBuffers } from "./linalg/workBuffers";
import { termLabel, type Formula } from "./formula/types";
import type { FeolsResult } from "./result/fit";
import type { IvResult } from "./estimate/ivResult";
import { clusterVariables, parseVcov, type VcovOption } from "./variance/index";

/** Options of `feols` (design §3). */
export interface FeolsOptions {
  /** "iid" (default), "hetero", or { cluster: "code" } / { cluster: ["code", "year"] }. */
  vcov?: VcovOption;
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
  checkOptions("feols", options, ["vcov", "singletons", "demean", "collinearityTolerance"]);
  checkOptions("feols: demean", options.demean, ["tolerance", "maxIterations"]);
  if (options.singletons !== undefined && options.singletons !== "drop" && options.singletons !== "keep") {
    throw new OptionsError(`feols: singletons must be "drop" or "keep", got ${JSON.stringify(options.singletons)}.`);
  }
}

/** The result type of a formula: an IvResult when it has an IV part ("… | endo ~ z"), else a FeolsResult. */
export type FeolsFit<F extends string> = F extends `${string}|${string}~${string}` ? IvResult : FeolsResult;

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
 * @example
 *   const fit = feols("shrink ~ ai + lnpgdp + gov | code + year", panel, { vcov: { cluster: "code" } });
 *   fit.coef.ai; fit.se.ai; fit.summary();
 * @throws FormulaError, DataError, IdentificationError, OptionsError, VarianceError
 */
export function feols<F extends string>(formula: F, data: DataInput, options?: FeolsOptions): FeolsFit<F>;
export function feols(formula: string, data: DataInput, options: FeolsOptions = {}): FeolsResult | IvResult {
  checkFeolsOptions(options);
  const parsed = parseFormula(formula);
  checkIvRoles(parsed);
  const spec = parseVcov(options.vcov);
  const columns = toDataColumns(data);
  const frameOptions = { clusters: clusterVariables(spec), singletons: options.singletons ?? "drop" } as const;
  const demean = { ...DEFAULT_DEMEAN_OPTIONS, ...options.demean };
  if (parsed.endogenous.length > 0) {
    // An IV result keeps its frame and demeaned columns for its diagnostics (computed on first access).
    const frame = buildModelFrame(parsed, columns, frameOptions);
    return fitIv(parsed.text, frame, absorbFrame(frame, demean), spec, options.collinearityTolerance);
  }
  // An OLS result keeps only its residuals: codes and demeaned columns are pooled work arrays.
  return withWorkBuffers((allocate, allocateCodes) => {
    const frame = buildModelFrame(parsed, columns, { ...frameOptions, allocateCodes });
    return fitOls(parsed.text, frame, absorbFrame(frame, demean, allocate), spec, options.collinearityTolerance, allocate);
  });
}
