/**
 * The value-level audit: for every panel variable and every panel row, whether the cell was
 * - **computed** from inputs all read as printed (or fixed) in the raw files,
 * - **filled**: computed, but at least one input was interpolated (interpolate.ts, audit.imputed),
 * - **missing**, with the cause: the first missing input — raw file, column, city and year, or the
 *   national series and year — or "file not supplied", or an undefined formula;
 * and, among the computed and filled cells, how many were **clipped** by winsorizing.
 * For every variable computed + filled + missing = panel rows (clipped is a part of the first two).
 * The inputs of each variable come from variables/inputs.ts.
 */
import { Levels, CityVar } from "../variables/levels";
import { PANEL_INPUTS, PanelInput } from "../variables/inputs";
import { BuildMeta } from "../variables/build";
import { PANEL_VARS, PanelColumns, PanelVar } from "../variables/panelSchema";
import { Audit } from "./audit";
import { filesNeededBy, inputSource, REGISTRY_SOURCE } from "./fileFeeds";

/** One panel variable's counts. */
export interface VariableAudit {
  /** The panel variable. */
  variable: PanelVar;
  /** Panel rows (= computed + filled + missing). */
  rows: number;
  /** Cells computed from inputs as read. */
  computed: number;
  /** Cells computed with at least one interpolated input. */
  filled: number;
  /** Cells left missing (each listed with its cause in {@link ValueAudit.missing}). */
  missing: number;
  /** Computed or filled cells clipped to a winsorizing bound. */
  clipped: number;
  /** How the filled cells were filled: interpolated inputs and their cell counts, e.g. "interpolated pop (12)". */
  filledHow: string;
  /** Missing cells by cause source, e.g. "population_resident.csv resident_pop_10k (4879)". */
  missingCauses: string;
  /** Raw files the variable needs that were not supplied (then every cell is missing). */
  filesNotSupplied: string[];
}

/** A missing panel cell and why. */
export interface MissingCell {
  /** The panel variable. */
  variable: PanelVar;
  /** City code of the panel row. */
  code: string;
  /** Year of the panel row. */
  year: number;
  /** Raw file of the first missing input (or the file not supplied); null for an undefined formula. */
  file: string | null;
  /** Column of that file; null when the cause is not one column. */
  column: string | null;
  /** Year of the missing input value (t or t − 1, …); null for a time-invariant input. */
  sourceYear: number | null;
  /** The cause in words. */
  cause: string;
}

/** The value audit of one build. */
export interface ValueAudit {
  /** One entry per panel variable, in panel order. */
  variables: VariableAudit[];
  /** Every missing cell, by variable in panel order, then row. */
  missing: MissingCell[];
}

/** What the value audit reads besides the panel. */
export interface ValueAuditInputs {
  /** The harmonised levels the panel was built from. */
  levels: Levels;
  /** The panel. */
  panel: PanelColumns;
  /** The build's metadata (clipped rows). */
  meta: BuildMeta;
  /** The row audit (interpolated cells, gaps left). */
  audit: Audit;
  /** The raw files loaded (schema names). */
  loaded: ReadonlySet<string>;
}

/** One input value of a row: the city-year cell (or national index) it reads, and where it came from. */
interface InputCell {
  input: PanelInput;
  /** The value read (NaN: missing). */
  value: number;
  /** City-year variable and its level index, when it is one. */
  cityVar: CityVar | null;
  index: number;
  /** The year it is of (null: time-invariant). */
  year: number | null;
}

/**
 * The value audit of a build (module comment).
 * @example valueAudit({ levels, panel, meta, audit, loaded }).variables.find((v) => v.variable === "shrink")?.missing // 0 on the bundled data
 */
