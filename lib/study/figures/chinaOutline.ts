/**
 * The committed outline of China that the city map draws (data/china_outline.json): province
 * rings, the coastline and land border, and the ten-dash line, simplified from the npm package
 * @esmjs/geo by scripts/make-china-outline.ts. Read from the JSON file at run time (no ESM import,
 * no network), validated once and cached.
 */
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { DataError } from "../../errors";

/** The default location of the outline file, relative to the project root. */
export const DEFAULT_CHINA_OUTLINE_PATH = "data/china_outline.json";

/** One provincial-level unit: its code, its name and its rings. */
export interface ProvinceOutline {
  /** The 6-digit administrative code (GB/T 2260), e.g. 110000 for Beijing. */
  adcode: number;
  /** The name as the data source spells it, in Chinese, e.g. "北京市". */
  name: string;
  /**
   * Its rings (outer boundaries, holes and islands), each a list of signed references to
   * {@link ChinaOutline.arcs} as in TopoJSON: k is arc k, ~k (= −k − 1) arc k reversed. {@link ringPath} joins them.
   */
  rings: number[][];
}

/** How the outline was simplified, and the command that makes it again. */
export interface OutlineSimplification {
  /** The algorithm and what it is applied to. */
  method: string;
  /** Douglas–Peucker tolerance, degrees of longitude/latitude. */
  epsilonDegrees: number;
  /** Decimals kept in each coordinate after simplification. */
  decimals: number;
  /** The command that regenerates the file from the devDependency. */
  generator: string;
}

/** The content of data/china_outline.json. */
export interface ChinaOutline {
  /** What the file holds and who uses it. */
  about: string;
  /** The package and the upstream data it comes from. */
  source: string;
  /** The licence of the data as the package states it. */
  license: string;
  /** The coordinate system and layout of the numbers. */
  coordinates: string;
  /** Which boundary convention the data follows. */
  convention: string;
  /** The simplification parameters. */
  simplification: OutlineSimplification;
  /** The simplified borders between junctions, each stored once, as flat paths [lon0, lat0, lon1, lat1, …]; one used by a single ring is coastline or land border ({@link arcUses}). */
  arcs: number[][];
  /** The 34 provincial-level units. */
  provinces: ProvinceOutline[];
  /** The ten dashes in the South China Sea (the package's feature 100000_JD), as flat closed rings. */
  tenDashLine: number[][];
}

/** Loaded outlines by resolved path. */
const cache = new Map<string, ChinaOutline>();

/**
 * Where the outline file is: `path` itself when it is absolute or exists from the working directory,
 * else the same relative path from the project root (three levels above lib/study/figures/).
 * @example resolveOutlinePath("data/china_outline.json") // "/…/data/china_outline.json" from a notebook folder
 */
function resolveOutlinePath(path: string): string {
  if (isAbsolute(path) || existsSync(path)) return path;
  const fromRoot = resolve(__dirname, "..", "..", "..", path);
  return existsSync(fromRoot) ? fromRoot : path;
}

/**
 * True for a flat coordinate array of at least two points of finite longitude/latitude.
 * @example isFlatPath([116.4, 39.9, 117.2, 39.1]) // true
 */
function isFlatPath(value: unknown): value is number[] {
  if (!Array.isArray(value) || value.length < 4 || value.length % 2 !== 0) return false;
  return value.every((v, k) => typeof v === "number" && Number.isFinite(v) && (k % 2 === 0 ? Math.abs(v) <= 180 : Math.abs(v) <= 90));
}

/**
 * Checks the parsed file's shape: the text fields, the simplification, the arcs and dashes as flat
 * paths, every province's code, name and rings of arc references.
 * @throws DataError naming the file and the first field that is wrong.
 * @example checkOutline(JSON.parse(text), "data/china_outline.json") // passes for the committed file
 */
