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
 * (c) A permutation test (the 经验 p 值 of Chinese papers; see ./groupPermutation): the group labels are
 *     reassigned across units — the clusters (cities) when the group is constant within them,
 *     otherwise rows — keeping the number of units in each group, and both groups refitted. By default
 *     the statistic is studentized, d/se(d) with the SUEST se recomputed on each permutation (Chung &
 *     Romano 2013), valid for equal coefficients and not only for the sharp null; the unstudentized d
 *     is available as `statistic: "difference"`. Random draws are seeded (xoshiro128**), p = (1 +
 *     #{|T*| ≥ |T|})/(1 + draws); `exact: true` enumerates every assignment.
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
import { unknownNameHint } from "../names";
import { absorbFrame } from "../absorb/absorbFrame";
import { densifyCodes } from "../design/factor";
import { factorColumn } from "../design/columns";
import { toDataColumns, type Cell, type DataColumns, type DataInput } from "../design/input";
import { buildModelFrame, type ModelFrame } from "../design/modelFrame";
import { chiSquareUpperP } from "../distributions/index";
import { DataError, IdentificationError, OptionsError } from "../errors";
import { checkOptions } from "../options";
import type { LinearFit } from "../estimate/linear";
import { olsLinearFit } from "../estimate/ols";
import { feols } from "../feols";
import { parseFormula } from "../formula/parse";
import { termVariables, type Formula } from "../formula/types";
import { add, scale, type Dense } from "../linalg/dense";
import type { FeolsResult } from "../result/fit";
import { formatNumber, formatP, pValueText, stars } from "../result/format";
import { clusterVariables, parseVcov, type VcovOption, type VcovSpec } from "../variance/index";
import { pickRows, quoteName, requireColumn } from "./subset";
import { stackedScoreCovariance, type ScoreBlock } from "./suest";
import { permutationSettings, permutationTest, type PermutationOptions, type PermutationTest } from "./groupPermutation";

export { DEFAULT_PERMUTATION_DRAWS, DEFAULT_PERMUTATION_SEED, MAX_EXACT_ASSIGNMENTS, type PermutationOptions, type PermutationStatistic, type PermutationTest } from "./groupPermutation";

/** Arguments of `compareGroups` (design §3). */
export interface CompareGroupsOptions {
  /** The data: an arquero table, an object of columns or an array of row objects. */
  data: DataInput;
  /** An OLS formula in fixest syntax, "y ~ x1 + x2 | fe1 + fe2". */
  formula: string;
  /** The column defining the two groups. */
  by: string;
  /** The regressor whose coefficient is compared. */
  coef: string;
  /** The variance of the group fits and the pooled model, as in `feols` (default "iid"); clusters also count the SUEST units. */
  vcov?: VcovOption;
  /** Run the permutation test with these options (omitted: no permutation test); studentized unless `statistic: "difference"`. */
  permutations?: PermutationOptions;
  /** Fixed-effect singletons within each group's fit: "drop" (default, as fixest) or "keep". */
  singletons?: "drop" | "keep";
}

/** A coefficient with its inference. */
export interface InteractionTest {
  /** The pooled model's coefficient name, `${coef}:${by}::${second level}` (the regressor times the second group's dummy). */
  term: string;
  /** The interaction coefficient: the second group's coefficient minus the first's. */
  estimate: number;
  /** Its standard error under the pooled model's vcov. */
  se: number;
  /** t = estimate/se. */
  tstat: number;
  /** Two-sided p from t with the pooled model's degrees of freedom. */
  p: number;
  /** The pooled model's t degrees of freedom (fixest: N − K, or G − 1 under clustering). */
  df: number;
}

/** The SUEST-style Wald test of equal coefficients. */
export interface SuestTest {
  /** Wald statistic χ² = d²/Var(d), d = β_second − β_first, Var(d) = V₁₁ + V₂₂ − 2·C₁₂ (Weesie 1999; Stata's suest). */
  chi2: number;
  /** Degrees of freedom of χ² (1). */
  df: number;
  /** Upper-tail χ²(1) p-value of `chi2`. */
  p: number;
  /** √Var(d). */
  se: number;
  /** Var(β_first), Var(β_second) and their covariance, with the factor applied. */
  variance: {
    /** Var(β_first) = V₁₁. */
    first: number;
    /** Var(β_second) = V₂₂. */
    second: number;
    /** Cov(β_first, β_second) = C₁₂, from clusters that hold rows of both groups. */
    covariance: number;
  };
  /** The small-sample factor applied: G/(G − 1) (clustered), N/(N − 1) (not), G_min/(G_min − 1) (two-way). */
  factor: number;
  /** Clusters (or rows) over both groups that the factor counts. */
  units: number;
  /** How the covariance and its factor were formed, for the summary. */
  label: string;
  /** Names of the rows and columns of `vcov`: `${level}:${coef}` for every coefficient of each fit, the first level's first. */
  names: string[];
  /** The joint covariance of all coefficients of both fits, V = c·Σ_g S_g S_g' (factor applied), in the order of `names`. */
  vcov: Dense;
}

/** "p = 0.0213" or "p < 2.2e-16" (R's formatting, never "p = < …"). */
function pEquals(p: number): string {
  const text = formatP(p);
  return text.startsWith("<") ? `p ${text}` : `p = ${text}`;
}

/** The keys `compareGroups` accepts (checked by `checkOptions`). */
const COMPARE_OPTION_KEYS = ["data", "formula", "by", "coef", "vcov", "permutations", "singletons"] as const;

/** The result of `compareGroups`. */
export class GroupComparison {
  /** The group column. */
  readonly by: string;
  /** The coefficient compared. */
  readonly coef: string;
  /** The two levels of `by`, sorted. */
  readonly levels: [string, string];
  /** The separate fit of each group, keyed by its level. */
  readonly fits: Record<string, FeolsResult>;
  /** fits[levels[1]].coef[coef] − fits[levels[0]].coef[coef]. */
  readonly difference: number;
  /** (a) The interaction coefficient of the fully interacted pooled model. */
  readonly interaction: InteractionTest;
  /** The fully interacted pooled model (regressors and fixed effects interacted with the group). */
  readonly pooled: FeolsResult;
  /** (b) The SUEST-style Wald test. */
  readonly suest: SuestTest;
  /** (c) The permutation test (studentized by default), when the `permutations` option was given. */
  readonly permutation?: PermutationTest;
  /** Rows whose `by` value is missing (dropped before anything else). */
  readonly missingGroup: number;
  /** Notes for the reader, e.g. that rows were permuted because `by` varies within the clusters. */
  readonly notes: string[];

  /** Builds the result from its fields (called by `compareGroups`). */
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
      return `  ${`${this.by} = ${level}`.padEnd(28)} ${formatNumber(f.coef[this.coef]).padStart(12)}  (se ${formatNumber(f.se[this.coef])})  ${pEquals(f.pvalue[this.coef])} ${stars(f.pvalue[this.coef])}   N = ${f.nobs}`.trimEnd();
    };
    const lines = [
      `Group comparison of "${this.coef}" by ${this.by} (${this.fits[first].formula})`,
      `Standard errors: ${this.fits[first].vcovType.replace(/, G = .*$/, "")} (within each group)`,
      group(first),
      group(second),
      `  Difference (${second} − ${first}): ${formatNumber(this.difference)}`,
      "",
      `  (a) fully interacted pooled model: ${this.interaction.term} = ${formatNumber(this.interaction.estimate)} (se ${formatNumber(this.interaction.se)}), ${pEquals(this.interaction.p)} ${stars(this.interaction.p)}`.trimEnd(),
      `  (b) SUEST Wald test: chi2(${this.suest.df}) = ${formatNumber(this.suest.chi2, 5)}, ${pEquals(this.suest.p)} ${stars(this.suest.p)}  [${this.suest.label}]`.trimEnd(),
    ];
    const perm = this.permutation;
    if (perm) {
      const units = perm.unit === "rows" ? `${perm.units} rows` : `${perm.units} ${perm.unit} units`;
      const how = perm.exact ? `all ${perm.draws} assignments of ${units}` : `${perm.draws} permutations of ${units}; seed ${perm.seed}`;
      const statistic = perm.statistic === "studentized" ? `t = d/se(d) = ${formatNumber(perm.observed, 5)}` : `d = ${formatNumber(perm.observed)}`;
      // the floor of a resampling p-value, 1/(B + 1) (exact: 1/assignments), prints as "p ≤ …"
      const p = pValueText(perm.p, { draws: perm.exact ? perm.draws - 1 : perm.draws });
      lines.push(`  (c) ${perm.label}: ${statistic}, ${p} (${how}${perm.failed > 0 ? `, ${perm.failed} failed` : ""})`);
    }
    for (const note of this.notes) lines.push(`Note: ${note}`);
    return lines.join("\n");
  }

  /** The same as `summary()`. */
  toString(): string {
    return this.summary();
  }
}

