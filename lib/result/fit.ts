import { NotSupportedError, OptionsError } from "../errors";
import { unknownNameHint } from "../names";
import { tQuantile, tTwoSidedP } from "../distributions/index";
import type { Dense } from "../linalg/dense";
import { formatNumber, formatP, stars, textTable } from "./format";
import type { DroppedRows } from "../design/modelFrame";
import { clusterVariables, parseVcov, varianceColumnRoles, type VcovOption, type VcovSpec } from "../variance/spec";
import { fixedEffectsOf } from "./fixef";
import { frameAgain, varianceAgain, requireSource, type FitView } from "./refresh";
import { attachSource } from "./source";
import type { CoefficientRow, FitFields } from "./types";

function byName(names: string[], values: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  names.forEach((name, k) => (out[name] = values[k]));
  return out;
}

/**
 * A fitted linear model (OLS or 2SLS, with or without absorbed fixed effects).
 * Coefficients, SEs, t statistics and p-values are keyed by regressor name (design §3);
 * p-values are 2·F_t(−|t|) with the degrees of freedom of the variance type.
 */
export class FeolsResult {
  /** The estimator: "OLS", or "2SLS" for a formula with an IV part. */
  readonly method: "OLS" | "2SLS";
  /** The formula as given (whitespace normalised). */
  readonly formula: string;
  /** The dependent variable's name. */
  readonly depVar: string;
  /** The regressors' names in the order of the estimates (after `i()` and `a:b` expansion; IV: endogenous first). */
  readonly coefNames: string[];
  /** Estimates b, keyed by regressor name. */
  readonly coef: Record<string, number>;
  /** Standard errors √V_kk under the fit's variance type, keyed by regressor name. */
  readonly se: Record<string, number>;
  /** t statistics b/se, keyed by regressor name. */
  readonly tstat: Record<string, number>;
  /** Two-sided p-values 2·F_t(−|t|) on `dfT` degrees of freedom, keyed by regressor name. */
  readonly pvalue: Record<string, number>;
  /** The variance matrix, rows and columns in the order of `coefNames`. */
  readonly vcovMatrix: Dense;
  /** The variance type as parsed from `options.vcov`. */
  readonly vcovSpec: VcovSpec;
  /** Readable statement of the variance type and its small-sample correction. */
  readonly vcovType: string;
  /** Degrees of freedom of the t distribution used for p-values and intervals. */
  readonly dfT: number;
  /** The K of the small-sample factor of the chosen variance (fixest's nested count when clustered, design §4). */
  readonly dofK: number;
  /** K_full of design §4: slopes + fixed-effect levels − (F − 1). */
  readonly kFull: number;
  /** Rows used, after removing missing values and singletons. */
  readonly nobs: number;
  /** The number of clusters G (G_min under two-way clustering); undefined without clustering. */
  readonly nClusters: number | undefined;
  /** Rows removed before estimation, by reason: `{ missing, singletons }`. */
  readonly dropped: DroppedRows;
  /** The number of levels of each fixed effect in the estimation sample. */
  readonly fixedEffectSizes: Record<string, number>;
  /** Regressors dropped as collinear with earlier terms and the fixed effects, in formula order. */
  readonly collinear: string[];
  /** Notes from the estimation (collinear terms dropped, demeaning that did not converge, …). */
  readonly messages: string[];
  /** Sum of squared residuals Σ u_i². */
  readonly ssr: number;
  /** R² = 1 − SSR/TSS (TSS about the mean when the model has an intercept or fixed effects). */
  readonly r2: number;
  /** 1 − (1 − R²)(N − 1)/(N − K_full) (uncentred models: N/(N − K_full)). */
  readonly adjR2: number;
  /** Within R² = 1 − SSR/TSS of y demeaned by the fixed effects (NaN without fixed effects). */
  readonly r2Within: number;
  /** fixest's adjusted within R²: 1 − (1 − R²_within)(N − K_fe)/(N − K_full), K_fe = K_full − slopes. */
  readonly adjR2Within: number;
  /** √(SSR/N), as fixest reports. */
  readonly rmse: number;
  /** Residuals u = y − Xb on the estimation sample (IV: with the endogenous regressors themselves). */
  readonly residuals: Float64Array;
  /** Regression weights on the estimation rows (`options.weights`); undefined when unweighted. */
  readonly weights: Float64Array | undefined;
  private readonly listRows: () => Int32Array;
  private readonly fields: FitFields;

