/**
 * Makes data/china_outline.json, the outline of China that the city map draws, from the npm
 * package @esmjs/geo (a devDependency: MIT, data from Aliyun DataV.GeoAtlas, GCJ-02 coordinates).
 *
 *   node --import tsx scripts/make-china-outline.ts            # writes data/china_outline.json
 *   node --import tsx scripts/make-china-outline.ts --out FILE # writes FILE (e.g. to compare)
 *
 * The package is ESM-only, so it is loaded with `await import()` here; the kit itself reads only the
 * committed JSON (lib/study/figures/chinaOutline.ts). The steps, all in `buildChinaOutline` (pure,
 * re-run by test/city-map.test.ts against the committed file):
 *  1. every province ring is cut into arcs at its junctions (vertices with other than two neighbours
 *     across all rings; zero-width spikes A, B, A in the source are removed first), so a border
 *     shared by two provinces is one arc, stored once — the idea of TopoJSON (Bostock 2013);
 *  2. each arc is simplified once by Douglas–Peucker (Douglas & Peucker 1973, Cartographica 10(2)
 *     112–122) with tolerance ε in degrees, its junction ends kept (a closed arc is split at its
 *     farthest point from its start), then rounded to `decimals`: neighbouring provinces keep
 *     exactly the same border, without slivers or gaps;
 *  3. arcs that collapsed to a point are dropped and arcs that became identical merged, as are the
 *     rings of small enclaves that collapsed onto the border around them; each ring is written as
 *     its list of arcs (k, or ~k reversed). An arc used by one ring only is coastline or land
 *     border, one used by two an internal border;
 *  4. the ten dashes (feature 100000_JD) are simplified ring by ring.
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { ChinaOutline } from "../lib/study/figures/chinaOutline";

/** A point: longitude, latitude in degrees. */
type Point = [number, number];

/** The part of a GeoJSON feature collection the generator reads. */
export interface GeoCollection {
  /** The features: one per provincial unit, and the ten-dash line. */
  features: {
    /** Polygon or MultiPolygon coordinates. */
    geometry: { type: string; coordinates: unknown };
    /** DataV properties: adcode, name, level. */
    properties: { adcode: number | string; name: string; level?: string };
  }[];
}

/** The generator's parameters. */
export interface OutlineParams {
  /** Douglas–Peucker tolerance in degrees. */
  epsilon: number;
  /** Decimals kept in each coordinate. */
  decimals: number;
}

/** The parameters of the committed file. */
export const OUTLINE_PARAMS: OutlineParams = { epsilon: 0.04, decimals: 2 };

/** The package version the committed file was made from. */
const SOURCE_VERSION = "1.0.0";

/** The rings of a Polygon or MultiPolygon, each without its closing point. */
function polygonRings(geometry: { type: string; coordinates: unknown }): Point[][] {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates as Point[][]] : (geometry.coordinates as Point[][][]);
  return polygons.flat().map((ring) => cleanRing(ring.map((p) => [p[0], p[1]] as Point)));
}

/** The points without consecutive duplicates; for a ring (`closed`) also without the closing point. */
function dedupe(points: Point[], closed: boolean): Point[] {
  const out: Point[] = [];
  for (const p of points) if (out.length === 0 || !same(out[out.length - 1], p)) out.push(p);
  if (closed) while (out.length > 1 && same(out[0], out[out.length - 1])) out.pop();
  return out;
}

/**
 * A ring (without closing point) without duplicates and without zero-width spikes A, B, A (the source
 * has a few, e.g. on the Hebei–Inner Mongolia border; left in, the two provinces' borders would not match).
 */
function cleanRing(points: Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    if (out.length > 0 && same(out[out.length - 1], p)) continue;
    if (out.length > 1 && same(out[out.length - 2], p)) {
      out.pop();
      continue;
    }
    out.push(p);
  }
  while (out.length > 1 && same(out[0], out[out.length - 1])) out.pop();
  while (out.length > 3 && same(out[1], out[out.length - 1])) {
    out.shift(); // …, X, B, A, B, … around the wrap: drop the tip A and one B
    out.pop();
  }
  return out;
}

function same(a: Point, b: Point): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

function key(p: Point): string {
  return `${p[0]},${p[1]}`;
}