function checkOutline(value: unknown, file: string): ChinaOutline {
  const fail = (what: string): never => {
    throw new DataError(`${file}: ${what}. Regenerate it with "node --import tsx scripts/make-china-outline.ts" (needs the devDependency @esmjs/geo) or restore it from git.`);
  };
  if (value === null || typeof value !== "object") fail("the file is not a JSON object");
  const o = value as Record<string, unknown>;
  for (const key of ["about", "source", "license", "coordinates", "convention"]) if (typeof o[key] !== "string") fail(`"${key}" is not a string`);
  const s = o.simplification as Record<string, unknown> | undefined;
  if (!s || typeof s.epsilonDegrees !== "number" || typeof s.decimals !== "number" || typeof s.method !== "string" || typeof s.generator !== "string") fail(`"simplification" lacks method, epsilonDegrees, decimals or generator`);
  for (const key of ["arcs", "tenDashLine"]) {
    if (!Array.isArray(o[key]) || (o[key] as unknown[]).length === 0 || !(o[key] as unknown[]).every(isFlatPath)) fail(`"${key}" is not a non-empty array of flat [lon, lat, …] paths`);
  }
  const arcs = (o.arcs as unknown[]).length;
  const isRef = (r: unknown): boolean => Number.isInteger(r) && (r as number) < arcs && (r as number) >= -arcs;
  if (!Array.isArray(o.provinces) || o.provinces.length === 0) fail(`"provinces" is not a non-empty array`);
  (o.provinces as unknown[]).forEach((p, k) => {
    const unit = p as Record<string, unknown>;
    if (typeof unit.adcode !== "number" || typeof unit.name !== "string") fail(`province ${k + 1} has no numeric adcode or no name`);
    const rings = unit.rings;
    if (!Array.isArray(rings) || rings.length === 0 || !rings.every((r) => Array.isArray(r) && r.length > 0 && r.every(isRef))) fail(`province ${String(unit.adcode)} has a ring that is not a list of arc references (k or ~k, |k| < ${arcs})`);
  });
  return value as ChinaOutline;
}

/**
 * The outline of China drawn by the city map: 34 provincial-level units (including Taiwan, Hong Kong
 * and Macau) as rings of shared arcs, and the ten-dash line, in longitude/latitude degrees
 * (GCJ-02, within 1 km of WGS-84). Data: Aliyun DataV.GeoAtlas via the npm package @esmjs/geo
 * (MIT), simplified by Douglas–Peucker (Douglas & Peucker 1973, "Algorithms for the reduction of the
 * number of points required to represent a digitized line or its caricature", Cartographica 10(2))
 * as the file's `simplification` records. Read once per path and cached.
 * @param path the JSON file (default data/china_outline.json, looked up from the working directory,
 *   then from the project root)
 * @throws DataError when the file is missing, is not JSON, or lacks a field the map needs.
 * @example loadChinaOutline().provinces.length // 34
 */
export function loadChinaOutline(path: string = DEFAULT_CHINA_OUTLINE_PATH): ChinaOutline {
  const file = resolveOutlinePath(path);
  const cached = cache.get(file);
  if (cached) return cached;
  if (!existsSync(file)) throw new DataError(`The outline of China "${path}" was not found (looked in the working directory and the project root). Restore data/china_outline.json from git, or regenerate it with "node --import tsx scripts/make-china-outline.ts".`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new DataError(`${file} is not valid JSON (${(e as Error).message}). Restore it from git or regenerate it with "node --import tsx scripts/make-china-outline.ts".`);
  }
  const outline = checkOutline(parsed, file);
  cache.set(file, outline);
  return outline;
}

/**
 * A ring as a flat closed path: its arcs joined end to start, reversed where the reference is ~k.
 * @example ringPath(outline, outline.provinces[0].rings[0]) // Beijing: [lon0, lat0, …, lon0, lat0]
 */
export function ringPath(outline: ChinaOutline, refs: number[]): number[] {
  const path: number[] = [];
  for (const r of refs) {
    const arc = r < 0 ? outline.arcs[~r] : outline.arcs[r];
    const points: number[] = [];
    for (let k = 0; k < arc.length; k += 2) points.push(arc[k], arc[k + 1]);
    if (r < 0) for (let i = 0, j = points.length - 2; i < j; i += 2, j -= 2) [points[i], points[i + 1], points[j], points[j + 1]] = [points[j], points[j + 1], points[i], points[i + 1]];
    path.push(...(path.length > 0 ? points.slice(2) : points));
  }
  return path;
}

/**
 * How many rings use each arc: 1 for coastline and land border, 2 for a border between two units.
 * @example arcUses(loadChinaOutline()).filter((n) => n === 1).length // the arcs of the coast and border
 */
export function arcUses(outline: ChinaOutline): number[] {
  const uses = new Array<number>(outline.arcs.length).fill(0);
  for (const p of outline.provinces) for (const ring of p.rings) for (const r of ring) uses[r < 0 ? ~r : r]++;
  return uses;
}
