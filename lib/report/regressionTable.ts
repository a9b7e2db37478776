/**
 * Regression tables in the layout of a Chinese economics journal: models side by side in columns
 * (1), (2), …, coefficients with significance stars and standard errors (or t statistics) in
 * parentheses under them, Yes/No rows for the controls and the fixed effects, N, R², within R²,
 * and for 2SLS fits the first-stage and weak-identification diagnostics. The result is a TableSpec
 * for the renderers (toHtml, toMarkdown, toLatex, toCsv).
 *
 * `buildRegressionTable` runs named steps, each building one part of the table from a shared
 * context (the fits, the options and their resolved defaults): the header, the coefficient rows, the indicator rows (controls and
 * fixed effects), the fit-statistic rows, the IV diagnostic rows and the notes.
 */
import { OptionsError } from "../errors";
import { checkOptions } from "../options";
import { dataNoteText } from "./defaults";
import { checkDigits, formatCount, formatFixed, significanceStars, formatPValueCell } from "./format";
import { type Lang, coefLabel, variableLabel } from "./labels";
import { optionKeys } from "./optionKeys";
import { isReportIvFit, type ReportFit, type ReportIvFit } from "./reportFit";
import type { HeaderCell, TableRow, TableSpec } from "./table";
import { checkTableSpec } from "./table";
import { starsNote, varianceNote } from "./varianceNote";

export { isReportIvFit, type ReportFit, type ReportIvFit, type ReportFirstStage, type ReportIvDiagnostics } from "./reportFit";
export { starsNote, varianceKind, varianceNote } from "./varianceNote";

/** A fit-statistic row: N, R², adjusted R² or within R². */
export type TableStat = "nobs" | "r2" | "adjR2" | "r2Within";

/** Options of `buildRegressionTable`. */
export interface RegressionTableOptions {
  /** Language of labels and notes (default "en"). */
  labels?: Lang;
  /** Title above the table (default: none). */
  title?: string;
  /** A title per column, shown under (1), (2), … in a row labelled `columnTitlesLabel`. */
  columnTitles?: string[];
  /** The label of the column-title row (default "Model", 模型; "Sample" suits titles that name subsamples), as R fixest's `etable(headers = list("Sample:" = …))`. */
  columnTitlesLabel?: string;
  /** Show the dependent variable row (default true). */
  depVarRow?: boolean;
  /** Show an estimation-method row (OLS / 2SLS); default: when the columns mix methods and no `columnTitles` name the models. */
  methodRow?: boolean;
  /** Regressors collapsed into one "Controls: Yes/No" row (names or patterns). */
  controls?: (string | RegExp)[];
  /** Regressors left out of the table entirely (names or patterns), e.g. /^year::/. */
  drop?: (string | RegExp)[];
  /** Order of the coefficient rows: listed terms first, in this order (default: order of appearance, constant last). */
  order?: string[];
  /** Row labels that override the codebook, keyed by term. */
  rename?: Record<string, string>;
  /** Row labels of fixed effects, keyed by the fixed-effect name in the formula (e.g. { firm: "Firm FE" }). */
  fixedEffects?: Record<string, string>;
  /** Fixed-effect rows shown even when no column has them (e.g. ["code", "year"]). */
  fixedEffectRows?: string[];
  /** What goes in parentheses: standard errors (default) or t statistics. */
  statistic?: "se" | "t";
  /** Decimals (default 3). */
  digits?: number;
  /** Fit statistics rows (default nobs, r2, and r2Within when a column has fixed effects). */
  stats?: TableStat[];
  /** Show the constant (default true; it goes last). */
  intercept?: boolean;
  /** Show the note on the data set with `setReportDefaults({ dataNote })` (default true). */
  dataNote?: boolean;
  /** Extra note lines. */
  notes?: string[];
  /** Yes/No words (default Yes/No, 是/否). */
  yesNo?: [string, string];
}

