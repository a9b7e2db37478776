/**
 * Mechanism analysis: Jiang Ting's two-step approach as the main method, the Baron–Kenny steps with
 * Sobel, Aroian and cluster-bootstrap tests of the indirect effect as the contrast (design §3, §5).
 *
 * Caveat. An editorial on the website of 当代财经 (the journal of Jiangxi University of Finance and
 * Economics) warns against the three-step mediation model in economics (慎用中介效应模型做经济学机制分析),
 * and Jiang Ting (江艇 2022, 因果推断经验研究中的中介效应与调节效应, 中国工业经济 (5): 100–120) argues for
 * two steps instead: estimate the treatment's effect on the outcome (step 1) and on the mechanism
 * variable M (step 2, with the same fixed effects, controls and clustering), and argue the link M → Y
 * from theory and earlier evidence. Step 2 needs the baseline's design: with an endogenous or
 * mismeasured treatment, estimate it by 2SLS with the baseline's instrument (`feols`), not by this
 * function's OLS. M is itself an outcome of the treatment and is not randomly assigned, so the
 * Baron–Kenny coefficient b on M, the "direct" effect, a·b and the share mediated are causal only
 * under sequential ignorability (no unmeasured treatment–outcome, treatment–mediator or
 * mediator–outcome confounder, none of them caused by the treatment; Imai, Keele & Tingley 2010;
 * VanderWeele 2015) with the treatment measured without error, which no Sobel or bootstrap test can
 * check (see MEDIATION_CAVEAT). For the
 * population-return mechanism the link is partly an accounting identity: net in-migration is a
 * component of population change, so shrinkage mechanically falls when population returns.
 *
 * Models, all on one common sample (rows complete in every variable of the three equations, then
 * fixed-effect singletons dropped as `feols` does), with the vcov given:
 *   total:    Y = c·T + controls + FE            (step 1; c = total)
 *   mediator: M = a·T + controls + FE            (step 2; a)
 *   outcome:  Y = c'·T + b·M + controls + FE     (Baron–Kenny; c' = direct, b)
 * On a common sample OLS gives c = c' + a·b exactly, so indirect = a·b = c − c'.
 *   Sobel (1982):  se = √(b²·se_a² + a²·se_b²);  Aroian (1947):  se = √(b²·se_a² + a²·se_b² + se_a²·se_b²);
 *   z = a·b/se, two-sided normal p, with the SEs of the chosen vcov.
 * Cluster bootstrap of a·b: draw G clusters with replacement (xoshiro128** seeded with `seed`; the
 * same seed gives the same draws and the same numbers), refit both equations with the draw as
 * frequency weights (the sample's fixed-effect codes are reused), and report percentile and
 * bias-corrected intervals (see ./intervals).
 *
 * @example
 *   const m = mediate({ data: panel, outcome: "shrink", treatment: "ai", mediator: "pop_return",
 *     controls: ["lnpgdp", "gov"], fe: ["code", "year"], vcov: { cluster: "code" },
 *     bootstrap: { draws: 499, seed: 1 } });
 *   m.a; m.indirect; m.sobel.p; m.bootstrap?.ci.percentile; console.log(m.summary());
 * @throws DataError for a column that is not in the data; OptionsError for bad options (an unknown
 *         or misspelt key names the nearest valid one); IdentificationError when the treatment or mediator is collinear with the controls or fixed effects.
 */
import { Rng } from "../random/rng";
import { toDataColumns, type Cell, type DataColumns, type DataInput } from "../design/input";
import { buildModelFrame, type ModelFrame } from "../design/modelFrame";
import { IdentificationError, OptionsError } from "../errors";
import { checkOptions } from "../options";
import { PreparedModel } from "../estimate/refit";
import { feols } from "../feols";
import { parseFormula } from "../formula/parse";
import { termVariables } from "../formula/types";
import type { FeolsResult } from "../result/fit";
import { formatNumber, formatP, stars } from "../result/format";
import { clusterVariables, parseVcov, type VcovOption } from "../variance/index";
import { biasCorrectedInterval, percentileInterval } from "./intervals";
import { normalTwoSidedP } from "../distributions/normal";
import { pickRows, quoteName, requireColumn } from "./subset";

