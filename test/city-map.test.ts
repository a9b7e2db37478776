/**
 * The city map: the Albers projection against Snyder's published numerical example and two
 * properties derived by hand (true scale along a standard parallel, equal area), the committed
 * outline of China (34 units, a consistent topology, reproducible from @esmjs/geo by the
 * generator), and the figure spec (every unit's rings, the coast, the ten-dash line, the Hu line from
 * Heihe to Tengchong, one marker per city with data in the year, fixed ranges, typed errors).
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { DataError, OptionsError } from "../lib/errors";
import { validateFigure } from "../lib/report/figures/validate";
import type { FigureSpec } from "../lib/report/figures/spec";
import { albersEqualArea, CHINA_ALBERS } from "../lib/study/figures/albers";
import { INSET_BOX, MAP_BOX, MAP_PROJECTION, projectedRange } from "../lib/study/figures/chinaMap";
import { arcUses, type ChinaOutline, loadChinaOutline, ringPath } from "../lib/study/figures/chinaOutline";
import { cityMapPlot } from "../lib/study/figures/cityMap";
import { huLinePath } from "../lib/study/figures/huLinePath";
import { HU_LINE_HEIHE, HU_LINE_NORMAL, HU_LINE_TENGCHONG, unitVector } from "../lib/study/huLine";
import { loadRegistry } from "../lib/study/registry";
import { SIMULATED_DATA_CAPTION, useStudyDefaults } from "../lib/study/reportDefaults";
import { loadStudyPanel } from "../lib/study/studyPanel";
import { buildChinaOutline, douglasPeucker, type GeoCollection, outlineJson } from "../scripts/make-china-outline";

useStudyDefaults();
const OUTLINE_FILE = join(__dirname, "..", "data", "china_outline.json");
const outline = loadChinaOutline();
const panel = loadStudyPanel();
const registry = loadRegistry();
const RAD = Math.PI / 180;

type Trace = Record<string, any>;
const traces = (spec: FigureSpec): Trace[] => spec.data as Trace[];
const titleText = (spec: FigureSpec): string => String((spec.layout.title as { text: string }).text);
/** The null-separated pieces of a trace's x array. */
const pieces = (t: Trace): number => 1 + (t.x as (number | null)[]).filter((v) => v === null).length;

describe("Albers equal-area conic projection", () => {
  // Snyder (1987), Map Projections — A Working Manual, p. 291 (numerical example for the sphere):
  // R = 1, φ1 = 29.5°, φ2 = 45.5°, φ0 = 23°, λ0 = 96°W; the point 35°N 75°W gives x = 0.2952720, y = 0.2416774.
  const snyder = albersEqualArea({ parallels: [29.5, 45.5], centralMeridian: -96, originLatitude: 23, radius: 1 });

  it("reproduces Snyder's numerical example to 7 decimals", () => {
    const [x, y] = snyder.forward(-75, 35);
    assert.ok(Math.abs(x - 0.295272) < 5e-8, `x = ${x}`);
    assert.ok(Math.abs(y - 0.2416774) < 5e-8, `y = ${y}`);
  });

  it("inverts Snyder's example and every point of a grid over China", () => {
    const [lon, lat] = snyder.inverse(0.295272, 0.2416774);
    assert.ok(Math.abs(lon + 75) < 1e-5 && Math.abs(lat - 35) < 1e-5, `${lon}, ${lat}`);
    for (let lon = 73; lon <= 135; lon += 4) {
      for (let lat = 3; lat <= 54; lat += 3) {
        const [x, y] = MAP_PROJECTION.forward(lon, lat);
        const back = MAP_PROJECTION.inverse(x, y);
        assert.ok(Math.abs(back[0] - lon) < 1e-9 && Math.abs(back[1] - lat) < 1e-9, `${lon}, ${lat} → ${back}`);
      }
    }
  });

  it("maps the origin to (0, 0) and 105°E 25°N to y = R(√C − cos 25°)/n, as derived by hand", () => {
    // On a standard parallel φ1, C − 2n sin φ1 = cos² φ1, so ρ(φ1) = R cos φ1 / n; with φ0 = 0, ρ0 = R √C / n.
    const n = (Math.sin(25 * RAD) + Math.sin(47 * RAD)) / 2;
    const C = Math.cos(25 * RAD) ** 2 + 2 * n * Math.sin(25 * RAD);
    assert.deepEqual(MAP_PROJECTION.forward(105, 0), [0, 0]);
    const [x, y] = MAP_PROJECTION.forward(105, 25);
    assert.equal(x, 0);
    assert.ok(Math.abs(y - (6371 * (Math.sqrt(C) - Math.cos(25 * RAD))) / n) < 1e-9, `y = ${y}`);
  });

  it("keeps true scale along the standard parallels and preserves area", () => {
    for (const parallel of CHINA_ALBERS.parallels) {
      let length = 0;
      for (let lon = 100; lon < 110; lon += 0.01) {
        const a = MAP_PROJECTION.forward(lon, parallel);
        const b = MAP_PROJECTION.forward(lon + 0.01, parallel);
        length += Math.hypot(b[0] - a[0], b[1] - a[1]);
      }
      const truth = 6371 * Math.cos(parallel * RAD) * 10 * RAD;
      assert.ok(Math.abs(length / truth - 1) < 1e-6, `${parallel}°N: ${length} km on the map, ${truth} km on the sphere`);
    }
    // A cell of h × h degrees at (lon, lat) has area R² cos φ (h·π/180)² on the sphere.
    for (const [lon, lat] of [[80, 40], [115, 22], [125, 48]]) {
      const h = 1e-4;
      const p = MAP_PROJECTION.forward(lon, lat);
      const e = MAP_PROJECTION.forward(lon + h, lat);
      const nn = MAP_PROJECTION.forward(lon, lat + h);
      const mapArea = Math.abs((e[0] - p[0]) * (nn[1] - p[1]) - (e[1] - p[1]) * (nn[0] - p[0]));
      const sphereArea = 6371 ** 2 * Math.cos(lat * RAD) * (h * RAD) ** 2;
      assert.ok(Math.abs(mapArea / sphereArea - 1) < 1e-4, `${lon}, ${lat}: ratio ${mapArea / sphereArea}`);
    }
  });

  it("rejects parallels that define no cone", () => {
    assert.throws(() => albersEqualArea({ ...CHINA_ALBERS, parallels: [30, 30] }), OptionsError);
    assert.throws(() => albersEqualArea({ ...CHINA_ALBERS, parallels: [-20, 20] }), /symmetric about the equator/);
  });
});

