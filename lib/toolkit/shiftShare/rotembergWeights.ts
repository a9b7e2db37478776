/**
 * Rotemberg weights of a Bartik (shift-share) instrument, Goldsmith-Pinkham, Sorkin & Swift (2020),
 * "Bartik Instruments: What, When, Why, and How", AER 110(8), §III: the 2SLS estimate with the instrument
 * B = Σ_k g_k Z_k is a weighted sum of the just-identified estimates that use one share column Z_k each,
 *
 *   β̂_Bartik = Σ_k α_k β_k,   α_k = g_k Z_k′Ωx̃ / Σ_j g_j Z_j′Ωx̃,   β_k = Z_k′Ωỹ / Z_k′Ωx̃,   Σ_k α_k = 1,
 *
 * with x̃ = Mx, ỹ = My, M = I − V(V′ΩV)⁻¹V′Ω, V = [controls, 1], Ω = diag(weights). α and β are R
 * bartik.weight's `bw()` (src/bw.cpp); γ_k and π_k, the reduced-form and first-stage coefficients on Z_k
 * alone with the controls, are its Stata `bartik_weight.ado` (branch with controls):
 *
 *   γ_k = Z_k′Ωỹ / Z̃_k′ΩZ̃_k,   π_k = Z̃_k′Ωx̃ / Z̃_k′ΩZ̃_k,   Z̃_k = MZ_k   (so β_k = γ_k / π_k).
 *
 * The intercept is always a control, also when `controls` is empty (the ado's branch without controls
 * divides by the uncentred Z_k′ΩZ_k instead; the kit does not copy that).
 *
 * Fixed effects (`fixedEffects: ["code", "year"]`) are absorbed: M then also projects off their dummies,
 * by weighted demeaning (Frisch–Waugh–Lovell; controlProjection.ts), so α, β, γ, π are bw()'s with the
 * dummies among the controls, and each sector's first-stage F counts them as R fixest does with
 * `| code + year` (design §4: K = p + Σ L_f − (F − 1); nested in the cluster, not counted).
 */
import type { DataInput } from "../../design/input";
import type { FixedEffectFactor } from "../../design/factor";
import { toDataColumns } from "../../design/input";
import { numericColumn } from "../../design/columns";
import { readWeights } from "../../design/weights";
import { DataError, IdentificationError, OptionsError } from "../../errors";
import { checkOptions } from "../../options";
import { requireColumn } from "../tableData";
import { controlProjection, residualizeScaled, scaledResiduals, type ControlProjection } from "./controlProjection";
import { readFixedEffects } from "./absorbedEffects";
import { readShares, readShocks, sectorNames, zeroShareRows, type SparseShares } from "./shareMatrix";
import { firstStageSetup, sectorFirstStageF, type FirstStageSetup, type FirstStageVcov } from "./sectorFirstStage";

export type { FirstStageVcov, FirstStageCluster } from "./sectorFirstStage";

/** The input of `rotembergWeights` (design §3a; `fixedEffects`, `sectors` and `firstStageVcov` are the kit's additions). */
export interface RotembergInput {
  /** The data: an arquero table, an object of equal-length columns, or an array of row objects. */
  data: DataInput;
  /** The outcome y. */
  outcome: string;
  /** The endogenous regressor x, instrumented by the Bartik instrument Σ_k g_k Z_k. */
  endogenous: string;
  /** Control columns (the intercept is always added). */
  controls?: string[];
  /** Fixed effects to absorb (e.g. ["code", "year"]): partialled out with the controls and counted in each sector's first-stage F as fixest counts `| code + year`. */
  fixedEffects?: string[];
  /** One row of sector shares per data row, in the data's row order (K sectors). */
  shares: ArrayLike<number>[];
  /** One shock g_k per sector, in the shares' column order. */
  shocks: ArrayLike<number>;
  /** A column of non-negative regression weights (bw()'s `weight`, the ado's `weight_var`). */
  weights?: string;
  /** Sector names, one per share column (default "s1" … "sK"). */
  sectors?: string[];
  /** Variance of each sector's first-stage F (default "iid", design §4); GPSS cluster by region. */
  firstStageVcov?: FirstStageVcov;
}

