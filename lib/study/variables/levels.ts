/**
 * Harmonised yearly levels: what the raw yearbook files say once names, codes, units, duplicates and gaps
 * are fixed, and what the simulator records before it plants dirt. Both the simulator (`simulatePanel`)
 * and the cleaning pipeline build the analysis panel from this one shape with `buildPanel`, so the two
 * cannot drift apart.
 *
 * City-year arrays are Float64Array of length nCities·nYears, index c·nYears + (year − firstYear);
 * NaN marks a missing value.
 */
export interface Levels {
  /** 6-digit city codes, in registry order. */
  codes: string[];
  /** First calendar year (2000). */
  firstYear: number;
  /** Number of years (24). */
  nYears: number;
  /** City-year variables, in the units of CITY_VARS. */
  city: Record<CityVar, Float64Array>;
  /** IFR industry codes, in the order of the industry arrays below. */
  industries: string[];
  /** Base-year (2006) employment by city and industry (persons), index c·J + j. */
  baseEmp: Float64Array;
  /** Base-year (2006) total urban-unit employment of the city (persons). */
  baseEmpTotal: Float64Array;
  /** China's operational robot stock by industry and year (units), index j·nYears + t. */
  cnStock: Float64Array;
  /** The US operational robot stock by industry and year (units), index j·nYears + t. */
  usStock: Float64Array;
  /** US employment by industry in the base year (persons). */
  usBaseEmp: Float64Array;
  /** GDP deflator, 2007 = 100, by year. */
  deflator: Float64Array;
  /** Yuan per US dollar, annual average, by year. */
  xr: Float64Array;
  /** Registry flag by city: south-east of the Hu Huanyong line (0/1). */
  hu_se: Uint8Array;
  /** Registry flag by city: peripheral, i.e. not a municipality, provincial capital or separately planned city (0/1). */
  peripheral: Uint8Array;
  /** Registry flag by city: on the 2013 list of resource-based cities (0/1). */
  resource: Uint8Array;
}

/** City-year variables and their units (the raw files' target units). */
export const CITY_VARS = {
  /** Resident population, 10k persons (万人), year end. */
  pop: "resident population, 10k persons (万人), year end",
  /** Registered (hukou) population, 10k persons (万人), year end. */
  pop_hukou: "registered (hukou) population, 10k persons (万人), year end",
  /** Natural growth rate of the registered population, per mille. */
  nat_growth: "natural growth rate of the registered population, per mille",
  /** Registered in-migrants during the year, persons. */
  mig_in: "registered in-migrants during the year, persons",
  /** Registered out-migrants during the year, persons. */
  mig_out: "registered out-migrants during the year, persons",
  /** Urban-unit employment (城镇单位从业人员), 10k persons. */
  emp: "urban-unit employment (城镇单位从业人员), 10k persons",
  /** GDP, 100 million yuan (亿元), current prices. */
  gdp: "GDP, 100 million yuan (亿元), current prices",
  /** Primary-sector value added, 亿元, current prices. */
  va1: "primary-sector value added, 亿元, current prices",
  /** Secondary-sector value added, 亿元, current prices. */
  va2: "secondary-sector value added, 亿元, current prices",
  /** Tertiary-sector value added, 亿元, current prices. */
  va3: "tertiary-sector value added, 亿元, current prices",
  /** Year-end deposits of financial institutions, 亿元. */
  deposits: "year-end deposits of financial institutions, 亿元",
  /** Year-end loans of financial institutions, 亿元. */
  loans: "year-end loans of financial institutions, 亿元",
  /** Foreign direct investment actually used, 10k US dollars (万美元). */
  fdi_usd: "foreign direct investment actually used, 10k US dollars (万美元)",
  /** General public budget expenditure, 亿元, current prices. */
  fiscal_exp: "general public budget expenditure, 亿元, current prices",
  /** Students enrolled in regular institutions of higher education, persons. */
  students: "students enrolled in regular institutions of higher education, persons",
  /** Paved road area, 10k square metres (万平方米). */
  road_area: "paved road area, 10k square metres (万平方米)",
  /** Administrative land area, square kilometres. */
  land_area: "administrative land area, square kilometres",
  /** Newly registered enterprises, count. */
  new_firms: "newly registered enterprises, count",
  /** AI enterprises in operation, count. */
  ai_firms: "AI enterprises in operation, count",
  /** Invention patents granted, count. */
  patents: "invention patents granted, count",
  /** Trademarks registered, count. */
  trademarks: "trademarks registered, count",
  /** Venture-capital investment received, 10k yuan (万元). */
  vc_investment: "venture-capital investment received, 10k yuan (万元)",
  /** AI patents granted, count. */
  ai_patents: "AI patents granted, count",
  /** Industrial robots installed during the year, units. */
  robot_inst: "industrial robots installed during the year, units",
} as const;

/** The name of a city-year variable. */
export type CityVar = keyof typeof CITY_VARS;

/** The city-year variable names in a fixed order. */
export const CITY_VAR_NAMES = Object.keys(CITY_VARS) as CityVar[];

/** Empty levels (all NaN) for the given codes and years. */
export function emptyLevels(codes: string[], firstYear: number, nYears: number, industries: string[]): Levels {
  const n = codes.length * nYears;
  // built in one go: an object filled key by key past ~20 keys falls into V8's slow dictionary mode
  const city = Object.fromEntries(CITY_VAR_NAMES.map((v) => [v, new Float64Array(n).fill(NaN)])) as Record<CityVar, Float64Array>;
  const J = industries.length;
  return {
    codes,
    firstYear,
    nYears,
    city,
    industries,
    baseEmp: new Float64Array(codes.length * J).fill(NaN),
    baseEmpTotal: new Float64Array(codes.length).fill(NaN),
    cnStock: new Float64Array(J * nYears).fill(NaN),
    usStock: new Float64Array(J * nYears).fill(NaN),
    usBaseEmp: new Float64Array(J).fill(NaN),
    deflator: new Float64Array(nYears).fill(NaN),
    xr: new Float64Array(nYears).fill(NaN),
    hu_se: new Uint8Array(codes.length),
    peripheral: new Uint8Array(codes.length),
    resource: new Uint8Array(codes.length),
  };
}
