import { DataError, FormulaError, IdentificationError } from "../errors";
import { unknownNameHint } from "../names";
import type { AllocateCodes } from "../linalg/workBuffers";
import { combineCodes, subsetFactor, type FixedEffectFactor } from "./factor";
import type { Formula, Term } from "../formula/types";
import { termVariables } from "../formula/types";
import { factorColumn, numericColumn, type FactorColumn } from "./columns";
import type { DataColumns } from "./input";
import { dropSingletons } from "./singletons";
import { expandInteraction } from "./interaction";
import { dropZeroWeights, readWeights } from "./weights";

/** A named numeric column on the estimation sample. */
export interface NamedColumn {
  name: string;
  values: Float64Array;
}

/** Rows removed before estimation, by reason (design §4). */
export interface DroppedRows {
  /** Rows with a missing value in a variable the model uses (cluster variables included). */
  missing: number;
  /** Rows removed as fixed-effect singletons (repeatedly, design §4). */
  singletons: number;
  /** With `weights`: rows removed for a zero weight (fixest's "removed because of 0-weight"); a missing weight counts in `missing`. */
  zeroWeight?: number;
  /** Rows removed because a formula function gave ±∞ (log(0), 1/0), as fixest's "removed because of infinite values"; NaN (log of a negative number) counts as missing. Present only when > 0. */
  infinite?: number;
}

/**
 * Everything an estimator needs, restricted to the estimation sample. Its arrays are read-only:
 * a numeric column may be the input data's own array when no row was dropped.
 */
export interface ModelFrame {
  nobs: number;
  /** Position of each used row in the input data (0-based); listed on first read when every row is used. */
  readonly rows: Int32Array;
  /** The same list from a function that holds nothing else of the frame (for results to keep). */
  listRows: () => Int32Array;
  response: NamedColumn;
  /** Exogenous regressors, expanded (products, `i()` levels), plus "(Intercept)" when the model has one. */
  exogenous: NamedColumn[];
  endogenous: NamedColumn[];
  instruments: NamedColumn[];
  fixedEffects: FixedEffectFactor[];
  clusters: FixedEffectFactor[];
  dropped: DroppedRows;
  /** Regression weights on the estimation sample (all positive); undefined for an unweighted model. */
  weights?: Float64Array;
  /** The weights column's name, when weighted. */
  weightsName?: string;
  /** Latitude and longitude (degrees) on the estimation sample, when the variance is Conley's. */
  coordinates?: { lat: Float64Array; lon: Float64Array };
}

export interface FrameOptions {
  clusters: string[];
  /** What each of `clusters` is for, in messages (default "cluster variable"), e.g. "Driscoll–Kraay time variable". */
  clusterRoles?: string[];
  singletons: "drop" | "keep";
  /** The regression weights column (`options.weights`), if any. */
  weights?: string;
  /** Conley's latitude and longitude columns (`conleyCoordinates(spec)` from lib/variance), read as numbers. */
  coordinates?: [lat: string, lon: string];
  /** Where fixed-effect and cluster codes come from (default: new arrays; see linalg/workBuffers). */
  allocateCodes?: AllocateCodes;
}

type Role = "dependent variable" | "regressor" | "endogenous regressor" | "instrument";

/** The raw (all-row) columns a term needs, read once. */
interface TermSource {
  term: Term;
  role: Role;
  numeric: Float64Array[];
  factor?: FactorColumn;
}

function requireColumn(data: DataColumns, formula: Formula, name: string, position: number, role: string): void {
  if (!data.has(name)) {
    const known = data.names();
    const hint = ` ${unknownNameHint(name, known, "Available columns")}`;
    throw new FormulaError(`The ${role} "${name}" is not a column of the data.${hint}`, formula.text, position);
  }
}

/** Reads a term's columns, marking rows with a missing value in `keep`. */
function readTerm(data: DataColumns, formula: Formula, term: Term, role: Role, keep: Uint8Array): TermSource {
  for (const name of termVariables(term)) requireColumn(data, formula, name, term.position, role);
  switch (term.kind) {
    case "variable":
      return { term, role, numeric: [numericColumn(data, term.name, role, keep)] };
    case "product":
      return { term, role, numeric: term.factors.map((f) => numericColumn(data, f, role, keep)) };
    case "interaction": {
      const factor = factorColumn(data, term.factor);
      markMissingCodes(keep, factor);
      return {
        term,
        role,
        numeric: term.variable === undefined ? [] : [numericColumn(data, term.variable, role, keep)],
        factor,
      };
    }
  }
}

// Row loops live in small functions of their own: V8 optimises them once and keeps them, where a
// loop inside a long function that runs once per fit is recompiled (on-stack) on every fit.

/** The number of rows with keep[i] = 1. */
function countKept(keep: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < keep.length; i++) count += keep[i];
  return count;
}

