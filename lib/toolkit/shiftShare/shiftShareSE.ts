/**
 * Shift-share inference: the AKM and AKM0 standard errors and confidence sets of Adão, Kolesár &
 * Morales (2019, "Shift-Share Designs: Theory and Inference", QJE 134(4)), as R's ShiftShareSE
 * 1.1.0 `reg_ss` (OLS, `"y ~ ss + controls"`) and `ivreg_ss` (IV, `"y ~ controls | endo ~ ss"`)
 * compute them.
 *
 * Controls always include the intercept. Ẍ, Ÿ, D̈ are the (weighted) residuals on the controls — and
 * on fixed effects given after a `|` ("y ~ controls | fe1 + fe2 | endo ~ ss"), partialled out by weighted
 * demeaning, which by Frisch–Waugh–Lovell gives exactly the residuals of ShiftShareSE with the fixed
 * effects entered as dummy controls (AKM's formulas use only these residuals, no degrees of freedom);
 * the shocks X̂ are the (weighted) least-squares coefficients of Ẍ on the share matrix W (no
 * intercept), after share columns collinear by R's `qr(W)` (tolerance 1e-7) are dropped — see
 * shareFactor.ts for how. Then, with Ω = diag(weights) or I and R = Ẍ′ΩD̈ (D̈ = Ẍ for OLS):
 *   β̂ = Ẍ′ΩŸ / R,  c_s = X̂_s Σ_i ω_i w_is (Ÿ_i − D̈_i β̂)  (summed within sector clusters)
 *   AKM:  se = √(Σ c²)/|R|,  ci = β̂ ± z·se,  p = 2Φ(−|β̂ − β₀|/se)
 *   AKM0: p from the null-imposed se⁰, the set {β₀ : not rejected} from its quadratic (akm0Set.ts).
 */
import { IdentificationError, OptionsError } from "../../errors";
import { toDataColumns, type DataInput } from "../../design/input";
import type { DroppedRows, ModelFrame } from "../../design/modelFrame";
import { checkWeightsOption } from "../../design/weights";
import { normalQuantile } from "../../distributions/normal";
import { checkOptions } from "../../options";
import { akmNumbers, type AkmNumbers } from "./akm";
import { setHull, type ShiftShareConfidenceSet } from "./akm0Set";
import { checkShocks, checkUnexposedRows, sectorClusterCodes } from "./checks";
import { partialColumns, shiftShareModel, type ShiftShareColumns } from "./shiftShareModel";
import { factorShares, leastSquaresOnShares, type ShareFactor } from "./shareFactor";
import { readShares, sharesGram, type SparseShares } from "./shareMatrix";

/** Arguments of `shiftShareSE` (design §3a). */
export interface ShiftShareOptions {
  /** The regions' data (an arquero table, an object of columns, or row objects). */
  data: DataInput;
  /** `"y ~ ss + controls"` (reg_ss) or `"y ~ controls | endo ~ ss"` (ivreg_ss); `1` alone for no controls. */
  formula: string;
  /** The shift-share column, Σ_s w_is·A_s. */
  shiftShare: string;
  /** One row of sector shares per data row (w_is), all rows the same length. */
  shares: ArrayLike<number>[];
  /** "akm" or "akm0". */
  method: "akm" | "akm0";
  /** A column of regression weights (reg_ss's `weights`). */
  weights?: string;
  /** The region cluster column (ShiftShareSE's `region_cvar`): it only enters the package's region-clustered SE, not AKM or AKM0; rows with a missing id drop, as in R. */
  regionCluster?: string;
  /** One cluster id per sector (ShiftShareSE's `sector_cvar`): the AKM sums run over clusters of sectors. */
  sectorCluster?: ArrayLike<number | string>;
  /** The shocks A_s, one per sector: if given, the shift-share column is checked against Σ shares × shocks (tolerance 1e-8). */
  shocks?: ArrayLike<number>;
  /** Confidence level (default 0.95; ShiftShareSE's alpha = 1 − level). */
  level?: number;
  /** The null of the p-value and of AKM0's residual (default 0; ShiftShareSE's beta0). */
  beta0?: number;
}

