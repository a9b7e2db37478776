/** A map-like scatter of cities by longitude and latitude, coloured by a variable, with the Hu line. */
import type { Data, Layout } from "plotly.js";
import { type DataColumns, type DataInput, toDataColumns } from "../../design/input";
import { DataError } from "../../errors";
import { checkOptions } from "../../options";
import { formatFixed } from "../../report/format";
import { type Lang, variableLabel } from "../../report/labels";
import { huLinePath } from "./huLinePath";
import { optionKeys } from "../../report/optionKeys";
import { baseConfig, baseLayout, FIGURE_OPTION_KEYS, type FigureOptions, type FigureSpec, PALETTE } from "../../report/figures/spec";

/** Options of {@link cityMapPlot}: the figure options every helper takes, and the map's own. */
export interface CityMapOptions extends FigureOptions {
  /** The variable that colours the markers (one row per city: pass a year's slice or city means). */
  color: string;
  /** Longitude column, decimal degrees east (default "lon"). */
  lon?: string;
  /** Latitude column, decimal degrees north (default "lat"). */
  lat?: string;
  /** Column with the city name for the hover text (default "name_zh" for Chinese, else "name_pinyin", when present). */
  name?: string;
  /** plotly colour scale (default "Viridis"). */
  colorscale?: string;
  /** Draw the Hu Huanyong line (default true). */
  huLine?: boolean;
}

/** The keys of {@link CityMapOptions}, for the option check (the compiler holds the list to the interface). */
const CITY_MAP_OPTION_KEYS = optionKeys<CityMapOptions>()([...FIGURE_OPTION_KEYS, "color", "lon", "lat", "name", "colorscale", "huLine"]);

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
 * Cities as points at their seats' longitude/latitude (an equirectangular view: the vertical axis
 * is stretched by 1/cos of the mean latitude so distances look right), coloured by `color`; cities
 * with a missing value in grey; the Hu Huanyong line as the great circle through Heihe and
 * Tengchong (huLinePath), not a straight line in degrees. No map tiles or topojson: nothing is
 * fetched from the network.
 * @throws OptionsError when `options` has a key that is not one of {@link CityMapOptions}.
 * @throws DataError when a column is missing or a coordinate is not a number.
 * @example cityMapPlot(cities2019, { color: "shrink", lang: "zh" })
 */
export function cityMapPlot(data: DataInput, options: CityMapOptions): FigureSpec {
  checkOptions("cityMapPlot", options, CITY_MAP_OPTION_KEYS);
  const lang = options.lang ?? "en";
  const columns = toDataColumns(data);
  const points = cityPoints(columns, options, lang);
  const colorLabel = variableLabel(options.color, lang);
  const traces: Data[] = [valueTrace(points.shown, colorLabel, options.colorscale ?? "Viridis")];
  if (points.missing.lon.length > 0) traces.push(missingTrace(points.missing, lang));
  if (options.huLine ?? true) traces.push(huLineTrace(lang));
  const allLat = [...points.shown.lat, ...points.missing.lat];
  const title = options.title ?? (lang === "zh" ? `${colorLabel}的城市分布` : `${colorLabel} across cities`);
  return { data: traces, layout: mapLayout(title, allLat, options, lang), config: baseConfig() };
}

/** The cities with a value (hover text "name: value") and those with a missing value (hover text the name). */
interface CityPoints {
  /** Cities with a value to colour by. */
  shown: { lon: number[]; lat: number[]; value: number[]; text: string[] };
  /** Cities whose value is missing, drawn in grey. */
  missing: { lon: number[]; lat: number[]; text: string[] };
}

/**
 * Reads the coordinates, values and names of the rows that have both coordinates, split by whether
 * the value is missing. The name column is `options.name`, else the first present of name_zh /
 * name_pinyin (by language), name_zh, name_pinyin, code; rows are "#k" without one.
 * @throws DataError when a column is missing, a coordinate or value is not a finite number, or no row
 *   has both coordinates.
 * @example cityPoints(toDataColumns({ lon: [116.4], lat: [39.9], shrink: [0.5] }), { color: "shrink" }, "en").shown.text // ["#1: 0.500"]
 */
