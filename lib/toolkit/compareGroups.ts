/**
 * Heterogeneity: fit one model on two groups and test whether a coefficient differs (design §3),
 * three ways.
 *
 * (a) The fully interacted pooled model: every regressor also interacted with the dummy of the second
 *     group, and every fixed effect interacted with the group (fe^by; without fixed effects, the
 *     group dummy), so that its estimates and residuals reproduce the two separate fits exactly. The
 *     coefficient `${coef}:${by}::${second level}` is the difference, with SE and p under the chosen vcov of the pooled
 *     model (fixest's conventions on the pooled sample: one σ² under "iid"; under clustering the
 *     pooled K and G, and scores of a cluster that spans both groups are summed across them).
 * (b) A SUEST-style Wald test (Stata's suest; see ./suest): the two separate fits' score
 *     contributions stacked by cluster, Var(d) = V₁₁ + V₂₂ − 2·C₁₂ from that joint covariance with
 *     Stata's factor G/(G − 1), G the distinct clusters over both groups (N/(N − 1), N = N₁ + N₂,
 *     without clustering; the suest covariance is always robust, also when vcov is "iid"; two-way
 *     clustering: (V₁ + V₂ − V₁∩₂) · G_min/(G_min − 1)); χ² = d²/Var(d) with 1 degree of freedom.
 * (c) Fisher's permutation test (the 经验 p 值 of Chinese papers): the group labels are permuted across
 *     units — the clusters (cities) when the group is constant within them, otherwise rows — keeping
 *     the number of units in each group; both groups are refitted with 0/1 weights on the pooled
 *     sample (fixed-effect codes computed once); p = (1 + #{|d*| ≥ |d|})/(1 + draws), seeded
 *     (xoshiro128**), the draws stated.
 *
 * `difference` is the second level's coefficient minus the first's, levels in sorted order (numeric
 * order for numbers, else text order), as the `fits` and `levels` report.
 *
 * @example
 *   const h = compareGroups({ data: panel, formula: "shrink ~ ai + lnpgdp | code + year", by: "hu_se",
 *     coef: "ai", vcov: { cluster: "code" }, permutations: { draws: 499, seed: 1 } });
 *   h.difference; h.interaction.p; h.suest.p; h.permutation?.p; console.log(h.summary());
 * @throws DataError for a column not in the data or a `by` without exactly two levels; FormulaError for
 *         a formula that names an unknown column; OptionsError for a coefficient not in the model.
 */
import { absorbFrame } from "../absorb/absorbFrame";
import { densifyCodes } from "../design/factor";
import { Rng } from "../random/rng";
import { factorColumn } from "../design/columns";
import { toDataColumns, type Cell, type DataColumns, type DataInput } from "../design/input";
import { buildModelFrame, type ModelFrame } from "../design/modelFrame";
import { chiSquareUpperP } from "../distributions/index";
import { DataError, IdentificationError, OptionsError } from "../errors";
import type { LinearFit } from "../estimate/linear";
import { olsLinearFit } from "../estimate/ols";
import { PreparedModel } from "../estimate/refit";
import { feols } from "../feols";
import { parseFormula } from "../formula/parse";
import { termVariables, type Formula } from "../formula/types";
import { add, scale, type Dense } from "../linalg/dense";
import type { FeolsResult } from "../result/fit";
import { formatNumber, formatP, stars } from "../result/format";
import { clusterVariables, parseVcov, type VcovOption, type VcovSpec } from "../variance/index";
import { pickRows, quoteName, requireColumn } from "./subset";
import { stackedScoreCovariance, type ScoreBlock } from "./suest";

export const DEFAULT_PERMUTATION_DRAWS = 499;
export const DEFAULT_PERMUTATION_SEED = 20260301;

/** Options of the permutation test. */
export interface PermutationOptions {
  /** Number of permutations (default 499). */
  draws?: number;
  /** Seed, an integer in [0, 2³²) (default 20260301). */
  seed?: number;
  /**
   * The unit whose labels are permuted: a column within which `by` is constant. Default: the (first)
   * cluster variable of `vcov` if `by` is constant within it, otherwise rows.
   */
  unit?: string;
}

