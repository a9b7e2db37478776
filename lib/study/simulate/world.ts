/**
 * The data-generating process of the simulated panel (design §6): one seeded draw of every city's yearly
 * levels, 2000–2023, as a statistical office would record them (rounded), plus the latent quantities the
 * truth is computed from.
 *
 * Timing within year t, for every city i (P in 10k persons):
 *  1. shocks S_it ~ N(0,1), adoption noise ν_it = ρ·ν_i,t−1 + N(0, σ_ν²), outcome noise ε_it, mechanism noise η;
 *  2. robot target (robots per 10k employees) R*_it = B_it · exp(α_i + λ_i·(t − 2007) + ψ_a·S_it + ν_it)·κ_t, where
 *     B_it = Σ_j s_ij,2006 · CN_jt / E_j · 10⁴ is the China shift-share exposure and κ_t scales the
 *     targets to add up to China's national stock that year; the stock follows
 *     K_it = max(R*_it · e_it·P_i,t−1, (1 − δ)·K_i,t−1) (installations cannot be negative);
 *  3. ai*_it = ln(1 + K_it / (e_it·P_it)) — robots per 10k employees, employees = e_it·P_it — so ai* and
 *     P_it are solved jointly (a contraction; four fixed-point passes reach 1e−10);
 *  4. M_k,it = m_k,i + m_k,t + a_k·ai*_it + c_k·S_it + η_k,it and
 *     shrink_it = μ_i + τ_t + β_i·ai*_it + Σ_k b_k·M_k,it + γ′X_i,t−1 + ψ_y·S_it + ε_it,
 *     P_it = P_i,t−1 · (1 − shrink_it / 100);
 *  5. τ_t and m_k,t are set so that the cross-city means follow the calibration targets (design §6).
 * β_i's shrinking-city increment applies from 2007: the flag is read off the simulated 2000–2006 population.
 * Controls X (ln real GDP per capita, the fiscal, financial, FDI, college and road ratios) follow their own
 * exogenous processes, so lagged they are valid controls; ln density uses the registered population (the
 * yearbook's 人口密度), which the outcome's own error barely moves — a resident-population density would put
 * a Nickell-type bias into every fixed-effects fit that controls for it. The ratio controls enter the outcome
 * winsorized at the pooled 1st/99th percentiles of 2006–2022, exactly as the panel reports them.
 * Recorded installations carry classical multiplicative measurement error,
 * inst_rec = round(inst · exp(σ_m·u − σ_m²/2)), u ~ N(0,1), which passes into the observed ai.
 */
import { Rng } from "../../random/rng";
import { emptyLevels, Levels } from "../variables/levels";
import { componentFromScore, IEI_COMPONENTS } from "../variables/innovation";
import { quantile7Unsorted } from "../../toolkit/quantile";
import { flag, provinceOf, regionOf, SimCity } from "./cities";
import { CN_PRICES } from "./prices";
import { drawIndustryStocks, INDUSTRIES, IndustryStocks } from "./industries";
import { BASE_YEAR, FIRST_PANEL_YEAR, FIRST_RAW_YEAR, N_RAW_YEARS, SimParams } from "./params";

/** One draw of the simulated world. City-year arrays: index c·T + t, t = year − 2000, T = 24. */
export interface World {
  params: SimParams;
  seed: number;
  cities: readonly SimCity[];
  /** The recorded, harmonised levels (no dirt yet). */
  levels: Levels;
  stocks: IndustryStocks;
  /** Pre-sample shrinking flag (recorded 2006 population below 2000's). */
  shrinking: Uint8Array;
  /** β_i, the in-sample direct effect, and β_i + Σ a_k b_k, the total effect, by city. */
  directEffect: Float64Array;
  totalEffect: Float64Array;
  /** Latent city-year quantities. */
  latent: {
    aiTrue: Float64Array;
    shock: Float64Array;
    /** The outcome without its error term: μ_i + τ_t + Σ b_k(m_k,i + m_k,t) + (β_i + Σ a_k b_k)·ai* + γ′X. */
    shrinkNoErr: Float64Array;
    /** The outcome as generated (before the population is rounded). */
    shrink: Float64Array;
    pop_return: Float64Array;
    iei: Float64Array;
    isu: Float64Array;
  };
}