/**
 * The caveat printed with every mediation result (design §5): what the two-step approach needs, and
 * the conditions under which the Baron–Kenny b, a·b and share mediated are causal — sequential
 * ignorability (Imai, Keele & Tingley 2010), in VanderWeele's (2015) form of no unmeasured
 * treatment–outcome, treatment–mediator or mediator–outcome confounder and no mediator–outcome
 * confounder caused by the treatment — plus a treatment measured without error (with a mismeasured
 * treatment the mediator also stands in for the true treatment, so b absorbs part of its direct effect:
 * classical measurement error in one regressor biases the coefficients of the regressors correlated with
 * it, Wooldridge 2010, Econometric Analysis of Cross Section and Panel Data, §4.4.2).
 */
export const MEDIATION_CAVEAT =
  "Caveat: mechanism evidence, not a causal decomposition. Following Jiang Ting (2022, China Industrial Economics (5): 100-120) " +
  "and the editorial of 当代财经 (Jiangxi University of Finance and Economics) warning against the three-step mediation model " +
  "(慎用中介效应模型做经济学机制分析), the main evidence is the two-step approach: the treatment's effect on the outcome (step 1) and on " +
  "the mechanism variable (step 2, same fixed effects, controls and clustering), each identified as credibly as the baseline - " +
  "with the baseline's instrument when the treatment is endogenous or measured with error, since step 2 inherits the same bias; " +
  "the mechanism's effect on the outcome is argued from theory. The Baron-Kenny b, the direct effect, a·b and the share mediated " +
  "are causal only under sequential ignorability (Imai, Keele & Tingley 2010, Psychological Methods 15(4): 309-334; VanderWeele 2015, " +
  "Explanation in Causal Inference, ch. 2): no unmeasured confounder of treatment and outcome or of treatment and mediator, no " +
  "unmeasured mediator-outcome confounder (such as a local shock that moves both), and no mediator-outcome confounder caused by the " +
  "treatment; and the treatment must be measured without error - otherwise the mediator also stands in for the true treatment and b " +
  "absorbs part of its direct effect (classical measurement error in one regressor biases the coefficients of regressors correlated " +
  "with it: Wooldridge 2010, Econometric Analysis of Cross Section and Panel Data, §4.4.2). Sobel, Aroian and bootstrap " +
  "tests measure sampling noise only and cannot check any of these. Population return and shrinkage are linked by accounting (net " +
  "in-migration is part of population change), so for that mechanism a large b partly restates an identity.";

/** The caveat in Chinese (the same content as `MEDIATION_CAVEAT`). */
export const MEDIATION_CAVEAT_ZH =
  "注意：以下为机制证据，而非因果分解。依照江艇（2022，《中国工业经济》第5期：100-120）以及《当代财经》（江西财经大学）" +
  "《慎用中介效应模型做经济学机制分析》一文，主要证据来自两步法：处理变量对结果的效应（第一步）和对机制变量的效应（第二步，" +
  "相同的固定效应、控制变量和聚类），两步都须与基准回归同样可信地识别——处理变量内生或存在测量误差时，第二步同样须使用基准回归的" +
  "工具变量，因为它继承了同样的偏误；机制变量对结果的作用由理论论证。Baron-Kenny的b、直接效应、a·b和中介占比只有在序贯可忽略性" +
  "（Imai, Keele & Tingley 2010, Psychological Methods 15(4): 309-334；VanderWeele 2015, Explanation in Causal Inference, 第2章）" +
  "成立时才是因果效应：处理变量与结果、处理变量与中介变量之间没有未观测的混杂因素，中介变量与结果之间没有未观测的混杂因素" +
  "（例如同时影响二者的地方冲击），且没有受处理变量影响的中介—结果混杂因素；此外处理变量必须没有测量误差——否则中介变量同时充当" +
  "真实处理变量的代理，b会吸收一部分直接效应（一个解释变量的经典测量误差会使与其相关的其他解释变量的系数产生偏误：Wooldridge 2010, " +
  "Econometric Analysis of Cross Section and Panel Data, §4.4.2）。Sobel检验、" +
  "Aroian检验和自助法只度量抽样误差，无法检验上述任何条件。人口回流与城市收缩之间存在会计关系（户籍净迁入是人口变化的一部分），" +
  "因此该机制的b较大在一定程度上只是重述了一个恒等式。";

