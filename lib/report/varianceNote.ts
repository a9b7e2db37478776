/**
 * The notes under a regression table that state how its standard errors were computed and what
 * its stars mean, in English and Chinese.
 */
import { type Lang, variableLabel } from "./labels";
import type { ReportFit } from "./reportFit";

/**
 * The variance label of a fit without its model-specific counts (", G = …, N = …, K = …, t(df)").
 * @example varianceKind(fit) // "Clustered (code): CR1 = CR0 × G/(G − 1) · (N − 1)/(N − K)"
 */
export function varianceKind(fit: ReportFit): string {
  return fit.vcovType.replace(/, (G|N) = .*$/, "");
}

/** The clustering variables' Chinese labels joined by "和". */
function clusterWordsZh(variables: string[]): string {
  return variables.map((v) => variableLabel(v, "zh")).join("和");
}

/** The Chinese statement of a fit's variance type (from its spec, or its label when there is none). */
function varianceKindZh(fit: ReportFit): string {
  const spec = fit.vcovSpec;
  if (spec?.type === "iid") return "同方差（iid）标准误";
  if (spec?.type === "hetero") return "异方差稳健标准误（HC1）";
  if (spec?.type === "cluster") {
    return spec.variables.length === 1 ? `聚类到${clusterWordsZh(spec.variables)}层面的稳健标准误` : `按${clusterWordsZh(spec.variables)}双向聚类的稳健标准误`;
  }
  return varianceKind(fit);
}

/** Column ranges "(1)–(3)" or "(1), (4)" of the columns sharing a value. */
function columnList(columns: number[]): string {
  const parts: string[] = [];
  let start = columns[0];
  let prev = columns[0];
  for (let k = 1; k <= columns.length; k++) {
    const c = columns[k];
    if (c === prev + 1) {
      prev = c;
      continue;
    }
    parts.push(start === prev ? `(${start + 1})` : `(${start + 1})–(${prev + 1})`);
    start = c;
    prev = c;
  }
  return parts.join(", ");
}

/**
 * The note stating the variance of each column (one phrase when all columns agree, otherwise one
 * phrase per variance with the columns that use it).
 * @param statistic what the parentheses hold: standard errors ("se") or t statistics ("t")
 * @example varianceNote([fit1, fit2], "en", "se") // "Standard errors in parentheses; variance: Clustered (code): CR1 = CR0 × …."
 */
export function varianceNote(fits: ReportFit[], lang: Lang, statistic: "se" | "t"): string {
  const kinds = fits.map((f) => (lang === "zh" ? varianceKindZh(f) : varianceKind(f)));
  const distinct = Array.from(new Set(kinds));
  if (lang === "zh") {
    const what = statistic === "t" ? "t值（基于" : "";
    const close = statistic === "t" ? "）" : "";
    if (distinct.length === 1) return `括号内为${what}${distinct[0]}${close}`;
    return `括号内为${what}${distinct.map((k) => `${columnList(kinds.flatMap((x, i) => (x === k ? [i] : [])))}列：${k}`).join("；")}${close}`;
  }
  const what = statistic === "t" ? "t statistics in parentheses, from standard errors of type" : "Standard errors in parentheses; variance";
  if (distinct.length === 1) return `${what}: ${distinct[0]}.`;
  return `${what}: ${distinct.map((k) => `${columnList(kinds.flatMap((x, i) => (x === k ? [i] : [])))} ${k}`).join("; ")}.`;
}

/**
 * The star convention, stated in the notes: *** p < 0.01, ** p < 0.05, * p < 0.1.
 * @example starsNote("en") // "*** p<0.01, ** p<0.05, * p<0.1 (the convention of Chinese economics journals; …)"
 */
export function starsNote(lang: Lang): string {
  return lang === "zh"
    ? "***、**、*分别表示在1%、5%、10%的水平上显著（中文经济学期刊惯例）。"
    : "*** p<0.01, ** p<0.05, * p<0.1 (the convention of Chinese economics journals; R's summary() uses other cut-offs).";
}
