/**
 * The mechanism analysis held against the simulation's truth (notebook 07): the true share of the
 * total effect each mechanism carries, and the Baron–Kenny indirect effect a·b re-estimated on the
 * latent panel — with the true robot penetration `ai_true` in place of the mismeasured `ai`, and then
 * with the adverse local shock as a control too — so that what measurement error and confounding each
 * do to a, b and a·b is computed, not asserted.
 *
 * In the data-generating process (lib/study/simulate/params.ts)
 *   shrink = μ_i + τ_t + β_i·ai* + Σ_k b_k·M_k + γ′X + ψ_y·S + ε,   M_k = m_k,i + m_k,t + a_k·ai* + c_k·S + η_k,
 * and the observed ai is ai* with recording error. With ai* and S in the regressions, OLS of M_k on ai*
 * recovers a_k and OLS of shrink on ai*, M_k and S recovers b_k (the other mechanisms' noises η_j are
 * independent of M_k), so a·b is near a_k·b_k up to sampling error — the conditions of sequential
 * ignorability (Imai, Keele & Tingley 2010) met by construction. Only a simulation can run these
 * regressions: real data has neither column.
 */
import { normalQuantile } from "../distributions/normal";
import { OptionsError } from "../errors";
import { checkOptions } from "../options";
import { formatFixed } from "../report/format";
import type { Bilingual, Lang } from "../report/labels";
import { sentenceWords } from "../report/labels";
import { optionKeys } from "../report/optionKeys";
import { mediate } from "../toolkit/mediate";
import { loadLatentPanel, type LatentStudyPanel } from "./latentPanel";
import { readTruth, type TruthFile } from "./readTruth";
import { CONTROLS } from "./variables/panelSchema";

/** The study's mechanism variables, in the paper's order. */
export const MECHANISM_NAMES = ["pop_return", "iei", "isu"] as const;

/** A mechanism variable of the study. */
export type MechanismName = (typeof MECHANISM_NAMES)[number];

/** One mechanism's true indirect effect and its share of the mean true total effect. */
export interface TrueMediationShare {
  /** a_k·b_k from truth.json. */
  ab: number;
  /** a_k·b_k / mean total effect (truth.effects.total.mean). */
  share: number;
}

/** The true shares of the total effect: each mechanism's, and all three together. */
export interface TrueMediationShares {
  /** The mean over cities of the total effect τ_i = β_i + Σ_k a_k·b_k. */
  total: number;
  /** Σ_k a_k·b_k / mean total effect: the share the three mechanisms carry together. */
  joint: number;
  /** Each mechanism's a_k·b_k and share. */
  mechanisms: Record<MechanismName, TrueMediationShare>;
}

/**
 * The true share of the total effect each mechanism carries, a_k·b_k / τ̄ with τ̄ the mean over cities
 * of τ_i = β_i + Σ_k a_k·b_k (truth.effects.total.mean) — the number a Baron–Kenny "share mediated"
 * estimates when the effects are linear and identified (Baron & Kenny 1986).
 * @example trueMediationShares().mechanisms.isu.share // 0.114 = -0.09 / -0.792
 */
export function trueMediationShares(truth: TruthFile = readTruth()): TrueMediationShares {
  const total = truth.effects.total.mean;
  const entry = (k: MechanismName): TrueMediationShare => ({ ab: truth.effects.mechanisms[k].ab, share: truth.effects.mechanisms[k].ab / total });
  const mechanisms = { pop_return: entry("pop_return"), iei: entry("iei"), isu: entry("isu") };
  return { total, joint: MECHANISM_NAMES.reduce((s, k) => s + mechanisms[k].ab, 0) / total, mechanisms };
}

/** The three Baron–Kenny regressions of `indirectEffectBiases`, from the observed data to the truth's conditions. */
export type BiasVariant = "observed" | "trueAi" | "trueAiShock";

/** How a variant is run and named. */
export interface BiasVariantSpec {
  /** The treatment column: "ai" or "ai_true". */
  treatment: string;
  /** Controls added to the study's seven ("shock"). */
  extraControls: readonly string[];
  /** Its name in a table. */
  label: Bilingual;
  /** Its name in a sentence ("with the true ai"). */
  phrase: Bilingual;
}