/** Default number of bootstrap draws (design §7: fast defaults; pass 999+ draws for publication). */
export const DEFAULT_BOOTSTRAP_DRAWS = 499;
/** Default seed of the bootstrap's generator (xoshiro128**). */
export const DEFAULT_BOOTSTRAP_SEED = 20260301;

/** Options of the cluster bootstrap of a·b. */
export interface MediationBootstrapOptions {
  /** Number of bootstrap draws (default 499). */
  draws?: number;
  /** Seed of the generator, an integer in [0, 2³²) (default 20260301). */
  seed?: number;
  /**
   * The resampling unit: a column (clusters drawn with replacement). Default: the (first) cluster
   * variable of `vcov`; without clustering, rows. `null` forces rows.
   */
  cluster?: string | null;
  /** Confidence level of the intervals (default 0.95). */
  level?: number;
}

/** Arguments of `mediate` (design §3). */
export interface MediateOptions {
  /** The data: an arquero table, an object of columns or an array of row objects. */
  data: DataInput;
  /** The outcome column Y, e.g. "shrink". */
  outcome: string;
  /** The treatment column T, e.g. "ai". */
  treatment: string;
  /** The mechanism (mediator) column M, e.g. "pop_return". */
  mediator: string;
  /** Control terms in formula syntax (column names, "x1:x2", "i(year, share_sum)"). */
  controls?: string[];
  /** Fixed effects: ["code", "year"] or "code + year" (fixest syntax, "province^year" allowed). */
  fe?: string | string[];
  /** The variance of all three equations, as in `feols` (e.g. { cluster: "code" }; default "iid"). */
  vcov?: VcovOption;
  /** Run the cluster bootstrap of a·b with these options (omitted: no bootstrap). */
  bootstrap?: MediationBootstrapOptions;
  /** Fixed-effect singletons: "drop" (default, as fixest) or "keep"; decided once for the common sample. */
  singletons?: "drop" | "keep";
}

/** One coefficient with its inference under the model's vcov. */
export interface PathEstimate {
  /** The coefficient. */
  estimate: number;
  /** Its standard error under the model's vcov. */
  se: number;
  /** t = estimate/se. */
  tstat: number;
  /** Two-sided p from t with the model's degrees of freedom (fixest conventions). */
  pvalue: number;
}

/** A normal-theory test of the indirect effect. */
export interface IndirectTest {
  /**
   * Standard error of a·b by the delta method: Sobel (1982) √(b²·se_a² + a²·se_b²); Aroian (1947)
   * √(b²·se_a² + a²·se_b² + se_a²·se_b²).
   */
  se: number;
  /** z = a·b/se. */
  z: number;
  /** Two-sided p from the standard normal. */
  p: number;
}

/** The bootstrap of the indirect effect a·b. */
export interface MediationBootstrap {
  /** Draws requested. */
  draws: number;
  /** Draws with both coefficients estimable (those used); `failed` = draws − valid. */
  valid: number;
  /** Draws where a* or b* could not be estimated (a·b not finite): draws − valid. */
  failed: number;
  /** The generator's seed (xoshiro128**). */
  seed: number;
  /** The resampling unit: a column name, or "rows". */
  cluster: string;
  /** Number of resampling units (clusters or rows). */
  units: number;
  /** Confidence level of the intervals. */
  level: number;
  /** The bootstrap confidence intervals of a·b (see ./intervals). */
  ci: {
    /** Percentile interval [Q(α/2), Q(1 − α/2)] of the valid draws, α = 1 − level (type-7 quantiles). */
    percentile: [number, number];
    /** Efron's (1987) bias-corrected interval [Q(Φ(2z₀ + z_{α/2})), Q(Φ(2z₀ + z_{1−α/2}))]; NaN when z₀ is infinite. */
    biasCorrected: [number, number];
  };
  /** Efron's bias-correction constant z₀ = Φ⁻¹(#{(a·b)* < a·b}/valid). */
  z0: number;
  /** Standard deviation of the valid draws. */
  se: number;
  /** The valid draws of a·b, in draw order. */
  distribution: number[];
}

/** The keys `mediate` accepts (checked by `checkOptions`). */
const MEDIATE_OPTION_KEYS = ["data", "outcome", "treatment", "mediator", "controls", "fe", "vcov", "bootstrap", "singletons"] as const;
/** The keys of `mediate`'s `bootstrap` option. */
const BOOTSTRAP_OPTION_KEYS = ["draws", "seed", "cluster", "level"] as const;

