/**
 * The permutation test of `compareGroups` (c): the group labels are reassigned across units — the
 * clusters (cities) when the group is constant within them, otherwise rows — keeping the number of
 * units in each group, both groups are refitted on the pooled sample (fixed-effect codes computed
 * once, 0/1 weights), and the observed statistic is compared with its permutation distribution. On a
 * balanced panel whose permuted units are one fixed effect's levels, a group's X̃′X̃ comes from unit
 * summaries (solve/balancedCrossSums.ts), equal to the row-by-row sums up to rounding.
 *
 * Two statistics:
 * - "studentized" (the default): T = d/se(d), d = β_second − β_first and se(d) the SUEST standard error
 *   recomputed on every permutation from the two refits' score contributions stacked by unit,
 *   Var(d) = c·Σ_g (Σ_{i∈g} s_i·ψ_i)², ψ_i = (B x̃_i)_coef·u_i the row's influence on its group's
 *   coefficient (B = (X̃′X̃)⁻¹ of its group), s_i = +1 in the second group and −1 in the first; units g
 *   the first cluster variable (or rows; two-way clustering: V₁ + V₂ − V₁∩₂), c = G/(G − 1) or N/(N − 1)
 *   as Stata's suest. Chung & Romano (2013), "Exact and asymptotically robust permutation tests", Annals
 *   of Statistics 41(2), 484–507: exact under the sharp null that the labels do not matter, and
 *   asymptotically valid for H₀: β_first = β_second even when the groups differ in size and variance.
 * - "difference": T = d, unstudentized. Exact under the sharp null only; with unequal group sizes and
 *   variances it does not control the size of a test of equal coefficients (Chung & Romano 2013, §2).
 *
 * p-values count |T*| ≥ |T|·(1 − 10⁻⁹) (the tolerance makes a tie computed in a different order count):
 * p = (1 + count)/(1 + valid draws) for random permutations (Phipson & Smyth 2010), seeded
 * (xoshiro128**); with `exact`, every assignment of the labels is enumerated (the observed one among
 * them) and p = count/assignments, free of random numbers.
 */
import { Demeaner, type WeightedBalancedCross } from "../absorb/demean";
import { positiveRows, ReweightedColumns } from "../absorb/reweightedColumns";
import { referenceSumsOfSquares } from "../absorb/absorbFrame";
import { factorColumn } from "../design/columns";
import { densifyCodes, type FixedEffectFactor } from "../design/factor";
import { toDataColumns, type Cell } from "../design/input";
import { buildModelFrame, type ModelFrame } from "../design/modelFrame";
import { OptionsError } from "../errors";
import { checkOptions } from "../options";
import { isCentred } from "../estimate/linear";
import { parseFormula } from "../formula/parse";
import { Rng } from "../random/rng";
import { equilibratedCholesky, solveCholeskyInPlace } from "../solve/cholesky";
import { balancedCrossSums } from "../solve/balancedCrossSums";
import { crossProducts } from "../solve/crossProducts";

/** The permutation statistics `compareGroups` offers. */
export type PermutationStatistic = "studentized" | "difference";

/** Options of the permutation test. */
export interface PermutationOptions {
  /** Number of random permutations (default 499); not with `exact`. */
  draws?: number;
  /** Seed, an integer in [0, 2³²) (default 20260301); not with `exact`. */
  seed?: number;
  /**
   * The unit whose labels are permuted: a column within which `by` is constant. Default: the (first)
   * cluster variable of `vcov` if `by` is constant within it, otherwise rows.
   */
  unit?: string;
  /** "studentized" (default): d/se(d) with the SUEST se recomputed on each permutation (Chung & Romano 2013); "difference": d itself. */
  statistic?: PermutationStatistic;
  /** Enumerate every assignment of the labels instead of drawing (at most 20,000 assignments): an exact, RNG-free p-value. */
  exact?: boolean;
}

