/**
 * The city registry, data/cities.csv: one row per city of the study's 287, keyed by its 6-digit
 * GB/T 2260 code. How the file was built, and the source of every column, are in
 * data/registry/README.md and the `## cities.csv` section of data/CODEBOOK.md.
 *
 * The loader is strict: the header must be exactly {@link CITY_COLUMNS} in that order, and every
 * field is checked (code format, province prefix, flag values, flag consistency, coordinates in
 * range). A damaged or hand-edited file fails loudly, naming the file, line and column.
 */

import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { DataError } from "../errors";
import { readCsv } from "./csv";

export { isSouthEastOfHuLine, huLineDistanceDeg, HU_LINE_NORMAL } from "./huLine";

/** NBS four-region classification (东部, 中部, 西部, 东北). */
export type Region = "east" | "central" | "west" | "northeast";

/** Type of resource-based city in 国发〔2013〕45号 (成长型, 成熟型, 衰退型, 再生型). */
export type ResourceType = "growing" | "mature" | "declining" | "regenerating";

/** A 0/1 flag as stored in the file. */
export type Flag = 0 | 1;

/** One row of data/cities.csv. */
export interface City {
  /** 6-digit GB/T 2260 code (current code), e.g. "110000" for Beijing, "620100" for Lanzhou. */
  code: string;
  /** Chinese name as the yearbooks print it, e.g. "兰州市". */
  name_zh: string;
  /** Name in Hanyu Pinyin without tones, e.g. "Lanzhou". */
  name_pinyin: string;
  /** 2-digit province code, the first two digits of `code`. */
  province_code: string;
  /** Chinese name of the province, e.g. "甘肃省". */
  province_zh: string;
  /** English name of the province, e.g. "Gansu". */
  province_en: string;
  /** NBS four-region classification of the province. */
  region: Region;
  /** Seat of the city government, decimal degrees east (WGS-84). */
  lon: number;
  /** Seat of the city government, decimal degrees north (WGS-84). */
  lat: number;
  /** 1 for the four municipalities directly under the central government (Beijing, Tianjin, Shanghai, Chongqing). */
  municipality: Flag;
  /** 1 for a provincial capital. */
  provincial_capital: Flag;
  /** 1 for a city separately planned in the state plan (计划单列市: Dalian, Qingdao, Ningbo, Xiamen, Shenzhen). */
  separately_planned: Flag;
  /** 1 iff none of municipality, provincial_capital, separately_planned. */
  peripheral: Flag;
  /** 1 for a resource-based city in 国发〔2013〕45号. */
  resource_based: Flag;
  /** Empty string when the city is not resource-based. */
  resource_type: ResourceType | "";
  /** 1 iff the seat is south-east of (or on) the Hu Huanyong line; see huLine.ts. */
  hu_se: Flag;
  /** What the coordinate is based on. */
  coord_source: string;
}

/** The columns of data/cities.csv, in file order. */
export const CITY_COLUMNS = [
  "code",
  "name_zh",
  "name_pinyin",
  "province_code",
  "province_zh",
  "province_en",
  "region",
  "lon",
  "lat",
  "municipality",
  "provincial_capital",
  "separately_planned",
  "peripheral",
  "resource_based",
  "resource_type",
  "hu_se",
  "coord_source",
] as const;

/** The values of `region` ({@link Region}). */
const REGIONS: readonly string[] = ["east", "central", "west", "northeast"];
/** The values of a non-empty `resource_type` ({@link ResourceType}). */
const RESOURCE_TYPES: readonly string[] = ["growing", "mature", "declining", "regenerating"];
/** The 0/1 columns, in file order. */
const FLAG_COLUMNS = [
  "municipality",
  "provincial_capital",
  "separately_planned",
  "peripheral",
  "resource_based",
  "hu_se",
] as const;

/** The default location of the registry, relative to the project root. */
export const DEFAULT_REGISTRY_PATH = "data/cities.csv";

/**
 * Where the registry file is: `path` itself when it is absolute or exists from the working directory,
 * else the same relative path from the project root (two levels above lib/study/), else `path` as
 * given (so that the read error names what the caller passed).
 * @example resolveRegistryPath("data/cities.csv") // "data/cities.csv" when run from the project root
 */
