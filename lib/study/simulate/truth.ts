/**
 * The estimands of the simulated panel (design §6), written to data/truth.json.
 *
 * - total effect of ai on shrink for city i: τ_i = β_i + Σ_k a_k·b_k (what a regression without the
 *   mechanism variables targets); its mean over cities, and over each group level;
 * - the 2SLS estimand under this design: the 2SLS coefficient of `ai` (instrumented by `ai_iv`, city and
 *   year fixed effects, the lagged controls) computed on `shrink_noerr`, the outcome generated without its
 *   error term (design §6) — on the analysis panel, so with the observed (mismeasured) ai. With
 *   heterogeneous effects this is the first-stage-weighted average Σ_i w_i τ_i, w_i ∝ Σ_t z̃_it·ai*_it,
 *   not the plain mean; the same per group level for the heterogeneity splits;
 * - each mechanism path a_k, b_k, c_k and the direct effect with its group increments.
 * All regressions here use the kit-independent routine of twfe.ts.
 */
import { PanelColumns } from "../variables/panelSchema";
import { groupIds, twfe } from "./twfe";
import { SimParams } from "./params";
import { SHARE_SHOCK_OFF } from "./shareShock";
import { World } from "./world";

/** The controls of the main specification (design §5), lagged in the panel. */
export const TRUTH_CONTROLS = ["lnpgdp", "gov", "fin", "open", "hc", "infra", "density"] as const;

/** Group variables of the heterogeneity analysis. */
export const GROUPS = ["shrinking", "hu_se", "peripheral", "resource"] as const;

/** An estimate with its clustered SE (from twfe.ts). */
export interface Estimate {
  /** The coefficient of ai. */
  coef: number;
  /** Its city-clustered standard error (CR1, fixest's small-sample K). */
  se: number;
  /** Observations used. */
  nobs: number;
  /** Partial F of the excluded instrument in the first stage (2SLS only). */
  partialF?: number;
}

/** One level of a group variable in truth.json's `groups`. */
export interface GroupLevel {
  /** Cities at this level. */
  cities: number;
  /** Mean total effect τ_i over those cities. */
  total_effect_mean: number;
  /** The 2SLS estimand on this level's rows (shrink_noerr on ai, instrumented by ai_iv). */
  iv_estimand: number;
}

/** A mechanism's paths in truth.json. */
export interface MechanismTruth {
  /** Effect of ai on the mechanism. */
  a: number;
  /** Effect of the mechanism on shrink. */
  b: number;
  /** Effect of the shock S on the mechanism. */
  c: number;
  /** a·b, the indirect effect through this mechanism. */
  ab: number;
}

/** The content of data/truth.json (documented field by field in data/CODEBOOK.md). */
export interface Truth {
  /** Says the data are simulated and where the fields are documented. */
  note: string;
  /** The seed the data were drawn with. */
  seed: number;
  /** The random generator. */
  generator: string;
  /** The structural parameters. */
  params: SimParams;
  /** The true effects. */
  effects: {
    /** β₀, the group increments Δ, and the mean of β_i over cities. */
    direct: {
      /** β₀, the direct effect outside every group. */
      base: number;
      /** Δ by group: added to β_i in cities of that group. */
      increments: Record<(typeof GROUPS)[number], number>;
      /** Mean of β_i over the cities. */
      mean: number;
    };
    /** Each mechanism's paths a, b, c and a·b. */
    mechanisms: Record<"pop_return" | "iei" | "isu", MechanismTruth>;
    /** Σ_k a_k·b_k. */
    indirect: number;
    /** The total effect τ_i = β_i + Σ_k a_k b_k across cities. */
    total: {
      /** Mean over cities. */
      mean: number;
      /** Smallest city value. */
      min: number;
      /** Largest city value. */
      max: number;
      /** The formula, in words. */
      formula: string;
    };
  };
  /** What 2SLS estimates under this design. */
  estimands: {
    /** The 2SLS estimand of the main specification. */
    iv: {
      /** The 2SLS coefficient of ai on shrink_noerr. */
      value: number;
      /** The specification, in fixest syntax. */
      formula: string;
      /** How the value was computed. */
      method: string;
      /** Partial F of the first stage of that regression. */
      firstStageF: number;
    };
    /** The same with year-specific slopes of share_sum. */
    iv_share_sum: {
      /** The 2SLS coefficient of ai on shrink_noerr. */
      value: number;
      /** The specification, in fixest syntax. */
      formula: string;
      /** How the value was computed. */
      method: string;
    };
  };
  /** Per group variable: each level's cities, mean total effect and 2SLS estimand, and the difference. */
  groups: Record<(typeof GROUPS)[number], Record<"0" | "1", GroupLevel> & {
    /** Level 1 minus level 0 of total_effect_mean. */
    difference_total: number;
  }>;
  /** OLS and 2SLS on the observed outcome, for comparison with feols. */
  reference_estimates: {
    /** How they were computed. */
    note: string;
    /** OLS of shrink on the observed ai. */
    ols: Estimate;
    /** 2SLS of shrink on ai, instrumented by ai_iv. */
    iv: Estimate;
    /** OLS of shrink on the true ai (no measurement error). */
    ols_true_ai: Estimate;
  };
}

