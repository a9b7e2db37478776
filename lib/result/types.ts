import type { DroppedRows } from "../design/modelFrame";
import type { Dense } from "../linalg/dense";
import type { VcovSpec } from "../variance/spec";

/** One row of a coefficient table. */
export interface CoefficientRow {
  /** The regressor's name. */
  term: string;
  /** The estimate b. */
  estimate: number;
  /** Its standard error. */
  se: number;
  /** b/se. */
  tstat: number;
  /** Two-sided p-value on the fit's t degrees of freedom. */
  pvalue: number;
}

/** Everything a fitted model carries (the public contract of design §3, and more). */
export interface FitFields {
  method: "OLS" | "2SLS";
  formula: string;
  depVar: string;
  coefNames: string[];
  estimates: Float64Array;
  vcovMatrix: Dense;
  vcovSpec: VcovSpec;
  vcovType: string;
  dfT: number;
  /** The K of the small-sample factor of the chosen variance (nested when clustered). */
  dofK: number;
  /** K_full of design §4: slopes + fixed-effect levels − (F − 1). */
  kFull: number;
  nobs: number;
  nClusters?: number;
  dropped: DroppedRows;
  fixedEffectSizes: Record<string, number>;
  /** Regressors removed as collinear, in formula order. */
  collinear: string[];
  messages: string[];
  ssr: number;
  tss: number;
  tssWithin: number;
  hasFixedEffects: boolean;
  residuals: Float64Array;
  /** Regression weights on the estimation rows (raw w); undefined when unweighted. */
  weights?: Float64Array;
  /** Input rows (0-based) in the estimation sample, listed when first asked for. */
  rows: () => Int32Array;
}