function cityPoints(columns: DataColumns, options: CityMapOptions, lang: Lang): CityPoints {
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
  const shown = { lon: [] as number[], lat: [] as number[], value: [] as number[], text: [] as string[] };
  const missing = { lon: [] as number[], lat: [] as number[], text: [] as string[] };
  for (let i = 0; i < columns.nrows; i++) {
    if (isMissing(lons[i]) || isMissing(lats[i])) continue;
    const lon = numberAt(lonName, lons[i], i);
    const lat = numberAt(latName, lats[i], i);
    const label = names ? String(names[i]) : `#${i + 1}`;
    const v = values[i];
    if (isMissing(v)) {
      missing.lon.push(lon);
      missing.lat.push(lat);
      missing.text.push(label);
      continue;
    }
    const value = numberAt(options.color, v, i);
    shown.lon.push(lon);
    shown.lat.push(lat);
    shown.value.push(value);
    shown.text.push(`${label}: ${formatFixed(value, 3)}`);
  }
  if (shown.lon.length + missing.lon.length === 0) throw new DataError("cityMapPlot: no row has both coordinates.");
  return { shown, missing };
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
    x: shown.lon,
    y: shown.lat,
    text: shown.text,
    hoverinfo: "text",
    marker: { color: shown.value, colorscale, showscale: true, size: 7, colorbar: { title: { text: colorLabel } }, line: { color: "#333333", width: 0.3 } },
    showlegend: false,
  };
}

/**
 * Grey markers for the cities whose value is missing, named "Missing" (缺失).
 * @example missingTrace(points.missing, "en").name // "Missing"
 */
function missingTrace(missing: CityPoints["missing"], lang: Lang): Data {
  return {
    type: "scatter",
    mode: "markers",
    name: lang === "zh" ? "缺失" : "Missing",
    x: missing.lon,
    y: missing.lat,
    text: missing.text,
    hoverinfo: "text",
    marker: { color: "#bbbbbb", size: 6 },
  };
}

/**
 * The Hu Huanyong line as a dashed line of 101 points along its great circle ({@link huLinePath}).
 * @example huLineTrace("en").name // "Hu Huanyong line (Heihe–Tengchong)"
 */
function huLineTrace(lang: Lang): Data {
  const path = huLinePath(101);
  return {
    type: "scatter",
    mode: "lines",
    name: lang === "zh" ? "胡焕庸线（黑河—腾冲）" : "Hu Huanyong line (Heihe–Tengchong)",
    x: path.lon,
    y: path.lat,
    line: { color: PALETTE[1], width: 2, dash: "dash" },
    hoverinfo: "name",
  };
}

/**
 * The map's layout: longitude and latitude axes with the vertical one stretched by
 * 1 / cos(mean latitude) (an equirectangular view in which distances look right near that latitude),
 * the legend below the plot, hover on the closest point.
 * @param lats the latitudes of every city drawn, for the mean
 * @example mapLayout("Shrinkage across cities", [30, 40], {}, "en").yaxis.scaleratio // 1 / cos 35° ≈ 1.22
 */
function mapLayout(title: string, lats: number[], options: FigureOptions, lang: Lang): Partial<Layout> {
  const meanLat = lats.reduce((s, x) => s + x, 0) / lats.length;
  const layout = baseLayout(title, options);
  layout.xaxis = { title: { text: lang === "zh" ? "经度（°E）" : "Longitude (°E)" }, zeroline: false };
  layout.yaxis = { title: { text: lang === "zh" ? "纬度（°N）" : "Latitude (°N)" }, zeroline: false, scaleanchor: "x", scaleratio: 1 / Math.cos((meanLat * Math.PI) / 180) };
  layout.legend = { orientation: "h", x: 0, y: -0.15 };
  layout.hovermode = "closest";
  return layout;
}
