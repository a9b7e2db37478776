/**
 * What the blocks of one world draw (world.ts) pass between them: the inputs and the levels being filled
 * (WorldContext), the time-invariant city traits (CityTraits), the exogenous control series
 * (ControlSeries), and the state of the yearly process (YearlyRun). Plus the mechanism names and the
 * interpolation of calibration paths the blocks share. Types only and a pure helper: no draws happen here.
 */
import { Rng } from "../../random/rng";
import { Levels } from "../variables/levels";
import { SimCity } from "./cities";
import { IndustryStocks } from "./industries";
import { N_RAW_YEARS, SimParams } from "./params";
import type { ShareShockRun } from "./shareShock";

/** Raw years per city (2000–2023): city-year arrays are indexed c·T + t, t = year − 2000. */
export const T = N_RAW_YEARS;

/** The mechanism variables M_k, in the order their noise is drawn and their arrays are listed. */
export const MECH = ["pop_return", "iei", "isu"] as const;

/** The name of a mechanism variable. */
export type MechName = (typeof MECH)[number];

/** The ratio controls of X (fiscal, financial, FDI, college and road ratios), which enter winsorized. */
export const RATIO_CONTROLS = ["gov", "fin", "open", "hc", "infra"] as const;

/** The name of a ratio control. */
export type RatioControl = (typeof RATIO_CONTROLS)[number];

/** The inputs of one draw and the recorded levels it fills. */
export interface WorldContext {
  /** The cities, in the order of the levels' codes. */
  cities: readonly SimCity[];
  /** The structural parameters. */
  params: SimParams;
  /** Number of cities. */
  C: number;
  /** Number of IFR industries. */
  J: number;
  /** The recorded, harmonised levels the draw fills in. */
  levels: Levels;
  /** National robot stocks by industry, drawn first from the root stream. */
  stocks: IndustryStocks;
}

/** Time-invariant city traits, one entry per city (industry shares: index c·J + j). */
export interface CityTraits {
  /** μ_i, the city effect of the outcome (pp of shrinkage). */
  mu: Float64Array;
  /** Resident population in 2000 (万人). */
  P0: Float64Array;
  /** Registered over resident population in 2000. */
  hukouRatio: Float64Array;
  /** The city's offset to the national natural growth rate (per mille). */
  natOffset: Float64Array;
  /** Employment rate (employees per resident) in 2007. */
  e0: Float64Array;
  /** Trend of the log employment rate (per year). */
  eTrend: Float64Array;
  /** α_i, the city's robot-adoption propensity (log points). */
  alpha: Float64Array;
  /** λ_i, the city's adoption trend (log points per year, times t − 2007). */
  lambda: Float64Array;
  /** Base-year employment shares s_ij of the IFR industries; replaced by the recorded shares in 2006. */
  shares: Float64Array;
  /** City level of ln real GDP per capita, relative to the national path. */
  pgdpA: Float64Array;
  /** City trend of ln real GDP per capita (per year, times t − 2007). */
  pgdpTheta: Float64Array;
  /** The ratio controls' levels in 2007, before their AR(1) deviations. */
  ratio0: Record<RatioControl, Float64Array>;
  /** Administrative land area (km²), from the drawn 2000 density. */
  area: Float64Array;
  /** m_k,i, the city effect of each mechanism. */
  mechCity: Record<MechName, Float64Array>;
  /** City level of ln(1 + AI enterprises). */
  firmsA: Float64Array;
  /** City level of ln(1 + AI patents). */
  patentsA: Float64Array;
  /** Primary-sector share of GDP in 2000. */
  primary0: Float64Array;
  /** Registered out-migrants per mille of the registered population. */
  outRate: Float64Array;
  /** Deposits' share of deposits plus loans. */
  depositShare: Float64Array;
  /** β_i without the shrinking-city increment (that one needs the simulated 2000–2006 population). */
  beta0: Float64Array;
}