/** Distance of p from the segment a–b, in degrees (planar). */
function segmentDistance(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

/** Douglas–Peucker on an open path: keeps both ends and every point farther than ε from the simplified line. */
export function douglasPeucker(points: Point[], epsilon: number): Point[] {
  if (points.length <= 2) return points.slice();
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [i, j] = stack.pop()!;
    let worst = -1;
    let far = 0;
    for (let k = i + 1; k < j; k++) {
      const d = segmentDistance(points[k], points[i], points[j]);
      if (d > far) [far, worst] = [d, k];
    }
    if (worst >= 0 && far > epsilon) {
      keep[worst] = 1;
      stack.push([i, worst], [worst, j]);
    }
  }
  return points.filter((_, k) => keep[k] === 1);
}

/** Douglas–Peucker on a closed path (first point = last): split at the point farthest from the start. */
function simplifyClosed(points: Point[], epsilon: number): Point[] {
  let far = 0;
  let split = 0;
  points.forEach((p, k) => {
    const d = Math.hypot(p[0] - points[0][0], p[1] - points[0][1]);
    if (d > far) [far, split] = [d, k];
  });
  if (split === 0) return [points[0], points[0]];
  const first = douglasPeucker(points.slice(0, split + 1), epsilon);
  return [...first, ...douglasPeucker(points.slice(split), epsilon).slice(1)];
}

/** Rounds every coordinate to `decimals` and drops the consecutive duplicates this makes. */
function roundPath(points: Point[], decimals: number): Point[] {
  const f = 10 ** decimals;
  return dedupe(points.map((p) => [Math.round(p[0] * f) / f, Math.round(p[1] * f) / f] as Point), false);
}

/** An arc of the topology: its points in canonical order, and whether it is a whole ring (no junction on it). */
interface Arc {
  points: Point[];
  closed: boolean;
}

/** A ring as a sequence of arcs of the topology, each possibly reversed. */
type ArcRing = { arc: number; reversed: boolean }[];

/** The vertices with other than two distinct neighbours over all rings. */
function junctions(rings: Point[][]): Set<string> {
  const neighbours = new Map<string, Set<string>>();
  const link = (a: Point, b: Point): void => {
    const ka = key(a);
    if (!neighbours.has(ka)) neighbours.set(ka, new Set());
    neighbours.get(ka)!.add(key(b));
  };
  for (const ring of rings) {
    ring.forEach((p, k) => {
      const q = ring[(k + 1) % ring.length];
      link(p, q);
      link(q, p);
    });
  }
  return new Set([...neighbours].filter(([, n]) => n.size !== 2).map(([k]) => k));
}

/** Cuts a ring (without closing point) into paths that start and end at junctions; a ring without one is one closed path. */
function cutRing(ring: Point[], isJunction: Set<string>): { points: Point[]; closed: boolean }[] {
  const first = ring.findIndex((p) => isJunction.has(key(p)));
  if (first < 0) return [{ points: [...ring, ring[0]], closed: true }];
  const rotated = [...ring.slice(first), ...ring.slice(0, first), ring[first]];
  const paths: { points: Point[]; closed: boolean }[] = [];
  let current: Point[] = [rotated[0]];
  for (let k = 1; k < rotated.length; k++) {
    current.push(rotated[k]);
    if (isJunction.has(key(rotated[k]))) {
      paths.push({ points: current, closed: false });
      current = [rotated[k]];
    }
  }
  return paths;
}

/** The canonical form of a path (the same for it and its reverse; a closed path also starts at its smallest vertex). */
function canonical(path: { points: Point[]; closed: boolean }): { id: string; points: Point[]; reversed: boolean } {
  let forward = path.points;
  if (path.closed) {
    const open = forward.slice(0, -1);
    const keys = open.map(key);
    const start = keys.indexOf([...keys].sort()[0]);
    forward = [...open.slice(start), ...open.slice(0, start), open[start]];
  }
  const backward = forward.slice().reverse();
  const f = forward.map(key).join(";");
  const b = backward.map(key).join(";");
  return f <= b ? { id: f, points: forward, reversed: false } : { id: b, points: backward, reversed: true };
}

/** Splits all rings into shared arcs: the arcs, and each ring as a list of arc references. */
function buildTopology(rings: Point[][]): { arcs: Arc[]; arcRings: ArcRing[] } {
  const isJunction = junctions(rings);
  const arcs: Arc[] = [];
  const index = new Map<string, number>();
  const arcRings = rings.map((ring) =>
    cutRing(ring, isJunction).map((path) => {
      const c = canonical(path);
      let k = index.get(c.id);
      if (k === undefined) {
        k = arcs.push({ points: c.points, closed: path.closed }) - 1;
        index.set(c.id, k);
      }
      return { arc: k, reversed: c.reversed };
    }),
  );
  return { arcs, arcRings };
}