/** One group's fit with the pieces the pooled model, SUEST and the permutations need. */
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

/** The checked inputs of one comparison. */
interface ComparisonInputs {
  by: string;
  coef: string;
  singletons: "drop" | "keep";
  data: DataColumns;
  formula: Formula;
  /** The response and the variables of the formula's terms. */
  modelVariables: string[];
  spec: VcovSpec;
  /** The cluster variables of the vcov. */
  clusters: string[];
}

/** Checks the options (known keys, formula, coef, singletons, by and cluster columns; OLS only; `by` not in the model). */
function comparisonInputs(options: CompareGroupsOptions): ComparisonInputs {
  if (options === null || typeof options !== "object") throw new OptionsError("compareGroups: pass an object { data, formula, by, coef, vcov }.");
  checkOptions("compareGroups", options, COMPARE_OPTION_KEYS);
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
  return { by, coef, singletons, data, formula, modelVariables, spec, clusters };
}

/** The group of each row (−1 when `by` is missing) and the two levels, sorted; a DataError unless there are exactly two. */
function twoGroups(data: DataColumns, by: string): { codes: Int32Array; levels: [string, string]; missingGroup: number } {
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
  return { codes: group.codes, levels: group.levels as [string, string], missingGroup };
}

/** Fits the formula on each group's rows (the needed columns only) and requires `coef` in both fits. */
function fitGroups(inputs: ComparisonInputs, codes: Int32Array, levels: [string, string], needed: Set<string>): GroupFit[] {
  const { data, formula, spec, singletons, coef, by } = inputs;
  const groupFits: GroupFit[] = levels.map((level, code) => {
    const rows: number[] = [];
    for (let i = 0; i < data.nrows; i++) if (codes[i] === code) rows.push(i);
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
          : `"${coef}" is not a coefficient of "${formula.text}". ${unknownNameHint(coef, names, "Its coefficients are")}`,
      );
    }
  }
  return groupFits;
}