const T = N_RAW_YEARS;
const MECH = ["pop_return", "iei", "isu"] as const;

/** Municipalities' 2000 resident populations (万人; rounded census-2000 orders of magnitude). */
const MUNICIPALITY_POP: Record<string, number> = { "110000": 1364, "120000": 1001, "310000": 1641, "500000": 2849 };

/** Target cross-city means of the mechanisms in 2000, 2007 and 2023 (linear in between). */
const MECH_TARGETS: Record<(typeof MECH)[number], [number, number, number]> = {
  pop_return: [1.5, 1.0, 0.5],
  iei: [30, 40, 62],
  isu: [0.85, 0.9, 1.65],
};

/** Real GDP per capita at 2007 prices, cross-city mean of logs, in 2000, 2007, 2021 (design §6). */
const LNPGDP_PATH: [number, number][] = [
  [2000, 9.05],
  [2007, 9.65],
  [2021, 10.62],
  [2023, 10.72],
];

/** Linear interpolation in a piecewise path [[year, value], …]. */
function path(points: readonly [number, number][], year: number): number {
  if (year <= points[0][0]) return points[0][1];
  for (let k = 1; k < points.length; k++) {
    if (year <= points[k][0]) {
      const [y0, v0] = points[k - 1];
      const [y1, v1] = points[k];
      return v0 + ((v1 - v0) * (year - y0)) / (y1 - y0);
    }
  }
  return points[points.length - 1][1];
}

const POW10 = [1, 10, 100, 1000];
function round(x: number, digits: number): number {
  const f = POW10[digits];
  return Math.round(x * f) / f;
}