/** The exogenous controls X, all cities and years (index c·T + t). */
export interface ControlSeries {
  /** The controls as the panel reports them: the five ratios and ln real GDP per capita (2007 prices). */
  ratios: Record<RatioControl | "lnpgdp", Float64Array>;
  /** The ratios winsorized at their pooled 1st/99th percentiles of 2006–2022, as they enter the outcome. */
  wins: Record<RatioControl, Float64Array>;
}

/** The independent random streams of the yearly process. */
export interface YearStreams {
  /** "shock": S_it. */
  shock: Rng;
  /** "noise": ν_it, ε_it and η_k,it. */
  noise: Rng;
  /** "measurement": the recording error of robot installations. */
  measurement: Rng;
  /** "other": natural growth, out-migration, innovation components, AI firms and patents. */
  other: Rng;
}

/** The mechanism parameters as arrays in MECH order, with the arrays they read and write. */
export interface MechanismArrays {
  /** a_k: effect of ai* on M_k. */
  a: number[];
  /** b_k: effect of M_k on shrink. */
  b: number[];
  /** c_k: effect of the shock on M_k. */
  c: number[];
  /** SD of η_k. */
  sd: number[];
  /** m_k,i by city (CityTraits.mechCity). */
  city: Float64Array[];
  /** This year's η_k,it by city. */
  eta: Float64Array[];
  /** M_k,it, city-year (Latents.mech). */
  out: Float64Array[];
  /** Σ_k a_k·b_k, the indirect effect. */
  sumAB: number;
}

/** The state carried from year to year, and this year's per-city draws (all indexed by city). */
export interface YearState {
  /** Resident population at t − 1 (continuous, 万人). */
  P: Float64Array;
  /** Registered population at t − 1 (万人). */
  H: Float64Array;
  /** True robot stock at t − 1. */
  K: Float64Array;
  /** Recorded robot stock at t − 1 (perpetual inventory of the recorded installations). */
  Krec: Float64Array;
  /** ν_it, the AR(1) adoption noise. */
  nu: Float64Array;
  /** P_t as solved this year. */
  Pnew: Float64Array;
  /** S_it, this year's shock. */
  S: Float64Array;
  /** ε_it, this year's outcome noise. */
  eps: Float64Array;
  /** K_it, this year's robot stock. */
  Kt: Float64Array;
  /** e_it, this year's employment rate. */
  eRate: Float64Array;
  /** γ′X_i,t−1 plus the share_sum trend. */
  Xterm: Float64Array;
  /** E_j, national base-year employment by industry (persons), indexed by industry. */
  E: Float64Array;
  /** Σ_j s_ij of the drawn shares (share_sum). */
  shareSum: Float64Array;
  /** Pre-sample shrinking flag, set in the base year. */
  shrinking: Uint8Array;
}

/** The latent city-year quantities (index c·T + t). */
export interface Latents {
  /** S_it. */
  shock: Float64Array;
  /** ai*_it, true robot penetration. */
  aiTrue: Float64Array;
  /** shrink_it as generated. */
  shrink: Float64Array;
  /** shrink_it without its error terms: μ_i + τ_t + Σ b_k(m_k,i + m_k,t) + (β_i + Σ a_k b_k)·ai* + γ′X. */
  shrinkNoErr: Float64Array;
  /** M_k,it by mechanism. */
  mech: Record<MechName, Float64Array>;
}

/** Everything the yearly process reads and writes. */
export interface YearlyRun {
  /** The draw's inputs and levels. */
  ctx: WorldContext;
  /** The city traits. */
  traits: CityTraits;
  /** The control series. */
  controls: ControlSeries;
  /** The yearly random streams. */
  streams: YearStreams;
  /** Mechanism parameters and arrays. */
  mech: MechanismArrays;
  /** The carried state. */
  state: YearState;
  /** The latent outputs. */
  latent: Latents;
  /** Scratch: the innovation components' deviations of one city-year. */
  dev: Float64Array;
  /** The share-correlated error option (shareShock.ts), or null when it is off. */
  shareShock: ShareShockRun | null;
}

/** Linear interpolation in a piecewise path [[year, value], …]. */
export function path(points: readonly [number, number][], year: number): number {
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

