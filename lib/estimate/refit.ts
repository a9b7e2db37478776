import { absorbFrame } from "../absorb/absorbFrame";
import { Demeaner, DEFAULT_DEMEAN_OPTIONS } from "../absorb/demean";
import { referenceSumsOfSquares } from "../absorb/absorbFrame";
import { factorColumn, numericColumn } from "../design/columns";
import { toDataColumns, type DataColumns, type DataInput } from "../design/input";
import { buildModelFrame, type ModelFrame } from "../design/modelFrame";
import { DataError, OptionsError } from "../errors";
import { parseFormula } from "../formula/parse";
import type { FeolsResult } from "../result/fit";
import { clusterVariables, parseVcov, type VcovOption, type VcovSpec } from "../variance/index";
import { leastSquares } from "./leastSquares";
import { fitLinear, isCentred } from "./linear";

/** What changes in one refit; everything else is the prepared model's. */
export interface RefitInput {
  /** A new dependent variable on the estimation sample (length `nobs`, raw, not demeaned). */
  response?: Float64Array;
  /** New values for regressors, by name, on the estimation sample (raw). */
  regressors?: Record<string, Float64Array>;
  /** Frequency weights per row of the estimation sample (0 drops a row; 2 counts it twice). */
  weights?: Float64Array;
}

/** Options for preparing a model for many refits. */
export interface PrepareOptions {
  vcov?: VcovOption;
  singletons?: "drop" | "keep";
}

/**
 * An OLS model prepared once for many refits — bootstraps, permutations, placebos, wild
 * bootstraps. The estimation sample, the fixed-effect group codes and the demeaned columns are
 * computed once; a refit demeans only what changed, and with weights re-weights the projection
 * without recomputing any group code. A weighted refit gives coefficients only (frequency weights
 * make the small-sample counts ambiguous); an unweighted one gives a full fit with SEs.
 */
export class PreparedModel {
  readonly formula: string;
  readonly frame: ModelFrame;
  readonly spec: VcovSpec;
  readonly nobs: number;
  /** Regressor names in formula order (after expansion). */
  readonly regressorNames: string[];
  private readonly data: DataColumns;
  private readonly demeaner: Demeaner;
  private readonly demeanedResponse: Float64Array;
  private readonly demeanedRegressors: Float64Array[];
  private readonly reference: number[];
  private readonly centred: boolean;

  constructor(formula: string, data: DataInput, options: PrepareOptions = {}) {
    const parsed = parseFormula(formula);
    if (parsed.endogenous.length > 0) throw new OptionsError(`PreparedModel refits OLS models; "${formula}" has an IV part.`);
    this.formula = parsed.text;
    this.spec = parseVcov(options.vcov);
    this.data = toDataColumns(data);
    this.frame = buildModelFrame(parsed, this.data, { clusters: clusterVariables(this.spec), singletons: options.singletons ?? "drop" });
    const absorbed = absorbFrame(this.frame, DEFAULT_DEMEAN_OPTIONS);
    this.demeaner = absorbed.demeaner;
    this.demeanedResponse = absorbed.response;
    this.demeanedRegressors = absorbed.exogenous;
    this.nobs = this.frame.nobs;
    this.regressorNames = this.frame.exogenous.map((c) => c.name);
    this.centred = isCentred(this.frame);
    this.reference = referenceSumsOfSquares(this.frame.exogenous, this.centred);
  }

  /** A numeric data column restricted to the estimation sample (e.g. a variable to permute). */
  numeric(name: string): Float64Array {
    const values = numericColumn(this.data, name, "column");
    return Float64Array.from(this.frame.rows, (row) => values[row]);
  }

  /** A data column as factor codes on the estimation sample (e.g. the cluster or group variable). */
  codes(name: string): { codes: Int32Array; levels: string[] } {
    if (!this.data.has(name)) throw new DataError(`"${name}" is not a column of the data.`);
    const factor = factorColumn(this.data, name);
    return { codes: Int32Array.from(this.frame.rows, (row) => factor.codes[row]), levels: factor.levels };
  }

