/**
 * The raw-data store behind the cleaning pipeline and "bring your own data".
 *
 * `load(path)` reads one raw file (its kind from its name, rawSchema.ts), validates all of it, harmonises
 * its codes and resolves its duplicates; only when the whole file passed is it added to the store. A bad
 * file raises a DataFileError naming file, line and column, and leaves everything loaded before untouched;
 * loading a second file of a kind already loaded is refused (nothing is overwritten — `unload` it first).
 * `build()` assembles the harmonised levels (merging 莱芜 into 济南, interpolating short gaps), checks
 * that the loaded files cover what the panel needs (coverage.ts: a gap is an error, not a column of NaN),
 * builds the analysis panel with lib/study/variables/build.ts and returns it with the row audit, the
 * value audit (valueAudit.ts) and the plausibility warnings (plausibility.ts; an error under `strict`).
 * Any subset of the raw files builds: the variables whose files are missing are left empty and listed.
 */
import * as fs from "fs";
import * as path from "path";
import type * as aq from "arquero";
import { arquero } from "./arqueroOnDemand";
import {
  ALL_INDUSTRIES,
  CITY_YEAR_FILES,
  CityYearFile,
  DEFLATOR_FILE,
  EXCHANGE_RATE_FILE,
  INDUSTRY_EMPLOYMENT_FILE,
  ROBOT_STOCKS_FILE,
  US_EMPLOYMENT_FILE,
} from "../rawSchema";
import { buildPanel, BuildMeta, BuildOptions } from "../variables/build";
import { CityVar, emptyLevels, Levels } from "../variables/levels";
import { PanelColumns } from "../variables/panelSchema";
import { Audit, AuditRow, AuditWarning } from "./audit";
import { checkCoverage } from "./coverage";
import { RAW_FILES } from "./fileFeeds";
import { valueAudit, ValueAudit } from "./valueAudit";
import { plausibilityWarnings } from "./plausibility";
import { unitNameWarnings } from "./unitNames";
import { LoadedCityYear, plausibilityContext } from "./warningSources";
import { resolveDuplicates } from "./dedupe";
import { decodeRawFile, type RawEncoding } from "./encoding";
import { DataFileError } from "./errors";
import { checkOptions } from "../../options";
import { fillShortGaps } from "./interpolate";
import { checkUniqueKeys, NationalRow, readIndustryEmployment, readTable } from "./readNational";
import { ParsedRow, readCityYear } from "./readCityYear";

/** The registry fields the cleaner needs. */
export interface CleanCity {
  /** 6-digit GB/T 2260 code, as in the registry. */
  code: string;
  /** Current Chinese name; a row printed under another name is renamed to it (an audited fix). */
  name_zh: string;
  /** South-east of the Hu line: 1, true or "1" is yes, anything else no. */
  hu_se: number | boolean | string;
  /** Not a municipality, provincial capital or separately planned city: 1, true or "1" is yes. */
  peripheral: number | boolean | string;
  /** Resource-based city (国发〔2013〕45号): 1, true or "1" is yes. */
  resource_based: number | boolean | string;
}

/** Store options: the years to assemble (2000–2023) and the industries (IFR codes, in order). */
export interface StoreOptions {
  /** First year of the levels (2000); rows of earlier years are dropped. */
  firstYear?: number;
  /** Last year of the levels (2023); rows of later years are dropped. */
  lastYear?: number;
  /** IFR industry codes of the shift-share, in order (the twelve of the default list). */
  industries?: string[];
  /** How the raw files are encoded (default "utf-8"; "gb18030" for GBK exports; "auto" to detect). */
  encoding?: RawEncoding;
  /** Implausible values (the audit's warnings) stop the build with an error instead (default false). */
  strict?: boolean;
}

/** A loaded file, by kind: a city-year file's parsed rows, the 2006 employment by city and industry, or a national table. */
type Loaded =
  | { kind: "cityYear"; spec: CityYearFile; rows: ParsedRow[] }
  | { kind: "industryEmployment"; rows: NationalRow[]; byCity: Map<string, Map<string, number>> }
  | { kind: "table"; rows: NationalRow[] };

