import { fCritical } from "../distributions/index";
import type { FTest } from "./wuHausman";

/** The Anderson–Rubin confidence set for the coefficient of one endogenous regressor. */
export interface AndersonRubinSet {
  level: number;
  /** "interval" [lower, upper]; "two rays" (−∞, lower] ∪ [upper, ∞); "empty"; "real line". */
  shape: "interval" | "two rays" | "empty" | "real line";
  lower?: number;
  upper?: number;
  /** The critical value F_{1−α}(L, N − K) the statistic is compared with. */
  critical: number;
}

/**
 * Inverts the Anderson–Rubin test into a confidence set for β with one endogenous regressor and one
 * excluded instrument. AR(β₀) regresses ỹ − β₀x̃ on the instruments; its coefficient is a − β₀c and
 * its variance V(β₀) = V_yy − 2β₀V_xy + β₀²V_xx is quadratic in β₀ under every variance type, so
 * {β₀ : AR(β₀) ≤ F_crit} = {β₀ : A₂β₀² + A₁β₀ + A₀ ≤ 0} with
 *
 *   A₂ = c² − F_crit V_xx,  A₁ = −2ac + 2F_crit V_xy,  A₀ = a² − F_crit V_yy.
 *
 * The pieces are recovered exactly from the test at β₀ = −1, 0, 1. The set may be unbounded or
 * empty: that is the point of a weak-instrument-robust interval.
 * Anderson & Rubin (1949); Dufour (1997); Andrews, Stock & Sun (2019), §5.
 */
export function andersonRubinSetFromTests(
  statistic: (beta0: number) => { coefficient: number; variance: number; test: FTest },
  level: number,
): AndersonRubinSet {
  const at0 = statistic(0);
  const at1 = statistic(1);
  const atMinus1 = statistic(-1);
  const a = at0.coefficient;
  const c = at0.coefficient - at1.coefficient;
  const vyy = at0.variance;
  const vxx = (at1.variance + atMinus1.variance) / 2 - at0.variance;
  const vxy = (atMinus1.variance - at1.variance) / 4;
  const critical = fCritical(1 - level, at0.test.df1, at0.test.df2);
  const A2 = c * c - critical * vxx;
  const A1 = -2 * a * c + 2 * critical * vxy;
  const A0 = a * a - critical * vyy;
  const discriminant = A1 * A1 - 4 * A2 * A0;
  if (discriminant <= 0) return { level, shape: A2 > 0 ? "empty" : "real line", critical };
  // numerically stable roots
  const q = -0.5 * (A1 + Math.sign(A1 || 1) * Math.sqrt(discriminant));
  const roots = [q / A2, A0 / q].sort((x, y) => x - y);
  return { level, shape: A2 > 0 ? "interval" : "two rays", lower: roots[0], upper: roots[1], critical };
}