/** The pooled sample: both groups' estimation samples, in input order. */
interface PooledSample {
  /** Input rows of the pooled sample, ascending. */
  union: Int32Array;
  /** Position in `union` of each input row. */
  position: Map<number, number>;
  n: number;
  /** 1 for rows of the second group. */
  isSecond: Uint8Array;
}

/** The union of the groups' estimation samples, in input order, with the second group's rows flagged. */
function pooledSample(groupFits: GroupFit[]): PooledSample {
  const [A, B] = groupFits;
  const union = Int32Array.from([...A.globalRows, ...B.globalRows]).sort();
  const position = new Map<number, number>();
  union.forEach((r, k) => position.set(r, k));
  const n = union.length;
  const isSecond = new Uint8Array(n);
  for (const r of B.globalRows) isSecond[position.get(r) as number] = 1;
  return { union, position, n, isSecond };
}

/**
 * The pooled model's data and regressor terms: each group's (expanded) regressor columns and response
 * placed on the pooled sample (a regressor absent from a group is zero there, as in its own design),
 * each regressor x next to x·1[second group] named `${x}:${by}::${second level}`.
 */
function interactedColumns(inputs: ComparisonInputs, groupFits: GroupFit[], levels: [string, string], sample: PooledSample, raw: Record<string, Cell[]>): { data: Record<string, Cell[] | Float64Array>; terms: string[] } {
  const { n, position, isSecond } = sample;
  const pooledData: Record<string, Cell[] | Float64Array> = { ...raw };
  const regressorNames: string[] = [];
  for (const g of groupFits) for (const c of g.frame.exogenous) if (c.name !== "(Intercept)" && !regressorNames.includes(c.name)) regressorNames.push(c.name);
  const interactionName = (name: string): string => `${name}:${inputs.by}::${levels[1]}`;
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
  pooledData[inputs.formula.response] = response;
  const terms: string[] = [];
  for (const name of regressorNames) {
    const main = columnOf(name);
    pooledData[name] = main;
    pooledData[interactionName(name)] = Float64Array.from(main, (v, i) => v * isSecond[i]);
    terms.push(quoteName(name), quoteName(interactionName(name)));
  }
  return { data: pooledData, terms };
}

