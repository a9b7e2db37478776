/**
 * The pieces of the study's shift-share instrument, aligned with a panel's rows, for shift-share
 * inference (`shiftShareSE`, `shockLevelIV`, `rotembergWeights`):
 *
 *   s_ij   = Emp_ij,2006 / Emp_i,2006                    (city i's 2006 share of IFR industry j)
 *   g_jt   = US_jt / USEmp_j,2006 · 10⁴                   (US robots per 10,000 US workers of industry j)
 *   lin_it = Σ_j s_ij · g_jt                              (the linear shift-share)
 *   ai_iv  = ln(1 + lin_it)                               (the panel's instrument, lib/study/variables/build.ts)
 *
 * Only the study's reading lives here. Stacking the shares into industry × year sectors, the stacked
 * shocks, the sector clusters (industries) and lin_it are generic: `panelShares({ data: panel, time:
 * "year", shares: ins.rowShares, industries: ins.industries, shocks: ins.shocks })` builds them.
 *
 * The shares and shocks are read from the raw files that built the panel with the cleaner's own readers
 * (lib/study/clean/readNational.ts): industry_employment_2006.csv, robots_ifr.csv, us_employment_2006.csv.
 */
import * as fs from "fs";
import * as path from "path";
import { DataError, SetupError } from "../errors";
import { checkOptions } from "../options";
import { decodeRawFile, type RawEncoding } from "./clean/encoding";
import { checkUniqueKeys, readIndustryEmployment, readTable, type NationalRow } from "./clean/readNational";
import { studyData, type StudyData } from "./dataSource";
import { INDUSTRY_EMPLOYMENT_FILE, ROBOT_STOCKS_FILE, US_EMPLOYMENT_FILE, ALL_INDUSTRIES } from "./rawSchema";
import { DEFAULT_PANEL_PATH } from "./readPanel";
import { loadRegistry } from "./registry";
import { INDUSTRIES } from "./simulate/industries";

/** The raw files the instrument is built from. */
export const INSTRUMENT_FILES = [INDUSTRY_EMPLOYMENT_FILE.file, ROBOT_STOCKS_FILE.file, US_EMPLOYMENT_FILE.file] as const;

/** The folder of the kit's simulated raw files (data/raw). */
export const DEFAULT_RAW_PATH = path.join(path.dirname(DEFAULT_PANEL_PATH), "raw");

/** The rows of a panel the instrument is aligned with: each row's city code and year. */
export interface InstrumentPanel {
  /** 6-digit city code of each row. */
  code: ArrayLike<string>;
  /** Year of each row. */
  year: ArrayLike<number>;
}

/** Options of `instrumentShares`. */
export interface InstrumentSharesOptions {
  /** The folder holding the three raw files (default: data/raw for the simulated panel; the panel's folder for KIT_PANEL). */
  raw?: string;
  /** How the raw files are encoded (default "utf-8"). */
  encoding?: RawEncoding;
  /** The data in use (default `studyData()`), which picks the default `raw` folder. */
  data?: StudyData;
}

/** The instrument's pieces, aligned with the panel's rows. */
export interface InstrumentShares {
  /** IFR industry codes, in the order of every share row and shock vector. */
  industries: string[];
  /** English industry names, in the same order. */
  industryNames: string[];
  /** The panel's years, ascending. */
  years: number[];
  /** Per panel row: its city's 2006 shares s_ij (one entry per industry): `panelShares`' `shares`. */
  rowShares: Float64Array[];
  /** Per year: the shocks g_jt = US_jt / USEmp_j · 10⁴ (one per industry): `panelShares`' `shocks`. */
  shocks: Record<number, Float64Array>;
  /** The folder the raw files were read from. */
  rawFolder: string;
}

/** What the three raw files say: the cities' shares and the industries' shocks by year. */
interface InstrumentInputs {
  /** City code → its 2006 shares s_ij. */
  shares: Map<string, Float64Array>;
  /** Year → the shocks g_jt (entries NaN where the file lacks the year). */
  shocks: Map<number, Float64Array>;
}

/**
 * The study's shift-share instrument split into its shares and shocks, aligned with `panel`'s rows
 * (formulas in the module comment): the 2006 industry shares of each row's city and the US shocks per
 * industry and year — what `panelShares` stacks into industry × year sectors.
 * @throws SetupError when the raw files are not where the data in use says (KIT_PANEL: pass `raw`);
 *   DataFileError for a raw file that does not follow the schema; DataError for a panel row whose city
 *   lacks 2006 employment, or whose year has no US robot stock for some industry.
 * @example const ins = instrumentShares(panel); ins.rowShares[0].length // 12 IFR industries
 */
export function instrumentShares(panel: InstrumentPanel, options: InstrumentSharesOptions = {}): InstrumentShares {
  checkOptions("instrumentShares", options, ["raw", "encoding", "data"]);
  const rawFolder = rawFolderFor(options);
  const inputs = readInstrumentInputs(rawFolder, options.encoding ?? "utf-8");
  const n = panel.code.length;
  if (panel.year.length !== n) throw new DataError(`instrumentShares: the panel's code (${n} rows) and year (${panel.year.length} rows) columns differ in length.`);
  const years = Array.from(new Set(Array.from(panel.year))).sort((a, b) => a - b);
  const shocks: Record<number, Float64Array> = {};
  for (const y of years) shocks[y] = shocksOf(inputs, y, rawFolder);
  const rowShares = Array.from({ length: n }, (_, i) => sharesOf(inputs, panel.code[i], i, rawFolder));
  return { industries: INDUSTRIES.map((d) => d.code), industryNames: INDUSTRIES.map((d) => d.name), years, rowShares, shocks, rawFolder };
}

