/**
 * Renders a simulated world as the raw yearbook-style files of data/raw/ (rawSchema.ts), with dirt planted
 * (rows.ts, dirt.ts), and the manifest of every planted item (data/raw_dirt.csv). Pure: returns file
 * texts; scripts/build-data.ts writes them.
 */
import { formatCsv } from "../../csv";
import { MERGES } from "../../crosswalk";
import {
  ALL_INDUSTRIES,
  CITY_YEAR_FILES,
  DEFLATOR_FILE,
  EXCHANGE_RATE_FILE,
  INDUSTRY_EMPLOYMENT_FILE,
  ROBOT_STOCKS_FILE,
  US_EMPLOYMENT_FILE,
} from "../../rawSchema";
import { Rng } from "../../../random/rng";
import { INDUSTRIES } from "../industries";
import { World } from "../world";
import { plantDirt } from "./dirt";
import { baseRows, fmt, headerOf, LAIWU_SHARE } from "./rows";

/** The manifest's columns. */
export const MANIFEST_COLUMNS = ["file", "line", "code", "year", "column", "kind", "detail"] as const;

/** File name → CSV text, plus the manifest as CSV text. */
export interface RawOutput {
  /** File name under data/raw/ → CSV text. */
  files: Map<string, string>;
  /** data/raw_dirt.csv's text. */
  manifest: string;
}

/** Renders every raw file of the world. */
export function renderRaw(world: World): RawOutput {
  const rng = new Rng(world.seed).fork("raw");
  const rows = baseRows(world, rng);
  const removed = plantDirt(rows, rng);
  const files = new Map<string, string>();
  const manifest: string[][] = [];
  for (const spec of CITY_YEAR_FILES) {
    const list = rows.get(spec.file) ?? [];
    files.set(spec.file, formatCsv(headerOf(spec), list.map((r) => r.cells)));
    list.forEach((r, k) => {
      for (const n of r.notes) manifest.push([spec.file, String(k + 2), r.code, String(r.year), n.column, n.kind, n.detail]);
    });
    for (const r of removed.get(spec.file) ?? []) {
      for (const n of r.notes) manifest.push([spec.file, "", r.code, String(r.year), n.column, n.kind, n.detail]);
    }
  }
  // base-year employment by industry, Laiwu split off Jinan
  const L = world.levels;
  const J = L.industries.length;
  const laiwu = MERGES[0];
  const names = new Map(world.cities.map((c) => [String(c.code), c.name_zh]));
  const ind: string[][] = [];
  const share = LAIWU_SHARE.emp ?? 0.1;
  const codes = [...L.codes, laiwu.code].sort();
  for (const code of codes) {
    const isLaiwu = code === laiwu.code;
    const c = L.codes.indexOf(isLaiwu ? laiwu.intoCode : code);
    const emit = (indCode: string, indName: string, v: number): void => {
      const part = Math.round(v * share);
      const printed = isLaiwu ? part : code === laiwu.intoCode ? v - part : v;
      const row = [code, isLaiwu ? laiwu.name : (names.get(code) as string), indCode, indName, fmt(printed, 0)];
      ind.push(row);
    };
    for (let j = 0; j < J; j++) emit(L.industries[j], INDUSTRIES[j].name, L.baseEmp[c * J + j]);
    emit(ALL_INDUSTRIES, "all_urban_units", L.baseEmpTotal[c]);
  }
  files.set(INDUSTRY_EMPLOYMENT_FILE.file, formatCsv(INDUSTRY_EMPLOYMENT_FILE.columns, ind));
  ind.forEach((row, k) => {
    if (row[0] === laiwu.code) manifest.push([INDUSTRY_EMPLOYMENT_FILE.file, String(k + 2), row[0], "2006", "", "merged_unit", `${laiwu.code} ${laiwu.name} → ${laiwu.intoCode} ${laiwu.intoName}`]);
    if (row[0] === laiwu.intoCode) manifest.push([INDUSTRY_EMPLOYMENT_FILE.file, String(k + 2), row[0], "2006", "", "merged_unit", `${laiwu.intoCode} printed without ${laiwu.code} ${laiwu.name}`]);
  });
  // national robot stocks
  const stocks: string[][] = [];
  for (const [country, arr] of [["CN", L.cnStock], ["US", L.usStock]] as const) {
    for (let j = 0; j < J; j++) {
      for (let t = 0; t < L.nYears; t++) stocks.push([country, L.industries[j], INDUSTRIES[j].name, String(L.firstYear + t), fmt(arr[j * L.nYears + t], 0)]);
    }
  }
  files.set(ROBOT_STOCKS_FILE.file, formatCsv(ROBOT_STOCKS_FILE.columns, stocks));
  files.set(
    US_EMPLOYMENT_FILE.file,
    formatCsv(US_EMPLOYMENT_FILE.columns, INDUSTRIES.map((d, j) => [d.code, d.name, fmt(L.usBaseEmp[j], 0)])),
  );
  const years = Array.from({ length: L.nYears }, (_, t) => L.firstYear + t);
  files.set(DEFLATOR_FILE.file, formatCsv(DEFLATOR_FILE.columns, years.map((y, t) => [String(y), fmt(L.deflator[t], 2)])));
  files.set(EXCHANGE_RATE_FILE.file, formatCsv(EXCHANGE_RATE_FILE.columns, years.map((y, t) => [String(y), fmt(L.xr[t], 4)])));
  return { files, manifest: formatCsv(MANIFEST_COLUMNS, manifest) };
}