/** Arguments of `compareGroups` (design §3). */
export interface CompareGroupsOptions {
  data: DataInput;
  /** An OLS formula in fixest syntax, "y ~ x1 + x2 | fe1 + fe2". */
  formula: string;
  /** The column defining the two groups. */
  by: string;
  /** The regressor whose coefficient is compared. */
  coef: string;
  vcov?: VcovOption;
  permutations?: PermutationOptions;
  singletons?: "drop" | "keep";
}

/** A coefficient with its inference. */
export interface InteractionTest {
  /** The pooled model's coefficient name, `${coef}:${by}::${second level}` (the regressor times the second group's dummy). */
  term: string;
  estimate: number;
  se: number;
  tstat: number;
  /** Two-sided p from t with the pooled model's degrees of freedom. */
  p: number;
  df: number;
}

/** The SUEST-style Wald test of equal coefficients. */
export interface SuestTest {
  chi2: number;
  df: number;
  p: number;
  /** √Var(d). */
  se: number;
  /** Var(β_first), Var(β_second) and their covariance, with the factor applied. */
  variance: { first: number; second: number; covariance: number };
  /** The small-sample factor applied and how it was formed. */
  factor: number;
  /** Clusters (or rows) over both groups that the factor counts. */
  units: number;
  label: string;
  /** The joint covariance of all coefficients of both fits (names `${level}:${coef}`), factor applied. */
  names: string[];
  vcov: Dense;
}

/** Fisher's permutation test of the difference. */
export interface PermutationTest {
  p: number;
  draws: number;
  valid: number;
  failed: number;
  seed: number;
  /** The unit permuted: a column name, or "rows". */
  unit: string;
  units: number;
  /** The difference as the refits compute it (equal to `difference` up to rounding). */
  observed: number;
  /** The permuted differences d*, in draw order. */
  distribution: number[];
}

const KNOWN_OPTIONS = new Set(["data", "formula", "by", "coef", "vcov", "permutations", "singletons"]);
const KNOWN_PERMUTATION = new Set(["draws", "seed", "unit"]);

/** The result of `compareGroups`. */
export class GroupComparison {
  readonly by: string;
  readonly coef: string;
  /** The two levels of `by`, sorted. */
  readonly levels: [string, string];
  readonly fits: Record<string, FeolsResult>;
  /** fits[levels[1]].coef[coef] − fits[levels[0]].coef[coef]. */
  readonly difference: number;
  readonly interaction: InteractionTest;
  readonly pooled: FeolsResult;
  readonly suest: SuestTest;
  readonly permutation?: PermutationTest;
  /** Rows whose `by` value is missing (dropped before anything else). */
  readonly missingGroup: number;
  readonly notes: string[];

  constructor(fields: Omit<GroupComparison, "summary" | "toString">) {
    this.by = fields.by;
    this.coef = fields.coef;
    this.levels = fields.levels;
    this.fits = fields.fits;
    this.difference = fields.difference;
    this.interaction = fields.interaction;
    this.pooled = fields.pooled;
    this.suest = fields.suest;
    if (fields.permutation) this.permutation = fields.permutation;
    this.missingGroup = fields.missingGroup;
    this.notes = fields.notes;
  }

  /** A plain-text report: both groups' coefficient, the difference and the three tests. */
  summary(): string {
    const [first, second] = this.levels;
    const group = (level: string): string => {
      const f = this.fits[level];
      return `  ${`${this.by} = ${level}`.padEnd(28)} ${formatNumber(f.coef[this.coef]).padStart(12)}  (se ${formatNumber(f.se[this.coef])})  p = ${formatP(f.pvalue[this.coef])} ${stars(f.pvalue[this.coef])}   N = ${f.nobs}`.trimEnd();
    };
    const lines = [
      `Group comparison of "${this.coef}" by ${this.by} (${this.fits[first].formula})`,
      `Standard errors: ${this.fits[first].vcovType.replace(/, G = .*$/, "")} (within each group)`,
      group(first),
      group(second),
      `  Difference (${second} − ${first}): ${formatNumber(this.difference)}`,
      "",
      `  (a) fully interacted pooled model: ${this.interaction.term} = ${formatNumber(this.interaction.estimate)} (se ${formatNumber(this.interaction.se)}), p = ${formatP(this.interaction.p)} ${stars(this.interaction.p)}`.trimEnd(),
      `  (b) SUEST Wald test: chi2(${this.suest.df}) = ${formatNumber(this.suest.chi2, 5)}, p = ${formatP(this.suest.p)} ${stars(this.suest.p)}  [${this.suest.label}]`.trimEnd(),
    ];
    const perm = this.permutation;
    if (perm) {
      lines.push(
        `  (c) Fisher permutation test: p = ${formatP(perm.p)} (${perm.draws} permutations of ${perm.unit === "rows" ? `${perm.units} rows` : `${perm.units} ${perm.unit} units`}${perm.failed > 0 ? `, ${perm.failed} failed` : ""}; seed ${perm.seed})`,
      );
    }
    for (const note of this.notes) lines.push(`Note: ${note}`);
    return lines.join("\n");
  }