/** Draws one world from the structural parameters and a seed. */
export function simulateWorld(cities: readonly SimCity[], params: SimParams, seed: number): World {
  const C = cities.length;
  const J = INDUSTRIES.length;
  const rng = new Rng(seed);
  const stocks = drawIndustryStocks(rng, params.industry.driftScale);
  const levels = emptyLevels(
    cities.map((c) => String(c.code)),
    FIRST_RAW_YEAR,
    T,
    INDUSTRIES.map((d) => d.code),
  );
  levels.cnStock.set(stocks.cn);
  levels.usStock.set(stocks.us);
  for (let j = 0; j < J; j++) levels.usBaseEmp[j] = INDUSTRIES[j].usEmp2006;
  for (let t = 0; t < T; t++) {
    levels.deflator[t] = CN_PRICES[t].deflator;
    levels.xr[t] = CN_PRICES[t].xr;
  }

  // ---- time-invariant city traits ----------------------------------------------------------------
  const tr = rng.fork("traits");
  const big = new Uint8Array(C);
  const mu = new Float64Array(C);
  const P0 = new Float64Array(C);
  const hukouRatio = new Float64Array(C);
  const natOffset = new Float64Array(C);
  const e0 = new Float64Array(C);
  const eTrend = new Float64Array(C);
  const alpha = new Float64Array(C);
  const lambda = new Float64Array(C);
  const shares = new Float64Array(C * J);
  const pgdpA = new Float64Array(C);
  const pgdpTheta = new Float64Array(C);
  const ratio0: Record<"gov" | "fin" | "open" | "hc" | "infra", Float64Array> = {
    gov: new Float64Array(C),
    fin: new Float64Array(C),
    open: new Float64Array(C),
    hc: new Float64Array(C),
    infra: new Float64Array(C),
  };
  const area = new Float64Array(C);
  const mechCity: Record<(typeof MECH)[number], Float64Array> = {
    pop_return: new Float64Array(C),
    iei: new Float64Array(C),
    isu: new Float64Array(C),
  };
  const firmsA = new Float64Array(C);
  const patentsA = new Float64Array(C);
  const primary0 = new Float64Array(C);
  const outRate = new Float64Array(C);
  const depositShare = new Float64Array(C);
  const beta0 = new Float64Array(C);
  const directEffect = new Float64Array(C);

  for (let c = 0; c < C; c++) {
    const city = cities[c];
    const region = regionOf(city);
    const isBig = flag(city.municipality) || flag(city.provincial_capital);
    big[c] = isBig ? 1 : 0;
    const east = region === "east" ? 1 : 0;
    const west = region === "west" ? 1 : 0;
    const ne = region === "northeast" ? 1 : 0;
    const res = flag(city.resource_based) ? 1 : 0;
    const prov = provinceOf(city);
    const muni = MUNICIPALITY_POP[prov + "0000"];
    P0[c] = flag(city.municipality) && muni
      ? muni
      : Math.min(1800, Math.max(35, Math.exp(Math.log(330) + 0.5 * tr.normal()) * (isBig ? 2 : 1)));
    hukouRatio[c] = Math.exp(0.05 - 0.3 * big[c] + 0.08 * (1 - east) + 0.08 * tr.normal());
    natOffset[c] = 1.5 * tr.normal() + 2 * west - 2.5 * ne - 0.5 * east;
    mu[c] =
      params.population.cityEffectSd * tr.normal() +
      params.population.regionEffect[region] +
      (prov === "23" ? params.population.heilongjiang : 0) +
      (isBig ? params.population.bigCity : 0);
    e0[c] = Math.exp(Math.log(0.11) + 0.3 * tr.normal()) * (isBig ? 1.7 : 1);
    eTrend[c] = 0.008 + 0.005 * tr.normal();
    alpha[c] = params.robots.propensitySd * tr.normal() + 0.2 * east;
    // base-year employment shares of the IFR industries: their sum, then the mix
    const sum = Math.min(0.8, Math.max(0.15, 0.42 + 0.08 * east + 0.08 * ne + 0.06 * res + 0.1 * tr.normal()));
    let tot = 0;
    for (let j = 0; j < J; j++) {
      const ind = INDUSTRIES[j];
      let bump = 0;
      if (ind.code === "C") bump += 1.2 * res;
      if (ind.code === "24" || ind.code === "28") bump += 0.5 * ne;
      if (ind.code === "26-27" || ind.code === "13-15") bump += 0.5 * east;
      if (ind.code === "AB") bump += 0.5 * west;
      const w = ind.empWeight * Math.exp(params.industry.shareSd * tr.normal() + bump);
      shares[c * J + j] = w;
      tot += w;
    }
    for (let j = 0; j < J; j++) shares[c * J + j] *= sum / tot;
    pgdpA[c] = 0.55 * tr.normal() + 0.3 * east - 0.25 * west + 0.45 * big[c];
    pgdpTheta[c] = 0.008 * tr.normal() - 0.004 * east;
    ratio0.gov[c] = Math.exp(Math.log(0.15) + 0.35 * tr.normal() + 0.25 * west - 0.15 * big[c]);
    ratio0.fin[c] = Math.exp(Math.log(1.8) + 0.3 * tr.normal() + 0.35 * big[c]);
    ratio0.open[c] = Math.exp(Math.log(0.012) + 0.9 * tr.normal() + 0.6 * east);
    ratio0.hc[c] = Math.exp(Math.log(90) + 0.9 * tr.normal() + 1.1 * big[c]);
    ratio0.infra[c] = Math.exp(Math.log(7) + 0.35 * tr.normal());
    const density0 = Math.exp(Math.log(380) + 0.7 * tr.normal() - 0.6 * west + 0.4 * east + 0.5 * big[c]);
    area[c] = Math.round((P0[c] * 1e4) / density0);
    for (const k of MECH) {
      const mp = params.mechanisms[k];
      const scale = k === "iei" ? 10 : k === "isu" ? 0.2 : 2;
      mechCity[k][c] = mp.cityEffectSd * tr.normal() + scale * (0.6 * east - 0.5 * west - 0.5 * ne + 1.2 * big[c]);
    }
    firmsA[c] = 0.8 * tr.normal() + 1.0 * big[c] + 0.5 * east;
    patentsA[c] = 0.8 * tr.normal() + 1.2 * big[c] + 0.5 * east;
    primary0[c] = Math.min(0.3, Math.max(0.01, 0.15 + 0.05 * tr.normal() - 0.1 * big[c] + 0.04 * west));
    outRate[c] = Math.max(2, 9 + 2 * tr.normal());
    depositShare[c] = 0.5 + 0.05 * tr.normal();
    lambda[c] = params.robots.trendSd * tr.normal();
    const eff = params.effect;
    beta0[c] =
      eff.direct +
      eff.huSe * (flag(city.hu_se) ? 1 : 0) +
      eff.peripheral * (flag(city.peripheral) ? 1 : 0) +
      eff.resource * res;
  }

  // national base-year employment by industry in the sample: E_j = Σ_i s_ij · Emp_i,2006 (filled at 2006)
  const baseEmpPersons = new Float64Array(C); // Emp_i,2006 in persons

  // ---- exogenous ratio controls, all years (so the winsorizing bounds are known) -------------------
  const ratios: Record<"gov" | "fin" | "open" | "hc" | "infra" | "lnpgdp", Float64Array> = {
    gov: new Float64Array(C * T),
    fin: new Float64Array(C * T),
    open: new Float64Array(C * T),
    hc: new Float64Array(C * T),
    infra: new Float64Array(C * T),
    lnpgdp: new Float64Array(C * T),
  };
  {
    const rr = rng.fork("controls");
    for (let c = 0; c < C; c++) {
      let eg = 0, ef = 0, eo = 0, eh = 0, ei = 0, ep = 0;
      for (let t = 0; t < T; t++) {
        const y = FIRST_RAW_YEAR + t;
        eg = 0.7 * eg + 0.06 * rr.normal();
        ef = 0.7 * ef + 0.05 * rr.normal();
        eo = 0.6 * eo + 0.25 * rr.normal();
        eh = 0.8 * eh + 0.05 * rr.normal();
        ei = 0.7 * ei + 0.05 * rr.normal();
        ep = 0.7 * ep + 0.03 * rr.normal();
        const i = c * T + t;
        ratios.gov[i] = ratio0.gov[c] * Math.exp(0.02 * (y - 2007) + eg);
        ratios.fin[i] = ratio0.fin[c] * Math.exp(0.025 * (y - 2007) + ef);
        ratios.open[i] = ratio0.open[c] * Math.exp(-0.04 * Math.max(0, y - 2008) + eo);
        ratios.hc[i] = ratio0.hc[c] * Math.exp(0.05 * Math.min(y - 2007, 8) + eh);
        ratios.infra[i] = ratio0.infra[c] * Math.exp(0.045 * (y - 2007) + ei);
        ratios.lnpgdp[i] = path(LNPGDP_PATH, y) + pgdpA[c] + pgdpTheta[c] * (y - 2007) + ep;
      }
    }
  }
  // winsorized copies for the outcome equation: bounds from the lagged panel window, years 2006–2022
  const wins: Record<"gov" | "fin" | "open" | "hc" | "infra", Float64Array> = {
    gov: new Float64Array(C * T),
    fin: new Float64Array(C * T),
    open: new Float64Array(C * T),
    hc: new Float64Array(C * T),
    infra: new Float64Array(C * T),
  };
  for (const k of ["gov", "fin", "open", "hc", "infra"] as const) {
    const tl0 = FIRST_PANEL_YEAR - 1 - FIRST_RAW_YEAR;
    const window = new Float64Array(C * (T - 1 - tl0));
    let w = 0;
    for (let c = 0; c < C; c++) for (let t = tl0; t < T - 1; t++) window[w++] = ratios[k][c * T + t];
    const lo = quantile7Unsorted(window, 0.01);
    const hi = quantile7Unsorted(window, 0.99);
    for (let i = 0; i < C * T; i++) wins[k][i] = Math.min(hi, Math.max(lo, ratios[k][i]));
  }

  // ---- the yearly process ----------------------------------------------------------------------------
  const rs = rng.fork("shock");
  const rn = rng.fork("noise");
  const rm = rng.fork("measurement");
  const ro = rng.fork("other");
  const shock = new Float64Array(C * T);
  const aiTrue = new Float64Array(C * T);
  const shrinkLat = new Float64Array(C * T);
  const shrinkNoErr = new Float64Array(C * T);
  const mech: Record<(typeof MECH)[number], Float64Array> = {
    pop_return: new Float64Array(C * T),
    iei: new Float64Array(C * T),
    isu: new Float64Array(C * T),
  };
  const shrinking = new Uint8Array(C);
  const P = Float64Array.from(P0); // state: resident population at t − 1 (continuous)
  const H = new Float64Array(C);
  for (let c = 0; c < C; c++) H[c] = P0[c] * hukouRatio[c];
  const K = new Float64Array(C); // true robot stock at t − 1
  const Krec = new Float64Array(C); // recorded robot stock at t − 1
  const nu = new Float64Array(C);
  const Pnew = new Float64Array(C);
  const S = new Float64Array(C);
  const eps = new Float64Array(C);
  const eta = { pop_return: new Float64Array(C), iei: new Float64Array(C), isu: new Float64Array(C) };
  const Kt = new Float64Array(C);
  const eRate = new Float64Array(C);
  const Xterm = new Float64Array(C);
  const E = new Float64Array(J); // national base-year employment by industry (persons)
  const gamma = params.controls;
  const NM = MECH.length;
  const mA = MECH.map((k) => params.mechanisms[k].a);
  const mB = MECH.map((k) => params.mechanisms[k].b);
  const mCs = MECH.map((k) => params.mechanisms[k].c);
  const mSd = MECH.map((k) => params.mechanisms[k].noiseSd);
  const mechCityArr = MECH.map((k) => mechCity[k]);
  const etaArr = MECH.map((k) => eta[k]);
  const mechArr = MECH.map((k) => mech[k]);
  let sumAB = 0;
  for (let k = 0; k < NM; k++) sumAB += mA[k] * mB[k];
  const shareSum = new Float64Array(C);
  for (let c = 0; c < C; c++) for (let j = 0; j < J; j++) shareSum[c] += shares[c * J + j];
  // until 2006, exposure uses the shares with 2000 employment as a stand-in for E_j (pre-sample only)
  for (let c = 0; c < C; c++) {
    const emp = e0[c] * P0[c] * 1e4;
    for (let j = 0; j < J; j++) E[j] += shares[c * J + j] * emp;
  }

  const L = levels.city;
  const NI = IEI_COMPONENTS.length;
  const dev = new Float64Array(NI);
  const ieiOut = IEI_COMPONENTS.map((m) => L[m.variable]);
  for (let t = 0; t < T; t++) {
    const year = FIRST_RAW_YEAR + t;
    const inSample = year >= FIRST_PANEL_YEAR;
    const defl = CN_PRICES[t].deflator;
    // 1. draws
    for (let c = 0; c < C; c++) {
      S[c] = rs.normal();
      nu[c] = params.robots.noiseAr * nu[c] + params.robots.noiseSd * rn.normal();
      eps[c] = params.shrinkNoiseSd * rn.normal();
      for (let k = 0; k < NM; k++) etaArr[k][c] = mSd[k] * rn.normal();
      eRate[c] = e0[c] * Math.exp(eTrend[c] * (year - 2007));
    }
    // 2. robot stocks: city targets, scaled so that they add up to China's national stock
    let targetSum = 0;
    for (let c = 0; c < C; c++) {
      let B = 0;
      for (let j = 0; j < J; j++) B += (shares[c * J + j] * stocks.cn[j * T + t]) / E[j];
      B *= 1e4;
      const R = B * Math.exp(alpha[c] + lambda[c] * (year - 2007) + params.shock.onAi * S[c] + nu[c]);
      Kt[c] = R * eRate[c] * P[c];
      targetSum += Kt[c];
    }
    let national = 0;
    for (let j = 0; j < J; j++) national += stocks.cn[j * T + t];
    for (let c = 0; c < C; c++) Kt[c] = Math.max((Kt[c] * national) / targetSum, (1 - params.robots.depreciation) * K[c]);
    // lagged controls: γ′X_{t−1} (for 2000, the 2000 values stand in)
    const tl = Math.max(0, t - 1);
    for (let c = 0; c < C; c++) {
      const i = c * T + tl;
      const density = Math.log((H[c] * 1e4) / area[c]);
      Xterm[c] =
        gamma.lnpgdp * ratios.lnpgdp[i] +
        gamma.gov * wins.gov[i] +
        gamma.fin * wins.fin[i] +
        gamma.open * wins.open[i] +
        gamma.hc * wins.hc[i] +
        gamma.infra * wins.infra[i] +
        gamma.density * density +
        params.shareSumTrend * shareSum[c] * (year - FIRST_PANEL_YEAR);
    }
    const betaOf = (c: number): number => beta0[c] + (inSample && shrinking[c] ? params.effect.shrinking : 0);
    // 5. year effects from provisional values (P_t ≈ P_t−1)
    const mechYear = new Float64Array(NM);
    for (let k = 0; k < NM; k++) {
      let s = 0;
      const mc = mechCityArr[k];
      const et = etaArr[k];
      for (let c = 0; c < C; c++) {
        const ai = Math.log(1 + Kt[c] / (eRate[c] * P[c]));
        s += mc[c] + mA[k] * ai + mCs[k] * S[c] + et[c];
      }
      const [v0, v7, v23] = MECH_TARGETS[MECH[k]];
      mechYear[k] = path([[2000, v0], [2007, v7], [2023, v23]], year) - s / C;
    }
    const psiY = params.shock.onShrink;
    let sy = 0;
    for (let c = 0; c < C; c++) {
      const ai = Math.log(1 + Kt[c] / (eRate[c] * P[c]));
      let m = 0;
      for (let k = 0; k < NM; k++) m += mB[k] * (mechCityArr[k][c] + mechYear[k] + mA[k] * ai + mCs[k] * S[c] + etaArr[k][c]);
      sy += mu[c] + betaOf(c) * ai + m + Xterm[c] + psiY * S[c] + eps[c];
    }
    const pp = params.population;
    const meanGrowth = path([[2000, pp.meanGrowth2000], [2007, pp.meanGrowth2007], [2023, pp.meanGrowth2023]], year);
    const tau = -meanGrowth - sy / C;
    // 3–4. solve ai* and P_t jointly, city by city
    for (let c = 0; c < C; c++) {
      const i = c * T + t;
      const beta = betaOf(c);
      // the part of shrink that does not depend on ai*
      let fixed = mu[c] + tau + Xterm[c] + psiY * S[c] + eps[c];
      for (let k = 0; k < NM; k++) fixed += mB[k] * (mechCityArr[k][c] + mechYear[k] + mCs[k] * S[c] + etaArr[k][c]);
      const slope = beta + sumAB;
      let Pt = P[c];
      let ai = 0;
      let y = 0;
      for (let pass = 0; pass < 4; pass++) {
        ai = Math.log(1 + Kt[c] / (eRate[c] * Pt));
        y = fixed + slope * ai;
        Pt = P[c] * (1 - y / 100);
      }
      Pnew[c] = Pt;
      shock[i] = S[c];
      aiTrue[i] = ai;
      shrinkLat[i] = y;
      let sysMech = 0;
      for (let k = 0; k < NM; k++) {
        sysMech += mB[k] * (mechCityArr[k][c] + mechYear[k]);
        mechArr[k][i] = mechCityArr[k][c] + mechYear[k] + mA[k] * ai + mCs[k] * S[c] + etaArr[k][c];
      }
      shrinkNoErr[i] = mu[c] + tau + sysMech + slope * ai + Xterm[c];
    }
    // 6. records
    for (let c = 0; c < C; c++) {
      const i = c * T + t;
      const Pt = Pnew[c];
      const popRec = round(Pt, 2);
      L.pop[i] = popRec;
      // registered population: natural growth + net registered migration (pop_return per mille of H_{t−1})
      const nat = round(Math.max(-8, path([[2000, 7.6], [2010, 4.8], [2019, 3.3], [2023, -1.5]], year) + natOffset[c] + 0.8 * ro.normal()), 2);
      const net = Math.round((mech.pop_return[i] / 1000) * H[c] * 1e4);
      const out = Math.round((outRate[c] / 1000) * H[c] * 1e4 * Math.exp(0.1 * ro.normal()));
      L.mig_in[i] = out + Math.max(0, net);
      L.mig_out[i] = out + Math.max(0, -net);
      L.nat_growth[i] = nat;
      const Ht = H[c] * (1 + nat / 1000) + net / 1e4;
      L.pop_hukou[i] = round(Ht, 2);
      // employment, GDP and its composition
      const emp = round(eRate[c] * Pt, 2);
      L.emp[i] = emp;
      const pgdpNominal = Math.exp(ratios.lnpgdp[i]) * (defl / 100);
      const gdp = round((pgdpNominal * Pt * 1e4) / 1e8, 2);
      L.gdp[i] = gdp;
      const prim = Math.max(0.003, primary0[c] * Math.exp(-0.035 * (year - 2000)));
      const isu = Math.max(0.15, mech.isu[i]);
      const va1 = round(prim * gdp, 2);
      const va2 = round((gdp - va1) / (1 + isu), 2);
      L.va1[i] = va1;
      L.va2[i] = va2;
      L.va3[i] = round(gdp - va1 - va2, 2);
      const finTotal = ratios.fin[i] * gdp;
      L.deposits[i] = round(finTotal * depositShare[c], 2);
      L.loans[i] = round(finTotal * (1 - depositShare[c]), 2);
      L.fdi_usd[i] = round((ratios.open[i] * gdp * 1e8) / CN_PRICES[t].xr / 1e4, 0);
      L.fiscal_exp[i] = round(ratios.gov[i] * gdp, 2);
      L.students[i] = Math.round(ratios.hc[i] * Pt);
      L.road_area[i] = round(ratios.infra[i] * Pt, 2);
      L.land_area[i] = area[c];
      // innovation components: iei* split into four scores whose weighted mean is iei*
      let dbar = 0;
      for (let m = 0; m < NI; m++) {
        dev[m] = 6 * ro.normal();
        dbar += IEI_COMPONENTS[m].weight * dev[m];
      }
      for (let m = 0; m < NI; m++) {
        const v = componentFromScore(m, mech.iei[i] + dev[m] - dbar, Pt);
        ieiOut[m][i] = Math.max(1, Math.round(v));
      }
      // AI enterprises and patents: ln(1 + count) rises with city size and true robot penetration
      const size = 0.5 * Math.log(Pt / 300);
      L.ai_firms[i] = Math.max(0, Math.round(Math.exp(firmsA[c] + size + 0.8 * aiTrue[i] + 0.4 + 0.3 * ro.normal()) - 1));
      L.ai_patents[i] = Math.max(0, Math.round(Math.exp(patentsA[c] + size + 0.9 * aiTrue[i] + 0.6 + 0.35 * ro.normal()) - 1));
      // robots: true installations, recorded with multiplicative error
      const inst = Kt[c] - (1 - params.robots.depreciation) * K[c];
      const sm = params.robots.measurementSd;
      L.robot_inst[i] = Math.round(Math.max(0, inst) * Math.exp(sm * rm.normal() - (sm * sm) / 2));
      Krec[c] = (1 - params.robots.depreciation) * Krec[c] + L.robot_inst[i];
      // advance the state
      P[c] = Pt;
      H[c] = Ht;
      K[c] = Kt[c];
    }
    // base year: employment by industry, and E_j from it
    if (year === BASE_YEAR) {
      E.fill(0);
      for (let c = 0; c < C; c++) {
        const emp = L.emp[c * T + t] * 1e4;
        baseEmpPersons[c] = Math.round(emp);
        levels.baseEmpTotal[c] = baseEmpPersons[c];
        for (let j = 0; j < J; j++) {
          const v = Math.round(shares[c * J + j] * emp);
          levels.baseEmp[c * J + j] = v;
          E[j] += v;
        }
      }
      // shares as recorded (rounding) drive the exposure from 2007 on
      for (let c = 0; c < C; c++) for (let j = 0; j < J; j++) shares[c * J + j] = levels.baseEmp[c * J + j] / levels.baseEmpTotal[c];
      // pre-sample shrinking flag: recorded population of 2006 below 2000's
      for (let c = 0; c < C; c++) {
        shrinking[c] = L.pop[c * T + t] < L.pop[c * T] ? 1 : 0;
      }
    }
  }
  for (let c = 0; c < C; c++) {
    directEffect[c] = beta0[c] + (shrinking[c] ? params.effect.shrinking : 0);
    levels.hu_se[c] = flag(cities[c].hu_se) ? 1 : 0;
    levels.peripheral[c] = flag(cities[c].peripheral) ? 1 : 0;
    levels.resource[c] = flag(cities[c].resource_based) ? 1 : 0;
  }
  return {
    params,
    seed,
    cities,
    levels,
    stocks,
    shrinking,
    directEffect,
    totalEffect: directEffect.map((b) => b + sumAB),
    latent: { aiTrue, shock, shrinkNoErr, shrink: shrinkLat, pop_return: mech.pop_return, iei: mech.iei, isu: mech.isu },
  };
}