/** The permutation test of the difference. */
export interface PermutationTest {
  /** The statistic permuted. */
  statistic: PermutationStatistic;
  /** What was done, for sentences and summaries (e.g. "studentized permutation test (Chung & Romano 2013)"). */
  label: string;
  /** True when every assignment was enumerated. */
  exact: boolean;
  /** Random draws: (1 + #{|T*| ≥ |T|})/(1 + valid) (Phipson & Smyth 2010); exact: #{|T*| ≥ |T|}/assignments. */
  p: number;
  /** Permutations drawn, or the number of assignments enumerated when `exact`. */
  draws: number;
  /** Permutations whose refits gave a finite statistic (those counted). */
  valid: number;
  /** Permutations whose statistic was not finite: draws − valid. */
  failed: number;
  /** The generator's seed (xoshiro128**); undefined when `exact`. */
  seed?: number;
  /** The unit permuted: a column name, or "rows". */
  unit: string;
  /** Number of units permuted (clusters or rows). */
  units: number;
  /** The observed statistic T: d/se(d) (studentized) or d. */
  observed: number;
  /** The difference d as the refits compute it (equal to the comparison's `difference` up to rounding). */
  difference: number;
  /** se(d) of the observed labels (studentized; NaN for "difference"). */
  se: number;
  /** The permuted statistics T*, in draw (or enumeration) order, finite ones only. */
  distribution: number[];
}

/** Default number of permutations (design §7: fast defaults; pass 999+ for publication). */
export const DEFAULT_PERMUTATION_DRAWS = 499;
/** Default seed of the permutations' generator (xoshiro128**). */
export const DEFAULT_PERMUTATION_SEED = 20260301;
/** The most assignments `exact` enumerates. */
export const MAX_EXACT_ASSIGNMENTS = 20000;
/** Relative tolerance of |T*| ≥ |T|. */
const TIE_TOLERANCE = 1e-9;

/** The keys of `compareGroups`' `permutations` option. */
export const PERMUTATION_OPTION_KEYS = ["draws", "seed", "unit", "statistic", "exact"] as const;

/** The permutation test's settings, checked, with defaults filled in (`unit` undefined: chosen by `permutationUnits`). */
export interface PermutationSettings {
  draws: number;
  seed: number;
  unit?: string;
  statistic: PermutationStatistic;
  exact: boolean;
}

/** Throws an OptionsError unless `value` is an integer in [min, max). */
export function checkInteger(value: number, what: string, min: number, max = Infinity): void {
  if (!(Number.isInteger(value) && value >= min && value < max)) throw new OptionsError(`${what} must be an integer ≥ ${min}${max < Infinity ? ` and < ${max}` : ""}, got ${JSON.stringify(value)}.`);
}

/** Checks the `permutations` option (known keys, draws, seed, statistic, exact) and fills in the defaults. */
export function permutationSettings(p: PermutationOptions | undefined): PermutationSettings | undefined {
  if (p === undefined) return undefined;
  if (p === null || typeof p !== "object") throw new OptionsError("compareGroups: permutations must be an object such as { draws: 499, seed: 1 }.");
  checkOptions("compareGroups (permutations)", p, PERMUTATION_OPTION_KEYS);
  const statistic = p.statistic ?? "studentized";
  if (statistic !== "studentized" && statistic !== "difference") throw new OptionsError(`compareGroups: permutations.statistic must be "studentized" or "difference", got ${JSON.stringify(p.statistic)}.`);
  const exact = p.exact ?? false;
  if (typeof exact !== "boolean") throw new OptionsError(`compareGroups: permutations.exact must be true or false, got ${JSON.stringify(p.exact)}.`);
  if (exact && (p.draws !== undefined || p.seed !== undefined)) throw new OptionsError("compareGroups: permutations.exact enumerates every assignment of the labels; leave out draws and seed.");
  const settings = { draws: p.draws ?? DEFAULT_PERMUTATION_DRAWS, seed: p.seed ?? DEFAULT_PERMUTATION_SEED, unit: p.unit, statistic, exact };
  checkInteger(settings.draws, "permutations.draws", 1);
  checkInteger(settings.seed, "permutations.seed", 0, 4294967296);
  return settings;
}

