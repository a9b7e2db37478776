import type { FixedEffectFactor } from "../design/factor";
import type { Dense } from "../linalg/dense";

/** What every variance estimator reads from a fit. */
export interface VarianceInput {
  /** (X'X)⁻¹ on the (demeaned) regressors used for the scores. */
  bread: Dense;
  /** The regressors whose scores x_i u_i enter the meat (demeaned X for OLS, X̂ for 2SLS). */
  columns: Float64Array[];
  residuals: Float64Array;
  ssr: number;
  nobs: number;
  /** K_full of design §4. */
  kFull: number;
  fixedEffects: FixedEffectFactor[];
  /**
   * The raw regression weights on the estimation rows (undefined when unweighted), for information:
   * weighted fits already pass √w·x̃ as `columns` and √w·e as `residuals`, so every score is w·e·x̃.
   */
  weights?: Float64Array;
  /** Latitude and longitude in degrees on the estimation rows, for the Conley variance. */
  coordinates?: { lat: Float64Array; lon: Float64Array };
}

/** A variance matrix with the inference conventions that go with it. */
export interface VarianceEstimate {
  matrix: Dense;
  /** Degrees of freedom of the t (and F denominator) distribution. */
  dfT: number;
  /** The K in the small-sample factor. */
  k: number;
  /** Number of clusters (the smaller one for two-way clustering). */
  nClusters?: number;
  /** A readable statement of the type and the correction, e.g. "Clustered (code): CR1, …". */
  label: string;
}