function resolveRegistryPath(path: string): string {
  if (isAbsolute(path) || existsSync(path)) return path;
  // Fall back to the project root (two levels above lib/study/) so that a notebook or script started
  // in another folder still finds the committed file.
  const fromRoot = resolve(__dirname, "..", "..", path);
  return existsSync(fromRoot) ? fromRoot : path;
}

/**
 * Load and validate the city registry.
 *
 * A relative path is looked up from the working directory first, then from the project root.
 * @param path CSV file with the columns of {@link CITY_COLUMNS}, in that order.
 * @returns one {@link City} per row, in file order.
 * @throws DataError when the file is missing or malformed: wrong header, a code that is not 6 digits
 *   or appears twice, a province code that does not match the code, a flag other than 0/1,
 *   `peripheral` inconsistent with the other status flags, `resource_type` inconsistent with
 *   `resource_based`, an unknown region, or a coordinate that is not a number in range. The message
 *   names the file, line and column.
 * @example loadRegistry().length // 287
 */
export function loadRegistry(path: string = DEFAULT_REGISTRY_PATH): City[] {
  const file = resolveRegistryPath(path);
  const table = readCsv(file);
  checkRegistryHeader(file, table.header);
  const col = new Map<string, number>();
  table.header.forEach((name, k) => col.set(name, k));
  const seen = new Map<string, number>();
  return table.rows.map((row, r) => parseCityRow(rowReader(file, table.lines[r], row, col), seen));
}

/**
 * Check that the header is exactly {@link CITY_COLUMNS}, same names in the same order.
 * @throws DataError naming line 1 of the file, the header found and the one expected.
 * @example checkRegistryHeader("cities.csv", ["lat", "lon"]) // throws: header is "lat,lon"; expected exactly "code,…"
 */
function checkRegistryHeader(file: string, header: readonly string[]): void {
  const expected = CITY_COLUMNS.join(",");
  if (header.join(",") !== expected) {
    throw new DataError(
      `${file}, line 1: header is "${header.join(",")}"; expected exactly "${expected}" ` +
        `(same names, same order). Regenerate the file with scripts/build-registry.ts or restore it from git.`,
    );
  }
}

/** One record of the registry, read by column name. */
interface RowReader {
  /** The record's 1-based line in the file. */
  readonly line: number;
  /** The field of column `name`. */
  get(name: string): string;
  /** Where column `name` of this record is, for messages: `file, line L, column C ("name")`. */
  where(name: string): string;
}

/**
 * A {@link RowReader} over one record.
 * @param col column name → 0-based position in the header
 * @example rowReader("cities.csv", 2, row, col).where("lon") // 'cities.csv, line 2, column 8 ("lon")'
 */
function rowReader(file: string, line: number, row: readonly string[], col: ReadonlyMap<string, number>): RowReader {
  return {
    line,
    get: (name) => row[col.get(name) as number],
    where: (name) => `${file}, line ${line}, column ${(col.get(name) ?? 0) + 1} ("${name}")`,
  };
}

/**
 * Validate one record and type it as a {@link City}. The checks run in column order, so the first
 * problem of the record is the one reported.
 * @param seen code → line of the records read so far; this record's code is added
 * @throws DataError naming the file, line and column of the first invalid field.
 * @example parseCityRow(rowReader(file, 2, row, col), new Map()).code // "621000"
 */
function parseCityRow(row: RowReader, seen: Map<string, number>): City {
  const code = parseCode(row, seen);
  const provinceCode = row.get("province_code");
  if (provinceCode !== code.slice(0, 2)) {
    throw new DataError(`${row.where("province_code")}: "${provinceCode}" does not match the first two digits of code ${code}.`);
  }
  const region = row.get("region");
  if (!REGIONS.includes(region)) {
    throw new DataError(`${row.where("region")}: "${region}" is not one of ${REGIONS.join(", ")}.`);
  }
  const lon = parseDegrees(row, "lon", -180, 180);
  const lat = parseDegrees(row, "lat", -90, 90);
  const flags = parseFlags(row);
  const resourceType = parseResourceType(row, flags.resource_based);
  for (const name of ["name_zh", "name_pinyin", "province_zh", "province_en", "coord_source"] as const) {
    if (row.get(name).trim() === "") throw new DataError(`${row.where(name)}: empty; every city needs a value here.`);
  }
  return {
    code,
    name_zh: row.get("name_zh"),
    name_pinyin: row.get("name_pinyin"),
    province_code: provinceCode,
    province_zh: row.get("province_zh"),
    province_en: row.get("province_en"),
    region: region as Region,
    lon,
    lat,
    municipality: flags.municipality,
    provincial_capital: flags.provincial_capital,
    separately_planned: flags.separately_planned,
    peripheral: flags.peripheral,
    resource_based: flags.resource_based,
    resource_type: resourceType,
    hu_se: flags.hu_se,
    coord_source: row.get("coord_source"),
  };
}

