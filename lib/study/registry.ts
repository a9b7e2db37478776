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
  name_zh: string;
  name_pinyin: string;
  /** 2-digit province code, the first two digits of `code`. */
  province_code: string;
  province_zh: string;
  province_en: string;
  region: Region;
  /** Seat of the city government, decimal degrees (WGS-84). */
  lon: number;
  lat: number;
  municipality: Flag;
  provincial_capital: Flag;
  separately_planned: Flag;
  /** 1 iff none of municipality, provincial_capital, separately_planned. */
  peripheral: Flag;
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

const REGIONS: readonly string[] = ["east", "central", "west", "northeast"];
const RESOURCE_TYPES: readonly string[] = ["growing", "mature", "declining", "regenerating"];
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
  const expected = CITY_COLUMNS.join(",");
  if (table.header.join(",") !== expected) {
    throw new DataError(
      `${file}, line 1: header is "${table.header.join(",")}"; expected exactly "${expected}" ` +
        `(same names, same order). Regenerate the file with scripts/build-registry.ts or restore it from git.`,
    );
  }
  const col = new Map<string, number>();
  table.header.forEach((name, k) => col.set(name, k));

  const seen = new Map<string, number>();
  return table.rows.map((row, r) => {
    const line = table.lines[r];
    const where = (name: string): string => `${file}, line ${line}, column ${(col.get(name) ?? 0) + 1} ("${name}")`;
    const get = (name: string): string => row[col.get(name) as number];

    const code = get("code");
    if (!/^\d{6}$/.test(code)) {
      throw new DataError(`${where("code")}: "${code}" is not a 6-digit GB/T 2260 code; write it with all six digits, e.g. 110000.`);
    }
    const earlier = seen.get(code);
    if (earlier !== undefined) {
      throw new DataError(`${where("code")}: code ${code} already appears on line ${earlier}; each city must appear once.`);
    }
    seen.set(code, line);

    const provinceCode = get("province_code");
    if (provinceCode !== code.slice(0, 2)) {
      throw new DataError(`${where("province_code")}: "${provinceCode}" does not match the first two digits of code ${code}.`);
    }

    const region = get("region");
    if (!REGIONS.includes(region)) {
      throw new DataError(`${where("region")}: "${region}" is not one of ${REGIONS.join(", ")}.`);
    }

    const number = (name: "lon" | "lat", lo: number, hi: number): number => {
      const text = get(name);
      const value = text.trim() === "" ? NaN : Number(text);
      if (!Number.isFinite(value) || value < lo || value > hi) {
        throw new DataError(`${where(name)}: "${text}" is not a number of decimal degrees in [${lo}, ${hi}].`);
      }
      return value;
    };
    const lon = number("lon", -180, 180);
    const lat = number("lat", -90, 90);

    const flags = {} as Record<(typeof FLAG_COLUMNS)[number], Flag>;
    for (const name of FLAG_COLUMNS) {
      const text = get(name);
      if (text !== "0" && text !== "1") {
        throw new DataError(`${where(name)}: "${text}" is not a 0/1 flag.`);
      }
      flags[name] = text === "1" ? 1 : 0;
    }
    const central = flags.municipality || flags.provincial_capital || flags.separately_planned ? 1 : 0;
    if (flags.peripheral !== 1 - central) {
      throw new DataError(
        `${where("peripheral")}: peripheral is ${flags.peripheral} but municipality/provincial_capital/separately_planned ` +
          `are ${flags.municipality}/${flags.provincial_capital}/${flags.separately_planned}; peripheral must be 1 exactly when all three are 0.`,
      );
    }

    const resourceType = get("resource_type");
    if (resourceType !== "" && !RESOURCE_TYPES.includes(resourceType)) {
      throw new DataError(`${where("resource_type")}: "${resourceType}" is not one of ${RESOURCE_TYPES.join(", ")} (or empty).`);
    }
    if ((resourceType !== "") !== (flags.resource_based === 1)) {
      throw new DataError(
        `${where("resource_type")}: resource_based is ${flags.resource_based} but resource_type is "${resourceType}"; ` +
          `a type is given exactly for resource-based cities.`,
      );
    }

    for (const name of ["name_zh", "name_pinyin", "province_zh", "province_en", "coord_source"] as const) {
      if (get(name).trim() === "") throw new DataError(`${where(name)}: empty; every city needs a value here.`);
    }

    return {
      code,
      name_zh: get("name_zh"),
      name_pinyin: get("name_pinyin"),
      province_code: provinceCode,
      province_zh: get("province_zh"),
      province_en: get("province_en"),
      region: region as Region,
      lon,
      lat,
      municipality: flags.municipality,
      provincial_capital: flags.provincial_capital,
      separately_planned: flags.separately_planned,
      peripheral: flags.peripheral,
      resource_based: flags.resource_based,
      resource_type: resourceType as ResourceType | "",
      hu_se: flags.hu_se,
      coord_source: get("coord_source"),
    };
  });
}
