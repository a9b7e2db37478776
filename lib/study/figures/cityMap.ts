/** A map of China's cities coloured by a variable, on province outlines, with the Hu line. */
import type { Data, Layout } from "plotly.js";
import { type DataColumns, type DataInput, toDataColumns } from "../../design/input";
import { DataError, OptionsError } from "../../errors";
import { checkOptions } from "../../options";
import { formatFixed } from "../../report/format";
import { type Lang, variableLabel } from "../../report/labels";
import { optionKeys } from "../../report/optionKeys";
import { baseConfig, baseLayout, FIGURE_OPTION_KEYS, type FigureOptions, type FigureSpec } from "../../report/figures/spec";
import { type City, loadRegistry } from "../registry";
import { huLineTrace, MAP_PROJECTION, mapAxes, mapNote, outlineTraces } from "./chinaMap";
import { loadChinaOutline } from "./chinaOutline";

/** Options both forms of {@link cityMapPlot} take: the figure options, the colours and what is drawn. */
export interface CityMapBaseOptions extends FigureOptions {
  /** plotly colour scale (default "Viridis"). */
  colorscale?: string;
  /** Draw the Hu Huanyong line (default true). */
  huLine?: boolean;
  /** Draw the South China Sea inset in the lower right corner (default true). */
  inset?: boolean;
}

/** Options of {@link cityMapPlot} on one row per city (`cityMapPlot(cities, { color })`). */
export interface CityMapOptions extends CityMapBaseOptions {
  /** The variable that colours the markers (one row per city: pass a year's slice or city means). */
  color: string;
  /** Longitude column, decimal degrees east (default "lon"). */
  lon?: string;
  /** Latitude column, decimal degrees north (default "lat"). */
  lat?: string;
  /** Column with the city name for the hover text (default "name_zh" for Chinese, else "name_pinyin", when present). */
  name?: string;
}

/** Options of {@link cityMapPlot} on a panel and a year (`cityMapPlot(panel, "ai", 2019)`). */
export interface CityYearMapOptions extends CityMapBaseOptions {
  /** The registry that places and names the panel's city codes (default: loadRegistry(), data/cities.csv). */
  registry?: City[];
}

/** The keys of {@link CityMapOptions}, for the option check (the compiler holds the list to the interface). */
const CITY_MAP_OPTION_KEYS = optionKeys<CityMapOptions>()([...FIGURE_OPTION_KEYS, "color", "lon", "lat", "name", "colorscale", "huLine", "inset"]);

/** The keys of {@link CityYearMapOptions}. */
const CITY_YEAR_MAP_OPTION_KEYS = optionKeys<CityYearMapOptions>()([...FIGURE_OPTION_KEYS, "colorscale", "huLine", "inset", "registry"]);

/** The cities to draw: those with a value (hover text "name: value") and those whose value is missing. */
interface CityPoints {
  /** Cities with a value to colour by. */
  shown: { lon: number[]; lat: number[]; value: number[]; text: string[] };
  /** Cities whose value is missing, drawn in grey. */
  missing: { lon: number[]; lat: number[]; text: string[] };
}

/**
 * A map of China's cities, each at its seat, coloured by a variable with a colour bar and hover text
 * (name and value); cities with a missing value in grey. Under them: the 34 provincial-level units'
 * outlines, the coastline and land border, the ten-dash line (all from data/china_outline.json, see
 * {@link loadChinaOutline}; drawn as the data package draws them, following the PRC's standard map,
 * which a note under the map says), the Hu Huanyong line as its great circle, and a South China Sea
 * inset. Projection: Albers equal-area conic, standard parallels 25°N and 47°N, central meridian
 * 105°E ({@link albersEqualArea}), axes hidden with fixed ranges over 73–135°E × 18–54°N. Only
 * cartesian `scatter` traces: nothing is fetched from the network.
 *
 * Two forms:
 * - `cityMapPlot(panel, "ai", 2019, options?)`: any numeric panel variable in one year, the cities
 *   placed and named by the registry (rows matched by `code`);
 * - `cityMapPlot(cities, { color: "shrink" })`: one row per city with lon/lat columns (e.g. cityMeans).
 * @throws OptionsError for an unknown option key, or a year that is not a number.
 * @throws DataError when the variable is not a numeric column (the message lists those that are),
 *   the year is not in the panel (it lists the years), a city code is not in the registry, or a
 *   coordinate is not a number.
 * @example cityMapPlot(loadStudyPanel(), "ai", 2019, { lang: "zh" })
 * @example cityMapPlot(cityMeans(loadRegistry(), panel, ["shrink"]), { color: "shrink" })
 */
