/**
 * The shape of a fitted model as the tables read it. The report layer runs no estimator: any
 * object with these fields can be tabulated (FeolsResult and IvResult have them all).
 */
import type { VcovSpec } from "../variance/spec";

/** The fields of a fitted model a table reads (FeolsResult and IvResult have them all). */
export interface ReportFit {
  /** The estimator's name, shown in the method row: "OLS" or "2SLS". */
  method: string;
  /** The dependent variable's column name (labelled through the codebook). */
  depVar: string;
  /** The regressors in the order of the formula; the order of the table's coefficient rows. */
  coefNames: string[];
  /** Point estimates b̂, keyed by term. */
  coef: Record<string, number>;
  /** Standard errors √V̂ₖₖ under the fit's variance, keyed by term. */
  se: Record<string, number>;
  /** t statistics b̂ / SE, keyed by term (shown in parentheses with `statistic: "t"`). */
  tstat: Record<string, number>;
  /** Two-sided p-values of H₀: β = 0, keyed by term; they set the significance stars. */
  pvalue: Record<string, number>;
  /** Number of observations used (after dropping missing values and singletons). */
  nobs: number;
  /** R² = 1 − RSS/TSS, fixed effects included in the fitted values. */
  r2: number;
  /** Adjusted R² = 1 − (1 − R²)(N − 1)/(N − K), K counting the fixed-effect levels (N instead of N − 1 without a constant). */
  adjR2?: number;
  /** Within R²: the R² of the model after the fixed effects are partialled out (NaN without fixed effects). */
  r2Within: number;
  /**
   * The variance as a readable label, e.g. "Clustered (code): CR1 = CR0 × G/(G − 1) · (N − 1)/(N − K), G = 285, …";
   * the English note shows it without the counts that start at ", G =" or ", N =".
   */
  vcovType: string;
  /** The variance as a structure, for the Chinese note (the label `vcovType` is English). */
  vcovSpec?: VcovSpec;
  /** Number of levels of each fixed effect, keyed by its name in the formula ("code", "province^year"); empty without fixed effects. */
  fixedEffectSizes: Record<string, number>;
  /** Regressors dropped as collinear; a dropped control still counts as "Controls: Yes". */
  collinear?: string[];
}

/** One first-stage regression as a table reads it (IvResult's `firstStage[endogenous]`). */
export interface ReportFirstStage {
  /** The first-stage fit: the endogenous regressor on the instruments and the exogenous regressors. */
  fit: ReportFit;
  /**
   * fixest's `ivf`: the partial F of the excluded instruments, F = ((SSR₀ − SSR)/q) / (SSR/(N − K)),
   * SSR₀ from the first stage without them (Staiger & Stock 1997).
   */
  partialF: {
    /** The F statistic. */
    stat: number;
  };
  /** fixest's `ivwald`: the Wald F that the excluded instruments' coefficients are zero, under the fit's variance. */
  waldF: {
    /** The F statistic. */
    stat: number;
  };
}

/** The weak- and under-identification diagnostics a 2SLS column shows (IvResult's `ivDiagnostics`). */
export interface ReportIvDiagnostics {
  /** Kleibergen–Paap (2006) rk LM statistic of under-identification, χ² with L − K + 1 degrees of freedom. */
  kpLM: number;
  /** p-value of the KP rk LM statistic. */
  kpLMp: number;
  /** Kleibergen–Paap rk Wald F, the robust weak-identification statistic (ivreghdfe's scaling). */
  kpWaldF: number;
  /** Cragg–Donald (1993) Wald F, the iid weak-identification statistic (fixest's form). */
  cdWaldF: number;
  /** Stock–Yogo (2005) critical values for the weak-instrument F, where tabulated. */
  stockYogo: {
    /** Critical values for the maximal size distortion of a nominal 5% 2SLS Wald test; undefined when not tabulated. */
    size?:
      | {
          /** The critical value for a 10% maximal size. */
          "10%": number;
        }
      | undefined;
  };
  /** Montiel Olea–Pflueger effective F under the model's variance, with its critical values (one endogenous regressor only). */
  effectiveF?: {
    /** The effective F. */
    F: number;
    /** Its generalized critical values by worst-case 2SLS bias τ (5% test). */
    critical: {
      /** The critical value for τ = 10%. */
      "10%": number;
    };
  };
  /** Hansen's J statistic of over-identifying restrictions (only when over-identified). */
  hansenJ?: number;
  /** p-value of Hansen's J, χ² with L − K degrees of freedom (only when over-identified). */
  hansenJp?: number;
}

/** The IV fields a table reads (IvResult has them). */
export interface ReportIvFit extends ReportFit {
  /** The endogenous regressors, instrumented. */
  endogenous: string[];
  /** The excluded instruments. */
  instruments: string[];
  /** The first stage of each endogenous regressor, keyed by its name. */
  firstStage: Record<string, ReportFirstStage>;
  /** The identification diagnostics shown under a 2SLS column. */
  ivDiagnostics: ReportIvDiagnostics;
}

/**
 * True when a fit carries the IV diagnostics (a first stage, a list of endogenous regressors and
 * `ivDiagnostics`), so the table adds its first-stage and weak-identification rows.
 * @example isReportIvFit(feols("y ~ 1 | fe | x ~ z", data)) // true
 */
export function isReportIvFit(fit: ReportFit): fit is ReportIvFit {
  const f = fit as Partial<ReportIvFit>;
  return !!f.ivDiagnostics && !!f.firstStage && Array.isArray(f.endogenous);
}
