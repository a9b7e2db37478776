/**
 * What OLS and 2SLS each estimate in the simulation (notebook 04): their estimands, computed by running
 * the same regressions on the latent panel without the problems each estimator is meant to show.
 *
 * In the data-generating process (lib/study/simulate/params.ts) the error-free outcome is
 *   shrink_noerr_it = μ_i + τ_t + τ_i·ai*_it + γ′X_i,t−1   (τ_i = β_i + Σ_k a_k·b_k, the city's total effect),
 * (up to the rounding of the recorded density control), so any linear estimator run on it returns a
 * weighted average of the city effects τ_i:
 * - the **OLS estimand**: OLS of shrink_noerr on the true robot penetration ai* with the adverse shock S
 *   controlled — what OLS would give without measurement error, confounding and outcome noise. By the
 *   Frisch–Waugh–Lovell theorem it is Σ_i w_i τ_i with w_i ∝ Σ_t ã_it·ai*_it, ã the residual of ai* on S,
 *   the controls and the fixed effects: variance weights (Angrist & Pischke 2009, §3.3.1);
 * - the **2SLS estimand**: the 2SLS of the paper on shrink_noerr, with the observed ai instrumented as
 *   usual (data/truth.json's `estimands`) — Σ_i w_i τ_i with w_i ∝ Σ_t z̃_it·ai*_it, z̃ the residual of the
 *   instrument on the controls and the fixed effects: first-stage weights (Angrist & Imbens 1995), which
 *   need not be positive city by city.
 * With one common effect τ̄ both would be τ̄ (2SLS up to the sample covariance of the instrument with the
 * recording error of ai); they differ from each other and from the mean total effect because the two
 * estimators weight heterogeneous effects differently. Only a simulation has these columns.
 */
import { OptionsError } from "../errors";
import { feols } from "../feols";
import { checkOptions } from "../options";
import { checkDigits, formatFixed } from "../report/format";
import type { Lang } from "../report/labels";
import { optionKeys } from "../report/optionKeys";
import { loadLatentPanel } from "./latentPanel";

/** The two regressions whose estimands `olsIvEstimands` computes, as fitted on the observed panel. */
export interface EstimandFormulas {
  /** The OLS formula, e.g. "shrink ~ ai + lnpgdp + … | code + year" (the regressor one of its terms). */
  ols: string;
  /** The 2SLS formula, e.g. "shrink ~ lnpgdp + … | code + year | ai ~ ai_iv". */
  iv: string;
}

/** Options of `olsIvEstimands`. */
export interface EstimandOptions {
  /** The panel with the latent columns (default: `loadLatentPanel()`; a `panelLag` of it for a lagged regressor). */
  data?: Record<string, ArrayLike<unknown>>;
  /** The observed regressor (default: the 2SLS formula's endogenous regressor). */
  term?: string;
  /** Its error-free column in `data` (default: "ai" → "ai_true", "ai_lag1" → "ai_true_lag1"). */
  trueTerm?: string;
  /** The confounder the OLS estimand controls (default "shock"). */
  confounder?: string;
  /** The outcome without its error term (default "shrink_noerr"). */
  outcome?: string;
  /** The unit's effect, constant within the unit (default "effect_total"). */
  effect?: string;
  /** The unit identifier, for the per-unit weights (default "code"). */
  unit?: string;
}

/** The keys of EstimandOptions, for the options check. */
const ESTIMAND_OPTION_KEYS = optionKeys<EstimandOptions>()(["data", "term", "trueTerm", "confounder", "outcome", "effect", "unit"]);

/** One estimator's estimand: its value, the regression that computes it, and its value under a common effect. */
export interface Estimand {
  /** The estimand: the coefficient of the regressor in `formula`. */
  value: number;
  /** The regression on the latent panel that gives it (fixest syntax). */
  formula: string;
  /** The same regression with the outcome replaced by τ̄·ai* (every unit with the mean effect): what weighting leaves out. */
  commonEffect: number;
}

/** The estimands of OLS and 2SLS, the mean effect, and the sign of the 2SLS weights. */
export interface OlsIvEstimands {
  /** OLS of the error-free outcome on the error-free regressor, the confounder controlled. */
  ols: Estimand;
  /** 2SLS of the error-free outcome, the observed regressor instrumented as in the 2SLS formula. */
  iv: Estimand;
  /** τ̄, the mean over units (in the 2SLS sample) of the unit effect: the mean total effect. */
  totalEffect: number;
  /** Units whose 2SLS weight Σ_t z̃_it·ai*_it is negative. */
  ivNegativeWeights: number;
  /** Units in the 2SLS sample. */
  units: number;
}

