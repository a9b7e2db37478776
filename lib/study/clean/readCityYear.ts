/**
 * Reads one city-year raw file (rawSchema.ts) with schema validation and harmonises each row's unit:
 *
 *  - the header must have `code`, `city`, `year` and every value column of the file's schema
 *    (`edition` is optional: 0 when absent; extra columns are ignored) — else a missing-column error;
 *  - the file must have at least one data row — else a no-data-rows error;
 *  - `code` must be 6 digits, `year` an integer within the range built (2000–2023; a year outside it is
 *    a year-out-of-range error — a typo such as 2103 is never dropped and its year filled by
 *    interpolation), each value a number (thousands separators are removed and recorded as a fix), empty
 *    or a yearbook missing marker ("—", "…", numbers.ts: missing, recorded as a fix) — else a wrong-type
 *    error;
 *  - the printed city name must not be garbled by a wrong encoding (garbledName.ts) — else a
 *    garbled-name error: a garbled name is never replaced by the registry's name for its code;
 *  - a value outside the column's sign (rawSchema.ts: a negative count, a zero or negative population)
 *    is an impossible-value error;
 *  - a value above `personsAbove` in a column of 10k persons was printed in persons: divided by 10⁴ (fix);
 *  - codes: an old code or name (crosswalk.ts RENAMES) maps to the current one (fix); a merged unit (莱芜)
 *    keeps its own unit code and targets the city it merged into; a unit outside the sample (crosswalk
 *    OUT_OF_SAMPLE) is dropped with its reason; any other code not in the registry is an unknown-city
 *    error; a name that differs from the registry's is replaced (fix).
 * Errors name the file, line and column (DataFileError). Nothing is changed until the whole file passed.
 */
import { CsvTable, parseCsv } from "../csv";
import { MERGES } from "../crosswalk";
import { CityYearFile, RawColumn } from "../rawSchema";
import { DataFileError } from "./errors";
import { garbledNameReason } from "./garbledName";
import { harmoniseUnit, type HarmoniseContext } from "./harmonise";
import { parseRawCell } from "./numbers";
import type { ParsedRow, RegistryNames } from "./parsedRow";

export type { ParsedRow, RegistryNames };

/** The years being built; a row of another year is an error. */
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
 * @throws DataFileError naming the file, line and column (no data rows, missing column, wrong type,
 *   year out of range, garbled name, impossible value, unknown city).
 * @example readCityYear(text, "economy.csv", spec, names, { first: 2000, last: 2023 })[0].target // "110000"
 */
export function readCityYear(text: string, file: string, spec: CityYearFile, registry: RegistryNames, years: YearRange): ParsedRow[] {
  const table = parseCsv(text, file);
  const idx = columnIndex(table, file, spec);
  if (table.rows.length === 0) {
    throw new DataFileError("no_data_rows", file, 1, null, "has a header but no data rows.", "Export the table with its rows; leave the file out of the folder only if none of its variables is needed (data/CODEBOOK.md, Raw files).");
  }
  const context: FileContext = { file, spec, registry, years, idx, editionIdx: idx.get("edition"), mergeOf: new Map(MERGES.map((m) => [m.code, m])) };
  return table.rows.map((cells, r) => parseCityYearRow(cells, table.lines[r], context));
}

