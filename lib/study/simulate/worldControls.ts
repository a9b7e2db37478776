/**
 * The exogenous controls X of the world's draw (world.ts): each city's ratios and ln real GDP per capita
 * follow their own AR(1) deviations around a trend, drawn for all years before the yearly process starts
 * (so the winsorizing bounds of the outcome equation are known), from the stream "controls".
 */
import { Rng } from "../../random/rng";
import { quantile7Unsorted } from "../../toolkit/quantile";
import { FIRST_PANEL_YEAR, FIRST_RAW_YEAR } from "./params";
import { CityTraits, ControlSeries, path, RATIO_CONTROLS, T, WorldContext } from "./worldContext";

/** Real GDP per capita at 2007 prices, cross-city mean of logs, in 2000, 2007, 2021 (design §6). */
const LNPGDP_PATH: [number, number][] = [
  [2000, 9.05],
  [2007, 9.65],
  [2021, 10.62],
  [2023, 10.72],
];

/**
 * Draws the control series of every city and year from `rr` ("controls"): per city and year, six AR(1)
 * deviations (gov, fin, open, hc, infra, lnpgdp, in that order) around each control's trend from the
 * city's traits (ratio0, pgdpA, pgdpTheta). Uses no structural parameter (γ weighs X in the outcome
 * only); returns the series and their winsorized copies.
 */
export function drawControls(ctx: WorldContext, tt: CityTraits, rr: Rng): ControlSeries {
  const C = ctx.C;
  // imported constants read once, not per city-year (under tsx every use of an import is a getter call)
  const nYears = T;
  const firstYear = FIRST_RAW_YEAR;
  const f = (): Float64Array => new Float64Array(C * nYears);
  const ratios: ControlSeries["ratios"] = { gov: f(), fin: f(), open: f(), hc: f(), infra: f(), lnpgdp: f() };
  const ratio0 = tt.ratio0;
  const lnpgdpPath = Float64Array.from({ length: nYears }, (_, t) => path(LNPGDP_PATH, firstYear + t)); // by year index
  for (let c = 0; c < C; c++) {
    let eg = 0, ef = 0, eo = 0, eh = 0, ei = 0, ep = 0;
    for (let t = 0; t < nYears; t++) {
      const y = firstYear + t;
      eg = 0.7 * eg + 0.06 * rr.normal();
      ef = 0.7 * ef + 0.05 * rr.normal();
      eo = 0.6 * eo + 0.25 * rr.normal();
      eh = 0.8 * eh + 0.05 * rr.normal();
      ei = 0.7 * ei + 0.05 * rr.normal();
      ep = 0.7 * ep + 0.03 * rr.normal();
      const i = c * nYears + t;
      ratios.gov[i] = ratio0.gov[c] * Math.exp(0.02 * (y - 2007) + eg);
      ratios.fin[i] = ratio0.fin[c] * Math.exp(0.025 * (y - 2007) + ef);
      ratios.open[i] = ratio0.open[c] * Math.exp(-0.04 * Math.max(0, y - 2008) + eo);
      ratios.hc[i] = ratio0.hc[c] * Math.exp(0.05 * Math.min(y - 2007, 8) + eh);
      ratios.infra[i] = ratio0.infra[c] * Math.exp(0.045 * (y - 2007) + ei);
      ratios.lnpgdp[i] = lnpgdpPath[t] + tt.pgdpA[c] + tt.pgdpTheta[c] * (y - 2007) + ep;
    }
  }
  return { ratios, wins: winsorizeControls(C, ratios) };
}

/**
 * Winsorized copies of the ratio controls for the outcome equation: bounds are the pooled 1st/99th
 * percentiles (type 7) over the lagged panel window, years 2006–2022, exactly as the panel reports them.
 * No draw, no structural parameter.
 */
export function winsorizeControls(C: number, ratios: ControlSeries["ratios"]): ControlSeries["wins"] {
  const n = C * T;
  const f = (): Float64Array => new Float64Array(n);
  const wins: ControlSeries["wins"] = { gov: f(), fin: f(), open: f(), hc: f(), infra: f() };
  const tl0 = FIRST_PANEL_YEAR - 1 - FIRST_RAW_YEAR; // 2006
  const tl1 = T - 1; // 2023, the end of the window (exclusive)
  for (const k of RATIO_CONTROLS) {
    const x = ratios[k];
    const out = wins[k];
    const window = new Float64Array(C * (tl1 - tl0));
    let w = 0;
    for (let c = 0; c < C; c++) {
      const row = c * T;
      for (let t = tl0; t < tl1; t++) window[w++] = x[row + t];
    }
    const lo = quantile7Unsorted(window, 0.01);
    const hi = quantile7Unsorted(window, 0.99);
    for (let i = 0; i < n; i++) out[i] = Math.min(hi, Math.max(lo, x[i]));
  }
  return wins;
}
