/**
 * The records of one year of the world's draw (world.ts, step 6): what a statistical office would print
 * for each city, rounded, from the solved population and the latent quantities — population and migration,
 * the economy and the ratio controls' bases, innovation, robot installations — then the advance of the
 * state; in the base year 2006 also the industry employment that fixes the shift-share shares.
 * Draws come from the streams "other" and "measurement", city by city, in the order written here.
 */
import { Levels } from "../variables/levels";
import { componentFromScore, IEI_COMPONENTS } from "../variables/innovation";
import { BASE_YEAR, FIRST_RAW_YEAR } from "./params";
import { CN_PRICES } from "./prices";
import { path, T, YearlyRun } from "./worldContext";

/** The national natural growth rate of the registered population (per mille), by year. */
const NAT_GROWTH_PATH: [number, number][] = [
  [2000, 7.6],
  [2010, 4.8],
  [2019, 3.3],
  [2023, -1.5],
];

/** The innovation components' weights, in IEI_COMPONENTS order. */
const IEI_WEIGHTS = IEI_COMPONENTS.map((m) => m.weight);

/** componentFromScore, read once: under tsx every use of an import is a getter call, and this runs per city-year. */
const fromScore = componentFromScore;

const POW10 = [1, 10, 100, 1000];

/** Rounds to 0–3 decimals as the yearbooks print. */
function round(x: number, digits: number): number {
  const f = POW10[digits];
  return Math.round(x * f) / f;
}

/** What every city's records of year t share, worked out once for the year. */
interface RecordYear {
  /** The recorded city-year variables. */
  L: Levels["city"];
  /** The innovation components' columns, in IEI_COMPONENTS order. */
  ieiColumns: Float64Array[];
  /** The national natural growth rate (per mille), before the city offset and noise. */
  natGrowth: number;
  /** The GDP deflator over 100 (2007 = 1). */
  deflator: number;
  /** Yuan per US dollar. */
  xr: number;
  /** exp(−0.035·(year − 2000)): the primary-sector share's decline since 2000. */
  primaryDecay: number;
}

/** Step 6 of year t: every city's records and state advance; in the base year, the base-year employment. */
export function recordYear(run: YearlyRun, t: number): void {
  const year = FIRST_RAW_YEAR + t;
  const L = run.ctx.levels.city;
  const yr: RecordYear = {
    L,
    ieiColumns: IEI_COMPONENTS.map((m) => L[m.variable]),
    natGrowth: path(NAT_GROWTH_PATH, year),
    deflator: CN_PRICES[t].deflator / 100,
    xr: CN_PRICES[t].xr,
    primaryDecay: Math.exp(-0.035 * (year - 2000)),
  };
  const nYears = T; // read once: under tsx every use of an import is a getter call
  for (let c = 0; c < run.ctx.C; c++) recordCity(run, yr, c, c * nYears + t);
  if (year === BASE_YEAR) recordBaseYear(run, t);
}

/** City c's records of year t (city-year i), then P, H and K advance to this year's values. */
function recordCity(run: YearlyRun, yr: RecordYear, c: number, i: number): void {
  const st = run.state;
  const Pt = st.Pnew[c];
  const Ht = recordPopulation(run, yr, c, i, Pt);
  recordEconomy(run, yr, c, i, Pt);
  recordInnovation(run, yr, c, i, Pt);
  recordRobots(run, yr, c, i);
  // advance the state
  st.P[c] = Pt;
  st.H[c] = Ht;
  st.K[c] = st.Kt[c];
}

/**
 * Records the resident population and the registered one: natural growth (a national path plus the city
 * offset plus noise from "other"), net registered migration = pop_return per mille of H_{t−1}, and gross
 * out-migration at the city's rate (noise from "other"). Returns H_t. No structural parameter (pop_return
 * carries the mechanism's).
 */
function recordPopulation(run: YearlyRun, yr: RecordYear, c: number, i: number, Pt: number): number {
  const { traits: tt, state: st } = run;
  const L = yr.L;
  const ro = run.streams.other;
  const H = st.H;
  const popRec = round(Pt, 2);
  L.pop[i] = popRec;
  const nat = round(Math.max(-8, yr.natGrowth + tt.natOffset[c] + 0.8 * ro.normal()), 2);
  const net = Math.round((run.latent.mech.pop_return[i] / 1000) * H[c] * 1e4);
  const out = Math.round((tt.outRate[c] / 1000) * H[c] * 1e4 * Math.exp(0.1 * ro.normal()));
  L.mig_in[i] = out + Math.max(0, net);
  L.mig_out[i] = out + Math.max(0, -net);
  L.nat_growth[i] = nat;
  const Ht = H[c] * (1 + nat / 1000) + net / 1e4;
  L.pop_hukou[i] = round(Ht, 2);
  return Ht;
}

/**
 * Records employment (e_it·P_t), GDP at current prices from ln real GDP per capita and the deflator, its
 * sectors (the tertiary/secondary ratio is the mechanism isu), deposits and loans, FDI, fiscal spending,
 * students, road area (the ratio controls times their bases) and land area. No draw, no structural parameter.
 */