/** What every row of one file is read against: the harmonisation context plus the file's layout. */
interface FileContext extends HarmoniseContext {
  /** The file's schema. */
  readonly spec: CityYearFile;
  /** The years being built. */
  readonly years: YearRange;
  /** Trimmed header name → 0-based column. */
  readonly idx: ReadonlyMap<string, number>;
  /** Column of `edition`, when the file has one. */
  readonly editionIdx: number | undefined;
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
 * One data row: its keys ({@link parseRowKeys}), its values ({@link parseValue}) and its unit
 * ({@link harmoniseUnit}).
 * @param line the row's 1-based line in the file
 * @throws DataFileError on a wrong type, a year out of range, a garbled name, an impossible value or
 *   an unknown city.
 * @example parseCityYearRow(["110000", "北京", "2015", "1,234"], 2, context).actions // ['<column>: text "1,234" read as 1234', "name 北京 → 北京市 (registry name)"]
 */
function parseCityYearRow(cells: string[], line: number, context: FileContext): ParsedRow {
  const { code, name, year, edition } = parseRowKeys(cells, line, context);
  const actions: string[] = [];
  const values = context.spec.columns.map((col) => parseValue(cells[context.idx.get(col.name) as number], col, context.file, line, actions));
  const row: ParsedRow = { line, printedCode: code, printedName: name, year, edition, unit: code, target: null, values, key: cells.join("\u0001"), actions };
  harmoniseUnit(row, context);
  return row;
}

/**
 * The row's code (six digits), name (not garbled), year (four digits, within the range built) and
 * edition (four digits, or 0 when empty or absent), trimmed.
 * @throws DataFileError naming the column of the first bad key: "wrong_type" (malformed),
 *   "year_out_of_range", "garbled_name".
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
  const year = Number(yearText);
  const { first, last } = context.years;
  if (year < first || year > last) {
    throw new DataFileError("year_out_of_range", file, line, "year", `${year} is outside ${first}–${last}, the years the cleaner builds.`, `Correct it if it is a typo (e.g. 2103 for 2013); if the row is real data of another year, delete the rows outside ${first}–${last}.`);
  }
  const garbled = garbledNameReason(name);
  if (garbled !== null) {
    throw new DataFileError("garbled_name", file, line, "city", `${garbled}: the file was decoded with the wrong encoding, or garbled before.`, "Re-export the file, or read it with the encoding it was saved in (--encoding gb18030 for a GBK export); names are never repaired by their codes.");
  }
  let edition = 0;
  if (editionIdx !== undefined) {
    const e = cells[editionIdx].trim();
    if (e !== "" && !/^\d{4}$/.test(e)) {
      throw new DataFileError("wrong_type", file, line, "edition", `"${e}" is not a yearbook edition year.`, "Write the edition as a four-digit year, or leave it empty.");
    }
    edition = e === "" ? 0 : Number(e);
  }
  return { code, name, year, edition };
}

/**
 * One value cell: a number (thousands separators removed, recorded in `actions`), NaN when empty or a
 * missing marker (the marker recorded); a value above the column's `personsAbove` was printed in persons
 * and is divided by 10⁴ (recorded).
 * @param actions the row's fixes, appended to
 * @throws DataFileError ("wrong_type") for text that is not a number, ("impossible_value") for a value
 *   outside the column's sign (negative, or zero where it must be positive).
 * @example parseValue("5,200,000", popColumn, "f.csv", 2, actions) // 520, actions record both fixes
 */
function parseValue(raw: string, col: RawColumn, file: string, line: number, actions: string[]): number {
  const p = parseRawCell(raw);
  if (p === null) {
    throw new DataFileError("wrong_type", file, line, col.name, `"${raw}" is not a number.`, "Write a plain number (a decimal point, no units or notes), or leave the cell empty if the value is missing.");
  }
  let v = p.value;
  if (p.separators) actions.push(`${col.name}: text "${raw.trim()}" read as ${v}`);
  if (p.marker !== undefined) actions.push(`${col.name}: "${p.marker}" read as missing (yearbook marker)`);
  if (v < 0 && col.sign !== "any") {
    throw new DataFileError("impossible_value", file, line, col.name, `${v} is negative, which is impossible for ${col.name}.`, "Correct the value (a sign or typing error?) or leave the cell empty.");
  }
  if (v === 0 && col.sign === "positive") {
    throw new DataFileError("impossible_value", file, line, col.name, `0 is impossible for ${col.name}, which must be positive (a 0 written for a missing value?).`, "Leave the cell empty (or write \"—\") if the value is missing, or correct it.");
  }
  if (col.personsAbove !== undefined && v > col.personsAbove) {
    actions.push(`${col.name}: ${v} read as persons (人), divided by 10^4 to ${v / 1e4} (万人)`);
    v = v / 1e4;
  }
  return v;
}