/** The result of `mediate`; `summary()` prints the two-step and Baron–Kenny results with the caveat. */
export class MediationResult {
  /** The outcome column Y. */
  readonly outcome: string;
  /** The treatment column T. */
  readonly treatment: string;
  /** The mediator (mechanism) column M. */
  readonly mediator: string;
  /** Effect of the treatment on the mediator (step 2 of the two-step approach). */
  readonly a: number;
  /** Effect of the mediator on the outcome, holding the treatment fixed (Baron–Kenny). */
  readonly b: number;
  /** The treatment's coefficient in the outcome equation with the mediator (c'). */
  readonly direct: number;
  /** The treatment's coefficient in the outcome equation without the mediator (step 1, c). */
  readonly total: number;
  /** The indirect effect a·b (= total − direct on the common sample). */
  readonly indirect: number;
  /** indirect / total. */
  readonly shareMediated: number;
  /** Sobel (1982) test of a·b: se = √(b²·se_a² + a²·se_b²), z = a·b/se, two-sided normal p. */
  readonly sobel: IndirectTest;
  /** Aroian (1947) test of a·b: se = √(b²·se_a² + a²·se_b² + se_a²·se_b²), z = a·b/se, two-sided normal p. */
  readonly aroian: IndirectTest;
  /** The cluster bootstrap of a·b, when the `bootstrap` option was given. */
  readonly bootstrap?: MediationBootstrap;
  /** Each path with its SE, t and p under the model's vcov. */
  readonly paths: {
    /** T → M: the treatment's coefficient in the mediator equation. */
    a: PathEstimate;
    /** M → Y given T: the mediator's coefficient in the outcome equation. */
    b: PathEstimate;
    /** c': the treatment's coefficient in the outcome equation with the mediator. */
    direct: PathEstimate;
    /** c: the treatment's coefficient in the outcome equation without the mediator. */
    total: PathEstimate;
  };
  /** The three regressions on the common sample. */
  readonly fits: {
    /** Y = c·T + controls + FE (step 1). */
    total: FeolsResult;
    /** M = a·T + controls + FE (step 2). */
    mediator: FeolsResult;
    /** Y = c'·T + b·M + controls + FE (Baron–Kenny). */
    outcome: FeolsResult;
  };
  /** Rows of the common sample. */
  readonly nobs: number;
  /** Rows dropped from the data before estimation. */
  readonly dropped: {
    /** Rows missing a variable of any of the three equations. */
    missing: number;
    /** Fixed-effect singletons dropped (with `singletons: "drop"`). */
    singletons: number;
  };
  /** The variance used, as `feols` describes it (e.g. "Clustered (id)"). */
  readonly vcovType: string;
  /** The caveat printed with the result (`MEDIATION_CAVEAT`). */
  readonly caveat: string;

  /** Builds the result from its fields (called by `mediate`). */
  constructor(fields: Omit<MediationResult, "summary" | "toString">) {
    this.outcome = fields.outcome;
    this.treatment = fields.treatment;
    this.mediator = fields.mediator;
    this.a = fields.a;
    this.b = fields.b;
    this.direct = fields.direct;
    this.total = fields.total;
    this.indirect = fields.indirect;
    this.shareMediated = fields.shareMediated;
    this.sobel = fields.sobel;
    this.aroian = fields.aroian;
    if (fields.bootstrap) this.bootstrap = fields.bootstrap;
    this.paths = fields.paths;
    this.fits = fields.fits;
    this.nobs = fields.nobs;
    this.dropped = fields.dropped;
    this.vcovType = fields.vcovType;
    this.caveat = fields.caveat;
  }