  toString(): string {
    return this.summary();
  }
}

interface GroupFit {
  level: string;
  frame: ModelFrame;
  linear: LinearFit;
  /** Input row (0-based) of each row of the fit's sample. */
  globalRows: Int32Array;
}

/** The OLS pipeline of `feols`, keeping the pieces the SUEST scores need. */
function fitGroup(formula: Formula, data: DataColumns, spec: VcovSpec, singletons: "drop" | "keep", rows: Int32Array, level: string): GroupFit {
  const frame = buildModelFrame(formula, data, { clusters: clusterVariables(spec), singletons });
  const absorbed = absorbFrame(frame);
  const linear = olsLinearFit(formula.text, frame, absorbed, spec);
  return { level, frame, linear, globalRows: Int32Array.from(frame.rows, (r) => rows[r]) };
}

function checkInteger(value: number, what: string, min: number, max = Infinity): void {
  if (!(Number.isInteger(value) && value >= min && value < max)) throw new OptionsError(`${what} must be an integer ≥ ${min}${max < Infinity ? ` and < ${max}` : ""}, got ${JSON.stringify(value)}.`);
}

/** Whether `labels` (per row) are constant within each level of `units` (per row). */
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
 * Fits `formula` on the two groups of `by` and tests whether the coefficient `coef` differs (see the
 * file comment for the three tests and their conventions).
 */