function sub(xs: ArrayLike<number>, keep: Uint8Array): Float64Array {
  let n = 0;
  for (let i = 0; i < keep.length; i++) n += keep[i];
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < keep.length; i++) if (keep[i]) out[k++] = xs[i];
  return out;
}

/** Options of panelFit. */
export interface PanelFitOptions {
  /** The regressor (default: the panel's observed `ai`). */
  x?: ArrayLike<number>;
  /** Instrument x with the panel's `ai_iv` (2SLS); default OLS. */
  iv?: boolean;
  /** 0/1 per panel row: the rows to fit on (default: all). */
  keep?: Uint8Array;
  /** Further controls, aligned with the panel's rows. */
  extraControls?: ArrayLike<number>[];
  /** The panel's control columns to use (default: TRUTH_CONTROLS). */
  controls?: readonly string[];
}

/** Runs the 2SLS (or OLS without instrument) of y on ai with the controls on the rows in `keep`. */
export function panelFit(panel: PanelColumns, y: ArrayLike<number>, opts: PanelFitOptions = {}): Estimate {
  const n = panel.code.length;
  const keep = opts.keep ?? new Uint8Array(n).fill(1);
  const x = opts.x ?? panel.ai;
  const codes: string[] = [];
  const years: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) {
    codes.push(panel.code[i]);
    years.push(panel.year[i]);
  }
  const controls = [...(opts.controls ?? TRUTH_CONTROLS).map((c) => sub(panel[c as (typeof TRUTH_CONTROLS)[number]], keep)), ...(opts.extraControls ?? []).map((c) => sub(c, keep))];
  const r = twfe({
    y: sub(y, keep),
    x: sub(x, keep),
    controls,
    instrument: opts.iv ? sub(panel.ai_iv, keep) : undefined,
    city: groupIds(codes),
    year: groupIds(years),
  });
  return { coef: r.coef, se: r.se, nobs: r.nobs, partialF: r.partialF };
}

/** Year-specific slopes of share_sum: share_sum·1[year = t] for every year but the first (fixest i()). */
export function shareSumByYear(panel: PanelColumns): Float64Array[] {
  const years = Array.from(new Set(Array.from(panel.year))).sort((a, b) => a - b);
  return years.slice(1).map((t) => panel.share_sum.map((s, i) => (panel.year[i] === t ? s : 0)));
}

/** The analysis panel with the world's latent columns the truth needs. */
export type TruthPanel = PanelColumns & {
  /** The outcome without its error term, aligned with the panel's rows. */
  shrink_noerr: Float64Array;
  /** ai without measurement error, aligned with the panel's rows. */
  ai_true: Float64Array;
};

/** The mean of a list. */
function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/**
 * Computes truth.json's content from the world and the analysis panel. `panel` must carry the world's
 * latent columns `shrink_noerr` and `ai_true` aligned with its rows (see panelOfWorld).
 */