/** A signed arc reference as in TopoJSON: k for arc k, ~k (= −k − 1) for arc k reversed. */
function signed(arc: number, reversed: boolean): number {
  return reversed ? ~arc : arc;
}

/**
 * The simplified arcs, each once: arcs that collapsed to one point are dropped, arcs that became
 * identical (or reverses of each other) merged. Returns the kept arcs and, for each input arc, its
 * signed reference among them (undefined when dropped).
 */
function mergeArcs(simplified: Point[][], closed: boolean[]): { arcs: Point[][]; ref: (number | undefined)[] } {
  const arcs: Point[][] = [];
  const index = new Map<string, number>();
  const ref = simplified.map((points, k) => {
    if (dedupe(points, closed[k]).length < 2) return undefined;
    const c = canonical({ points, closed: closed[k] });
    let n = index.get(c.id);
    if (n === undefined) {
      n = arcs.push(c.points) - 1;
      index.set(c.id, n);
    }
    return signed(n, c.reversed);
  });
  return { arcs, ref };
}

/** The points of a ring given as signed arc references, closed (consecutive arcs share their end point). */
function ringPoints(refs: number[], arcs: Point[][]): Point[] {
  const points: Point[] = [];
  for (const r of refs) {
    const path = r < 0 ? arcs[~r].slice().reverse() : arcs[r];
    points.push(...(points.length > 0 ? path.slice(1) : path));
  }
  return points;
}

/** The province rings as signed references to the kept arcs; rings that collapsed to fewer than two distinct points are dropped. */
function ringRefs(arcRings: ArcRing[], ref: (number | undefined)[], arcs: Point[][]): number[][] {
  return arcRings
    .map((ring) => ring.flatMap(({ arc, reversed }) => (ref[arc] === undefined ? [] : [reversed ? ~ref[arc]! : ref[arc]!])))
    .map((refs) => (refs.length > 0 && dedupe(ringPoints(refs, arcs), true).length >= 2 ? refs : []));
}

/**
 * Drops the rings that collapsed to a line (fewer than three distinct points) onto arcs that other
 * rings use as well: small enclaves whose outline became a piece of the border around them (their
 * arcs would otherwise count as used three or four times). Collapsed islands stay, as specks.
 */
function dropCollapsedEnclaves(units: number[][][], arcs: Point[][]): number[][][] {
  const uses = new Map<number, number>();
  const count = (ring: number[], by: number): void => ring.forEach((r) => uses.set(r < 0 ? ~r : r, (uses.get(r < 0 ? ~r : r) ?? 0) + by));
  units.flat().forEach((ring) => count(ring, 1));
  return units.map((rings) =>
    rings.filter((ring) => {
      if (dedupe(ringPoints(ring, arcs), true).length >= 3) return true;
      const own = new Map<number, number>();
      ring.forEach((r) => own.set(r < 0 ? ~r : r, (own.get(r < 0 ? ~r : r) ?? 0) + 1));
      if (![...own].every(([a, n]) => uses.get(a)! > n)) return true;
      count(ring, -1);
      return false;
    }),
  );
}

/** Drops the arcs no ring uses and renumbers the references. */
function compact(arcs: Point[][], rings: number[][][]): { arcs: Point[][]; rings: number[][][] } {
  const used = new Set(rings.flat(2).map((r) => (r < 0 ? ~r : r)));
  const renumber = new Map([...used].sort((x, y) => x - y).map((old, k) => [old, k]));
  return {
    arcs: arcs.filter((_, k) => used.has(k)),
    rings: rings.map((unit) => unit.map((ring) => ring.map((r) => (r < 0 ? ~renumber.get(~r)! : renumber.get(r)!)))),
  };
}

/** [[lon, lat], …] as [lon0, lat0, lon1, lat1, …]. */
function flat(points: Point[]): number[] {
  return points.flatMap((p) => [p[0], p[1]]);
}

/**
 * The outline file's content from the package's feature collection (pure: no files, no network).
 * @example buildChinaOutline((await import("@esmjs/geo")).china).provinces.length // 34
 */
