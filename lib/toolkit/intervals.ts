/**
 * Confidence intervals from resampling draws: the percentile interval and Efron's bias-corrected
 * (BC) percentile interval.
 *
 * Quantiles are R's default (Hyndman & Fan 1996, type 7): with the B draws sorted, x_(1) ≤ … ≤ x_(B),
 * Q(p) = x_(⌊h⌋) + (h − ⌊h⌋)(x_(⌊h⌋+1) − x_(⌊h⌋)), h = (B − 1)p + 1.
 *
 * BC (Efron 1987, "Better bootstrap confidence intervals", JASA 82: 171–185; Efron & Tibshirani 1993, §14.3):
 *   z₀ = Φ⁻¹(#{θ* < θ̂}/B),   α₁ = Φ(2z₀ + z_{α/2}),   α₂ = Φ(2z₀ + z_{1−α/2}),   CI = [Q(α₁), Q(α₂)].
 * z₀ = 0 gives the percentile interval back. When every draw lies on one side of θ̂, z₀ is infinite
 * and the BC interval is undefined: both limits are NaN (more draws, or a look at the distribution, is
 * needed).
 */
import { OptionsError } from "../errors";
import { normalCdf, normalQuantile } from "../distributions/normal";

/** Type-7 quantile of draws already sorted ascending (NaN for no draws). */
export function sortedQuantile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0 || Number.isNaN(p)) return NaN;
  if (p <= 0) return sorted[0];
  if (p >= 1) return sorted[n - 1];
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** A sorted (ascending) copy of the draws. */
function sortedCopy(draws: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(draws);
  out.sort();
  return out;
}

/** Throws an OptionsError unless 0 < level < 1. */
function checkLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new OptionsError(`The confidence level must lie strictly between 0 and 1, got ${level}.`);
}

/** The percentile interval [Q(α/2), Q(1 − α/2)], α = 1 − level. */
export function percentileInterval(draws: ArrayLike<number>, level = 0.95): [number, number] {
  checkLevel(level);
  const sorted = sortedCopy(draws);
  const alpha = 1 - level;
  return [sortedQuantile(sorted, alpha / 2), sortedQuantile(sorted, 1 - alpha / 2)];
}

/** Efron's bias-correction constant z₀ = Φ⁻¹(share of draws strictly below the estimate). */
export function biasCorrection(draws: ArrayLike<number>, estimate: number): number {
  let below = 0;
  for (let k = 0; k < draws.length; k++) if (draws[k] < estimate) below++;
  return normalQuantile(below / draws.length);
}

/**
 * The bias-corrected percentile interval and its z₀ (limits NaN when z₀ is infinite): with α = 1 − level,
 * [Q(Φ(2z₀ + z_{α/2})), Q(Φ(2z₀ + z_{1−α/2}))] (Efron 1987).
 */
export function biasCorrectedInterval(
  draws: ArrayLike<number>,
  estimate: number,
  level = 0.95,
): {
  /** The interval [Q(α₁), Q(α₂)]; [NaN, NaN] when every draw lies on one side of the estimate. */
  interval: [number, number];
  /** Efron's bias-correction constant z₀ = Φ⁻¹(#{θ* < θ̂}/B). */
  z0: number;
} {
  checkLevel(level);
  const z0 = biasCorrection(draws, estimate);
  if (!Number.isFinite(z0)) return { interval: [NaN, NaN], z0 };
  const sorted = sortedCopy(draws);
  const zAlpha = normalQuantile((1 - level) / 2);
  const a1 = normalCdf(2 * z0 + zAlpha);
  const a2 = normalCdf(2 * z0 - zAlpha);
  return { interval: [sortedQuantile(sorted, a1), sortedQuantile(sorted, a2)], z0 };
}
