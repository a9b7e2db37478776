import type { DemeanOptions } from "../absorb/demean";
import type { DataColumns } from "../design/input";
import type { FrameOptions } from "../design/modelFrame";
import type { Formula } from "../formula/types";
import type { VcovOption } from "../variance/index";

/**
 * What a fit keeps of its input so that `withVcov` and `fixef` can read columns again (a reference to the
 * caller's data, never a copy): the parsed formula, the data, and the frame and demeaning options it was fitted with.
 */
export interface FitSource {
  /** The input columns, as `feols` read them. */
  data: DataColumns;
  /** The parsed formula. */
  formula: Formula;
  /** The frame options of the fit other than its variance's columns (singleton rule, weights). */
  frameOptions: Omit<FrameOptions, "clusters" | "allocateCodes">;
  /** The demeaning options of the fit. */
  demean: DemeanOptions;
  /**
   * For a 2SLS fit: the same model estimated again under another variance (set by `feols`), which
   * `withVcov` uses so that the first-stage statistics and IV diagnostics follow the variance too.
   */
  refit?: (vcov: VcovOption) => object;
}

const sources = new WeakMap<object, FitSource>();

/**
 * Records the input a fit was made from (called by `feols`); returns the fit.
 * @example return attachSource(fitOls(…), { data: columns, formula: parsed, frameOptions, demean });
 */
export function attachSource<T extends object>(fit: T, source: FitSource): T {
  sources.set(fit, source);
  return fit;
}

/**
 * The input a fit was made from, or undefined for a fit made without `feols` (e.g. by a refitter).
 * @example sourceOf(feols("y ~ x | id", data))?.formula.text // "y ~ x | id"
 */
export function sourceOf(fit: object): FitSource | undefined {
  return sources.get(fit);
}
