/**
 * The raw files' rows before random dirt: one row per city and year 2000–2023 in every city-year file,
 * printed as the yearbooks of the time printed them —
 *  - under the old code and name before a rename (crosswalk.ts RENAMES: 毕节地区 522400 until 2010, …);
 *  - 莱芜 (371200) as its own row until 2018, and 济南 (370100) without 莱芜 until 2018: the simulated
 *    Jinan is the merged city, so Laiwu's share s of each additive value is split off
 *    (s = LAIWU_SHARE · exp(0.03·z), z ~ N(0,1) per year and column, integers in the printed unit so the
 *    two rows add back exactly); rates (natural growth) are printed unchanged in both rows;
 *  - units outside the sample that a yearbook lists (拉萨 540100 all years, 巢湖 341400 until 2010) in the
 *    population and economy files, with placeholder values (a donor city's values × 0.6).
 */
import { Rng } from "../../../random/rng";
import { MERGES, RENAMES } from "../../crosswalk";
import { CITY_YEAR_FILES, CityYearFile } from "../../rawSchema";
import { CityVar, Levels } from "../../variables/levels";
import { World } from "../world";

/** Laiwu's approximate share of the merged Jinan, by variable (2018 orders of magnitude). */
export const LAIWU_SHARE: Partial<Record<CityVar, number>> = {
  pop: 0.15, pop_hukou: 0.15, mig_in: 0.13, mig_out: 0.14, emp: 0.11, gdp: 0.11, va1: 0.2, va2: 0.15, va3: 0.07,
  deposits: 0.07, loans: 0.07, fdi_usd: 0.05, fiscal_exp: 0.09, students: 0.02, road_area: 0.14, land_area: 0.22,
  new_firms: 0.09, ai_firms: 0.04, patents: 0.05, trademarks: 0.07, vc_investment: 0.03, ai_patents: 0.04, robot_inst: 0.12,
};

/** Out-of-sample units printed in some files: code, name, last year listed, donor city whose values (× 0.6) are printed. */
export const OUT_OF_SAMPLE_ROWS = [
  { code: "540100", name: "拉萨市", lastYear: 2023, donor: "630100", files: ["population_resident.csv", "economy.csv"] },
  { code: "341400", name: "巢湖市", lastYear: 2010, donor: "340200", files: ["population_resident.csv", "economy.csv"] },
];

/** A row of a raw file as text cells, with what the simulator knows about it. */
export interface RawRow {
  /** The printed cells: code, city, year, the file's columns, edition. */
  cells: string[];
  /** The code as printed (the old one before a rename). */
  code: string;
  /** The year. */
  year: number;
  /** The registry code the row belongs to after harmonisation (null: out of sample). */
  target: string | null;
  /** The irregularities the row carries, for the manifest. */
  notes: DirtNote[];
}

/** One planted irregularity, for the manifest (data/raw_dirt.csv). */
export interface DirtNote {
  /** The kind of irregularity. */
  kind: DirtKind;
  /** The column it affects (empty: the whole row). */
  column: string;
  /** What was done, in words. */
  detail: string;
}

/** The kinds of dirt the simulator plants (design §6). */
export type DirtKind =
  | "renamed"
  | "merged_unit"
  | "out_of_sample"
  | "unit_persons"
  | "text_number"
  | "gap_row"
  | "gap_cell"
  | "exact_duplicate"
  | "conflicting_duplicate";