export function cityMapPlot(panel: DataInput, variable: string, year: number, options?: CityYearMapOptions): FigureSpec;
export function cityMapPlot(data: DataInput, options: CityMapOptions): FigureSpec;
export function cityMapPlot(data: DataInput, what: string | CityMapOptions, year?: number, options?: CityYearMapOptions): FigureSpec {
  if (typeof what === "string") return cityYearMap(data, what, year, options);
  if (what === null || typeof what !== "object") {
    throw new OptionsError(`cityMapPlot: pass a variable and a year, cityMapPlot(panel, "ai", 2019), or one row per city and options, cityMapPlot(cities, { color: "shrink" }); got ${what === null ? "null" : typeof what}.`);
  }
  checkOptions("cityMapPlot", what, CITY_MAP_OPTION_KEYS);
  const lang = what.lang ?? "en";
  const label = variableLabel(what.color, lang);
  const title = what.title ?? (lang === "zh" ? `${label}的城市分布` : `${label} across cities`);
  return mapSpec(cityPoints(toDataColumns(data), what, lang), label, title, what);
}

/**
 * The panel form: the rows of `year`, placed by the registry, coloured by `variable`.
 * @example cityYearMap(panel, "ai", 2019, {}) // 287 markers on the bundled panel
 */
function cityYearMap(panel: DataInput, variable: string, year: number | undefined, options: CityYearMapOptions = {}): FigureSpec {
  checkOptions("cityMapPlot", options, CITY_YEAR_MAP_OPTION_KEYS);
  if (typeof year !== "number" || !Number.isFinite(year)) throw new OptionsError(`cityMapPlot(panel, "${variable}", year): the year must be a number such as 2019, got ${JSON.stringify(year) ?? "nothing"}.`);
  const lang = options.lang ?? "en";
  const columns = toDataColumns(panel);
  for (const name of ["code", "year"]) {
    if (!columns.has(name)) throw new DataError(`cityMapPlot(panel, "${variable}", ${year}): the panel has no "${name}" column. Pass the panel of loadStudyPanel(), or use cityMapPlot(cities, { color }) on one row per city with lon and lat.`);
  }
  const rows = yearRows(columns, variable, year);
  const byCode = new Map((options.registry ?? loadRegistry()).map((c) => [c.code, c]));
  const codes = columns.values("code");
  const cities = rows.map((i) => {
    const city = byCode.get(String(codes[i]));
    if (!city) throw new DataError(`cityMapPlot: city code ${JSON.stringify(codes[i])} (panel row ${i + 1}) is not in the registry; pass the registry that holds it as { registry }.`);
    return city;
  });
  const values = columns.values(variable);
  const points = cityPoints(
    toDataColumns({ lon: cities.map((c) => c.lon), lat: cities.map((c) => c.lat), name: cities.map((c) => (lang === "zh" ? c.name_zh : c.name_pinyin)), value: rows.map((i) => values[i] as number) }),
    { color: "value", name: "name" },
    lang,
  );
  const label = variableLabel(variable, lang);
  const title = options.title ?? (lang === "zh" ? `${year}年${label}的城市分布` : `${label} across cities, ${year}`);
  return mapSpec(points, label, title, options);
}

/**
 * The rows of one year, after checking that `variable` is a numeric column and the year exists.
 * @throws DataError naming the numeric columns, or the years the panel has.
 * @example yearRows(toDataColumns(panel), "ai", 2019).length // 287
 */