/** One group's refit: its coefficient, the rows it used and each row's influence ψ on the coefficient. */
interface GroupRefit {
  coefficient: number;
  rows: Int32Array;
  influence: Float64Array;
}

/** The units over which the SUEST scores are summed, with the sign of their outer product and c. */
interface ScoreUnits {
  dimensions: { codes: Int32Array; nUnits: number; sign: number }[];
  factor: number;
}

/** The variance units of the studentized statistic: rows, one cluster variable, or two (with their intersection). */
function scoreUnits(frame: ModelFrame): ScoreUnits {
  const n = frame.nobs;
  const clusters: FixedEffectFactor[] = frame.clusters;
  if (clusters.length === 0) return { dimensions: [{ codes: Int32Array.from({ length: n }, (_, i) => i), nUnits: n, sign: 1 }], factor: n / (n - 1) };
  const dense = clusters.map((c) => densifyCodes(c.codes));
  if (dense.length === 1) return { dimensions: [{ codes: dense[0].codes, nUnits: dense[0].nLevels, sign: 1 }], factor: dense[0].nLevels / (dense[0].nLevels - 1) };
  const pairs = densifyCodes(Int32Array.from(dense[0].codes, (a, i) => a * dense[1].nLevels + dense[1].codes[i]));
  const gMin = Math.min(dense[0].nLevels, dense[1].nLevels);
  return {
    dimensions: [
      { codes: dense[0].codes, nUnits: dense[0].nLevels, sign: 1 },
      { codes: dense[1].codes, nUnits: dense[1].nLevels, sign: 1 },
      { codes: pairs.codes, nUnits: pairs.nLevels, sign: -1 },
    ],
    factor: gMin / (gMin - 1),
  };
}

/**
 * X'X and X'y of a group's refit, the regressors' yardsticks Σ (x − x̄)² on the group's rows, and the
 * rows' influences ψ_i = (B x̃_i)_coef · u_i = (Σ_a h_a x̃_a,i) · (ỹ_i − Σ_a b_a x̃_a,i) once solved (a over
 * the kept columns, h the bread row, b the coefficients).
 */
interface GroupSums {
  xtx: ArrayLike<number>[];
  xty: ArrayLike<number>;
  reference: ArrayLike<number>;
  influences: (kept: number[], b: Float64Array, h: Float64Array) => Float64Array;
}

/**
 * Least squares by the normal equations, for the many refits of a permutation test: X'X equilibrated
 * (unit diagonal) and factored by an in-order Cholesky that drops a column whose pivot falls below the
 * collinearity tolerance relative to its reference sum of squares (the rule of `orthogonalize`). Returns
 * the kept columns, their coefficients, the coefficient of column `target` and row `target` of
 * (X'X)⁻¹ over the kept columns; undefined when `target` is dropped.
 */
function normalEquations({ xtx, xty, reference }: GroupSums, target: number): { kept: number[]; coef: Float64Array; coefficient: number; breadRow: Float64Array } | undefined {
  const { kept, L, scale } = equilibratedCholesky(xtx, reference);
  const position = kept.indexOf(target);
  if (position < 0) return undefined;
  const k = kept.length;
  const solve = (z: Float64Array): Float64Array => solveCholeskyInPlace(L, z);
  const coef = solve(Float64Array.from(kept, (c) => xty[c] * scale[c])).map((v, m) => v * scale[kept[m]]);
  const unit = new Float64Array(k);
  unit[position] = 1;
  const breadRow = solve(unit).map((v, m) => v * scale[kept[m]] * scale[target]);
  return { kept, coef, coefficient: coef[position], breadRow };
}

/**
 * The two linear forms of the influences ψ (`GroupSums`) over the rows r = rows[j]: fitted_j = Σ_a h_a x_a[r]
 * and residual_j = y[r] − Σ_a b_a x_a[r], a over the columns X in order. Four columns share a pass
 * over the rows, each sum keeping its order; a short last block pads with h = b = 0, which changes
 * no sum.
 */