/**
 * The OLS and 2SLS estimands of the given regressions on the latent panel (see the module comment):
 * OLS of `outcome` on `trueTerm` + `confounder` + the OLS formula's other terms, and the 2SLS formula with
 * `outcome` on the left; each also with the outcome τ̄·ai* (a common effect), and the count of units whose
 * first-stage weight is negative.
 * @throws OptionsError for an unknown option, a formula without "~", an OLS formula without the regressor
 *   as a term, a 2SLS formula without an IV part, or a column `data` lacks.
 * @example olsIvEstimands({ ols: "shrink ~ ai + lnpgdp | code + year", iv: "shrink ~ lnpgdp | code + year | ai ~ ai_iv" }).ols.value
 */
export function olsIvEstimands(formulas: EstimandFormulas, options: EstimandOptions = {}): OlsIvEstimands {
  checkOptions("olsIvEstimands", options, ESTIMAND_OPTION_KEYS);
  const iv = splitFormula(formulas.iv, "iv");
  if (iv.parts.length !== 3) throw new OptionsError(`olsIvEstimands: the 2SLS formula "${formulas.iv}" has no IV part; write it as "y ~ controls | fe | ai ~ ai_iv".`);
  const term = options.term ?? iv.parts[2].split("~")[0].trim();
  const trueTerm = options.trueTerm ?? term.replace(/^ai(?=$|_lag)/, "ai_true");
  const names = { outcome: options.outcome ?? "shrink_noerr", confounder: options.confounder ?? "shock", effect: options.effect ?? "effect_total", unit: options.unit ?? "code" };
  const data = options.data ?? (loadLatentPanel() as unknown as Record<string, ArrayLike<unknown>>);
  for (const column of [trueTerm, names.outcome, names.confounder, names.effect, names.unit]) {
    if (!(column in data)) throw new OptionsError(`olsIvEstimands: the data has no column "${column}". Pass the latent panel (loadLatentPanel(), lagged with panelLag for a lagged regressor) or name the column in the options.`);
  }
  const olsFormula = olsEstimandFormula(formulas.ols, term, trueTerm, names);
  const ivFormula = [`${names.outcome} ~ ${iv.rhs}`, ...iv.parts.slice(1)].join(" | ");
  const ivFit = feols(ivFormula, data as never);
  const sample = Array.from(ivFit.rows);
  const { mean: tauBar, units } = unitMean(data[names.effect] as ArrayLike<number>, data[names.unit], sample);
  const common = Float64Array.from(data[trueTerm] as ArrayLike<number>, (v) => tauBar * v);
  const withCommon = { ...data, __common_effect: common };
  const swap = (f: string) => f.replace(new RegExp(`^\\s*${names.outcome}\\s*~`), "__common_effect ~");
  return {
    ols: { value: feols(olsFormula, data as never).coef[trueTerm], formula: olsFormula, commonEffect: feols(swap(olsFormula), withCommon as never).coef[trueTerm] },
    iv: { value: ivFit.coef[term], formula: ivFormula, commonEffect: feols(swap(ivFormula), withCommon as never).coef[term] },
    totalEffect: tauBar,
    ivNegativeWeights: negativeWeights(data, iv, trueTerm, names.unit, sample),
    units,
  };
}

/** A formula cut at its top-level bars: the parts, and the right-hand side of its first part. */
function splitFormula(formula: string, which: string): { parts: string[]; rhs: string } {
  const parts = splitTopLevel(formula, "|").map((p) => p.trim());
  const tilde = parts[0].indexOf("~");
  if (tilde < 0) throw new OptionsError(`olsIvEstimands: the ${which} formula "${formula}" has no "~".`);
  return { parts, rhs: parts[0].slice(tilde + 1).trim() };
}