describe("the committed outline of China", () => {
  it("has the 34 provincial-level units, the coast and border, the ten dashes, and says where it comes from", () => {
    assert.equal(outline.provinces.length, 34);
    assert.equal(new Set(outline.provinces.map((p) => p.adcode)).size, 34);
    const names = outline.provinces.map((p) => p.name);
    for (const name of ["北京市", "新疆维吾尔自治区", "海南省", "台湾省", "香港特别行政区", "澳门特别行政区"]) assert.ok(names.includes(name), name);
    assert.equal(outline.tenDashLine.length, 10);
    const uses = arcUses(outline);
    assert.ok(uses.filter((n) => n === 1).length > 100, "arcs of the coast and land border");
    assert.ok(uses.filter((n) => n === 2).length > 100, "arcs between two units");
    assert.match(outline.source, /@esmjs\/geo 1\.0\.0/);
    assert.match(outline.source, /DataV/);
    assert.match(outline.license, /MIT/);
    assert.match(outline.coordinates, /GCJ-02/);
    assert.match(outline.convention, /ten-dash line/);
    assert.deepEqual([outline.simplification.epsilonDegrees, outline.simplification.decimals], [0.04, 2]);
    assert.ok(statSync(OUTLINE_FILE).size <= 150 * 1024, `${statSync(OUTLINE_FILE).size} bytes`);
  });

  it("joins every ring's arcs end to start into a closed ring inside China's extent", () => {
    for (const p of outline.provinces) {
      for (const refs of p.rings) {
        refs.forEach((r, k) => {
          const arc = (x: number): number[] => outline.arcs[x < 0 ? ~x : x];
          const end = (x: number, last: boolean): string => {
            const a = arc(x);
            const i = (x < 0) === last ? 0 : a.length - 2;
            return `${a[i]},${a[i + 1]}`;
          };
          const next = refs[(k + 1) % refs.length];
          assert.equal(end(r, true), end(next, false), `${p.name}: arc ${r} does not end where arc ${next} starts`);
        });
        const ring = ringPath(outline, refs);
        assert.deepEqual(ring.slice(-2), ring.slice(0, 2), `${p.name}: ring not closed`);
        for (let k = 0; k < ring.length; k += 2) assert.ok(ring[k] > 73 && ring[k] <= 135.1 && ring[k + 1] > 3 && ring[k + 1] < 53.6, `${p.name}: ${ring[k]}, ${ring[k + 1]}`);
      }
    }
    const dashLats = outline.tenDashLine.flatMap((d) => d.filter((_, k) => k % 2 === 1));
    assert.ok(Math.min(...dashLats) < 4 && Math.max(...dashLats) > 24, "the dashes run from about 3.4°N to 24.6°N");
  });

  it("is one topology: every border is one arc used by at most two rings, and no arc repeats another's points", () => {
    const uses = arcUses(outline);
    assert.ok(uses.every((n) => n === 1 || n === 2), `uses: ${[...new Set(uses)].join(", ")}`);
    // A border stored twice (the two sides as separate arcs, each used once) would be drawn as coast inland.
    const owner = new Map<string, number>();
    outline.arcs.forEach((arc, a) => {
      for (let k = 2; k < arc.length - 2; k += 2) {
        const v = `${arc[k]},${arc[k + 1]}`;
        assert.ok(!owner.has(v) || owner.get(v) === a, `vertex ${v} is inside arc ${owner.get(v)} and arc ${a}`);
        owner.set(v, a);
      }
    });
    const units = outline.provinces.map((p) => new Set(p.rings.flat().map((r) => (r < 0 ? ~r : r))));
    const between = uses.filter((n, a) => n === 2 && units.filter((u) => u.has(a)).length === 2).length;
    assert.ok(between > 100, `${between} arcs are borders between two units`);
  });

  it("is simplified by Douglas–Peucker, which keeps the ends and every point farther than ε (hand-computed cases)", () => {
    const line: [number, number][] = [[0, 0], [1, 0.03], [2, -0.02], [3, 0]];
    assert.deepEqual(douglasPeucker(line, 0.04), [[0, 0], [3, 0]], "0.03 and 0.02 from the chord: both within ε = 0.04");
    // ε = 0.025: (1, 0.03) is 0.03 from the chord; then (2, −0.02) is 0.07/√4.0009 ≈ 0.035 from (1, 0.03)–(3, 0).
    assert.deepEqual(douglasPeucker(line, 0.025), line);
  });

  it("is what scripts/make-china-outline.ts makes from @esmjs/geo (when the devDependency is installed)", async (t) => {
    let china: GeoCollection;
    try {
      china = ((await import("@esmjs/geo")) as unknown as { china: GeoCollection }).china;
    } catch {
      t.skip("@esmjs/geo is not installed (npm ci installs the devDependencies)");
      return;
    }
    const rebuilt = buildChinaOutline(china);
    assert.deepEqual(rebuilt, JSON.parse(readFileSync(OUTLINE_FILE, "utf8")) as ChinaOutline);
    assert.equal(outlineJson(rebuilt), readFileSync(OUTLINE_FILE, "utf8"), "the file's text, line for line");
  });

  describe("a broken file", () => {
    const scratch = mkdtempSync(join(tmpdir(), "china-outline-"));
    after(() => rmSync(scratch, { recursive: true, force: true }));

    it("is a DataError that says how to get the file back", () => {
      const bad = join(scratch, "bad.json");
      writeFileSync(bad, JSON.stringify({ ...outline, provinces: [{ adcode: 1, name: "x", rings: [[outline.arcs.length]] }] }));
      assert.throws(() => loadChinaOutline(bad), (e: unknown) => e instanceof DataError && /province 1 has a ring that is not a list of arc references/.test(e.message) && /make-china-outline/.test(e.message));
      const badArc = join(scratch, "arc.json");
      writeFileSync(badArc, JSON.stringify({ ...outline, arcs: [[200, 10, 1, 1]] }));
      assert.throws(() => loadChinaOutline(badArc), (e: unknown) => e instanceof DataError && /"arcs" is not/.test(e.message));
      const notJson = join(scratch, "not.json");
      writeFileSync(notJson, "{");
      assert.throws(() => loadChinaOutline(notJson), (e: unknown) => e instanceof DataError && /not valid JSON/.test(e.message));
      assert.throws(() => loadChinaOutline(join(scratch, "missing.json")), (e: unknown) => e instanceof DataError && /was not found/.test(e.message));
    });
  });
});