function linearForms(X: Float64Array[], y: Float64Array, b: ArrayLike<number>, h: ArrayLike<number>, rows: Int32Array): { fitted: Float64Array; residual: Float64Array } {
  const m = rows.length;
  const fitted = new Float64Array(m);
  const residual = new Float64Array(m);
  for (let j = 0; j < m; j++) residual[j] = y[rows[j]];
  for (let a = 0; a < X.length; a += 4) {
    const columns = [a, a + 1, a + 2, a + 3].map((c) => (c < X.length ? c : a));
    const [x0, x1, x2, x3] = columns.map((c) => X[c]);
    const [b0, b1, b2, b3] = columns.map((c, q) => (a + q < X.length ? b[c] : 0));
    const [h0, h1, h2, h3] = columns.map((c, q) => (a + q < X.length ? h[c] : 0));
    for (let j = 0; j < m; j++) {
      const r = rows[j];
      residual[j] = residual[j] - b0 * x0[r] - b1 * x1[r] - b2 * x2[r] - b3 * x3[r];
      fitted[j] = fitted[j] + h0 * x0[r] + h1 * x1[r] + h2 * x2[r] + h3 * x3[r];
    }
  }
  return { fitted, residual };
}

/**
 * The pooled sample prepared once for the refits of both groups under any labelling of the units:
 * the model frame (singletons kept), its fixed-effect codes in one weighted demeaner, the variance units,
 * the response and regressors with their weight-free parts (`ReweightedColumns`).
 */
export class GroupRefitter {
  /** The model frame of the pooled sample. */
  readonly frame: ModelFrame;
  private readonly demeaner: Demeaner;
  private readonly centred: boolean;
  private readonly coefIndex: number;
  private readonly units: ScoreUnits;
  /** The response and the regressors, raw, demeaned under each group's weights. */
  private readonly columns: ReweightedColumns;
  /** Their demeaned values on a group's rows (the first m entries of each). */
  private readonly buffers: Float64Array[];
  /** 0, 1, …, nobs − 1: the rows of the demeaned buffers, for `linearForms`. */
  private readonly allRows: Int32Array;
  /** The 0/1 weights of the first and the second group, rewritten for each labelling. */
  private readonly groupWeights: [Float64Array, Float64Array];
  /** Whether a group's sums may come from unit summaries (no intercept column, whose yardstick is its count). */
  private readonly fromUnitSummaries: boolean;

  constructor(formulaText: string, raw: Record<string, Cell[]>, coef: string, clusters: string[]) {
    this.frame = buildModelFrame(parseFormula(formulaText), toDataColumns(raw), { clusters, singletons: "keep" });
    this.demeaner = new Demeaner(this.frame.fixedEffects);
    this.centred = isCentred(this.frame);
    this.coefIndex = this.frame.exogenous.findIndex((c) => c.name === coef);
    this.units = scoreUnits(this.frame);
    this.columns = new ReweightedColumns([this.frame.response, ...this.frame.exogenous].map((c) => c.values));
    this.buffers = this.columns.values.map(() => new Float64Array(this.frame.nobs));
    this.allRows = Int32Array.from({ length: this.frame.nobs }, (_, i) => i);
    this.groupWeights = [new Float64Array(this.frame.nobs), new Float64Array(this.frame.nobs)];
    this.fromUnitSummaries = this.centred && this.frame.exogenous.every((c) => c.name !== "(Intercept)");
  }

  /** The refit on the rows of weight 1 (weights 0/1): weighted demeaning, then least squares on those rows. */
  private refit(weights: Float64Array): GroupRefit {
    const rows = positiveRows(weights);
    let sums: GroupSums;
    this.demeaner.setWeights(weights);
    try {
      const cross = this.fromUnitSummaries ? this.demeaner.weightedBalancedCross() : undefined;
      sums = cross ? this.sumsFromUnitSummaries(cross, weights, rows) : this.sumsRowByRow(rows);
    } finally {
      this.demeaner.setWeights(null);
    }
    const solved = normalEquations(sums, this.coefIndex);
    if (!solved) return { coefficient: NaN, rows, influence: new Float64Array(0) };
    return { coefficient: solved.coefficient, rows, influence: sums.influences(solved.kept, solved.coef, solved.breadRow) };
  }

