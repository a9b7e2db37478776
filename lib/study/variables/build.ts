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
 *   share_sum    = Σ_j s_ij;  shrinking = 1[P_2006 < P_2000] (missing when either is);  hu_se, peripheral,
 *                  resource from the registry
 * gov, fin, open, hc and infra are winsorized at the pooled 1st/99th percentiles (R type 7) of the panel.
 * Any missing input gives NaN for the variables that use it (the cleaner interpolates short gaps first),
 * and so does an undefined formula (a division by zero): a value that is not finite is never kept.
 * Which inputs each variable reads is listed in inputs.ts.
 */
import { DataError } from "../../errors";
import { entropyIndex } from "./entropy";
import { ieiFromComponents, IEI_COMPONENTS } from "./innovation";
import { Levels } from "./levels";
import { PANEL_VARS, PanelColumns, PanelVar, WINSORIZED } from "./panelSchema";
import { winsorize } from "../../toolkit/quantile";

/** ieiFromComponents, read once: under tsx every use of an import is a getter call, and this runs per row. */
const ieiOf = ieiFromComponents;

/** Options of the panel build. */
export interface BuildOptions {
  /** First panel year (2007); the levels must start at least one year earlier. */
  firstYear?: number;
  /** Last panel year (2023). */
  lastYear?: number;
  /** Robot depreciation δ for the perpetual inventory (0.1). */
  depreciation?: number;
  /** Winsorizing percentiles for the ratio controls ([0.01, 0.99]); null turns winsorizing off. */
  winsor?: [number, number] | null;
}

/** What the build reports besides the panel. */
export interface BuildMeta {
  /**
   * Entropy weights of the four decline rates in `shrink_index` (entropy.ts; they sum to 1):
   * w_k = (1 − e_k) / Σ_l (1 − e_l), e_k the entropy of indicator k's min–max-normalised shares — the
   * entropy weight method (Zhu, Tian & Yan 2020, Math. Probl. Eng.).
   */
  entropyWeights: Record<"population" | "economic" | "social" | "spatial", number>;
  /**
   * By winsorized variable: the panel rows whose value was clipped to a bound (ascending); empty when
   * winsorizing is off. Not written to audit_summary.json (the value audit counts them).
   */
  clippedRows: Record<string, number[]>;
  /**
   * By winsorized variable: the pooled quantiles (R type 7) it was clipped to and how many values
   * changed; empty when winsorizing is off.
   */
  winsor: Record<
    string,
    {
      /** Lower bound: the pooled `winsor[0]` quantile; smaller values were raised to it. */
      lo: number;
      /** Upper bound: the pooled `winsor[1]` quantile; larger values were lowered to it. */
      hi: number;
      /** How many values were clipped. */
      changed: number;
    }
  >;
}

/**
 * The panel (formulas in the module comment) and the numbers the build chose (entropy weights,
 * winsorizing bounds): row (i, t) for every city of `levels` and t = firstYear…lastYear, cities in
 * registry order, years ascending within a city.
 * @throws DataError when the levels do not start at least one year before the panel.
 * @example buildPanel(levels).panel.shrink.length // 287 · 17 = 4879 with the default years
 */
export function buildPanel(
  levels: Levels,
  options: BuildOptions = {},
): {
  /** The analysis panel, one column per variable of panelSchema.ts plus `code` and `year`. */
  panel: PanelColumns;
  /** The entropy weights and winsorizing bounds the build chose. */
  meta: BuildMeta;
} {
  const plan = planBuild(levels, options);
  const work = emptyPanel(levels.codes.length * plan.Y);
  const E = industryTotals(levels);
  const ieiIn = IEI_COMPONENTS.map((m) => levels.city[m.variable]);
  for (let c = 0; c < levels.codes.length; c++) {
    const city = cityInputs(levels, c, plan.delta);
    for (let yy = 0; yy < plan.Y; yy++) fillRow(levels, plan, E, ieiIn, city, yy, work);
  }
  return finishPanel(work, plan.winsor);
}

