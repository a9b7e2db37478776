/**
 * What each panel variable reads from the harmonised levels (the formulas of build.ts, as data): the
 * value audit uses it to say which input a missing cell lacks, and the cleaner to say which raw file a
 * variable needs. test/clean-value-audit.test.ts checks it against build.ts by blanking each input.
 */
import { CityVar } from "./levels";
import { PanelVar } from "./panelSchema";

/** A national series of the levels: indexed by year, or by industry (and year). */
export type NationalSeries = "deflator" | "xr" | "cnStock" | "usStock" | "usBaseEmp";

/**
 * One input of a panel variable in row (city i, year t):
 * - `city`: a city-year variable at t − lag for each lag listed;
 * - `cityHistory`: a city-year variable in every year from the first year of the levels up to t;
 * - `cityAt`: a city-year variable in fixed years ("first" = the first year of the levels);
 * - `national`: a national series at t − lag (every industry for the industry series);
 * - `baseEmployment`: the city's 2006 employment by industry and in total (and every city's, for E_j);
 * - `registry`: a flag of data/cities.csv.
 */
export type PanelInput =
  | { kind: "city"; variable: CityVar; lags: readonly number[] }
  | { kind: "cityHistory"; variable: CityVar }
  | { kind: "cityAt"; variable: CityVar; years: readonly ("first" | number)[] }
  | { kind: "national"; series: NationalSeries; lags: readonly number[] }
  | { kind: "baseEmployment" }
  | { kind: "registry"; field: "hu_se" | "peripheral" | "resource_based" };

const city = (variable: CityVar, ...lags: number[]): PanelInput => ({ kind: "city", variable, lags });
const national = (series: NationalSeries, ...lags: number[]): PanelInput => ({ kind: "national", series, lags });
const BASE: PanelInput = { kind: "baseEmployment" };

/**
 * The inputs of every panel variable, in the order of build.ts's formulas (lag 0 = year t, 1 = t − 1).
 * A variable is missing in a row when any of its inputs is missing there (or the formula is undefined,
 * e.g. the log of zero).
 * @example PANEL_INPUTS.shrink // [{ kind: "city", variable: "pop", lags: [0, 1] }]
 */
export const PANEL_INPUTS: Readonly<Record<PanelVar, readonly PanelInput[]>> = {
  shrink: [city("pop", 0, 1)],
  shrink_hukou: [city("pop_hukou", 0, 1)],
  shrink_index: [city("pop", 0, 1), city("gdp", 0, 1), national("deflator", 0, 1), city("emp", 0, 1), city("road_area", 0, 1)],
  ai: [{ kind: "cityHistory", variable: "robot_inst" }, city("emp", 0)],
  ai_bartik: [BASE, national("cnStock", 0)],
  ai_firms: [city("ai_firms", 0)],
  ai_patents: [city("ai_patents", 0)],
  ai_iv: [BASE, national("usStock", 0), national("usBaseEmp", 0)],
  lnpgdp: [city("gdp", 1), national("deflator", 1), city("pop", 1)],
  gov: [city("fiscal_exp", 1), city("gdp", 1)],
  fin: [city("deposits", 1), city("loans", 1), city("gdp", 1)],
  open: [city("fdi_usd", 1), national("xr", 1), city("gdp", 1)],
  hc: [city("students", 1), city("pop", 1)],
  infra: [city("road_area", 1), city("pop", 1)],
  density: [city("pop_hukou", 1), city("land_area", 1)],
  pop_return: [city("mig_in", 0), city("mig_out", 0), city("pop_hukou", 1)],
  iei: [city("new_firms", 0), city("patents", 0), city("trademarks", 0), city("vc_investment", 0), city("pop", 0)],
  isu: [city("va3", 0), city("va2", 0)],
  share_sum: [BASE],
  shrinking: [{ kind: "cityAt", variable: "pop", years: ["first", 2006] }],
  hu_se: [{ kind: "registry", field: "hu_se" }],
  peripheral: [{ kind: "registry", field: "peripheral" }],
  resource: [{ kind: "registry", field: "resource_based" }],
};

/**
 * The city-year variables a panel variable reads (any lag or year).
 * @example cityVariablesOf("gov") // ["fiscal_exp", "gdp"]
 */
export function cityVariablesOf(variable: PanelVar): CityVar[] {
  const out: CityVar[] = [];
  for (const input of PANEL_INPUTS[variable]) {
    if ((input.kind === "city" || input.kind === "cityHistory" || input.kind === "cityAt") && !out.includes(input.variable)) out.push(input.variable);
  }
  return out;
}
