/**
 * The shock-level (exposure-robust) IV of Borusyak, Hull & Jaravel (2022), "Quasi-Experimental Shift-Share
 * Research Designs", REStud 89(1), 181–213, §3–§4, as their `ssaggregate` prepares it: residualise y and x on
 * the region-level controls (and fixed effects), average them per sector with exposure weights
 * (shockAggregate.ts), then run, at the shock level,
 *
 *   ȳ_n = α + q_n′δ + β x̄_n + ε̄_n,   x̄_n instrumented by g_n,   weighted by s_n,
 *
 * with heteroskedasticity-robust (HC1, as fixest's "hetero": n/(n−K)) or sector-cluster-robust (CR1) standard
 * errors — valid when the shocks are as-good-as-randomly assigned and many, whatever the shares.
 *
 * Equivalence (BHJ Proposition 1): with z_i = Σ_n w_in g_n, the region-level 2SLS coefficient
 * Σ_i e_i z_i ỹ_i / Σ_i e_i z_i x̃_i = Σ_n s_n g_n ȳ_n / Σ_n s_n g_n x̄_n, the shock-level IV WITHOUT a constant.
 * With the constant (and shock controls q_n) the two agree exactly when the region controls span the sum of
 * shares S_i = Σ_n w_in (and Σ_n w_in q_n): then Σ_n s_n ȳ_n = Σ_i e_i S_i ỹ_i = 0. Shares that sum to one
 * satisfy it through the intercept; otherwise control for S_i (interacted with the period in a panel) —
 * `incompleteShares` says when that is missing, as ssaggregate's warning does.
 */
import { feols } from "../../feols";
import { toDataColumns } from "../../design/input";
import { checkWeightsOption } from "../../design/weights";
import { IdentificationError, OptionsError } from "../../errors";
import { checkOptions } from "../../options";
import type { DataInput } from "../../design/input";
import { checkShocks, sectorClusterCodes } from "./checks";
import { readShares, sectorNames, type SparseShares } from "./shareMatrix";
import { partialColumns, shiftShareModel, type Partialled } from "./shiftShareModel";
import { aggregateToShocks, type ShockAggregates } from "./shockAggregate";

/** Arguments of `shockLevelIV`. */
export interface ShockLevelInput {
  /** The regions' data. */
  data: DataInput;
  /** The region-level model: `"y ~ controls | endo ~ ss"` (or with fixed effects `"y ~ c | fe1 + fe2 | endo ~ ss"`); `"y ~ ss + controls"` gives the reduced form. */
  formula: string;
  /** The shift-share column Σ_n w_in g_n (checked against shares × shocks, relative tolerance 1e-8). */
  shiftShare: string;
  /** One row of sector shares per data row. */
  shares: ArrayLike<number>[];
  /** The shocks g_n, one per share column. */
  shocks: ArrayLike<number>;
  /** A column of region regression weights e_i. */
  weights?: string;
  /** One cluster id per share column: standard errors clustered by sector cluster (else heteroskedasticity-robust). */
  sectorCluster?: ArrayLike<number | string>;
  /** Shock-level controls q_n, one array of one number per share column each (e.g. period dummies in a panel). */
  shockControls?: Record<string, ArrayLike<number>>;
  /** Whether the shock-level regression has a constant (default true, as BHJ). */
  constant?: boolean;
  /** Labels of the share columns for the table (default "s1" … "sN"). */
  sectorNames?: string[];
  /** Confidence level (default 0.95). */
  level?: number;
}

/** The shock-level table: one row per sector with exposure. */
export interface ShockTable {
  /** Sector labels (`sectorNames`, or "s1" … by share column). */
  sector: string[];
  /** Exposure weight s_n (sums to 1). */
  s: Float64Array;
  /** The shock g_n. */
  g: Float64Array;
  /** ȳ_n, the exposure-weighted average of the residualised outcome. */
  ybar: Float64Array;
  /** x̄_n, the same of the residualised treatment. */
  xbar: Float64Array;
}