/** The result of a build. */
export interface CleanResult {
  /** The harmonised city-year levels and national series, after merges and gap filling. */
  levels: Levels;
  /** The analysis panel built from the levels (lib/study/variables/build.ts). */
  panel: PanelColumns;
  /** 1 where a panel row uses an interpolated input (year t or t − 1 of its city). */
  imputedFlag: Float64Array;
  /** What the panel build chose: entropy weights and winsorizing bounds. */
  meta: BuildMeta;
  /** Every raw row's fate, every interpolated cell and every gap left. */
  audit: Audit;
  /** Every panel cell computed, filled, clipped or missing (with its cause), by variable. */
  values: ValueAudit;
}

/** A registry flag as 0/1: 1 for true, 1 or "1", else 0. */
const FLAG = (x: number | boolean | string): number => (x === true || x === 1 || x === "1" ? 1 : 0);

/** A store of validated raw files. */
export class RawStore {
  /** The loaded files by schema name, in load order. */
  private readonly files = new Map<string, Loaded>();
  /** Registry code → current Chinese name. */
  private readonly names: Map<string, string>;
  /** First year of the levels ({@link StoreOptions}, default 2000). */
  readonly firstYear: number;
  /** Last year of the levels ({@link StoreOptions}, default 2023). */
  readonly lastYear: number;
  /** IFR industry codes of the shift-share, in order. */
  readonly industries: string[];
  /** How raw files are decoded ({@link StoreOptions}). */
  readonly encoding: RawEncoding;
  /** Whether `build()` stops on the audit's warnings ({@link StoreOptions}). */
  readonly strict: boolean;
  /** The label (path) each loaded file was read under, by schema name, for messages. */
  private readonly labels = new Map<string, string>();

  /**
   * An empty store for the cities of `registry`.
   * @param registry the sample's cities (loadRegistry() gives them)
   */
  constructor(private readonly registry: readonly CleanCity[], options: StoreOptions = {}) {
    this.names = new Map(registry.map((c) => [String(c.code), c.name_zh]));
    this.firstYear = options.firstYear ?? 2000;
    this.lastYear = options.lastYear ?? 2023;
    this.encoding = options.encoding ?? "utf-8";
    this.strict = options.strict ?? false;
    this.industries = options.industries ?? ["AB", "C", "10-12", "13-15", "16-18", "19-22", "23", "24", "25", "26-27", "28", "29-30"];
  }

  /** Names of the files loaded so far. */
  loaded(): string[] {
    return Array.from(this.files.keys());
  }

  /** Loads a file from disk (its kind from its base name). */
  load(file: string): void {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (e) {
      throw new DataFileError("missing_file", file, null, null, `cannot be read (${(e as Error).message}).`, "Check the path.");
    }
    this.loadText(path.basename(file), decodeRawFile(bytes, file, this.encoding), file);
  }

  /** Loads a file's text under its schema name (e.g. "economy.csv"); `label` names it in messages. */
  loadText(name: string, text: string, label = name): void {
    if (this.files.has(name)) {
      throw new DataFileError("already_loaded", label, null, null, `a file "${name}" is already loaded.`, "Call unload(name) first if you mean to replace it; nothing was changed.");
    }
    const years = { first: this.firstYear, last: this.lastYear };
    const spec = CITY_YEAR_FILES.find((s) => s.file === name);
    let loaded: Loaded;
    if (spec) {
      const rows = readCityYear(text, label, spec, this.names, years);
      resolveDuplicates(rows, label);
      loaded = { kind: "cityYear", spec, rows };
    } else if (name === INDUSTRY_EMPLOYMENT_FILE.file) {
      const r = readIndustryEmployment(text, label, this.names);
      loaded = { kind: "industryEmployment", rows: r.rows, byCity: r.byCity };
    } else if (name === ROBOT_STOCKS_FILE.file) {
      const rows = readTable(text, label, ROBOT_STOCKS_FILE.columns, ["year", "operational_stock"]);
      checkUniqueKeys(rows, label, ["country", "industry_code", "year"]);
      loaded = { kind: "table", rows };
    } else if (name === US_EMPLOYMENT_FILE.file) {
      const rows = readTable(text, label, US_EMPLOYMENT_FILE.columns, ["employment"]);
      checkUniqueKeys(rows, label, ["industry_code"]);
      loaded = { kind: "table", rows };
    } else if (name === DEFLATOR_FILE.file) {
      const rows = readTable(text, label, DEFLATOR_FILE.columns, DEFLATOR_FILE.columns);
      checkUniqueKeys(rows, label, ["year"]);
      loaded = { kind: "table", rows };
    } else if (name === EXCHANGE_RATE_FILE.file) {
      const rows = readTable(text, label, EXCHANGE_RATE_FILE.columns, EXCHANGE_RATE_FILE.columns);
      checkUniqueKeys(rows, label, ["year"]);
      loaded = { kind: "table", rows };
    } else {
      throw new DataFileError("missing_file", label, null, null, `is not one of the raw files the kit knows.`, "Name it after its schema (data/CODEBOOK.md, Raw files), e.g. economy.csv.");
    }
    this.files.set(name, loaded); // commit only after the whole file passed
    this.labels.set(name, label);
  }

