/**
 * The correlation of two variables net of fixed effects and controls — what a fixed-effects
 * regression sees of their relation. By Frisch–Waugh–Lovell it is the correlation of the two
 * residualized variables, and it follows from the iid t statistic of x in the regression of y on x:
 *   r = t / √(t² + df),  df = N − K the residual degrees of freedom (K counting the fixed effects)
 * (Greene, Econometric Analysis, 8th ed., §3.5, the partial correlation coefficient).
 */
import { OptionsError } from "../errors";
import { feols } from "../feols";
import type { DataInput } from "../design/input";
import { checkOptions } from "../options";
import { quoteName } from "./subset";

/** Options of `partialCorrelation`. */
export interface PartialCorrelationOptions {
  /** Controls partialled out besides the fixed effects (default none). */
  controls?: string[];
  /** The fixed effects partialled out, as after `|` in a formula, e.g. "code + year". */
  fe?: string;
}

/** The keys of PartialCorrelationOptions, for the options check. */
const PARTIAL_CORRELATION_OPTION_KEYS = ["controls", "fe"] as const satisfies readonly (keyof PartialCorrelationOptions)[];

/**
 * The correlation of `x` and `y` net of the fixed effects and controls, r = t/√(t² + df).
 * @throws OptionsError for an unknown option; the errors of `feols` for unknown columns.
 * @example partialCorrelation(panel, "ai", "density", { fe: "code + year" }) // ≈ 0.06: within a city and year, barely related
 */
export function partialCorrelation(data: DataInput, x: string, y: string, options: PartialCorrelationOptions = {}): number {
  checkOptions("partialCorrelation", options, PARTIAL_CORRELATION_OPTION_KEYS);
  if (x === y) throw new OptionsError(`partialCorrelation: x and y are both "${x}"; name two different variables.`);
  const rhs = [quoteName(x), ...(options.controls ?? []).map(quoteName)].join(" + ");
  const fit = feols(`${quoteName(y)} ~ ${rhs}${options.fe ? ` | ${options.fe}` : ""}`, data, { vcov: "iid" });
  const t = fit.tstat[x];
  return t / Math.sqrt(t * t + fit.dfT);
}