  /**
   * A group's sums on a balanced cross of unit and period effects, whose 0/1 weights are constant within
   * units: from unit summaries (solve/balancedCrossSums.ts), and the influences from x̃ = d − m_t,
   * Σ_a h_a x̃_a = Σ_a h_a d_a − Σ_a h_a m_a,t (likewise for the residual), d the unit-centred columns.
   */
  private sumsFromUnitSummaries(cross: WeightedBalancedCross, weights: Float64Array, rows: Int32Array): GroupSums {
    const sums = balancedCrossSums(this.columns, cross, weights, rows);
    const [yy, ...xx] = sums.gram;
    const [dy, ...d] = this.columns.centredWithin(cross.unit);
    const [my, ...m] = sums.periodMeans;
    const periodCodes = cross.period.codes;
    const influences = (kept: number[], b: Float64Array, h: Float64Array): Float64Array => {
      const { fitted, residual } = linearForms(kept.map((c) => d[c]), dy, b, h, rows);
      const fittedShift = my.map((_, t) => kept.reduce((s, c, a) => s + h[a] * m[c][t], 0));
      const residualShift = my.map((mt, t) => kept.reduce((s, c, a) => s - b[a] * m[c][t], mt));
      for (let j = 0; j < rows.length; j++) {
        const t = periodCodes[rows[j]];
        fitted[j] = (fitted[j] - fittedShift[t]) * (residual[j] - residualShift[t]);
      }
      return fitted;
    };
    return { xtx: xx.map((row) => row.subarray(1)), xty: yy.subarray(1), reference: sums.centredSumsOfSquares.subarray(1), influences };
  }

  /** A group's sums row by row: its demeaned columns on its rows, X'X and X'y, the yardsticks of its raw columns. */
  private sumsRowByRow(rows: Int32Array): GroupSums {
    const m = rows.length;
    const [y, ...X] = this.buffers.map((b) => b.subarray(0, m));
    this.demeaner.demeanRows(this.columns, rows, [y, ...X]);
    const pick = (x: Float64Array): Float64Array => {
      const out = new Float64Array(m);
      for (let j = 0; j < m; j++) out[j] = x[rows[j]];
      return out;
    };
    const reference = referenceSumsOfSquares(this.frame.exogenous.map((c) => ({ name: c.name, values: pick(c.values) })), this.centred);
    const influences = (kept: number[], b: Float64Array, h: Float64Array): Float64Array => {
      const { fitted, residual } = linearForms(kept.map((c) => X[c]), y, b, h, this.allRows.subarray(0, m));
      for (let j = 0; j < m; j++) fitted[j] *= residual[j];
      return fitted;
    };
    return { ...crossProducts(X, X, y), reference, influences };
  }

  /** Var(d) = c·Σ_dimensions sign·Σ_g (Σ_{i∈g} s_i ψ_i)² from the two refits (first: s = −1, second: +1). */
  private differenceVariance(first: GroupRefit, second: GroupRefit): number {
    let total = 0;
    for (const { codes, nUnits, sign } of this.units.dimensions) {
      const sums = new Float64Array(nUnits);
      for (let j = 0; j < first.rows.length; j++) sums[codes[first.rows[j]]] -= first.influence[j];
      for (let j = 0; j < second.rows.length; j++) sums[codes[second.rows[j]]] += second.influence[j];
      let s = 0;
      for (let g = 0; g < nUnits; g++) s += sums[g] * sums[g];
      total += sign * s;
    }
    return this.units.factor * total;
  }

