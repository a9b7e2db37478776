/**
 * Variable labels for tables, figures and sentences, from a codebook the caller supplies — as R
 * fixest's `setFixest_dict()` gives `etable` its labels. The report layer knows no study: without a
 * codebook every label is the raw variable name. A study sets its codebook once with
 * `setReportDefaults({ labels })` (lib/report/defaults.ts); each function also takes one explicitly.
 */
import { reportDefaults } from "./defaults";

import type { Bilingual, Codebook, Lang, VariableInfo, VariableRole } from "./codebook";

export type { Bilingual, Codebook, Lang, VariableInfo, VariableRole } from "./codebook";

/** A text in both languages. */
function bi(en: string, zh: string): Bilingual {
  return { en, zh };
}

/**
 * Role names for the variable-definition table.
 * @example ROLE_LABELS.control.zh // "控制变量"
 */
export const ROLE_LABELS: Readonly<Record<VariableRole, Bilingual>> = Object.freeze({
  key: bi("Identifier", "标识变量"),
  outcome: bi("Dependent variable", "被解释变量"),
  "alternative outcome": bi("Alternative dependent variable", "替换被解释变量"),
  "core regressor": bi("Core explanatory variable", "核心解释变量"),
  "alternative regressor": bi("Alternative explanatory variable", "替换解释变量"),
  instrument: bi("Instrument", "工具变量"),
  control: bi("Control variable", "控制变量"),
  mechanism: bi("Mechanism variable", "机制变量"),
  group: bi("Grouping variable", "分组变量"),
});

/**
 * The codebook entry of a variable, if it has one.
 * @param codebook default: the labels set with `setReportDefaults`
 * @example variableInfo("ai")?.role // "core regressor" once a codebook with "ai" is set
 */
export function variableInfo(name: string, codebook: Codebook = reportDefaults().labels): VariableInfo | undefined {
  return Object.prototype.hasOwnProperty.call(codebook, name) ? codebook[name] : undefined;
}

/**
 * The label of a variable in the chosen language; unknown names fall back to the raw name.
 * @example variableLabel("ai", "zh") // "人工智能（机器人渗透度）" once a codebook with "ai" is set
 * @example variableLabel("value", "en") // "value"
 */
export function variableLabel(name: string, lang: Lang = "en"): string {
  const info = variableInfo(name);
  return info ? info.label[lang] : name;
}

/**
 * The label of a regression term: a variable's label, "Constant" for the intercept, "a × b" for a
 * product term `a:b`, and "label × year t" for the year-specific slopes of `i(year, v)` (keyed
 * `"year::2008:v"`). `rename` overrides any of them.
 * @example coefLabel("(Intercept)", "zh") // "常数项"
 * @example coefLabel("year::2008:ai") // "ai × year 2008" (with the codebook's label of ai once set)
 */
export function coefLabel(term: string, lang: Lang = "en", rename: Record<string, string> = {}): string {
  if (Object.prototype.hasOwnProperty.call(rename, term)) return rename[term];
  if (term === "(Intercept)") return lang === "zh" ? "常数项" : "Constant";
  const interacted = /^([^:]+)::([^:]+):(.+)$/.exec(term);
  if (interacted) {
    const [, factor, level, variable] = interacted;
    const levelText = factor === "year" ? (lang === "zh" ? `${level}年` : `year ${level}`) : `${variableLabel(factor, lang)} = ${level}`;
    return `${coefLabel(variable, lang, rename)} × ${levelText}`;
  }
  if (term.includes(":")) return term.split(":").map((part) => coefLabel(part, lang, rename)).join(" × ");
  return variableLabel(term, lang);
}

/**
 * The label of one level of a group variable: the codebook's level label for the 0/1 flags of
 * design §5 (e.g. hu_se 1 → "South-east of the Hu line"), otherwise "variable = level".
 * @example levelLabel("group", 1) // "group = 1" for a variable without level labels
 */
export function levelLabel(variable: string | undefined, level: string | number, lang: Lang = "en"): string {
  const key = String(level);
  const info = variable === undefined ? undefined : variableInfo(variable);
  if (info?.levels && Object.prototype.hasOwnProperty.call(info.levels, key)) return info.levels[key][lang];
  return variable === undefined ? key : `${variableLabel(variable, lang)} = ${key}`;
}

/**
 * A label as it reads inside a title or sentence: its first letter in lower case, unless the
 * first word is an acronym or a name ("AI (robot penetration)" and "Hu line" stay as they are).
 * @example labelInSentence("South-east of the Hu line") // "south-east of the Hu line"
 */
export function labelInSentence(label: string): string {
  return /^\p{Lu}[\p{Ll}-]/u.test(label) && !/^\p{Lu}\p{Lu}/u.test(label) ? label[0].toLowerCase() + label.slice(1) : label;
}

/**
 * The cities of one level of a group variable as a sentence names them ("shrinking cities",
 * "胡焕庸线东南侧城市"); falls back to levelLabel.
 * @example groupPhrase("shrinking", 1) // "shrinking cities" once the study's codebook is set
 */
export function groupPhrase(variable: string | undefined, level: string | number, lang: Lang = "en"): string {
  const key = String(level);
  const info = variable === undefined ? undefined : variableInfo(variable);
  if (info?.groupPhrases && Object.prototype.hasOwnProperty.call(info.groupPhrases, key)) return info.groupPhrases[key][lang];
  return levelLabel(variable, level, lang);
}

/** The words a sentence uses for a variable. */
export interface SentenceWords {
  /** What the variable stands for ("AI development"); falls back to the label, then the name. */
  concept: string;
  /** The measure itself ("robot penetration"); falls back to the label, then the name. */
  measure: string;
  /** Unit of a change ("percentage points"); falls back to "units" (个单位). */
  unit: string;
}

/**
 * Words used by sentences: the concept, the measure and the unit of a variable, with fallbacks.
 * @example sentenceWords("x", "en") // { concept: "x", measure: "x", unit: "units" } for a variable not in the codebook
 */
export function sentenceWords(name: string, lang: Lang): SentenceWords {
  const info = variableInfo(name);
  const fallbackUnit = lang === "zh" ? "个单位" : "units";
  return {
    concept: info?.concept?.[lang] ?? info?.label[lang] ?? name,
    measure: info?.measure?.[lang] ?? info?.label[lang] ?? name,
    unit: info?.unit?.[lang] ?? fallbackUnit,
  };
}