/** `text` split at `sep` outside parentheses. */
function splitTopLevel(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (ch === sep && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

/** The OLS formula with the error-free outcome, and the regressor replaced by its error-free column plus the confounder. */
function olsEstimandFormula(formula: string, term: string, trueTerm: string, names: { outcome: string; confounder: string }): string {
  const { parts, rhs } = splitFormula(formula, "ols");
  const terms = splitTopLevel(rhs, "+").map((t) => t.trim());
  const at = terms.indexOf(term);
  if (at < 0) throw new OptionsError(`olsIvEstimands: the OLS formula "${formula}" has no term "${term}"; the regressor must be one of its terms (or pass options.term).`);
  terms.splice(at, 1, trueTerm, names.confounder);
  return [`${names.outcome} ~ ${terms.join(" + ")}`, ...parts.slice(1)].join(" | ");
}

/** The mean over units of a unit-level column (its first value in each unit), over the rows in `sample`. */
function unitMean(effect: ArrayLike<number>, unit: ArrayLike<unknown>, sample: number[]): { mean: number; units: number } {
  const byUnit = new Map<unknown, number>();
  for (const i of sample) if (!byUnit.has(unit[i])) byUnit.set(unit[i], effect[i]);
  let sum = 0;
  for (const v of byUnit.values()) sum += v;
  return { mean: sum / byUnit.size, units: byUnit.size };
}

/**
 * The units whose 2SLS weight Σ_t z̃_it·ai*_it is negative: z̃ the residual of the instrument on the
 * 2SLS formula's exogenous terms and fixed effects, over the 2SLS sample.
 */
function negativeWeights(data: Record<string, ArrayLike<unknown>>, iv: { parts: string[]; rhs: string }, trueTerm: string, unit: string, sample: number[]): number {
  const instrument = iv.parts[2].split("~")[1].trim();
  if (instrument.includes("+")) throw new OptionsError(`olsIvEstimands: the per-unit 2SLS weights are computed for one instrument; the formula has "${instrument}".`);
  const rows = Object.fromEntries(Object.entries(data).map(([name, column]) => [name, sample.map((i) => column[i])]));
  const residual = feols([`${instrument} ~ ${iv.rhs}`, iv.parts[1]].join(" | "), rows as never).residuals;
  if (residual.length !== sample.length) throw new OptionsError("olsIvEstimands: the instrument's regression dropped rows of the 2SLS sample; drop incomplete rows first.");
  const aiTrue = rows[trueTerm] as number[];
  const weight = new Map<unknown, number>();
  sample.forEach((_, k) => weight.set(rows[unit][k], (weight.get(rows[unit][k]) ?? 0) + residual[k] * aiTrue[k]));
  return Array.from(weight.values()).filter((w) => w < 0).length;
}

/** Options of `describeEstimands`. */
export interface EstimandSentenceOptions {
  /** Language of the sentence (default "en"). */
  lang?: Lang;
  /** Decimals (default 3). */
  digits?: number;
}

/** The keys of EstimandSentenceOptions, for the options check. */
const ESTIMAND_SENTENCE_OPTION_KEYS = optionKeys<EstimandSentenceOptions>()(["lang", "digits"]);

/**
 * Why the estimands differ, read from `olsIvEstimands`: each estimand against its value under a common
 * effect τ̄, and how many cities the 2SLS weights count negatively.
 * @throws OptionsError for an unknown option or bad digits.
 * @example describeEstimands(olsIvEstimands({ ols, iv })) // "Had every city the mean total effect (-0.792), …"
 */
export function describeEstimands(e: OlsIvEstimands, options: EstimandSentenceOptions = {}): string {
  checkOptions("describeEstimands", options, ESTIMAND_SENTENCE_OPTION_KEYS);
  const digits = checkDigits(options.digits ?? 3, "describeEstimands");
  const f = (v: number) => formatFixed(v, digits);
  if (options.lang === "zh") {
    return (
      `若每个城市的效应都等于平均总效应（${f(e.totalEffect)}），OLS的估计目标将为${f(e.ols.commonEffect)}，2SLS的估计目标将为${f(e.iv.commonEffect)}，而实际分别为${f(e.ols.value)}和${f(e.iv.value)}（2SLS的${f(e.iv.commonEffect)}不完全等于平均值，是因为本样本中工具变量与ai的记录误差并非完全不相关）：` +
      `二者之差来自两种估计量对各城市异质性效应的不同加权。2SLS按城市真实机器人渗透度与工具变量（剔除控制变量和固定效应后）的共同变动加权；在本样本中，${e.units}个城市中有${e.ivNegativeWeights}个城市的这种共同变动为负，因而以负权重进入本面板的2SLS估计目标（该数目与估计目标本身一样随面板而变：见第8节）。`
    );
  }
  return (
    `Had every city the mean total effect (${f(e.totalEffect)}), the OLS estimand would be ${f(e.ols.commonEffect)} and the 2SLS estimand ${f(e.iv.commonEffect)}, instead of ${f(e.ols.value)} and ${f(e.iv.value)} (2SLS's ${f(e.iv.commonEffect)} is not exactly the mean because in this sample the instrument is not exactly uncorrelated with the recording error of ai): ` +
    `the estimands differ because the two estimators weight the cities' effects differently. 2SLS weights a city by how its true robot penetration moves with the instrument once the controls and fixed effects are removed; in this sample that co-movement is negative in ${e.ivNegativeWeights} of ${e.units} cities, which enter this panel's 2SLS estimand with negative weights (the count, like the estimand itself, moves from panel to panel: notebook 8).`
  );
}
