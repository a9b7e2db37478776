import { recoverFixedEffects } from "../absorb/fixedEffects";
import { factorColumn } from "../design/columns";
import { OptionsError } from "../errors";
import { frameAgain, type FitView } from "./refresh";
import type { FitSource } from "./source";

/**
 * The fixed effects of a fit, `{ [fixedEffect]: { [level]: value } }`, as R fixest 0.12.1's `fixef()`:
 * α solves min Σ w (y − Xb − Σ_f α_f)² on the estimation sample; levels sorted as the fixed effect's factor
 * (numerically when all are numbers); the first fixed effect has no reference, each later one has its level on
 * the first row of the sample set to 0 (the first absorbs the constant). Combined effects `a^b` are keyed by
 * their levels joined with "_", as fixest does.
 * @example fixedEffectsOf(view, source).year["2010"] // 0
 * @throws OptionsError when the fit has no fixed effects.
 */
export function fixedEffectsOf(fit: FitView, source: FitSource): Record<string, Record<string, number>> {
  if (source.formula.fixedEffects.length === 0) throw new OptionsError("fixef(): the model has no fixed effects (nothing after the first \"|\" of the formula).");
  const frame = frameAgain(fit, source, [], "fixef()");
  const rows = fit.rows;
  const r = Float64Array.from(frame.response.values);
  for (const name of fit.coefNames) {
    const column = [...frame.exogenous, ...frame.endogenous].find((c) => c.name === name);
    if (!column) continue;
    const b = fit.coef[name];
    for (let i = 0; i < r.length; i++) r[i] -= b * column.values[i];
  }
  const recovered = recoverFixedEffects(r, frame.fixedEffects, frame.weights);
  const out: Record<string, Record<string, number>> = {};
  source.formula.fixedEffects.forEach((term, f) => {
    const parts = term.variables.map((v) => factorColumn(source.data, v));
    const factor = frame.fixedEffects[f];
    const labels: string[] = new Array(factor.nLevels);
    for (let i = 0; i < factor.codes.length; i++) {
      const level = factor.codes[i];
      if (labels[level] === undefined) labels[level] = parts.map((p) => p.levels[p.codes[rows[i]]]).join("_");
    }
    const values: Record<string, number> = {};
    labels.forEach((label, level) => (values[label] = recovered.values[f][level]));
    out[term.name] = values;
  });
  return out;
}