describe("cityMapPlot(panel, variable, year)", () => {
  const spec = cityMapPlot(panel, "ai", 2019);
  const all = traces(spec);
  const main = all.filter((t) => t.xaxis === undefined);
  const inset = all.filter((t) => t.xaxis === "x2");

  it("passes the structural validation and uses cartesian scatter traces only", () => {
    assert.deepEqual(validateFigure(spec), []);
    assert.ok(all.every((t) => t.type === "scatter"));
    assert.equal((spec.layout as Record<string, unknown>).geo, undefined);
  });

  it("draws every provincial unit's rings: borders between units once, thin, the coast and border thicker, the ten dashes", () => {
    const borders = main.find((t) => t.name === "Provincial boundaries")!;
    const coast = main.find((t) => t.name === "Coastline and land border")!;
    const dashes = main.find((t) => t.name === "Ten-dash line")!;
    assert.ok([borders, coast, dashes].every((t) => t.mode === "lines" && t.hoverinfo === "skip"));
    assert.ok(coast.line.width > borders.line.width, "the coast is drawn thicker than the borders between units");
    const drawn = (t: Trace): Set<string> => new Set((t.x as (number | null)[]).map((x, k) => `${x},${t.y[k]}`));
    const inner = drawn(borders);
    const outer = drawn(coast);
    const onMap = (lon: number, lat: number): boolean => lon >= MAP_BOX.lon[0] && lon <= MAP_BOX.lon[1] && lat >= MAP_BOX.lat[0] && lat <= MAP_BOX.lat[1];
    const uses = arcUses(outline);
    let units = 0;
    for (const p of outline.provinces) {
      let points = 0;
      for (const refs of p.rings) {
        for (const r of refs) {
          const arc = outline.arcs[r < 0 ? ~r : r];
          for (let k = 0; k < arc.length; k += 2) {
            if (!onMap(arc[k], arc[k + 1])) continue;
            const [x, y] = MAP_PROJECTION.forward(arc[k], arc[k + 1]);
            assert.ok((uses[r < 0 ? ~r : r] === 1 ? outer : inner).has(`${Math.round(x)},${Math.round(y)}`), `${p.name}: ${arc[k]}, ${arc[k + 1]} is not drawn`);
            points++;
          }
        }
      }
      if (points > 0) units++;
    }
    assert.equal(units, 34, "every unit's rings are on the map");
    assert.ok(pieces(dashes) >= 3, "the dashes north of 18°N are on the main map too (all ten are in the inset)");
    const [x, y] = MAP_PROJECTION.forward(outline.tenDashLine[0][0], outline.tenDashLine[0][1]);
    assert.deepEqual([dashes.x[0], dashes.y[0]], [Math.round(x), Math.round(y)], "projected, to the km");
  });

  it("draws the Hu line from Heihe (50.2°N 127.5°E) to Tengchong (25.0°N 98.5°E) along its great circle", () => {
    const hu = main.find((t) => String(t.name).startsWith("Hu Huanyong line"))!;
    assert.equal(hu.x.length, 101);
    const start = MAP_PROJECTION.inverse(hu.x[0], hu.y[0]);
    const end = MAP_PROJECTION.inverse(hu.x[100], hu.y[100]);
    assert.ok(Math.abs(start[0] - 127.5) < 0.05 && Math.abs(start[1] - 50.2) < 0.1, `Heihe end at ${start}`);
    assert.ok(Math.abs(end[0] - 98.5) < 0.05 && Math.abs(end[1] - 25.0) < 0.05, `Tengchong end at ${end}`);
    const path = huLinePath(101);
    const [mx, my] = MAP_PROJECTION.forward(path.lon[50], path.lat[50]);
    assert.ok(Math.abs(hu.x[50] - mx) < 0.06 && Math.abs(hu.y[50] - my) < 0.06, "the midpoint is the great circle's");
  });

  it("puts one marker per city with data in 2019, coloured by its value, named in the hover text", () => {
    const rows = Array.from(panel.year, (y, i) => (y === 2019 && Number.isFinite(panel.ai[i]) ? i : -1)).filter((i) => i >= 0);
    const cities = main.find((t) => t.mode === "markers")!;
    assert.equal(cities.x.length, rows.length);
    assert.equal(rows.length, 287);
    assert.deepEqual(cities.marker.color, rows.map((i) => panel.ai[i]), "the panel's values, row by row");
    assert.equal(cities.marker.showscale, true);
    const lanzhou = rows.findIndex((i) => panel.code[i] === "620100");
    assert.equal(cities.text[lanzhou], `Lanzhou: ${panel.ai[rows[lanzhou]].toFixed(3)}`);
    const seat = registry.find((c) => c.code === "620100")!;
    const [x, y] = MAP_PROJECTION.forward(seat.lon, seat.lat);
    assert.ok(Math.abs(cities.x[lanzhou] - x) <= 0.05 && Math.abs(cities.y[lanzhou] - y) <= 0.05);
  });

  it("fixes the ranges over 73–135°E × 18–54°N with equal scales and hidden axes", () => {
    const xaxis = spec.layout.xaxis as Trace;
    const yaxis = spec.layout.yaxis as Trace;
    assert.deepEqual({ x: xaxis.range, y: yaxis.range }, projectedRange(MAP_BOX, MAP_PROJECTION));
    for (const [lon, lat] of [[73, 18], [135, 18], [73, 54], [135, 54], [105, 18], [105, 54]]) {
      const [x, y] = MAP_PROJECTION.forward(lon, lat);
      assert.ok(x >= xaxis.range[0] && x <= xaxis.range[1] && y >= yaxis.range[0] && y <= yaxis.range[1], `${lon}°E ${lat}°N is outside the range`);
    }
    assert.deepEqual([yaxis.scaleanchor, yaxis.scaleratio, xaxis.visible, yaxis.visible], ["x", 1, false, false]);
  });

  it("draws the South China Sea inset on a second axis pair over the ten dashes", () => {
    assert.deepEqual(inset.map((t) => t.name), ["Provincial boundaries", "Coastline and land border", "Ten-dash line"]);
    const dashes = inset.find((t) => t.name === "Ten-dash line")!;
    assert.equal(pieces(dashes), 10);
    const xaxis2 = spec.layout.xaxis2 as Trace;
    const yaxis2 = spec.layout.yaxis2 as Trace;
    assert.deepEqual({ x: xaxis2.range, y: yaxis2.range }, projectedRange(INSET_BOX, MAP_PROJECTION));
    const xs = (dashes.x as (number | null)[]).filter((v): v is number => v !== null);
    const ys = (dashes.y as (number | null)[]).filter((v): v is number => v !== null);
    assert.ok(Math.min(...xs) >= xaxis2.range[0] && Math.max(...xs) <= xaxis2.range[1] && Math.min(...ys) >= yaxis2.range[0] && Math.max(...ys) <= yaxis2.range[1]);
    assert.equal(yaxis2.scaleanchor, "x2");
    const noInset = cityMapPlot(panel, "ai", 2019, { inset: false });
    assert.ok(traces(noInset).every((t) => t.xaxis === undefined) && noInset.layout.xaxis2 === undefined);
  });

  it("says in the title that the data is simulated, and in a note which boundary convention it draws", () => {
    assert.ok(titleText(spec).startsWith("AI (robot penetration) across cities, 2019"), titleText(spec));
    assert.ok(titleText(spec).includes(SIMULATED_DATA_CAPTION.en));
    const note = String(spec.layout.annotations?.[0].text);
    assert.match(note, /@esmjs\/geo/);
    assert.match(note, /PRC's standard map/);
    assert.match(note, /ten-dash line/);
    assert.match(note, /GCJ-02/);
    const zh = cityMapPlot(panel, "shrink", 2010, { lang: "zh" });
    assert.ok(titleText(zh).startsWith("2010年城市收缩的城市分布"), titleText(zh));
    assert.ok(titleText(zh).includes(SIMULATED_DATA_CAPTION.zh));
    assert.match(String(zh.layout.annotations?.[0].text), /南海十段线/);
    assert.ok(traces(zh).some((t) => String(t.name).includes("胡焕庸线")));
    assert.ok(traces(zh).find((t) => t.mode === "markers")!.text[0].includes("市"), "Chinese city names");
  });

  it("works for any numeric variable: one marker per city with a value, the rest grey", () => {
    const rows = Array.from(panel.year, (y, i) => (y === 2007 ? i : -1)).filter((i) => i >= 0);
    const withValue = rows.filter((i) => Number.isFinite(panel.shrink[i])).length;
    const map = traces(cityMapPlot(panel, "shrink", 2007));
    assert.equal(map.find((t) => t.mode === "markers" && t.marker.showscale)!.x.length, withValue);
    const grey = map.find((t) => t.name === "Missing");
    assert.equal(grey ? grey.x.length : 0, rows.length - withValue);
  });

  it("names what exists when the variable, the year or an option is wrong", () => {
    assert.throws(() => cityMapPlot(panel, "robots", 2019), (e: unknown) => e instanceof DataError && /"robots" is not a column/.test(e.message) && /ai_iv/.test(e.message));
    assert.throws(() => cityMapPlot(panel, "region", 2019), (e: unknown) => e instanceof DataError && /"region" is not a numeric column/.test(e.message));
    assert.throws(() => cityMapPlot(panel, "ai", 1999), (e: unknown) => e instanceof DataError && /no rows in 1999/.test(e.message) && /2007–2023/.test(e.message));
    assert.throws(() => cityMapPlot(panel, "ai", "2019" as never), (e: unknown) => e instanceof OptionsError && /year must be a number/.test(e.message));
    assert.throws(() => cityMapPlot(panel, "ai", 2019, { colour: "x" } as never), (e: unknown) => e instanceof OptionsError && /"colour"/.test(e.message));
    assert.throws(() => cityMapPlot(panel, "ai", 2019, { registry: registry.slice(1) }), (e: unknown) => e instanceof DataError && /"110000"/.test(e.message) && /registry/.test(e.message));
    assert.throws(() => cityMapPlot({ year: [2019], ai: [1] }, "ai", 2019), (e: unknown) => e instanceof DataError && /no "code" column/.test(e.message));
  });
});

describe("cityMapPlot(cities, { color }) on one row per city", () => {
  it("plots the 287 registry cities coloured by a variable, on the same base map", () => {
    const rows = registry.map((c) => ({ lon: c.lon, lat: c.lat, name_pinyin: c.name_pinyin, hu_se: c.hu_se }));
    const spec = cityMapPlot(rows, { color: "hu_se" });
    assert.deepEqual(validateFigure(spec), []);
    const markers = traces(spec).find((t) => t.mode === "markers")!;
    assert.equal(markers.x.length, 287);
    assert.deepEqual(markers.marker.color, registry.map((c) => c.hu_se));
    assert.deepEqual(traces(spec).filter((t) => t.xaxis === undefined && t.hoverinfo === "skip").map((t) => t.name), ["Provincial boundaries", "Coastline and land border", "Ten-dash line"]);
    assert.ok(titleText(spec).includes(SIMULATED_DATA_CAPTION.en));
  });

  it("shows cities with a missing value as a separate grey trace", () => {
    const spec = cityMapPlot({ lon: [116.4, 121.5, 104.1], lat: [39.9, 31.2, 30.7], shrink: [0.5, null, -0.2], name_zh: ["北京", "上海", "成都"] }, { color: "shrink", lang: "zh" });
    assert.deepEqual(validateFigure(spec), []);
    const markers = traces(spec).filter((t) => t.mode === "markers");
    assert.equal(markers[0].x.length, 2);
    assert.deepEqual(markers[1].text, ["上海"]);
    assert.equal(markers[1].name, "缺失");
  });

  it("rejects an unknown option key and a call with neither options nor a variable", () => {
    assert.throws(() => cityMapPlot({ lon: [116.4], lat: [39.9], v: [1] }, { color: "v", colour: "v" } as never), (e: unknown) => e instanceof OptionsError && /"colour"/.test(e.message));
    assert.throws(() => cityMapPlot({ lon: [116.4], lat: [39.9], v: [1] }, 7 as never), (e: unknown) => e instanceof OptionsError && /cityMapPlot\(panel, "ai", 2019\)/.test(e.message));
  });
});

describe("the Hu line's path", () => {
  it("puts every point of the drawn Hu line on the great circle through Heihe and Tengchong", () => {
    const path = huLinePath(51);
    assert.ok(Math.abs(path.lon[0] - HU_LINE_HEIHE.lon) < 1e-9 && Math.abs(path.lat[0] - HU_LINE_HEIHE.lat) < 1e-9);
    assert.ok(Math.abs(path.lon[50] - HU_LINE_TENGCHONG.lon) < 1e-9 && Math.abs(path.lat[50] - HU_LINE_TENGCHONG.lat) < 1e-9);
    for (let k = 0; k < 51; k++) {
      const u = unitVector(path.lon[k], path.lat[k]);
      const dot = u[0] * HU_LINE_NORMAL[0] + u[1] * HU_LINE_NORMAL[1] + u[2] * HU_LINE_NORMAL[2];
      assert.ok(Math.abs(dot) < 1e-12, `point ${k} is ${dot} off the great circle`);
    }
    // The great circle bows away from the straight line in degrees: its midpoint is not the mean of the ends.
    const mid = huLinePath(3);
    assert.ok(Math.abs(mid.lat[1] - (HU_LINE_HEIHE.lat + HU_LINE_TENGCHONG.lat) / 2) > 0.1);
  });
});
