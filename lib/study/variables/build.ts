/**
 * Builds the analysis panel (design §5) from harmonised levels. Row (i, t) for t = 2007…2023:
 *
 *   shrink       = −(P_t − P_{t−1}) / P_{t−1} · 100                       P: resident population
 *   shrink_hukou = the same on the registered population
 *   shrink_index = entropy-weighted index (entropy.ts) of four decline rates, each in % and oriented so
 *                  that larger = more decline: population (shrink), economic (−100·Δln real GDP),
 *                  social (−100·Δln urban-unit employment), spatial (−100·Δln paved road area)
 *   ai           = ln(1 + K_t / Emp_t), K_t = (1 − δ)·K_{t−1} + installations_t from K_1999 = 0 (units),
 *                  Emp_t in 10k persons, so K/Emp is robots per 10,000 employees
 *   ai_bartik    = Σ_j s_ij · CN_jt / E_j · 10⁴,  s_ij = Emp_ij,2006 / Emp_i,2006,  E_j = Σ_i Emp_ij,2006
 *   ai_iv        = ln(1 + Σ_j s_ij · US_jt / USEmp_j,2006 · 10⁴)   (Acemoglu & Restrepo 2020 style)
 *   ai_firms     = ln(1 + AI enterprises),  ai_patents = ln(1 + AI patents granted)
 *   lnpgdp       = ln(GDP_{t−1}·10⁸ / (deflator_{t−1}/100) / (P_{t−1}·10⁴))   yuan per person, 2007 prices
 *   gov          = fiscal expenditure_{t−1} / GDP_{t−1}
 *   fin          = (deposits + loans)_{t−1} / GDP_{t−1}
 *   open         = FDI_{t−1} (万美元 · 10⁴ · CNY per USD_{t−1}) / (GDP_{t−1} · 10⁸)
 *   hc           = college students_{t−1} / P_{t−1}         (per 10,000 residents; P in 10k persons)
 *   infra        = road area_{t−1} / P_{t−1}                 (m² per resident)
 *   density      = ln(H_{t−1} · 10⁴ / land area)             (ln registered residents per km², the yearbook's
 *                  人口密度 = 年末户籍人口 / 行政区域土地面积; H: registered population)
 *   pop_return   = (in-migrants − out-migrants)_t / (H_{t−1} · 10⁴) · 1000   (per 1,000 registered residents)
 *   iei          = innovation.ts, isu = tertiary / secondary value added (current prices; deflation cancels)
 *   share_sum    = Σ_j s_ij;  shrinking = 1[P_2006 < P_2000];  hu_se, peripheral, resource from the registry
 * gov, fin, open, hc and infra are winsorized at the pooled 1st/99th percentiles (R type 7) of the panel.
 * Any missing input gives NaN for the variables that use it (the cleaner interpolates short gaps first).
 */
import { DataError } from "../../errors";
import { entropyIndex } from "./entropy";
import { ieiFromComponents, IEI_COMPONENTS } from "./innovation";
import { Levels } from "./levels";
import { PANEL_VARS, PanelColumns, PanelVar, WINSORIZED } from "./panelSchema";
import { winsorize } from "../../toolkit/quantile";

/** Options of the panel build. */
export interface BuildOptions {
  /** First and last panel year (2007, 2023). */
  firstYear?: number;
  lastYear?: number;
  /** Robot depreciation δ for the perpetual inventory (0.1). */
  depreciation?: number;
  /** Winsorizing percentiles for the ratio controls ([0.01, 0.99]); null turns winsorizing off. */
  winsor?: [number, number] | null;
}

/** What the build reports besides the panel. */
export interface BuildMeta {
  entropyWeights: Record<"population" | "economic" | "social" | "spatial", number>;
  winsor: Record<string, { lo: number; hi: number; changed: number }>;
}

