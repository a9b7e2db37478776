import { SHARE_SHOCK_OFF, type ShareShockParams } from "./shareShock";

/**
 * Structural parameters of the simulated city panel (design §6), in one typed object.
 *
 * The outcome equation, for city i and year t (shrink in percentage points of the resident population):
 *
 *   shrink_it = μ_i + τ_t + β_i·ai*_it + Σ_k b_k·M_k,it + γ′X_i,t−1 + ψ_y·S_it + ε_it
 *   M_k,it    = m_k,i + m_k,t + a_k·ai*_it + c_k·S_it + η_k,it            (k = pop_return, iei, isu)
 *   β_i       = β₀ + Δ_shr·shrinking_i + Δ_hu·hu_se_i + Δ_per·peripheral_i + Δ_res·resource_i
 *
 * ai* is the true robot penetration ln(1 + robots per 10,000 employees); S_it ~ N(0, 1) is the adverse
 * local shock, which also raises the robot target (ψ_a), so Cov(ai, error) > 0 while β < 0 and OLS is
 * biased towards zero. The total effect of ai on shrink for city i is β_i + Σ_k a_k·b_k. Every number
 * here is documented in data/CODEBOOK.md and copied into data/truth.json.
 */
export interface SimParams {
  /** The direct effect of ai on shrink (pp per log point) and its group increments (design §6). */
  effect: {
    /** β₀: the direct effect in a city outside every group. */
    direct: number;
    /** Δ_shr: added in pre-sample shrinking cities (from 2007; the flag is defined on 2000–2006). */
    shrinking: number;
    /** Δ_hu: added south-east of the Hu line. */
    huSe: number;
    /** Δ_per: added in peripheral cities. */
    peripheral: number;
    /** Δ_res: added in resource-based cities. */
    resource: number;
  };
  /** Mechanism paths: a (ai → M), b (M → shrink), c (shock → M), noise SD of M. */
  mechanisms: {
    /** Net registered in-migration (per mille of the registered population). */
    pop_return: MechanismParams;
    /** The innovation index (iei, points). */
    iei: MechanismParams;
    /** Industrial-structure upgrading: tertiary over secondary value added (isu). */
    isu: MechanismParams;
  };
  /** The adverse local shock S_it ~ N(0, 1), i.i.d. over cities and years. */
  shock: {
    /** ψ_y: pp of shrinkage per SD of shock. */
    onShrink: number;
    /** ψ_a: log points added to the city's robot target per SD of shock. */
    onAi: number;
  };
  /** Idiosyncratic error of the outcome, ε_it ~ N(0, σ_ε²). */
  shrinkNoiseSd: number;
  /** Robot adoption. */
  robots: {
    /** δ in the perpetual inventory K_t = (1 − δ)·K_{t−1} + installations_t (Graetz & Michaels 2018 use 10 %). */
    depreciation: number;
    /** SD of the city's adoption propensity α_i (log points, fixed over time). */
    propensitySd: number;
    /** SD of the city-specific adoption trend λ_i (log points per year, λ_i·(t − 2007)). */
    trendSd: number;
    /** SD of the innovation of the city-year adoption noise ν_it = ρ·ν_i,t−1 + N(0, noiseSd²) (log points). */
    noiseSd: number;
    /** ρ, the AR(1) coefficient of the adoption noise ν_it. */
    noiseAr: number;
    /** SD of the multiplicative recording error of installations (classical measurement error). */
    measurementSd: number;
  };
  /** Population dynamics. */
  population: {
    /** SD of the city effect μ_i (pp). */
    cityEffectSd: number;
    /** Added to μ_i by region (pp of shrinkage). */
    regionEffect: Record<"east" | "central" | "west" | "northeast", number>;
    /** Added to μ_i in Heilongjiang (province 23), whose cities all shrank in 2010–2020. */
    heilongjiang: number;
    /** Added to μ_i in municipalities and provincial capitals (they attract people). */
    bigCity: number;
    /** Target cross-city mean of annual growth (%) in 2000 (linear to 2007, then to 2023); τ_t follows it. */
    meanGrowth2000: number;
    /** Target cross-city mean of annual growth (%) in 2007. */
    meanGrowth2007: number;
    /** Target cross-city mean of annual growth (%) in 2023. */
    meanGrowth2023: number;
  };
  /** Coefficients γ of the lagged controls in the outcome equation (pp per unit of the control). */
  controls: {
    /** γ of ln real GDP per capita (2007 prices). */
    lnpgdp: number;
    /** γ of fiscal expenditure over GDP (winsorized). */
    gov: number;
    /** γ of deposits plus loans over GDP (winsorized). */
    fin: number;
    /** γ of FDI over GDP (winsorized). */
    open: number;
    /** γ of college students per 10k residents (winsorized). */
    hc: number;
    /** γ of paved road area per resident (winsorized). */
    infra: number;
    /** γ of ln population density (registered population per km²). */
    density: number;
  };
  /** Industry structure behind the shift-share measures. */
  industry: {
    /** SD of the log weight of each industry in a city's base-year IFR employment (city specialisation). */
    shareSd: number;
    /** Multiplies every industry's drift of its share of the national robot stock (industries.ts). */
    driftScale: number;
  };
  /** Year-specific slope of share_sum in the outcome (0: the control is harmless, not needed). */
  shareSumTrend: number;
  /**
   * Errors correlated across cities with similar industry shares, ε_it += Σ_m s_im·u_mt (shareShock.ts).
   * Absent or sd = 0: off — the bundled data were drawn without it (truth.json records it as off).
   */
  shareShock?: ShareShockParams;
}