function recordEconomy(run: YearlyRun, yr: RecordYear, c: number, i: number, Pt: number): void {
  const { traits: tt, state: st } = run;
  const { ratios } = run.controls;
  const L = yr.L;
  const emp = round(st.eRate[c] * Pt, 2);
  L.emp[i] = emp;
  const pgdpNominal = Math.exp(ratios.lnpgdp[i]) * yr.deflator;
  const gdp = round((pgdpNominal * Pt * 1e4) / 1e8, 2);
  L.gdp[i] = gdp;
  const prim = Math.max(0.003, tt.primary0[c] * yr.primaryDecay);
  const isu = Math.max(0.15, run.latent.mech.isu[i]);
  const va1 = round(prim * gdp, 2);
  const va2 = round((gdp - va1) / (1 + isu), 2);
  L.va1[i] = va1;
  L.va2[i] = va2;
  L.va3[i] = round(gdp - va1 - va2, 2);
  const finTotal = ratios.fin[i] * gdp;
  L.deposits[i] = round(finTotal * tt.depositShare[c], 2);
  L.loans[i] = round(finTotal * (1 - tt.depositShare[c]), 2);
  L.fdi_usd[i] = round((ratios.open[i] * gdp * 1e8) / yr.xr / 1e4, 0);
  L.fiscal_exp[i] = round(ratios.gov[i] * gdp, 2);
  L.students[i] = Math.round(ratios.hc[i] * Pt);
  L.road_area[i] = round(ratios.infra[i] * Pt, 2);
  L.land_area[i] = tt.area[c];
}

/**
 * Records the innovation components — iei* split into four scores whose weighted mean is iei*, the
 * deviations drawn from "other" — and AI enterprises and patents, whose ln(1 + count) rises with city size
 * and true robot penetration (noise from "other"). No structural parameter (iei carries the mechanism's).
 */
function recordInnovation(run: YearlyRun, yr: RecordYear, c: number, i: number, Pt: number): void {
  const tt = run.traits;
  const L = yr.L;
  const ro = run.streams.other;
  const dev = run.dev;
  const columns = yr.ieiColumns;
  let dbar = 0;
  for (let m = 0; m < columns.length; m++) {
    dev[m] = 6 * ro.normal();
    dbar += IEI_WEIGHTS[m] * dev[m];
  }
  const iei = run.latent.mech.iei[i];
  for (let m = 0; m < columns.length; m++) {
    const v = fromScore(m, iei + dev[m] - dbar, Pt);
    columns[m][i] = Math.max(1, Math.round(v));
  }
  const aiTrue = run.latent.aiTrue;
  const size = 0.5 * Math.log(Pt / 300);
  L.ai_firms[i] = Math.max(0, Math.round(Math.exp(tt.firmsA[c] + size + 0.8 * aiTrue[i] + 0.4 + 0.3 * ro.normal()) - 1));
  L.ai_patents[i] = Math.max(0, Math.round(Math.exp(tt.patentsA[c] + size + 0.9 * aiTrue[i] + 0.6 + 0.35 * ro.normal()) - 1));
}

/**
 * Records robot installations K_t − (1 − δ)·K_t−1 with classical multiplicative error
 * exp(σ_m·u − σ_m²/2), u from "measurement" (δ = params.robots.depreciation, σ_m = .measurementSd).
 */
function recordRobots(run: YearlyRun, yr: RecordYear, c: number, i: number): void {
  const st = run.state;
  const { depreciation, measurementSd: sm } = run.ctx.params.robots;
  const rm = run.streams.measurement;
  const inst = st.Kt[c] - (1 - depreciation) * st.K[c];
  const recorded = Math.round(Math.max(0, inst) * Math.exp(sm * rm.normal() - (sm * sm) / 2));
  yr.L.robot_inst[i] = recorded;
  st.Krec[c] = (1 - depreciation) * st.Krec[c] + recorded;
}

/**
 * Base year (2006): records employment by industry (the shares times recorded employment, rounded),
 * recomputes E_j from it, replaces the shares by the recorded ones (they drive the exposure, and the
 * share-correlated errors when that option is on, from 2007 on), and sets the pre-sample shrinking flag
 * (recorded 2006 population below 2000's). No draw.
 */
function recordBaseYear(run: YearlyRun, t: number): void {
  const { C, J, levels } = run.ctx;
  const { E, shrinking } = run.state;
  const shares = run.traits.shares;
  const L = levels.city;
  E.fill(0);
  for (let c = 0; c < C; c++) {
    const emp = L.emp[c * T + t] * 1e4;
    levels.baseEmpTotal[c] = Math.round(emp);
    for (let j = 0; j < J; j++) {
      const v = Math.round(shares[c * J + j] * emp);
      levels.baseEmp[c * J + j] = v;
      E[j] += v;
    }
  }
  // shares as recorded (rounding) drive the exposure from 2007 on
  for (let c = 0; c < C; c++) for (let j = 0; j < J; j++) shares[c * J + j] = levels.baseEmp[c * J + j] / levels.baseEmpTotal[c];
  if (run.shareShock) run.shareShock.fine = null; // made again from the recorded shares
  // pre-sample shrinking flag: recorded population of 2006 below 2000's
  for (let c = 0; c < C; c++) shrinking[c] = L.pop[c * T + t] < L.pop[c * T] ? 1 : 0;
}
