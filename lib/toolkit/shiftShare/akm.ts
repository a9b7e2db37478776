/**
 * AKM and AKM0 inference for the coefficient on a shift-share regressor, from the partialled columns.
 *
 * Ẍ, Ÿ, D̈ are the (weighted) residuals of the shift-share X, the outcome and the regressor of
 * interest D (D = X for OLS) on the controls. β̂ = Ẍ′ΩŸ / Ẍ′ΩD̈, R = Ẍ′ΩD̈, ε̂ = Ÿ − D̈β̂, X̂ the shocks
 * backed out from Ẍ (least squares on the shares). Per sector s (summed within sector clusters):
 *   c_s = X̂_s · Σ_i ω_i w_is ε̂_i,   c⁰_s = X̂_s · Σ_i ω_i w_is (Ÿ_i − D̈_i β₀),   c^W_s = X̂_s · Σ_i ω_i w_is D̈_i
 *   AKM:  se = √(Σ c²)/|R|,  ci = β̂ ± z·se,  p = 2Φ(−|β̂ − β₀|/se)
 *   AKM0: se⁰ = √(Σ c⁰²)/|R|, p = 2Φ(−|β̂ − β₀|/se⁰), the set from its quadratic (akm0Set.ts).
 * No degrees-of-freedom factor; normal critical values. Adão, Kolesár & Morales (2019), QJE 134(4),
 * Propositions 4–5; R ShiftShareSE 1.1.0 `reg_ss.fit` / `ivreg_ss.fit`.
 */
import { normalTwoSidedP } from "../../distributions/normal";
import { akm0Set, type ShiftShareConfidenceSet } from "./akm0Set";
import { sharesTransposeTimes, type SparseShares } from "./shareMatrix";

/** The partialled columns and the backed-out shocks. */
export interface AkmInputs {
  ddX: Float64Array;
  ddY: Float64Array;
  /** D̈: the endogenous regressor partialled (IV), or Ẍ itself (OLS). */
  ddD: Float64Array;
  weights?: Float64Array;
  shares: SparseShares;
  /** The share columns used (collinear ones dropped). */
  kept: Int32Array;
  /** X̂, one per kept column. */
  shocks: Float64Array;
  /** Cluster code (0..G−1) per kept column, or undefined (each sector its own cluster). */
  clusterCodes?: Int32Array;
  nClusters: number;
  /** Normal critical value z. */
  z: number;
  beta0: number;
}

/** The numbers of both methods. */
export interface AkmNumbers {
  estimate: number;
  r: number;
  akm: { se: number; p: number };
  akm0: { se: number; seNull: number; p: number; set: ShiftShareConfidenceSet };
}

/** Per-sector terms X̂_s · W_s′Ωv, summed within clusters. */
function sectorTerms(inputs: AkmInputs, v: Float64Array): Float64Array {
  const { weights, shares, kept, shocks, clusterCodes } = inputs;
  const weighted = weights ? v.map((x, i) => x * weights[i]) : v;
  const raw = sharesTransposeTimes(shares, weighted, kept);
  for (let m = 0; m < raw.length; m++) raw[m] *= shocks[m];
  if (!clusterCodes) return raw;
  const sums = new Float64Array(inputs.nClusters);
  for (let m = 0; m < raw.length; m++) sums[clusterCodes[m]] += raw[m];
  return sums;
}

function dot(a: Float64Array, b: Float64Array, w?: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (w ? w[i] : 1) * a[i] * b[i];
  return s;
}

function norm(c: Float64Array): number {
  return Math.sqrt(dot(c, c));
}

/**
 * β̂, the AKM standard error, and the AKM0 null-imposed standard error and confidence set.
 * @example akmNumbers(inputs).akm.se // 0.0972197765590576 on ShiftShareSE's ADH reduced form
 */
export function akmNumbers(inputs: AkmInputs): AkmNumbers {
  const { ddX, ddY, ddD, weights, z, beta0 } = inputs;
  const r = dot(ddX, ddD, weights);
  const estimate = dot(ddX, ddY, weights) / r;
  const residual = ddY.map((y, i) => y - ddD[i] * estimate);
  const c = sectorTerms(inputs, residual);
  const cW = sectorTerms(inputs, ddD);
  const c0 = c.map((v, s) => v + (estimate - beta0) * cW[s]);
  const se = norm(c) / Math.abs(r);
  const seNull = norm(c0) / Math.abs(r);
  const interval = akm0Set(estimate, r, c, cW, z);
  return {
    estimate,
    r,
    akm: { se, p: normalTwoSidedP((estimate - beta0) / se) },
    akm0: { se: interval.se, seNull, p: normalTwoSidedP((estimate - beta0) / seNull), set: interval.set },
  };
}