export function valueAudit(inputs: ValueAuditInputs): ValueAudit {
  const { levels, panel, meta, audit, loaded } = inputs;
  const cityIndex = new Map(levels.codes.map((c, i) => [c, i]));
  const imputed = new Set(audit.imputed.map((c) => `${c.variable}|${c.code}|${c.year}`));
  const variables: VariableAudit[] = [];
  const missing: MissingCell[] = [];
  for (const variable of PANEL_VARS) {
    const col = panel[variable];
    const clippedRows = new Set(meta.clippedRows?.[variable] ?? []);
    const filesNotSupplied = filesNeededBy(variable).filter((f) => !loaded.has(f));
    const entry: VariableAudit = { variable, rows: col.length, computed: 0, filled: 0, missing: 0, clipped: 0, filledHow: "", missingCauses: "", filesNotSupplied };
    const filledBy = new Map<string, number>();
    const causeCount = new Map<string, number>();
    for (let r = 0; r < col.length; r++) {
      const code = panel.code[r];
      const year = panel.year[r];
      const cells = inputCells(levels, variable, cityIndex.get(code) ?? -1, year);
      if (Number.isNaN(col[r])) {
        entry.missing++;
        const cell = missingCause(variable, code, year, cells, loaded, audit);
        missing.push(cell);
        const key = cell.file === null ? "undefined formula" : `${cell.file}${cell.column ? ` ${cell.column}` : ""}`;
        causeCount.set(key, (causeCount.get(key) ?? 0) + 1);
        continue;
      }
      const interpolated = cells.filter((x) => x.cityVar !== null && x.year !== null && imputed.has(`${x.cityVar}|${code}|${x.year}`));
      if (interpolated.length > 0) {
        entry.filled++;
        for (const v of new Set(interpolated.map((x) => x.cityVar as string))) filledBy.set(v, (filledBy.get(v) ?? 0) + 1);
      } else entry.computed++;
      if (clippedRows.has(r)) entry.clipped++;
    }
    entry.filledHow = [...filledBy].map(([v, n]) => `interpolated ${v} (${n})`).join("; ");
    entry.missingCauses = [...causeCount].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} (${n})`).join("; ");
    variables.push(entry);
  }
  return { variables, missing };
}

/**
 * The input values row (city c, year) of `variable` reads, in the order of PANEL_INPUTS (the industry
 * series as one cell each: missing if any industry is; they are checked at build time, coverage.ts).
 * @example inputCells(levels, "shrink", 0, 2007).map((x) => x.year) // [2007, 2006]
 */
function inputCells(levels: Levels, variable: PanelVar, c: number, year: number): InputCell[] {
  const T = levels.nYears;
  const J = levels.industries.length;
  const t = year - levels.firstYear;
  const at = (arr: Float64Array, i: number, ok: boolean): number => (ok ? arr[i] : NaN);
  const out: InputCell[] = [];
  for (const input of PANEL_INPUTS[variable]) {
    switch (input.kind) {
      case "city":
        for (const lag of input.lags) {
          const tt = t - lag;
          out.push({ input, value: at(levels.city[input.variable], c * T + tt, c >= 0 && tt >= 0 && tt < T), cityVar: input.variable, index: c * T + tt, year: year - lag });
        }
        break;
      case "cityHistory":
        for (let tt = 0; tt <= t && tt < T; tt++) out.push({ input, value: at(levels.city[input.variable], c * T + tt, c >= 0), cityVar: input.variable, index: c * T + tt, year: levels.firstYear + tt });
        break;
      case "cityAt":
        for (const y of input.years) {
          const tt = y === "first" ? 0 : y - levels.firstYear;
          out.push({ input, value: at(levels.city[input.variable], c * T + tt, c >= 0 && tt >= 0 && tt < T), cityVar: input.variable, index: c * T + tt, year: levels.firstYear + tt });
        }
        break;
      case "national":
        for (const lag of input.lags) {
          const tt = t - lag;
          const series = levels[input.series];
          let v = 0;
          if (input.series === "usBaseEmp") for (let j = 0; j < J; j++) v += series[j];
          else if (input.series === "cnStock" || input.series === "usStock") for (let j = 0; j < J; j++) v += at(series, j * T + tt, tt >= 0 && tt < T);
          else v = at(series, tt, tt >= 0 && tt < T);
          out.push({ input, value: v, cityVar: null, index: tt, year: input.series === "usBaseEmp" ? null : year - lag });
        }
        break;
      case "baseEmployment": {
        let v = c >= 0 ? levels.baseEmpTotal[c] : NaN;
        for (let j = 0; j < J; j++) v += c >= 0 ? levels.baseEmp[c * J + j] : NaN;
        out.push({ input, value: v, cityVar: null, index: c, year: null });
        break;
      }
      case "registry":
        out.push({ input, value: 0, cityVar: null, index: c, year: null });
        break;
    }
  }
  return out;
}

/**
 * Why a cell is missing: a needed file not supplied; else the first missing input (with the run of
 * years left missing around it, audit.unfilled); else the formula is undefined at present inputs.
 * @example missingCause("shrink", "110000", 2007, cells, loaded, audit).cause // "population_resident.csv not supplied"
 */
function missingCause(variable: PanelVar, code: string, year: number, cells: InputCell[], loaded: ReadonlySet<string>, audit: Audit): MissingCell {
  const absent = cells.filter((x) => Number.isNaN(x.value));
  const notSupplied = absent.find((x) => !loaded.has(inputSource(x.input).file) && inputSource(x.input).file !== REGISTRY_SOURCE);
  const first = notSupplied ?? absent[0];
  if (!first) {
    const nonPositive = cells.filter((x) => x.value <= 0 && x.input.kind !== "registry").map((x) => `${inputSource(x.input).column}${x.year === null ? "" : ` ${x.year}`} = ${x.value}`);
    return {
      variable,
      code,
      year,
      file: null,
      column: null,
      sourceYear: null,
      cause: `every input is present but the formula is undefined${nonPositive.length ? ` (zero or negative: ${nonPositive.join(", ")})` : ""}`,
    };
  }
  const { file, column } = inputSource(first.input);
  const others = new Set(absent.map((x) => `${inputSource(x.input).file}|${inputSource(x.input).column}|${x.year}`)).size - 1;
  const more = others > 0 ? ` (and ${others} other missing input value${others === 1 ? "" : "s"})` : "";
  let cause: string;
  if (!loaded.has(file) && file !== REGISTRY_SOURCE) cause = `${file} not supplied`;
  else if (first.cityVar !== null) {
    const run = audit.unfilled.find((u) => u.code === code && u.variable === first.cityVar && first.year !== null && u.from <= first.year && first.year <= u.to);
    cause = run
      ? `no value for ${code} in ${run.from === run.to ? run.from : `${run.from}–${run.to}`} (a gap longer than the interpolation limit, or at an end of the series)`
      : `no value for ${code} in ${first.year}`;
  } else if (first.input.kind === "baseEmployment") cause = `no 2006 employment for ${code}`;
  else cause = `no value for ${first.year ?? "the base year"}`;
  return { variable, code, year, file, column, sourceYear: first.year, cause: cause + more };
}

/**
 * The variables worst first: most missing cells, then most filled, then most clipped (panel order on ties).
 * @example worstFirst(values.variables)[0].variable // the variable with the most missing cells
 */
export function worstFirst(rows: readonly VariableAudit[]): VariableAudit[] {
  return rows
    .map((r, k) => ({ r, k }))
    .sort((a, b) => b.r.missing - a.r.missing || b.r.filled - a.r.filled || b.r.clipped - a.r.clipped || a.k - b.k)
    .map((x) => x.r);
}

/**
 * The variables a build could not make at all (every cell missing because a file was not supplied), with
 * the files each needs.
 * @example notBuilt(values) // [{ variable: "open", needs: ["exchange_rates.csv"] }] without that file
 */
export function notBuilt(values: ValueAudit): {
  /** The variable with no cell computed. */
  variable: PanelVar;
  /** The raw files it needs that were not loaded. */
  needs: string[];
}[] {
  return values.variables.filter((v) => v.filesNotSupplied.length > 0).map((v) => ({ variable: v.variable, needs: v.filesNotSupplied }));
}

/**
 * The value audit as display rows, worst first ({@link worstFirst}): one per variable with its counts,
 * how cells were filled and why cells are missing ("—" for none).
 * @example valueAuditRows(cleaned.values)[0].variable // the worst variable
 */
export function valueAuditRows(values: ValueAudit): {
  /** The panel variable. */
  variable: string;
  /** Panel rows. */
  rows: number;
  /** Cells computed from inputs as read. */
  computed: number;
  /** Cells computed with an interpolated input. */
  filled: number;
  /** Cells missing. */
  missing: number;
  /** Cells clipped by winsorizing. */
  clipped: number;
  /** How the filled cells were filled. */
  filled_how: string;
  /** What the missing cells lack. */
  missing_because: string;
}[] {
  return worstFirst(values.variables).map((v) => ({
    variable: v.variable,
    rows: v.rows,
    computed: v.computed,
    filled: v.filled,
    missing: v.missing,
    clipped: v.clipped,
    filled_how: v.filledHow || "—",
    missing_because: v.missingCauses || (v.filesNotSupplied.length ? `${v.filesNotSupplied.join(", ")} not supplied` : "—"),
  }));
}