  /** A plain-text report: the two-step results first, the Baron–Kenny contrast, then the caveat. */
  summary(): string {
    const { treatment: T, mediator: M, outcome: Y } = this;
    const row = (label: string, p: PathEstimate): string =>
      `  ${label.padEnd(44)} ${formatNumber(p.estimate).padStart(12)}  (se ${formatNumber(p.se)})  p = ${formatP(p.pvalue)} ${stars(p.pvalue)}`.trimEnd();
    const test = (name: string, t: IndirectTest): string => `  ${name.padEnd(14)} se = ${formatNumber(t.se)}, z = ${formatNumber(t.z, 5)}, p = ${formatP(t.p)} ${stars(t.p)}`.trimEnd();
    const dropped = Object.entries(this.dropped).filter(([, n]) => n > 0).map(([why, n]) => `${n} ${why}`);
    const fe = Object.keys(this.fits.outcome.fixedEffectSizes);
    const lines = [
      `Mechanism analysis: ${T} -> ${M} -> ${Y}`,
      `Common sample: N = ${this.nobs}${dropped.length > 0 ? ` (rows dropped: ${dropped.join(", ")})` : ""}; fixed effects: ${fe.length > 0 ? fe.join(", ") : "none"}`,
      `Standard errors: ${this.vcovType}`,
      "",
      "Main method: two-step approach (Jiang 2022)",
      row(`Step 1  total effect of ${T} on ${Y} (c)`, this.paths.total),
      row(`Step 2  effect of ${T} on ${M} (a)`, this.paths.a),
      `  The link ${M} -> ${Y} is argued from theory, not estimated causally.`,
      "",
      "Contrast: Baron-Kenny steps",
      row(`${Y} on ${T} + ${M}: direct effect (c')`, this.paths.direct),
      row(`${Y} on ${T} + ${M}: mediator (b)`, this.paths.b),
      `  Indirect effect a·b = ${formatNumber(this.indirect)}; share of the total effect = ${formatNumber(100 * this.shareMediated, 4)} %`,
      test("Sobel test", this.sobel),
      test("Aroian test", this.aroian),
    ];
    const boot = this.bootstrap;
    if (boot) {
      const pct = Math.round(100 * boot.level * 1e6) / 1e6;
      const ci = (c: [number, number]) => `[${formatNumber(c[0])}, ${formatNumber(c[1])}]`;
      lines.push(
        `  Bootstrap of a·b (${boot.cluster === "rows" ? "rows" : `clusters: ${boot.cluster}, G = ${boot.units}`}; ${boot.draws} draws${boot.failed > 0 ? `, ${boot.failed} failed` : ""}; seed ${boot.seed}):`,
        `    ${pct}% percentile CI ${ci(boot.ci.percentile)}; bias-corrected CI ${ci(boot.ci.biasCorrected)}; bootstrap se ${formatNumber(boot.se)}`,
      );
    }
    lines.push("", ...wrap(this.caveat, 100));
    return lines.join("\n");
  }

  /** The same as `summary()`. */
  toString(): string {
    return this.summary();
  }
}

/** Breaks text into lines of at most `width` characters at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line.length > 0 && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line.length > 0 ? `${line} ${word}` : word;
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

/** The coefficient `name` of a fit with its SE, t and p. */
function path(fit: FeolsResult, name: string): PathEstimate {
  return { estimate: fit.coef[name], se: fit.se[name], tstat: fit.tstat[name], pvalue: fit.pvalue[name] };
}

/** Throws an IdentificationError when `name` was dropped from the fit as collinear. */
function requireCoefficient(fit: FeolsResult, name: string, equation: string): void {
  if (!(name in fit.coef)) {
    throw new IdentificationError(
      `"${name}" was dropped from the ${equation} equation (${fit.formula}) as collinear with the controls or fixed effects; a mediation analysis needs its coefficient.`,
    );
  }
}

/** Throws an OptionsError unless the seed is an integer in [0, 2³²). */
function checkSeed(seed: number): void {
  if (!(Number.isInteger(seed) && seed >= 0 && seed < 4294967296)) {
    throw new OptionsError(`bootstrap.seed must be an integer in [0, 2^32), got ${JSON.stringify(seed)}.`);
  }
}

/** Throws an OptionsError unless the draws are a positive integer. */
function checkDraws(draws: number, what: string): void {
  if (!(Number.isInteger(draws) && draws >= 1)) throw new OptionsError(`${what} must be a positive integer, got ${JSON.stringify(draws)}.`);
}

/** The fixed effects as the part of a formula after "|" ("" for none). */
function feText(fe: string | string[] | undefined): string {
  if (fe === undefined) return "";
  if (typeof fe === "string") return fe.trim();
  if (!Array.isArray(fe) || !fe.every((f) => typeof f === "string" && f.trim().length > 0)) {
    throw new OptionsError(`fe must be a list of fixed-effect names such as ["code", "year"] or a string "code + year", got ${JSON.stringify(fe)}.`);
  }
  return fe.join(" + ");
}

