import { absorbFrame, type AbsorbedFrame } from "../absorb/absorbFrame";
import { unknownNameHint } from "../names";
import { Demeaner, DEFAULT_DEMEAN_OPTIONS } from "../absorb/demean";
import { positiveRows, ReweightedColumns } from "../absorb/reweightedColumns";
import { referenceSumsOfSquares } from "../absorb/absorbFrame";
import { factorColumn, numericColumn } from "../design/columns";
import { toDataColumns, type DataColumns, type DataInput } from "../design/input";
import { buildModelFrame, type ModelFrame, type NamedColumn } from "../design/modelFrame";
import { DataError, OptionsError } from "../errors";
import { checkOptions } from "../options";
import { parseFormula } from "../formula/parse";
import type { FeolsResult } from "../result/fit";
import { clusterVariables, parseVcov, type VcovOption, type VcovSpec } from "../variance/index";
import { leastSquares } from "../solve/leastSquares";
import { balancedCrossSums, type BalancedCrossSums } from "../solve/balancedCrossSums";
import { solveNormalEquations, weightedCentredSumOfSquares, weightedNormalEquations } from "../solve/weightedNormalEquations";
import { fitIv } from "./iv";
import { fitLinear, isCentred } from "./linear";
import { fitOls } from "./ols";
import { LastResults } from "./lastResults";

/** What changes in one refit; everything else is the prepared model's. */
export interface RefitInput {
  /** A new dependent variable on the estimation sample (length `nobs`, raw, not demeaned). */
  response?: Float64Array;
  /** New values for regressors, by name, on the estimation sample (raw). */
  regressors?: Record<string, Float64Array>;
  /** Frequency weights per row of the estimation sample (0 drops a row; 2 counts it twice). */
  weights?: Float64Array;
}

/** A column as factor codes: each row's 0-based level code and the levels indexed by code. */
export interface FactorCodes {
  /** The level code of each row of the estimation sample. */
  codes: Int32Array;
  /** The levels, indexed by code. */
  levels: string[];
}

/** Options for preparing a model for many refits. */
export interface PrepareOptions {
  /** The variance of every refit (as `feols`' `vcov`; refit may switch to "iid" or "hetero"). */
  vcov?: VcovOption;
  /** Drop fixed-effect singletons repeatedly ("drop", default) or keep them, as `feols`. */
  singletons?: "drop" | "keep";
}

/**
 * A model prepared once for many refits — bootstraps, permutations, placebos, wild
 * bootstraps. The estimation sample, the fixed-effect group codes and the demeaned columns are
 * computed once; a refit demeans only what changed, and with weights re-weights the projection
 * without recomputing any group code. A weighted refit gives coefficients only (frequency weights
 * make the small-sample counts ambiguous); an unweighted one gives a full fit with SEs.
 */
export class PreparedModel {
  /** The formula as given (whitespace normalised). */
  readonly formula: string;
  /** @internal The estimation sample's columns and codes, for the kit's resampling procedures. */
  readonly frame: ModelFrame;
  /** @internal The variance type the model was prepared with. */
  readonly spec: VcovSpec;
  /** Rows in the estimation sample (after missing values and singletons). */
  readonly nobs: number;
  /** Regressor names in formula order (after expansion). */
  readonly regressorNames: string[];
  private readonly data: DataColumns;
  private readonly demeaner: Demeaner;
  private readonly absorbed: AbsorbedFrame;
  private readonly demeanedResponse: Float64Array;
  private readonly demeanedRegressors: Float64Array[];
  private readonly reference: number[];
  private readonly centred: boolean;
  /** The steps of the last refits, reused while their inputs are unchanged (lastResults.ts). */
  private readonly memo = new LastResults();
  /** The prepared response and regressors, raw, for the weighted refits of `coefficients`. */
  private readonly reweighted: ReweightedColumns;
  /** Per column name: the raw values last demeaned by `refit` (a copy) and the demeaned column. */
  private readonly lastDemeaned = new Map<string, { raw: Float64Array; demeaned: Float64Array }>();

  constructor(formula: string, data: DataInput, options: PrepareOptions = {}) {
    checkOptions("PreparedModel", options, ["vcov", "singletons"]);
    const parsed = parseFormula(formula);
    this.formula = parsed.text;
    this.spec = parseVcov(options.vcov);
    this.data = toDataColumns(data);
    this.frame = buildModelFrame(parsed, this.data, { clusters: clusterVariables(this.spec), singletons: options.singletons ?? "drop" });
    const absorbed = absorbFrame(this.frame, DEFAULT_DEMEAN_OPTIONS);
    this.absorbed = absorbed;
    this.demeaner = absorbed.demeaner;
    this.demeanedResponse = absorbed.response;
    this.demeanedRegressors = absorbed.exogenous;
    this.nobs = this.frame.nobs;
    this.regressorNames = this.frame.exogenous.map((c) => c.name);
    this.centred = isCentred(this.frame);
    this.reference = referenceSumsOfSquares(this.frame.exogenous, this.centred);
    this.reweighted = new ReweightedColumns([this.frame.response, ...this.frame.exogenous].map((c) => c.values));
  }

