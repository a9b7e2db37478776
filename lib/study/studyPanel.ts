import { DataError } from "../errors";
import { studyData } from "./dataSource";
import { readPanel, type PanelTable } from "./readPanel";
import { loadRegistry, type City } from "./registry";

/** The analysis panel with each city's registry facts attached, as the notebooks use it. */
export type StudyPanel = PanelTable & {
  /** 2-digit province code of each row's city (for clustering by province, province × year effects). */
  province: string[];
  /** NBS region of each row's city: "east", "central", "west" or "northeast". */
  region: string[];
  /** City name in pinyin, e.g. "Lanzhou". */
  city: string[];
  /** 1 for Beijing, Tianjin, Shanghai and Chongqing, else 0. */
  municipality: Float64Array;
  /** 1 for a provincial capital, else 0. */
  provincial_capital: Float64Array;
};

/**
 * Reads the panel and adds from the registry
 * (data/cities.csv) the province code, region, city name (pinyin) and the municipality and
 * provincial-capital flags — what clustering by province, province × year fixed effects and
 * dropping the municipalities need. Without `file` it reads the panel `studyData()` selects: the
 * user's cleaned panel named by KIT_PANEL, else the bundled simulated data/panel.csv.
 * @throws DataError when a panel city is not in the registry; SetupError when KIT_PANEL names no file.
 * @example const panel = loadStudyPanel(); feols("shrink ~ ai | code + province^year", panel)
 */
export function loadStudyPanel(file: string = studyData().panelPath, registry: City[] = loadRegistry()): StudyPanel {
  const panel = readPanel(file);
  const byCode = new Map(registry.map((c) => [c.code, c]));
  const n = panel.code.length;
  const province: string[] = new Array(n);
  const region: string[] = new Array(n);
  const city: string[] = new Array(n);
  const municipality = new Float64Array(n);
  const capital = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = byCode.get(panel.code[i]);
    if (!c) throw new DataError(`${file}: row ${i + 2} has city code "${panel.code[i]}", which is not in the registry (data/cities.csv).`);
    province[i] = c.province_code;
    region[i] = c.region;
    city[i] = c.name_pinyin;
    municipality[i] = c.municipality;
    capital[i] = c.provincial_capital;
  }
  return { ...panel, province, region, city, municipality, provincial_capital: capital };
}

/**
 * One row per registry city with its facts and the mean over years of each listed panel variable
 * (missing values skipped) — the input of a city map.
 * @example cityMapPlot(cityMeans(loadRegistry(), panel, ["shrink"]), { color: "shrink" })
 */
export function cityMeans(registry: City[], panel: PanelTable, variables: string[]): Record<string, unknown>[] {
  const index = new Map(registry.map((c, k) => [c.code, k]));
  const sums = variables.map(() => new Float64Array(registry.length));
  const counts = variables.map(() => new Float64Array(registry.length));
  variables.forEach((v, j) => {
    const values = panel[v];
    if (!(values instanceof Float64Array)) throw new DataError(`cityMeans: "${v}" is not a numeric column of the panel.`);
    for (let i = 0; i < panel.code.length; i++) {
      const k = index.get(panel.code[i]);
      if (k === undefined || Number.isNaN(values[i])) continue;
      sums[j][k] += values[i];
      counts[j][k]++;
    }
  });
  return registry.map((c, k) => {
    const row: Record<string, unknown> = { ...c };
    variables.forEach((v, j) => (row[v] = counts[j][k] > 0 ? sums[j][k] / counts[j][k] : null));
    return row;
  });
}
