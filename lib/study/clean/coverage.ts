/**
 * Build-time checks that the loaded files cover what the panel needs, so that a gap becomes an error
 * naming the file, the year, city or industry, and what to do — never a column of NaN:
 * - a national series (GDP deflator, exchange rate, IFR robot stocks, US employment) must hold every
 *   year and industry the panel years need;
 * - the base-year file (industry_employment_2006.csv) must hold every city's total and every industry of
 *   the shift-share for every city (one missing city made E_j, and so every city's ai_bartik, NaN), and
 *   each industry must employ someone somewhere (E_j > 0);
 * - a loaded city-year file must give each of its variables at least one value in the panel's years.
 * A file that is not loaded is not checked: its variables are left missing and listed (subset of files).
 */
import { CITY_YEAR_FILES, DEFLATOR_FILE, EXCHANGE_RATE_FILE, INDUSTRY_EMPLOYMENT_FILE, ROBOT_STOCKS_FILE, US_EMPLOYMENT_FILE } from "../rawSchema";
import { Levels } from "../variables/levels";
import { DataFileError } from "./errors";

/** The panel's years (row t reads t and t − 1). */
export interface PanelYears {
  /** First panel year (2007). */
  first: number;
  /** Last panel year (2023). */
  last: number;
}

/** At most this many gaps are named in one message; the rest are counted. */
const SHOWN = 8;

/**
 * "a, b, c" or "a, b, … (and N more)".
 * @example listSome(["2010", "2011"]) // "2010, 2011"
 */
function listSome(items: string[]): string {
  return items.length <= SHOWN ? items.join(", ") : `${items.slice(0, SHOWN).join(", ")} … (and ${items.length - SHOWN} more)`;
}

/**
 * The years of `from…to` where `series` (indexed from the levels' first year) has no finite value.
 * @example missingYears(levels, levels.deflator, 2006, 2023) // [2015] when 2015 is absent
 */
function missingYears(levels: Levels, series: Float64Array, from: number, to: number, offset = 0): number[] {
  const out: number[] = [];
  for (let y = from; y <= to; y++) {
    const t = y - levels.firstYear;
    if (t < 0 || t >= levels.nYears || !Number.isFinite(series[offset + t])) out.push(y);
  }
  return out;
}

/**
 * Every check of this module, for the files in `loaded` (schema name → the path it was read from, which
 * the messages name).
 * @param names registry code → name, for messages
 * @throws DataFileError ("incomplete_input") at the first failing check, naming file, column and the gaps.
 * @example checkCoverage(levels, new Map([["price_deflators.csv", "my-raw/price_deflators.csv"]]), { first: 2007, last: 2023 }, names)
 */
export function checkCoverage(levels: Levels, loaded: ReadonlyMap<string, string>, years: PanelYears, names: ReadonlyMap<string, string>): void {
  const label = (file: string): string => loaded.get(file) ?? file;
  if (loaded.has(DEFLATOR_FILE.file)) checkYearSeries(levels, levels.deflator, label(DEFLATOR_FILE.file), DEFLATOR_FILE.columns[1], years.first - 1, years.last, "lnpgdp reads year t − 1 and shrink_index years t − 1 and t");
  if (loaded.has(EXCHANGE_RATE_FILE.file)) checkYearSeries(levels, levels.xr, label(EXCHANGE_RATE_FILE.file), EXCHANGE_RATE_FILE.columns[1], years.first - 1, years.last - 1, "open reads year t − 1");
  if (loaded.has(ROBOT_STOCKS_FILE.file)) checkRobotStocks(levels, years, label(ROBOT_STOCKS_FILE.file));
  if (loaded.has(US_EMPLOYMENT_FILE.file)) checkUsEmployment(levels, label(US_EMPLOYMENT_FILE.file));
  if (loaded.has(INDUSTRY_EMPLOYMENT_FILE.file)) checkBaseEmployment(levels, names, label(INDUSTRY_EMPLOYMENT_FILE.file));
  for (const spec of CITY_YEAR_FILES) {
    if (!loaded.has(spec.file)) continue;
    for (const col of spec.columns) checkAnyValue(levels, label(spec.file), col.name, levels.city[col.variable], years);
  }
}

/**
 * A national yearly series must have a value in every year of `from…to`.
 * @throws DataFileError naming the missing years.
 * @example checkYearSeries(levels, levels.xr, "exchange_rates.csv", "cny_per_usd", 2006, 2022, "open reads year t − 1")
 */
function checkYearSeries(levels: Levels, series: Float64Array, file: string, column: string, from: number, to: number, why: string): void {
  const gaps = missingYears(levels, series, from, to);
  if (gaps.length === 0) return;
  throw new DataFileError(
    "incomplete_input",
    file,
    null,
    column,
    `has no value for ${gaps.length === 1 ? "year" : "years"} ${listSome(gaps.map(String))}; the panel needs every year of ${from}–${to} (${why}).`,
    `Add a row for each missing year (one row per year, ${from}–${to}); the series must not be interpolated by the kit.`,
  );
}