export function computeTruth(world: World, panel: TruthPanel): Truth {
  const tot = Array.from(world.totalEffect);
  return {
    note:
      "SIMULATED DATA. The true parameters and estimands of the seeded data-generating process that wrote data/raw/ " +
      "(lib/study/simulate/). Every field is documented in data/CODEBOOK.md, section truth.json.",
    seed: world.seed,
    generator: "xoshiro128** seeded by SplitMix32 (lib/random/rng.ts)",
    params: { ...world.params, shareShock: world.params.shareShock ?? { ...SHARE_SHOCK_OFF } },
    effects: truthEffects(world, tot),
    estimands: truthEstimands(panel),
    groups: groupTruth(world, panel, tot),
    reference_estimates: {
      note: "Computed on data/panel.csv with lib/study/simulate/twfe.ts (city-clustered CR1, fixest's K), for comparison with feols.",
      ols: panelFit(panel, panel.shrink),
      iv: panelFit(panel, panel.shrink, { iv: true }),
      ols_true_ai: panelFit(panel, panel.shrink, { x: panel.ai_true }),
    },
  };
}

/** truth.json's `effects`: β₀ and its increments, the mechanism paths, Σ a_k b_k, and the total effects `tot`. */
function truthEffects(world: World, tot: number[]): Truth["effects"] {
  const p = world.params;
  const mech = (k: "pop_return" | "iei" | "isu") => {
    const m = p.mechanisms[k];
    return { a: m.a, b: m.b, c: m.c, ab: m.a * m.b };
  };
  const mechanisms = { pop_return: mech("pop_return"), iei: mech("iei"), isu: mech("isu") };
  return {
    direct: {
      base: p.effect.direct,
      increments: { shrinking: p.effect.shrinking, hu_se: p.effect.huSe, peripheral: p.effect.peripheral, resource: p.effect.resource },
      mean: mean(Array.from(world.directEffect)),
    },
    mechanisms,
    indirect: mechanisms.pop_return.ab + mechanisms.iei.ab + mechanisms.isu.ab,
    total: { mean: mean(tot), min: Math.min(...tot), max: Math.max(...tot), formula: "beta_i + sum_k a_k*b_k" },
  };
}

/** truth.json's `estimands`: the 2SLS of shrink_noerr, without and with year-specific share_sum slopes. */
function truthEstimands(panel: TruthPanel): Truth["estimands"] {
  const iv = panelFit(panel, panel.shrink_noerr, { iv: true });
  const ivShare = panelFit(panel, panel.shrink_noerr, { iv: true, extraControls: shareSumByYear(panel) });
  const controls = TRUTH_CONTROLS.join(" + ");
  return {
    iv: {
      value: iv.coef,
      formula: `shrink ~ ${controls} | code + year | ai ~ ai_iv`,
      method: "2SLS of shrink_noerr (the outcome without its error term) on data/panel.csv",
      firstStageF: iv.partialF as number,
    },
    iv_share_sum: {
      value: ivShare.coef,
      formula: `shrink ~ ${controls} + i(year, share_sum) | code + year | ai ~ ai_iv`,
      method: "as iv, with year-specific slopes of share_sum",
    },
  };
}

/** truth.json's `groups`: per group variable and level, the cities, their mean total effect and the 2SLS estimand. */
function groupTruth(world: World, panel: TruthPanel, tot: number[]): Truth["groups"] {
  const groups = {} as Truth["groups"];
  const cityIndex = new Map(world.cities.map((c, i) => [String(c.code), i]));
  for (const g of GROUPS) {
    const levels: Record<string, GroupLevel> = {};
    for (const level of [0, 1]) {
      const keep = new Uint8Array(panel.code.length);
      for (let i = 0; i < keep.length; i++) keep[i] = panel[g][i] === level ? 1 : 0;
      const cities = new Set<string>();
      for (let i = 0; i < keep.length; i++) if (keep[i]) cities.add(panel.code[i]);
      const effects = Array.from(cities).map((c) => tot[cityIndex.get(c) as number]);
      levels[String(level)] = {
        cities: cities.size,
        total_effect_mean: mean(effects),
        iv_estimand: panelFit(panel, panel.shrink_noerr, { iv: true, keep }).coef,
      };
    }
    groups[g] = {
      "0": levels["0"],
      "1": levels["1"],
      difference_total: levels["1"].total_effect_mean - levels["0"].total_effect_mean,
    };
  }
  return groups;
}
