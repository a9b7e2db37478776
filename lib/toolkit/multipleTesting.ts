/**
 * Multiple testing: adjusted p-values that control the family-wise error rate — the probability of
 * at least one false rejection among m tests — under any dependence between the tests, as R's
 * `p.adjust(p, "holm")` and `p.adjust(p, "bonferroni")`. A hypothesis is rejected at level α when
 * its adjusted p-value is ≤ α.
 *
 * Missing p-values (NaN) stay missing and are not counted in m, as `p.adjust` with NA.
 */
import { DataError } from "../errors";

/** Checks that every p-value is a number in [0, 1] or NaN (missing). @throws DataError naming the first that is not. */
function checkPValues(p: readonly number[], where: string): void {
  if (!Array.isArray(p)) throw new DataError(`${where}: pass an array of p-values, got ${typeof p}.`);
  p.forEach((value, i) => {
    if (typeof value !== "number" || (!Number.isNaN(value) && !(value >= 0 && value <= 1))) {
      throw new DataError(`${where}: p-value ${i + 1} is ${JSON.stringify(value)}; p-values are numbers in [0, 1] (NaN for a missing one).`);
    }
  });
}

/**
 * Holm's (1979) step-down adjusted p-values, in the order given: with the m non-missing p-values
 * sorted, p₍₁₎ ≤ … ≤ p₍ₘ₎,
 *
 *   p̃₍ⱼ₎ = max_{k ≤ j} min(1, (m − k + 1)·p₍ₖ₎).
 *
 * Rejecting every hypothesis with p̃ ≤ α is Holm's procedure: compare p₍₁₎ with α/m, p₍₂₎ with
 * α/(m − 1), …, and stop at the first that fails. It controls the family-wise error rate at α under
 * any dependence, like Bonferroni, and rejects every hypothesis Bonferroni rejects.
 * Holm, S. (1979), "A simple sequentially rejective multiple test procedure", Scandinavian Journal of
 * Statistics 6(2), 65–70; R's `p.adjust(p, "holm")`.
 * @throws DataError for a p-value outside [0, 1] or not a number.
 * @example holmAdjust([0.01, 0.04, 0.03, 0.005]) // [0.03, 0.06, 0.06, 0.02]
 */
export function holmAdjust(p: readonly number[]): number[] {
  checkPValues(p, "holmAdjust");
  const present = p.map((_, i) => i).filter((i) => !Number.isNaN(p[i]));
  // stable sort: ties keep their input order, as R's order()
  const order = present.sort((i, j) => p[i] - p[j] || i - j);
  const m = order.length;
  const adjusted = p.map(() => NaN);
  let running = 0;
  order.forEach((i, k) => {
    running = Math.max(running, Math.min(1, (m - k) * p[i]));
    adjusted[i] = running;
  });
  return adjusted;
}

/**
 * Bonferroni's adjusted p-values, in the order given: p̃ᵢ = min(1, m·pᵢ), m the number of non-missing
 * p-values. Valid under any dependence, but never smaller than Holm's (`holmAdjust`).
 * R's `p.adjust(p, "bonferroni")`.
 * @throws DataError for a p-value outside [0, 1] or not a number.
 * @example bonferroniAdjust([0.01, 0.04, 0.03, 0.005]) // [0.04, 0.16, 0.12, 0.02]
 */
export function bonferroniAdjust(p: readonly number[]): number[] {
  checkPValues(p, "bonferroniAdjust");
  const m = p.filter((value) => !Number.isNaN(value)).length;
  return p.map((value) => (Number.isNaN(value) ? NaN : Math.min(1, m * value)));
}