/** Rotemberg weights and the per-sector estimates, one number per sector in the shares' column order. */
export interface RotembergWeights {
  /** Rotemberg weight α_k (sums to 1). 0 for a sector whose shock is 0. */
  alpha: number[];
  /** Just-identified estimate β_k with Z_k alone as instrument. NaN when Z_k′Ωx̃ = 0. */
  beta: number[];
  /** Reduced-form coefficient γ_k of y on Z_k with the controls. NaN when Z̃_k = 0. */
  gamma: number[];
  /** First-stage coefficient π_k of x on Z_k with the controls. NaN when Z̃_k = 0. */
  pi: number[];
  /** The shocks g_k as given. */
  shocks: number[];
  /** Sector names. */
  sectors: string[];
  /** First-stage F of each sector's share alone, under `firstStageVcov`. */
  firstStageF: number[];
  /** The variance behind `firstStageF`. */
  firstStageVcov: string;
  /** The Bartik 2SLS estimate B̃′Ωỹ / B̃′Ωx̃, computed from B = Σ_k g_k Z_k directly (equals Σ α_k β_k). */
  bartikEstimate: number;
  /** Rows used (all rows; zero-weight rows count here but not in the F's degrees of freedom). */
  nobs: number;
  /** 0-based rows whose shares are all zero (their instrument is 0; allowed as in bw()). */
  zeroShareRows: number[];
  /** Controls dropped as collinear with the earlier ones (and the intercept, or the fixed effects). */
  droppedControls: string[];
  /** The fixed effects absorbed (empty without). */
  fixedEffects: string[];
}

const ROTEMBERG_KEYS = ["data", "outcome", "endogenous", "controls", "fixedEffects", "shares", "shocks", "weights", "sectors", "firstStageVcov"] as const satisfies readonly (keyof RotembergInput)[];
const WHERE = "rotembergWeights";

/** Reads a numeric column and refuses missing values: rows cannot be dropped, because the shares are matched by row. */
function completeColumn(table: ReturnType<typeof toDataColumns>, name: string, role: string): Float64Array {
  requireColumn(table, name, WHERE, role);
  const values = numericColumn(table, name, role);
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) {
      throw new DataError(`${WHERE}: the ${role} "${name}" is missing in row ${i + 1}; drop that row from both the data and the shares first (they are matched by row).`);
    }
  }
  return values;
}

/** Σ a_i b_i. */
function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** The √ω-scaled copy of a column. */
function scaled(values: Float64Array, sqrtWeights: Float64Array): Float64Array {
  return values.map((v, i) => v * sqrtWeights[i]);
}

/** The columns of the decomposition, read and checked. */
interface RotembergColumns {
  y: Float64Array;
  x: Float64Array;
  v: Float64Array[];
  controls: string[];
  weights: Float64Array;
  fixedEffects: FixedEffectFactor[];
}

/** Reads y, x, the controls, the weights and the fixed effects; rows are never dropped. */
function readColumns(input: RotembergInput, table: ReturnType<typeof toDataColumns>): RotembergColumns {
  const controls = input.controls ?? [];
  if (!Array.isArray(controls)) throw new OptionsError(`${WHERE}: controls must be an array of column names, got ${JSON.stringify(controls)}.`);
  return {
    y: completeColumn(table, input.outcome, "outcome"),
    x: completeColumn(table, input.endogenous, "endogenous variable"),
    v: controls.map((name) => completeColumn(table, name, "control")),
    controls,
    weights: input.weights === undefined ? new Float64Array(table.nrows).fill(1) : readCompleteWeights(table, input.weights),
    fixedEffects: input.fixedEffects === undefined ? [] : readFixedEffects(table, input.fixedEffects, WHERE),
  };
}

