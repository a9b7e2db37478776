/**
 * A structural check of figure specs, standing in for plotly's own validation (which needs a
 * browser): known trace types, equal-length point arrays within a trace, no NaN, infinities,
 * undefined or functions anywhere (JSON would silently change them), a title, well-formed shapes.
 */
import { ReportError } from "../../errors";
import type { FigureSpec } from "./spec";

/**
 * Trace types of plotly.js 2–4.
 * @example PLOTLY_TRACE_TYPES.has("scatter") // true
 */
export const PLOTLY_TRACE_TYPES: ReadonlySet<string> = new Set([
  "bar", "barpolar", "box", "candlestick", "carpet", "choropleth", "choroplethmap", "choroplethmapbox", "cone",
  "contour", "contourcarpet", "densitymap", "densitymapbox", "funnel", "funnelarea", "heatmap", "histogram",
  "histogram2d", "histogram2dcontour", "icicle", "image", "indicator", "isosurface", "mesh3d", "ohlc", "parcats",
  "parcoords", "pie", "sankey", "scatter", "scatter3d", "scattercarpet", "scattergeo", "scattergl", "scattermap",
  "scattermapbox", "scatterpolar", "scatterpolargl", "scattersmith", "scatterternary", "splom", "streamtube",
  "sunburst", "surface", "table", "treemap", "violin", "volume", "waterfall",
]);

/** Per-point arrays of a trace that must match the number of points. */
const POINT_ARRAYS: [string, ...string[]][] = [["x"], ["y"], ["text"], ["customdata"], ["hovertext"], ["marker", "color"], ["marker", "size"], ["error_x", "array"], ["error_x", "arrayminus"], ["error_y", "array"], ["error_y", "arrayminus"]];

/** The value at a property path of an object, or undefined where the path breaks off. */
function get(obj: unknown, path: string[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** Adds a problem for every number that is not finite, undefined, function, symbol or bigint inside `value`. */
function walk(value: unknown, path: string, problems: string[]): void {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) problems.push(`${path} is ${value}`);
  } else if (value === undefined) {
    problems.push(`${path} is undefined`);
  } else if (typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") {
    problems.push(`${path} is a ${typeof value}`);
  } else if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const arr = value as ArrayLike<unknown>;
    for (let i = 0; i < arr.length; i++) walk(arr[i], `${path}[${i}]`, problems);
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(v, `${path}.${k}`, problems);
  }
}

/**
 * The problems found in a figure spec (empty when it passes).
 * @example validateFigure(coefficientPlot(items)) // []
 */
export function validateFigure(spec: FigureSpec): string[] {
  const problems: string[] = [];
  if (spec === null || typeof spec !== "object") return ["the spec is not an object"];
  if (!Array.isArray(spec.data) || spec.data.length === 0) problems.push("data is not a non-empty array of traces");
  if (spec.layout === null || typeof spec.layout !== "object") problems.push("layout is not an object");
  walk(spec, "spec", problems);
  (Array.isArray(spec.data) ? spec.data : []).forEach((trace, k) => {
    const t = trace as Record<string, unknown>;
    const where = `data[${k}]`;
    if (typeof t.type !== "string" || !PLOTLY_TRACE_TYPES.has(t.type)) problems.push(`${where}.type ${JSON.stringify(t.type)} is not a plotly trace type`);
    if (t.type === "histogram") {
      if (!Array.isArray(t.x) || t.x.length === 0) problems.push(`${where}: a histogram needs a non-empty x array`);
      else if (!t.x.every((v) => typeof v === "number")) problems.push(`${where}.x holds non-numbers`);
      return;
    }
    const lengths = POINT_ARRAYS.map((p) => [p.join("."), get(t, p)] as const).filter(([, v]) => Array.isArray(v)) as [string, unknown[]][];
    const [first, ...rest] = lengths;
    if (t.type === "scatter" && (!Array.isArray(t.x) || !Array.isArray(t.y))) problems.push(`${where}: a scatter trace needs x and y arrays`);
    if (first) {
      for (const [name, arr] of rest) {
        if (arr.length !== first[1].length) problems.push(`${where}.${name} has ${arr.length} entries but ${first[0]} has ${first[1].length}`);
      }
    }
    if (Array.isArray(t.x) && t.x.length === 0) problems.push(`${where} has no points`);
  });
  const title = spec.layout?.title;
  const titleText = typeof title === "string" ? title : (title as { text?: unknown } | undefined)?.text;
  if (typeof titleText !== "string" || titleText.trim() === "") problems.push("layout.title has no text");
  (spec.layout?.shapes ?? []).forEach((shape, k) => {
    if (typeof shape.type !== "string") problems.push(`layout.shapes[${k}] has no type`);
    for (const key of ["x0", "x1", "y0", "y1"] as const) if (typeof shape[key] !== "number") problems.push(`layout.shapes[${k}].${key} is not a number`);
  });
  try {
    const round = JSON.stringify(JSON.parse(JSON.stringify(spec)));
    if (round !== JSON.stringify(spec)) problems.push("the spec does not survive a JSON round trip");
  } catch (e) {
    problems.push(`the spec cannot be serialised: ${(e as Error).message}`);
  }
  return problems;
}

/**
 * Throws when a figure spec fails validateFigure.
 * @throws ReportError listing the problems (the first 20).
 * @example assertValidFigure(placeboPlot(result)) // passes, or throws what is wrong
 */
export function assertValidFigure(spec: FigureSpec): void {
  const problems = validateFigure(spec);
  if (problems.length > 0) throw new ReportError(`Invalid figure spec:\n  ${problems.slice(0, 20).join("\n  ")}`);
}