/** The keys of RegressionTableOptions, for the options check. */
const REGRESSION_TABLE_OPTION_KEYS = optionKeys<RegressionTableOptions>()([
  "labels",
  "title",
  "columnTitles",
  "columnTitlesLabel",
  "depVarRow",
  "methodRow",
  "controls",
  "drop",
  "order",
  "rename",
  "fixedEffects",
  "fixedEffectRows",
  "statistic",
  "digits",
  "stats",
  "intercept",
  "dataNote",
  "notes",
  "yesNo",
]);

const TEXT = {
  variables: { en: "Variables", zh: "变量" },
  model: { en: "Model", zh: "模型" },
  depVar: { en: "Dependent variable", zh: "被解释变量" },
  method: { en: "Method", zh: "估计方法" },
  controls: { en: "Controls", zh: "控制变量" },
  yes: { en: "Yes", zh: "是" },
  no: { en: "No", zh: "否" },
  nobs: { en: "Observations", zh: "观测值" },
  r2: { en: "R²", zh: "R²" },
  adjR2: { en: "Adjusted R²", zh: "调整R²" },
  r2Within: { en: "Within R²", zh: "组内R²" },
  effectiveF: { en: "Effective F (Montiel Olea–Pflueger)", zh: "有效F值（Montiel Olea–Pflueger）" },
  effectiveFCritical: { en: "Effective F 10% critical value", zh: "有效F值10%临界值" },
  kpWaldF: { en: "First-stage F (KP rk Wald F)", zh: "第一阶段F值（KP rk Wald F）" },
  kpLM: { en: "KP rk LM statistic [p-value]", zh: "KP rk LM统计量[p值]" },
  cdWaldF: { en: "Cragg–Donald Wald F", zh: "Cragg–Donald Wald F统计量" },
  stockYogo: { en: "Stock–Yogo 10% critical value", zh: "Stock–Yogo 10%临界值" },
  hansenJp: { en: "Hansen J p-value", zh: "Hansen J检验p值" },
} as const;

const IV_NOTE = {
  en: "Effective F: Montiel Olea–Pflueger (2013) under each column's variance, with its critical value for a worst-case 2SLS bias of 10% at the 5% level (as Stata's weakivtest). First-stage F: Kleibergen–Paap rk Wald F (ivreghdfe scaling); p-value of the KP rk LM under-identification test in brackets; Cragg–Donald F in fixest's form; the Stock–Yogo critical value (10% maximal size of a nominal 5% 2SLS Wald test) assumes iid errors and applies to the Cragg–Donald F, not to the robust statistics.",
  zh: "有效F值为Montiel Olea–Pflueger（2013）有效F统计量（按各列的方差口径），临界值对应5%水平下2SLS最坏情形偏误10%（同Stata weakivtest）。第一阶段F值为Kleibergen–Paap rk Wald F统计量（ivreghdfe口径）；方括号内为KP rk LM不可识别检验的p值；Cragg–Donald F为fixest口径；Stock–Yogo临界值（2SLS名义5%检验的10%最大真实水平）以同方差误差为前提，只适用于Cragg–Donald F，不适用于稳健统计量。",
} as const;

/**
 * What every step of `buildRegressionTable` reads: the fits, the options, and the defaults
 * resolved once (language, decimals, statistic, Yes/No words, row labels, control patterns).
 */
interface RegressionTableContext {
  /** The fitted models, one column each. */
  models: ReportFit[];
  /** The options as passed. */
  options: RegressionTableOptions;
  /** Language of labels and notes. */
  lang: Lang;
  /** Decimals of coefficients, standard errors and statistics. */
  digits: number;
  /** What the parentheses hold: standard errors or t statistics. */
  statistic: "se" | "t";
  /** The words of an indicator cell: [yes, no]. */
  yesNo: [string, string];
  /** Row labels that override the codebook, keyed by term. */
  rename: Record<string, string>;
  /** Regressors collapsed into the "Controls" row. */
  controls: (string | RegExp)[];
}