export function compareGroups(options: CompareGroupsOptions): GroupComparison {
  if (options === null || typeof options !== "object") throw new OptionsError("compareGroups: pass an object { data, formula, by, coef, vcov }.");
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) throw new OptionsError(`compareGroups: unknown option "${key}"; the options are ${Array.from(KNOWN_OPTIONS).join(", ")}.`);
  }
  const { by, coef } = options;
  if (typeof options.formula !== "string") throw new OptionsError(`compareGroups: formula must be a string such as "y ~ x | id + year".`);
  if (typeof coef !== "string" || coef.length === 0) throw new OptionsError(`compareGroups: coef must name a regressor of the formula, got ${JSON.stringify(coef)}.`);
  const singletons = options.singletons ?? "drop";
  if (singletons !== "drop" && singletons !== "keep") throw new OptionsError(`compareGroups: singletons must be "drop" or "keep", got ${JSON.stringify(options.singletons)}.`);
  const data = toDataColumns(options.data);
  requireColumn(data, by, "group variable (by)");
  const formula = parseFormula(options.formula);
  if (formula.endogenous.length > 0) throw new OptionsError(`compareGroups compares OLS models; "${formula.text}" has an IV part.`);
  const modelVariables = [formula.response, ...formula.terms.flatMap(termVariables)];
  if (modelVariables.includes(by)) throw new OptionsError(`compareGroups: the group variable "${by}" is also a variable of the model "${formula.text}"; it is constant within each group.`);
  const spec = parseVcov(options.vcov);
  const clusters = clusterVariables(spec);
  for (const c of clusters) requireColumn(data, c, "cluster variable");

  let perm: { draws: number; seed: number; unit?: string } | undefined;
  if (options.permutations !== undefined) {
    const p = options.permutations;
    if (p === null || typeof p !== "object") throw new OptionsError("compareGroups: permutations must be an object such as { draws: 499, seed: 1 }.");
    for (const key of Object.keys(p)) {
      if (!KNOWN_PERMUTATION.has(key)) throw new OptionsError(`compareGroups: unknown permutations option "${key}"; the options are ${Array.from(KNOWN_PERMUTATION).join(", ")}.`);
    }
    perm = { draws: p.draws ?? DEFAULT_PERMUTATION_DRAWS, seed: p.seed ?? DEFAULT_PERMUTATION_SEED, unit: p.unit };
    checkInteger(perm.draws, "permutations.draws", 1);
    checkInteger(perm.seed, "permutations.seed", 0, 4294967296);
    if (perm.unit !== undefined) requireColumn(data, perm.unit, "permutation unit");
  }

  // The two groups, levels sorted.
  const group = factorColumn(data, by);
  const present = new Set<number>();
  let missingGroup = 0;
  for (let i = 0; i < data.nrows; i++) {
    if (group.codes[i] < 0) missingGroup++;
    else present.add(group.codes[i]);
  }
  if (present.size !== 2) {
    const shown = group.levels.slice(0, 10).map((l) => `"${l}"`).join(", ");
    throw new DataError(
      `The group variable "${by}" has ${present.size} level${present.size === 1 ? "" : "s"} (${shown}${group.levels.length > 10 ? ", …" : ""}); compareGroups needs exactly two. Recode it into two groups first.`,
    );
  }
  const levels = group.levels as [string, string];
  // Validates every column the formula names (FormulaError pointing at it) before the groups are cut.
  buildModelFrame(formula, data, { clusters, singletons: "keep" });
  const feVariables = formula.fixedEffects.flatMap((f) => f.variables);
  const needed = new Set<string>([...modelVariables, ...feVariables, ...clusters, by, ...(perm?.unit ? [perm.unit] : [])]);

  const groupFits: GroupFit[] = levels.map((level, code) => {
    const rows: number[] = [];
    for (let i = 0; i < data.nrows; i++) if (group.codes[i] === code) rows.push(i);
    const rowIndex = Int32Array.from(rows);
    const sub = toDataColumns(pickRows(data, needed, rowIndex));
    return fitGroup(formula, sub, spec, singletons, rowIndex, level);
  });
  for (const g of groupFits) {
    const names = g.linear.result.coefNames;
    if (!names.includes(coef)) {
      const all = g.frame.exogenous.map((c) => c.name);
      throw new OptionsError(
        all.includes(coef)
          ? `The coefficient "${coef}" is collinear with the fixed effects or other regressors in the group ${by} = ${g.level}, so it cannot be compared.`
          : `"${coef}" is not a coefficient of "${formula.text}" (its coefficients: ${names.join(", ")}); choose one of them.`,
      );
    }
  }
  const fits: Record<string, FeolsResult> = {};
  for (const g of groupFits) fits[g.level] = g.linear.result;
  const [A, B] = groupFits;
  const difference = B.linear.result.coef[coef] - A.linear.result.coef[coef];

  // The pooled sample: both groups' estimation samples, in input order.
  const union = Int32Array.from([...A.globalRows, ...B.globalRows]).sort();
  const position = new Map<number, number>();
  union.forEach((r, k) => position.set(r, k));
  const n = union.length;
  const isSecond = new Uint8Array(n);
  for (const r of B.globalRows) isSecond[position.get(r) as number] = 1;

  // (a) The fully interacted pooled model.
  const raw = pickRows(data, needed, union);
  const pooledData: Record<string, Cell[] | Float64Array> = { ...raw };
  const regressorNames: string[] = [];
  for (const g of groupFits) for (const c of g.frame.exogenous) if (c.name !== "(Intercept)" && !regressorNames.includes(c.name)) regressorNames.push(c.name);
  const interactionName = (name: string): string => `${name}:${by}::${levels[1]}`;
  const columnOf = (name: string): Float64Array => {
    const out = new Float64Array(n);
    for (const g of groupFits) {
      const column = g.frame.exogenous.find((c) => c.name === name);
      if (!column) continue; // a level absent from this group: zero, as in its own design
      g.globalRows.forEach((r, k) => (out[position.get(r) as number] = column.values[k]));
    }
    return out;
  };
  const response = new Float64Array(n);
  for (const g of groupFits) g.globalRows.forEach((r, k) => (response[position.get(r) as number] = g.frame.response.values[k]));
  pooledData[formula.response] = response;
  const terms: string[] = [];
  for (const name of regressorNames) {
    const main = columnOf(name);
    pooledData[name] = main;
    pooledData[interactionName(name)] = Float64Array.from(main, (v, i) => v * isSecond[i]);
    terms.push(quoteName(name), quoteName(interactionName(name)));
  }
  let feText = "";
  if (formula.fixedEffects.length > 0) {
    feText = " | " + formula.fixedEffects.map((f) => [...f.variables, by].map(quoteName).join("^")).join(" + ");
  } else if (formula.intercept) {
    const dummy = `${by}::${levels[1]}`;
    pooledData[dummy] = Float64Array.from(isSecond);
    terms.unshift(quoteName(dummy));
  }
  const pooledText = `${quoteName(formula.response)} ~ ${formula.intercept || formula.fixedEffects.length > 0 ? "" : "0 + "}${terms.join(" + ")}${feText}`;
  const pooled = feols(pooledText, pooledData, { vcov: options.vcov, singletons: "keep" });
  const term = interactionName(coef);
  if (!(term in pooled.coef)) {
    throw new IdentificationError(`The interaction "${term}" was dropped from the pooled model as collinear; the groups cannot be compared on "${coef}".`);
  }
  const interaction: InteractionTest = { term, estimate: pooled.coef[term], se: pooled.se[term], tstat: pooled.tstat[term], p: pooled.pvalue[term], df: pooled.dfT };

  // (b) SUEST.
  const suest = suestTest(groupFits, data, clusters, coef);

  // (c) Permutations.
  const notes: string[] = [];
  let permutation: PermutationTest | undefined;
  if (perm) permutation = permutationTest(options.formula, raw, by, coef, clusters, perm, notes, groupFits);

  return new GroupComparison({ by, coef, levels, fits, difference, interaction, pooled, suest, permutation, missingGroup, notes });
}

