/**
 * Plants the random kinds of yearbook dirt into the raw rows (design §6), at places drawn from the seed
 * (stream "dirt") and listed in the manifest data/raw_dirt.csv. Only rows of sample cities that carry no
 * other irregularity are touched, so each planted item has exactly one kind:
 *
 *  kind                   files (count per file, DIRT_PLAN)                         what the cleaner must do
 *  unit_persons           population files, economy (employment)                    value in 人, divide by 10⁴
 *  text_number            economy, education_roads, innovation                      "12,345.67" → 12345.67
 *  gap_row / gap_cell     public_finance, education_roads, enterprises (rows);      interpolate runs of ≤ 2
 *                         economy, innovation (cells)                               interior years, flag them
 *  conflicting_duplicate  every city-year file                                      keep the later edition
 *  exact_duplicate        every city-year file                                      drop the copy
 * Gaps avoid 2000, 2006 (the base year), 2023 and the years next to another gap of the same city.
 */
import { DataError } from "../../../errors";
import { Rng } from "../../../random/rng";
import { CITY_YEAR_FILES } from "../../rawSchema";
import { fmt, RawRow } from "./rows";

/** How many items of each kind go into which file (and which columns). */
export const DIRT_PLAN: Record<string, { unit?: [string, number]; text?: [string[], number]; gapRows?: number; gapCells?: [string[], number]; conflicts: number; duplicates: number }> = {
  "population_resident.csv": { unit: ["resident_pop_10k", 20], conflicts: 4, duplicates: 5 },
  "population_registered.csv": { unit: ["registered_pop_10k", 12], conflicts: 3, duplicates: 4 },
  "migration_registered.csv": { conflicts: 3, duplicates: 3 },
  "economy.csv": { unit: ["employment_10k", 8], text: [["gdp_100m_yuan", "deposits_100m_yuan", "loans_100m_yuan"], 90], gapCells: [["deposits_100m_yuan", "loans_100m_yuan", "fdi_10k_usd"], 24], conflicts: 5, duplicates: 6 },
  "public_finance.csv": { gapRows: 25, conflicts: 3, duplicates: 4 },
  "education_roads.csv": { text: [["college_students"], 30], gapRows: 20, conflicts: 3, duplicates: 3 },
  "enterprises.csv": { gapRows: 20, conflicts: 3, duplicates: 3 },
  "innovation.csv": { text: [["trademarks", "vc_investment_10k_yuan"], 30], gapCells: [["invention_patents", "trademarks", "vc_investment_10k_yuan"], 20], conflicts: 3, duplicates: 3 },
  "robots_city.csv": { conflicts: 3, duplicates: 3 },
};

const GAP_FORBIDDEN_YEARS = new Set([2000, 2006, 2023]);