/** The positions i with keep[i] = 1, ascending (`count` of them). */
function keptRows(keep: Uint8Array, count: number): Int32Array {
  const rows = new Int32Array(count);
  for (let i = 0, k = 0; i < keep.length; i++) if (keep[i]) rows[k++] = i;
  return rows;
}

/** keep[i] = 0 for every row missing in `codes` (nothing to do when none is). */
function markMissingCodes(keep: Uint8Array, coded: CodedColumn): void {
  if (!coded.missing) return;
  const codes = coded.codes;
  for (let i = 0; i < keep.length; i++) if (codes[i] < 0) keep[i] = 0;
}

/** Level codes (−1 = missing) with their number of levels. */
interface CodedColumn {
  codes: Int32Array;
  nLevels: number;
  missing: boolean;
}

/** The range and missingness of codes computed elsewhere (a combined factor a^b). */
function describeCodes(codes: Int32Array): CodedColumn {
  let max = -1;
  let missing = false;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (code > max) max = code;
    else if (code < 0) missing = true;
  }
  return { codes, nLevels: max + 1, missing };
}

/** The estimation sample: `listed` rows of the input, or every row (listed = undefined). */
interface Sample {
  listed: Int32Array | undefined;
  /** The rows as a list; for every row, 0 … n−1 is made on first use (most fits never need it). */
  rows(): Int32Array;
}

/** A function listing the sample's rows: `listed`, or 0 … n−1 made on first call. */
function rowLister(listed: Int32Array | undefined, n: number): () => Int32Array {
  if (listed) return () => listed;
  let everyRow: Int32Array | undefined;
  return () => {
    if (!everyRow) {
      everyRow = new Int32Array(n);
      for (let i = 0; i < n; i++) everyRow[i] = i;
    }
    return everyRow;
  };
}

/**
 * The column on the estimation sample. When no row was dropped the column itself is returned,
 * not a copy: frame columns are read-only and may share memory with the input data.
 */
function pick(values: Float64Array, sample: Sample): Float64Array {
  const rows = sample.listed;
  if (!rows) return values;
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]];
  return out;
}

/** Expands a term into its columns on the estimation sample (design §3 naming). */
function expandTerm(source: TermSource, sample: Sample, formula: Formula): NamedColumn[] {
  const term = source.term;
  if (term.kind === "variable") return [{ name: term.name, values: pick(source.numeric[0], sample) }];
  const rows = sample.rows();
  if (term.kind === "product") {
    const values = new Float64Array(rows.length).fill(1);
    for (const column of source.numeric) for (let i = 0; i < rows.length; i++) values[i] *= column[rows[i]];
    return [{ name: term.factors.join(":"), values }];
  }
  const variable = term.variable === undefined ? undefined : source.numeric[0];
  return expandInteraction(term, source.factor as FactorColumn, variable, rows, formula);
}

/**
 * Turns a parsed formula and the data into numeric columns on the estimation sample.
 * Rows with a missing value in any used variable (including cluster variables) are
 * dropped and counted; then singletons are dropped repeatedly unless `singletons: "keep"`
 * (design §4). Fixed-effect and cluster codes are computed once here and reused.
 * @throws FormulaError for a column that does not exist (pointing at its token),
 *         DataError for text or infinite values, IdentificationError when no row is left.
 */
export function buildModelFrame(formula: Formula, data: DataColumns, options: FrameOptions): ModelFrame {
  const n = data.nrows;
  const keep = new Uint8Array(n).fill(1);
  const sources = readSources(formula, data, keep);
  const codes = codeFactors(formula, data, options);
  for (const coded of new Set([...codes.fixedEffects, ...codes.clusters])) markMissingCodes(keep, coded);
  const weights = options.weights === undefined ? undefined : readWeights(data, options.weights, keep);
  const coordinates = options.coordinates?.map((name, c) => numericColumn(data, name, c === 0 ? "Conley latitude" : "Conley longitude", keep));
  const { nobs, missing, singletons, zeroWeight, levelCounts } = selectSample(formula, codes.fixedEffects, keep, options.singletons, weights?.values);
  const listed = nobs < n ? keptRows(keep, nobs) : undefined;
  const sample: Sample = { listed, rows: rowLister(listed, n) };
  const feCodes = codes.fixedEffects.map((f) => f.codes);
  const fixedEffects = formula.fixedEffects.map((fe, f) => subsetFactor(fe.name, feCodes[f], listed ?? null, levelCounts?.[f]));
  const intercept: NamedColumn[] = formula.intercept ? [{ name: "(Intercept)", values: new Float64Array(nobs).fill(1) }] : [];
  return {
    nobs,
    get rows(): Int32Array {
      return sample.rows();
    },
    listRows: sample.rows,
    response: { name: formula.response, values: pick(sources.response.numeric[0], sample) },
    exogenous: [...intercept, ...sources.exogenous.flatMap((t) => expandTerm(t, sample, formula))],
    endogenous: sources.endogenous.flatMap((t) => expandTerm(t, sample, formula)),
    instruments: sources.instruments.flatMap((t) => expandTerm(t, sample, formula)),
    fixedEffects,
    clusters: options.clusters.map((name, c) => {
      // A cluster variable that is also a fixed effect shares its (read-only) codes.
      const same = feCodes.indexOf(codes.clusters[c].codes);
      return same >= 0 ? { ...fixedEffects[same], name } : subsetFactor(name, codes.clusters[c].codes, listed ?? null);
    }),
    dropped: weights ? { missing, singletons, zeroWeight } : { missing, singletons },
    ...(weights ? { weights: pick(weights.values, sample), weightsName: weights.name } : {}),
    ...(coordinates ? { coordinates: { lat: pick(coordinates[0], sample), lon: pick(coordinates[1], sample) } } : {}),
  };
}

