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
import { CsvTable, parseCsv } from "../csv";
import { Merge, MERGES, OUT_OF_SAMPLE, RENAMES } from "../crosswalk";
import { CityYearFile, RawColumn } from "../rawSchema";
import { DataFileError } from "./errors";
import { parseNumber } from "./numbers";

/** One data row of a city-year file after validation and harmonisation. */
export interface ParsedRow {
  /** 1-based line in the file (header = 1). */
  line: number;
  /** The code as printed in the file (trimmed), before renames and merges. */
  printedCode: string;
  /** The city name as printed in the file (trimmed). */
  printedName: string;
  /** Calendar year of the row. */
  year: number;
  /** Yearbook edition (a year) the row was taken from; 0 when the file has no `edition` or the cell is empty. */
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

/** The years being built; rows of other years are dropped. */
export interface YearRange {
  /** First year kept (2000). */
  first: number;
  /** Last year kept (2023). */
  last: number;
}

/**
 * Parses and validates a city-year file's text: the header ({@link columnIndex}), then each row
 * ({@link parseCityYearRow}), in file order. Throws at the first problem, so nothing of a bad file is used.
 * @param file the file's name or path, for messages
 * @param spec the file's schema (rawSchema.ts)
 * @param registry code → current name of the sample's cities
 * @throws DataFileError naming the file, line and column (missing column, wrong type, impossible value,
 *   unknown city).
 * @example readCityYear(text, "economy.csv", spec, names, { first: 2000, last: 2023 })[0].target // "110000"
 */
export function readCityYear(text: string, file: string, spec: CityYearFile, registry: RegistryNames, years: YearRange): ParsedRow[] {
  const table = parseCsv(text, file);
  const idx = columnIndex(table, file, spec);
  const context: FileContext = { file, spec, registry, years, idx, editionIdx: idx.get("edition"), mergeOf: new Map(MERGES.map((m) => [m.code, m])) };
  return table.rows.map((cells, r) => parseCityYearRow(cells, table.lines[r], context));
}

/** What every row of one file is read against. */
interface FileContext {
  /** The file's name or path, for messages. */
  readonly file: string;
  /** The file's schema. */
  readonly spec: CityYearFile;
  /** code → current name of the sample's cities. */
  readonly registry: RegistryNames;
  /** The years being built. */
  readonly years: YearRange;
  /** Trimmed header name → 0-based column. */
  readonly idx: ReadonlyMap<string, number>;
  /** Column of `edition`, when the file has one. */
  readonly editionIdx: number | undefined;
  /** Merged units by their own code (crosswalk.ts MERGES). */
  readonly mergeOf: ReadonlyMap<string, Merge>;
}

/**
 * Trimmed header name → column, after checking that the header has `code`, `city`, `year` and every
 * value column of the schema.
 * @throws DataFileError ("missing_column", line 1) naming the first missing column.
 * @example columnIndex(parseCsv("code,city,year\n"), "f.csv", spec) // throws when spec has value columns
 */
function columnIndex(table: CsvTable, file: string, spec: CityYearFile): Map<string, number> {
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
  return idx;
}

/**
 * One data row: its keys ({@link parseRowKeys}), its values ({@link parseValue}), its unit
 * ({@link harmoniseUnit}), and a drop when its year is outside the range built.
 * @param line the row's 1-based line in the file
 * @throws DataFileError on a wrong type, an impossible value or an unknown city.
 * @example parseCityYearRow(["110000", "北京", "2015", "1,234"], 2, context).actions // ['<column>: text "1,234" read as 1234', "name 北京 → 北京市 (registry name)"]
 */
function parseCityYearRow(cells: string[], line: number, context: FileContext): ParsedRow {
  const { code, name, year, edition } = parseRowKeys(cells, line, context);
  const actions: string[] = [];
  const values = context.spec.columns.map((col) => parseValue(cells[context.idx.get(col.name) as number], col, context.file, line, actions));
  const row: ParsedRow = { line, printedCode: code, printedName: name, year, edition, unit: code, target: null, values, key: cells.join("\u0001"), actions };
  harmoniseUnit(row, context);
  if (!row.dropReason && (year < context.years.first || year > context.years.last)) {
    row.dropReason = `year ${year} outside ${context.years.first}–${context.years.last}`;
  }
  return row;
}

/**
 * The row's code (six digits), name, year (four digits) and edition (four digits, or 0 when empty or
 * absent), trimmed.
 * @throws DataFileError ("wrong_type") naming the column of the first malformed key.
 * @example parseRowKeys(["370100", " 济南市", "2015"], 2, context) // { code: "370100", name: "济南市", year: 2015, edition: 0 }
 */
function parseRowKeys(cells: string[], line: number, context: FileContext): { code: string; name: string; year: number; edition: number } {
  const { file, idx, editionIdx } = context;
  const code = cells[idx.get("code") as number].trim();
  const name = cells[idx.get("city") as number].trim();
  const yearText = cells[idx.get("year") as number].trim();
  if (!/^\d{6}$/.test(code)) {
    throw new DataFileError("wrong_type", file, line, "code", `"${code}" is not a 6-digit GB/T 2260 city code.`, "Write the code as six digits (e.g. 370100), with leading zeros kept as text.");
  }
  if (!/^\d{4}$/.test(yearText)) {
    throw new DataFileError("wrong_type", file, line, "year", `"${yearText}" is not a four-digit year.`, "Write the calendar year as an integer such as 2015.");
  }
  let edition = 0;
  if (editionIdx !== undefined) {
    const e = cells[editionIdx].trim();
    if (e !== "" && !/^\d{4}$/.test(e)) {
      throw new DataFileError("wrong_type", file, line, "edition", `"${e}" is not a yearbook edition year.`, "Write the edition as a four-digit year, or leave it empty.");
    }
    edition = e === "" ? 0 : Number(e);
  }
  return { code, name, year: Number(yearText), edition };
}

/**
 * One value cell: a number (thousands separators removed, recorded in `actions`), NaN when empty; a
 * value above the column's `personsAbove` was printed in persons and is divided by 10⁴ (recorded).
 * @param actions the row's fixes, appended to
 * @throws DataFileError ("wrong_type") for text that is not a number, ("impossible_value") for a
 *   negative value in a non-negative column.
 * @example parseValue("5,200,000", popColumn, "f.csv", 2, actions) // 520, actions record both fixes
 */
function parseValue(raw: string, col: RawColumn, file: string, line: number, actions: string[]): number {
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
}

/**
 * Sets the row's unit and target city, in this order of rules: a unit outside the sample is dropped
 * (OUT_OF_SAMPLE); a merged unit keeps its code and targets the city it merged into (MERGES); an old
 * code — or a kept code under its old name or before the rename year — maps to the new one (RENAMES);
 * a registry code targets itself (a differing name is replaced by the registry's). Every change is
 * recorded in `row.actions`.
 * @throws DataFileError ("unknown_city") for a code none of the rules knows.
 * @example harmoniseUnit(row, context) // row printed as 522400 毕节地区 in 2008 → unit and target 520500
 */
function harmoniseUnit(row: ParsedRow, context: FileContext): void {
  const { printedCode: code, printedName: name, year, actions } = row;
  // an old code always maps; a kept code with an old name maps before the rename year or by its old name
  const rename = RENAMES.find((rn) => rn.oldCode === code && (rn.oldCode !== rn.newCode || year < rn.until || name === rn.oldName));
  const merge = context.mergeOf.get(code);
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
  } else if (context.registry.has(code)) {
    row.target = code;
    const official = context.registry.get(code) as string;
    if (name !== official) actions.push(`name ${name} → ${official} (registry name)`);
  } else {
    throw new DataFileError(
      "unknown_city",
      context.file,
      row.line,
      "code",
      `city code ${code} (${name || "no name"}) is not in the registry (data/cities.csv), the renames or the known exclusions.`,
      "Check the code against data/cities.csv; an old code needs an entry in lib/study/crosswalk.ts.",
    );
  }
}