/** Dense codes of a column on the given input rows. */
function unitCodes(data: DataColumns, name: string, rows: Int32Array[]): { codes: Int32Array[]; nUnits: number } {
  const all = factorColumn(data, name).codes;
  const joined = Int32Array.from(rows.flatMap((r) => Array.from(r, (i) => all[i])));
  const dense = densifyCodes(joined);
  const codes: Int32Array[] = [];
  let offset = 0;
  for (const r of rows) {
    codes.push(dense.codes.slice(offset, offset + r.length));
    offset += r.length;
  }
  return { codes, nUnits: dense.nLevels };
}

function suestTest(groupFits: GroupFit[], data: DataColumns, clusters: string[], coef: string): SuestTest {
  const rows = groupFits.map((g) => g.globalRows);
  const blocksFor = (codes: Int32Array[]): ScoreBlock[] =>
    groupFits.map((g, k) => ({
      names: g.linear.result.coefNames,
      columns: g.linear.keptColumns,
      residuals: g.linear.leastSquares.residuals,
      bread: g.linear.leastSquares.bread,
      units: codes[k],
    }));
  let V: Dense;
  let factor: number;
  let units: number;
  let label: string;
  if (clusters.length === 0) {
    const N = rows[0].length + rows[1].length;
    let offset = 0;
    const codes = rows.map((r) => {
      const c = Int32Array.from(r, (_, k) => offset + k);
      offset += r.length;
      return c;
    });
    factor = N / (N - 1);
    units = N;
    V = scale(stackedScoreCovariance(blocksFor(codes), N), factor);
    label = `robust, stacked scores × N/(N − 1), N = ${N} (Stata suest)`;
  } else if (clusters.length === 1) {
    const { codes, nUnits } = unitCodes(data, clusters[0], rows);
    factor = nUnits / (nUnits - 1);
    units = nUnits;
    V = scale(stackedScoreCovariance(blocksFor(codes), nUnits), factor);
    label = `clustered (${clusters[0]}), stacked scores × G/(G − 1), G = ${nUnits} over both groups (Stata suest)`;
  } else {
    const first = unitCodes(data, clusters[0], rows);
    const second = unitCodes(data, clusters[1], rows);
    // the intersection clusters: observed (first, second) pairs, numbered across both groups
    const pairs = new Map<string, number>();
    const inter = rows.map((r, k) => Int32Array.from(r, (_, i) => {
      const key = `${first.codes[k][i]}|${second.codes[k][i]}`;
      let c = pairs.get(key);
      if (c === undefined) pairs.set(key, (c = pairs.size));
      return c;
    }));
    const gMin = Math.min(first.nUnits, second.nUnits);
    factor = gMin / (gMin - 1);
    units = gMin;
    const v1 = stackedScoreCovariance(blocksFor(first.codes), first.nUnits);
    const v2 = stackedScoreCovariance(blocksFor(second.codes), second.nUnits);
    const v12 = stackedScoreCovariance(blocksFor(inter), pairs.size);
    V = scale(add(add(v1, v2), v12, -1), factor);
    label = `two-way clustered (${clusters.join(" & ")}), (V₁ + V₂ − V₁∩₂) × G_min/(G_min − 1), G_min = ${gMin} over both groups`;
  }
  const names = groupFits.flatMap((g) => g.linear.result.coefNames.map((c) => `${g.level}:${c}`));
  const i = groupFits[0].linear.result.coefNames.indexOf(coef);
  const j = groupFits[0].linear.result.coefNames.length + groupFits[1].linear.result.coefNames.indexOf(coef);
  const d = groupFits[1].linear.result.coef[coef] - groupFits[0].linear.result.coef[coef];
  const variance = { first: V[i][i], second: V[j][j], covariance: V[i][j] };
  const varD = variance.first + variance.second - 2 * variance.covariance;
  const chi2 = (d * d) / varD;
  return { chi2, df: 1, p: chiSquareUpperP(chi2, 1), se: Math.sqrt(varD), variance, factor, units, label, names, vcov: V };
}