/**
 * α, β, γ, π per sector (GPSS 2020), the per-sector first-stage F, and the Bartik 2SLS estimate.
 *
 *   α_k = g_k Z_k′Ωx̃ / Σ_j g_j Z_j′Ωx̃,  β_k = Z_k′Ωỹ / Z_k′Ωx̃,  γ_k = Z_k′Ωỹ / Z̃_k′ΩZ̃_k,  π_k = Z̃_k′Ωx̃ / Z̃_k′ΩZ̃_k
 *
 * As R bartik.weight 0.1.0 `bw()` (α, β) and Stata `bartik_weight.ado` with controls (γ, π); checked on all
 * 780 share columns of the package's ADH example to a relative 1e-8. Rows are never dropped (the shares are
 * matched by row): a missing value is an error. See `rotembergSummary` for the GPSS table.
 * @throws OptionsError for an unknown option; DataError for an unknown or incomplete column, a share matrix
 *   whose row count differs from the data's, a share or shock that is not a finite number, shocks of the
 *   wrong length, negative weights; IdentificationError when the Bartik instrument has no first stage
 *   (Σ_j g_j Z_j′Ωx̃ = 0 after the controls).
 * @example
 * const w = rotembergWeights({ data: master, outcome: "d_sh_empl_mfg", endogenous: "d_tradeusch_pw",
 *   controls, shares, shocks: global.trade_, weights: "timepwt48" });
 * w.alpha.reduce((a, b) => a + b) // 1
 */
export function rotembergWeights(input: RotembergInput): RotembergWeights {
  checkOptions(WHERE, input, ROTEMBERG_KEYS);
  if (input === undefined) throw new OptionsError(`${WHERE}: give { data, outcome, endogenous, controls, shares, shocks }.`);
  const table = toDataColumns(input.data);
  const n = table.nrows;
  const { y, x, v, controls, weights, fixedEffects } = readColumns(input, table);
  const share = readShares(input.shares, n, undefined, WHERE);
  const k = share.ncols;
  const g = readShocks(input.shocks, k, WHERE);
  const sectors = sectorNames(input.sectors, k, WHERE, "sectors");

  const projection = controlProjection(v, weights, { fixedEffects });
  const sw = projection.sqrtWeights;
  const xs = scaledResiduals(projection, x);
  const ys = scaledResiduals(projection, y);
  const setup = firstStageSetup(table, input.firstStageVcov ?? "iid", weights, projection.p + 1, WHERE, fixedEffects);

  const { zx, beta, gamma, pi, firstStageF, bartik } = sectorEstimates(share, g, projection, xs, ys, setup);
  const bs = scaledResiduals(projection, bartik);
  const denominator = checkFirstStage(zx, g, bs, xs, scaled(x, sw), scaled(bartik, sw), input.endogenous);
  const alpha = Array.from(zx, (c, s) => (g[s] === 0 || c === 0 ? 0 : (g[s] * c) / denominator));

  return {
    alpha,
    beta,
    gamma,
    pi,
    shocks: Array.from(g),
    sectors,
    firstStageF,
    firstStageVcov: setup.label,
    bartikEstimate: dot(bs, ys) / dot(bs, xs),
    nobs: n,
    zeroShareRows: zeroShareRows(share),
    droppedControls: projection.dropped.map((j) => controls[j]),
    fixedEffects: fixedEffects.map((f) => f.name),
  };
}

/** The per-sector sums on the √ω scale, and the Bartik instrument B = Σ_k g_k Z_k on the raw scale. */
interface SectorEstimates {
  zx: Float64Array;
  beta: number[];
  gamma: number[];
  pi: number[];
  firstStageF: number[];
  bartik: Float64Array;
}

/**
 * One pass over the share columns: Z_k′Ωx̃ and Z_k′Ωỹ over the non-zero shares, then Z̃_k = MZ_k for
 * γ_k, π_k and the sector's first-stage F (demeaned by the fixed effects first when there are any);
 * B accumulates on the way.
 * @hotLoop 780 sectors × n rows
 */