/** How each variant is run: its treatment column, the controls it adds, and its names. */
export const BIAS_VARIANTS: Readonly<Record<BiasVariant, BiasVariantSpec>> = Object.freeze({
  observed: { treatment: "ai", extraControls: [], label: { en: "observed ai", zh: "观测的ai" }, phrase: { en: "with the observed ai", zh: "使用观测的ai" } },
  trueAi: { treatment: "ai_true", extraControls: [], label: { en: "true ai", zh: "真实ai" }, phrase: { en: "with the true ai", zh: "使用真实ai" } },
  trueAiShock: {
    treatment: "ai_true",
    extraControls: ["shock"],
    label: { en: "true ai + shock control", zh: "真实ai + 控制冲击" },
    phrase: { en: "with the true ai and the shock controlled", zh: "使用真实ai并控制冲击" },
  },
});

/** One mechanism under one variant: the Baron–Kenny paths, a·b with its Sobel interval, and the truth. */
export interface IndirectBiasRow {
  /** The mechanism variable. */
  mediator: MechanismName;
  /** Which regression: observed ai, true ai, or true ai with the shock controlled. */
  variant: BiasVariant;
  /** a: the treatment's coefficient on the mediator. */
  a: number;
  /** b: the mediator's coefficient in the outcome equation with the treatment. */
  b: number;
  /** a·b. */
  indirect: number;
  /** Sobel SE √(b²·se_a² + a²·se_b²) with city-clustered SEs. */
  sobelSe: number;
  /** a·b ± z·Sobel SE, z the normal quantile of the level. */
  interval: [number, number];
  /** The interval's confidence level. */
  level: number;
  /** Whether the interval contains the true a·b. */
  covers: boolean;
  /** The true a_k. */
  trueA: number;
  /** The true b_k. */
  trueB: number;
  /** The true a_k·b_k. */
  trueIndirect: number;
  /** The true c_k: the shock's effect on the mechanism (0 when the shock does not confound it with shrinkage). */
  trueC: number;
}

/** Options of `indirectEffectBiases`. */
export interface IndirectBiasOptions {
  /** The latent panel (default: `loadLatentPanel()`). */
  latent?: LatentStudyPanel;
  /** The truth (default: `readTruth()`). */
  truth?: TruthFile;
  /** The mechanisms (default all three). */
  mediators?: readonly MechanismName[];
  /** The controls (default the study's seven: lnpgdp gov fin open hc infra density). */
  controls?: readonly string[];
  /** Level of the Sobel interval (default 0.95). */
  level?: number;
}

/** The keys of IndirectBiasOptions, for the options check. */
const BIAS_OPTION_KEYS = optionKeys<IndirectBiasOptions>()(["latent", "truth", "mediators", "controls", "level"]);

/**
 * The Baron–Kenny steps (`mediate`: shrink on the treatment, the mediator on the treatment, shrink on
 * both; controls, city and year fixed effects, clustered by city) three times per mechanism on the
 * latent panel: with the observed ai; with ai_true in its place (no measurement error); with ai_true
 * and the shock S as a control (no mediator–outcome confounder left). Rows in mechanism order, each
 * mechanism's variants in that order. The Sobel interval a·b ± z·se is the normal one (Sobel 1982).
 * @throws OptionsError for an unknown option, a mechanism not among pop_return/iei/isu, or a bad level.
 * @example indirectEffectBiases().filter((r) => r.mediator === "isu").map((r) => r.indirect) // [-0.179, -0.084, -0.096]
 */