function permutationTest(
  formulaText: string,
  raw: Record<string, Cell[]>,
  by: string,
  coef: string,
  clusters: string[],
  perm: { draws: number; seed: number; unit?: string },
  notes: string[],
  groupFits: GroupFit[],
): PermutationTest {
  const model = new PreparedModel(formulaText, raw, { singletons: "keep" });
  const n = model.nobs;
  const labels = model.codes(by).codes; // 0 = first level, 1 = second (sorted levels)
  for (const g of groupFits) {
    const names = g.frame.exogenous.map((c) => c.name).join(",");
    if (names !== model.regressorNames.join(",")) {
      notes.push(`The group ${g.level} expands the regressors differently from the pooled sample (${names} vs ${model.regressorNames.join(",")}); the permutation refits use the pooled expansion.`);
    }
  }
  let unit = "rows";
  let codes: Int32Array = Int32Array.from({ length: n }, (_, i) => i);
  let nUnits = n;
  let unitLabels: Int32Array | undefined = labels;
  const candidate = perm.unit ?? clusters[0];
  if (candidate !== undefined) {
    const factor = model.codes(candidate);
    const dense = densifyCodes(factor.codes);
    const per = constantWithin(labels, dense.codes, dense.nLevels);
    if (per) {
      unit = candidate;
      codes = dense.codes;
      nUnits = dense.nLevels;
      unitLabels = per;
    } else if (perm.unit !== undefined) {
      throw new OptionsError(`The group variable "${by}" varies within levels of the permutation unit "${perm.unit}"; permute a unit within which the group is constant, or rows (omit unit without clustering).`);
    } else {
      notes.push(`"${by}" varies within the clusters (${candidate}), so the permutation test permutes rows.`);
    }
  }
  const base = Array.from(unitLabels);
  const wFirst = new Float64Array(n);
  const wSecond = new Float64Array(n);
  const diff = (unitLabel: ArrayLike<number>): number => {
    for (let i = 0; i < n; i++) {
      const second = unitLabel[codes[i]];
      wFirst[i] = second ? 0 : 1;
      wSecond[i] = second ? 1 : 0;
    }
    return model.coefficients({ weights: wSecond })[coef] - model.coefficients({ weights: wFirst })[coef];
  };
  const observed = diff(base);
  const threshold = Math.abs(observed);
  const rng = new Rng(perm.seed);
  const distribution: number[] = [];
  let extreme = 0;
  for (let d = 0; d < perm.draws; d++) {
    const value = diff(rng.shuffle(base));
    if (!Number.isFinite(value)) continue;
    distribution.push(value);
    if (Math.abs(value) >= threshold) extreme++;
  }
  return {
    p: (1 + extreme) / (1 + distribution.length),
    draws: perm.draws,
    valid: distribution.length,
    failed: perm.draws - distribution.length,
    seed: perm.seed,
    unit,
    units: nUnits,
    observed,
    distribution,
  };
}
