/**
 * Findings: sentences computed from results, in English and Chinese, so that no number in a
 * notebook's prose is typed by hand; and `annotate`, with which a workshop participant attaches
 * their own note to a result. Notes are kept by a module-level collector and written, with the
 * numbers, to one findings file (Markdown and JSON) when the notebooks are run.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { dirname } from "path";
import { formatFixed } from "./format";
import { escapeHtml } from "./html";
import { groupPhrase, type Lang, sentenceWords } from "./labels";
import { escapeMarkdown } from "./markdown";
import type { DisplayBundle } from "./display";

/** The fields of a fit that sentences read. */
export interface SentenceFit {
  coef: Record<string, number>;
  se: Record<string, number>;
  pvalue: Record<string, number>;
  depVar?: string;
  method?: string;
  formula?: string;
  nobs?: number;
}

/** The IV fields that IV sentences read. */
export interface SentenceIvFit extends SentenceFit {
  ivDiagnostics: { kpWaldF: number; stockYogo: { size?: { "10%": number } | undefined } };
}

/**
 * The significance phrase of a p-value: "p < 0.01", "p < 0.05", "p < 0.1" or "not significant at
 * 10%" (Chinese: "在1%的水平上显著" … "在10%的水平上不显著"), the thresholds of the tables' stars.
 */
export function significancePhrase(p: number, lang: Lang = "en"): string {
  if (!Number.isFinite(p)) return lang === "zh" ? "显著性无法计算" : "significance not available";
  if (lang === "zh") {
    if (p < 0.01) return "在1%的水平上显著";
    if (p < 0.05) return "在5%的水平上显著";
    if (p < 0.1) return "在10%的水平上显著";
    return "在10%的水平上不显著";
  }
  if (p < 0.01) return "p < 0.01";
  if (p < 0.05) return "p < 0.05";
  if (p < 0.1) return "p < 0.1";
  return "not significant at 10%";
}

function isSignificant(p: number): boolean {
  return Number.isFinite(p) && p < 0.1;
}

function requireTerm(fit: SentenceFit, term: string, where: string): void {
  if (!Object.prototype.hasOwnProperty.call(fit.coef, term)) {
    throw new RangeError(`${where}: the fit has no coefficient "${term}" (it has ${Object.keys(fit.coef).join(", ")}); pass options.term.`);
  }
}

export interface EffectOptions {
  /** The regressor (default "ai"). */
  term?: string;
  /** The outcome (default: the fit's dependent variable). */
  outcome?: string;
  /** SD of the regressor: the sentence then speaks of a one-SD increase; otherwise of a one-unit increase. */
  sdOfRegressor?: number;
  lang?: Lang;
  /** Decimals (default 3). */
  digits?: number;
}

/**
 * One sentence reading an estimated effect: direction from the sign, size as b·SD (or b), and the
 * significance phrase from the p-value.
 * @example describeEffect(fit, { term: "ai", sdOfRegressor: sd(panel.ai) })
 *   // "AI development lowers urban shrinkage: a one-SD increase in robot penetration (0.830) reduces
 *   //  the shrinkage rate by 0.120 percentage points (p < 0.01)."
 */