  /** Removes a loaded file. */
  unload(name: string): boolean {
    this.labels.delete(name);
    return this.files.delete(name);
  }

  /** The harmonised rows of a loaded city-year file as an arquero table (for inspection). */
  table(name: string): aq.ColumnTable {
    const f = this.files.get(name);
    if (!f || f.kind !== "cityYear") throw new DataFileError("missing_file", name, null, null, "is not a loaded city-year file.", `Load it first; loaded: ${this.loaded().join(", ") || "none"}.`);
    const cols: Record<string, unknown[]> = { line: [], code: [], year: [], edition: [], status: [] };
    for (const c of f.spec.columns) cols[c.name] = [];
    for (const r of f.rows) {
      cols.line.push(r.line);
      cols.code.push(r.target);
      cols.year.push(r.year);
      cols.edition.push(r.edition);
      cols.status.push(r.dropReason ? "dropped" : r.actions.length ? "fixed" : "kept");
      f.spec.columns.forEach((c, k) => cols[c.name].push(r.values[k]));
    }
    return arquero().table(cols);
  }

  /**
   * Assembles levels, fills short gaps, checks the coverage of what the panel needs, builds the panel,
   * and audits every row and every panel cell.
   * @throws DataFileError ("incomplete_input") when a loaded file lacks a year, city or industry the panel
   *         needs (coverage.ts); ("implausible_value") under `strict` when the audit has warnings.
   */
  build(options: BuildOptions = {}): CleanResult {
    const codes = this.registry.map((c) => String(c.code));
    const cityIndex = new Map(codes.map((c, i) => [c, i]));
    const T = this.lastYear - this.firstYear + 1;
    const levels = emptyLevels(codes, this.firstYear, T, this.industries);
    this.registry.forEach((c, i) => {
      levels.hu_se[i] = FLAG(c.hu_se);
      levels.peripheral[i] = FLAG(c.peripheral);
      levels.resource[i] = FLAG(c.resource_based);
    });
    const audit: Audit = { rows: [], imputed: [], unfilled: [], warnings: [] };
    const sourceOf = new Map<CityVar, string>();
    for (const [name, f] of this.files) {
      if (f.kind === "cityYear") this.assembleCityYear(name, f.spec, f.rows, levels, cityIndex, audit, sourceOf);
    }
    // short gaps, city by city and variable by variable
    for (const [variable, file] of sourceOf) {
      const arr = levels.city[variable];
      for (let c = 0; c < codes.length; c++) {
        const series = arr.subarray(c * T, (c + 1) * T);
        const { filled, unfilled } = fillShortGaps(series);
        for (const fl of filled) audit.imputed.push({ code: codes[c], year: this.firstYear + fl.t, variable, file, value: fl.value, gap: fl.gap });
        for (const u of unfilled) audit.unfilled.push({ code: codes[c], variable, from: this.firstYear + u.from, to: this.firstYear + u.to });
      }
    }
    this.assembleNational(levels, cityIndex, audit);
    const loaded = new Set(this.files.keys());
    checkCoverage(levels, this.labels, { first: options.firstYear ?? 2007, last: options.lastYear ?? 2023 }, this.names);
    audit.warnings.push(...this.plausibility(levels));
    if (this.strict) throwOnWarnings(audit.warnings, this.origin());
    const { panel, meta } = buildPanel(levels, options);
    const imputedFlag = new Float64Array(panel.code.length);
    const imputedKeys = new Set(audit.imputed.map((c) => `${c.code}|${c.year}`));
    for (let i = 0; i < panel.code.length; i++) {
      const y = panel.year[i];
      if (imputedKeys.has(`${panel.code[i]}|${y}`) || imputedKeys.has(`${panel.code[i]}|${y - 1}`)) imputedFlag[i] = 1;
    }
    return { levels, panel, imputedFlag, meta, audit, values: valueAudit({ levels, panel, meta, audit, loaded }) };
  }

