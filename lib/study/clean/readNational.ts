/**
 * Readers of the raw files that are not city-year tables: base-year employment by city and industry,
 * national robot stocks by industry (China, US), US base-year employment, the GDP deflator and the
 * exchange rate. Same validation rules and errors as readCityYear.ts (no data rows, missing column, wrong
 * type, unknown city, garbled name, impossible value — negative, or 0 where rawSchema.ts says positive —,
 * duplicated key), and the same audit: every data row is kept, fixed or dropped. These tables may not have
 * missing cells: an empty cell or a yearbook marker ("—", "…") is a missing-value error. A `year` must
 * be a four-digit year; years outside those built are not used (dropped in the audit): a national series
 * is longer than the panel by nature, and a typo leaves a needed year missing, which the build reports.
 */
import { parseCsv } from "../csv";
import { MERGES, OUT_OF_SAMPLE } from "../crosswalk";
import { ALL_INDUSTRIES, TABLE_FILES } from "../rawSchema";
import { DataFileError } from "./errors";
import { garbledNameReason } from "./garbledName";
import { parseRawCell } from "./numbers";
import { RegistryNames } from "./readCityYear";

/** One audited row of a national file. */
export interface NationalRow {
  /** 1-based line in the file (header = 1). */
  line: number;
  /** The record's exact text, for exact-duplicate detection. */
  key: string;
  /** Values by column: numbers for the numeric columns, trimmed text for the others. */
  values: Record<string, number | string>;
  /** Fixes applied, in words. */
  actions: string[];
  /** Why the row is dropped (undefined: not dropped). */
  dropReason?: string;
}

/**
 * Parses a small table: required columns, text columns kept as text, numeric columns parsed; every
 * numeric cell must be a number, ≥ 0, and > 0 in the columns rawSchema.ts lists as positive for the
 * file whose `columns` these are (TABLE_FILES); a `year` column must hold four-digit years.
 * @param columns the file's required columns (its TABLE_FILES entry's `columns`)
 * @param numeric the columns read as numbers
 * @param nonNegative false to allow negative numbers
 * @throws DataFileError naming file, line and column: "no_data_rows", "missing_column", "wrong_type",
 *   "missing_value" (an empty cell or a marker), "impossible_value".
 * @example readTable("year,cny_per_usd\n2007,7.6\n", "exchange_rates.csv", ["year", "cny_per_usd"], ["year", "cny_per_usd"])[0].values // { year: 2007, cny_per_usd: 7.6 }
 */
export function readTable(text: string, file: string, columns: readonly string[], numeric: readonly string[], nonNegative = true): NationalRow[] {
  const table = parseCsv(text, file);
  const idx = new Map(table.header.map((h, k) => [h.trim(), k]));
  for (const name of columns) {
    if (!idx.has(name)) {
      throw new DataFileError("missing_column", file, 1, name, `the header has no column "${name}" (found: ${table.header.join(", ")}).`, `Add the column "${name}" — see data/CODEBOOK.md, section ${file}.`);
    }
  }
  if (table.rows.length === 0) {
    throw new DataFileError("no_data_rows", file, 1, null, "has a header but no data rows.", "Export the table with its rows (data/CODEBOOK.md, Raw files).");
  }
  const positive = positiveColumns(columns);
  return table.rows.map((cells, r) => {
    const line = table.lines[r];
    const values: Record<string, number | string> = {};
    const actions: string[] = [];
    for (const name of columns) {
      const raw = cells[idx.get(name) as number];
      if (!numeric.includes(name)) {
        values[name] = raw.trim();
        continue;
      }
      const value = parseTableCell(raw, { file, line, name, nonNegative, positive: positive.includes(name) }, actions);
      values[name] = value;
    }
    return { line, key: cells.join("\u0001"), values, actions };
  });
}

/** Where a cell is and what it may hold, for {@link parseTableCell}. */
interface TableCell {
  /** The file, for messages. */
  readonly file: string;
  /** The row's 1-based line. */
  readonly line: number;
  /** The column's name. */
  readonly name: string;
  /** Negative values are impossible. */
  readonly nonNegative: boolean;
  /** Zero is impossible too. */
  readonly positive: boolean;
}

/**
 * One numeric cell of a table file: a number (thousands separators removed, recorded in `actions`);
 * a `year` must be four digits.
 * @throws DataFileError: "wrong_type", "missing_value", "impossible_value".
 * @example parseTableCell("1,234", { file: "f.csv", line: 2, name: "employment", nonNegative: true, positive: true }, []) // 1234
 */
function parseTableCell(raw: string, cell: TableCell, actions: string[]): number {
  const { file, line, name } = cell;
  const p = parseRawCell(raw);
  if (p === null) {
    throw new DataFileError("wrong_type", file, line, name, `"${raw}" is not a number.`, "Write a plain number (a decimal point, no units or notes).");
  }
  if (Number.isNaN(p.value)) {
    const what = p.marker === undefined ? "is empty" : `holds "${p.marker}" (a missing value)`;
    throw new DataFileError("missing_value", file, line, name, `the cell ${what}, but this table may not have missing values.`, "Write the value from the source, or delete the row if its year or industry is not used.");
  }
  if (name === "year" && !/^\d{4}$/.test(raw.trim())) {
    throw new DataFileError("wrong_type", file, line, name, `"${raw}" is not a four-digit year.`, "Write the calendar year as an integer such as 2015.");
  }
  if (p.separators) actions.push(`${name}: text "${raw.trim()}" read as ${p.value}`);
  if (cell.nonNegative && p.value < 0) {
    throw new DataFileError("impossible_value", file, line, name, `${p.value} is negative, which is impossible for ${name}.`, "Correct the value.");
  }
  if (cell.positive && p.value === 0) {
    throw new DataFileError("impossible_value", file, line, name, `0 is impossible for ${name}, which must be positive (a 0 written for a missing value?).`, "Write the value from the source, or delete the row if its year or industry is not used.");
  }
  return p.value;
}

