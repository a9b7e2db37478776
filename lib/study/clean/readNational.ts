/**
 * Readers of the raw files that are not city-year tables: base-year employment by city and industry,
 * national robot stocks by industry (China, US), US base-year employment, the GDP deflator and the
 * exchange rate. Same validation rules and errors as readCityYear.ts (missing column, wrong type, unknown
 * city, impossible value, duplicated key), and the same audit: every data row is kept, fixed or dropped.
 */
import { parseCsv } from "../csv";
import { MERGES, OUT_OF_SAMPLE } from "../crosswalk";
import { DataFileError } from "./errors";
import { parseNumber } from "./numbers";
import { RegistryNames } from "./readCityYear";

/** One audited row of a national file. */
export interface NationalRow {
  line: number;
  key: string;
  values: Record<string, number | string>;
  actions: string[];
  dropReason?: string;
}

/** Parses a small table: required columns, text columns kept as text, numeric columns parsed. */
export function readTable(text: string, file: string, columns: readonly string[], numeric: readonly string[], nonNegative = true): NationalRow[] {
  const table = parseCsv(text, file);
  const idx = new Map(table.header.map((h, k) => [h.trim(), k]));
  for (const name of columns) {
    if (!idx.has(name)) {
      throw new DataFileError("missing_column", file, 1, name, `the header has no column "${name}" (found: ${table.header.join(", ")}).`, `Add the column "${name}" — see data/CODEBOOK.md, section ${file}.`);
    }
  }
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
      const p = parseNumber(raw);
      if (p === null || Number.isNaN(p.value)) {
        throw new DataFileError("wrong_type", file, line, name, `"${raw}" is not a number.`, "Write a plain number; this table may not have empty cells.");
      }
      if (p.separators) actions.push(`${name}: text "${raw.trim()}" read as ${p.value}`);
      if (nonNegative && p.value < 0) {
        throw new DataFileError("impossible_value", file, line, name, `${p.value} is negative, which is impossible for ${name}.`, "Correct the value.");
      }
      values[name] = p.value;
    }
    return { line, key: cells.join("\u0001"), values, actions };
  });
}

/** Refuses two rows with the same key columns (exact copies are dropped and audited). */
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

/** Base-year employment by city and industry: validates codes, merges 莱芜 into 济南 (sums). */
export function readIndustryEmployment(text: string, file: string, registry: RegistryNames): { rows: NationalRow[]; byCity: Map<string, Map<string, number>> } {
  const rows = readTable(text, file, ["code", "city", "industry_code", "industry", "employment"], ["employment"]);
  const mergeOf = new Map(MERGES.map((m) => [m.code, m]));
  const targets = new Map<NationalRow, string>();
  for (const r of rows) {
    const code = String(r.values.code);
    if (!/^\d{6}$/.test(code)) throw new DataFileError("wrong_type", file, r.line, "code", `"${code}" is not a 6-digit city code.`, "Write the code as six digits.");
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