/**
 * The folder to read: `options.raw`, else data/raw for the simulated panel, else the user's panel
 * folder when it holds the three files.
 * @throws SetupError when a real panel is in use and no folder with the three files is known.
 */
function rawFolderFor(options: InstrumentSharesOptions): string {
  if (options.raw !== undefined) return path.resolve(options.raw);
  const data = options.data ?? studyData();
  if (data.simulated) return DEFAULT_RAW_PATH;
  if (INSTRUMENT_FILES.every((f) => fs.existsSync(path.join(data.folder, f)))) return data.folder;
  throw new SetupError(
    `instrumentShares: the panel in use (${data.panelPath}) is not the kit's, and its folder lacks ${INSTRUMENT_FILES.join(", ")}. Pass the folder of the raw files that built it: instrumentShares(panel, { raw: "<your raw folder>" }).`,
  );
}

/**
 * Reads the three raw files with the cleaner's readers: 2006 employment by city and industry (莱芜
 * merged into 济南), the IFR stocks (US rows) and US 2006 employment by industry.
 * @throws SetupError for a missing file; DataFileError for a file that breaks the schema.
 */
function readInstrumentInputs(folder: string, encoding: RawEncoding): InstrumentInputs {
  const text = (file: string): string => {
    const full = path.join(folder, file);
    if (!fs.existsSync(full)) throw new SetupError(`instrumentShares: ${full} does not exist; the instrument needs ${INSTRUMENT_FILES.join(", ")} in ${folder}.`);
    return decodeRawFile(fs.readFileSync(full), full, encoding);
  };
  const names = new Map(loadRegistry().map((c) => [c.code, c.name_zh]));
  const employment = readIndustryEmployment(text(INDUSTRY_EMPLOYMENT_FILE.file), path.join(folder, INDUSTRY_EMPLOYMENT_FILE.file), names);
  const robots = readTable(text(ROBOT_STOCKS_FILE.file), ROBOT_STOCKS_FILE.file, ROBOT_STOCKS_FILE.columns, ["year", "operational_stock"]);
  checkUniqueKeys(robots, ROBOT_STOCKS_FILE.file, ["country", "industry_code", "year"]);
  const usEmp = readTable(text(US_EMPLOYMENT_FILE.file), US_EMPLOYMENT_FILE.file, US_EMPLOYMENT_FILE.columns, ["employment"]);
  checkUniqueKeys(usEmp, US_EMPLOYMENT_FILE.file, ["industry_code"]);
  return { shares: cityShares(employment.byCity), shocks: usShocks(robots, usEmp) };
}

/** s_ij = Emp_ij / Emp_i,ALL per city (NaN for an industry the file lacks). */
function cityShares(byCity: Map<string, Map<string, number>>): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  for (const [code, m] of byCity) {
    const total = m.get(ALL_INDUSTRIES) ?? NaN;
    out.set(code, Float64Array.from(INDUSTRIES, (d) => (m.get(d.code) ?? NaN) / total));
  }
  return out;
}

/** g_jt = US_jt / USEmp_j · 10⁴ by year (NaN where a stock or the employment is missing). */
function usShocks(robots: NationalRow[], usEmp: NationalRow[]): Map<number, Float64Array> {
  const emp = new Map(usEmp.map((r) => [String(r.values.industry_code), Number(r.values.employment)]));
  const index = new Map(INDUSTRIES.map((d, j) => [d.code, j]));
  const out = new Map<number, Float64Array>();
  for (const r of robots) {
    const j = index.get(String(r.values.industry_code));
    if (r.values.country !== "US" || j === undefined) continue;
    const y = Number(r.values.year);
    const g = out.get(y) ?? new Float64Array(INDUSTRIES.length).fill(NaN);
    out.set(y, g);
    g[j] = (Number(r.values.operational_stock) / (emp.get(INDUSTRIES[j].code) ?? NaN)) * 1e4;
  }
  return out;
}

/**
 * The shocks of year `y`.
 * @throws DataError when an industry's US stock or employment is missing for it.
 */
function shocksOf(inputs: InstrumentInputs, y: number, folder: string): Float64Array {
  const g = inputs.shocks.get(y);
  const j = g ? g.findIndex((v) => !Number.isFinite(v)) : 0;
  if (!g || j >= 0) {
    throw new DataError(`instrumentShares: no US robot stock per US worker for industry ${INDUSTRIES[Math.max(j, 0)].code} in ${y} (${ROBOT_STOCKS_FILE.file} and ${US_EMPLOYMENT_FILE.file} in ${folder}). Add the US rows of that year and industry.`);
  }
  return g;
}

/**
 * The 2006 shares of the city of panel row `i`.
 * @throws DataError when the city has no complete 2006 employment by industry.
 */
function sharesOf(inputs: InstrumentInputs, code: string, i: number, folder: string): Float64Array {
  const s = inputs.shares.get(code);
  if (!s || s.some((v) => !Number.isFinite(v))) {
    throw new DataError(`instrumentShares: panel row ${i + 1} is city ${code}, which has no complete 2006 employment by industry in ${path.join(folder, INDUSTRY_EMPLOYMENT_FILE.file)} (every IFR industry and ${ALL_INDUSTRIES}). Add its rows, or drop the city from the panel.`);
  }
  return s;
}
