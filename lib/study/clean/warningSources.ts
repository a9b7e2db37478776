/**
 * Where a plausibility warning's value came from: the raw file of each city-year variable and the line of
 * the row behind a (variable, city, year) — so that an audit warning names file and line as an error does.
 */
import type { CityYearFile } from "../rawSchema";
import type { CityVar } from "../variables/levels";
import type { ParsedRow } from "./parsedRow";
import type { PlausibilityContext } from "./plausibility";

/** A loaded city-year file: its name, schema and parsed rows. */
export interface LoadedCityYear {
  /** The file's name, as in the audit ("economy.csv"). */
  name: string;
  /** Its schema (rawSchema.ts). */
  spec: CityYearFile;
  /** Its rows after harmonisation and duplicate resolution. */
  rows: readonly ParsedRow[];
}

/**
 * The context of plausibilityWarnings for the loaded city-year files: each variable's file, and the line
 * of the used row of a city and year — the row printed under the city's own unit when several units were
 * added together (莱芜 into 济南), else the first.
 * @example plausibilityContext([{ name: "population_resident.csv", spec, rows }]).lineOf?.("pop", "440100", 2013) // 285
 */
export function plausibilityContext(files: readonly LoadedCityYear[]): PlausibilityContext {
  const sources = new Map<CityVar, string>();
  const lines = new Map<string, number>();
  for (const f of files) {
    for (const col of f.spec.columns) sources.set(col.variable, f.name);
    for (const r of f.rows) {
      if (r.dropReason || r.target === null) continue;
      const key = `${f.name}|${r.target}|${r.year}`;
      if (!lines.has(key) || r.unit === r.target) lines.set(key, r.line);
    }
  }
  return {
    sources,
    lineOf: (variable, code, year) => {
      const file = sources.get(variable);
      return file === undefined ? null : (lines.get(`${file}|${code}|${year}`) ?? null);
    },
  };
}