  /**
   * The audit's warnings: printed names the registry and crosswalk do not know (unitNames.ts), and the
   * plausibility warnings of the harmonised levels (plausibility.ts), naming the file and line of each value.
   */
  private plausibility(levels: Levels): AuditWarning[] {
    const cityFiles: LoadedCityYear[] = [];
    for (const [name, f] of this.files) if (f.kind === "cityYear") cityFiles.push({ name, spec: f.spec, rows: f.rows });
    return [...cityFiles.flatMap((f) => unitNameWarnings(f.rows, f.name, this.names)), ...plausibilityWarnings(levels, plausibilityContext(cityFiles))];
  }

  /** Where the loaded files came from, for a message about all of them: their folder, or "the loaded raw files". */
  private origin(): string {
    const dirs = new Set([...this.labels.values()].map((l) => path.dirname(l)));
    return dirs.size === 1 && !dirs.has(".") ? [...dirs][0] : "the loaded raw files";
  }

  /**
   * Writes a city-year file's kept rows into the levels — one value per (target city, year); several units
   * of one target (莱芜 into 济南) are summed or population-weighted by column — records the file as the
   * source of its variables, and audits every row.
   */
  private assembleCityYear(
    file: string,
    spec: CityYearFile,
    rows: ParsedRow[],
    levels: Levels,
    cityIndex: Map<string, number>,
    audit: Audit,
    sourceOf: Map<CityVar, string>,
  ): void {
    const T = levels.nYears;
    spec.columns.forEach((c) => sourceOf.set(c.variable, file));
    const weightCol = spec.columns.findIndex((c) => c.variable === "pop_hukou");
    const groups = new Map<string, ParsedRow[]>();
    const added = new Map<ParsedRow, string>();
    for (const r of rows) {
      if (r.dropReason || r.target === null) continue;
      const k = `${r.target}|${r.year}`;
      const g = groups.get(k) ?? [];
      g.push(r);
      groups.set(k, g);
    }
    for (const [k, g] of groups) {
      const [code, yearText] = k.split("|");
      const c = cityIndex.get(code) as number;
      const t = Number(yearText) - levels.firstYear;
      spec.columns.forEach((col, m) => {
        let v: number;
        if (g.length === 1) v = g[0].values[m];
        else if (col.merge === "sum") {
          const f = Math.pow(10, col.decimals);
          v = Math.round(g.reduce((s, r) => s + r.values[m], 0) * f) / f; // NaN if any part is missing
        } else {
          const w = g.map((r) => (weightCol >= 0 ? r.values[weightCol] : 1));
          const wsum = w.reduce((a, b) => a + b, 0);
          v = g.reduce((s, r, j) => s + w[j] * r.values[m], 0) / wsum;
        }
        levels.city[col.variable][c * T + t] = v;
      });
      if (g.length > 1) {
        for (const r of g) {
          if (r.unit === code) added.set(r, `added ${g.filter((x) => x !== r).map((x) => `${x.unit} (line ${x.line})`).join(", ")}`);
        }
      }
    }
    for (const r of rows) {
      const actions = added.has(r) ? [...r.actions, added.get(r) as string] : r.actions;
      audit.rows.push({
        file,
        line: r.line,
        code: r.printedCode,
        year: r.year,
        status: r.dropReason ? "dropped" : actions.length ? "fixed" : "kept",
        detail: r.dropReason ?? actions.join(" | "),
      });
    }
  }