/** The panel and the numbers the build chose (entropy weights, winsorizing bounds). */
export function buildPanel(levels: Levels, options: BuildOptions = {}): { panel: PanelColumns; meta: BuildMeta } {
  const first = options.firstYear ?? 2007;
  const last = options.lastYear ?? 2023;
  const delta = options.depreciation ?? 0.1;
  const winsor = options.winsor === undefined ? ([0.01, 0.99] as [number, number]) : options.winsor;
  const C = levels.codes.length;
  const T = levels.nYears;
  const Y = last - first + 1;
  const n = C * Y;
  const t0 = first - levels.firstYear;
  if (t0 < 1) throw new DataError(`buildPanel needs levels from ${first - 1} (one year before the panel); they start in ${levels.firstYear}.`);
  const L = levels.city;
  const J = levels.industries.length;
  const cols = {} as Record<PanelVar, Float64Array>;
  for (const v of PANEL_VARS) cols[v] = new Float64Array(n).fill(NaN);
  const code: string[] = new Array(n);
  const year = new Float64Array(n);
  const ind = {
    economic: new Float64Array(n).fill(NaN),
    social: new Float64Array(n).fill(NaN),
    spatial: new Float64Array(n).fill(NaN),
  };

  // shift-share ingredients
  const E = new Float64Array(J);
  for (let c = 0; c < C; c++) for (let j = 0; j < J; j++) E[j] += levels.baseEmp[c * J + j];

  const ieiIn = IEI_COMPONENTS.map((m) => L[m.variable]);
  const ieiVals = new Array<number>(ieiIn.length).fill(0);
  for (let c = 0; c < C; c++) {
    // robot stock by perpetual inventory from the first raw year
    const K = new Float64Array(T);
    let k = 0;
    for (let t = 0; t < T; t++) {
      const inst = L.robot_inst[c * T + t];
      k = (1 - delta) * k + inst; // NaN propagates: a missing installation year leaves the stock unknown
      K[t] = k;
    }
    const s = new Float64Array(J);
    let shareSum = 0;
    for (let j = 0; j < J; j++) {
      s[j] = levels.baseEmp[c * J + j] / levels.baseEmpTotal[c];
      shareSum += s[j];
    }
    const shrinking = L.pop[c * T + (2006 - levels.firstYear)] < L.pop[c * T] ? 1 : 0;
    for (let yy = 0; yy < Y; yy++) {
      const t = t0 + yy;
      const i = c * T + t;
      const l = i - 1;
      const r = c * Y + yy;
      code[r] = levels.codes[c];
      year[r] = first + yy;
      const P = L.pop[i];
      const Pl = L.pop[l];
      cols.shrink[r] = (-(P - Pl) / Pl) * 100;
      cols.shrink_hukou[r] = (-(L.pop_hukou[i] - L.pop_hukou[l]) / L.pop_hukou[l]) * 100;
      cols.ai[r] = Math.log(1 + K[t] / L.emp[i]);
      let bart = 0;
      let us = 0;
      for (let j = 0; j < J; j++) {
        bart += (s[j] * levels.cnStock[j * T + t]) / E[j];
        us += (s[j] * levels.usStock[j * T + t]) / levels.usBaseEmp[j];
      }
      cols.ai_bartik[r] = bart * 1e4;
      cols.ai_iv[r] = Math.log(1 + us * 1e4);
      cols.ai_firms[r] = Math.log(1 + L.ai_firms[i]);
      cols.ai_patents[r] = Math.log(1 + L.ai_patents[i]);
      const gdpl = L.gdp[l];
      cols.lnpgdp[r] = Math.log((gdpl * 1e8) / (levels.deflator[t - 1] / 100) / (Pl * 1e4));
      cols.gov[r] = L.fiscal_exp[l] / gdpl;
      cols.fin[r] = (L.deposits[l] + L.loans[l]) / gdpl;
      cols.open[r] = (L.fdi_usd[l] * 1e4 * levels.xr[t - 1]) / (gdpl * 1e8);
      cols.hc[r] = L.students[l] / Pl;
      cols.infra[r] = L.road_area[l] / Pl;
      cols.density[r] = Math.log((L.pop_hukou[l] * 1e4) / L.land_area[l]);
      cols.pop_return[r] = ((L.mig_in[i] - L.mig_out[i]) / (L.pop_hukou[l] * 1e4)) * 1000;
      for (let m = 0; m < ieiIn.length; m++) ieiVals[m] = ieiIn[m][i];
      cols.iei[r] = ieiFromComponents(ieiVals, P);
      cols.isu[r] = L.va3[i] / L.va2[i];
      cols.share_sum[r] = shareSum;
      cols.shrinking[r] = shrinking;
      cols.hu_se[r] = levels.hu_se[c];
      cols.peripheral[r] = levels.peripheral[c];
      cols.resource[r] = levels.resource[c];
      const realGdp = L.gdp[i] / levels.deflator[t];
      const realGdpL = gdpl / levels.deflator[t - 1];
      ind.economic[r] = -100 * Math.log(realGdp / realGdpL);
      ind.social[r] = -100 * Math.log(L.emp[i] / L.emp[l]);
      ind.spatial[r] = -100 * Math.log(L.road_area[i] / L.road_area[l]);
    }
  }
  const ent = entropyIndex([cols.shrink, ind.economic, ind.social, ind.spatial]);
  cols.shrink_index = ent.index;
  const meta: BuildMeta = {
    entropyWeights: { population: ent.weights[0], economic: ent.weights[1], social: ent.weights[2], spatial: ent.weights[3] },
    winsor: {},
  };
  if (winsor) {
    for (const v of WINSORIZED) {
      const w = winsorize(cols[v], winsor[0], winsor[1]);
      cols[v] = w.values;
      meta.winsor[v] = { lo: w.lo, hi: w.hi, changed: w.changed };
    }
  }
  return { panel: { code, year, ...cols }, meta };
}