export function indirectEffectBiases(options: IndirectBiasOptions = {}): IndirectBiasRow[] {
  checkOptions("indirectEffectBiases", options, BIAS_OPTION_KEYS);
  const mediators = options.mediators ?? MECHANISM_NAMES;
  for (const m of mediators) {
    if (!MECHANISM_NAMES.includes(m)) throw new OptionsError(`indirectEffectBiases: "${String(m)}" is not a mechanism of the study; use ${MECHANISM_NAMES.join(", ")}.`);
  }
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new OptionsError(`indirectEffectBiases: level must lie strictly between 0 and 1 (e.g. 0.95), got ${String(level)}.`);
  const latent = options.latent ?? loadLatentPanel();
  const truth = options.truth ?? readTruth();
  const controls = [...(options.controls ?? CONTROLS)];
  const z = normalQuantile(0.5 + level / 2);
  return mediators.flatMap((mediator) =>
    (Object.keys(BIAS_VARIANTS) as BiasVariant[]).map((variant): IndirectBiasRow => {
      const spec = BIAS_VARIANTS[variant];
      const fit = mediate({ data: latent, outcome: "shrink", treatment: spec.treatment, mediator, controls: [...controls, ...spec.extraControls], fe: ["code", "year"], vcov: { cluster: "code" } });
      const t = truth.effects.mechanisms[mediator];
      const interval: [number, number] = [fit.indirect - z * fit.sobel.se, fit.indirect + z * fit.sobel.se];
      const covers = interval[0] <= t.ab && t.ab <= interval[1];
      return { mediator, variant, a: fit.a, b: fit.b, indirect: fit.indirect, sobelSe: fit.sobel.se, interval, level, covers, trueA: t.a, trueB: t.b, trueIndirect: t.ab, trueC: t.c };
    }),
  );
}

/** Options of `describeIndirectBiases`. */
export interface IndirectBiasSentenceOptions {
  /** Language of the sentence (default "en"). */
  lang?: Lang;
  /** Decimals (default 3). */
  digits?: number;
}

/** The keys of IndirectBiasSentenceOptions, for the options check. */
const BIAS_SENTENCE_OPTION_KEYS = optionKeys<IndirectBiasSentenceOptions>()(["lang", "digits"]);

/**
 * One sentence per mechanism reading its rows of `indirectEffectBiases`: a·b under the three
 * regressions against the true a·b, how far removing the measurement error (observed → true ai) and
 * then the confounder (true ai → true ai with the shock) moves a and b, and whether each interval
 * covers the truth.
 * @throws OptionsError for an unknown option, or rows that are not one mechanism's three variants.
 * @example describeIndirectBiases(indirectEffectBiases().filter((r) => r.mediator === "isu"))
 */
export function describeIndirectBiases(rows: readonly IndirectBiasRow[], options: IndirectBiasSentenceOptions = {}): string {
  checkOptions("describeIndirectBiases", options, BIAS_SENTENCE_OPTION_KEYS);
  const pick = (v: BiasVariant) => rows.find((r) => r.variant === v);
  const [obs, tru, shk] = [pick("observed"), pick("trueAi"), pick("trueAiShock")];
  if (!obs || !tru || !shk || rows.some((r) => r.mediator !== obs.mediator)) {
    throw new OptionsError("describeIndirectBiases: pass the three rows (observed, trueAi, trueAiShock) of one mechanism, e.g. rows.filter((r) => r.mediator === \"isu\").");
  }
  const lang = options.lang ?? "en";
  const f = (v: number) => formatFixed(v, options.digits ?? 3);
  const m = sentenceWords(obs.mediator, lang).concept;
  const moves = (from: IndirectBiasRow, to: IndirectBiasRow) =>
    lang === "zh" ? `a从${f(from.a)}变为${f(to.a)}，b从${f(from.b)}变为${f(to.b)}` : `a from ${f(from.a)} to ${f(to.a)} and b from ${f(from.b)} to ${f(to.b)}`;
  const pct = `${Math.round(1e4 * obs.level) / 100}%`;
  const z = formatFixed(normalQuantile(0.5 + obs.level / 2), 2);
  const coverage = coverageClause([obs, tru, shk], lang);
  if (lang === "zh") {
    const shock = obs.trueC === 0 ? `模拟中冲击不影响${m}，c = 0` : `模拟中冲击也影响${m}，c = ${f(obs.trueC)}，因而混杂了它与城市收缩的关系`;
    return (
      `通过${m}的a·b：使用观测的ai为${f(obs.indirect)}，使用真实ai为${f(tru.indirect)}，使用真实ai并控制冲击为${f(shk.indirect)}，真实值为${f(obs.trueIndirect)}（真实a = ${f(obs.trueA)}，b = ${f(obs.trueB)}）。` +
      `消除ai的测量误差使${moves(obs, tru)}；再控制冲击（${shock}）使${moves(tru, shk)}。${pct}区间（a·b ± ${z} Sobel标准误）${coverage}。`
    );
  }
  const shock = obs.trueC === 0 ? `which does not move ${m} in the simulation (c = 0)` : `which moves ${m} too in the simulation (c = ${f(obs.trueC)}) and so confounds it with shrinkage`;
  return (
    `Through ${m}, a·b is ${f(obs.indirect)} with the observed ai, ${f(tru.indirect)} with the true ai and ${f(shk.indirect)} with the true ai and the shock controlled, against a true ${f(obs.trueIndirect)} (a = ${f(obs.trueA)}, b = ${f(obs.trueB)}). ` +
    `Removing the measurement error in ai moves ${moves(obs, tru)}; then controlling the shock, ${shock}, moves ${moves(tru, shk)}. ` +
    `The ${pct} interval (a·b ± ${z} Sobel SE) ${coverage}.`
  );
}