/** A control as a formula term: expressions ("x1:x2", "i(year, v)") verbatim, names quoted if needed. */
function controlTerm(control: string): string {
  if (typeof control !== "string" || control.trim().length === 0) throw new OptionsError(`controls must be a list of column names or formula terms, got ${JSON.stringify(control)}.`);
  return /[():^]/.test(control) ? control.trim() : quoteName(control.trim());
}

/** Sample standard deviation √(Σ(x − x̄)²/(n − 1)); NaN for fewer than two values. */
function standardDeviation(values: number[]): number {
  if (values.length < 2) return NaN;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  return Math.sqrt(ss / (values.length - 1));
}

/** The bootstrap's options, checked, with defaults filled in. */
interface BootstrapSettings {
  draws: number;
  seed: number;
  /** The resampling column, or null for rows. */
  cluster: string | null;
  level: number;
}

/** Checks the top-level options: an object with known keys only (`checkOptions`). */
function checkMediateOptions(options: MediateOptions): void {
  if (options === null || typeof options !== "object") throw new OptionsError("mediate: pass an object { data, outcome, treatment, mediator, controls, fe, vcov }.");
  checkOptions("mediate", options, MEDIATE_OPTION_KEYS);
}

/**
 * Checks the outcome, treatment and mediator (three different columns of the data), the controls (none
 * of them one of the three) and `singletons`; returns the controls as formula terms.
 */
function checkedControls(options: MediateOptions, data: DataColumns): string[] {
  const { outcome, treatment, mediator } = options;
  requireColumn(data, outcome, "outcome");
  requireColumn(data, treatment, "treatment");
  requireColumn(data, mediator, "mediator");
  if (new Set([outcome, treatment, mediator]).size < 3) {
    throw new OptionsError(`mediate: outcome, treatment and mediator must be three different columns, got "${outcome}", "${treatment}", "${mediator}".`);
  }
  if (!Array.isArray(options.controls ?? [])) throw new OptionsError(`mediate: controls must be a list such as ["lnpgdp", "gov"], got ${JSON.stringify(options.controls)}.`);
  const controls = (options.controls ?? []).map(controlTerm);
  for (const c of controls) {
    if ([outcome, treatment, mediator].map(quoteName).includes(c)) throw new OptionsError(`mediate: "${c}" is listed as a control but is also the outcome, treatment or mediator.`);
  }
  if (options.singletons !== undefined && options.singletons !== "drop" && options.singletons !== "keep") {
    throw new OptionsError(`mediate: singletons must be "drop" or "keep", got ${JSON.stringify(options.singletons)}.`);
  }
  return controls;
}

/**
 * The bootstrap options, checked before any estimation (known keys, draws, seed, level, the cluster
 * column); the resampling unit defaults to the first cluster variable of the vcov, else rows.
 */
function bootstrapSettings(b: MediationBootstrapOptions | undefined, vcovClusters: string[], data: DataColumns): BootstrapSettings | undefined {
  if (b === undefined) return undefined;
  if (b === null || typeof b !== "object") throw new OptionsError("mediate: bootstrap must be an object such as { draws: 499, seed: 1 }.");
  checkOptions("mediate (bootstrap)", b, BOOTSTRAP_OPTION_KEYS);
  const draws = b.draws ?? DEFAULT_BOOTSTRAP_DRAWS;
  const seed = b.seed ?? DEFAULT_BOOTSTRAP_SEED;
  const level = b.level ?? 0.95;
  checkDraws(draws, "bootstrap.draws");
  checkSeed(seed);
  if (!(level > 0 && level < 1)) throw new OptionsError(`bootstrap.level must lie strictly between 0 and 1, got ${level}.`);
  const cluster = b.cluster === undefined ? (vcovClusters[0] ?? null) : b.cluster;
  if (cluster !== null) requireColumn(data, cluster, "bootstrap cluster variable");
  return { draws, seed, cluster, level };
}

