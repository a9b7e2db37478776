/** A map-like scatter of cities by longitude and latitude, coloured by a variable, with the Hu line. */
import type { Data } from "plotly.js";
import { type DataInput, toDataColumns } from "../../design/input";
import { DataError } from "../../errors";
import { formatFixed } from "../../report/format";
import { variableLabel } from "../../report/labels";
import { huLinePath } from "./huLinePath";
import { baseConfig, baseLayout, type FigureOptions, type FigureSpec, PALETTE } from "../../report/figures/spec";

export interface CityMapOptions extends FigureOptions {
  /** The variable that colours the markers (one row per city: pass a year's slice or city means). */
  color: string;
  /** Longitude and latitude columns (default "lon", "lat"). */
  lon?: string;
  lat?: string;
  /** Column with the city name for the hover text (default "name_zh" for Chinese, else "name_pinyin", when present). */
  name?: string;
  /** plotly colour scale (default "Viridis"). */
  colorscale?: string;
  /** Draw the Hu Huanyong line (default true). */
  huLine?: boolean;
}

function isMissing(v: unknown): boolean {
  return v === null || v === undefined || v === "" || (typeof v === "number" && Number.isNaN(v));
}

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
 * @throws DataError when a column is missing or a coordinate is not a number.
 * @example cityMapPlot(cities2019, { color: "shrink", lang: "zh" })
 */
export function cityMapPlot(data: DataInput, options: CityMapOptions): FigureSpec {
  const lang = options.lang ?? "en";
  const columns = toDataColumns(data);
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
  const colorLabel = variableLabel(options.color, lang);
  const data_: Data[] = [
    {
      type: "scatter",
      mode: "markers",
      name: colorLabel,
      x: shown.lon,
      y: shown.lat,
      text: shown.text,
      hoverinfo: "text",
      marker: { color: shown.value, colorscale: options.colorscale ?? "Viridis", showscale: true, size: 7, colorbar: { title: { text: colorLabel } }, line: { color: "#333333", width: 0.3 } },
      showlegend: false,
    },
  ];
  if (missing.lon.length > 0) {
    data_.push({
      type: "scatter",
      mode: "markers",
      name: lang === "zh" ? "缺失" : "Missing",
      x: missing.lon,
      y: missing.lat,
      text: missing.text,
      hoverinfo: "text",
      marker: { color: "#bbbbbb", size: 6 },
    });
  }
  if (options.huLine ?? true) {
    const path = huLinePath(101);
    data_.push({
      type: "scatter",
      mode: "lines",
      name: lang === "zh" ? "胡焕庸线（黑河—腾冲）" : "Hu Huanyong line (Heihe–Tengchong)",
      x: path.lon,
      y: path.lat,
      line: { color: PALETTE[1], width: 2, dash: "dash" },
      hoverinfo: "name",
    });
  }
  const allLat = [...shown.lat, ...missing.lat];
  const meanLat = allLat.reduce((s, x) => s + x, 0) / allLat.length;
  const title = options.title ?? (lang === "zh" ? `${colorLabel}的城市分布` : `${colorLabel} across cities`);
  const layout = baseLayout(title, options);
  layout.xaxis = { title: { text: lang === "zh" ? "经度（°E）" : "Longitude (°E)" }, zeroline: false };
  layout.yaxis = { title: { text: lang === "zh" ? "纬度（°N）" : "Latitude (°N)" }, zeroline: false, scaleanchor: "x", scaleratio: 1 / Math.cos((meanLat * Math.PI) / 180) };
  layout.legend = { orientation: "h", x: 0, y: -0.15 };
  layout.hovermode = "closest";
  return { data: data_, layout, config: baseConfig() };
}
