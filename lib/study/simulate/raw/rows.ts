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
import { CityVar } from "../../variables/levels";
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
  cells: string[];
  code: string;
  year: number;
  /** The registry code the row belongs to after harmonisation (null: out of sample). */
  target: string | null;
  notes: DirtNote[];
}

/** One planted irregularity, for the manifest (data/raw_dirt.csv). */
export interface DirtNote {
  kind: DirtKind;
  column: string;
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

/** Clean rows of every city-year file (renames, the Laiwu split and out-of-sample units included). */
export function baseRows(world: World, rng: Rng): Map<string, RawRow[]> {
  const L = world.levels;
  const T = L.nYears;
  const out = new Map<string, RawRow[]>();
  const index = new Map(L.codes.map((c, i) => [c, i]));
  const names = new Map(world.cities.map((c) => [String(c.code), c.name_zh]));
  const laiwu = MERGES[0];
  const rl = rng.fork("laiwu");
  const shares = new Map<string, number>();
  const share = (v: CityVar, t: number): number => {
    const key = `${v}:${t}`;
    let s = shares.get(key);
    if (s === undefined) {
      s = (LAIWU_SHARE[v] ?? 0.1) * Math.exp(0.03 * rl.normal());
      shares.set(key, s);
    }
    return s;
  };
  for (const spec of CITY_YEAR_FILES) {
    const rows: RawRow[] = [];
    const push = (code: string, name: string, year: number, values: string[], target: string | null, notes: DirtNote[]): void => {
      rows.push({ cells: [code, name, String(year), ...values, String(year + 1)], code, year, target, notes });
    };
    const codesInOrder = [...L.codes, laiwu.code, ...OUT_OF_SAMPLE_ROWS.filter((o) => o.files.includes(spec.file)).map((o) => o.code)].sort();
    for (const code of codesInOrder) {
      const c = index.get(code);
      for (let t = 0; t < T; t++) {
        const year = L.firstYear + t;
        if (c !== undefined) {
          // a sample city, possibly under an old code or name, possibly without Laiwu
          let printedCode = code;
          let printedName = names.get(code) as string;
          const notes: DirtNote[] = [];
          // the rename of the earliest period applies (思茅地区 until 2003 before 思茅市 until 2007)
          let rename: (typeof RENAMES)[number] | undefined;
          for (const r of RENAMES) if (r.newCode === code && year < r.until && (!rename || r.until < rename.until)) rename = r;
          if (rename) {
            printedCode = rename.oldCode;
            printedName = rename.oldName;
            notes.push({ kind: "renamed", column: rename.oldCode === rename.newCode ? "city" : "code", detail: `${rename.oldCode} ${rename.oldName} → ${rename.newCode} ${rename.newName}` });
          }
          const splitLaiwu = code === laiwu.intoCode && year < laiwu.until;
          const values = spec.columns.map((col) => {
            const v = L.city[col.variable][c * T + t];
            if (!splitLaiwu || col.merge !== "sum") return fmt(v, col.decimals);
            return fmt(v - laiwuPart(v, col.decimals, share(col.variable, t)), col.decimals);
          });
          if (splitLaiwu) notes.push({ kind: "merged_unit", column: "", detail: `${code} printed without ${laiwu.code} ${laiwu.name}` });
          push(printedCode, printedName, year, values, code, notes);
        } else if (code === laiwu.code) {
          if (year >= laiwu.until) continue;
          const j = index.get(laiwu.intoCode) as number;
          const values = spec.columns.map((col) => {
            const v = L.city[col.variable][j * T + t];
            if (col.merge !== "sum") return fmt(v, col.decimals);
            return fmt(laiwuPart(v, col.decimals, share(col.variable, t)), col.decimals);
          });
          push(code, laiwu.name, year, values, laiwu.intoCode, [{ kind: "merged_unit", column: "", detail: `${laiwu.code} ${laiwu.name} → ${laiwu.intoCode} ${laiwu.intoName}` }]);
        } else {
          const o = OUT_OF_SAMPLE_ROWS.find((x) => x.code === code);
          if (!o || year > o.lastYear) continue;
          const d = index.get(o.donor);
          if (d === undefined) continue;
          const values = spec.columns.map((col) => fmt(L.city[col.variable][d * T + t] * (col.merge === "sum" ? 0.6 : 1), col.decimals));
          push(code, o.name, year, values, null, [{ kind: "out_of_sample", column: "code", detail: `${code} ${o.name} is not in the 287-city sample` }]);
        }
      }
    }
    out.set(spec.file, rows);
  }
  return out;
}

/** Laiwu's part of a merged value, in whole units of the printed precision, so that the parts add back exactly. */
function laiwuPart(v: number, decimals: number, share: number): number {
  const f = Math.pow(10, decimals);
  return Math.round(v * f * share) / f;
}
