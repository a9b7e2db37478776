/**
 * The base map under the city map: China's province outlines, coastline and land border, the
 * ten-dash line and the Hu line as cartesian plotly `scatter` lines in the Albers equal-area conic
 * projection (CHINA_ALBERS), with fixed axis ranges and a South China Sea inset on a second axis
 * pair. Cartesian traces only: plotly's `geo` subplots fetch topojson from a CDN and fail offline.
 */
import type { Data, Layout } from "plotly.js";
import type { Lang } from "../../report/labels";
import { PALETTE } from "../../report/figures/spec";
import { albersEqualArea, type Projection } from "./albers";
import { arcUses, type ChinaOutline } from "./chinaOutline";
import { huLinePath } from "./huLinePath";

/** A longitude/latitude box: [west, east] degrees east, [south, north] degrees north. */
export interface LonLatBox {
  /** Western and eastern edge, degrees east. */
  lon: [number, number];
  /** Southern and northern edge, degrees north. */
  lat: [number, number];
}

/** The main map's extent: 73–135°E × 18–54°N (Xinjiang's western tip to the Heilongjiang–Ussuri confluence, Hainan to Mohe). */
export const MAP_BOX: Readonly<LonLatBox> = Object.freeze({ lon: [73, 135] as [number, number], lat: [18, 54] as [number, number] });

/** The South China Sea inset's extent: Hainan, the islands and the ten dashes (3.4–24.6°N, 108–123°E). */
export const INSET_BOX: Readonly<LonLatBox> = Object.freeze({ lon: [105.5, 124] as [number, number], lat: [2.5, 25] as [number, number] });

/** Where the inset sits, as fractions of the plotting area: right of Taiwan, the Diaoyu Islands and the dashes east of them (≤ 0.79 of the main x range). */
const INSET_DOMAIN = { x: [0.81, 1] as [number, number], y: [0, 0.34] as [number, number] };

/** The map's projection: Albers equal-area conic, parallels 25°N and 47°N, central meridian 105°E, in km. */
export const MAP_PROJECTION: Projection = albersEqualArea();

/** Plane coordinates of the points of flat [lon0, lat0, …] paths, each path followed by null (a break in the line), rounded to `digits`. */
function projectPaths(paths: number[][], projection: Projection, digits: number): { x: (number | null)[]; y: (number | null)[] } {
  const f = 10 ** digits;
  const x: (number | null)[] = [];
  const y: (number | null)[] = [];
  for (const path of paths) {
    if (x.length > 0) {
      x.push(null);
      y.push(null);
    }
    for (let k = 0; k < path.length; k += 2) {
      const [px, py] = projection.forward(path[k], path[k + 1]);
      x.push(Math.round(px * f) / f);
      y.push(Math.round(py * f) / f);
    }
  }
  return { x, y };
}

/** The box widened by `lon` degrees east and west and `lat` degrees north and south. */
function widen(box: LonLatBox, lon: number, lat: number): LonLatBox {
  return { lon: [box.lon[0] - lon, box.lon[1] + lon], lat: [box.lat[0] - lat, box.lat[1] + lat] };
}

/**
 * The parts of flat paths that lie inside a box: each run of points inside, with one point beyond
 * it at either end so that the line runs on to the frame. Keeps the spec small: the inset does not
 * carry all of Yunnan, nor the main map the reefs of the South China Sea.
 * @example clipPaths([[100, 20, 110, 20, 130, 20]], { lon: [95, 115], lat: [10, 30] }) // [[100, 20, 110, 20, 130, 20]]
 */
export function clipPaths(paths: number[][], box: LonLatBox): number[][] {
  const out: number[][] = [];
  for (const path of paths) {
    const n = path.length / 2;
    const inside = (k: number): boolean => path[2 * k] >= box.lon[0] && path[2 * k] <= box.lon[1] && path[2 * k + 1] >= box.lat[0] && path[2 * k + 1] <= box.lat[1];
    let k = 0;
    while (k < n) {
      if (!inside(k)) {
        k++;
        continue;
      }
      const start = k;
      while (k < n && inside(k)) k++;
      const run = path.slice(2 * Math.max(0, start - 1), 2 * Math.min(n, k + 1));
      if (run.length >= 4) out.push(run);
    }
  }
  return out;
}

/**
 * The projected axis ranges that hold a lon/lat box: its edges sampled every 0.5° and projected
 * (parallels are arcs in a conic projection, so the corners alone are not enough).
 * @example projectedRange(MAP_BOX, MAP_PROJECTION).x // ≈ [−3000, 2800] km
 */
export function projectedRange(box: LonLatBox, projection: Projection): { x: [number, number]; y: [number, number] } {
  const xs: number[] = [];
  const ys: number[] = [];
  const add = (lon: number, lat: number): void => {
    const [x, y] = projection.forward(lon, lat);
    xs.push(x);
    ys.push(y);
  };
  for (let lon = box.lon[0]; lon <= box.lon[1]; lon += 0.5) [box.lat[0], box.lat[1]].forEach((lat) => add(lon, lat));
  for (let lat = box.lat[0]; lat <= box.lat[1]; lat += 0.5) [box.lon[0], box.lon[1]].forEach((lon) => add(lon, lat));
  return { x: [Math.floor(Math.min(...xs)), Math.ceil(Math.max(...xs))], y: [Math.floor(Math.min(...ys)), Math.ceil(Math.max(...ys))] };
}