/**
 * IFR robot stocks: China's and the US's stock of every shift-share industry in every panel year
 * (ai_bartik reads CN_jt, ai_iv reads US_jt).
 * @throws DataFileError naming the missing country, industry and year.
 * @example checkRobotStocks(levels, { first: 2007, last: 2023 }, "robots_ifr.csv")
 */
function checkRobotStocks(levels: Levels, panel: PanelYears, file: string): void {
  const gaps: string[] = [];
  const T = levels.nYears;
  for (const [country, stock] of [["CN", levels.cnStock], ["US", levels.usStock]] as const) {
    levels.industries.forEach((ind, j) => {
      for (const y of missingYears(levels, stock, panel.first, panel.last, j * T)) gaps.push(`${country} ${ind} ${y}`);
    });
  }
  if (gaps.length === 0) return;
  throw new DataFileError(
    "incomplete_input",
    file,
    null,
    "operational_stock",
    `has no stock for ${gaps.length} country-industry-year${gaps.length === 1 ? "" : "s"} the panel needs: ${listSome(gaps)}. ai_bartik needs China's (CN) and ai_iv the US's stock of every industry in every year of ${panel.first}–${panel.last}.`,
    "Add the missing rows (country, industry_code, year, operational_stock) from the IFR World Robotics tables.",
  );
}

/**
 * US employment of every shift-share industry (ai_iv's denominator).
 * @throws DataFileError naming the missing industries.
 * @example checkUsEmployment(levels, "us_employment_2006.csv")
 */
function checkUsEmployment(levels: Levels, file: string): void {
  const gaps = levels.industries.filter((_, j) => !(levels.usBaseEmp[j] > 0));
  if (gaps.length === 0) return;
  throw new DataFileError(
    "incomplete_input",
    file,
    null,
    "employment",
    `has no positive 2006 employment for industr${gaps.length === 1 ? "y" : "ies"} ${listSome(gaps)}; ai_iv divides the US robot stock of every industry by it.`,
    "Add one row per missing industry_code with its 2006 US employment (persons).",
  );
}

/**
 * The base-year file: for every registry city its total ("ALL") and its employment in every industry of
 * the shift-share; and every industry's national total E_j = Σ_i Emp_ij,2006 positive.
 * @throws DataFileError naming the missing city and industry, or the industry with E_j = 0.
 * @example checkBaseEmployment(levels, names, "industry_employment_2006.csv")
 */
function checkBaseEmployment(levels: Levels, names: ReadonlyMap<string, string>, file: string): void {
  const J = levels.industries.length;
  const gaps: string[] = [];
  levels.codes.forEach((code, c) => {
    const lacking: string[] = [];
    if (!Number.isFinite(levels.baseEmpTotal[c])) lacking.push("ALL");
    levels.industries.forEach((ind, j) => {
      if (!Number.isFinite(levels.baseEmp[c * J + j])) lacking.push(ind);
    });
    if (lacking.length > 0) gaps.push(`${code} ${names.get(code) ?? ""} (industr${lacking.length === 1 ? "y" : "ies"} ${lacking.join(", ")})`);
  });
  if (gaps.length > 0) {
    throw new DataFileError(
      "incomplete_input",
      file,
      null,
      "employment",
      `lacks ${gaps.length} of the ${levels.codes.length} cities' 2006 employment: ${listSome(gaps)}. ai_bartik, ai_iv and share_sum need every city's shares, and one missing city leaves the industry totals E_j — and so ai_bartik of every city — undefined.`,
      "Add a row per missing city and industry_code (0 where the city has no employment in the industry; ALL is the city's total urban-unit employment).",
    );
  }
  const empty = levels.industries.filter((_, j) => {
    let e = 0;
    for (let c = 0; c < levels.codes.length; c++) e += levels.baseEmp[c * J + j];
    return !(e > 0);
  });
  if (empty.length > 0) {
    throw new DataFileError(
      "incomplete_input",
      file,
      null,
      "employment",
      `gives industr${empty.length === 1 ? "y" : "ies"} ${empty.join(", ")} no employment in any city; ai_bartik divides by each industry's total E_j.`,
      "Check the industry codes and values of the file (an industry of the shift-share cannot employ nobody).",
    );
  }
}

/**
 * A loaded city-year file's column must have at least one value in the panel's years (t − 1 of the first
 * to the last): a header-only file, or one whose rows all fell outside the years, is an error.
 * @throws DataFileError naming the file and column.
 * @example checkAnyValue(levels, "population_resident.csv", "resident_pop_10k", levels.city.pop, { first: 2007, last: 2023 })
 */
function checkAnyValue(levels: Levels, file: string, column: string, values: Float64Array, panel: PanelYears): void {
  const T = levels.nYears;
  for (let c = 0; c < levels.codes.length; c++) {
    for (let y = panel.first - 1; y <= panel.last; y++) {
      const t = y - levels.firstYear;
      if (t >= 0 && t < T && !Number.isNaN(values[c * T + t])) return;
    }
  }
  throw new DataFileError(
    "incomplete_input",
    file,
    null,
    column,
    `gives no value for any city in ${panel.first - 1}–${panel.last}: every panel variable it feeds would be empty.`,
    "Check that the file has data rows (not only a header) and that its years are within the panel's; leave the file out of the folder if you have no such data (the variables it feeds are then listed as not built).",
  );
}