/** The three equations' formulas: total Y ~ T, mediator M ~ T, outcome Y ~ T + M, each + controls | FE. */
function mediationFormulas(options: MediateOptions, controls: string[]): { total: string; mediator: string; outcome: string } {
  const fe = feText(options.fe);
  const tail = (controls.length > 0 ? " + " + controls.join(" + ") : "") + (fe ? ` | ${fe}` : "");
  const [Y, T, M] = [options.outcome, options.treatment, options.mediator].map(quoteName);
  return { total: `${Y} ~ ${T}${tail}`, mediator: `${M} ~ ${T}${tail}`, outcome: `${Y} ~ ${T} + ${M}${tail}` };
}

/**
 * The common sample: rows complete in every variable of the three equations (the outcome equation
 * names them all) and in the cluster variables, fixed-effect singletons dropped as `feols` does.
 */
function commonSample(outcomeText: string, data: DataColumns, clusters: string[], singletons: "drop" | "keep"): { frame: ModelFrame; sample: Record<string, Cell[]> } {
  const parsed = parseFormula(outcomeText);
  if (parsed.endogenous.length > 0) throw new OptionsError("mediate: the controls and fixed effects cannot contain an IV part.");
  const frame = buildModelFrame(parsed, data, { clusters, singletons });
  const variables = new Set<string>([parsed.response, ...parsed.terms.flatMap(termVariables), ...parsed.fixedEffects.flatMap((f) => f.variables), ...clusters]);
  return { frame, sample: pickRows(data, variables, frame.rows) };
}

/** The three regressions on the common sample (mediator and outcome prepared for the bootstrap's refits). */
interface MediationFits {
  mediatorModel: PreparedModel;
  outcomeModel: PreparedModel;
  fits: { total: FeolsResult; mediator: FeolsResult; outcome: FeolsResult };
}

/** Fits the three equations and requires the treatment's and mediator's coefficients (not collinear). */
function fitEquations(formulas: { total: string; mediator: string; outcome: string }, sample: Record<string, Cell[]>, options: MediateOptions): MediationFits {
  const { treatment, mediator } = options;
  const prepared = { vcov: options.vcov, singletons: "keep" as const };
  const mediatorModel = new PreparedModel(formulas.mediator, sample, prepared);
  const outcomeModel = new PreparedModel(formulas.outcome, sample, prepared);
  const fits = { total: feols(formulas.total, sample, prepared), mediator: mediatorModel.fit(), outcome: outcomeModel.fit() };
  requireCoefficient(fits.total, treatment, "total-effect");
  requireCoefficient(fits.mediator, treatment, "mediator");
  requireCoefficient(fits.outcome, treatment, "outcome");
  requireCoefficient(fits.outcome, mediator, "outcome");
  return { mediatorModel, outcomeModel, fits };
}

/**
 * The normal-theory tests of a·b with the SEs of the chosen vcov: Sobel (1982) se = √(b²·se_a² + a²·se_b²),
 * Aroian (1947) se = √(b²·se_a² + a²·se_b² + se_a²·se_b²); z = a·b/se, two-sided normal p.
 */
function indirectTests(a: PathEstimate, b: PathEstimate): { sobel: IndirectTest; aroian: IndirectTest } {
  const indirect = a.estimate * b.estimate;
  const varA = a.se ** 2;
  const varB = b.se ** 2;
  const sobelSe = Math.sqrt(b.estimate * b.estimate * varA + a.estimate * a.estimate * varB);
  const aroianSe = Math.sqrt(b.estimate * b.estimate * varA + a.estimate * a.estimate * varB + varA * varB);
  const normalTest = (se: number): IndirectTest => ({ se, z: indirect / se, p: normalTwoSidedP(indirect / se) });
  return { sobel: normalTest(sobelSe), aroian: normalTest(aroianSe) };
}

/** Each sample row's resampling unit, numbered densely 0 … units − 1 in order of appearance (rows: 0 … n − 1). */
function resamplingUnits(model: PreparedModel, cluster: string | null): { codes: Int32Array; units: number } {
  const n = model.nobs;
  if (cluster === null) return { codes: Int32Array.from({ length: n }, (_, i) => i), units: n };
  const factor = model.codes(cluster);
  const map = new Map<number, number>();
  const codes = Int32Array.from(factor.codes, (c) => {
    let k = map.get(c);
    if (k === undefined) map.set(c, (k = map.size));
    return k;
  });
  return { codes, units: map.size };
}