/** A line trace on the given axes that plotly draws without hover or legend entry. */
function lineTrace(name: string, xy: { x: (number | null)[]; y: (number | null)[] }, color: string, width: number, axes: "" | "2"): Data {
  const trace: Record<string, unknown> = { type: "scatter", mode: "lines", name, x: xy.x, y: xy.y, line: { color, width }, hoverinfo: "skip", showlegend: false };
  if (axes === "2") Object.assign(trace, { xaxis: "x2", yaxis: "y2" });
  return trace as Data;
}

/**
 * The outline traces on one axis pair: the borders between provincial units (thin grey; each
 * shared arc drawn once, so every unit's outline is there without double lines), the coastline and
 * land border (the arcs of one unit only, thicker), the ten-dash line (as thick). Paths are clipped
 * to the main map's box (widened by 2.5°) or, on the inset (`axes` "2"), to INSET_BOX (widened by
 * 4° east–west, where plotly widens the range to keep the scales equal).
 * @example outlineTraces(loadChinaOutline(), "", "en").map((t) => t.name) // ["Provincial boundaries", "Coastline and land border", "Ten-dash line"]
 */
export function outlineTraces(outline: ChinaOutline, axes: "" | "2", lang: Lang): Data[] {
  const box = axes === "2" ? widen(INSET_BOX, 4, 1) : widen(MAP_BOX, 2.5, 2.5);
  const xy = (paths: number[][]): { x: (number | null)[]; y: (number | null)[] } => projectPaths(clipPaths(paths, box), MAP_PROJECTION, 0);
  const uses = arcUses(outline);
  const inner = outline.arcs.filter((_, k) => uses[k] >= 2);
  const outer = outline.arcs.filter((_, k) => uses[k] === 1);
  return [
    lineTrace(lang === "zh" ? "省级界线" : "Provincial boundaries", xy(inner), "#a0a0a0", 0.6, axes),
    lineTrace(lang === "zh" ? "海岸线与陆地国界" : "Coastline and land border", xy(outer), "#505050", 1.1, axes),
    lineTrace(lang === "zh" ? "南海十段线" : "Ten-dash line", xy(outline.tenDashLine), "#505050", 1.4, axes),
  ];
}

/**
 * The Hu Huanyong line as a dashed line of 101 points along its great circle ({@link huLinePath}),
 * projected: a great circle is not straight in a conic projection either, so it is drawn point by point.
 * @example huLineTrace("en").name // "Hu Huanyong line (Heihe–Tengchong)"
 */
export function huLineTrace(lang: Lang): Data {
  const path = huLinePath(101);
  const xy = projectPaths([path.lon.flatMap((lon, k) => [lon, path.lat[k]])], MAP_PROJECTION, 1);
  return {
    type: "scatter",
    mode: "lines",
    name: lang === "zh" ? "胡焕庸线（黑河—腾冲）" : "Hu Huanyong line (Heihe–Tengchong)",
    x: xy.x,
    y: xy.y,
    line: { color: PALETTE[1], width: 2, dash: "dash" },
    hoverinfo: "name",
  } as Data;
}

/**
 * The note under the map: where the boundaries come from, the convention they follow, the datum and the projection.
 * @example mapNote("en") // "Boundaries: Aliyun DataV.GeoAtlas via @esmjs/geo (MIT), as drawn in the PRC's standard map …"
 */
export function mapNote(lang: Lang): string {
  return lang === "zh"
    ? "边界：阿里云DataV.GeoAtlas，经npm包@esmjs/geo（MIT许可），按该数据包的画法，即中华人民共和国标准地图<br>（台湾、香港、澳门为省级单位；南海十段线）。GCJ-02坐标，与WGS-84相差不足1公里。<br>阿尔伯斯等积圆锥投影：标准纬线25°N与47°N，中央经线105°E。"
    : "Boundaries: Aliyun DataV.GeoAtlas via the npm package @esmjs/geo (MIT), drawn as the data package draws them:<br>the PRC's standard map (Taiwan, Hong Kong and Macau as provincial units; the ten-dash line in the South China Sea).<br>GCJ-02 coordinates (within 1 km of WGS-84). Albers equal-area conic, standard parallels 25°N and 47°N, central meridian 105°E.";
}

/**
 * The axes of the map: the main pair hidden with fixed ranges over MAP_BOX and equal scales
 * (scaleanchor, so a km is as long across as up), and, with `inset`, a framed second pair over
 * INSET_BOX in the lower right corner.
 * @example mapAxes(true).yaxis.scaleanchor // "x"
 */
export function mapAxes(inset: boolean): Partial<Layout> {
  const main = projectedRange(MAP_BOX, MAP_PROJECTION);
  const hidden = { visible: false, showgrid: false, zeroline: false, fixedrange: false };
  const layout: Partial<Layout> = {
    xaxis: { ...hidden, range: main.x, domain: [0, 1] },
    yaxis: { ...hidden, range: main.y, domain: [0, 1], scaleanchor: "x", scaleratio: 1 },
  };
  if (!inset) return layout;
  const box = projectedRange(INSET_BOX, MAP_PROJECTION);
  const framed = { visible: true, showgrid: false, zeroline: false, showticklabels: false, ticks: "" as const, showline: true, mirror: true, linecolor: "#505050", linewidth: 1 };
  layout.xaxis2 = { ...framed, range: box.x, domain: INSET_DOMAIN.x, anchor: "y2" };
  layout.yaxis2 = { ...framed, range: box.y, domain: INSET_DOMAIN.y, anchor: "x2", scaleanchor: "x2", scaleratio: 1 };
  return layout;
}
