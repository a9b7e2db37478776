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
import { CITY_YEAR_FILES, CityYearFile } from "../../rawSchema";
import { fmt, headerOf, RawRow } from "./rows";

/** How many items of each kind go into one file, and which columns they hit. */
export interface FileDirtPlan {
  /** unit_persons: the column printed in persons instead of 万人, and how many cells. */
  unit?: [string, number];
  /** text_number: the columns printed with thousands separators (in turn), and how many cells. */
  text?: [string[], number];
  /** gap_row: how many gaps of one or two missing rows. */
  gapRows?: number;
  /** gap_cell: the columns blanked (in turn), and how many gaps of one or two cells. */
  gapCells?: [string[], number];
  /** conflicting_duplicate: how many rows get a preliminary earlier-edition twin. */
  conflicts: number;
  /** exact_duplicate: how many rows are printed twice. */
  duplicates: number;
}

/** How many items of each kind go into which file (and which columns). */
export const DIRT_PLAN: Record<string, FileDirtPlan> = {
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

/** The dirt of one file being planted: its spec, plan, rows (edited in place), stream and gaps so far. */
interface FileDirt {
  spec: CityYearFile;
  plan: FileDirtPlan;
  rows: RawRow[];
  r: Rng;
  header: string[];
  /** Years already in a gap, by printed code. */
  gapYears: Map<string, Set<number>>;
}

/** Plants dirt into the rows of every city-year file, in place; returns the rows removed by gaps. */
export function plantDirt(files: Map<string, RawRow[]>, rng: Rng): Map<string, RawRow[]> {
  const removed = new Map<string, RawRow[]>();
  for (const spec of CITY_YEAR_FILES) {
    const d: FileDirt = {
      spec,
      plan: DIRT_PLAN[spec.file],
      rows: files.get(spec.file) as RawRow[],
      r: rng.fork(`dirt:${spec.file}`),
      header: headerOf(spec),
      gapYears: new Map(),
    };
    plantUnits(d);
    plantTextNumbers(d);
    if (d.plan.gapRows) removed.set(spec.file, plantGapRows(d, d.plan.gapRows));
    plantGapCells(d);
    plantConflicts(d);
    plantDuplicates(d);
  }
  return removed;
}

/** A row of a sample city that carries no irregularity yet. */
function isClean(row: RawRow): boolean {
  return row.target !== null && row.notes.length === 0;
}

/** Draws rows (uniformly, from the file's stream) until one is clean and passes `ok`. */
function pick(d: FileDirt, ok: (row: RawRow) => boolean): RawRow {
  for (let tries = 0; tries < 100000; tries++) {
    const row = d.rows[d.r.int(d.rows.length)];
    if (isClean(row) && ok(row)) return row;
  }
  throw new DataError(`plantDirt: no eligible row left in ${d.spec.file}`);
}

/** unit_persons: values in 万人 printed in persons (× 10⁴). */
function plantUnits(d: FileDirt): void {
  if (!d.plan.unit) return;
  const [name, n] = d.plan.unit;
  const k = d.header.indexOf(name);
  for (let i = 0; i < n; i++) {
    const row = pick(d, () => true);
    const v = Number(row.cells[k]);
    row.cells[k] = fmt(v * 1e4, 0);
    row.notes.push({ kind: "unit_persons", column: name, detail: `${v} (万人) printed as ${row.cells[k]} (人)` });
  }
}

/** text_number: values of 1,000 or more printed with thousands separators. */
function plantTextNumbers(d: FileDirt): void {
  if (!d.plan.text) return;
  const [names, n] = d.plan.text;
  for (let i = 0; i < n; i++) {
    const name = names[i % names.length];
    const k = d.header.indexOf(name);
    const row = pick(d, (row) => Number(row.cells[k]) >= 1000);
    const [int, frac] = row.cells[k].split(".");
    row.cells[k] = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (frac !== undefined ? "." + frac : "");
    row.notes.push({ kind: "text_number", column: name, detail: `printed as "${row.cells[k]}"` });
  }
}

/**
 * Whether a gap of `len` years can start at `row`: interior years only (not 2000, 2006, 2023), not next to
 * another gap of the same city, and the last year's row present and clean.
 */
function gapOk(d: FileDirt, row: RawRow, len: number): boolean {
  for (let y = row.year - 1; y <= row.year + len; y++) {
    if (GAP_FORBIDDEN_YEARS.has(y) && y >= row.year && y < row.year + len) return false;
    if (d.gapYears.get(row.code)?.has(y)) return false;
  }
  const next = d.rows.find((x) => x.code === row.code && x.year === row.year + len - 1);
  return row.year > 2000 && row.year + len - 1 < 2023 && next !== undefined && isClean(next);
}

/** Marks the years of a gap starting at `row` as taken; returns the gap's rows. */
function markGap(d: FileDirt, row: RawRow, len: number): RawRow[] {
  const set = d.gapYears.get(row.code) ?? new Set<number>();
  d.gapYears.set(row.code, set);
  const hit: RawRow[] = [];
  for (let y = row.year; y < row.year + len; y++) {
    set.add(y);
    hit.push(d.rows.find((x) => x.code === row.code && x.year === y) as RawRow);
  }
  return hit;
}

/** gap_row: `count` gaps of one or two consecutive interior years of one city, removed from the file; returns the removed rows. */
function plantGapRows(d: FileDirt, count: number): RawRow[] {
  const gone: RawRow[] = [];
  for (let i = 0; i < count; i++) {
    const len = 1 + d.r.int(2);
    const row = pick(d, (row) => gapOk(d, row, len));
    for (const h of markGap(d, row, len)) {
      h.notes.push({ kind: "gap_row", column: "", detail: `row for ${h.year} missing (gap of ${len})` });
      gone.push(h);
    }
  }
  const drop = new Set(gone);
  const kept = d.rows.filter((x) => !drop.has(x));
  d.rows.length = 0;
  d.rows.push(...kept);
  return gone;
}

/** gap_cell: gaps of one or two consecutive interior years of one city, the cell blanked. */
function plantGapCells(d: FileDirt): void {
  if (!d.plan.gapCells) return;
  const [names, n] = d.plan.gapCells;
  for (let i = 0; i < n; i++) {
    const name = names[i % names.length];
    const k = d.header.indexOf(name);
    const len = 1 + d.r.int(2);
    const row = pick(d, (row) => gapOk(d, row, len));
    for (const h of markGap(d, row, len)) {
      h.cells[k] = "";
      h.notes.push({ kind: "gap_cell", column: name, detail: `blank for ${h.year} (gap of ${len})` });
    }
  }
}

/** conflicting_duplicate: a preliminary figure from an earlier edition, printed before the revised row. */
function plantConflicts(d: FileDirt): void {
  const { spec, header, r } = d;
  for (let i = 0; i < d.plan.conflicts; i++) {
    const row = pick(d, (row) => row.year <= 2021);
    const prelim = row.cells.slice();
    spec.columns.forEach((c, m) => {
      const v = Number(row.cells[3 + m]);
      const dev = (0.01 + 0.03 * r.uniform()) * (r.bernoulli(0.5) ? 1 : -1);
      prelim[3 + m] = fmt(v * (1 + dev), c.decimals);
    });
    row.cells[header.length - 1] = String(row.year + 2);
    const pre: RawRow = { cells: prelim, code: row.code, year: row.year, target: row.target, notes: [] };
    pre.notes.push({ kind: "conflicting_duplicate", column: "edition", detail: `preliminary figures (edition ${row.year + 1}), revised in edition ${row.year + 2}` });
    row.notes.push({ kind: "conflicting_duplicate", column: "edition", detail: `revised row (edition ${row.year + 2}) of a conflicting pair` });
    d.rows.splice(d.rows.indexOf(row), 0, pre);
  }
}

/** exact_duplicate: copies appended at the end of the file (a page printed twice). */
function plantDuplicates(d: FileDirt): void {
  for (let i = 0; i < d.plan.duplicates; i++) {
    const row = pick(d, () => true);
    row.notes.push({ kind: "exact_duplicate", column: "", detail: "original of an exact duplicate" });
    d.rows.push({ cells: row.cells.slice(), code: row.code, year: row.year, target: row.target, notes: [{ kind: "exact_duplicate", column: "", detail: "exact copy of an earlier row" }] });
  }
}