/**
 * The columns that must be positive in the table file whose required columns are `columns`
 * (rawSchema.ts TABLE_FILES); none for a table the schema does not list.
 * @example positiveColumns(["year", "cny_per_usd"]) // ["cny_per_usd"]
 */
function positiveColumns(columns: readonly string[]): readonly string[] {
  const spec = TABLE_FILES.find((t) => t.columns.join(",") === columns.join(","));
  return spec === undefined ? [] : spec.positive;
}

/**
 * Refuses two rows with the same key columns (exact copies are dropped and audited).
 * @throws DataFileError ("duplicate_city_year") naming both lines.
 * @example checkUniqueKeys(rows, "price_deflators.csv", ["year"])
 */
export function checkUniqueKeys(rows: NationalRow[], file: string, keyColumns: readonly string[]): void {
  const seen = new Map<string, NationalRow>();
  const exact = new Map<string, number>();
  for (const r of rows) {
    if (r.dropReason) continue;
    const first = exact.get(r.key);
    if (first !== undefined) {
      r.dropReason = `exact duplicate of line ${first}`;
      continue;
    }
    exact.set(r.key, r.line);
    const k = keyColumns.map((c) => String(r.values[c])).join("|");
    const prev = seen.get(k);
    if (prev) {
      throw new DataFileError("duplicate_city_year", file, r.line, keyColumns[0], `the key (${keyColumns.join(", ")}) = (${k.split("|").join(", ")}) appears on lines ${prev.line} and ${r.line} with different values.`, "Keep one of the two rows.");
    }
    seen.set(k, r);
  }
}

/**
 * Refuses a city name garbled by a wrong encoding (garbledName.ts); it is never repaired by its code.
 * @throws DataFileError ("garbled_name") at the row's line, column "city".
 * @example checkCityName("鍖椾含", "industry_employment_2006.csv", 2) // throws
 */
function checkCityName(name: string, file: string, line: number): void {
  const garbled = garbledNameReason(name);
  if (garbled !== null) {
    throw new DataFileError("garbled_name", file, line, "city", `${garbled}: the file was decoded with the wrong encoding, or garbled before.`, "Re-export the file, or read it with the encoding it was saved in (--encoding gb18030 for a GBK export); names are never repaired by their codes.");
  }
}

/**
 * Base-year employment by city and industry: validates codes and names (a city's total, industry
 * "ALL", must be positive), merges 莱芜 into 济南 (sums).
 * @throws DataFileError as {@link readTable}, plus "unknown_city", "garbled_name", "duplicate_city_year".
 * @example readIndustryEmployment(text, "industry_employment_2006.csv", names).byCity.get("110000")?.get("ALL")
 */
export function readIndustryEmployment(text: string, file: string, registry: RegistryNames): { rows: NationalRow[]; byCity: Map<string, Map<string, number>> } {
  const rows = readTable(text, file, ["code", "city", "industry_code", "industry", "employment"], ["employment"]);
  const mergeOf = new Map(MERGES.map((m) => [m.code, m]));
  const targets = new Map<NationalRow, string>();
  for (const r of rows) {
    const code = String(r.values.code);
    if (!/^\d{6}$/.test(code)) throw new DataFileError("wrong_type", file, r.line, "code", `"${code}" is not a 6-digit city code.`, "Write the code as six digits.");
    checkCityName(String(r.values.city), file, r.line);
    if (r.values.industry_code === ALL_INDUSTRIES && r.values.employment === 0) {
      throw new DataFileError("impossible_value", file, r.line, "employment", `0 is impossible for a city's total employment (industry ${ALL_INDUSTRIES}).`, "Write the city's total urban-unit employment of 2006 from the source.");
    }
    const m = mergeOf.get(code);
    if (OUT_OF_SAMPLE[code] !== undefined) r.dropReason = `not in the 287-city sample: ${OUT_OF_SAMPLE[code]}`;
    else if (m) {
      targets.set(r, m.intoCode);
      r.actions.push(`merged into ${m.intoCode} ${m.intoName} (${m.note})`);
    } else if (registry.has(code)) targets.set(r, code);
    else throw new DataFileError("unknown_city", file, r.line, "code", `city code ${code} is not in the registry (data/cities.csv).`, "Check the code against data/cities.csv.");
  }
  checkUniqueKeys(rows, file, ["code", "industry_code"]);
  const byCity = new Map<string, Map<string, number>>();
  const contributors = new Map<string, NationalRow[]>();
  for (const r of rows) {
    if (r.dropReason) continue;
    const target = targets.get(r) as string;
    const m = byCity.get(target) ?? new Map<string, number>();
    byCity.set(target, m);
    const ind = String(r.values.industry_code);
    m.set(ind, (m.get(ind) ?? 0) + Number(r.values.employment));
    const key = `${target}|${ind}`;
    contributors.set(key, [...(contributors.get(key) ?? []), r]);
  }
  for (const list of contributors.values()) {
    if (list.length < 2) continue;
    for (const r of list) {
      if (!mergeOf.has(String(r.values.code))) r.actions.push(`added ${list.filter((x) => x !== r).map((x) => `${x.values.code} (line ${x.line})`).join(", ")}`);
    }
  }
  return { rows, byCity };
}