/** One mechanism M_k: M = m_i + m_t + a·ai* + c·S + η, η ~ N(0, noiseSd²); it enters shrink with b. */
export interface MechanismParams {
  /** a: effect of ai* on M (units of M per log point). */
  a: number;
  /** b: effect of M on shrink (pp per unit of M). */
  b: number;
  /** c: effect of the shock S on M (units of M per SD); c ≠ 0 makes M endogenous in the outcome equation. */
  c: number;
  /** SD of the noise η of M. */
  noiseSd: number;
  /** SD of the city effect m_i. */
  cityEffectSd: number;
}

/** First year of the raw files (pre-sample flag and the 2007 growth rate need earlier years). */
export const FIRST_RAW_YEAR = 2000;
/** Base year of the shift-share shares. */
export const BASE_YEAR = 2006;
/** First year of the analysis panel. */
export const FIRST_PANEL_YEAR = 2007;
/** Last year of the raw files and of the analysis panel. */
export const LAST_YEAR = 2023;
/** Number of raw years (2000–2023). */
export const N_RAW_YEARS = LAST_YEAR - FIRST_RAW_YEAR + 1;
/** The seed data/ is built from. */
export const DEFAULT_SEED = 20260301;

/** The calibrated defaults (see data/CODEBOOK.md, "Calibration"). */
export const DEFAULT_PARAMS: SimParams = {
  effect: { direct: -0.1, shrinking: -0.3, huSe: -0.15, peripheral: -0.1, resource: -0.2 },
  mechanisms: {
    pop_return: { a: 1.5, b: -0.08, c: -0.6, noiseSd: 2.5, cityEffectSd: 3 },
    iei: { a: 5, b: -0.02, c: 0, noiseSd: 3, cityEffectSd: 9 },
    isu: { a: 0.15, b: -0.6, c: 0, noiseSd: 0.06, cityEffectSd: 0.22 },
  },
  shock: { onShrink: 0.35, onAi: 0.35 },
  shrinkNoiseSd: 0.7,
  robots: { depreciation: 0.1, propensitySd: 0.45, trendSd: 0.01, noiseSd: 0.7, noiseAr: 0.3, measurementSd: 0.45 },
  population: {
    cityEffectSd: 0.2,
    regionEffect: { east: -0.25, central: 0.15, west: 0.1, northeast: 0.6 },
    heilongjiang: 2.2,
    bigCity: -0.7,
    meanGrowth2000: 0.6,
    meanGrowth2007: 0.5,
    meanGrowth2023: -0.05,
  },
  controls: { lnpgdp: -0.3, gov: 1, fin: -0.05, open: -2, hc: -0.0005, infra: -0.01, density: 0.1 },
  industry: { shareSd: 1, driftScale: 1 },
  shareSumTrend: 0,
};

/**
 * A deep copy of the defaults with some fields replaced (one level deep per section); an optional
 * section absent from the defaults (`shareShock`) is taken from the patch, its missing fields off.
 * @example withParams({ shareShock: { sd: 2, subIndustries: 10 } }).shareShock // { sd: 2, subIndustries: 10 }
 */
export function withParams(patch: DeepPartial<SimParams>): SimParams {
  const out = mergeDeep(DEFAULT_PARAMS, patch) as SimParams;
  if (patch.shareShock !== undefined) out.shareShock = { ...SHARE_SHOCK_OFF, ...patch.shareShock };
  return out;
}

/** Every field optional, recursively. */
export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

function mergeDeep(base: unknown, patch: unknown): unknown {
  if (patch === undefined) return JSON.parse(JSON.stringify(base));
  if (typeof base !== "object" || base === null || typeof patch !== "object" || patch === null) return patch;
  const out: Record<string, unknown> = {};
  const b = base as Record<string, unknown>;
  const p = patch as Record<string, unknown>;
  for (const k of Object.keys(b)) out[k] = mergeDeep(b[k], p[k]);
  return out;
}
