import { absorbFrame, type AbsorbedFrame } from "../absorb/absorbFrame";
import { numericColumn } from "../design/columns";
import { buildModelFrame, type ModelFrame } from "../design/modelFrame";
import { NotSupportedError, OptionsError } from "../errors";
import { invertSymmetric, zeros, type Dense } from "../linalg/dense";
import { clusterVariables, conleyCoordinates, estimateVariance, varianceColumnRoles, type VarianceEstimate, type VcovSpec } from "../variance/index";
import { sourceOf, type FitSource } from "./source";

/** What `withVcov` and `fixef` read from a fit. */
export interface FitView {
  method: "OLS" | "2SLS";
  coefNames: string[];
  coef: Record<string, number>;
  nobs: number;
  kFull: number;
  ssr: number;
  residuals: Float64Array;
  weights: Float64Array | undefined;
  rows: Int32Array;
}

/**
 * The fit's source, or an OptionsError saying what to do.
 * @example const source = requireSource(fit, "withVcov");
 */
export function requireSource(fit: object, what: string): FitSource {
  const source = sourceOf(fit);
  if (!source) {
    throw new OptionsError(`${what} needs the data the fit was made from, and this fit was not made by feols() (e.g. a refit or a bootstrap draw); fit it with feols(formula, data, options) first.`);
  }
  return source;
}

/**
 * The fit's model frame read again from its data, with the variance's columns; the same rows as the fit
 * or an OptionsError naming the columns that would change the sample (fixest would refit on fewer rows).
 * @example frameAgain(view, source, ["year"], "withVcov").clusters[0].nLevels // the number of years
 */
export function frameAgain(fit: FitView, source: FitSource, clusters: string[], what: string, roles?: string[]): ModelFrame {
  const frame = buildModelFrame(source.formula, source.data, { ...source.frameOptions, clusters, clusterRoles: roles });
  if (frame.nobs !== fit.nobs) {
    throw new OptionsError(
      `${what}: ${clusters.map((c) => `"${c}"`).join(", ")} ${clusters.length === 1 ? "has" : "have"} missing values on ${fit.nobs - frame.nobs} rows of the fit's estimation sample, so this variance needs another sample; refit with feols(…, { vcov: … }) instead.`,
    );
  }
  return frame;
}

/** Σ_i a_i b_i over the columns: X'X on the (√w-scaled) demeaned regressors. */
function crossProduct(columns: Float64Array[]): Dense {
  const p = columns.length;
  const out = zeros(p);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      const xa = columns[a];
      const xb = columns[b];
      for (let i = 0; i < xa.length; i++) s += xa[i] * xb[i];
      out[a][b] = out[b][a] = s;
    }
  }
  return out;
}

/** The demeaned regressors behind the coefficients, in `coefNames` order. */
function scoreColumns(fit: FitView, frame: ModelFrame, absorbed: AbsorbedFrame): Float64Array[] {
  if (fit.method !== "OLS") throw new NotSupportedError("varianceAgain reads an OLS fit's regressors; a 2SLS fit's withVcov estimates it again (FitSource.refit).");
  return fit.coefNames.map((name) => {
    const k = frame.exogenous.findIndex((c) => c.name === name);
    return absorbed.exogenous[k];
  });
}

/** The coordinates of a Conley spec on the estimation rows (degrees). */
function coordinatesOf(spec: VcovSpec, source: FitSource, rows: Int32Array): { lat: Float64Array; lon: Float64Array } | undefined {
  const names = conleyCoordinates(spec);
  if (!names) return undefined;
  const [lat, lon] = names.map((name, c) => {
    const all = numericColumn(source.data, name, c === 0 ? "Conley latitude" : "Conley longitude");
    return Float64Array.from(rows, (r) => all[r]);
  });
  return { lat, lon };
}

/**
 * The fit's variance under another spec, without refitting: the regressors are demeaned again on the same
 * rows, the residuals and coefficients are the fit's (weighted fits: scores √w·x̃ · √w·e = w·e·x̃).
 * @example varianceAgain(view, source, parseVcov({ driscollKraay: { time: "year" } })).dfT // T − 1
 * @throws OptionsError when the new variance's columns would change the sample; NotSupportedError for a 2SLS fit (its withVcov refits).
 */
export function varianceAgain(fit: FitView, source: FitSource, spec: VcovSpec): VarianceEstimate {
  const frame = frameAgain(fit, source, clusterVariables(spec), "withVcov", varianceColumnRoles(spec));
  const absorbed = absorbFrame(frame, source.demean);
  const columns = scoreColumns(fit, frame, absorbed);
  const sqrtW = absorbed.sqrtWeights;
  const residuals = sqrtW ? Float64Array.from(fit.residuals, (e, i) => e * sqrtW[i]) : fit.residuals;
  const bread = invertSymmetric(crossProduct(columns));
  if (!bread) throw new NotSupportedError("withVcov: the regressors' cross-product is not positive definite on the fit's sample.");
  return estimateVariance(
    spec,
    {
      bread,
      columns,
      residuals,
      ssr: fit.ssr,
      nobs: fit.nobs,
      kFull: fit.kFull,
      fixedEffects: frame.fixedEffects,
      ...(frame.weights ? { weights: frame.weights } : {}),
      ...(spec.type === "conley" ? { coordinates: coordinatesOf(spec, source, fit.rows) } : {}),
    },
    frame.clusters,
  );
}
