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
import { flag, SimCity } from "./cities";
import { CN_PRICES } from "./prices";
import { drawIndustryStocks, INDUSTRIES, IndustryStocks } from "./industries";
import { FIRST_RAW_YEAR, SimParams } from "./params";
import { T, WorldContext, YearlyRun } from "./worldContext";
import { drawControls } from "./worldControls";
import { recordYear } from "./worldRecords";
import { drawCityTraits } from "./worldTraits";
import { solveYear, startYearly } from "./worldYear";

/** One draw of the simulated world. City-year arrays: index c·T + t, t = year − 2000, T = 24. */
export interface World {
  /** The structural parameters the world was drawn with. */
  params: SimParams;
  /** The seed it was drawn with. */
  seed: number;
  /** The cities, in the order of the levels' codes. */
  cities: readonly SimCity[];
  /** The recorded, harmonised levels (no dirt yet). */
  levels: Levels;
  /** National robot stocks by industry, China and the US. */
  stocks: IndustryStocks;
  /** Pre-sample shrinking flag (recorded 2006 population below 2000's). */
  shrinking: Uint8Array;
  /** β_i, the in-sample direct effect, by city. */
  directEffect: Float64Array;
  /** β_i + Σ a_k b_k, the total effect, by city. */
  totalEffect: Float64Array;
  /** Latent city-year quantities. */
  latent: {
    /** ai*, the true robot penetration ln(1 + robots per 10k employees). */
    aiTrue: Float64Array;
    /** S_it, the adverse local shock. */
    shock: Float64Array;
    /** The outcome without its error term: μ_i + τ_t + Σ b_k(m_k,i + m_k,t) + (β_i + Σ a_k b_k)·ai* + γ′X. */
    shrinkNoErr: Float64Array;
    /** The outcome as generated (before the population is rounded). */
    shrink: Float64Array;
    /** The mechanism pop_return (net registered in-migration, per mille), as generated. */
    pop_return: Float64Array;
    /** The mechanism iei (innovation index), as generated. */
    iei: Float64Array;
    /** The mechanism isu (tertiary over secondary value added), as generated. */
    isu: Float64Array;
  };
}

/**
 * Draws one world from the structural parameters and a seed: the national robot stocks by industry (root
 * stream), the city traits ("traits"), the exogenous controls ("controls"), then year by year the shocks,
 * robot stocks, year effects, ai* and population (worldYear.ts) and the records (worldRecords.ts).
 */
export function simulateWorld(cities: readonly SimCity[], params: SimParams, seed: number): World {
  const rng = new Rng(seed);
  const stocks = drawIndustryStocks(rng, params.industry.driftScale);
  const ctx: WorldContext = { cities, params, C: cities.length, J: INDUSTRIES.length, levels: nationalLevels(cities, stocks), stocks };
  const traits = drawCityTraits(ctx, rng.fork("traits"));
  const controls = drawControls(ctx, traits, rng.fork("controls"));
  const run = startYearly(ctx, traits, controls, rng);
  for (let t = 0; t < T; t++) {
    solveYear(run, t);
    recordYear(run, t);
  }
  const directEffect = finalDirectEffects(run);
  const { latent } = run;
  return {
    params,
    seed,
    cities,
    levels: ctx.levels,
    stocks,
    shrinking: run.state.shrinking,
    directEffect,
    totalEffect: directEffect.map((b) => b + run.mech.sumAB),
    latent: {
      aiTrue: latent.aiTrue,
      shock: latent.shock,
      shrinkNoErr: latent.shrinkNoErr,
      shrink: latent.shrink,
      pop_return: latent.mech.pop_return,
      iei: latent.mech.iei,
      isu: latent.mech.isu,
    },
  };
}

/**
 * Empty levels for the cities, with the national series filled in: the robot stocks by industry, US
 * base-year employment, the deflator and the exchange rate. No draw (the stocks are drawn by the caller).
 */
function nationalLevels(cities: readonly SimCity[], stocks: IndustryStocks): Levels {
  const levels = emptyLevels(
    cities.map((c) => String(c.code)),
    FIRST_RAW_YEAR,
    T,
    INDUSTRIES.map((d) => d.code),
  );
  levels.cnStock.set(stocks.cn);
  levels.usStock.set(stocks.us);
  for (let j = 0; j < INDUSTRIES.length; j++) levels.usBaseEmp[j] = INDUSTRIES[j].usEmp2006;
  for (let t = 0; t < T; t++) {
    levels.deflator[t] = CN_PRICES[t].deflator;
    levels.xr[t] = CN_PRICES[t].xr;
  }
  return levels;
}

/**
 * After the last year: β_i with the shrinking increment (params.effect.shrinking, now that the flag is
 * known), and the group flags copied into the levels. No draw.
 */
function finalDirectEffects(run: YearlyRun): Float64Array {
  const { cities, params, levels, C } = run.ctx;
  const directEffect = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    directEffect[c] = run.traits.beta0[c] + (run.state.shrinking[c] ? params.effect.shrinking : 0);
    levels.hu_se[c] = flag(cities[c].hu_se) ? 1 : 0;
    levels.peripheral[c] = flag(cities[c].peripheral) ? 1 : 0;
    levels.resource[c] = flag(cities[c].resource_based) ? 1 : 0;
  }
  return directEffect;
}