/**
 * (a) The fully interacted pooled model: the interacted regressors of `interactedColumns`, every fixed
 * effect interacted with the group (fe^by; without fixed effects but with an intercept, the group dummy),
 * fitted with the chosen vcov; its interaction coefficient is the difference.
 */
function interactedModel(inputs: ComparisonInputs, vcov: VcovOption | undefined, groupFits: GroupFit[], levels: [string, string], sample: PooledSample, raw: Record<string, Cell[]>): { pooled: FeolsResult; interaction: InteractionTest } {
  const { formula, by, coef } = inputs;
  const { data: pooledData, terms } = interactedColumns(inputs, groupFits, levels, sample, raw);
  let feText = "";
  if (formula.fixedEffects.length > 0) {
    feText = " | " + formula.fixedEffects.map((f) => [...f.variables, by].map(quoteName).join("^")).join(" + ");
  } else if (formula.intercept) {
    const dummy = `${by}::${levels[1]}`;
    pooledData[dummy] = Float64Array.from(sample.isSecond);
    terms.unshift(quoteName(dummy));
  }
  const pooledText = `${quoteName(formula.response)} ~ ${formula.intercept || formula.fixedEffects.length > 0 ? "" : "0 + "}${terms.join(" + ")}${feText}`;
  const pooled = feols(pooledText, pooledData, { vcov, singletons: "keep" });
  const term = `${coef}:${by}::${levels[1]}`;
  if (!(term in pooled.coef)) {
    throw new IdentificationError(`The interaction "${term}" was dropped from the pooled model as collinear; the groups cannot be compared on "${coef}".`);
  }
  return { pooled, interaction: { term, estimate: pooled.coef[term], se: pooled.se[term], tstat: pooled.tstat[term], p: pooled.pvalue[term], df: pooled.dfT } };
}

/**
 * Fits `formula` on the two groups of `by` and tests whether the coefficient `coef` differs (see the
 * file comment for the three tests and their conventions). The steps: `comparisonInputs`,
 * `permutationSettings`, `twoGroups`, `fitGroups`, `pooledSample`, `interactedModel` (a), `suestTest`
 * (b), `permutationTest` (c).
 *
 * @example
 *   compareGroups({ data: panel, formula: "shrink ~ ai + lnpgdp | code + year", by: "hu_se", coef: "ai",
 *     vcov: { cluster: "code" }, permutations: { draws: 499, seed: 1 } }).summary();
 * @throws OptionsError for an unknown or misspelt option (top level or in `permutations`), bad option
 *         values or a coefficient not in the model; DataError for a column not in the data or a `by`
 *         without exactly two levels; FormulaError for a formula that names an unknown column;
 *         IdentificationError when the interaction is collinear in the pooled model.
 */