/** The build's settings with defaults applied, and the sizes and offsets they imply. */
interface BuildPlan {
  /** First panel year. */
  readonly first: number;
  /** Robot depreciation δ. */
  readonly delta: number;
  /** Winsorizing percentiles, or null for none. */
  readonly winsor: [number, number] | null;
  /** Number of years of the levels. */
  readonly T: number;
  /** Number of panel years, lastYear − firstYear + 1. */
  readonly Y: number;
  /** Index in the levels' years of the first panel year (≥ 1: year t − 1 is needed). */
  readonly t0: number;
}

/**
 * Applies the defaults of {@link BuildOptions} and checks that the levels hold the year before the panel.
 * @throws DataError when they do not.
 * @example planBuild(levels, {}).t0 // 7: levels from 2000, panel from 2007
 */
function planBuild(levels: Levels, options: BuildOptions): BuildPlan {
  const first = options.firstYear ?? 2007;
  const last = options.lastYear ?? 2023;
  const delta = options.depreciation ?? 0.1;
  const winsor = options.winsor === undefined ? ([0.01, 0.99] as [number, number]) : options.winsor;
  const t0 = first - levels.firstYear;
  if (t0 < 1) throw new DataError(`buildPanel needs levels from ${first - 1} (one year before the panel); they start in ${levels.firstYear}.`);
  return { first, delta, winsor, T: levels.nYears, Y: last - first + 1, t0 };
}

/** The panel being filled: its columns and the three decline rates that enter `shrink_index`. */
interface PanelWork {
  /** One column per panel variable, NaN until filled. */
  readonly cols: Record<PanelVar, Float64Array>;
  /** City code of each row. */
  readonly code: string[];
  /** Year of each row. */
  readonly year: Float64Array;
  /** Economic, social and spatial decline rates (%), NaN until filled. */
  readonly ind: { economic: Float64Array; social: Float64Array; spatial: Float64Array };
  /** Scratch space for one row's innovation components. */
  readonly ieiVals: number[];
}

/**
 * An all-NaN panel of `n` rows.
 * @example emptyPanel(2).cols.shrink // Float64Array [NaN, NaN]
 */
function emptyPanel(n: number): PanelWork {
  // built in one go: an object filled key by key past ~20 keys falls into V8's slow dictionary mode
  const cols = Object.fromEntries(PANEL_VARS.map((v) => [v, new Float64Array(n).fill(NaN)])) as Record<PanelVar, Float64Array>;
  return {
    cols,
    code: new Array(n),
    year: new Float64Array(n),
    ind: {
      economic: new Float64Array(n).fill(NaN),
      social: new Float64Array(n).fill(NaN),
      spatial: new Float64Array(n).fill(NaN),
    },
    ieiVals: new Array<number>(IEI_COMPONENTS.length).fill(0),
  };
}

/**
 * The shift-share denominators E_j = Σ_i Emp_ij,2006: base-year employment of industry j summed over cities.
 * @example industryTotals(levels)[0] // national 2006 employment of the first IFR industry
 */
function industryTotals(levels: Levels): Float64Array {
  const C = levels.codes.length;
  const J = levels.industries.length;
  const E = new Float64Array(J);
  for (let c = 0; c < C; c++) for (let j = 0; j < J; j++) E[j] += levels.baseEmp[c * J + j];
  return E;
}

/** What a city's rows share: its robot stock series, its industry shares and its time-invariant facts. */
interface CityInputs {
  /** The city's position in the levels. */
  readonly c: number;
  /** Robot stock K_t by year of the levels (perpetual inventory). */
  readonly K: Float64Array;
  /** Base-year industry shares s_ij = Emp_ij,2006 / Emp_i,2006. */
  readonly s: Float64Array;
  /** Σ_j s_ij. */
  readonly shareSum: number;
  /** 1[P_2006 < P_2000]. */
  readonly shrinking: number;
}

/**
 * A city's inputs shared by all its rows: robot stock K_t = (1 − δ)·K_{t−1} + installations_t from
 * K = 0 before the first year of the levels (a missing installation year leaves every later stock NaN),
 * shares s_ij = Emp_ij,2006 / Emp_i,2006 and their sum, and shrinking = 1[P_2006 < P_first year]
 * (NaN when either population is missing: NaN < x would read as "not shrinking").
 * @example cityInputs(levels, 0, 0.1).shareSum // ≈ 1 when the industries cover all employment
 */