/** The raw columns of every term, by role, with rows holding a missing value marked in `keep`. */
function readSources(formula: Formula, data: DataColumns, keep: Uint8Array): { response: TermSource; exogenous: TermSource[]; endogenous: TermSource[]; instruments: TermSource[] } {
  requireColumn(data, formula, formula.response, 0, "dependent variable");
  const response: TermSource = {
    term: { kind: "variable", name: formula.response, position: 0 },
    role: "dependent variable",
    numeric: [numericColumn(data, formula.response, "dependent variable", keep)],
  };
  return {
    response,
    exogenous: formula.terms.map((t) => readTerm(data, formula, t, "regressor", keep)),
    endogenous: formula.endogenous.map((t) => readTerm(data, formula, t, "endogenous regressor", keep)),
    instruments: formula.instruments.map((t) => readTerm(data, formula, t, "instrument", keep)),
  };
}

/** Integer codes of the fixed effects (combined ones `a^b` included) and cluster variables; a column used twice is coded once. */
function codeFactors(formula: Formula, data: DataColumns, options: FrameOptions): { fixedEffects: CodedColumn[]; clusters: CodedColumn[] } {
  const cache = new Map<string, FactorColumn>();
  const factorOf = (name: string): FactorColumn => {
    let factor = cache.get(name);
    if (!factor) {
      factor = factorColumn(data, name, options.allocateCodes);
      cache.set(name, factor);
    }
    return factor;
  };
  const fixedEffects: CodedColumn[] = formula.fixedEffects.map((fe) => {
    for (const v of fe.variables) requireColumn(data, formula, v, fe.position, "fixed effect");
    if (fe.variables.length === 1) return factorOf(fe.variables[0]);
    return describeCodes(combineCodes(fe.variables.map((v) => factorOf(v).codes)));
  });
  const clusters = options.clusters.map((name, k) => {
    if (!data.has(name)) {
      const role = options.clusterRoles?.[k] ?? "cluster variable";
      throw new DataError(`The ${role} "${name}" is not a column of the data. ${unknownNameHint(name, data.names(), "Available columns")}`);
    }
    return factorOf(name);
  });
  return { fixedEffects, clusters };
}

/**
 * Counts the rows dropped for missing values, then drops rows of zero weight (when weighted) and
 * singletons (unless kept) and counts them.
 * @throws IdentificationError when no row is left.
 */
function selectSample(
  formula: Formula,
  fixedEffects: CodedColumn[],
  keep: Uint8Array,
  singletonRule: FrameOptions["singletons"],
  weights: Float64Array | undefined,
): { nobs: number; missing: number; singletons: number; zeroWeight: number; levelCounts: Float64Array[] | undefined } {
  const n = keep.length;
  const missing = n - countKept(keep);
  if (missing === n) {
    throw new IdentificationError(
      n === 0 ? "The data has no rows." : `No rows left: all ${n} rows have a missing value in some variable of "${formula.text}". Check the columns for nulls.`,
    );
  }
  const zeroWeight = weights ? dropZeroWeights(weights, keep) : 0;
  if (zeroWeight === n - missing) {
    throw new IdentificationError(`No rows left: every row with complete data has a zero weight (${zeroWeight} rows).`);
  }
  const { removed: singletons, counts: levelCounts } = singletonRule === "drop" ? dropSingletons(fixedEffects, keep) : { removed: 0, counts: undefined };
  const nobs = n - missing - zeroWeight - singletons;
  if (nobs === 0) {
    throw new IdentificationError(`No rows left after removing ${missing} rows with missing values${weights ? `, ${zeroWeight} of zero weight` : ""} and ${singletons} singletons.`);
  }
  return { nobs, missing, singletons, zeroWeight, levelCounts };
}