/** The numbers of one coefficient cell; all undefined when the column has no such coefficient. */
interface CoefficientCell {
  b?: number;
  s?: number;
  t?: number;
  p?: number;
}

/** Row order of fixed effects: unit effects (in order of appearance), then year, then combined effects. */
function fixedEffectRank(name: string): number {
  if (name === "year") return 2;
  if (name.includes("^")) return 3;
  return 1;
}

/** True when a name equals one of the strings or matches one of the patterns. */
function matches(name: string, patterns: (string | RegExp)[] | undefined): boolean {
  if (!patterns) return false;
  return patterns.some((p) => (typeof p === "string" ? p === name : p.test(name)));
}

/** The row label of a fixed effect: the caller's label, or "<codebook labels joined by ×> FE" ("City FE", "省份×年份固定效应"). */
function fixedEffectLabel(name: string, lang: Lang, custom: Record<string, string>): string {
  if (Object.prototype.hasOwnProperty.call(custom, name)) return custom[name];
  const shown = name.split("^").map((part) => variableLabel(part, lang)).join(lang === "zh" ? "×" : " × ");
  return lang === "zh" ? `${shown}固定效应` : `${shown} FE`;
}

/** Consecutive equal values merged into spanning header cells. */
function spans(values: string[]): HeaderCell[] {
  const out: HeaderCell[] = [];
  for (const v of values) {
    const last = out[out.length - 1];
    if (last && last.text === v) last.span = (last.span ?? 1) + 1;
    else out.push({ text: v, span: 1 });
  }
  return out;
}

/** The numbers of `term` in a fit, or an empty cell when the fit has no such coefficient. */
function coefficientCell(fit: ReportFit | undefined, term: string): CoefficientCell {
  return fit && Object.prototype.hasOwnProperty.call(fit.coef, term) ? { b: fit.coef[term], s: fit.se[term], t: fit.tstat[term], p: fit.pvalue[term] } : {};
}

/**
 * Checks the models and options and resolves the defaults every step reads.
 * @throws OptionsError for an empty list of models, bad `digits`, or a column-title count that does not match.
 */
function regressionTableContext(models: ReportFit[], options: RegressionTableOptions): RegressionTableContext {
  if (!Array.isArray(models) || models.length === 0) throw new OptionsError("buildRegressionTable: pass at least one fitted model.");
  const lang: Lang = options.labels ?? "en";
  const digits = checkDigits(options.digits ?? 3, "buildRegressionTable");
  if (options.columnTitles && options.columnTitles.length !== models.length) {
    throw new OptionsError(`buildRegressionTable: ${options.columnTitles.length} column titles for ${models.length} models.`);
  }
  return {
    models,
    options,
    lang,
    digits,
    statistic: options.statistic ?? "se",
    yesNo: options.yesNo ?? [TEXT.yes[lang], TEXT.no[lang]],
    rename: options.rename ?? {},
    controls: options.controls ?? [],
  };
}

/**
 * Header rows, each labelled in the first column, as esttab's and etable's headers: (1) (2) …, then
 * the column titles ("Model": OLS | First stage | 2SLS), the method row and the dependent-variable
 * row. Column titles name the models, so the method row is shown by default only without them.
 */
function headerRows(ctx: RegressionTableContext): HeaderCell[][] {
  const { models, options, lang } = ctx;
  const header: HeaderCell[][] = [[{ text: TEXT.variables[lang] }, ...models.map((_, k) => ({ text: `(${k + 1})` }))]];
  if (options.columnTitles) header.push([{ text: options.columnTitlesLabel ?? TEXT.model[lang] }, ...options.columnTitles.map((t) => ({ text: t }))]);
  const methods = models.map((f) => f.method);
  if (options.methodRow ?? (new Set(methods).size > 1 && !options.columnTitles)) header.push([{ text: TEXT.method[lang] }, ...spans(methods)]);
  if (options.depVarRow ?? true) header.push([{ text: TEXT.depVar[lang] }, ...spans(models.map((f) => variableLabel(f.depVar, lang)))]);
  return header;
}