/** The result of `shockLevelIV`. */
export interface ShockLevelResult {
  /** β̂ of the shock-level IV. */
  estimate: number;
  /** Its standard error under `vcovType`. */
  se: number;
  /** Confidence interval at `level`, with t(n − K) critical values (t(G − 1) clustered), as fixest. */
  ci: [number, number];
  /** Two-sided p-value of β = 0, from the same t distribution. */
  p: number;
  /** β̂ / se. */
  tStat: number;
  /** The shock-level first-stage F (x̄ on g, weighted by s_n, with the constant and shock controls), under the same variance (fixest `ivwald`). */
  firstStageF: number;
  /** Sectors with exposure, the shock-level observations. */
  nShocks: number;
  /** Sectors left out for zero exposure. */
  zeroExposure: number;
  /** Sector clusters, when clustered. */
  nClusters?: number;
  /** The region-level 2SLS (or reduced-form OLS) coefficient with the shift-share instrument and the region controls. */
  regionEstimate: number;
  /** True when the sum of shares (or Σ_n w_in q_n) is not spanned by the region controls while the shock-level model has the constant (or q): then `estimate` ≠ `regionEstimate`. */
  incompleteShares: boolean;
  /** Rows used at the region level. */
  nobs: number;
  /** The shock-level data. */
  table: ShockTable;
  /** The variance: HC1 (fixest "hetero") or CR1 by sector cluster. */
  vcovType: string;
  /** What was computed, in words. */
  label: string;
}

const KNOWN = ["data", "formula", "shiftShare", "shares", "shocks", "weights", "sectorCluster", "shockControls", "constant", "sectorNames", "level"] as const;
const WHERE = "shockLevelIV";

/**
 * Borusyak–Hull–Jaravel shock-level IV (see the module comment for the formulas and the equivalence).
 * @throws OptionsError for an unknown option, a level outside (0, 1), names or shock controls of the wrong length;
 *   FormulaError for a formula without the shift-share variable; DataError for shares that do not match the data,
 *   shocks of the wrong length, a shift-share column that is not Σ shares × shocks, a sector cluster vector of the
 *   wrong length; IdentificationError when the instrument has no first stage (region or shock level) or fewer
 *   than three sectors have exposure.
 * @example
 * const bhj = shockLevelIV({ data: adh, formula: "y ~ 1 | x ~ z", shiftShare: "z", shares: W, shocks: g });
 * bhj.estimate // = the region-level 2SLS when the shares sum to one
 */
export function shockLevelIV(input: ShockLevelInput): ShockLevelResult {
  checkOptions(WHERE, input, KNOWN);
  const level = input.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new OptionsError(`${WHERE}: level must lie strictly between 0 and 1 (e.g. 0.95), got ${level}.`);
  checkWeightsOption(WHERE, input.weights);
  const { frame, columns } = shiftShareModel(WHERE, input);
  const w = readShares(input.shares, toDataColumns(input.data).nrows, frame.rows, WHERE);
  const g = checkShocks(w, columns.x, input.shiftShare, input.shocks, frame.rows, WHERE);
  const clusters = input.sectorCluster === undefined ? undefined : sectorClusterCodes(input.sectorCluster, w.ncols, WHERE);
  const q = shockControlColumns(input.shockControls, w.ncols);
  const names = sectorNames(input.sectorNames, w.ncols, WHERE, "sectorNames");
  const partialled = partialColumns(WHERE, columns, frame.weights, input.shiftShare);
  const agg = aggregateToShocks(w, frame.weights, [partialled.ddY, partialled.ddD]);
  if (agg.sectors.length < 3) throw new IdentificationError(`${WHERE}: only ${agg.sectors.length} sectors have exposure on the estimation sample; the shock-level IV needs at least 3 (and many for its asymptotics).`);
  const constant = input.constant ?? true;
  const fit = shockFit(agg, g, q, clusters?.codes, constant, level);
  const regionEstimate = regionLevel(columns.x, partialled, frame.weights);
  const incompleteShares = !spanned(w, q, constant, partialled, frame.weights);
  return { ...fit, nobs: frame.nobs, zeroExposure: w.ncols - agg.sectors.length, regionEstimate, incompleteShares, table: table(agg, g, names), label: label(fit, incompleteShares, constant) };
}

type ShockFit = Pick<ShockLevelResult, "estimate" | "se" | "ci" | "p" | "tStat" | "firstStageF" | "nShocks" | "nClusters" | "vcovType">;