function yearRows(columns: DataColumns, variable: string, year: number): number[] {
  const numeric = columns.names().filter((name) => isNumericColumn(columns.values(name)));
  if (!numeric.includes(variable)) {
    const what = columns.has(variable) ? "is not a numeric column of the panel" : "is not a column of the panel";
    throw new DataError(`cityMapPlot: "${variable}" ${what}. Numeric columns: ${numeric.join(", ")}.`);
  }
  const years = columns.values("year");
  const rows: number[] = [];
  for (let i = 0; i < columns.nrows; i++) if (Number(years[i]) === year) rows.push(i);
  if (rows.length === 0) {
    const present = [...new Set(Array.from(years, Number))].filter(Number.isFinite).sort((a, b) => a - b);
    throw new DataError(`cityMapPlot: the panel has no rows in ${year}. Its years: ${yearList(present)}.`);
  }
  return rows;
}

/**
 * True when every non-missing cell is a number (and at least one is).
 * @example isNumericColumn([1, NaN, null]) // true
 */
function isNumericColumn(values: ArrayLike<unknown>): boolean {
  let seen = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissing(v)) continue;
    if (typeof v !== "number") return false;
    seen = true;
  }
  return seen;
}

/**
 * Years as a range when they run without a gap, else listed.
 * @example yearList([2007, 2008, 2009]) // "2007–2009"
 * @example yearList([2007, 2010]) // "2007, 2010"
 */
function yearList(years: number[]): string {
  if (years.length === 0) return "none";
  const consecutive = years.every((y, k) => k === 0 || y === years[k - 1] + 1);
  return consecutive && years.length > 2 ? `${years[0]}–${years[years.length - 1]}` : years.join(", ");
}

/**
 * True for a value the map shows as missing: null, undefined, "" or NaN.
 * @example isMissing(NaN) // true
 */
function isMissing(v: unknown): boolean {
  return v === null || v === undefined || v === "" || (typeof v === "number" && Number.isNaN(v));
}

/**
 * `v` when it is a finite number.
 * @param row 0-based row, named 1-based in the message
 * @throws DataError naming the column and row otherwise.
 * @example numberAt("lon", "116.4", 0) // throws: Column "lon" has "116.4" in row 1, not a finite number.
 */
function numberAt(name: string, v: unknown, row: number): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new DataError(`Column "${name}" has ${JSON.stringify(v)} in row ${row + 1}, not a finite number.`);
  return v;
}

/**
 * Reads the coordinates, values and names of the rows that have both coordinates, split by whether
 * the value is missing. The name column is `options.name`, else the first present of name_zh /
 * name_pinyin (by language), name_zh, name_pinyin, code; rows are "#k" without one.
 * @throws DataError when a column is missing, a coordinate or value is not a finite number, or no row
 *   has both coordinates.
 * @example cityPoints(toDataColumns({ lon: [116.4], lat: [39.9], shrink: [0.5] }), { color: "shrink" }, "en").shown.text // ["#1: 0.500"]
 */
function cityPoints(columns: DataColumns, options: Pick<CityMapOptions, "color" | "lon" | "lat" | "name">, lang: Lang): CityPoints {
  const lonName = options.lon ?? "lon";
  const latName = options.lat ?? "lat";
  const nameColumn = options.name ?? [lang === "zh" ? "name_zh" : "name_pinyin", "name_zh", "name_pinyin", "code"].find((n) => columns.has(n));
  for (const name of [lonName, latName, options.color]) {
    if (!columns.has(name)) throw new DataError(`"${name}" is not a column of the data. Available columns: ${columns.names().join(", ")}.`);
  }
  const lons = columns.values(lonName);
  const lats = columns.values(latName);
  const values = columns.values(options.color);
  const names = nameColumn ? columns.values(nameColumn) : undefined;
  const shown: CityPoints["shown"] = { lon: [], lat: [], value: [], text: [] };
  const missing: CityPoints["missing"] = { lon: [], lat: [], text: [] };
  for (let i = 0; i < columns.nrows; i++) {
    if (isMissing(lons[i]) || isMissing(lats[i])) continue;
    const lon = numberAt(lonName, lons[i], i);
    const lat = numberAt(latName, lats[i], i);
    const label = names ? String(names[i]) : `#${i + 1}`;
    if (isMissing(values[i])) {
      missing.lon.push(lon);
      missing.lat.push(lat);
      missing.text.push(label);
      continue;
    }
    const value = numberAt(options.color, values[i], i);
    shown.lon.push(lon);
    shown.lat.push(lat);
    shown.value.push(value);
    shown.text.push(`${label}: ${formatFixed(value, 3)}`);
  }
  if (shown.lon.length + missing.lon.length === 0) throw new DataError("cityMapPlot: no row has both coordinates.");
  return { shown, missing };
}

