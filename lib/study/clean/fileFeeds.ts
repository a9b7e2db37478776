/**
 * Which raw file feeds which panel variable: the table the codebook shows ("file → variables it
 * feeds"), derived from the raw schema (rawSchema.ts: file → harmonised variables) and the panel's
 * inputs (variables/inputs.ts: harmonised variables → panel variables), so it cannot drift from either.
 * The cleaner uses it to list the variables a subset of files cannot build.
 */
import {
  CITY_YEAR_FILES,
  DEFLATOR_FILE,
  EXCHANGE_RATE_FILE,
  INDUSTRY_EMPLOYMENT_FILE,
  ROBOT_STOCKS_FILE,
  US_EMPLOYMENT_FILE,
} from "../rawSchema";
import { NationalSeries, PANEL_INPUTS, PanelInput } from "../variables/inputs";
import { CityVar } from "../variables/levels";
import { PANEL_VARS, PanelVar } from "../variables/panelSchema";

/** The registry's name as a source (not a raw file: it is always read). */
export const REGISTRY_SOURCE = "data/cities.csv";

/** Where an input of the levels comes from: the raw file and the column holding it. */
export interface InputSource {
  /** Raw file name (rawSchema.ts), or {@link REGISTRY_SOURCE}. */
  file: string;
  /** Column of that file. */
  column: string;
}

/** National series → the file and column it is read from. */
const NATIONAL_SOURCE: Record<NationalSeries, InputSource> = {
  deflator: { file: DEFLATOR_FILE.file, column: DEFLATOR_FILE.columns[1] },
  xr: { file: EXCHANGE_RATE_FILE.file, column: EXCHANGE_RATE_FILE.columns[1] },
  cnStock: { file: ROBOT_STOCKS_FILE.file, column: "operational_stock" },
  usStock: { file: ROBOT_STOCKS_FILE.file, column: "operational_stock" },
  usBaseEmp: { file: US_EMPLOYMENT_FILE.file, column: "employment" },
};

/**
 * The raw file and column of a city-year variable.
 * @example citySource("pop") // { file: "population_resident.csv", column: "resident_pop_10k" }
 */
export function citySource(variable: CityVar): InputSource {
  for (const spec of CITY_YEAR_FILES) {
    const col = spec.columns.find((c) => c.variable === variable);
    if (col) return { file: spec.file, column: col.name };
  }
  return { file: "(no raw file)", column: variable };
}

/**
 * The raw file and column an input of a panel variable is read from.
 * @example inputSource({ kind: "national", series: "xr", lags: [1] }) // { file: "exchange_rates.csv", column: "cny_per_usd" }
 */
export function inputSource(input: PanelInput): InputSource {
  switch (input.kind) {
    case "city":
    case "cityHistory":
    case "cityAt":
      return citySource(input.variable);
    case "national":
      return NATIONAL_SOURCE[input.series];
    case "baseEmployment":
      return { file: INDUSTRY_EMPLOYMENT_FILE.file, column: "employment" };
    case "registry":
      return { file: REGISTRY_SOURCE, column: input.field };
  }
}

/**
 * The raw files a panel variable needs, in input order (the registry left out: it is always read).
 * @example filesNeededBy("open") // ["economy.csv", "exchange_rates.csv"]
 */
export function filesNeededBy(variable: PanelVar): string[] {
  const out: string[] = [];
  for (const input of PANEL_INPUTS[variable]) {
    const { file } = inputSource(input);
    if (file !== REGISTRY_SOURCE && !out.includes(file)) out.push(file);
  }
  return out;
}

/** The raw files in the schema's order: the city-year files, then the base-year and national files. */
export const RAW_FILES: readonly string[] = [
  ...CITY_YEAR_FILES.map((s) => s.file),
  INDUSTRY_EMPLOYMENT_FILE.file,
  ROBOT_STOCKS_FILE.file,
  US_EMPLOYMENT_FILE.file,
  DEFLATOR_FILE.file,
  EXCHANGE_RATE_FILE.file,
];

/**
 * Every raw file and the panel variables it feeds (a variable needs every file that feeds it):
 * the table in data/CODEBOOK.md, section "Bring your own data".
 * @example RAW_FILE_FEEDS.find((r) => r.file === "exchange_rates.csv")?.feeds // ["open"]
 */
export const RAW_FILE_FEEDS: readonly {
  /** The raw file's name. */
  file: string;
  /** The panel variables it feeds (each needs every file that feeds it). */
  feeds: readonly PanelVar[];
}[] = RAW_FILES.map((file) => ({
  file,
  feeds: PANEL_VARS.filter((v) => filesNeededBy(v).includes(file)),
}));

/**
 * The table {@link RAW_FILE_FEEDS} as markdown (one line per file), for the codebook.
 * @example rawFileFeedsMarkdown().split("\n")[0] // "| raw file | panel variables it feeds |"
 */
export function rawFileFeedsMarkdown(): string {
  const lines = ["| raw file | panel variables it feeds |", "|---|---|"];
  for (const r of RAW_FILE_FEEDS) lines.push(`| \`${r.file}\` | ${r.feeds.map((v) => `\`${v}\``).join(", ") || "(none)"} |`);
  return lines.join("\n");
}