/**
 * The cluster bootstrap of a·b: each draw takes `units` units with replacement (`rng.int(units)` per
 * unit, seeded xoshiro128**), refits the mediator and outcome equations with the counts as frequency
 * weights, and keeps a*·b* when finite; percentile and bias-corrected intervals (./intervals) and the
 * draws' standard deviation as the bootstrap se.
 */
function clusterBootstrap(models: MediationFits, boot: BootstrapSettings, indirect: number, treatment: string, mediator: string): MediationBootstrap {
  const { mediatorModel, outcomeModel } = models;
  const n = mediatorModel.nobs;
  const { codes, units } = resamplingUnits(mediatorModel, boot.cluster);
  const rng = new Rng(boot.seed);
  const counts = new Float64Array(units);
  const weights = new Float64Array(n);
  const distribution: number[] = [];
  for (let d = 0; d < boot.draws; d++) {
    counts.fill(0);
    for (let g = 0; g < units; g++) counts[rng.int(units)]++;
    for (let i = 0; i < n; i++) weights[i] = counts[codes[i]];
    const aStar = mediatorModel.coefficients({ weights })[treatment];
    const bStar = outcomeModel.coefficients({ weights })[mediator];
    const value = aStar * bStar;
    if (Number.isFinite(value)) distribution.push(value);
  }
  const bc = biasCorrectedInterval(distribution, indirect, boot.level);
  return {
    draws: boot.draws,
    valid: distribution.length,
    failed: boot.draws - distribution.length,
    seed: boot.seed,
    cluster: boot.cluster ?? "rows",
    units,
    level: boot.level,
    ci: { percentile: distribution.length > 0 ? percentileInterval(distribution, boot.level) : [NaN, NaN], biasCorrected: bc.interval },
    z0: bc.z0,
    se: standardDeviation(distribution),
    distribution,
  };
}

/**
 * Two-step mechanism analysis with the Baron–Kenny contrast (see the file comment for the method
 * and its caveat). The steps: `checkMediateOptions`, `checkedControls`, `bootstrapSettings`,
 * `mediationFormulas`, `commonSample`, `fitEquations`, `indirectTests`, `clusterBootstrap`.
 *
 * @example
 *   const m = mediate({ data: panel, outcome: "shrink", treatment: "ai", mediator: "pop_return",
 *     controls: ["lnpgdp", "gov"], fe: ["code", "year"], vcov: { cluster: "code" }, bootstrap: { draws: 499, seed: 1 } });
 * @throws OptionsError for an unknown or misspelt option (top level or in `bootstrap`) and bad option
 *         values; DataError for a column that is not in the data; IdentificationError when the
 *         treatment or mediator is collinear with the controls or fixed effects.
 */
export function mediate(options: MediateOptions): MediationResult {
  checkMediateOptions(options);
  const { outcome, treatment, mediator } = options;
  const data = toDataColumns(options.data);
  const controls = checkedControls(options, data);
  const vcovClusters = clusterVariables(parseVcov(options.vcov));
  const boot = bootstrapSettings(options.bootstrap, vcovClusters, data);
  const formulas = mediationFormulas(options, controls);
  const clusters = Array.from(new Set([...vcovClusters, ...(boot?.cluster ? [boot.cluster] : [])]));
  const { frame, sample } = commonSample(formulas.outcome, data, clusters, options.singletons ?? "drop");
  const models = fitEquations(formulas, sample, options);
  const { fits } = models;
  const paths = { a: path(fits.mediator, treatment), b: path(fits.outcome, mediator), direct: path(fits.outcome, treatment), total: path(fits.total, treatment) };
  const a = paths.a.estimate;
  const b = paths.b.estimate;
  const indirect = a * b;
  const { sobel, aroian } = indirectTests(paths.a, paths.b);
  const bootstrap = boot ? clusterBootstrap(models, boot, indirect, treatment, mediator) : undefined;
  return new MediationResult({
    outcome,
    treatment,
    mediator,
    a,
    b,
    direct: paths.direct.estimate,
    total: paths.total.estimate,
    indirect,
    shareMediated: indirect / paths.total.estimate,
    sobel,
    aroian,
    bootstrap,
    paths,
    fits,
    nobs: frame.nobs,
    dropped: { ...frame.dropped },
    vcovType: fits.outcome.vcovType,
    caveat: MEDIATION_CAVEAT,
  });
}
