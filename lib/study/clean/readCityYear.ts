/**
 * Reads one city-year raw file (rawSchema.ts) with schema validation and harmonises each row's unit:
 *
 *  - the header must have `code`, `city`, `year` and every value column of the file's schema
 *    (`edition` is optional: 0 when absent; extra columns are ignored) — else a missing-column error;
 *  - `code` must be 6 digits, `year` an integer, each value a number (thousands separators are removed and
 *    recorded as a fix) or empty (missing) — else a wrong-type error;
 *  - a negative value where the schema forbids it (a negative population) is an impossible-value error;
 *  - a value above `personsAbove` in a column of 10k persons was printed in persons: divided by 10⁴ (fix);
 *  - codes: an old code or name (crosswalk.ts RENAMES) maps to the current one (fix); a merged unit (莱芜)
 *    keeps its own unit code and targets the city it merged into; a unit outside the sample (crosswalk
 *    OUT_OF_SAMPLE) is dropped with its reason; any other code not in the registry is an unknown-city
 *    error; a name that differs from the registry's is replaced (fix);
 *  - a year outside the range being built (2000–2023) is dropped.
 * Errors name the file, line and column (DataFileError). Nothing is changed until the whole file passed.
 */
import { parseCsv } from "../csv";
import { MERGES, OUT_OF_SAMPLE, RENAMES } from "../crosswalk";
import { CityYearFile } from "../rawSchema";
import { DataFileError } from "./errors";
import { parseNumber } from "./numbers";

/** One data row of a city-year file after validation and harmonisation. */
export interface ParsedRow {
  /** 1-based line in the file (header = 1). */
  line: number;
  printedCode: string;
  printedName: string;
  year: number;
  edition: number;
  /** The unit after renames (a registry code, or a merged unit's own code such as 371200). */
  unit: string;
  /** The registry city the row belongs to after merges (null when dropped). */
  target: string | null;
  /** Values by schema column, after unit fixes; NaN = missing. */
  values: number[];
  /** The record's exact text, for exact-duplicate detection. */
  key: string;
  /** Fixes applied, in words. */
  actions: string[];
  /** Why the row is dropped (undefined: not dropped). */
  dropReason?: string;
}

/** The registry as the cleaner needs it: code → current name. */
export type RegistryNames = ReadonlyMap<string, string>;

/** Parses and validates a city-year file's text. */
export function readCityYear(
  text: string,
  file: string,
  spec: CityYearFile,
  registry: RegistryNames,
  years: { first: number; last: number },
): ParsedRow[] {
  const table = parseCsv(text, file);
  const idx = new Map(table.header.map((h, k) => [h.trim(), k]));
  for (const name of ["code", "city", "year", ...spec.columns.map((c) => c.name)]) {
    if (!idx.has(name)) {
      throw new DataFileError(
        "missing_column",
        file,
        1,
        name,
        `the header has no column "${name}" (found: ${table.header.join(", ")}).`,
        `Add the column or rename yours to "${name}" — see data/CODEBOOK.md, section ${spec.file}.`,
      );
    }
  }
  const editionIdx = idx.get("edition");
  const mergeOf = new Map(MERGES.map((m) => [m.code, m]));
  const out: ParsedRow[] = [];
  table.rows.forEach((cells, r) => {
    const line = table.lines[r];
    const code = cells[idx.get("code") as number].trim();
    const name = cells[idx.get("city") as number].trim();
    const yearText = cells[idx.get("year") as number].trim();
    if (!/^\d{6}$/.test(code)) {
      throw new DataFileError("wrong_type", file, line, "code", `"${code}" is not a 6-digit GB/T 2260 city code.`, "Write the code as six digits (e.g. 370100), with leading zeros kept as text.");
    }
    if (!/^\d{4}$/.test(yearText)) {
      throw new DataFileError("wrong_type", file, line, "year", `"${yearText}" is not a four-digit year.`, "Write the calendar year as an integer such as 2015.");
    }
    const year = Number(yearText);
    let edition = 0;
    if (editionIdx !== undefined) {
      const e = cells[editionIdx].trim();
      if (e !== "" && !/^\d{4}$/.test(e)) {
        throw new DataFileError("wrong_type", file, line, "edition", `"${e}" is not a yearbook edition year.`, "Write the edition as a four-digit year, or leave it empty.");
      }
      edition = e === "" ? 0 : Number(e);
    }
    const actions: string[] = [];
    const values = spec.columns.map((col) => {
      const raw = cells[idx.get(col.name) as number];
      const p = parseNumber(raw);
      if (p === null) {
        throw new DataFileError("wrong_type", file, line, col.name, `"${raw}" is not a number.`, "Write a plain number (a decimal point, no units or notes), or leave the cell empty if the value is missing.");
      }
      let v = p.value;
      if (p.separators) actions.push(`${col.name}: text "${raw.trim()}" read as ${v}`);
      if (col.nonNegative && v < 0) {
        throw new DataFileError("impossible_value", file, line, col.name, `${v} is negative, which is impossible for ${col.name}.`, "Correct the value (a sign or typing error?) or leave the cell empty.");
      }
      if (col.personsAbove !== undefined && v > col.personsAbove) {
        actions.push(`${col.name}: ${v} read as persons (人), divided by 10^4 to ${v / 1e4} (万人)`);
        v = v / 1e4;
      }
      return v;
    });
    const row: ParsedRow = { line, printedCode: code, printedName: name, year, edition, unit: code, target: null, values, key: cells.join("\u0001"), actions };
    // harmonise the unit
    // an old code always maps; a kept code with an old name maps before the rename year or by its old name
    const rename = RENAMES.find((rn) => rn.oldCode === code && (rn.oldCode !== rn.newCode || year < rn.until || name === rn.oldName));
    const merge = mergeOf.get(code);
    if (OUT_OF_SAMPLE[code] !== undefined) {
      row.dropReason = `not in the 287-city sample: ${OUT_OF_SAMPLE[code]}`;
    } else if (merge) {
      row.unit = code;
      row.target = merge.intoCode;
      actions.push(`merged into ${merge.intoCode} ${merge.intoName} (${merge.note})`);
    } else if (rename) {
      row.unit = rename.newCode;
      row.target = rename.newCode;
      actions.push(
        rename.oldCode === rename.newCode
          ? `name ${name} → ${rename.newName} (${rename.note})`
          : `code ${code} ${name} → ${rename.newCode} ${rename.newName} (${rename.note})`,
      );
    } else if (registry.has(code)) {
      row.target = code;
      const official = registry.get(code) as string;
      if (name !== official) actions.push(`name ${name} → ${official} (registry name)`);
    } else {
      throw new DataFileError(
        "unknown_city",
        file,
        line,
        "code",
        `city code ${code} (${name || "no name"}) is not in the registry (data/cities.csv), the renames or the known exclusions.`,
        "Check the code against data/cities.csv; an old code needs an entry in lib/study/crosswalk.ts.",
      );
    }
    if (!row.dropReason && (year < years.first || year > years.last)) {
      row.dropReason = `year ${year} outside ${years.first}–${years.last}`;
    }
    out.push(row);
  });
  return out;
}