/** The result of `shiftShareSE`: the coefficient on the shift-share variable and its inference. */
export interface ShiftShareResult {
  /** β̂: the OLS coefficient on the shift-share variable, or the IV coefficient on the endogenous regressor. */
  estimate: number;
  /** AKM: √(Σc²)/|R|. AKM0: the confidence interval's length / 2z, as ShiftShareSE reports it (Infinity when the set is unbounded). */
  se: number;
  /** The confidence interval; for an unbounded AKM0 set its hull, (−∞, ∞) or one infinite end — never a finite interval. */
  ci: [number, number];
  /** Two-sided p-value of β = beta0 (AKM0: from the null-imposed standard error `seNull`), computed as 2Φ(−|t|). */
  p: number;
  /** AKM0 only: the null-imposed standard error se⁰ behind `p`. */
  seNull?: number;
  /** The confidence set; for AKM always an interval. */
  set: ShiftShareConfidenceSet;
  /** Whether the confidence set is a finite interval. */
  bounded: boolean;
  /** The method asked for. */
  method: "akm" | "akm0";
  /** "ols" (reg_ss) or "iv" (ivreg_ss). */
  model: "ols" | "iv";
  /** The confidence level. */
  level: number;
  /** The null value of `p` (and of AKM0's residual). */
  beta0: number;
  /** Rows used. */
  nobs: number;
  /** Rows dropped, by reason (missing values; zero weights). */
  dropped: DroppedRows;
  /** Rows whose shares are all zero (kept, as ShiftShareSE keeps them). */
  unexposedRows: number;
  /** Share columns used. */
  nSectors: number;
  /** Share columns (0-based) dropped as collinear, by R's `qr(W)` rule. */
  droppedSectors: number[];
  /** Sector clusters the AKM sums ran over (the number of used sectors without `sectorCluster`). */
  nSectorClusters: number;
  /** The shocks backed out from Ẍ, one per used share column (NaN for dropped ones), in the shares' order. */
  shocks: Float64Array;
  /** Fixed effects partialled out with the controls (empty without). */
  fixedEffects: string[];
  /** What was computed, in words. */
  label: string;
}

const KNOWN = ["data", "formula", "shiftShare", "shares", "method", "weights", "regionCluster", "sectorCluster", "shocks", "level", "beta0"] as const;

/**
 * AKM or AKM0 inference on the coefficient of a shift-share regressor (OLS) or of the regressor it
 * instruments (IV), as R ShiftShareSE's `reg_ss` / `ivreg_ss` with `method = "akm"` or `"akm0"`.
 *
 *   β̂ = Ẍ′ΩŸ / Ẍ′ΩD̈,  c_s = X̂_s Σ_i ω_i w_is ε̂_i,  se_AKM = √(Σ_s c_s²) / |Ẍ′ΩD̈|
 *
 * with X̂ the shocks backed out by least squares of Ẍ on the shares (collinear share columns dropped
 * as R's pivoted QR with tolerance 1e-7), sums over sector clusters when given, normal critical values.
 * AKM0 imposes the null in the residual; its confidence set (the values not rejected) can be two rays
 * or the whole line, reported in `set` and with `bounded: false`, never as a finite interval.
 * Adão, Kolesár & Morales (2019), QJE 134(4), 1949–2010.
 * Fixed effects (`"y ~ x | code + year"`, `"y ~ c | code + year | d ~ ss"`) are partialled out by weighted
 * demeaning: the same numbers as ShiftShareSE with their dummies among the controls (FWL).
 * @throws OptionsError for an unknown option or method; FormulaError for a formula without the shift-share
 *   variable or without an intercept (and no fixed effects); DataError for shares that do not
 *   match the data, a sector cluster vector of the wrong length, a shift-share column that is not Σ shares × shocks;
 *   IdentificationError when the shift-share variable has no variation left after the controls, or no first stage.
 * @example
 * const fit = shiftShareSE({ data: reg, formula: "d_sh_empl ~ IV", shiftShare: "IV", shares: W, method: "akm" });
 * fit.se // 0.0972197765590576 on ShiftShareSE's ADH data (its README example)
 */
export function shiftShareSE(options: ShiftShareOptions): ShiftShareResult {
  checkOptions("shiftShareSE", options, KNOWN);
  const { method, level = 0.95, beta0 = 0 } = options;
  if (method !== "akm" && method !== "akm0") throw new OptionsError(`shiftShareSE: method must be "akm" or "akm0", got ${JSON.stringify(method)}.`);
  if (!(level > 0 && level < 1)) throw new OptionsError(`shiftShareSE: level must lie strictly between 0 and 1 (e.g. 0.95), got ${level}.`);
  if (!Number.isFinite(beta0)) throw new OptionsError(`shiftShareSE: beta0 must be a finite number, got ${beta0}.`);
  checkWeightsOption("shiftShareSE", options.weights);
  const { frame, columns } = shiftShareModel("shiftShareSE", options);
  const shares = readShares(options.shares, toDataColumns(options.data).nrows, frame.rows);
  const unexposedRows = checkUnexposedRows(shares, columns.x, options.shiftShare, frame.rows);
  if (options.shocks !== undefined) checkShocks(shares, columns.x, options.shiftShare, options.shocks, frame.rows);
  const clusters = options.sectorCluster === undefined ? undefined : sectorClusterCodes(options.sectorCluster, shares.ncols);
  const numbers = estimate(columns, shares, frame.weights, clusters, normalQuantile(1 - (1 - level) / 2), beta0, options.shiftShare);
  return assemble(numbers, { method, level, beta0, frame, model: columns.model, unexposedRows, shares });
}

