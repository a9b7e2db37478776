/**
 * The city registry (data/cities.csv), its loader, the CSV reader under it, and the Hu-line rule.
 *
 * Reference facts, and where they come from:
 * - Prefecture-level cities per province at end-2013: the Ministry of Civil Affairs' 2013 statistics of
 *   administrative divisions (286 prefecture-level cities + 4 municipalities); the study drops Lhasa,
 *   Sansha and Laiwu (design §6, data/registry/README.md).
 * - Resource-based cities: 国发〔2013〕45号, annex "全国资源型城市名单" and its classification
 *   (prefecture-level units: 20 growing, 66 mature, 24 declining, 16 regenerating).
 * - Hu-line orientation checks: design §5. The coordinates are those of data/cities.csv (AutoNavi city
 *   seats converted to WGS-84); Lhasa's, outside the sample, is converted from the same source.
 */

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { DataError } from "../lib/errors";
import { parseCsv, formatCsv } from "../lib/study/csv";
import {
  HU_LINE_HEIHE,
  HU_LINE_NORMAL,
  HU_LINE_TENGCHONG,
  huLineDistanceDeg,
  isSouthEastOfHuLine,
} from "../lib/study/huLine";
import { CITY_COLUMNS, loadRegistry, type City } from "../lib/study/registry";
import { tempDir } from "./helpers/tempDir";

const cities: City[] = loadRegistry("data/cities.csv");
const byCode = new Map(cities.map((c) => [c.code, c]));

// ------------------------------------------------------------------ membership

test("the registry has 287 cities with unique 6-digit codes", () => {
  assert.equal(cities.length, 287);
  assert.equal(new Set(cities.map((c) => c.code)).size, 287);
  for (const c of cities) assert.match(c.code, /^\d{6}$/);
});

test("the file's header is the documented column list, code first", () => {
  const firstLine = readFileSync("data/cities.csv", "utf8").split("\n")[0];
  assert.equal(firstLine, CITY_COLUMNS.join(","));
  assert.equal(CITY_COLUMNS[0], "code");
});

test("each province contributes its end-2013 prefecture-level cities, less the three exclusions", () => {
  // MCA end-2013 counts of prefecture-level cities (地级市); municipalities count 1.
  const end2013: Record<string, number> = {
    "11": 1, "12": 1, "31": 1, "50": 1,
    "13": 11, "14": 11, "15": 9, "21": 14, "22": 8, "23": 12, "32": 13, "33": 11, "34": 16, "35": 9,
    "36": 11, "37": 17, "41": 17, "42": 12, "43": 13, "44": 21, "45": 14, "46": 3, "51": 18, "52": 6,
    "53": 8, "54": 1, "61": 10, "62": 12, "63": 2, "64": 5, "65": 2,
  };
  const dropped: Record<string, number> = { "54": 1 /* Lhasa */, "46": 1 /* Sansha */, "37": 1 /* Laiwu */ };
  const total = Object.values(end2013).reduce((a, b) => a + b, 0);
  assert.equal(total, 290, "286 prefecture-level cities + 4 municipalities");
  const counts: Record<string, number> = {};
  for (const c of cities) counts[c.province_code] = (counts[c.province_code] ?? 0) + 1;
  for (const [p, n] of Object.entries(end2013)) {
    assert.equal(counts[p] ?? 0, n - (dropped[p] ?? 0), `province ${p}`);
  }
});

test("Laiwu, Lhasa, Sansha and Chaohu are not in the registry", () => {
  for (const code of ["371200", "540100", "460300", "341400"]) assert.equal(byCode.has(code), false, code);
});

test("cities created after 2013 are not in the registry", () => {
  // Shigatse, Chamdo, Nyingchi, Shannan, Nagqu, Turpan, Hami, Danzhou
  for (const code of ["540200", "540300", "540400", "540500", "540600", "650400", "650500", "460400"]) {
    assert.equal(byCode.has(code), false, code);
  }
  assert.equal(cities.filter((c) => c.province_code === "54").length, 0, "no Tibetan city remains");
});

test("Bijie, Tongren and Haidong are in under their current codes", () => {
  assert.equal(byCode.get("520500")?.name_zh, "毕节市");
  assert.equal(byCode.get("520600")?.name_zh, "铜仁市");
  assert.equal(byCode.get("630200")?.name_zh, "海东市");
  for (const old of ["522400", "522200", "632100"]) assert.equal(byCode.has(old), false, `old prefecture code ${old}`);
});