  /** @internal Fits are made by `feols` and `PreparedModel`. */
  constructor(fields: FitFields) {
    this.method = fields.method;
    this.formula = fields.formula;
    this.depVar = fields.depVar;
    this.coefNames = fields.coefNames;
    this.vcovMatrix = fields.vcovMatrix;
    this.vcovSpec = fields.vcovSpec;
    this.vcovType = fields.vcovType;
    this.dfT = fields.dfT;
    this.dofK = fields.dofK;
    this.kFull = fields.kFull;
    this.nobs = fields.nobs;
    this.nClusters = fields.nClusters;
    this.dropped = fields.dropped;
    this.fixedEffectSizes = fields.fixedEffectSizes;
    this.collinear = fields.collinear;
    this.messages = fields.messages;
    this.ssr = fields.ssr;
    this.residuals = fields.residuals;
    this.listRows = fields.rows;
    this.weights = fields.weights;
    this.fields = fields;

    const se = fields.coefNames.map((_, k) => Math.sqrt(fields.vcovMatrix[k][k]));
    const t = se.map((s, k) => fields.estimates[k] / s);
    this.coef = byName(fields.coefNames, fields.estimates);
    this.se = byName(fields.coefNames, se);
    this.tstat = byName(fields.coefNames, t);
    this.pvalue = byName(fields.coefNames, t.map((v) => tTwoSidedP(v, fields.dfT)));

    const N = fields.nobs;
    const centred = fields.hasFixedEffects || fields.coefNames.includes("(Intercept)") || fields.collinear.includes("(Intercept)");
    this.r2 = 1 - fields.ssr / fields.tss;
    this.adjR2 = 1 - (1 - this.r2) * ((centred ? N - 1 : N) / (N - fields.kFull));
    this.r2Within = fields.hasFixedEffects ? 1 - fields.ssr / fields.tssWithin : NaN;
    const kFixedEffects = fields.kFull - fields.coefNames.length;
    this.adjR2Within = fields.hasFixedEffects ? 1 - (1 - this.r2Within) * ((N - kFixedEffects) / (N - fields.kFull)) : NaN;
    this.rmse = Math.sqrt(fields.ssr / N);
  }

  /** Input rows (0-based) in the estimation sample (a getter: listed on first read when every row is used). */
  get rows(): Int32Array {
    return this.listRows();
  }

  /**
   * Confidence intervals b ± t_{1−α/2, df} · se, keyed by regressor: [lower, upper].
   * @param level the coverage as a fraction (0.95, as R's `confint(fit, level = 0.95)`)
   * @throws OptionsError for a level outside (0, 1), e.g. 95 written for 0.95.
   */
  confint(level = 0.95): Record<string, [number, number]> {
    if (!(level > 0 && level < 1)) {
      const hint = level > 1 && level < 100 ? ` Write it as a fraction: confint(${level / 100}).` : "";
      throw new OptionsError(`confint: the level must lie strictly between 0 and 1, got ${level}.${hint}`);
    }
    const q = tQuantile(1 - (1 - level) / 2, this.dfT);
    const out: Record<string, [number, number]> = {};
    for (const name of this.coefNames) out[name] = [this.coef[name] - q * this.se[name], this.coef[name] + q * this.se[name]];
    return out;
  }

  /** The coefficient table as rows, in formula order. */
  tidy(): CoefficientRow[] {
    return this.coefNames.map((term) => ({ term, estimate: this.coef[term], se: this.se[term], tstat: this.tstat[term], pvalue: this.pvalue[term] }));
  }

  /**
   * The same fit under another variance, without refitting, as fixest's `summary(fit, vcov = …)`: the
   * coefficients are unchanged; the variance matrix, its K, small-sample factor, t degrees of freedom and label
   * follow the new type (cluster → Driscoll–Kraay on Grunfeld: K 22 → 12, t(9) → t(19)). The regressors are
   * demeaned again on the fit's rows (the fit does not hold them); the new variance's columns must have no
   * missing value on those rows.
   * @param vcov any `options.vcov` form: "hetero", { cluster: "code" }, { driscollKraay: { time: "year" } }, …
   * @example feols("y ~ x | code + year", panel, { vcov: { cluster: "code" } }).withVcov({ conley: { lat: "lat", lon: "lon", cutoff: 500 } })
   * A 2SLS fit is estimated again on the same rows under the new variance (same coefficients), so that its
   * first-stage statistics and diagnostics follow the variance too (fixest's `summary(vcov =)` only relabels them).
   * @throws OptionsError for an unknown form, or columns missing on the fit's rows.
   */
  withVcov(vcov: VcovOption): FeolsResult {
    const spec = parseVcov(vcov);
    const source = requireSource(this, "withVcov");
    if (this.method === "2SLS") {
      // Same rows (checked), same coefficients; the first stage and the IV diagnostics follow the new variance.
      frameAgain(this.view(), source, clusterVariables(spec), "withVcov", varianceColumnRoles(spec));
      if (!source.refit) throw new NotSupportedError("withVcov: this 2SLS fit was not made by feols(); refit it with feols(formula, data, { vcov: … }).");
      return source.refit(vcov) as FeolsResult; // an IvResult, made by feols
    }
    const variance = varianceAgain(this.view(), source, spec);
    const next = new FeolsResult({
      ...this.fields,
      vcovMatrix: variance.matrix,
      vcovSpec: spec,
      vcovType: variance.label,
      dfT: variance.dfT,
      dofK: variance.k,
      nClusters: variance.nClusters,
    });
    return attachSource(next, source);
  }