  /** d, se(d) and the statistic for a labelling of the rows (1 = second group), `rowLabel`. */
  statistic(rowLabel: ArrayLike<number>, statistic: PermutationStatistic): { difference: number; se: number; value: number } {
    const [wFirst, wSecond] = this.groupWeights;
    for (let i = 0; i < wFirst.length; i++) {
      wFirst[i] = rowLabel[i] ? 0 : 1;
      wSecond[i] = rowLabel[i] ? 1 : 0;
    }
    const first = this.refit(wFirst);
    const second = this.refit(wSecond);
    const difference = second.coefficient - first.coefficient;
    if (statistic === "difference" || !Number.isFinite(difference)) return { difference, se: NaN, value: difference };
    const se = Math.sqrt(this.differenceVariance(first, second));
    return { difference, se, value: difference / se };
  }
}

/** The number of ways to choose k of n, or Infinity once it exceeds `limit`. */
export function choose(n: number, k: number, limit = Number.MAX_SAFE_INTEGER): number {
  let c = 1;
  for (let j = 1; j <= Math.min(k, n - k); j++) {
    c = (c * (n - Math.min(k, n - k) + j)) / j;
    if (c > limit) return Infinity;
  }
  return Math.round(c);
}

/** Calls `visit` with every 0/1 labelling of n units that has k ones, in lexicographic order of the ones' positions. */
export function forEachAssignment(n: number, k: number, visit: (labels: Int8Array) => void): void {
  const positions = Array.from({ length: k }, (_, j) => j);
  const labels = new Int8Array(n);
  for (;;) {
    labels.fill(0);
    for (const p of positions) labels[p] = 1;
    visit(labels);
    let j = k - 1;
    while (j >= 0 && positions[j] === n - k + j) j--;
    if (j < 0) return;
    positions[j]++;
    for (let m = j + 1; m < k; m++) positions[m] = positions[m - 1] + 1;
  }
}

/** Whether |t| counts as at least as extreme as the observed |observed|. */
export function asExtreme(t: number, observed: number): boolean {
  return Math.abs(t) >= Math.abs(observed) * (1 - TIE_TOLERANCE);
}

/** The label of a permutation test, for summaries and sentences. */
export function permutationLabel(statistic: PermutationStatistic, exact: boolean): string {
  const kind = statistic === "studentized" ? "studentized permutation test (Chung & Romano 2013)" : "permutation test of the unstudentized difference (exact under the sharp null only)";
  return exact ? `exact ${kind}, every assignment enumerated` : kind;
}

/** The units whose labels are permuted, as `permutationUnits` chooses them. */
interface PermutationUnits {
  /** A column name, or "rows". */
  unit: string;
  /** Each row's unit, 0 … nUnits − 1. */
  codes: Int32Array;
  nUnits: number;
  /** Each unit's group label (0 = first level, 1 = second). */
  unitLabels: Int32Array;
}

/** Each unit's label when `labels` (per row) are constant within the units, else undefined. */
function constantWithin(labels: Int32Array, units: Int32Array, nUnits: number): Int32Array | undefined {
  const per = new Int32Array(nUnits).fill(-1);
  for (let i = 0; i < labels.length; i++) {
    const u = units[i];
    if (per[u] === -1) per[u] = labels[i];
    else if (per[u] !== labels[i]) return undefined;
  }
  return per;
}

/**
 * The permuted units: the `unit` option or else the first cluster variable, when the group is constant
 * within it; otherwise rows (with a note), or an OptionsError when that unit was asked for.
 */
function permutationUnits(refitter: GroupRefitter, raw: Record<string, Cell[]>, labels: Int32Array, by: string, clusters: string[], perm: PermutationSettings, notes: string[]): PermutationUnits {
  const n = refitter.frame.nobs;
  const rows: PermutationUnits = { unit: "rows", codes: Int32Array.from({ length: n }, (_, i) => i), nUnits: n, unitLabels: labels };
  const candidate = perm.unit ?? clusters[0];
  if (candidate === undefined) return rows;
  const all = factorColumn(toDataColumns(raw), candidate).codes;
  const dense = densifyCodes(Int32Array.from(refitter.frame.rows, (r) => all[r]));
  const per = constantWithin(labels, dense.codes, dense.nLevels);
  if (per) return { unit: candidate, codes: dense.codes, nUnits: dense.nLevels, unitLabels: per };
  if (perm.unit !== undefined) {
    throw new OptionsError(`The group variable "${by}" varies within levels of the permutation unit "${perm.unit}"; permute a unit within which the group is constant, or rows (omit unit without clustering).`);
  }
  notes.push(`"${by}" varies within the clusters (${candidate}), so the permutation test permutes rows.`);
  return rows;
}