function cityInputs(levels: Levels, c: number, delta: number): CityInputs {
  const L = levels.city;
  const T = levels.nYears;
  const J = levels.industries.length;
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
  const t2006 = 2006 - levels.firstYear;
  const p2006 = t2006 >= 0 && t2006 < T ? L.pop[c * T + t2006] : NaN;
  const pFirst = L.pop[c * T];
  const shrinking = Number.isNaN(p2006) || Number.isNaN(pFirst) ? NaN : p2006 < pFirst ? 1 : 0;
  return { c, K, s, shareSum, shrinking };
}

/**
 * Row (i, t) of the panel, t the `yy`-th panel year: its keys, then the outcome, treatment and control
 * variables (formulas in the module comment) and the city's facts.
 * @example fillRow(levels, plan, E, ieiIn, cityInputs(levels, 0, 0.1), 0, work) // fills row 0: city 0, first panel year
 */
function fillRow(levels: Levels, plan: BuildPlan, E: Float64Array, ieiIn: Float64Array[], city: CityInputs, yy: number, work: PanelWork): void {
  const c = city.c;
  const t = plan.t0 + yy;
  const r = c * plan.Y + yy;
  work.code[r] = levels.codes[c];
  work.year[r] = plan.first + yy;
  fillOutcomes(levels, c * plan.T + t, t, r, work);
  fillTreatments(levels, E, city, c * plan.T + t, t, r, work.cols);
  fillControls(levels, ieiIn, c * plan.T + t, t, r, work);
  const cols = work.cols;
  cols.share_sum[r] = city.shareSum;
  cols.shrinking[r] = city.shrinking;
  cols.hu_se[r] = levels.hu_se[c];
  cols.peripheral[r] = levels.peripheral[c];
  cols.resource[r] = levels.resource[c];
}

/**
 * The population decline rates of row r and the three other decline rates of `shrink_index`, from
 * city-year i (year t) and i − 1:
 * shrink = −(P_t − P_{t−1}) / P_{t−1} · 100, shrink_hukou the same on H; economic = −100·Δln(GDP_t / deflator_t),
 * social = −100·Δln Emp_t, spatial = −100·Δln road area_t.
 * @example fillOutcomes(levels, i, t, r, work) // work.cols.shrink[r] = 1.5 when P fell from 200 to 197
 */
function fillOutcomes(levels: Levels, i: number, t: number, r: number, work: PanelWork): void {
  const L = levels.city;
  const l = i - 1;
  const P = L.pop[i];
  const Pl = L.pop[l];
  work.cols.shrink[r] = (-(P - Pl) / Pl) * 100;
  work.cols.shrink_hukou[r] = (-(L.pop_hukou[i] - L.pop_hukou[l]) / L.pop_hukou[l]) * 100;
  const realGdp = L.gdp[i] / levels.deflator[t];
  const realGdpL = L.gdp[l] / levels.deflator[t - 1];
  work.ind.economic[r] = -100 * Math.log(realGdp / realGdpL);
  work.ind.social[r] = -100 * Math.log(L.emp[i] / L.emp[l]);
  work.ind.spatial[r] = -100 * Math.log(L.road_area[i] / L.road_area[l]);
}

/**
 * The AI measures of row r from city-year i (year t): ai = ln(1 + K_t / Emp_t);
 * ai_bartik = Σ_j s_ij · CN_jt / E_j · 10⁴; ai_iv = ln(1 + Σ_j s_ij · US_jt / USEmp_j,2006 · 10⁴)
 * (Acemoglu & Restrepo 2020); ai_firms = ln(1 + AI enterprises); ai_patents = ln(1 + AI patents).
 * @example fillTreatments(levels, E, city, i, t, r, cols) // cols.ai[r] = ln(1 + 50 / 25) with K = 50 robots, Emp = 25 (10k)
 */
function fillTreatments(levels: Levels, E: Float64Array, city: CityInputs, i: number, t: number, r: number, cols: Record<PanelVar, Float64Array>): void {
  const L = levels.city;
  const T = levels.nYears;
  cols.ai[r] = Math.log(1 + city.K[t] / L.emp[i]);
  let bart = 0;
  let us = 0;
  for (let j = 0; j < E.length; j++) {
    bart += (city.s[j] * levels.cnStock[j * T + t]) / E[j];
    us += (city.s[j] * levels.usStock[j * T + t]) / levels.usBaseEmp[j];
  }
  cols.ai_bartik[r] = bart * 1e4;
  cols.ai_iv[r] = Math.log(1 + us * 1e4);
  cols.ai_firms[r] = Math.log(1 + L.ai_firms[i]);
  cols.ai_patents[r] = Math.log(1 + L.ai_patents[i]);
}