/** Partials, backs out the shocks, and computes both methods. */
function estimate(columns: ShiftShareColumns, shares: SparseShares, weights: Float64Array | undefined, clusters: { codes: Int32Array; nClusters: number } | undefined, z: number, beta0: number, name: string): AkmNumbers & { kept: Int32Array; dropped: number[]; shocks: Float64Array; nClusters: number } {
  const { ddX, ddY, ddD } = partialColumns("shiftShareSE", columns, weights, name);
  const { factor, dropped } = shareFactor(shares, weights);
  if (factor.kept.length === 0) throw new IdentificationError("shiftShareSE: every share column is zero on the estimation sample; there are no sectors to back shocks out for.");
  const plain = { kept: factor.kept, dropped };
  const hX = leastSquaresOnShares(shares, factor, plain.kept, ddX, weights, 2).coef;
  const codes = clusters ? densify(Int32Array.from(plain.kept, (s) => clusters.codes[s])) : undefined;
  const nClusters = codes ? codes.nClusters : plain.kept.length;
  const numbers = akmNumbers({ ddX, ddY, ddD, weights, shares, kept: plain.kept, shocks: hX, clusterCodes: codes?.codes, nClusters, z, beta0 });
  const shocks = new Float64Array(shares.ncols).fill(NaN);
  plain.kept.forEach((s, m) => (shocks[s] = hX[m]));
  return { ...numbers, kept: plain.kept, dropped: plain.dropped, shocks, nClusters };
}

/** Largest ratio of weights for which a weighted factor without near-collinear columns proves the unweighted one has none (see `shareFactor`). */
const MAX_WEIGHT_RATIO = 1e6;

/**
 * The columns R's `qr(W)` keeps and the factor of W′ΩW on them. Exact collinearity does not depend on
 * positive weights, and a column's remaining-norm ratio unweighted is at least the weighted one times
 * √(min ω / max ω). So when the weighted factorisation keeps every non-zero column by its screen (ratio
 * above 1e-3) and max ω / min ω ≤ 1e6, no column can fall below R's 1e-7 unweighted: one factorisation
 * does. Otherwise the columns are chosen on the unweighted W first, as ShiftShareSE does.
 */
function shareFactor(shares: SparseShares, weights: Float64Array | undefined): { factor: ShareFactor; dropped: number[] } {
  const all = Int32Array.from({ length: shares.ncols }, (_, s) => s);
  if (weights) {
    const weighted = factorShares(shares, sharesGram(shares, weights), all, weights, "drop");
    let lo = Infinity;
    let hi = 0;
    for (const w of weights) {
      if (w < lo) lo = w;
      if (w > hi) hi = w;
    }
    if (weighted.screened && hi <= MAX_WEIGHT_RATIO * lo) return { factor: weighted, dropped: weighted.dropped };
  }
  const plain = factorShares(shares, sharesGram(shares), all, undefined, "drop");
  if (!weights) return { factor: plain, dropped: plain.dropped };
  const throwFor = "shiftShareSE: share column {sector} is collinear with earlier ones once weighted (ShiftShareSE would return NA); drop that sector or check the weights.";
  return { factor: factorShares(shares, sharesGram(shares, weights), plain.kept, weights, { throwFor }), dropped: plain.dropped };
}

/** Renumbers codes 0..G−1 over the values present (R's factor() of the kept sectors' clusters). */
function densify(codes: Int32Array): { codes: Int32Array; nClusters: number } {
  const map = new Map<number, number>();
  const out = codes.map((c) => {
    let d = map.get(c);
    if (d === undefined) map.set(c, (d = map.size));
    return d;
  });
  return { codes: out, nClusters: map.size };
}

/** The public result from the numbers. */
function assemble(
  n: ReturnType<typeof estimate>,
  c: { method: "akm" | "akm0"; level: number; beta0: number; frame: ModelFrame; model: "ols" | "iv"; unexposedRows: number; shares: SparseShares },
): ShiftShareResult {
  const z = normalQuantile(1 - (1 - c.level) / 2);
  const akm = c.method === "akm";
  const set: ShiftShareConfidenceSet = akm ? { kind: "interval", lower: n.estimate - z * n.akm.se, upper: n.estimate + z * n.akm.se } : n.akm0.set;
  const what = akm ? "AKM standard error" : "AKM0 (null imposed) p-value and confidence set";
  const fixedEffects = c.frame.fixedEffects.map((f) => f.name);
  return {
    estimate: n.estimate,
    se: akm ? n.akm.se : n.akm0.se,
    ci: setHull(set),
    p: akm ? n.akm.p : n.akm0.p,
    ...(akm ? {} : { seNull: n.akm0.seNull }),
    set,
    bounded: set.kind === "interval",
    method: c.method,
    model: c.model,
    level: c.level,
    beta0: c.beta0,
    nobs: c.frame.nobs,
    dropped: c.frame.dropped,
    unexposedRows: c.unexposedRows,
    nSectors: n.kept.length,
    droppedSectors: n.dropped,
    nSectorClusters: n.nClusters,
    shocks: n.shocks,
    fixedEffects,
    label: `${what} (Adão, Kolesár & Morales 2019; as ShiftShareSE ${c.model === "iv" ? "ivreg_ss" : "reg_ss"}${fixedEffects.length > 0 ? `, fixed effects ${fixedEffects.join(" + ")} partialled out` : ""}), ${n.kept.length} sectors in ${n.nClusters} clusters, normal critical values`,
  };
}