  /** A numeric data column restricted to the estimation sample (e.g. a variable to permute). */
  numeric(name: string): Float64Array {
    const values = numericColumn(this.data, name, "column");
    return Float64Array.from(this.frame.rows, (row) => values[row]);
  }

  /** A data column as factor codes on the estimation sample (e.g. the cluster or group variable). */
  codes(name: string): FactorCodes {
    if (!this.data.has(name)) throw new DataError(`"${name}" is not a column of the data. ${unknownNameHint(name, this.data.names(), "Available columns")}`);
    const factor = factorColumn(this.data, name);
    return { codes: Int32Array.from(this.frame.rows, (row) => factor.codes[row]), levels: factor.levels };
  }

  private checkLength(values: Float64Array, what: string): void {
    if (values.length !== this.nobs) {
      throw new DataError(`${what} has ${values.length} values but the estimation sample has ${this.nobs} rows; pass values for the estimation sample (see PreparedModel.numeric).`);
    }
  }

  /** The raw response and regressors of a refit (the prepared ones where not replaced), the input checked. */
  private rawColumnsFor(input: RefitInput): { rawResponse: Float64Array; rawRegressors: Float64Array[] } {
    checkOptions("PreparedModel", input, ["response", "regressors", "weights"]);
    const replaced = input.regressors ?? {};
    for (const name of Object.keys(replaced)) {
      if (!this.regressorNames.includes(name)) throw new OptionsError(`"${name}" is not a regressor of "${this.formula}" (${this.regressorNames.join(", ")}).`);
      this.checkLength(replaced[name], `The replacement for "${name}"`);
    }
    if (input.response) this.checkLength(input.response, "The replacement response");
    return { rawResponse: input.response ?? this.frame.response.values, rawRegressors: this.frame.exogenous.map((c) => replaced[c.name] ?? c.values) };
  }

  private columnsFor(input: RefitInput): { response: Float64Array; regressors: Float64Array[]; rawResponse: Float64Array; rawRegressors: Float64Array[] } {
    const { rawResponse, rawRegressors } = this.rawColumnsFor(input);
    const replaced = input.regressors ?? {};
    const weighted = input.weights !== undefined;
    const fresh = (raw: Float64Array): Float64Array => {
      const out = new Float64Array(raw.length);
      this.demeaner.demean(raw, out);
      return out;
    };
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
    if (this.frame.endogenous.length > 0) throw new OptionsError(`PreparedModel.coefficients refits OLS; "${this.formula}" has an IV part (use refit).`);
    if (input.weights) return this.weightedCoefficients(input, input.weights);
    const { response, regressors } = this.columnsFor(input);
    const out: Record<string, number> = {};
    const ls = leastSquares(regressors, response, this.reference);
    ls.kept.forEach((k, j) => (out[this.regressorNames[k]] = ls.coef[j]));
    return out;
  }

  /**
   * The weighted refit of `coefficients`. On a balanced cross with weights constant within units
   * (a cluster bootstrap's draw), X'WX, X'Wy and the yardsticks come from unit summaries
   * (solve/balancedCrossSums.ts); otherwise they are summed row by row over the rows of positive
   * weight: rows of weight 0 add only zeros when the columns are finite, as the prepared ones are
   * (with a replacement that is not, every row is summed over, as 0·∞ is not 0).
   */
  private weightedCoefficients(input: RefitInput, weights: Float64Array): Record<string, number> {
    this.checkLength(weights, "The weights");
    const { rawResponse, rawRegressors } = this.rawColumnsFor(input);
    checkedWeights(weights);
    const columns = input.response || input.regressors ? new ReweightedColumns([rawResponse, ...rawRegressors]) : this.reweighted;
    const rows = columns.finite ? positiveRows(weights) : Int32Array.from(weights, (_, i) => i);
    let solved: { kept: number[]; coef: Float64Array };
    this.demeaner.setWeights(weights);
    try {
      const cross = columns.finite ? this.demeaner.weightedBalancedCross() : undefined;
      solved = cross ? solveFromUnitSummaries(balancedCrossSums(columns, cross, weights, rows)) : this.solveRowByRow(columns, weights, rows);
    } finally {
      this.demeaner.setWeights(null);
    }
    const out: Record<string, number> = {};
    solved.kept.forEach((k, j) => (out[this.regressorNames[k]] = solved.coef[j]));
    return out;
  }

  /** The weighted least squares of `weightedCoefficients` summed row by row over `rows` (the demeaner's weights set). */
  private solveRowByRow(columns: ReweightedColumns, weights: Float64Array, rows: Int32Array): { kept: number[]; coef: Float64Array } {
    const [response, ...regressors] = columns.values.map(() => new Float64Array(rows.length));
    this.demeaner.demeanRows(columns, rows, [response, ...regressors]);
    const reference = columns.values.slice(1).map((x) => weightedCentredSumOfSquares(x, weights, this.centred, rows));
    const rowWeights = new Float64Array(rows.length);
    for (let j = 0; j < rows.length; j++) rowWeights[j] = weights[rows[j]];
    return weightedNormalEquations(regressors, response, rowWeights, reference);
  }