/** Plants dirt into the rows of every city-year file, in place; returns the rows removed by gaps. */
export function plantDirt(files: Map<string, RawRow[]>, rng: Rng): Map<string, RawRow[]> {
  const removed = new Map<string, RawRow[]>();
  for (const spec of CITY_YEAR_FILES) {
    const plan = DIRT_PLAN[spec.file];
    const rows = files.get(spec.file) as RawRow[];
    const r = rng.fork(`dirt:${spec.file}`);
    const header = ["code", "city", "year", ...spec.columns.map((c) => c.name), "edition"];
    const colIndex = (name: string): number => header.indexOf(name);
    const clean = (row: RawRow): boolean => row.target !== null && row.notes.length === 0;
    const pick = (ok: (row: RawRow) => boolean): RawRow => {
      for (let tries = 0; tries < 100000; tries++) {
        const row = rows[r.int(rows.length)];
        if (clean(row) && ok(row)) return row;
      }
      throw new DataError(`plantDirt: no eligible row left in ${spec.file}`);
    };
    // units: value in persons
    if (plan.unit) {
      const [name, n] = plan.unit;
      const k = colIndex(name);
      for (let i = 0; i < n; i++) {
        const row = pick(() => true);
        const v = Number(row.cells[k]);
        row.cells[k] = fmt(v * 1e4, 0);
        row.notes.push({ kind: "unit_persons", column: name, detail: `${v} (万人) printed as ${row.cells[k]} (人)` });
      }
    }
    // text numbers with thousands separators (values of 1,000 or more)
    if (plan.text) {
      const [names, n] = plan.text;
      for (let i = 0; i < n; i++) {
        const name = names[i % names.length];
        const k = colIndex(name);
        const row = pick((row) => Number(row.cells[k]) >= 1000);
        const [int, frac] = row.cells[k].split(".");
        row.cells[k] = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (frac !== undefined ? "." + frac : "");
        row.notes.push({ kind: "text_number", column: name, detail: `printed as "${row.cells[k]}"` });
      }
    }
    // gaps: one or two consecutive interior years of one city
    const gapYears = new Map<string, Set<number>>();
    const gapOk = (row: RawRow, len: number): boolean => {
      for (let y = row.year - 1; y <= row.year + len; y++) {
        if (GAP_FORBIDDEN_YEARS.has(y) && y >= row.year && y < row.year + len) return false;
        if (gapYears.get(row.code)?.has(y)) return false;
      }
      const next = rows.find((x) => x.code === row.code && x.year === row.year + len - 1);
      return row.year > 2000 && row.year + len - 1 < 2023 && next !== undefined && clean(next);
    };
    const markGap = (row: RawRow, len: number): RawRow[] => {
      const set = gapYears.get(row.code) ?? new Set<number>();
      gapYears.set(row.code, set);
      const hit: RawRow[] = [];
      for (let y = row.year; y < row.year + len; y++) {
        set.add(y);
        hit.push(rows.find((x) => x.code === row.code && x.year === y) as RawRow);
      }
      return hit;
    };
    if (plan.gapRows) {
      const gone: RawRow[] = [];
      for (let i = 0; i < plan.gapRows; i++) {
        const len = 1 + r.int(2);
        const row = pick((row) => gapOk(row, len));
        for (const h of markGap(row, len)) {
          h.notes.push({ kind: "gap_row", column: "", detail: `row for ${h.year} missing (gap of ${len})` });
          gone.push(h);
        }
      }
      removed.set(spec.file, gone);
      const drop = new Set(gone);
      const kept = rows.filter((x) => !drop.has(x));
      rows.length = 0;
      rows.push(...kept);
    }
    if (plan.gapCells) {
      const [names, n] = plan.gapCells;
      for (let i = 0; i < n; i++) {
        const name = names[i % names.length];
        const k = colIndex(name);
        const len = 1 + r.int(2);
        const row = pick((row) => gapOk(row, len));
        for (const h of markGap(row, len)) {
          h.cells[k] = "";
          h.notes.push({ kind: "gap_cell", column: name, detail: `blank for ${h.year} (gap of ${len})` });
        }
      }
    }
    // conflicting duplicates: a preliminary figure from an earlier edition, printed before the revised row
    for (let i = 0; i < plan.conflicts; i++) {
      const row = pick((row) => row.year <= 2021);
      const prelim = row.cells.slice();
      spec.columns.forEach((c, m) => {
        const v = Number(row.cells[3 + m]);
        const d = (0.01 + 0.03 * r.uniform()) * (r.bernoulli(0.5) ? 1 : -1);
        prelim[3 + m] = fmt(v * (1 + d), c.decimals);
      });
      row.cells[header.length - 1] = String(row.year + 2);
      const pre: RawRow = { cells: prelim, code: row.code, year: row.year, target: row.target, notes: [] };
      pre.notes.push({ kind: "conflicting_duplicate", column: "edition", detail: `preliminary figures (edition ${row.year + 1}), revised in edition ${row.year + 2}` });
      row.notes.push({ kind: "conflicting_duplicate", column: "edition", detail: `revised row (edition ${row.year + 2}) of a conflicting pair` });
      rows.splice(rows.indexOf(row), 0, pre);
    }
    // exact duplicates, appended at the end of the file (a page printed twice)
    for (let i = 0; i < plan.duplicates; i++) {
      const row = pick(() => true);
      row.notes.push({ kind: "exact_duplicate", column: "", detail: "original of an exact duplicate" });
      rows.push({ cells: row.cells.slice(), code: row.code, year: row.year, target: row.target, notes: [{ kind: "exact_duplicate", column: "", detail: "exact copy of an earlier row" }] });
    }
  }
  return removed;
}
