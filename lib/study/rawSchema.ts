/**
 * The documented schema of the raw yearbook-style files in data/raw/ — what the simulator writes and what
 * the cleaner (and a user's own data, "bring your own data") must follow. One entry per file; the codebook
 * (data/CODEBOOK.md, "Raw files") describes the same in prose.
 *
 * City-year files share the key columns `code` (6-digit GB/T 2260 code as printed in that year's
 * yearbook), `city` (the name as printed), `year`, and end with `edition` (the yearbook edition the row
 * comes from; a later edition revises an earlier one). Each value column maps to one harmonised
 * variable of lib/study/variables/levels.ts and says how to merge it when two units are combined
 * (莱芜 into 济南): `sum` for levels and counts, `weighted` (by the registered population) for rates.
 */
import { CityVar } from "./variables/levels";

/** One value column of a city-year file. */
export interface RawColumn {
  /** Column name in the file. */
  name: string;
  /** Harmonised variable it fills. */
  variable: CityVar;
  /** Decimals printed by the simulator. */
  decimals: number;
  /** How to combine two units' values. */
  merge: "sum" | "weighted";
  /** For columns in 10k persons: a value above this is taken to be in persons (人) and divided by 10⁴. */
  personsAbove?: number;
  /**
   * The values allowed: "positive" (> 0: populations, GDP and the value added of the sectors whose ratio
   * is taken, employment, deposits, loans, expenditure, road and land area — a 0 there is a missing
   * value written as 0, and an impossible-value error), "nonNegative" (≥ 0: counts and amounts that can
   * be 0 in a small city — migrants, students, firms, patents, VC, robots, FDI, primary value added) or
   * "any" (rates such as the natural growth rate).
   */
  sign: ValueSign;
}

/** Which values a column allows ({@link RawColumn.sign}). */
export type ValueSign = "positive" | "nonNegative" | "any";

/** A city-year raw file. */
export interface CityYearFile {
  file: string;
  title: string;
  columns: RawColumn[];
}

const col = (name: string, variable: CityVar, decimals: number, extra: Partial<RawColumn> = {}): RawColumn => ({
  name,
  variable,
  decimals,
  merge: "sum",
  sign: "nonNegative",
  ...extra,
});

/** The column option of a variable that must be positive. */
const POSITIVE: Partial<RawColumn> = { sign: "positive" };

/** Key columns of every city-year file, in order; `edition` comes last. */
export const CITY_YEAR_KEYS = ["code", "city", "year"] as const;

/** The city-year files, in the order the cleaner reads them. */
export const CITY_YEAR_FILES: readonly CityYearFile[] = [
  {
    file: "population_resident.csv",
    title: "Resident population (常住人口), year end",
    columns: [col("resident_pop_10k", "pop", 2, { personsAbove: 10000, sign: "positive" })],
  },
  {
    file: "population_registered.csv",
    title: "Registered (hukou) population (户籍人口), year end, and its natural growth rate",
    columns: [
      col("registered_pop_10k", "pop_hukou", 2, { personsAbove: 10000, sign: "positive" }),
      col("natural_growth_permille", "nat_growth", 2, { merge: "weighted", sign: "any" }),
    ],
  },
  {
    file: "migration_registered.csv",
    title: "Registered migration (户籍迁入/迁出人口)",
    columns: [col("in_migrants", "mig_in", 0), col("out_migrants", "mig_out", 0)],
  },
  {
    file: "economy.csv",
    title: "GDP and its composition, employment, deposits and loans, FDI",
    columns: [
      col("gdp_100m_yuan", "gdp", 2, POSITIVE),
      col("va_primary_100m_yuan", "va1", 2),
      col("va_secondary_100m_yuan", "va2", 2, POSITIVE),
      col("va_tertiary_100m_yuan", "va3", 2, POSITIVE),
      col("employment_10k", "emp", 2, { personsAbove: 10000, sign: "positive" }),
      col("deposits_100m_yuan", "deposits", 2, POSITIVE),
      col("loans_100m_yuan", "loans", 2, POSITIVE),
      col("fdi_10k_usd", "fdi_usd", 0),
    ],
  },
  {
    file: "public_finance.csv",
    title: "General public budget expenditure",
    columns: [col("fiscal_expenditure_100m_yuan", "fiscal_exp", 2, POSITIVE)],
  },
  {
    file: "education_roads.csv",
    title: "Higher-education students, paved road area, land area",
    columns: [col("college_students", "students", 0), col("road_area_10k_m2", "road_area", 2, POSITIVE), col("land_area_km2", "land_area", 0, POSITIVE)],
  },
  {
    file: "enterprises.csv",
    title: "Newly registered enterprises and AI enterprises",
    columns: [col("new_enterprises", "new_firms", 0), col("ai_enterprises", "ai_firms", 0)],
  },
  {
    file: "innovation.csv",
    title: "Patents, trademarks and venture capital (innovation-index components), AI patents",
    columns: [
      col("invention_patents", "patents", 0),
      col("trademarks", "trademarks", 0),
      col("vc_investment_10k_yuan", "vc_investment", 0),
      col("ai_patents", "ai_patents", 0),
    ],
  },
  {
    file: "robots_city.csv",
    title: "Industrial robots installed in the city (customs import and firm records)",
    columns: [col("robot_installations", "robot_inst", 0)],
  },
];

/**
 * A raw file that is not a city-year table: its columns, and those that must be positive (the others
 * that are numbers must be ≥ 0). In base-year employment by city and industry an industry may employ 0,
 * but the city's total (industry "ALL") must be positive: readNational.ts checks that row.
 */
export interface TableFile {
  /** File name. */
  readonly file: string;
  /** Required columns, in order. */
  readonly columns: readonly string[];
  /** Columns whose values must be > 0 (a 0 there is an impossible value). */
  readonly positive: readonly string[];
}

/** Base-year employment by city and IFR industry; industry_code "ALL" is the city's total. */
export const INDUSTRY_EMPLOYMENT_FILE = {
  file: "industry_employment_2006.csv",
  columns: ["code", "city", "industry_code", "industry", "employment"],
  positive: [],
} as const satisfies TableFile;

/** National robot stocks by country (CN, US), industry and year (a stock may be 0). */
export const ROBOT_STOCKS_FILE = {
  file: "robots_ifr.csv",
  columns: ["country", "industry_code", "industry", "year", "operational_stock"],
  positive: [],
} as const satisfies TableFile;

/** US employment by industry in the base year (a divisor of the shift-share: positive). */
export const US_EMPLOYMENT_FILE = {
  file: "us_employment_2006.csv",
  columns: ["industry_code", "industry", "employment"],
  positive: ["employment"],
} as const satisfies TableFile;

/** GDP deflator, 2007 = 100. */
export const DEFLATOR_FILE = { file: "price_deflators.csv", columns: ["year", "gdp_deflator_2007_100"], positive: ["gdp_deflator_2007_100"] } as const satisfies TableFile;

/** Yuan per US dollar. */
export const EXCHANGE_RATE_FILE = { file: "exchange_rates.csv", columns: ["year", "cny_per_usd"], positive: ["cny_per_usd"] } as const satisfies TableFile;

/** The files that are not city-year tables. */
export const TABLE_FILES: readonly TableFile[] = [INDUSTRY_EMPLOYMENT_FILE, ROBOT_STOCKS_FILE, US_EMPLOYMENT_FILE, DEFLATOR_FILE, EXCHANGE_RATE_FILE];

/** The total-employment pseudo-industry of the base-year employment file. */
export const ALL_INDUSTRIES = "ALL";