  /** Fills the national inputs from the loaded national files and audits their rows. */
  private assembleNational(levels: Levels, cityIndex: Map<string, number>, audit: Audit): void {
    const indIndex = new Map(this.industries.map((d, j) => [d, j]));
    const J = this.industries.length;
    for (const [name, f] of this.files) {
      if (f.kind === "industryEmployment") {
        assembleIndustryEmployment(f.rows, f.byCity, levels, cityIndex, indIndex, J);
        auditNational(audit, name, f.rows, (r) => String(r.values.code), () => 2006);
      } else if (f.kind === "table") {
        if (name === ROBOT_STOCKS_FILE.file) {
          assembleRobotStocks(f.rows, levels, indIndex);
          auditNational(audit, name, f.rows, (r) => String(r.values.country), (r) => Number(r.values.year));
        } else if (name === US_EMPLOYMENT_FILE.file) {
          assembleUsEmployment(f.rows, levels, indIndex);
          auditNational(audit, name, f.rows, () => "US", () => 2006);
        } else {
          assembleYearSeries(name, f.rows, levels);
          auditNational(audit, name, f.rows, () => "CN", (r) => Number(r.values.year));
        }
      }
    }
  }
}

/**
 * The 2006 employment by city and industry into `levels.baseEmp` (city c, industry j at c·J + j) and the
 * all-industry total into `levels.baseEmpTotal`; a row of an industry outside the list is dropped.
 * @param indIndex industry code → position j in the store's list
 * @param J the number of industries
 * @example assembleIndustryEmployment(f.rows, f.byCity, levels, cityIndex, indIndex, 12)
 */
function assembleIndustryEmployment(
  rows: NationalRow[],
  byCity: Map<string, Map<string, number>>,
  levels: Levels,
  cityIndex: Map<string, number>,
  indIndex: Map<string, number>,
  J: number,
): void {
  for (const [code, m] of byCity) {
    const c = cityIndex.get(code) as number;
    for (const [ind, v] of m) {
      if (ind === ALL_INDUSTRIES) levels.baseEmpTotal[c] = v;
      else {
        const j = indIndex.get(ind);
        if (j === undefined) continue;
        levels.baseEmp[c * J + j] = v;
      }
    }
  }
  for (const r of rows) {
    if (!r.dropReason && String(r.values.industry_code) !== ALL_INDUSTRIES && !indIndex.has(String(r.values.industry_code))) {
      r.dropReason = `industry ${r.values.industry_code} is not one of the ${J} IFR industries`;
    }
  }
}

/**
 * IFR operational robot stocks into `levels.cnStock` / `levels.usStock` (industry j, year t at j·T + t);
 * rows of another country, an industry outside the list or a year outside the levels are dropped as unused.
 * @example assembleRobotStocks(f.rows, levels, indIndex)
 */
function assembleRobotStocks(rows: NationalRow[], levels: Levels, indIndex: Map<string, number>): void {
  const T = levels.nYears;
  for (const r of rows) {
    if (r.dropReason) continue;
    const j = indIndex.get(String(r.values.industry_code));
    const t = Number(r.values.year) - levels.firstYear;
    const country = String(r.values.country);
    if (j === undefined || t < 0 || t >= T || (country !== "CN" && country !== "US")) {
      r.dropReason = `not used (country ${country}, industry ${r.values.industry_code}, year ${r.values.year})`;
      continue;
    }
    (country === "CN" ? levels.cnStock : levels.usStock)[j * T + t] = Number(r.values.operational_stock);
  }
}

/**
 * US employment by industry in 2006 into `levels.usBaseEmp`; a row of an industry outside the list is dropped.
 * @example assembleUsEmployment(f.rows, levels, indIndex)
 */
function assembleUsEmployment(rows: NationalRow[], levels: Levels, indIndex: Map<string, number>): void {
  for (const r of rows) {
    const j = indIndex.get(String(r.values.industry_code));
    if (j === undefined) r.dropReason = `industry ${r.values.industry_code} is not one of the IFR industries`;
    else levels.usBaseEmp[j] = Number(r.values.employment);
  }
}

/**
 * A national yearly series — the GDP deflator (price_deflators.csv) or the exchange rate (any other
 * table file) — into `levels.deflator` / `levels.xr`; a row of a year outside the levels is dropped.
 * @example assembleYearSeries("price_deflators.csv", f.rows, levels)
 */
