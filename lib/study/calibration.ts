/**
 * The calibration magnitudes of design §6, measured on a simulated world and its analysis panel, for
 * data/truth.json ("calibration") and the tests:
 *  - resident-population growth, −shrink, pooled over the panel (2007–2023): mean and SD (%);
 *  - the share of cities whose resident population fell from 2010 to 2020, overall and in Heilongjiang (23);
 *  - mean ln GDP per capita in current prices (2007, 2021) and at 2007 prices (2021), and its SD (2007);
 *  - mean tertiary/secondary ratio (2007, 2019); China's robot stock (2010, 2019, units).
 */
import { Levels } from "./variables/levels";
import { PanelColumns } from "./variables/panelSchema";

/** The measured magnitudes. */
export interface Calibration {
  /** Mean annual resident-population growth, % (target ≈ 0.2). */
  growth_mean_pct: number;
  /** SD of annual resident-population growth, % (target ≈ 1.4). */
  growth_sd_pct: number;
  /** Share of cities whose resident population fell over 2010–2020 (target ≈ 0.4). */
  declining_2010_2020_share: number;
  /** How many of Heilongjiang's cities declined over 2010–2020, as "k/n" (target: all). */
  heilongjiang_declining: string;
  /** Mean ln GDP per capita in 2007, current prices (target ≈ 9.7). */
  lnpgdp_current_2007: number;
  /** Mean ln GDP per capita in 2021, current prices (target ≈ 11.0). */
  lnpgdp_current_2021: number;
  /** Mean ln GDP per capita in 2021 at 2007 prices (target ≈ 10.7). */
  lnpgdp_real_2021: number;
  /** SD across cities of ln GDP per capita in 2007 (target ≈ 0.7). */
  lnpgdp_sd_2007: number;
  /** Mean tertiary/secondary value-added ratio in 2007 (target ≈ 0.9). */
  isu_2007: number;
  /** Mean tertiary/secondary value-added ratio in 2019 (target ≈ 1.5). */
  isu_2019: number;
  /** China's operational robot stock in 2010 (target ≈ 52 k). */
  china_robot_stock_2010: number;
  /** China's operational robot stock in 2019 (target ≈ 783 k). */
  china_robot_stock_2019: number;
  /** Share of cities flagged shrinking (population fell 2000–2006). */
  shrinking_share: number;
}

function meanSd(xs: number[]): [number, number] {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - m) * (b - m), 0) / (xs.length - 1);
  return [m, Math.sqrt(v)];
}

/** Measures the magnitudes on levels (raw years) and the panel. `province` gives each city's province code. */
export function measureCalibration(levels: Levels, panel: PanelColumns, province: (code: string) => string): Calibration {
  const C = levels.codes.length;
  const T = levels.nYears;
  const at = (y: number): number => y - levels.firstYear;
  const growth = Array.from(panel.shrink, (s) => -s).filter((x) => Number.isFinite(x));
  const [gm, gs] = meanSd(growth);
  let dec = 0;
  let hl = 0;
  let hlDec = 0;
  const lnCur = (c: number, y: number): number => Math.log((levels.city.gdp[c * T + at(y)] * 1e8) / (levels.city.pop[c * T + at(y)] * 1e4));
  const lnReal = (c: number, y: number): number => lnCur(c, y) - Math.log(levels.deflator[at(y)] / 100);
  const cur07: number[] = [];
  const cur21: number[] = [];
  const real21: number[] = [];
  for (let c = 0; c < C; c++) {
    const d = levels.city.pop[c * T + at(2020)] < levels.city.pop[c * T + at(2010)];
    if (d) dec++;
    if (province(levels.codes[c]) === "23") {
      hl++;
      if (d) hlDec++;
    }
    cur07.push(lnCur(c, 2007));
    cur21.push(lnCur(c, 2021));
    real21.push(lnReal(c, 2021));
  }
  const byYear = (col: Float64Array, y: number): number => {
    const xs: number[] = [];
    for (let i = 0; i < col.length; i++) if (panel.year[i] === y && Number.isFinite(col[i])) xs.push(col[i]);
    return meanSd(xs)[0];
  };
  const stock = (y: number): number => {
    let s = 0;
    for (let j = 0; j < levels.industries.length; j++) s += levels.cnStock[j * T + at(y)];
    return s;
  };
  let shr = 0;
  for (let i = 0; i < panel.code.length; i++) if (panel.year[i] === panel.year[0]) shr += panel.shrinking[i];
  return {
    growth_mean_pct: gm,
    growth_sd_pct: gs,
    declining_2010_2020_share: dec / C,
    heilongjiang_declining: `${hlDec}/${hl}`,
    lnpgdp_current_2007: meanSd(cur07)[0],
    lnpgdp_current_2021: meanSd(cur21)[0],
    lnpgdp_real_2021: meanSd(real21)[0],
    lnpgdp_sd_2007: meanSd(cur07)[1],
    isu_2007: byYear(panel.isu, 2007),
    isu_2019: byYear(panel.isu, 2019),
    china_robot_stock_2010: stock(2010),
    china_robot_stock_2019: stock(2019),
    shrinking_share: shr / C,
  };
}