export function compareGroups(options: CompareGroupsOptions): GroupComparison {
  const inputs = comparisonInputs(options);
  const { by, coef, data, formula, clusters } = inputs;
  const perm = permutationSettings(options.permutations);
  if (perm?.unit !== undefined) requireColumn(data, perm.unit, "permutation unit");
  const { codes, levels, missingGroup } = twoGroups(data, by);
  // Validates every column the formula names (FormulaError pointing at it) before the groups are cut.
  buildModelFrame(formula, data, { clusters, singletons: "keep" });
  const feVariables = formula.fixedEffects.flatMap((f) => f.variables);
  const needed = new Set<string>([...inputs.modelVariables, ...feVariables, ...clusters, by, ...(perm?.unit ? [perm.unit] : [])]);
  const groupFits = fitGroups(inputs, codes, levels, needed);
  const fits: Record<string, FeolsResult> = {};
  for (const g of groupFits) fits[g.level] = g.linear.result;
  const [A, B] = groupFits;
  const difference = B.linear.result.coef[coef] - A.linear.result.coef[coef];
  const sample = pooledSample(groupFits);
  const raw = pickRows(data, needed, sample.union);
  const { pooled, interaction } = interactedModel(inputs, options.vcov, groupFits, levels, sample, raw);
  const suest = suestTest(groupFits, data, clusters, coef);
  const notes: string[] = [];
  let permutation: PermutationTest | undefined;
  if (perm) {
    const groupRegressors = groupFits.map((g) => ({ level: g.level, names: g.frame.exogenous.map((c) => c.name) }));
    permutation = permutationTest({ formulaText: options.formula, raw, by, coef, clusters, groupRegressors }, perm, notes);
  }
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

/** The joint covariance of both fits' coefficients with its small-sample factor, how it was formed, and the units counted. */
interface SuestCovariance {
  V: Dense;
  factor: number;
  units: number;
  label: string;
}

/**
 * Stata suest's joint covariance (Weesie 1999; see ./suest): the fits' score contributions stacked by
 * unit, V = c·Σ_g S_g S_g' with c = N/(N − 1) over rows without clustering, G/(G − 1) with G the distinct
 * clusters over both groups, and (V₁ + V₂ − V₁∩₂)·G_min/(G_min − 1) under two-way clustering.
 */
function suestCovariance(groupFits: GroupFit[], data: DataColumns, clusters: string[]): SuestCovariance {
  const rows = groupFits.map((g) => g.globalRows);
  const blocksFor = (codes: Int32Array[]): ScoreBlock[] =>
    groupFits.map((g, k) => ({
      names: g.linear.result.coefNames,
      columns: g.linear.keptColumns,
      residuals: g.linear.leastSquares.residuals,
      bread: g.linear.leastSquares.bread,
      units: codes[k],
    }));
  if (clusters.length === 0) {
    const N = rows[0].length + rows[1].length;
    let offset = 0;
    const codes = rows.map((r) => {
      const c = Int32Array.from(r, (_, k) => offset + k);
      offset += r.length;
      return c;
    });
    const factor = N / (N - 1);
    return { V: scale(stackedScoreCovariance(blocksFor(codes), N), factor), factor, units: N, label: `robust, stacked scores × N/(N − 1), N = ${N} (Stata suest)` };
  }
  if (clusters.length === 1) {
    const { codes, nUnits } = unitCodes(data, clusters[0], rows);
    const factor = nUnits / (nUnits - 1);
    return {
      V: scale(stackedScoreCovariance(blocksFor(codes), nUnits), factor),
      factor,
      units: nUnits,
      label: `clustered (${clusters[0]}), stacked scores × G/(G − 1), G = ${nUnits} over both groups (Stata suest)`,
    };
  }
  return twoWaySuestCovariance(data, clusters, rows, blocksFor);
}

/**
 * The two-way clustered joint covariance (Cameron, Gelbach & Miller 2011): (V₁ + V₂ − V₁∩₂)·G_min/(G_min − 1),
 * V₁∩₂ over the observed pairs of the two cluster variables, numbered across both groups.
 */
function twoWaySuestCovariance(data: DataColumns, clusters: string[], rows: Int32Array[], blocksFor: (codes: Int32Array[]) => ScoreBlock[]): SuestCovariance {
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
  const factor = gMin / (gMin - 1);
  const v1 = stackedScoreCovariance(blocksFor(first.codes), first.nUnits);
  const v2 = stackedScoreCovariance(blocksFor(second.codes), second.nUnits);
  const v12 = stackedScoreCovariance(blocksFor(inter), pairs.size);
  const V = scale(add(add(v1, v2), v12, -1), factor);
  const label = `two-way clustered (${clusters.join(" & ")}), (V₁ + V₂ − V₁∩₂) × G_min/(G_min − 1), G_min = ${gMin} over both groups`;
  return { V, factor, units: gMin, label };
}

/**
 * (b) The SUEST Wald test of equal coefficients: d = β_second − β_first, Var(d) = V₁₁ + V₂₂ − 2·C₁₂ from
 * `suestCovariance`, χ² = d²/Var(d) with 1 degree of freedom.
 */
function suestTest(groupFits: GroupFit[], data: DataColumns, clusters: string[], coef: string): SuestTest {
  const { V, factor, units, label } = suestCovariance(groupFits, data, clusters);
  const names = groupFits.flatMap((g) => g.linear.result.coefNames.map((c) => `${g.level}:${c}`));
  const i = groupFits[0].linear.result.coefNames.indexOf(coef);
  const j = groupFits[0].linear.result.coefNames.length + groupFits[1].linear.result.coefNames.indexOf(coef);
  const d = groupFits[1].linear.result.coef[coef] - groupFits[0].linear.result.coef[coef];
  const variance = { first: V[i][i], second: V[j][j], covariance: V[i][j] };
  const varD = variance.first + variance.second - 2 * variance.covariance;
  const chi2 = (d * d) / varD;
  return { chi2, df: 1, p: chiSquareUpperP(chi2, 1), se: Math.sqrt(varD), variance, factor, units, label, names, vcov: V };
}
