import { OptionsError } from "../errors";

/**
 * The Bartlett lag of Driscoll–Kraay and Newey–West as fixest 0.12.1 chooses it: the lag given, or
 * by default L = floor(T^(1/4)) with T the number of distinct periods in the estimation sample
 * (Newey & West 1994's rate; Grunfeld's 20 years give 2, 12 years give 1). A lag above T − 1 is cut to T − 1.
 * @example bartlettLag(undefined, 20) // 2
 * @throws OptionsError when the lag is negative or not an integer.
 */
export function bartlettLag(lag: number | undefined, nPeriods: number): number {
  if (lag !== undefined && !(Number.isInteger(lag) && lag >= 0)) {
    throw new OptionsError(`vcov: lag must be a non-negative integer, got ${lag}.`);
  }
  const chosen = lag ?? Math.floor(Math.pow(nPeriods, 0.25));
  return Math.min(chosen, Math.max(nPeriods - 1, 0));
}

/**
 * The Bartlett kernel weight of lag l out of L: 1 − l/(L + 1) (Newey & West 1987).
 * @example bartlettWeight(1, 2) // 0.6666…
 */
export function bartlettWeight(l: number, lag: number): number {
  return 1 - l / (lag + 1);
}