function sectorEstimates(share: SparseShares, g: Float64Array, projection: ControlProjection, xs: Float64Array, ys: Float64Array, setup: FirstStageSetup): SectorEstimates {
  const { nrows: n, ncols: k, colStart, colIndex, colValues } = share;
  const sw = projection.sqrtWeights;
  const zx = new Float64Array(k);
  const beta = new Array<number>(k);
  const gamma = new Array<number>(k);
  const pi = new Array<number>(k);
  const firstStageF = new Array<number>(k);
  const zt = new Float64Array(n);
  const work = new Float64Array(projection.p);
  const bartik = new Float64Array(n);
  const zRaw = new Float64Array(n);
  for (let s = 0; s < k; s++) {
    zt.fill(0);
    let sx = 0;
    let sy = 0;
    for (let m = colStart[s]; m < colStart[s + 1]; m++) {
      const i = colIndex[m];
      const zs = colValues[m] * sw[i];
      zt[i] = zs;
      sx += zs * xs[i];
      sy += zs * ys[i];
      bartik[i] += g[s] * colValues[m];
    }
    zx[s] = sx;
    beta[s] = sx !== 0 ? sy / sx : NaN;
    if (projection.demeaner) zt.set(scaledResiduals(projection, rawColumn(share, s, zRaw)));
    else residualizeScaled(projection, zt, zt, work, false);
    const zz = dot(zt, zt);
    gamma[s] = zz > 0 ? sy / zz : NaN;
    pi[s] = zz > 0 ? dot(zt, xs) / zz : NaN;
    firstStageF[s] = sectorFirstStageF(setup, zt, xs, zz, pi[s]);
  }
  return { zx, beta, gamma, pi, firstStageF, bartik };
}

/** Share column s as a dense raw column, written into `out` (cleared first). */
function rawColumn(share: SparseShares, s: number, out: Float64Array): Float64Array {
  out.fill(0);
  for (let m = share.colStart[s]; m < share.colStart[s + 1]; m++) out[share.colIndex[m]] = share.colValues[m];
  return out;
}

/** Smallest share of a column's variation (or R² of x̃ on B̃) the kit still treats as non-zero, as its collinearity tolerance. */
const NO_VARIATION = 1e-10;

/**
 * Σ_k g_k Z_k′Ωx̃ (= B̃′Ωx̃, the Bartik instrument's first-stage covariance), after checking that x and B vary
 * beyond the controls and that the R² of x̃ on B̃ is at least 1e-10 (a first-stage F of about 1e-10 · n: none).
 * @throws IdentificationError naming which of the three fails.
 */
function checkFirstStage(zx: Float64Array, g: Float64Array, bs: Float64Array, xs: Float64Array, xRaw: Float64Array, bRaw: Float64Array, endogenous: string): number {
  const xx = dot(xs, xs);
  if (!(xx > NO_VARIATION * dot(xRaw, xRaw))) {
    throw new IdentificationError(`${WHERE}: "${endogenous}" does not vary beyond the controls (and the intercept), so no instrument has a first stage; check the column and the controls.`);
  }
  const bb = dot(bs, bs);
  if (!(bb > NO_VARIATION * dot(bRaw, bRaw))) {
    throw new IdentificationError(`${WHERE}: the Bartik instrument Σ_k g_k Z_k does not vary beyond the controls (are all shocks 0, or the shares explained by the controls?), so it has no first stage and the Rotemberg weights are undefined.`);
  }
  let denominator = 0;
  for (let s = 0; s < zx.length; s++) denominator += g[s] * zx[s];
  if (!((denominator * denominator) / (bb * xx) >= NO_VARIATION)) {
    throw new IdentificationError(`${WHERE}: the Bartik instrument Σ_k g_k Z_k has no first stage: after the controls it is uncorrelated with "${endogenous}" (R² below 1e-10), so the Rotemberg weights α_k = g_k Z_k′Ωx̃ / Σ_j g_j Z_j′Ωx̃ are undefined.`);
  }
  return denominator;
}

/** The weights column, with a missing weight an error (rows cannot be dropped) and negative weights refused. */
function readCompleteWeights(table: ReturnType<typeof toDataColumns>, name: string): Float64Array {
  if (typeof name !== "string") throw new OptionsError(`${WHERE}: weights must be the name of a numeric column, got ${JSON.stringify(name)}.`);
  const keep = new Uint8Array(table.nrows).fill(1);
  const { values } = readWeights(table, name, keep);
  const missing = keep.indexOf(0);
  if (missing >= 0) {
    throw new DataError(`${WHERE}: the weights column "${name}" is missing in row ${missing + 1}; drop that row from both the data and the shares first, or give it weight 0.`);
  }
  return values;
}

