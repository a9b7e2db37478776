/**
 * What every finding sentence shares: the fields of a fit it reads, the significance phrase, and how
 * a sentence picks and checks its term.
 */
import { unknownNameHint } from "../../names";
import { OptionsError } from "../../errors";
import type { Lang } from "../labels";

/** The fields of a fit that sentences read (FeolsResult and IvResult have them all). */
export interface SentenceFit {
  /** Point estimates, keyed by term. */
  coef: Record<string, number>;
  /** Standard errors, keyed by term. */
  se: Record<string, number>;
  /** Two-sided p-values of H₀: β = 0, keyed by term; they choose the significance phrase. */
  pvalue: Record<string, number>;
  /** The dependent variable, the default outcome of a sentence. */
  depVar?: string;
  /** The estimator's name ("OLS", "2SLS"), for labels of annotated fits. */
  method?: string;
  /** The formula as written, for labels of annotated fits. */
  formula?: string;
  /** Number of observations. */
  nobs?: number;
}

/** The IV fields that IV sentences read. */
export interface SentenceIvFit extends SentenceFit {
  /** The weak-identification diagnostics the sentence compares. */
  ivDiagnostics: {
    /** Kleibergen–Paap rk Wald F of the first stage (read only when the effective F is not defined). */
    kpWaldF: number;
    /** Set when the effective F uses heteroskedasticity-robust scores (Driscoll–Kraay, Newey–West, Conley models). */
    scoreVarianceNote?: string;
    /** Montiel Olea–Pflueger effective F under the model's variance; absent with several endogenous regressors. */
    effectiveF?: {
      /** The effective F. */
      F: number;
      /** Its critical values by worst-case bias τ. */
      critical: {
        /** The critical value for τ = 10%. */
        "10%": number;
      };
    };
    /** Lee et al. (2022) tF adjustment; absent unless one endogenous regressor and one instrument. */
    tF?: {
      /** The first-stage F it is based on. */
      F: number;
      /** c₀.₀₅(F). */
      criticalValue: number;
      /** The tF 95% interval, keyed by the endogenous regressor. */
      ci: Record<string, [number, number]>;
    };
  };
  /** The endogenous regressors (the Anderson–Rubin set is read only when there is one). */
  endogenous?: string[];
  /** The Anderson–Rubin confidence set of the single endogenous regressor's coefficient. */
  andersonRubinSet?: (level?: number) => SentenceArSet;
}

/** An Anderson–Rubin confidence set as a sentence reads it (the shape of IvResult's `andersonRubinSet`). */
export interface SentenceArSet {
  /** "interval", "two rays", "empty", "real line" or "union". */
  shape: string;
  /** The set as disjoint closed intervals in increasing order (±Infinity for rays). */
  intervals: [number, number][];
}

/**
 * The significance phrase of a p-value: "p < 0.01", "p < 0.05", "p < 0.1" or "not significant at
 * 10%" (Chinese: "在1%的水平上显著" … "在10%的水平上不显著"), the thresholds of the tables' stars.
 * @example significancePhrase(0.003) // "p < 0.01"
 * @example significancePhrase(0.2, "zh") // "在10%的水平上不显著"
 */
export function significancePhrase(p: number, lang: Lang = "en"): string {
  if (!Number.isFinite(p)) return lang === "zh" ? "显著性无法计算" : "significance not available";
  if (lang === "zh") {
    if (p < 0.01) return "在1%的水平上显著";
    if (p < 0.05) return "在5%的水平上显著";
    if (p < 0.1) return "在10%的水平上显著";
    return "在10%的水平上不显著";
  }
  if (p < 0.01) return "p < 0.01";
  if (p < 0.05) return "p < 0.05";
  if (p < 0.1) return "p < 0.1";
  return "not significant at 10%";
}

/** True when p < 0.1, the weakest star. */
export function isSignificant(p: number): boolean {
  return Number.isFinite(p) && p < 0.1;
}

/** Checks that a fit has a coefficient of `term`. @throws OptionsError naming the coefficients it has. */
export function requireTerm(fit: SentenceFit, term: string, where: string): void {
  if (!Object.prototype.hasOwnProperty.call(fit.coef, term)) {
    throw new OptionsError(`${where}: the fit has no coefficient "${term}". ${unknownNameHint(term, Object.keys(fit.coef), "Its coefficients are")} Pass options.term.`);
  }
}

/**
 * The regressor a sentence reads when none is named: the fit's first coefficient other than the
 * intercept (an IV fit lists its endogenous regressors first), as the main regressor is by
 * convention written first in the formula.
 * @throws OptionsError when the fit has no regressor besides the intercept.
 * @example firstRegressor({ coef: { "(Intercept)": 1, ai: -0.1 } }, "describeEffect") // "ai"
 */
export function firstRegressor(fit: { coef: Record<string, number> }, where: string): string {
  const term = Object.keys(fit.coef).find((name) => name !== "(Intercept)");
  if (term === undefined) throw new OptionsError(`${where}: the fit has no regressor to describe; pass options.term.`);
  return term;
}

