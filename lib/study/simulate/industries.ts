/**
 * The robot-using industries of the International Federation of Robotics (IFR) and simulated national robot
 * stocks by industry for China and the United States, 2000–2023.
 *
 * National totals follow the published IFR orders of magnitude (China ≈ 52 k operational robots in 2010 and
 * ≈ 783 k in 2019; US ≈ 170 k in 2010, ≈ 293 k in 2019); the split across industries is simulated: each
 * industry's share drifts at its own rate, and the US drifts are correlated with China's (the technology
 * frontier moves both), which is what gives the US shift-share instrument its first stage
 * (Acemoglu & Restrepo 2020, "Robots and Jobs", JPE 128(6); Wang & Dong 2020 for China).
 */
import { Rng } from "../../random/rng";
import { FIRST_RAW_YEAR, N_RAW_YEARS } from "./params";

/** One IFR industry: code (IFR classification), name, China's and the US's share of robots in 2000,
 * China's drift of that share (per year, log points), its weight in Chinese cities' base-year IFR employment,
 * and US employment in 2006 (persons). */
export interface Industry {
  /** IFR industry code. */
  code: string;
  /** English name (snake case). */
  name: string;
  /** China's share of the national robot stock in 2000. */
  cnShare2000: number;
  /** The US's share of its national robot stock in 2000. */
  usShare2000: number;
  /** China's drift of that share (log points per year). */
  drift: number;
  /** Weight in Chinese cities' base-year IFR employment. */
  empWeight: number;
  /** US employment in 2006 (persons). */
  usEmp2006: number;
}

/** The 12 IFR industries used for the shift-share measures. */
export const INDUSTRIES: readonly Industry[] = [
  { code: "AB", name: "agriculture_forestry_fishing", cnShare2000: 0.01, usShare2000: 0.01, drift: 0.0, empWeight: 0.12, usEmp2006: 2_100_000 },
  { code: "C", name: "mining_quarrying", cnShare2000: 0.01, usShare2000: 0.01, drift: -0.03, empWeight: 0.08, usEmp2006: 690_000 },
  { code: "10-12", name: "food_beverages_tobacco", cnShare2000: 0.04, usShare2000: 0.04, drift: 0.02, empWeight: 0.09, usEmp2006: 1_520_000 },
  { code: "13-15", name: "textiles_apparel", cnShare2000: 0.02, usShare2000: 0.01, drift: -0.04, empWeight: 0.12, usEmp2006: 590_000 },
  { code: "16-18", name: "wood_paper_printing", cnShare2000: 0.02, usShare2000: 0.02, drift: -0.03, empWeight: 0.06, usEmp2006: 1_160_000 },
  { code: "19-22", name: "plastics_chemicals", cnShare2000: 0.1, usShare2000: 0.1, drift: 0.0, empWeight: 0.11, usEmp2006: 1_700_000 },
  { code: "23", name: "glass_ceramics_minerals", cnShare2000: 0.04, usShare2000: 0.02, drift: -0.02, empWeight: 0.07, usEmp2006: 510_000 },
  { code: "24", name: "basic_metals", cnShare2000: 0.05, usShare2000: 0.04, drift: 0.01, empWeight: 0.07, usEmp2006: 460_000 },
  { code: "25", name: "metal_products", cnShare2000: 0.08, usShare2000: 0.07, drift: 0.04, empWeight: 0.06, usEmp2006: 1_560_000 },
  { code: "26-27", name: "electrical_electronics", cnShare2000: 0.12, usShare2000: 0.12, drift: 0.09, empWeight: 0.09, usEmp2006: 1_900_000 },
  { code: "28", name: "industrial_machinery", cnShare2000: 0.06, usShare2000: 0.05, drift: 0.03, empWeight: 0.07, usEmp2006: 1_190_000 },
  { code: "29-30", name: "automotive", cnShare2000: 0.45, usShare2000: 0.51, drift: -0.04, empWeight: 0.06, usEmp2006: 1_100_000 },
];

/** China's operational robot stock, 2000–2023 (IFR-like path; thousands of units). */
export const CN_TOTAL_K = [
  2.0, 2.8, 3.6, 5.0, 7.1, 11.6, 16.0, 22.4, 31.8, 37.3, 52.3, 74.3, 96.9, 132.8, 189.4, 256.5, 349.5, 473.4,
  649.4, 783.4, 943.2, 1224.2, 1500.0, 1755.1,
];
/** The United States' operational robot stock, 2000–2023 (IFR-like path; thousands of units). */
export const US_TOTAL_K = [
  89.9, 96.1, 100.0, 107.0, 115.0, 124.0, 133.0, 141.0, 147.0, 150.0, 168.6, 184.7, 197.8, 213.0, 225.0, 239.0,
  255.0, 273.0, 285.0, 293.2, 305.0, 335.0, 365.0, 390.0,
];

/** The US drift of industry j is US_DRIFT_LOADING · (China's drift) + N(0, US_DRIFT_NOISE²). */
export const US_DRIFT_LOADING = 0.9;
/** SD of the US drifts around US_DRIFT_LOADING · China's drift (log points per year). */
export const US_DRIFT_NOISE = 0.005;

/** National robot stocks by industry: cn[j·T + t], us[j·T + t] in units, T = 24 years from 2000. */
export interface IndustryStocks {
  /** China's stock of industry j in year index t, at j·T + t. */
  cn: Float64Array;
  /** The United States' stock of industry j in year index t, at j·T + t. */
  us: Float64Array;
}

/**
 * Draws the split of the national totals across industries.
 *
 *   share_jt ∝ share_j,2000 · exp(g_j·(t − 2000) + e_jt),   e_jt = 0.7·e_j,t−1 + N(0, 0.04²)
 *
 * with g_j = s·drift for China and g_j = 0.9·s·drift + N(0, 0.005²) for the US (s = driftScale) (correlated frontiers); the
 * industry-year noise e_jt is drawn separately for each country.
 */
export function drawIndustryStocks(rng: Rng, driftScale = 1): IndustryStocks {
  const T = N_RAW_YEARS;
  const J = INDUSTRIES.length;
  const cn = new Float64Array(J * T);
  const us = new Float64Array(J * T);
  const r = rng.fork("industries");
  const usDrift = INDUSTRIES.map((ind) => driftScale * US_DRIFT_LOADING * ind.drift + US_DRIFT_NOISE * r.normal());
  const fill = (out: Float64Array, totals: readonly number[], share0: (j: number) => number, drift: (j: number) => number, label: string): void => {
    const rr = r.fork(label);
    const e = new Float64Array(J);
    for (let t = 0; t < T; t++) {
      let sum = 0;
      for (let j = 0; j < J; j++) {
        e[j] = 0.7 * e[j] + 0.04 * rr.normal();
        const w = share0(j) * Math.exp(drift(j) * t + e[j]);
        out[j * T + t] = w;
        sum += w;
      }
      for (let j = 0; j < J; j++) out[j * T + t] = Math.round((out[j * T + t] / sum) * totals[t] * 1000);
    }
  };
  fill(cn, CN_TOTAL_K, (j) => INDUSTRIES[j].cnShare2000, (j) => driftScale * INDUSTRIES[j].drift, "cn");
  fill(us, US_TOTAL_K, (j) => INDUSTRIES[j].usShare2000, (j) => usDrift[j], "us");
  return { cn, us };
}

/** The calendar year of raw-year index t. */
export function yearOf(t: number): number {
  return FIRST_RAW_YEAR + t;
}