  private checkLength(values: Float64Array, what: string): void {
    if (values.length !== this.nobs) {
      throw new DataError(`${what} has ${values.length} values but the estimation sample has ${this.nobs} rows; pass values for the estimation sample (see PreparedModel.numeric).`);
    }
  }

  private columnsFor(input: RefitInput): { response: Float64Array; regressors: Float64Array[]; rawResponse: Float64Array; rawRegressors: Float64Array[] } {
    const replaced = input.regressors ?? {};
    for (const name of Object.keys(replaced)) {
      if (!this.regressorNames.includes(name)) throw new OptionsError(`"${name}" is not a regressor of "${this.formula}" (${this.regressorNames.join(", ")}).`);
      this.checkLength(replaced[name], `The replacement for "${name}"`);
    }
    if (input.response) this.checkLength(input.response, "The replacement response");
    const weighted = input.weights !== undefined;
    const fresh = (raw: Float64Array): Float64Array => {
      const out = new Float64Array(raw.length);
      this.demeaner.demean(raw, out);
      return out;
    };
    const rawResponse = input.response ?? this.frame.response.values;
    const rawRegressors = this.frame.exogenous.map((c) => replaced[c.name] ?? c.values);
    const response = weighted || input.response ? fresh(rawResponse) : this.demeanedResponse;
    const regressors = this.frame.exogenous.map((c, k) => (weighted || replaced[c.name] ? fresh(rawRegressors[k]) : this.demeanedRegressors[k]));
    return { response, regressors, rawResponse, rawRegressors };
  }

  /**
   * Coefficients of one refit, keyed by regressor; regressors collinear in this refit are absent.
   * With weights, the least squares is weighted: b = argmin Σ w_i (ỹ_i − x̃_i'b)², ỹ, x̃ demeaned
   * with the same weights (equivalent to duplicating rows w_i times).
   */
  coefficients(input: RefitInput = {}): Record<string, number> {
    if (input.weights) {
      this.checkLength(input.weights, "The weights");
      this.demeaner.setWeights(input.weights);
    }
    try {
      const { response, regressors } = this.columnsFor(input);
      let y = response;
      let X = regressors;
      if (input.weights) {
        const root = squareRoots(input.weights);
        y = scaled(response, root);
        X = regressors.map((x) => scaled(x, root));
      }
      const ls = leastSquares(X, y, this.reference);
      const out: Record<string, number> = {};
      ls.kept.forEach((k, j) => (out[this.regressorNames[k]] = ls.coef[j]));
      return out;
    } finally {
      if (input.weights) this.demeaner.setWeights(null);
    }
  }

  /** A full unweighted refit with SEs under the prepared variance type (same sample and group codes). */
  fit(input: Omit<RefitInput, "weights"> = {}): FeolsResult {
    const { response, regressors, rawResponse, rawRegressors } = this.columnsFor(input);
    return fitLinear(
      {
        formulaText: this.formula,
        frame: this.frame,
        response: { name: this.frame.response.name, values: rawResponse },
        demeanedResponse: response,
        regressors: this.frame.exogenous.map((c, k) => ({ name: c.name, values: rawRegressors[k] })),
        demeanedRegressors: regressors,
        spec: this.spec,
        messages: [],
      },
      this.centred,
    ).result;
  }
}

/** √w for each weight, refusing negative or missing weights. */
function squareRoots(weights: Float64Array): Float64Array {
  const root = new Float64Array(weights.length);
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (!(w >= 0)) throw new DataError(`Weights must be non-negative numbers; got ${w} in row ${i + 1} of the estimation sample.`);
    root[i] = Math.sqrt(w);
  }
  return root;
}

/** x ∘ r, elementwise. */
function scaled(x: Float64Array, r: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] * r[i];
  return out;
}