/**
 * The record's code: six digits, not seen on an earlier line (it is then recorded in `seen`).
 * @throws DataError when the code is not six digits or repeats an earlier record's.
 * @example parseCode(rowReader(file, 3, row, col), new Map([["621000", 2]])) // throws: code 621000 already appears on line 2
 */
function parseCode(row: RowReader, seen: Map<string, number>): string {
  const code = row.get("code");
  if (!/^\d{6}$/.test(code)) {
    throw new DataError(`${row.where("code")}: "${code}" is not a 6-digit GB/T 2260 code; write it with all six digits, e.g. 110000.`);
  }
  const earlier = seen.get(code);
  if (earlier !== undefined) {
    throw new DataError(`${row.where("code")}: code ${code} already appears on line ${earlier}; each city must appear once.`);
  }
  seen.set(code, row.line);
  return code;
}

/**
 * A coordinate in decimal degrees, finite and within [lo, hi].
 * @throws DataError when the field is empty, not a number, or out of range.
 * @example parseDegrees(row, "lat", -90, 90) // 35.7346
 */
function parseDegrees(row: RowReader, name: "lon" | "lat", lo: number, hi: number): number {
  const text = row.get(name);
  const value = text.trim() === "" ? NaN : Number(text);
  if (!Number.isFinite(value) || value < lo || value > hi) {
    throw new DataError(`${row.where(name)}: "${text}" is not a number of decimal degrees in [${lo}, ${hi}].`);
  }
  return value;
}

/**
 * The six 0/1 flags of {@link FLAG_COLUMNS}, with `peripheral` checked against the status flags:
 * peripheral = 1 − max(municipality, provincial_capital, separately_planned).
 * @throws DataError when a flag is not "0" or "1", or peripheral disagrees with the status flags.
 * @example parseFlags(row).peripheral // 1 for Qingyang
 */
function parseFlags(row: RowReader): Record<(typeof FLAG_COLUMNS)[number], Flag> {
  const flags = {} as Record<(typeof FLAG_COLUMNS)[number], Flag>;
  for (const name of FLAG_COLUMNS) {
    const text = row.get(name);
    if (text !== "0" && text !== "1") {
      throw new DataError(`${row.where(name)}: "${text}" is not a 0/1 flag.`);
    }
    flags[name] = text === "1" ? 1 : 0;
  }
  const central = flags.municipality || flags.provincial_capital || flags.separately_planned ? 1 : 0;
  if (flags.peripheral !== 1 - central) {
    throw new DataError(
      `${row.where("peripheral")}: peripheral is ${flags.peripheral} but municipality/provincial_capital/separately_planned ` +
        `are ${flags.municipality}/${flags.provincial_capital}/${flags.separately_planned}; peripheral must be 1 exactly when all three are 0.`,
    );
  }
  return flags;
}

/**
 * The resource type: one of {@link ResourceType}, given exactly when `resourceBased` is 1, else empty.
 * @throws DataError when the type is unknown, or present/absent against the resource_based flag.
 * @example parseResourceType(row, 1) // "growing"
 */
function parseResourceType(row: RowReader, resourceBased: Flag): ResourceType | "" {
  const resourceType = row.get("resource_type");
  if (resourceType !== "" && !RESOURCE_TYPES.includes(resourceType)) {
    throw new DataError(`${row.where("resource_type")}: "${resourceType}" is not one of ${RESOURCE_TYPES.join(", ")} (or empty).`);
  }
  if ((resourceType !== "") !== (resourceBased === 1)) {
    throw new DataError(
      `${row.where("resource_type")}: resource_based is ${resourceBased} but resource_type is "${resourceType}"; ` +
        `a type is given exactly for resource-based cities.`,
    );
  }
  return resourceType as ResourceType | "";
}