test("names and province fields are filled and consistent", () => {
  assert.equal(byCode.get("230100")?.name_pinyin, "Harbin");
  assert.equal(byCode.get("150600")?.name_pinyin, "Ordos");
  assert.equal(byCode.get("650100")?.name_pinyin, "Urumqi");
  assert.equal(byCode.get("230200")?.name_pinyin, "Qiqihar");
  assert.equal(byCode.get("610100")?.name_pinyin, "Xi'an");
  for (const c of cities) {
    assert.equal(c.province_code, c.code.slice(0, 2));
    assert.match(c.name_zh, /市$/, c.code);
  }
  const regionOf: Record<string, string> = { "11": "east", "14": "central", "15": "west", "21": "northeast", "45": "west", "46": "east" };
  for (const c of cities) if (regionOf[c.province_code]) assert.equal(c.region, regionOf[c.province_code], c.code);
});

// ------------------------------------------------------------------ status flags

test("exactly the four municipalities are flagged as municipalities", () => {
  const got = cities.filter((c) => c.municipality === 1).map((c) => c.code).sort();
  assert.deepEqual(got, ["110000", "120000", "310000", "500000"]);
});

test("the 26 provincial capitals in the sample are flagged (all but Lhasa)", () => {
  const expected = [
    "130100", "140100", "150100", "210100", "220100", "230100", "320100", "330100", "340100", "350100",
    "360100", "370100", "410100", "420100", "430100", "440100", "450100", "460100", "510100", "520100",
    "530100", "610100", "620100", "630100", "640100", "650100",
  ];
  const got = cities.filter((c) => c.provincial_capital === 1).map((c) => c.code).sort();
  assert.deepEqual(got, expected);
});

test("the five separately planned cities are flagged", () => {
  const got = cities.filter((c) => c.separately_planned === 1).map((c) => c.name_pinyin).sort();
  assert.deepEqual(got, ["Dalian", "Ningbo", "Qingdao", "Shenzhen", "Xiamen"]);
});

test("peripheral is 1 exactly when a city is none of municipality, capital, separately planned", () => {
  for (const c of cities) {
    const central = c.municipality + c.provincial_capital + c.separately_planned;
    assert.ok(central <= 1, `${c.code} has more than one status`);
    assert.equal(c.peripheral, central === 0 ? 1 : 0, c.code);
  }
  assert.equal(cities.filter((c) => c.peripheral === 1).length, 287 - 4 - 26 - 5);
});

test("resource-based cities are the prefecture-level cities of the 2013 plan, by type", () => {
  // Plan totals 20/66/24/16 less entries outside the sample: prefectures, leagues and autonomous
  // prefectures (黔南, 黔西南, 楚雄, 海西, 阿勒泰 growing; 延边, 凉山, 巴音郭楞 mature; 大兴安岭 declining;
  // 阿坝 regenerating) and Laiwu (mature).
  const counts: Record<string, number> = {};
  for (const c of cities) if (c.resource_based === 1) counts[c.resource_type] = (counts[c.resource_type] ?? 0) + 1;
  assert.deepEqual(counts, { growing: 15, mature: 62, declining: 23, regenerating: 15 });
  const typeOf = (code: string): string => byCode.get(code)?.resource_type ?? "missing";
  assert.equal(typeOf("230600"), "mature"); // Daqing
  assert.equal(typeOf("230700"), "declining"); // Yichun (Heilongjiang)
  assert.equal(typeOf("150600"), "growing"); // Ordos
  assert.equal(typeOf("130200"), "regenerating"); // Tangshan
  assert.equal(typeOf("630100"), ""); // Xining is not on the list
  assert.equal(typeOf("360900"), "mature"); // Yichun (Jiangxi) — same pinyin, different city
});

// ------------------------------------------------------------------ coordinates

test("every seat lies inside its province's bounding box", () => {
  const boxes = JSON.parse(readFileSync("data/registry/province_bbox.json", "utf8")) as {
    provinces: Record<string, { min_lon: number; min_lat: number; max_lon: number; max_lat: number }>;
  };
  const tol = 0.01; // the boxes are in GCJ-02, the seats in WGS-84: they differ by < 0.01 degree
  for (const c of cities) {
    const b = boxes.provinces[c.province_code];
    assert.ok(b, `no box for province ${c.province_code}`);
    assert.ok(c.lon >= b.min_lon - tol && c.lon <= b.max_lon + tol, `${c.code} ${c.name_zh} lon ${c.lon}`);
    assert.ok(c.lat >= b.min_lat - tol && c.lat <= b.max_lat + tol, `${c.code} ${c.name_zh} lat ${c.lat}`);
  }
});