  /**
   * A full refit (OLS or 2SLS, with SEs and, for 2SLS, first stages and diagnostics) with any of
   * the model's columns replaced by name — the dependent variable, exogenous or endogenous
   * regressors, instruments — given on the estimation sample (raw). Only the replaced columns are
   * demeaned; the sample and the fixed-effect group codes are the prepared ones. `vcov` may switch
   * to "iid" or "hetero", or to the prepared cluster variables. For a Monte Carlo over panels
   * redrawn on the same cities and years.
   * @example prepared.refit({ shrink: draw.shrink, ai: draw.ai, ai_iv: draw.ai_iv }, { vcov: "iid" })
   */
  refit(columns: Record<string, Float64Array>, options: { vcov?: VcovOption } = {}): FeolsResult {
    checkOptions("PreparedModel.refit", options, ["vcov"]);
    const frame = this.frame;
    const known = [frame.response, ...frame.exogenous, ...frame.endogenous, ...frame.instruments].map((c) => c.name);
    for (const [name, values] of Object.entries(columns)) {
      if (!known.includes(name)) throw new OptionsError(`"${name}" is not a column of "${this.formula}" (${known.join(", ")}).`);
      this.checkLength(values, `The replacement for "${name}"`);
    }
    const spec = options.vcov === undefined ? this.spec : parseVcov(options.vcov);
    if (spec.type === "cluster" && (this.spec.type !== "cluster" || spec.variables.join("^") !== this.spec.variables.join("^"))) {
      throw new OptionsError(`refit can cluster only by the prepared cluster variables; prepare the model with vcov { cluster: ${JSON.stringify(spec.variables)} }.`);
    }
    const swap = (column: NamedColumn, demeaned: Float64Array): [NamedColumn, Float64Array] => {
      const values = columns[column.name];
      return values ? [{ name: column.name, values }, this.demeanedOf(column.name, values)] : [column, demeaned];
    };
    const a = this.absorbed;
    const response = swap(frame.response, a.response);
    const exogenous = frame.exogenous.map((c, k) => swap(c, a.exogenous[k]));
    const endogenous = frame.endogenous.map((c, k) => swap(c, a.endogenous[k]));
    const instruments = frame.instruments.map((c, k) => swap(c, a.instruments[k]));
    const newFrame: ModelFrame = {
      ...frame,
      response: response[0],
      exogenous: exogenous.map((p) => p[0]),
      endogenous: endogenous.map((p) => p[0]),
      instruments: instruments.map((p) => p[0]),
    };
    const newAbsorbed: AbsorbedFrame = {
      ...a,
      response: response[1],
      exogenous: exogenous.map((p) => p[1]),
      endogenous: endogenous.map((p) => p[1]),
      instruments: instruments.map((p) => p[1]),
      messages: [],
    };
    return frame.endogenous.length > 0 ? fitIv(this.formula, newFrame, newAbsorbed, spec, undefined, this.memo) : fitOls(this.formula, newFrame, newAbsorbed, spec);
  }

  /**
   * A replacement column demeaned; the last refit's demeaned column when the values are the ones it
   * demeaned (`sameValues`; a Monte Carlo's refits of one draw pass the same controls again and again).
   * The returned array is shared between refits and never written.
   */
  private demeanedOf(name: string, values: Float64Array): Float64Array {
    const last = this.lastDemeaned.get(name);
    if (last && sameValues(last.raw, values)) return last.demeaned;
    const demeaned = new Float64Array(values.length);
    this.demeaner.demean(values, demeaned);
    this.lastDemeaned.set(name, { raw: values.slice(), demeaned });
    return demeaned;
  }

  /** A full unweighted refit with SEs under the prepared variance type (same sample and group codes). */
  fit(input: Omit<RefitInput, "weights"> = {}): FeolsResult {
    if (this.frame.endogenous.length > 0) throw new OptionsError(`PreparedModel.fit refits OLS; "${this.formula}" has an IV part (use refit).`);
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

/**
 * Whether two columns hold the same values, 0 and −0 told apart and NaN equal to NaN (what demeaning
 * can tell apart). Compared as numbers, with Object.is only where === cannot decide.
 */
function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if ((x !== y || x === 0) && !Object.is(x, y)) return false;
  }
  return true;
}

/** The weighted least squares from the sums of a balanced cross (columns: the response, then the regressors). */
function solveFromUnitSummaries(sums: BalancedCrossSums): { kept: number[]; coef: Float64Array } {
  const [yy, ...rows] = sums.gram;
  const xtx = rows.map((row) => row.subarray(1));
  return solveNormalEquations(xtx, yy.subarray(1), sums.centredSumsOfSquares.subarray(1));
}

/** The weights, refused when negative or missing. */
function checkedWeights(weights: Float64Array): Float64Array {
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (!(w >= 0)) throw new DataError(`Weights must be non-negative numbers; got ${w} in row ${i + 1} of the estimation sample.`);
  }
  return weights;
}
