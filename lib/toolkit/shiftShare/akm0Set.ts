/**
 * The AKM0 confidence set: every β₀ that the AKM0 test (null imposed in the residual) does not reject.
 *
 * With d = β̂ − β₀, the sector terms under β₀ are c_s + d·c^W_s, so β₀ is in the set iff
 *   d²·R²/z² ≤ Σ_s (c_s + d·c^W_s)²   ⇔   Q·d² − 2d·Σ c·c^W − Σ c² ≤ 0,   Q = R²/z² − Σ (c^W)².
 * Q > 0: an interval, β̂ − Q₂ ∓ √Δ with Q₂ = Σ c·c^W / Q and Δ = Q₂² + Σ c²/Q.
 * Q < 0: the complement of an interval (two rays) when Δ > 0, the whole line otherwise.
 * (Q = 0, which ShiftShareSE does not separate out, is one ray or the whole line.)
 * Adão, Kolesár & Morales (2019), QJE 134(4), §IV.B and Remark 6; R ShiftShareSE `reg_ss.fit`.
 */

/** An AKM0 confidence set: bounded, two rays, one ray, or the whole real line. */
export type ShiftShareConfidenceSet =
  /** [lower, upper]. */
  | {
      /** Which shape. */
      kind: "interval";
      /** Lower end. */
      lower: number;
      /** Upper end. */
      upper: number;
    }
  /** (−∞, below] ∪ [above, ∞), below < above: the test rejects only between the two. */
  | {
      /** Which shape. */
      kind: "twoRays";
      /** The upper end of the left ray. */
      below: number;
      /** The lower end of the right ray. */
      above: number;
    }
  /** (−∞, upper] when `upper` is set, [lower, ∞) when `lower` is set. */
  | {
      /** Which shape. */
      kind: "ray";
      /** The finite end of [lower, ∞). */
      lower?: number;
      /** The finite end of (−∞, upper]. */
      upper?: number;
    }
  /** (−∞, ∞): no value is rejected. */
  | {
      /** Which shape. */
      kind: "line";
    };

/** The AKM0 set and its "standard error" as ShiftShareSE reports it (CI length / 2z; ∞ when unbounded). */
export interface Akm0Interval {
  set: ShiftShareConfidenceSet;
  se: number;
}

/**
 * Solves the AKM0 quadratic.
 * @param estimate β̂
 * @param r R = Ẍ′ΩD̈ (Ẍ′ΩẌ for OLS)
 * @param c the sector (cluster) terms c_s at β̂
 * @param cW the sector (cluster) terms c^W_s of D̈
 * @param z the normal critical value (1.96 for 95 %)
 * @example akm0Set(1, 10, Float64Array.of(1), Float64Array.of(0), 1.96).set // interval 1 ∓ 0.196
 */
export function akm0Set(estimate: number, r: number, c: Float64Array, cW: Float64Array, z: number): Akm0Interval {
  let scc = 0;
  let sww = 0;
  let scw = 0;
  for (let s = 0; s < c.length; s++) {
    scc += c[s] * c[s];
    sww += cW[s] * cW[s];
    scw += c[s] * cW[s];
  }
  const q = (r * r) / (z * z) - sww;
  if (q === 0) return { set: oneRay(estimate, scw, scc), se: Infinity };
  const q2 = scw / q;
  const mid = estimate - q2;
  const disc = q2 * q2 + scc / q;
  if (q > 0) {
    const half = Math.sqrt(disc);
    return { set: { kind: "interval", lower: mid - half, upper: mid + half }, se: half / z };
  }
  if (disc > 0) {
    const half = Math.sqrt(disc);
    return { set: { kind: "twoRays", below: mid - half, above: mid + half }, se: Infinity };
  }
  return { set: { kind: "line" }, se: Infinity };
}

/** Q = 0: −2d·Σcc^W − Σc² ≤ 0, a ray in β₀ = β̂ − d (the whole line when Σcc^W = 0). */
function oneRay(estimate: number, scw: number, scc: number): ShiftShareConfidenceSet {
  if (scw === 0) return { kind: "line" };
  const bound = -scc / (2 * scw); // d ≥ bound when scw > 0, d ≤ bound when scw < 0
  return scw > 0 ? { kind: "ray", upper: estimate - bound } : { kind: "ray", lower: estimate - bound };
}

/** The smallest interval holding the set: finite only when the set is an interval. */
export function setHull(set: ShiftShareConfidenceSet): [number, number] {
  switch (set.kind) {
    case "interval":
      return [set.lower, set.upper];
    case "ray":
      return [set.lower ?? -Infinity, set.upper ?? Infinity];
    default:
      return [-Infinity, Infinity];
  }
}