export function describeEffect(fit: SentenceFit, options: EffectOptions = {}): string {
  const term = options.term ?? "ai";
  requireTerm(fit, term, "describeEffect");
  const lang = options.lang ?? "en";
  const digits = options.digits ?? 3;
  const outcome = options.outcome ?? fit.depVar ?? "y";
  const b = fit.coef[term];
  const p = fit.pvalue[term];
  const x = sentenceWords(term, lang);
  const y = sentenceWords(outcome, lang);
  const sd = options.sdOfRegressor;
  if (sd !== undefined && !(Number.isFinite(sd) && sd > 0)) throw new RangeError(`describeEffect: sdOfRegressor must be a positive number, got ${String(sd)}.`);
  const size = formatFixed(Math.abs(sd === undefined ? b : b * sd), digits);
  const down = b < 0;
  const significant = isSignificant(p);
  if (lang === "zh") {
    const step = sd === undefined ? `${x.measure}每提高1个单位` : `${x.measure}每提高1个标准差（${formatFixed(sd, digits)}）`;
    const change = `${y.measure}${down ? "下降" : "上升"}${size}${y.unit}`;
    if (significant) return `${x.concept}${down ? "降低" : "提高"}了${y.concept}：${step}，${change}（${significancePhrase(p, lang)}，p = ${formatFixed(p, digits)}）。`;
    return `点估计显示${x.concept}${down ? "降低" : "提高"}${y.concept}（${step}，${change}），但该系数${significancePhrase(p, lang)}（p = ${formatFixed(p, digits)}）。`;
  }
  const step = sd === undefined ? `a one-unit increase in ${x.measure}` : `a one-SD increase in ${x.measure} (${formatFixed(sd, digits)})`;
  const change = `${down ? "reduces" : "increases"} ${y.measure} by ${size} ${y.unit}`;
  const concept = x.concept.charAt(0).toUpperCase() + x.concept.slice(1);
  if (significant) return `${concept} ${down ? "lowers" : "raises"} ${y.concept}: ${step} ${change} (${significancePhrase(p, lang)}).`;
  return `The point estimate says ${x.concept} ${down ? "lowers" : "raises"} ${y.concept} — ${step} ${change} — but it is ${significancePhrase(p, lang)} (p = ${formatFixed(p, digits)}).`;
}

/**
 * describeEffect for a 2SLS fit, followed by the strength of the instrument: the first-stage
 * Kleibergen–Paap rk Wald F against the Stock–Yogo 10% maximal-size critical value (or the rule of
 * thumb F > 10 when it is not tabulated).
 */
export function describeIvEffect(fit: SentenceIvFit, options: EffectOptions = {}): string {
  const lang = options.lang ?? "en";
  const digits = options.digits ?? 3;
  const effect = describeEffect(fit, options);
  const f = fit.ivDiagnostics.kpWaldF;
  const cv = fit.ivDiagnostics.stockYogo.size?.["10%"];
  const threshold = cv ?? 10;
  const strong = f > threshold;
  if (lang === "zh") {
    const against = cv === undefined ? "经验阈值10" : `Stock–Yogo 10%临界值${cv.toFixed(2)}`;
    return `${effect}第一阶段F值（Kleibergen–Paap rk Wald F）为${formatFixed(f, digits)}，${strong ? "高于" : "低于"}${against}，${strong ? "不存在弱工具变量问题" : "存在弱工具变量之虞，应参考Anderson–Rubin检验"}。`;
  }
  const against = cv === undefined ? "the rule-of-thumb 10" : `the Stock–Yogo 10% critical value (${cv.toFixed(2)})`;
  return `${effect} The first-stage F (Kleibergen–Paap rk Wald) is ${formatFixed(f, digits)}, ${strong ? "above" : "below"} ${against}: ${strong ? "the instrument is not weak" : "the instrument may be weak; read the Anderson–Rubin test"}.`;
}

/** A group comparison given as numbers: two groups' estimates, the difference and its p-value. */
export interface GroupDifferenceInput {
  /** The two groups, in the order of the difference (second minus first). */
  groups: [{ label: string; estimate: number }, { label: string; estimate: number }];
  /** The difference (default: second estimate minus first). */
  difference?: number;
  /** p-value of the test that the coefficients are equal. */
  p: number;
  /** Which test gave p (e.g. "permutation test, 499 draws"). */
  test?: string;
}

/**
 * One sentence comparing an effect across two groups: which group's effect is larger in magnitude,
 * the difference and whether it is significant.
 * @example describeGroupDifference({ groups: [{ label: "north-west cities", estimate: -0.05 }, { label: "south-east cities", estimate: -0.2 }], p: 0.003, test: "SUEST" })
 */