/** The weighted shock-level IV by the kit's `feols` (fixest's conventions: HC1 "hetero" or CR1, t(n−K) or t(G−1)). */
function shockFit(agg: ShockAggregates, g: Float64Array, q: { name: string; values: Float64Array }[], clusters: Int32Array | undefined, constant: boolean, level: number): ShockFit {
  const rows = agg.sectors;
  const data: Record<string, ArrayLike<number>> = { ybar: agg.means[0], xbar: agg.means[1], g: Float64Array.from(rows, (s) => g[s]), s_n: agg.exposure };
  q.forEach((c, k) => (data[`q${k + 1}`] = Float64Array.from(rows, (s) => c.values[s])));
  if (clusters) data.cluster = Float64Array.from(rows, (s) => clusters[s]);
  const exogenous = [constant ? "1" : "0", ...q.map((_, k) => `q${k + 1}`)].join(" + ");
  const fit = feols(`ybar ~ ${exogenous} | xbar ~ g`, data, { weights: "s_n", vcov: clusters ? { cluster: "cluster" } : "hetero", singletons: "keep" });
  if (!Number.isFinite(fit.coef.xbar)) throw new IdentificationError(`${WHERE}: the shock-level first stage (x̄ on g) is not identified; the shocks do not move the exposure-weighted treatment.`);
  const ci = fit.confint(level).xbar;
  return {
    estimate: fit.coef.xbar,
    se: fit.se.xbar,
    ci: [ci[0], ci[1]],
    p: fit.pvalue.xbar,
    tStat: fit.tstat.xbar,
    firstStageF: fit.firstStage.xbar.waldF.stat,
    nShocks: rows.length,
    ...(clusters ? { nClusters: new Set(data.cluster as Float64Array).size } : {}),
    vcovType: fit.vcovType,
  };
}

/** Σ e z ỹ / Σ e z x̃: the region-level 2SLS (or, for the OLS form, the reduced-form) coefficient. */
function regionLevel(z: Float64Array, p: Partialled, weights: Float64Array | undefined): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < z.length; i++) {
    const e = weights ? weights[i] : 1;
    num += e * z[i] * p.ddY[i];
    den += e * z[i] * p.ddD[i];
  }
  return num / den;
}

/** Whether the region controls span Σ_n w_in (with a constant) and each Σ_n w_in q_n: 1 − R² below 1e-10. */
function spanned(w: SparseShares, q: { values: Float64Array }[], constant: boolean, p: Partialled, weights: Float64Array | undefined): boolean {
  const loads = [...(constant ? [new Float64Array(w.ncols).fill(1)] : []), ...q.map((c) => c.values)];
  return loads.every((load) => {
    const v = new Float64Array(w.nrows);
    for (let i = 0; i < w.nrows; i++) for (let k = w.rowStart[i]; k < w.rowStart[i + 1]; k++) v[i] += w.rowValues[k] * load[w.rowIndex[k]];
    const r = p.residualize(v);
    let rr = 0;
    let vv = 0;
    for (let i = 0; i < v.length; i++) {
      const e = weights ? weights[i] : 1;
      rr += e * r[i] * r[i];
      vv += e * v[i] * v[i];
    }
    return rr <= 1e-10 * vv;
  });
}

/** The shock controls as columns, one number per share column each. */
function shockControlColumns(controls: unknown, nSectors: number): { name: string; values: Float64Array }[] {
  if (controls === undefined) return [];
  if (controls === null || typeof controls !== "object" || Array.isArray(controls)) {
    throw new OptionsError(`${WHERE}: shockControls must be an object of named arrays, one number per share column each (e.g. { period2: [...] }), got ${Array.isArray(controls) ? "an array" : String(controls)}.`);
  }
  return Object.entries(controls as Record<string, unknown>).map(([name, values]) => {
    const a = values as ArrayLike<unknown>;
    if (a === null || typeof a !== "object" || a.length !== nSectors) {
      throw new OptionsError(`${WHERE}: shock control "${name}" must hold one number per share column (${nSectors}), got ${a === null || typeof a !== "object" ? String(a) : `${a.length} values`}.`);
    }
    return { name, values: Float64Array.from(a as ArrayLike<number>, (v, s) => checkedNumber(v, name, s)) };
  });
}

/** A finite number, or an OptionsError naming the control and the sector. */
function checkedNumber(v: unknown, name: string, s: number): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new OptionsError(`${WHERE}: shock control "${name}" is ${JSON.stringify(v)} for sector ${s + 1}; every value must be a finite number.`);
  return v;
}

/** The shock-level table of the sectors with exposure. */
function table(agg: ShockAggregates, g: Float64Array, names: string[]): ShockTable {
  return { sector: agg.sectors.map((s) => names[s]), s: agg.exposure, g: Float64Array.from(agg.sectors, (s) => g[s]), ybar: agg.means[0], xbar: agg.means[1] };
}

/** The result's label. */
function label(fit: ShockFit, incomplete: boolean, constant: boolean): string {
  const base = `Shock-level IV (Borusyak, Hull & Jaravel 2022; ssaggregate's aggregation), ${fit.nShocks} shocks${fit.nClusters ? ` in ${fit.nClusters} clusters` : ""}, ${constant ? "with" : "without"} a constant, ${fit.vcovType}`;
  return incomplete ? `${base}. The sum of shares is not among the region controls, so this differs from the region-level 2SLS: add it as a control (by period in a panel).` : base;
}