/** What `permutationTest` needs of the comparison. */
export interface PermutationInputs {
  /** The formula of the group fits. */
  formulaText: string;
  /** The needed columns on the pooled sample (both groups' estimation samples). */
  raw: Record<string, Cell[]>;
  /** The group column. */
  by: string;
  /** Each group's expanded regressor names (a note when they differ from the pooled sample's). */
  groupRegressors: { level: string; names: string[] }[];
  /** The coefficient compared. */
  coef: string;
  /** The cluster variables of the vcov. */
  clusters: string[];
}

/**
 * (c) The permutation test (see the file comment): observed statistic, then the statistic under every
 * assignment (`exact`) or under `draws` seeded shuffles of the units' labels (one `rng.shuffle` each).
 */
export function permutationTest(inputs: PermutationInputs, perm: PermutationSettings, notes: string[]): PermutationTest {
  const { raw, by, coef, clusters } = inputs;
  const refitter = new GroupRefitter(inputs.formulaText, raw, coef, clusters);
  // factor codes of the pooled sample: 0 = first level, 1 = second (both present, sorted as `levels`)
  const byCodes = factorColumn(toDataColumns(raw), by).codes;
  const labels = Int32Array.from(refitter.frame.rows, (r) => byCodes[r]);
  for (const g of inputs.groupRegressors) {
    const pooled = refitter.frame.exogenous.map((c) => c.name).join(",");
    if (g.names.join(",") !== pooled) notes.push(`The group ${g.level} expands the regressors differently from the pooled sample (${g.names.join(",")} vs ${pooled}); the permutation refits use the pooled expansion.`);
  }
  const { unit, codes, nUnits, unitLabels } = permutationUnits(refitter, raw, labels, by, clusters, perm, notes);
  const rowLabel = new Int8Array(labels.length);
  const evaluate = (unitLabel: ArrayLike<number>) => {
    for (let i = 0; i < rowLabel.length; i++) rowLabel[i] = unitLabel[codes[i]];
    return refitter.statistic(rowLabel, perm.statistic);
  };
  const observed = evaluate(unitLabels);
  const distribution: number[] = [];
  let extreme = 0;
  const record = (value: number) => {
    if (!Number.isFinite(value)) return;
    distribution.push(value);
    if (asExtreme(value, observed.value)) extreme++;
  };
  const base = Array.from(unitLabels);
  const second = base.filter((l) => l === 1).length;
  let draws = perm.draws;
  if (perm.exact) {
    draws = choose(nUnits, second, MAX_EXACT_ASSIGNMENTS);
    if (draws > MAX_EXACT_ASSIGNMENTS) throw new OptionsError(`compareGroups: an exact permutation test would enumerate more than ${MAX_EXACT_ASSIGNMENTS} assignments of ${nUnits} units (${second} in the second group); draw random permutations instead (permutations: { draws: 1999 }).`);
    forEachAssignment(nUnits, second, (assignment) => record(evaluate(assignment).value));
  } else {
    const rng = new Rng(perm.seed);
    for (let d = 0; d < perm.draws; d++) record(evaluate(rng.shuffle(base)).value);
  }
  const valid = distribution.length;
  const p = perm.exact ? extreme / valid : (1 + extreme) / (1 + valid);
  const result: PermutationTest = {
    statistic: perm.statistic,
    label: permutationLabel(perm.statistic, perm.exact),
    exact: perm.exact,
    p,
    draws,
    valid,
    failed: draws - valid,
    unit,
    units: nUnits,
    observed: observed.value,
    difference: observed.difference,
    se: observed.se,
    distribution,
  };
  if (!perm.exact) result.seed = perm.seed;
  return result;
}