/**
 * The controls of row r, lagged one year (city-year i − 1, year t − 1) except pop_return, iei and isu:
 * lnpgdp = ln(GDP·10⁸ / (deflator/100) / (P·10⁴)); gov = fiscal expenditure / GDP; fin = (deposits + loans) / GDP;
 * open = FDI·10⁴·xr / (GDP·10⁸); hc = students / P; infra = road area / P; density = ln(H·10⁴ / land area);
 * pop_return = (in − out migrants)_t / (H_{t−1}·10⁴) · 1000; iei from the innovation components
 * (innovation.ts); isu = VA3_t / VA2_t.
 * @example fillControls(levels, ieiIn, i, t, r, work) // work.cols.gov[r] = 0.2 with expenditure 20 and GDP 100 (亿元)
 */
function fillControls(levels: Levels, ieiIn: Float64Array[], i: number, t: number, r: number, work: PanelWork): void {
  const L = levels.city;
  const cols = work.cols;
  const l = i - 1;
  const Pl = L.pop[l];
  const gdpl = L.gdp[l];
  cols.lnpgdp[r] = Math.log((gdpl * 1e8) / (levels.deflator[t - 1] / 100) / (Pl * 1e4));
  cols.gov[r] = L.fiscal_exp[l] / gdpl;
  cols.fin[r] = (L.deposits[l] + L.loans[l]) / gdpl;
  cols.open[r] = (L.fdi_usd[l] * 1e4 * levels.xr[t - 1]) / (gdpl * 1e8);
  cols.hc[r] = L.students[l] / Pl;
  cols.infra[r] = L.road_area[l] / Pl;
  cols.density[r] = Math.log((L.pop_hukou[l] * 1e4) / L.land_area[l]);
  cols.pop_return[r] = ((L.mig_in[i] - L.mig_out[i]) / (L.pop_hukou[l] * 1e4)) * 1000;
  for (let m = 0; m < ieiIn.length; m++) work.ieiVals[m] = ieiIn[m][i];
  cols.iei[r] = ieiOf(work.ieiVals, L.pop[i]);
  cols.isu[r] = L.va3[i] / L.va2[i];
}

/**
 * Completes the panel: values that are not finite (a division by zero) become NaN, `shrink_index` is the
 * entropy-weighted index of the four decline rates (entropy.ts), then the ratio controls (WINSORIZED) are
 * clipped to their pooled `winsor` quantiles (R type 7) unless `winsor` is null; the clipped rows are
 * recorded in `meta.clippedRows`.
 * @example finishPanel(work, [0.01, 0.99]).meta.winsor.gov // { lo, hi, changed }
 */
function finishPanel(work: PanelWork, winsor: [number, number] | null): { panel: PanelColumns; meta: BuildMeta } {
  const { cols, ind } = work;
  for (const x of [...Object.values(cols), ind.economic, ind.social, ind.spatial]) {
    for (let i = 0; i < x.length; i++) if (x[i] === Infinity || x[i] === -Infinity) x[i] = NaN;
  }
  const ent = entropyIndex([cols.shrink, ind.economic, ind.social, ind.spatial]);
  cols.shrink_index = ent.index;
  const meta: BuildMeta = {
    entropyWeights: { population: ent.weights[0], economic: ent.weights[1], social: ent.weights[2], spatial: ent.weights[3] },
    winsor: {},
    clippedRows: {},
  };
  if (winsor) {
    for (const v of WINSORIZED) {
      const raw = cols[v];
      const w = winsorize(raw, winsor[0], winsor[1]);
      const clipped: number[] = [];
      for (let i = 0; i < w.values.length; i++) if (w.values[i] !== raw[i] && !Number.isNaN(w.values[i])) clipped.push(i);
      cols[v] = w.values;
      meta.clippedRows[v] = clipped;
      meta.winsor[v] = { lo: w.lo, hi: w.hi, changed: w.changed };
    }
  }
  return { panel: { code: work.code, year: work.year, ...cols }, meta };
}