/**
 * The terms with a coefficient row, in table order: the terms of `order` first (in that order),
 * then the others in order of appearance across the columns, the constant last; controls, dropped
 * terms and (with `intercept: false`) the constant left out.
 */
function coefficientTerms(ctx: RegressionTableContext): string[] {
  const { models, options, controls } = ctx;
  const showIntercept = options.intercept ?? true;
  const order = options.order ?? [];
  const terms: string[] = [];
  for (const fit of models) {
    for (const name of fit.coefNames) {
      if (terms.includes(name) || matches(name, controls) || matches(name, options.drop)) continue;
      if (name === "(Intercept)" && !showIntercept) continue;
      terms.push(name);
    }
  }
  const ordered = [...order.filter((t) => terms.includes(t)), ...terms.filter((t) => !order.includes(t) && t !== "(Intercept)")];
  if (terms.includes("(Intercept)") && !order.includes("(Intercept)")) ordered.push("(Intercept)");
  return ordered;
}

/** The two rows of one coefficient: the estimate with its stars, then the SE (or t) in parentheses. */
function coefficientRowPair(ctx: RegressionTableContext, label: string, cells: CoefficientCell[]): TableRow[] {
  const { digits, statistic } = ctx;
  return [
    { kind: "coef", cells: [label, ...cells.map((c) => (c.b === undefined ? "" : formatFixed(c.b, digits) + significanceStars(c.p ?? NaN)))] },
    { kind: "se", cells: ["", ...cells.map((c) => (c.b === undefined ? "" : `(${formatFixed(statistic === "t" ? c.t : c.s, digits)})`))] },
  ];
}

/** The coefficient section: a pair of rows per term, blank in the columns without that term. */
function coefficientRows(ctx: RegressionTableContext): TableRow[] {
  return coefficientTerms(ctx).flatMap((term) =>
    coefficientRowPair(
      ctx,
      coefLabel(term, ctx.lang, ctx.rename),
      ctx.models.map((f) => coefficientCell(f, term)),
    ),
  );
}

/** The "Controls: Yes/No" row (when `controls` is given): Yes in a column that has any control, even one dropped as collinear. */
function controlsRows(ctx: RegressionTableContext): TableRow[] {
  const { models, controls, lang, yesNo } = ctx;
  if (controls.length === 0) return [];
  return [
    {
      kind: "indicator",
      cells: [TEXT.controls[lang], ...models.map((f) => ([...f.coefNames, ...(f.collinear ?? [])].some((n) => matches(n, controls)) ? yesNo[0] : yesNo[1]))],
    },
  ];
}

/** A Yes/No row per fixed effect of any column (and each of `fixedEffectRows`), city first, then other units, year, combined effects. */
function fixedEffectRows(ctx: RegressionTableContext): TableRow[] {
  const { models, options, lang, yesNo } = ctx;
  const names: string[] = [...(options.fixedEffectRows ?? [])];
  for (const fit of models) for (const name of Object.keys(fit.fixedEffectSizes)) if (!names.includes(name)) names.push(name);
  names.sort((a, b) => fixedEffectRank(a) - fixedEffectRank(b));
  return names.map((name) => ({
    kind: "indicator" as const,
    cells: [fixedEffectLabel(name, lang, options.fixedEffects ?? {}), ...models.map((f) => (Object.prototype.hasOwnProperty.call(f.fixedEffectSizes, name) ? yesNo[0] : yesNo[1]))],
  }));
}