  /**
   * The fixed-effect coefficients, `{ [fixedEffect]: { [level]: value } }`, normalised as R fixest's `fixef()`:
   * the first fixed effect has no reference; with two (connected) fixed effects the second one's level on the
   * first row of the estimation sample is 0 and the first absorbs the constant. Weighted fits solve the weighted
   * problem. Read from the fit's data again (the fit does not hold the codes).
   * @example feols("shrink ~ ai | code + year", panel).fixef().code["110100"]
   * @throws OptionsError when the model has no fixed effects.
   */
  fixef(): Record<string, Record<string, number>> {
    return fixedEffectsOf(this.view(), requireSource(this, "fixef()"));
  }

  /** The pieces of the fit that withVcov and fixef read. */
  private view(): FitView {
    return { method: this.method, coefNames: this.coefNames, coef: this.coef, nobs: this.nobs, kFull: this.kFull, ssr: this.ssr, residuals: this.residuals, weights: this.weights, rows: this.rows };
  }

  /** The variance matrix entry for two regressors. */
  vcov(a: string, b: string = a): number {
    const i = this.coefNames.indexOf(a);
    const j = this.coefNames.indexOf(b);
    if (i < 0 || j < 0) throw new OptionsError(`vcov: "${i < 0 ? a : b}" is not a coefficient of this model. ${unknownNameHint(i < 0 ? a : b, this.coefNames, "Its coefficients are")}`);
    return this.vcovMatrix[i][j];
  }

  /** Lines printed above the coefficient table. */
  protected headerLines(): string[] {
    const lines = [`${this.method} estimation, Dep. Var.: ${this.depVar}`, `Formula: ${this.formula}`, `Observations: ${this.nobs}`];
    const dropped = Object.entries(this.dropped).filter(([, n]) => n > 0);
    if (dropped.length > 0) lines.push(`Rows dropped: ${dropped.map(([why, n]) => `${n} (${why})`).join(", ")}`);
    const fe = Object.entries(this.fixedEffectSizes);
    if (fe.length > 0) lines.push(`Fixed-effects: ${fe.map(([name, n]) => `${name}: ${n}`).join(",  ")}`);
    lines.push(`Standard-errors: ${this.vcovType}`);
    return lines;
  }

  /** Lines printed below the coefficient table. */
  protected footerLines(): string[] {
    const fit = [`RMSE: ${formatNumber(this.rmse)}`, `R2: ${formatNumber(this.r2)}`, `Adj. R2: ${formatNumber(this.adjR2)}`];
    if (!Number.isNaN(this.r2Within)) fit.push(`Within R2: ${formatNumber(this.r2Within)}`);
    const lines = [fit.join("   ")];
    for (const name of this.collinear) lines.push(`Note: "${name}" was removed because of collinearity.`);
    for (const message of this.messages) lines.push(`Note: ${message}`);
    return lines;
  }

  /** A plain-text report in the style of fixest's `summary()`. */
  summary(): string {
    const rows = [["", "Estimate", "Std. Error", "t value", "Pr(>|t|)", ""]];
    for (const r of this.tidy()) rows.push([r.term, formatNumber(r.estimate), formatNumber(r.se), formatNumber(r.tstat, 5), formatP(r.pvalue), stars(r.pvalue)]);
    return [
      ...this.headerLines(),
      textTable(rows),
      "---",
      "Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1",
      ...this.footerLines(),
    ].join("\n");
  }

  /** The summary, so that a fit printed as a string reads as `summary()`. */
  toString(): string {
    return this.summary();
  }

  /**
   * Node's inspection shows the summary: a fit that is a cell's last expression, or is passed to
   * `console.log`, prints as `summary()` does — not its residuals and variance matrix.
   */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.summary();
  }
}