function assembleYearSeries(name: string, rows: NationalRow[], levels: Levels): void {
  const T = levels.nYears;
  const target = name === DEFLATOR_FILE.file ? levels.deflator : levels.xr;
  const col = name === DEFLATOR_FILE.file ? DEFLATOR_FILE.columns[1] : EXCHANGE_RATE_FILE.columns[1];
  for (const r of rows) {
    const t = Number(r.values.year) - levels.firstYear;
    if (t < 0 || t >= T) r.dropReason = `year ${r.values.year} outside ${levels.firstYear}–${levels.firstYear + T - 1}`;
    else target[t] = Number(r.values[col]);
  }
}

/**
 * One audit entry per row of a national file: dropped (with its reason), fixed (with its fixes) or kept.
 * @param code the code the audit shows for a row (a city, a country)
 * @param year the year the audit shows for a row (null: none)
 * @example auditNational(audit, "us_employment_2006.csv", rows, () => "US", () => 2006)
 */
function auditNational(audit: Audit, file: string, rows: NationalRow[], code: (r: NationalRow) => string, year: (r: NationalRow) => number | null): void {
  for (const r of rows) {
    audit.rows.push({ file, line: r.line, code: code(r), year: year(r), status: r.dropReason ? "dropped" : r.actions.length ? "fixed" : "kept", detail: r.dropReason ?? r.actions.join(" | ") });
  }
}

/**
 * Stops a strict build: every warning listed (the first 20, then a count).
 * @throws DataFileError ("implausible_value") when `warnings` is not empty.
 * @example throwOnWarnings([], "data/raw") // returns: nothing to stop for
 */
function throwOnWarnings(warnings: readonly AuditWarning[], origin: string): void {
  if (warnings.length === 0) return;
  const shown = warnings.slice(0, 20).map((w) => `${w.file ?? w.variable}${w.line === null ? "" : ` line ${w.line}`}, ${w.code}${w.year === null ? "" : ` ${w.year}`}: ${w.detail}`);
  const rest = warnings.length > shown.length ? `; … and ${warnings.length - shown.length} more` : "";
  throw new DataFileError(
    "implausible_value",
    origin,
    null,
    null,
    `has ${warnings.length} implausible value${warnings.length === 1 ? "" : "s"} (strict mode): ${shown.join("; ")}${rest}.`,
    "Correct the values that are wrong; if they are real, run without --strict (they stay listed in audit_warnings.csv).",
  );
}

/**
 * Loads the raw files of the documented schema found in `dir` and builds the panel (bring your own
 * data: the same call). Any subset of the files builds: the variables whose files are absent are left
 * empty and listed in the value audit (`notBuilt` of valueAudit.ts; fileFeeds.ts RAW_FILE_FEEDS says which file
 * feeds which variable).
 * @throws DataFileError ("missing_file") when `dir` holds none of the schema's files; every error of
 *         {@link RawStore.load} and {@link RawStore.build}.
 * @example cleanRawFolder("data/raw", loadRegistry()).values.variables.length // 23
 */
export function cleanRawFolder(
  dir: string,
  registry: readonly CleanCity[],
  options: StoreOptions & BuildOptions = {},
): CleanResult & {
  /** The store holding the loaded files, for inspecting them ({@link RawStore.table}). */
  store: RawStore;
} {
  checkOptions("cleanRawFolder", options, ["firstYear", "lastYear", "industries", "encoding", "strict", "depreciation", "winsor"]);
  const store = new RawStore(registry, options);
  const present = RAW_FILES.filter((f) => fs.existsSync(path.join(dir, f)));
  if (present.length === 0) {
    throw new DataFileError(
      "missing_file",
      dir,
      null,
      null,
      `holds none of the ${RAW_FILES.length} raw files of the schema (${RAW_FILES.join(", ")}).`,
      "Check the folder; name each file after its schema (data/CODEBOOK.md, Raw files) — the simulated ones in data/raw/ show the layout.",
    );
  }
  for (const f of present) store.load(path.join(dir, f));
  return { ...store.build(options), store };
}

export type { AuditRow };
export { notBuilt } from "./valueAudit";