export function buildChinaOutline(collection: GeoCollection, params: OutlineParams = OUTLINE_PARAMS): ChinaOutline {
  const units = collection.features.filter((f) => f.properties.level === "province");
  const dashes = collection.features.find((f) => f.properties.adcode === "100000_JD");
  if (units.length !== 34 || !dashes) throw new Error(`expected 34 provincial units and the feature 100000_JD, got ${units.length} units${dashes ? "" : " and no 100000_JD"}`);
  const unitRings = units.map((f) => polygonRings(f.geometry).filter((r) => r.length >= 3));
  const topology = buildTopology(unitRings.flat());
  const simplified = topology.arcs.map((a) => roundPath(a.closed ? simplifyClosed(a.points, params.epsilon) : douglasPeucker(a.points, params.epsilon), params.decimals));
  const merged = mergeArcs(simplified, topology.arcs.map((a) => a.closed));
  const allRings = ringRefs(topology.arcRings, merged.ref, merged.arcs);
  let next = 0;
  const byUnit = unitRings.map((rings) => rings.map(() => allRings[next++]).filter((r) => r.length > 0));
  const { arcs, rings } = compact(merged.arcs, dropCollapsedEnclaves(byUnit, merged.arcs));
  const provinces = units.map((f, u) => ({ adcode: Number(f.properties.adcode), name: f.properties.name, rings: rings[u] }));
  const tenDashLine = polygonRings(dashes.geometry).map((r) => flat(roundPath(simplifyClosed([...r, r[0]], params.epsilon), params.decimals)));
  return { ...metadata(params), arcs: arcs.map(flat), provinces, tenDashLine };
}

/** The file's descriptive fields: source, licence, coordinates, convention, simplification. */
function metadata(params: OutlineParams): Omit<ChinaOutline, "arcs" | "provinces" | "tenDashLine"> {
  return {
    about: "Outlines of China's 34 provincial-level units as shared arcs (as in TopoJSON: each border stored once; a ring lists its arcs, ~k = arc k reversed; an arc used by one ring only is coastline or land border), and the ten-dash line in the South China Sea, simplified for the kit's city map (lib/study/figures/cityMap.ts).",
    source: `npm package @esmjs/geo ${SOURCE_VERSION} (https://github.com/esmjs/geo), export "china"; its data are Aliyun DataV.GeoAtlas boundaries (http://datav.aliyun.com/portal/school/atlas/area_selector), as the package's FAQ states and the DataV properties (adcode, acroutes, childrenNum) show.`,
    license: "MIT, Copyright (c) 2023-present esmjs (the package's LICENSE).",
    coordinates: "Longitude and latitude in decimal degrees, GCJ-02 as served by DataV (it differs from WGS-84 by less than 1 km, under a pixel at this map's scale); each arc and dash is a flat array [lon0, lat0, lon1, lat1, …]; rings and dashes are closed (last point = first).",
    convention: "As the data package draws it, following the standard map of the People's Republic of China: 34 provincial-level units including Taiwan, Hong Kong and Macau, and the ten-dash line in the South China Sea (feature 100000_JD). Sources that draw de facto boundaries (e.g. Natural Earth) differ.",
    simplification: {
      method: "Province rings cut into shared arcs at junctions (vertices with other than two neighbours); each arc simplified once by Douglas–Peucker (closed arcs split at the point farthest from their start), then rounded; arcs that collapsed to a point dropped, arcs that became identical merged. The ten dashes simplified ring by ring.",
      epsilonDegrees: params.epsilon,
      decimals: params.decimals,
      generator: "node --import tsx scripts/make-china-outline.ts",
    },
  };
}

/** The file's text: descriptive fields, then one arc, province or dash per line (a diff shows what moved). */
export function outlineJson(outline: ChinaOutline): string {
  const head = Object.entries(outline)
    .filter(([k]) => !["arcs", "provinces", "tenDashLine"].includes(k))
    .map(([k, v]) => ` ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  const lines = (list: unknown[]): string => list.map((p) => `  ${JSON.stringify(p)}`).join(",\n");
  return ["{", ...head, ` "arcs": [\n${lines(outline.arcs)}\n ],`, ` "provinces": [\n${lines(outline.provinces)}\n ],`, ` "tenDashLine": [\n${lines(outline.tenDashLine)}\n ]`, "}", ""].join("\n");
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const k = args.indexOf("--out");
  const out = k >= 0 ? resolve(args[k + 1]) : resolve(__dirname, "..", "data", "china_outline.json");
  const { china } = (await import("@esmjs/geo")) as unknown as { china: GeoCollection };
  const outline = buildChinaOutline(china);
  const text = outlineJson(outline);
  writeFileSync(out, text);
  const points = outline.arcs.reduce((s, a) => s + a.length / 2, 0);
  const rings = outline.provinces.reduce((s, p) => s + p.rings.length, 0);
  console.log(`Wrote ${out}: ${(Buffer.byteLength(text) / 1024).toFixed(1)} KB; ${outline.provinces.length} units, ${rings} rings, ${outline.arcs.length} arcs (${points} points), ${outline.tenDashLine.length} dashes.`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });
}
