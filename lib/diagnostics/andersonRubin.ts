import { fCritical } from "../distributions/index";
import { invertSymmetric, quadraticForm, type Dense } from "../linalg/dense";

/** The Anderson–Rubin confidence set for the coefficient of one endogenous regressor. */
export interface AndersonRubinSet {
  /** The confidence level, e.g. 0.95. */
  level: number;
  /**
   * "interval" [lower, upper]; "two rays" (−∞, lower] ∪ [upper, ∞); "empty"; "real line";
   * "union" for any other union of intervals (possible with several instruments).
   */
  shape: "interval" | "two rays" | "empty" | "real line" | "union";
  /** The lower end of an "interval", or the end of the left ray of "two rays". */
  lower?: number;
  /** The upper end of an "interval", or the start of the right ray of "two rays". */
  upper?: number;
  /** The set as disjoint closed intervals in increasing order (±Infinity for rays). */
  intervals: [number, number][];
  /** The critical value F_{1−α}(L, N − K) the statistic is compared with. */
  critical: number;
}

/** The AR regression at one β₀: the instruments' coefficients, their variance and the F test. */
export interface AndersonRubinPieces {
  coefficients: number[];
  variance: Dense;
  df1: number;
  df2: number;
}

/**
 * Inverts the Anderson–Rubin test into a confidence set for β (one endogenous regressor).
 * AR(β₀) regresses ỹ − β₀x̃ on the excluded instruments (with the exogenous regressors and fixed
 * effects); the instruments' coefficients are a − β₀c and their variance
 * V(β₀) = V_yy − 2β₀V_xy + β₀²V_xx is quadratic in β₀ under every variance type, so both are
 * recovered exactly from the regressions at β₀ = −1, 0, 1. Then
 *
 *   AR(β₀) = (a − β₀c)' V(β₀)⁻¹ (a − β₀c) / L ≤ F_crit.
 *
 * With one instrument this is the quadratic inequality A₂β₀² + A₁β₀ + A₀ ≤ 0
 * (A₂ = c² − F_crit V_xx, A₁ = −2ac + 2F_crit V_xy, A₀ = a² − F_crit V_yy), solved in closed form.
 * With several, the boundary is found by bisection on a grid that covers the whole line
 * (β₀ = centre + scale·tan θ). The set may be unbounded or empty: that is the point of a
 * weak-instrument-robust interval.
 * Anderson & Rubin (1949); Dufour (1997); Andrews, Stock & Sun (2019), §5.
 */
export function andersonRubinSet(pieces: (beta0: number) => AndersonRubinPieces, level: number, centre: number, scale: number): AndersonRubinSet {
  const at0 = pieces(0);
  const at1 = pieces(1);
  const atMinus1 = pieces(-1);
  const L = at0.coefficients.length;
  const critical = fCritical(1 - level, at0.df1, at0.df2);
  const a = at0.coefficients;
  const c = a.map((v, l) => v - at1.coefficients[l]);
  const Vyy = at0.variance;
  const Vxx = Vyy.map((row, i) => row.map((v, j) => (at1.variance[i][j] + atMinus1.variance[i][j]) / 2 - v));
  const Vxy = Vyy.map((row, i) => row.map((_, j) => (atMinus1.variance[i][j] - at1.variance[i][j]) / 4));
  if (L === 1) return quadraticSet(a[0], c[0], Vyy[0][0], Vxy[0][0], Vxx[0][0], critical, level);

  /** AR(β₀) − F_crit, from the recovered pieces. */
  const excess = (beta0: number): number => {
    const b = a.map((v, l) => v - beta0 * c[l]);
    const V = Vyy.map((row, i) => row.map((v, j) => v - 2 * beta0 * Vxy[i][j] + beta0 * beta0 * Vxx[i][j]));
    const inverse = invertSymmetric(V);
    return (inverse ? quadraticForm(inverse, b) / L : Infinity) - critical;
  };
  const atTheta = (theta: number) => excess(centre + scale * Math.tan(theta));
  const steps = 4000;
  const half = Math.PI / 2;
  const thetas = Array.from({ length: steps + 1 }, (_, k) => -half + (Math.PI * k) / steps);
  thetas[0] = -half + 1e-12;
  thetas[steps] = half - 1e-12;
  const inside = thetas.map((t) => atTheta(t) <= 0);
  const boundary = (lo: number, hi: number): number => {
    const loInside = atTheta(lo) <= 0;
    for (let k = 0; k < 200 && hi - lo > 1e-15; k++) {
      const mid = (lo + hi) / 2;
      if ((atTheta(mid) <= 0) === loInside) lo = mid;
      else hi = mid;
    }
    return centre + scale * Math.tan((lo + hi) / 2);
  };
  const intervals: [number, number][] = [];
  let start: number | undefined = inside[0] ? -Infinity : undefined;
  for (let k = 1; k <= steps; k++) {
    if (inside[k] !== inside[k - 1]) {
      const edge = boundary(thetas[k - 1], thetas[k]);
      if (inside[k]) start = edge;
      else {
        intervals.push([start as number, edge]);
        start = undefined;
      }
    }
  }
  if (start !== undefined) intervals.push([start, Infinity]);
  return describe(intervals, critical, level);
}

function quadraticSet(a: number, c: number, vyy: number, vxy: number, vxx: number, critical: number, level: number): AndersonRubinSet {
  const A2 = c * c - critical * vxx;
  const A1 = -2 * a * c + 2 * critical * vxy;
  const A0 = a * a - critical * vyy;
  const discriminant = A1 * A1 - 4 * A2 * A0;
  if (discriminant <= 0) return describe(A2 > 0 ? [] : [[-Infinity, Infinity]], critical, level);
  const q = -0.5 * (A1 + Math.sign(A1 || 1) * Math.sqrt(discriminant));
  const [r1, r2] = [q / A2, A0 / q].sort((x, y) => x - y);
  return describe(A2 > 0 ? [[r1, r2]] : [[-Infinity, r1], [r2, Infinity]], critical, level);
}

function describe(intervals: [number, number][], critical: number, level: number): AndersonRubinSet {
  const base = { level, intervals, critical };
  if (intervals.length === 0) return { ...base, shape: "empty" };
  if (intervals.length === 1) {
    const [lo, hi] = intervals[0];
    if (lo === -Infinity && hi === Infinity) return { ...base, shape: "real line" };
    if (Number.isFinite(lo) && Number.isFinite(hi)) return { ...base, shape: "interval", lower: lo, upper: hi };
  }
  if (intervals.length === 2 && intervals[0][0] === -Infinity && intervals[1][1] === Infinity) {
    return { ...base, shape: "two rays", lower: intervals[0][1], upper: intervals[1][0] };
  }
  return { ...base, shape: "union" };
}