test("a seat outside its province's box would be caught (Lanzhou's seat is not in Jiangsu's box)", () => {
  const boxes = JSON.parse(readFileSync("data/registry/province_bbox.json", "utf8")) as {
    provinces: Record<string, { min_lon: number; max_lon: number }>;
  };
  const lanzhou = byCode.get("620100") as City;
  assert.ok(lanzhou.lon < boxes.provinces["32"].min_lon);
});

test("coordinates carry four decimals and a stated source", () => {
  const text = readFileSync("data/cities.csv", "utf8").trim().split("\n").slice(1);
  for (const line of text) assert.match(line, /,\d+\.\d{4},\d+\.\d{4},/);
  for (const c of cities) assert.ok(c.coord_source.length > 10, c.code);
});

// ------------------------------------------------------------------ Hu line

test("the line's normal is a unit vector perpendicular to both end points", () => {
  const u = (lon: number, lat: number): number[] => {
    const r = Math.PI / 180;
    return [Math.cos(lat * r) * Math.cos(lon * r), Math.cos(lat * r) * Math.sin(lon * r), Math.sin(lat * r)];
  };
  const dot = (a: readonly number[], b: readonly number[]): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  assert.ok(Math.abs(dot(HU_LINE_NORMAL, HU_LINE_NORMAL) - 1) < 1e-12);
  assert.ok(Math.abs(dot(HU_LINE_NORMAL, u(HU_LINE_HEIHE.lon, HU_LINE_HEIHE.lat))) < 1e-12);
  assert.ok(Math.abs(dot(HU_LINE_NORMAL, u(HU_LINE_TENGCHONG.lon, HU_LINE_TENGCHONG.lat))) < 1e-12);
});

test("Shanghai, Xi'an, Chengdu, Taiyuan and Guangzhou are south-east of the line", () => {
  const se: [string, number, number][] = [
    ["Shanghai", 121.4692, 31.2323],
    ["Xi'an", 108.9355, 34.3431],
    ["Chengdu", 104.064, 30.5747],
    ["Taiyuan", 112.5426, 37.8701],
    ["Guangzhou", 113.2591, 23.1318],
  ];
  for (const [name, lon, lat] of se) assert.equal(isSouthEastOfHuLine(lon, lat), true, name);
});

test("Lanzhou, Hohhot, Xining, Yinchuan, Baotou and Lhasa are north-west of the line", () => {
  const nw: [string, number, number][] = [
    ["Lanzhou", 103.8319, 36.0614],
    ["Hohhot", 111.7423, 40.8411],
    ["Xining", 101.7763, 36.6172],
    ["Yinchuan", 106.2265, 38.4867],
    ["Baotou", 109.8346, 40.6563],
    ["Lhasa", 91.1393, 29.6483], // outside the sample: AutoNavi seat 91.140856, 29.645554 (GCJ-02)
  ];
  for (const [name, lon, lat] of nw) assert.equal(isSouthEastOfHuLine(lon, lat), false, name);
});

test("the great circle, not a straight line in lon/lat, decides: Xi'an and Chengdu", () => {
  // A straight segment from Tengchong to Heihe in raw degrees puts both cities north-west.
  const straightSaysSouthEast = (lon: number, lat: number): boolean =>
    lat < HU_LINE_TENGCHONG.lat +
      ((lon - HU_LINE_TENGCHONG.lon) * (HU_LINE_HEIHE.lat - HU_LINE_TENGCHONG.lat)) / (HU_LINE_HEIHE.lon - HU_LINE_TENGCHONG.lon);
  for (const [lon, lat] of [[108.9355, 34.3431], [104.064, 30.5747]]) {
    assert.equal(straightSaysSouthEast(lon, lat), false);
    assert.equal(isSouthEastOfHuLine(lon, lat), true);
  }
});

test("a point on the line, such as Heihe's reference point, counts as south-east", () => {
  assert.equal(isSouthEastOfHuLine(HU_LINE_HEIHE.lon, HU_LINE_HEIHE.lat), true);
  assert.equal(isSouthEastOfHuLine(HU_LINE_TENGCHONG.lon, HU_LINE_TENGCHONG.lat), true);
  assert.ok(Math.abs(huLineDistanceDeg(HU_LINE_HEIHE.lon, HU_LINE_HEIHE.lat)) < 1e-9);
});

