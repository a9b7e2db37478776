/**
 * The tF procedure of Lee, McCrary, Moreira & Porter (2022) for one endogenous regressor and one
 * instrument: a valid 5% t-test (and 95% interval) for 2SLS at any first-stage F above 3.84,
 * replacing 1.96 by a critical value c₀.₀₅(F) that falls with the first-stage F and equals 1.96
 * from F = 104.67 on. Equivalently the standard error is inflated by c₀.₀₅(F)/1.96.
 *
 * Lee, D.S., McCrary, J., Moreira, M.J. & Porter, J. (2022), "Valid t-Ratio Inference for IV",
 * American Economic Review 112(10), 3260–3290, Table 3.
 */

/**
 * c₀.₀₅(F) at √F = 2.0, 2.1, …, 10.3 (F = 4.00, 4.41, …, 106.09): Lee et al. (2022), Table 3,
 * 5% level, as transcribed by Lal, Lockhart, Xu & Zu in the R package ivDiag (file R/tF.R,
 * `cF0`; CRAN ivDiag 1.0.6 and github.com/apoorvalal/ivDiag carry the same 84 values).
 */
export const TF_CRITICAL_VALUES_05: readonly number[] = [
  18.66, 9.74, 7.37, 6.18, 5.43, 4.92, 4.54, 4.25, 4.01, 3.82, 3.65, 3.51, 3.39, 3.29, 3.19, 3.11, 3.03, 2.97, 2.91, 2.85, 2.8, 2.75, 2.71, 2.67, 2.63,
  2.6, 2.57, 2.54, 2.51, 2.48, 2.46, 2.43, 2.41, 2.39, 2.37, 2.35, 2.33, 2.32, 2.3, 2.29, 2.27, 2.26, 2.24, 2.23, 2.22, 2.21, 2.2, 2.19, 2.17, 2.16,
  2.16, 2.15, 2.14, 2.13, 2.12, 2.11, 2.1, 2.1, 2.09, 2.08, 2.08, 2.07, 2.06, 2.06, 2.05, 2.04, 2.04, 2.03, 2.03, 2.02, 2.02, 2.01, 2.01, 2, 2, 1.99,
  1.99, 1.99, 1.98, 1.98, 1.97, 1.97, 1.97, 1.96,
];

/** The first-stage F from which the usual 1.96 is valid at 5% (Lee et al. 2022, abstract and §III). */
export const TF_STRONG_F = 104.67;

/** The tF adjustment of a 2SLS fit with one endogenous regressor and one instrument. */
export interface TFAdjustment {
  /** The first-stage F it is based on (the robust Wald F under the model's variance, = effective F with one instrument). */
  F: number;
  /** c₀.₀₅(F); Infinity when F < 4 (below the table, where the tF interval is the whole line). */
  criticalValue: number;
  /** The tF-adjusted standard error SE·c₀.₀₅(F)/1.96, keyed by the endogenous regressor. */
  se: Record<string, number>;
  /** The tF 95% interval b ± c₀.₀₅(F)·SE, keyed by the endogenous regressor ((−∞, ∞) when F < 4). */
  ci: Record<string, [number, number]>;
}

/**
 * c₀.₀₅(F), the tF critical value: 1.96 for F ≥ 104.67; linear interpolation in √F between the
 * entries of Table 3 (as ivDiag's `tF` interpolates); Infinity below F = 4, the table's first
 * entry (the function grows without bound as F falls to 1.96² = 3.84, and ivDiag reports the whole
 * line there too). Between F = 104.04 (1.97) and 104.67 interpolation gives 1.967, within the
 * table's rounding of 1.96.
 * @example tFCriticalValue(42.03) // 2.2346 (between 2.24 at √F = 6.4 and 2.23 at 6.5)
 */
export function tFCriticalValue(F: number): number {
  if (Number.isNaN(F)) return NaN;
  if (F >= TF_STRONG_F) return 1.96;
  const root = Math.sqrt(Math.max(F, 0));
  if (root < 2) return Infinity;
  const position = (root - 2) / 0.1;
  const lower = Math.min(Math.floor(position), TF_CRITICAL_VALUES_05.length - 2);
  const weight = position - lower;
  return TF_CRITICAL_VALUES_05[lower] * (1 - weight) + TF_CRITICAL_VALUES_05[lower + 1] * weight;
}

/**
 * The tF adjustment of one coefficient: c = c₀.₀₅(F), SE_tF = SE·c/1.96, 95% interval b ± c·SE.
 * Lee et al. (2022), §IV ("the tF procedure").
 */
export function tFAdjustment(F: number, name: string, estimate: number, se: number): TFAdjustment {
  const c = tFCriticalValue(F);
  const ci: [number, number] = Number.isFinite(c) ? [estimate - c * se, estimate + c * se] : [-Infinity, Infinity];
  return { F, criticalValue: c, se: { [name]: (se * c) / 1.96 }, ci: { [name]: ci } };
}