export function describeGroupDifference(input: GroupDifferenceInput, options: { term?: string; outcome?: string; lang?: Lang; digits?: number } = {}): string {
  const lang = options.lang ?? "en";
  const digits = options.digits ?? 3;
  const [g1, g2] = input.groups;
  const difference = input.difference ?? g2.estimate - g1.estimate;
  const x = sentenceWords(options.term ?? "ai", lang);
  const y = sentenceWords(options.outcome ?? "shrink", lang);
  const [big, small] = Math.abs(g2.estimate) >= Math.abs(g1.estimate) ? [g2, g1] : [g1, g2];
  const significant = isSignificant(input.p);
  const test = input.test ? (lang === "zh" ? `，${input.test}` : `, ${input.test}`) : "";
  if (lang === "zh") {
    return `${x.measure}对${y.measure}的影响在${big.label}（${formatFixed(big.estimate, digits)}）中的绝对值大于${small.label}（${formatFixed(small.estimate, digits)}）；组间差异（${g2.label}减${g1.label}）为${formatFixed(difference, digits)}，${significancePhrase(input.p, lang)}（p = ${formatFixed(input.p, digits)}${test}）${significant ? "" : "，不能认为两组系数不同"}。`;
  }
  return `The effect of ${x.measure} on ${y.measure} is larger in magnitude among ${big.label} (${formatFixed(big.estimate, digits)}) than among ${small.label} (${formatFixed(small.estimate, digits)}); the difference (${g2.label} minus ${g1.label}, ${formatFixed(difference, digits)}) is ${significant ? `significant (${significancePhrase(input.p, lang)}` : `${significancePhrase(input.p, lang)} (p = ${formatFixed(input.p, digits)}`}${test}).`;
}

/** The fields of a group comparison (design §3, `compareGroups`) that its sentence reads. */
export interface GroupComparisonSentenceInput {
  fits: Record<string, { coef: Record<string, number>; depVar?: string }>;
  difference: number;
  by?: string;
  coef?: string;
  interaction?: { p: number };
  suest?: { p: number };
  permutation?: { p: number; draws: number };
}

/**
 * describeGroupDifference for a `compareGroups` result: the two levels in sorted order (second minus
 * first, as its `difference`), named by the codebook's group phrases, and the p-value of the chosen
 * test (default: the permutation test when it was run, otherwise SUEST, otherwise the interaction).
 * @example describeGroupComparison(compareGroups({ data, formula, by: "hu_se", coef: "ai", permutations: { seed: 1 } }), { lang: "zh" })
 */
export function describeGroupComparison(
  comparison: GroupComparisonSentenceInput,
  options: { test?: "interaction" | "suest" | "permutation"; term?: string; by?: string; outcome?: string; lang?: Lang; digits?: number } = {},
): string {
  const lang = options.lang ?? "en";
  const term = options.term ?? comparison.coef ?? "ai";
  const by = options.by ?? comparison.by;
  const levels = Object.keys(comparison.fits);
  const numeric = levels.every((k) => k.trim() !== "" && Number.isFinite(Number(k)));
  levels.sort(numeric ? (a, b) => Number(a) - Number(b) : undefined);
  if (levels.length !== 2) throw new RangeError(`describeGroupComparison: expected two groups, got ${levels.length}.`);
  const test = options.test ?? (comparison.permutation ? "permutation" : comparison.suest ? "suest" : "interaction");
  const result = comparison[test];
  if (!result) throw new RangeError(`describeGroupComparison: the comparison has no ${test} test.`);
  const testName =
    test === "permutation"
      ? lang === "zh"
        ? `置换检验，${(result as { draws: number }).draws}次`
        : `permutation test, ${(result as { draws: number }).draws} draws`
      : test === "suest"
        ? lang === "zh"
          ? "SUEST检验"
          : "SUEST test"
        : lang === "zh"
          ? "交互项检验"
          : "interaction test";
  const groups = levels.map((lv) => {
    const fit = comparison.fits[lv];
    if (!Object.prototype.hasOwnProperty.call(fit.coef, term)) throw new RangeError(`describeGroupComparison: the fit of group "${lv}" has no coefficient "${term}".`);
    return { label: groupPhrase(by, lv, lang), estimate: fit.coef[term] };
  }) as [{ label: string; estimate: number }, { label: string; estimate: number }];
  return describeGroupDifference(
    { groups, difference: comparison.difference, p: result.p, test: testName },
    { term, outcome: options.outcome ?? comparison.fits[levels[0]].depVar ?? "shrink", lang, digits: options.digits },
  );
}

/**
 * One sentence setting OLS against 2SLS and, in the simulation, the truth: 2SLS as a multiple of
 * OLS, and each as a share of the true effect (attenuation of OLS towards zero).
 * @example describeOlsIvTruth({ ols, iv, truth: truth.estimand2sls, term: "ai" })
 */
export function describeOlsIvTruth(input: { ols: SentenceFit; iv: SentenceFit; truth?: number; term?: string }, options: { lang?: Lang; digits?: number } = {}): string {
  const term = input.term ?? "ai";
  requireTerm(input.ols, term, "describeOlsIvTruth (OLS)");
  requireTerm(input.iv, term, "describeOlsIvTruth (2SLS)");
  const lang = options.lang ?? "en";
  const digits = options.digits ?? 3;
  const bo = input.ols.coef[term];
  const bi = input.iv.coef[term];
  const ratio = bi / bo;
  const pct = (v: number): string => `${formatFixed(100 * v, 1)}%`;
  if (lang === "zh") {
    let s = `OLS估计值为${formatFixed(bo, digits)}，2SLS估计值为${formatFixed(bi, digits)}，为OLS的${formatFixed(ratio, 2)}倍`;
    if (input.truth !== undefined) {
      const t = input.truth;
      const attenuated = Math.abs(bo) < Math.abs(t) && Math.sign(bo) === Math.sign(t);
      s += `；真实效应为${formatFixed(t, digits)}，OLS相当于真实值的${pct(bo / t)}${attenuated ? "（向零偏误）" : ""}，2SLS相当于真实值的${pct(bi / t)}`;
    }
    return `${s}。`;
  }
  let s = `OLS estimates ${formatFixed(bo, digits)} and 2SLS ${formatFixed(bi, digits)}, ${formatFixed(ratio, 2)} times the OLS estimate`;
  if (input.truth !== undefined) {
    const t = input.truth;
    const attenuated = Math.abs(bo) < Math.abs(t) && Math.sign(bo) === Math.sign(t);
    s += `; against a true effect of ${formatFixed(t, digits)}, OLS recovers ${pct(bo / t)} of it${attenuated ? " (attenuated towards zero)" : ""} and 2SLS ${pct(bi / t)}`;
  }
  return `${s}.`;
}

// ---------------------------------------------------------------------------------------------
// Annotations and the findings collector.

/** One collected finding: the result it is attached to, its numbers, and the participant's note. */
export interface Finding {
  id: number;
  /** What the note is about: a sentence, a label, or "OLS: y ~ x | fe" for a fit. */
  label: string;
  /** Numbers of the result (for a fit: estimate, se and p of each coefficient, and N). */
  numbers: Record<string, number>;
  note: string;
  author?: string;
}

/** Anything `annotate` accepts: a label or sentence, a fit, or an explicit label with numbers. */
export type Annotatable = string | SentenceFit | { label: string; numbers?: Record<string, number> };

const findings: Finding[] = [];

function describeTarget(target: Annotatable): { label: string; numbers: Record<string, number> } {
  if (typeof target === "string") return { label: target, numbers: {} };
  if ("label" in target && typeof target.label === "string") return { label: target.label, numbers: { ...(target.numbers ?? {}) } };
  const fit = target as SentenceFit;
  const numbers: Record<string, number> = {};
  for (const name of Object.keys(fit.coef)) {
    numbers[`${name}.estimate`] = fit.coef[name];
    numbers[`${name}.se`] = fit.se[name];
    numbers[`${name}.p`] = fit.pvalue[name];
  }
  if (fit.nobs !== undefined) numbers.nobs = fit.nobs;
  const label = fit.formula ? `${fit.method ?? "Model"}: ${fit.formula}` : `${fit.method ?? "Model"} of ${fit.depVar ?? "y"}`;
  return { label, numbers };
}

function numbersText(numbers: Record<string, number>): string {
  return Object.entries(numbers)
    .map(([k, v]) => `${k} = ${Number.isInteger(v) ? String(v) : formatFixed(v, 4)}`)
    .join(", ");
}

/**
 * Attaches a participant's note to a result and collects it. Returns a display bundle that shows
 * the result and the note side by side (pass it to `show`).
 * @throws RangeError for an empty note.
 * @example show(annotate(describeEffect(fit), "Larger than I expected for the north-east.", "Li Lei"))
 */
export function annotate(resultOrLabel: Annotatable, note: string, author?: string): DisplayBundle {
  if (typeof note !== "string" || note.trim() === "") throw new RangeError("annotate: write a note (a non-empty string).");
  const { label, numbers } = describeTarget(resultOrLabel);
  const finding: Finding = { id: findings.length + 1, label, numbers, note: note.trim(), ...(author ? { author } : {}) };
  findings.push(finding);
  const by = author ? ` — ${author}` : "";
  const numbersLine = Object.keys(numbers).length > 0 ? numbersText(numbers) : "";
  const html =
    `<div class="kit-annotation" style="display:flex;gap:12px;align-items:stretch;margin:6px 0;font-size:13px;">` +
    `<div style="flex:1;padding:6px 10px;border-left:3px solid #0072B2;background:#f5f8fb;">` +
    `<div>${escapeHtml(label)}</div>${numbersLine ? `<div style="color:#555;font-size:11px;margin-top:4px;">${escapeHtml(numbersLine)}</div>` : ""}</div>` +
    `<div style="flex:1;padding:6px 10px;border-left:3px solid #E69F00;background:#fff8e6;">` +
    `<div style="font-weight:bold;font-size:11px;color:#8a6500;">Note #${finding.id}${escapeHtml(by)}</div><div>${escapeHtml(finding.note)}</div></div>` +
    `</div>`;
  const markdown = `${escapeMarkdown(label)}${numbersLine ? `  \n*${escapeMarkdown(numbersLine)}*` : ""}\n\n> **Note #${finding.id}${escapeMarkdown(by)}:** ${escapeMarkdown(finding.note)}\n`;
  const plain = `${label}${numbersLine ? `\n  ${numbersLine}` : ""}\nNote #${finding.id}${by}: ${finding.note}`;
  return { "text/html": html, "text/markdown": markdown, "text/plain": plain, kit: { kind: "annotation", text: finding.note, about: label, ...(author ? { author } : {}) } };
}

/** The findings collected so far in this process (copies). */
export function collectFindings(): Finding[] {
  return findings.map((f) => ({ ...f, numbers: { ...f.numbers } }));
}

/** Forgets the collected findings. */
export function clearFindings(): void {
  findings.length = 0;
}

/** The findings as a Markdown document. */
export function findingsMarkdown(list: Finding[], title = "Findings"): string {
  const out = [`# ${title}`, ""];
  if (list.length === 0) out.push("No notes were attached.", "");
  for (const f of list) {
    out.push(`## ${f.id}. ${escapeMarkdown(f.label)}`, "");
    if (Object.keys(f.numbers).length > 0) out.push(`Numbers: ${escapeMarkdown(numbersText(f.numbers))}`, "");
    out.push(`> ${escapeMarkdown(f.note)}${f.author ? ` — ${escapeMarkdown(f.author)}` : ""}`, "");
  }
  return out.join("\n");
}

/**
 * Writes the collected findings as Markdown and JSON: `path` with its extension (.md or .json, or
 * none) replaced by both. With `append`, findings already in the JSON file (from notebooks run
 * earlier, each in its own kernel) are kept and the new ones follow, renumbered.
 * @returns the two paths written.
 * @example writeFindings("output/findings.md", { append: true })
 */
export function writeFindings(path: string, options: { append?: boolean; title?: string } = {}): { markdown: string; json: string } {
  const base = path.replace(/\.(md|json)$/i, "");
  const markdownPath = `${base}.md`;
  const jsonPath = `${base}.json`;
  let list = collectFindings();
  if (options.append && existsSync(jsonPath)) {
    const previous = JSON.parse(readFileSync(jsonPath, "utf8")) as { findings?: Finding[] };
    list = [...(previous.findings ?? []), ...list];
  }
  list = list.map((f, k) => ({ ...f, id: k + 1 }));
  mkdirSync(dirname(markdownPath), { recursive: true });
  writeFileSync(jsonPath, JSON.stringify({ findings: list }, null, 2) + "\n", "utf8");
  writeFileSync(markdownPath, findingsMarkdown(list, options.title), "utf8");
  return { markdown: markdownPath, json: jsonPath };
}