test("the on-line tolerance is 1e-12: a point 1e-14 rad north-west counts south-east, 1e-9 rad does not", () => {
  // Build a point on the great circle (the normalised midpoint of the two end points), then move it
  // towards the north-west by ε radians along −n̂; read it back as lon/lat.
  const r = Math.PI / 180;
  const u = (lon: number, lat: number): number[] => [
    Math.cos(lat * r) * Math.cos(lon * r),
    Math.cos(lat * r) * Math.sin(lon * r),
    Math.sin(lat * r),
  ];
  const h = u(HU_LINE_HEIHE.lon, HU_LINE_HEIHE.lat);
  const t = u(HU_LINE_TENGCHONG.lon, HU_LINE_TENGCHONG.lat);
  const m = [h[0] + t[0], h[1] + t[1], h[2] + t[2]];
  const len = Math.hypot(m[0], m[1], m[2]);
  const mid = m.map((x) => x / len);
  const moved = (eps: number): [number, number] => {
    const v = mid.map((x, k) => Math.cos(eps) * x - Math.sin(eps) * HU_LINE_NORMAL[k]);
    return [Math.atan2(v[1], v[0]) / r, Math.asin(v[2]) / r];
  };
  assert.equal(isSouthEastOfHuLine(...moved(1e-14)), true);
  assert.equal(isSouthEastOfHuLine(...moved(1e-9)), false);
  assert.equal(isSouthEastOfHuLine(...moved(-1e-9)), true);
});

test("signed distance is in degrees of arc: Shanghai about 11.6 degrees south-east", () => {
  // Hand check: asin(n̂ · u(121.4692, 31.2323)) with n̂ from the two end points ≈ 11.56°.
  const d = huLineDistanceDeg(121.4692, 31.2323);
  assert.ok(d > 11.4 && d < 11.7, String(d));
  assert.ok(huLineDistanceDeg(91.1393, 29.6483) < -7.5); // Lhasa, far north-west
});

test("hu_se in the file equals the rule applied to the file's coordinates", () => {
  for (const c of cities) assert.equal(c.hu_se, isSouthEastOfHuLine(c.lon, c.lat) ? 1 : 0, `${c.code} ${c.name_zh}`);
});

test("the ten seats within half a degree of the line fall on the documented sides", () => {
  // data/registry/README.md lists these, with distances; seats checked inside their seat district.
  const expected: Record<string, 0 | 1> = {
    "621000": 1, // Qingyang, ~4 km south-east
    "231100": 1, // Heihe, on the line (end point)
    "530700": 1, // Lijiang
    "511800": 1, // Ya'an
    "530500": 1, // Baoshan
    "150900": 0, // Ulanqab
    "610800": 0, // Yulin (Shaanxi)
    "621200": 0, // Longnan
    "620800": 0, // Pingliang
    "620500": 0, // Tianshui
  };
  const near = cities.filter((c) => Math.abs(huLineDistanceDeg(c.lon, c.lat)) < 0.5).map((c) => c.code).sort();
  assert.deepEqual(near, Object.keys(expected).sort());
  for (const [code, side] of Object.entries(expected)) assert.equal(byCode.get(code)?.hu_se, side, code);
});

test("259 of the 287 seats are south-east of the line", () => {
  assert.equal(cities.filter((c) => c.hu_se === 1).length, 259);
});

test("a coordinate that is not a finite number is a DataError, not a silent side", () => {
  assert.throws(() => isSouthEastOfHuLine(Number.NaN, 30), DataError);
  assert.throws(() => isSouthEastOfHuLine(110, 95), DataError);
});

// ------------------------------------------------------------------ loader: bad input

const header = CITY_COLUMNS.join(",");
const good =
  '621000,庆阳市,Qingyang,62,甘肃省,Gansu,west,107.6336,35.7346,0,0,0,1,1,growing,1,"AutoNavi city list (2012), GCJ-02 to WGS-84"';

function writeTemp(body: string): string {
  const dir = tempDir("registry-test-");
  const file = join(dir, "cities.csv");
  writeFileSync(file, body);
  return file;
}

function loaderError(body: string): DataError {
  const file = writeTemp(body);
  try {
    loadRegistry(file);
  } catch (err) {
    assert.ok(err instanceof DataError, `expected DataError, got ${String(err)}`);
    assert.ok(err.message.includes(file), `message should name the file: ${err.message}`);
    return err;
  }
  assert.fail("loadRegistry accepted a malformed file");
}

test("a well-formed one-row file loads with typed fields", () => {
  const [c] = loadRegistry(writeTemp(`${header}\n${good}\n`));
  assert.equal(c.code, "621000");
  assert.equal(c.lon, 107.6336);
  assert.equal(c.hu_se, 1);
  assert.equal(c.resource_type, "growing");
});

test("a wrong header is rejected with the expected column list", () => {
  const err = loaderError(`${header.replace("lon,lat", "lat,lon")}\n${good}\n`);
  assert.match(err.message, /line 1/);
  assert.match(err.message, /expected exactly/);
});