/** "covers the truth in all three regressions" / "misses the truth with …; covers it with …", from each row's `covers`. */
function coverageClause(rows: IndirectBiasRow[], lang: Lang): string {
  const phrases = (list: IndirectBiasRow[]) => {
    const p = list.map((r) => BIAS_VARIANTS[r.variant].phrase[lang]);
    if (lang === "zh") return p.join("、");
    return p.length <= 1 ? p.join("") : `${p.slice(0, -1).join(", ")} and ${p[p.length - 1]}`;
  };
  const covered = rows.filter((r) => r.covers);
  const missed = rows.filter((r) => !r.covers);
  if (lang === "zh") {
    if (missed.length === 0) return "在三种回归中都覆盖真实值";
    if (covered.length === 0) return "在三种回归中都未覆盖真实值";
    return `${phrases(missed)}时未覆盖真实值，${phrases(covered)}时覆盖真实值`;
  }
  if (missed.length === 0) return "covers the truth in all three regressions";
  if (covered.length === 0) return "misses the truth in all three regressions";
  return `misses the truth ${phrases(missed)}; it covers it ${phrases(covered)}`;
}

/**
 * The rows of `indirectEffectBiases` as a table for `buildDataTable`: one row per mechanism and path
 * (a, b, a·b), one column per regression (observed ai, true ai, true ai + shock control) and the truth,
 * so that each row shows how one path moves as first the measurement error and then the confounder is
 * removed. Column names in the chosen language.
 * @throws OptionsError when a mechanism lacks one of its three rows.
 * @example buildDataTable(indirectBiasTableRows(indirectEffectBiases()), { title: "a·b against the truth" })
 */
export function indirectBiasTableRows(rows: readonly IndirectBiasRow[], lang: Lang = "en"): Record<string, string | number>[] {
  const variants = Object.keys(BIAS_VARIANTS) as BiasVariant[];
  const mediators = Array.from(new Set(rows.map((r) => r.mediator)));
  const paths = [
    { name: "a", value: (r: IndirectBiasRow) => r.a, truth: (r: IndirectBiasRow) => r.trueA },
    { name: "b", value: (r: IndirectBiasRow) => r.b, truth: (r: IndirectBiasRow) => r.trueB },
    { name: "a·b", value: (r: IndirectBiasRow) => r.indirect, truth: (r: IndirectBiasRow) => r.trueIndirect },
  ];
  return mediators.flatMap((mediator) => {
    const byVariant = variants.map((v) => rows.find((r) => r.mediator === mediator && r.variant === v));
    if (byVariant.some((r) => r === undefined)) throw new OptionsError(`indirectBiasTableRows: ${mediator} lacks one of its rows (${variants.join(", ")}); pass all rows of indirectEffectBiases.`);
    const found = byVariant as IndirectBiasRow[];
    return paths.map((p) => ({
      [lang === "zh" ? "机制" : "mechanism"]: mediator,
      [lang === "zh" ? "路径" : "path"]: p.name,
      ...Object.fromEntries(found.map((r) => [BIAS_VARIANTS[r.variant].label[lang], p.value(r)])),
      [lang === "zh" ? "真实值" : "truth"]: p.truth(found[0]),
    }));
  });
}