/** Fixed-decimal text of a number, never "-0.00". */
export function fmt(x: number, decimals: number): string {
  const s = x.toFixed(decimals);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/** The header of a city-year file. */
export function headerOf(spec: CityYearFile): string[] {
  return ["code", "city", "year", ...spec.columns.map((c) => c.name), "edition"];
}

/** What the rows of every file are printed from: the levels, the registry's names, and Laiwu's shares. */
interface RowSource {
  L: Levels;
  /** Level index of each sample city's code. */
  index: Map<string, number>;
  /** Chinese name of each sample city. */
  names: Map<string, string>;
  /** Laiwu's share of variable v in year index t (drawn on first use, then remembered). */
  share: (v: CityVar, t: number) => number;
}

/** Clean rows of every city-year file (renames, the Laiwu split and out-of-sample units included). */
export function baseRows(world: World, rng: Rng): Map<string, RawRow[]> {
  const L = world.levels;
  const src: RowSource = {
    L,
    index: new Map(L.codes.map((c, i) => [c, i])),
    names: new Map(world.cities.map((c) => [String(c.code), c.name_zh])),
    share: laiwuShares(rng.fork("laiwu")),
  };
  const out = new Map<string, RawRow[]>();
  for (const spec of CITY_YEAR_FILES) out.set(spec.file, fileRows(src, spec));
  return out;
}

/**
 * Laiwu's share s of each additive value, s = LAIWU_SHARE · exp(0.03·z), z ~ N(0,1) from `rl` ("laiwu"),
 * drawn the first time a (variable, year) pair is asked for — so the draws follow the order of the files.
 */
function laiwuShares(rl: Rng): (v: CityVar, t: number) => number {
  const shares = new Map<string, number>();
  return (v, t) => {
    const key = `${v}:${t}`;
    let s = shares.get(key);
    if (s === undefined) {
      s = (LAIWU_SHARE[v] ?? 0.1) * Math.exp(0.03 * rl.normal());
      shares.set(key, s);
    }
    return s;
  };
}

/** The rows of one city-year file: every unit it lists (sorted by code), year by year. */
function fileRows(src: RowSource, spec: CityYearFile): RawRow[] {
  const laiwu = MERGES[0];
  const rows: RawRow[] = [];
  const outOfSample = OUT_OF_SAMPLE_ROWS.filter((o) => o.files.includes(spec.file)).map((o) => o.code);
  const codesInOrder = [...src.L.codes, laiwu.code, ...outOfSample].sort();
  for (const code of codesInOrder) {
    const c = src.index.get(code);
    for (let t = 0; t < src.L.nYears; t++) {
      const row =
        c !== undefined
          ? sampleCityRow(src, spec, code, c, t)
          : code === laiwu.code
            ? laiwuRow(src, spec, t)
            : outOfSampleRow(src, spec, code, t);
      if (row) rows.push(row);
    }
  }
  return rows;
}

/** A row as printed: code, name, year, the values, and the edition (the following year). */
function makeRow(code: string, name: string, year: number, values: string[], target: string | null, notes: DirtNote[]): RawRow {
  return { cells: [code, name, String(year), ...values, String(year + 1)], code, year, target, notes };
}

/** The rename in force for a code in a year: the one of the earliest period (思茅地区 until 2003 before 思茅市 until 2007). */
function renameAt(code: string, year: number): (typeof RENAMES)[number] | undefined {
  let rename: (typeof RENAMES)[number] | undefined;
  for (const r of RENAMES) if (r.newCode === code && year < r.until && (!rename || r.until < rename.until)) rename = r;
  return rename;
}

/** A sample city's row, possibly under an old code or name, and (Jinan before the merger) without Laiwu. */
function sampleCityRow(src: RowSource, spec: CityYearFile, code: string, c: number, t: number): RawRow {
  const { L } = src;
  const T = L.nYears;
  const year = L.firstYear + t;
  const laiwu = MERGES[0];
  let printedCode = code;
  let printedName = src.names.get(code) as string;
  const notes: DirtNote[] = [];
  const rename = renameAt(code, year);
  if (rename) {
    printedCode = rename.oldCode;
    printedName = rename.oldName;
    notes.push({ kind: "renamed", column: rename.oldCode === rename.newCode ? "city" : "code", detail: `${rename.oldCode} ${rename.oldName} → ${rename.newCode} ${rename.newName}` });
  }
  const splitLaiwu = code === laiwu.intoCode && year < laiwu.until;
  const values = spec.columns.map((col) => {
    const v = L.city[col.variable][c * T + t];
    if (!splitLaiwu || col.merge !== "sum") return fmt(v, col.decimals);
    return fmt(v - laiwuPart(v, col.decimals, src.share(col.variable, t)), col.decimals);
  });
  if (splitLaiwu) notes.push({ kind: "merged_unit", column: "", detail: `${code} printed without ${laiwu.code} ${laiwu.name}` });
  return makeRow(printedCode, printedName, year, values, code, notes);
}

/** Laiwu's own row before the merger: its share of the merged Jinan's additive values, rates unchanged. */
function laiwuRow(src: RowSource, spec: CityYearFile, t: number): RawRow | null {
  const { L } = src;
  const T = L.nYears;
  const year = L.firstYear + t;
  const laiwu = MERGES[0];
  if (year >= laiwu.until) return null;
  const j = src.index.get(laiwu.intoCode) as number;
  const values = spec.columns.map((col) => {
    const v = L.city[col.variable][j * T + t];
    if (col.merge !== "sum") return fmt(v, col.decimals);
    return fmt(laiwuPart(v, col.decimals, src.share(col.variable, t)), col.decimals);
  });
  return makeRow(laiwu.code, laiwu.name, year, values, laiwu.intoCode, [{ kind: "merged_unit", column: "", detail: `${laiwu.code} ${laiwu.name} → ${laiwu.intoCode} ${laiwu.intoName}` }]);
}

/** An out-of-sample unit's row while it is listed: its donor city's values, additive ones × 0.6. */
function outOfSampleRow(src: RowSource, spec: CityYearFile, code: string, t: number): RawRow | null {
  const { L } = src;
  const T = L.nYears;
  const year = L.firstYear + t;
  const o = OUT_OF_SAMPLE_ROWS.find((x) => x.code === code);
  if (!o || year > o.lastYear) return null;
  const d = src.index.get(o.donor);
  if (d === undefined) return null;
  const values = spec.columns.map((col) => fmt(L.city[col.variable][d * T + t] * (col.merge === "sum" ? 0.6 : 1), col.decimals));
  return makeRow(code, o.name, year, values, null, [{ kind: "out_of_sample", column: "code", detail: `${code} ${o.name} is not in the 287-city sample` }]);
}

/** Laiwu's part of a merged value, in whole units of the printed precision, so that the parts add back exactly. */
function laiwuPart(v: number, decimals: number, share: number): number {
  const f = Math.pow(10, decimals);
  return Math.round(v * f * share) / f;
}