/** The fit-statistic rows: `stats`, by default N and R², and within R² when a column has fixed effects. */
function statisticRows(ctx: RegressionTableContext): TableRow[] {
  const { models, options, lang, digits } = ctx;
  const anyFixedEffects = models.some((f) => Object.keys(f.fixedEffectSizes).length > 0);
  const stats: TableStat[] = options.stats ?? (anyFixedEffects ? ["nobs", "r2", "r2Within"] : ["nobs", "r2"]);
  return stats.map((s) => ({
    kind: "stat" as const,
    cells: [TEXT[s][lang], ...models.map((f) => (s === "nobs" ? formatCount(f.nobs) : formatFixed(s === "adjR2" ? f.adjR2 : f[s], digits)))],
  }));
}

/** Every (endogenous regressor, excluded instrument) pair of the IV columns, in order of appearance. */
function instrumentPairs(ivFits: (ReportIvFit | undefined)[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (const f of ivFits) {
    if (!f) continue;
    for (const e of f.endogenous) for (const z of f.instruments) if (!pairs.some(([a, b]) => a === e && b === z)) pairs.push([e, z]);
  }
  return pairs;
}

/**
 * The first-stage rows of the IV columns: for each excluded instrument, its first-stage coefficient
 * and SE ("First stage: z", or "First stage: z → x" with several endogenous regressors).
 */
function firstStageRows(ctx: RegressionTableContext, ivFits: (ReportIvFit | undefined)[]): TableRow[] {
  const { lang, rename } = ctx;
  const pairs = instrumentPairs(ivFits);
  const manyEndogenous = new Set(pairs.map(([e]) => e)).size > 1;
  return pairs.flatMap(([e, z]) => {
    const zLabel = coefLabel(z, lang, rename);
    const target = manyEndogenous ? (lang === "zh" ? `→${coefLabel(e, lang, rename)}` : ` → ${coefLabel(e, lang, rename)}`) : "";
    const label = lang === "zh" ? `第一阶段：${zLabel}${target}` : `First stage: ${zLabel}${target}`;
    return coefficientRowPair(
      ctx,
      label,
      ivFits.map((f) => coefficientCell(f?.firstStage[e]?.fit, z)),
    );
  });
}

/**
 * The IV diagnostic section, when any column is a 2SLS fit: first-stage rows, then the
 * Montiel Olea–Pflueger effective F and its 10% critical value (when a column has one endogenous
 * regressor; "—" in a column with several), the Kleibergen–Paap rk Wald F, the KP rk LM statistic [p-value], the Cragg–Donald Wald F, the
 * Stock–Yogo 10% maximal-size critical value ("—" when not tabulated) and, when a column is
 * over-identified, Hansen's J p-value. Blank in OLS columns.
 */
function ivDiagnosticRows(ctx: RegressionTableContext): TableRow[] {
  const { models, lang, digits } = ctx;
  const ivFits = models.map((f) => (isReportIvFit(f) ? f : undefined));
  if (!ivFits.some((f) => f !== undefined)) return [];
  const diag = (label: string, value: (f: ReportIvFit) => string): TableRow => ({
    kind: "diagnostic",
    cells: [label, ...ivFits.map((f) => (f ? value(f) : ""))],
  });
  const rows = firstStageRows(ctx, ivFits);
  if (ivFits.some((f) => f?.ivDiagnostics.effectiveF !== undefined)) {
    rows.push(diag(TEXT.effectiveF[lang], (f) => (f.ivDiagnostics.effectiveF ? formatFixed(f.ivDiagnostics.effectiveF.F, digits) : "—")));
    rows.push(diag(TEXT.effectiveFCritical[lang], (f) => (f.ivDiagnostics.effectiveF ? formatFixed(f.ivDiagnostics.effectiveF.critical["10%"], digits) : "—")));
  }
  rows.push(diag(TEXT.kpWaldF[lang], (f) => formatFixed(f.ivDiagnostics.kpWaldF, digits)));
  rows.push(diag(TEXT.kpLM[lang], (f) => `${formatFixed(f.ivDiagnostics.kpLM, digits)} [${formatPValueCell(f.ivDiagnostics.kpLMp, digits)}]`));
  rows.push(diag(TEXT.cdWaldF[lang], (f) => formatFixed(f.ivDiagnostics.cdWaldF, digits)));
  rows.push(diag(TEXT.stockYogo[lang], (f) => (f.ivDiagnostics.stockYogo.size ? f.ivDiagnostics.stockYogo.size["10%"].toFixed(2) : "—")));
  if (ivFits.some((f) => f?.ivDiagnostics.hansenJp !== undefined)) {
    rows.push(diag(TEXT.hansenJp[lang], (f) => (f.ivDiagnostics.hansenJp === undefined ? "—" : formatPValueCell(f.ivDiagnostics.hansenJp, digits))));
  }
  return rows;
}

/**
 * The notes under the table: the variance and star conventions, the IV diagnostics (when shown),
 * the list of controls, the caller's `notes`, and the data note set with `setReportDefaults`.
 */
function tableNotes(ctx: RegressionTableContext, hasDiagnostics: boolean): string[] {
  const { models, options, lang, statistic, controls, rename } = ctx;
  const notes: string[] = [];
  if (lang === "zh") notes.push(`注：${varianceNote(models, lang, statistic)}；${starsNote(lang)}`);
  else notes.push(`Notes: ${varianceNote(models, lang, statistic)} ${starsNote(lang)}`);
  if (hasDiagnostics) notes.push(IV_NOTE[lang]);
  if (controls.length > 0) {
    const listed = Array.from(new Set(models.flatMap((f) => f.coefNames.filter((n) => matches(n, controls)))));
    if (listed.length > 0) {
      notes.push(lang === "zh" ? `控制变量：${listed.map((n) => coefLabel(n, lang, rename)).join("、")}。` : `Controls: ${listed.map((n) => coefLabel(n, lang, rename)).join(", ")}.`);
    }
  }
  notes.push(...(options.notes ?? []));
  const dataNote = options.dataNote ?? true ? dataNoteText(lang) : undefined;
  if (dataNote) notes.push(dataNote);
  return notes;
}

/**
 * Builds a regression table from fitted models (one column each).
 *
 * Fixed-effect rows come from the fits: a fixed effect named "code" is City FE, "year" Year FE,
 * "province^year" Province × Year FE (others: "<name> FE", or the label in `fixedEffects`).
 * Regressors listed in `controls` collapse into one "Controls: Yes/No" row. 2SLS columns add the
 * first-stage coefficient of each excluded instrument (with its SE), the Montiel Olea–Pflueger
 * effective F and its 10% critical value, the Kleibergen–Paap rk Wald F,
 * the KP rk LM statistic with its p-value, the Cragg–Donald Wald F, the Stock–Yogo 10% maximal-size
 * critical value and, when over-identified, Hansen's J p-value.
 * @throws OptionsError for an unknown option, an empty list of models, bad `digits` or a column-title count that does not match.
 * @example buildRegressionTable([fit1, fit2], { labels: "zh", controls: ["lnpgdp", "gov"] })
 */
export function buildRegressionTable(models: ReportFit[], options: RegressionTableOptions = {}): TableSpec {
  checkOptions("buildRegressionTable", options, REGRESSION_TABLE_OPTION_KEYS);
  const ctx = regressionTableContext(models, options);
  const diagnosticRows = ivDiagnosticRows(ctx);
  const sections = [coefficientRows(ctx), [...controlsRows(ctx), ...fixedEffectRows(ctx)], statisticRows(ctx), diagnosticRows];
  const table: TableSpec = {
    kind: "regression",
    lang: ctx.lang,
    title: options.title,
    ncol: models.length + 1,
    align: ["l", ...models.map(() => "c" as const)],
    header: headerRows(ctx),
    sections: sections.filter((s) => s.length > 0),
    notes: tableNotes(ctx, diagnosticRows.length > 0),
  };
  checkTableSpec(table);
  return table;
}