/**
 * Plane coordinates of cities, rounded to 0.1 km.
 * @example project([105], [0]) // { x: [0], y: [0] }
 */
function project(lon: number[], lat: number[]): { x: number[]; y: number[] } {
  const xy = lon.map((l, k) => MAP_PROJECTION.forward(l, lat[k]).map((v) => Math.round(v * 10) / 10));
  return { x: xy.map((p) => p[0]), y: xy.map((p) => p[1]) };
}

/**
 * The markers of the cities with a value, coloured on `colorscale` with a colour bar titled `colorLabel`.
 * @example valueTrace(points.shown, "Shrinkage", "Viridis").mode // "markers"
 */
function valueTrace(shown: CityPoints["shown"], colorLabel: string, colorscale: string): Data {
  return {
    type: "scatter",
    mode: "markers",
    name: colorLabel,
    ...project(shown.lon, shown.lat),
    text: shown.text,
    hoverinfo: "text",
    marker: { color: shown.value, colorscale, showscale: true, size: 7, colorbar: { title: { text: colorLabel }, len: 0.62, y: 0.66, thickness: 14 }, line: { color: "#333333", width: 0.3 } },
    showlegend: false,
  };
}

/**
 * Grey markers for the cities whose value is missing, named "Missing" (缺失).
 * @example missingTrace(points.missing, "en").name // "Missing"
 */
function missingTrace(missing: CityPoints["missing"], lang: Lang): Data {
  return { type: "scatter", mode: "markers", name: lang === "zh" ? "缺失" : "Missing", ...project(missing.lon, missing.lat), text: missing.text, hoverinfo: "text", marker: { color: "#bbbbbb", size: 6 } };
}

/**
 * The figure: outlines (and the inset's), the Hu line, the cities; hidden axes with fixed ranges and
 * equal scales; the legend below the map and the note on the boundaries under it.
 * @example mapSpec(points, "Shrinkage", "Shrinkage across cities", {}).layout.yaxis.scaleanchor // "x"
 */
function mapSpec(points: CityPoints, colorLabel: string, title: string, options: CityMapBaseOptions): FigureSpec {
  const lang = options.lang ?? "en";
  const inset = options.inset ?? true;
  const outline = loadChinaOutline();
  const traces: Data[] = [...outlineTraces(outline, "", lang), ...(inset ? outlineTraces(outline, "2", lang) : [])];
  if (options.huLine ?? true) traces.push(huLineTrace(lang));
  traces.push(valueTrace(points.shown, colorLabel, options.colorscale ?? "Viridis"));
  if (points.missing.lon.length > 0) traces.push(missingTrace(points.missing, lang));
  const layout: Partial<Layout> = { ...baseLayout(title, options), ...mapAxes(inset) };
  layout.height = options.height ?? 640;
  layout.margin = { l: 20, r: 20, t: 80, b: 70 };
  layout.legend = { x: 0.01, y: 0.01, xanchor: "left", yanchor: "bottom", bgcolor: "rgba(255,255,255,0.8)" };
  layout.hovermode = "closest";
  layout.annotations = [{ text: mapNote(lang), showarrow: false, xref: "paper", yref: "paper", x: 0, y: 0, xanchor: "left", yanchor: "top", yshift: -4, align: "left", font: { size: 10, color: "#555555" } }];
  return { data: traces, layout, config: baseConfig() };
}