test("a code that is not six digits is rejected, naming line and column", () => {
  const err = loaderError(`${header}\n${good.replace("621000", "62100")}\n`);
  assert.match(err.message, /line 2, column 1 \("code"\)/);
});

test("a duplicated code is rejected, naming both lines", () => {
  const err = loaderError(`${header}\n${good}\n${good}\n`);
  assert.match(err.message, /line 3.*already appears on line 2/);
});

test("a flag other than 0/1 is rejected", () => {
  const err = loaderError(`${header}\n${good.replace(",growing,1,", ",growing,2,")}\n`);
  assert.match(err.message, /column 16 \("hu_se"\).*not a 0\/1 flag/);
});

test("peripheral inconsistent with the status flags is rejected", () => {
  const err = loaderError(`${header}\n${good.replace(",0,0,0,1,1,", ",0,1,0,1,1,")}\n`);
  assert.match(err.message, /"peripheral"/);
});

test("a resource type without the resource flag is rejected", () => {
  const err = loaderError(`${header}\n${good.replace(",1,growing,", ",0,growing,")}\n`);
  assert.match(err.message, /"resource_type"/);
});

test("a coordinate written as text is rejected", () => {
  const err = loaderError(`${header}\n${good.replace("107.6336", "107°38'")}\n`);
  assert.match(err.message, /column 8 \("lon"\)/);
});

test("a province code that does not match the city code is rejected", () => {
  const err = loaderError(`${header}\n${good.replace(",62,甘肃省", ",61,甘肃省")}\n`);
  assert.match(err.message, /"province_code"/);
});

test("a missing file is a DataError naming the path", () => {
  assert.throws(() => loadRegistry("/nonexistent/cities.csv"), (err: unknown) => {
    return err instanceof DataError && err.message.includes("/nonexistent/cities.csv");
  });
});

// ------------------------------------------------------------------ CSV reader

test("CSV: quoted fields keep commas, doubled quotes and line breaks", () => {
  const t = parseCsv('a,b,c\n"x,y","say ""hi""","two\nlines"\n', "t.csv");
  assert.deepEqual(t.header, ["a", "b", "c"]);
  assert.deepEqual(t.rows, [["x,y", 'say "hi"', "two\nlines"]]);
});

test("CSV: a byte-order mark and CRLF line ends are handled", () => {
  const t = parseCsv("\ufeffa,b\r\n1,2\r\n3,\r\n", "t.csv");
  assert.deepEqual(t.header, ["a", "b"]);
  assert.deepEqual(t.rows, [["1", "2"], ["3", ""]]);
  assert.deepEqual(t.lines, [2, 3]);
});

test("CSV: line numbers count line breaks inside quoted fields", () => {
  const t = parseCsv('a\n"1\n2"\n3\n', "t.csv");
  assert.deepEqual(t.lines, [2, 4]);
});

test("CSV: an unterminated quote names the line and column where it opened", () => {
  assert.throws(() => parseCsv('a,b\n1,"open\n', "t.csv"), /t\.csv, line 2, column 2: the quoted field opened here is never closed/);
});

test("CSV: a stray quote inside an unquoted field is an error", () => {
  assert.throws(() => parseCsv('a,b\n1,x"y\n', "t.csv"), /line 2, column 2: a quote inside an unquoted field/);
});

test("CSV: text after a closing quote is an error", () => {
  assert.throws(() => parseCsv('a,b\n1,"x"y\n', "t.csv"), /line 2, column 2: text after a closing quote/);
});

test("CSV: a record with the wrong number of fields names its line", () => {
  assert.throws(() => parseCsv("a,b\n1,2\n3,4,5\n", "t.csv"), /t\.csv, line 3: 3 fields where the header has 2/);
});

test("CSV: a blank line inside the table is an error, trailing blank lines are not", () => {
  assert.throws(() => parseCsv("a\n1\n\n2\n", "t.csv"), /line 3: blank line/);
  assert.equal(parseCsv("a\n1\n\n\n", "t.csv").rows.length, 1);
});

test("CSV: empty and duplicated header names are errors", () => {
  assert.throws(() => parseCsv("a,,c\n", "t.csv"), /column 2: empty column name/);
  assert.throws(() => parseCsv("a,b,a\n", "t.csv"), /column 3: column name "a" appears twice/);
});

test("CSV: formatting then parsing returns the same records", () => {
  const rows = [["1", "x,y"], ["2", 'a "quoted" word'], ["3", "line\nbreak"]];
  const t = parseCsv(formatCsv(["id", "text"], rows), "roundtrip");
  assert.deepEqual(t.rows, rows);
});
