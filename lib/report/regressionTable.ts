/**
 * Regression tables in the layout of a Chinese economics journal: models side by side in columns
 * (1), (2), …, coefficients with significance stars and standard errors (or t statistics) in
 * parentheses under them, Yes/No rows for the controls and the fixed effects, N, R², within R²,
 * and for 2SLS fits the first-stage and weak-identification diagnostics. The result is a TableSpec
 * for the renderers (toHtml, toMarkdown, toLatex, toCsv).
 */
import { OptionsError } from "../errors";
import { dataNoteText } from "./defaults";
import { checkDigits, formatCount, formatFixed, significanceStars } from "./format";
import { type Lang, coefLabel, variableLabel } from "./labels";
import type { HeaderCell, TableRow, TableSpec } from "./table";
import { checkTableSpec } from "./table";

/** The fields of a fitted model a table reads (FeolsResult and IvResult have them all). */
export interface ReportFit {
  method: string;
  depVar: string;
  coefNames: string[];
  coef: Record<string, number>;
  se: Record<string, number>;
  tstat: Record<string, number>;
  pvalue: Record<string, number>;
  nobs: number;
  r2: number;
  adjR2?: number;
  r2Within: number;
  vcovType: string;
  vcovSpec?: { type: "iid" } | { type: "hetero" } | { type: "cluster"; variables: string[] };
  fixedEffectSizes: Record<string, number>;
  collinear?: string[];
}

/** The IV fields a table reads (IvResult has them). */
export interface ReportIvFit extends ReportFit {
  endogenous: string[];
  instruments: string[];
  firstStage: Record<string, { fit: ReportFit; partialF: { stat: number }; waldF: { stat: number } }>;
  ivDiagnostics: {
    kpLM: number;
    kpLMp: number;
    kpWaldF: number;
    cdWaldF: number;
    stockYogo: { size?: { "10%": number } | undefined };
    hansenJ?: number;
    hansenJp?: number;
  };
}

/** True when a fit carries the IV diagnostics. */
export function isReportIvFit(fit: ReportFit): fit is ReportIvFit {
  const f = fit as Partial<ReportIvFit>;
  return !!f.ivDiagnostics && !!f.firstStage && Array.isArray(f.endogenous);
}

/** A fit statistic row. */
export type TableStat = "nobs" | "r2" | "adjR2" | "r2Within";

export interface RegressionTableOptions {
  /** Language of labels and notes (default "en"). */
  labels?: Lang;
  title?: string;
  /** A title per column, shown under (1), (2), … */
  columnTitles?: string[];
  /** Show the dependent variable row (default true). */
  depVarRow?: boolean;
  /** Show an estimation-method row (OLS / 2SLS); default: when the columns mix methods. */
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

const TEXT = {
  variables: { en: "Variables", zh: "变量" },
  depVar: { en: "Dependent variable", zh: "被解释变量" },
  method: { en: "Method", zh: "估计方法" },
  controls: { en: "Controls", zh: "控制变量" },
  yes: { en: "Yes", zh: "是" },
  no: { en: "No", zh: "否" },
  nobs: { en: "Observations", zh: "观测值" },
  r2: { en: "R²", zh: "R²" },
  adjR2: { en: "Adjusted R²", zh: "调整R²" },
  r2Within: { en: "Within R²", zh: "组内R²" },
  kpWaldF: { en: "First-stage F (KP rk Wald F)", zh: "第一阶段F值（KP rk Wald F）" },
  kpLM: { en: "KP rk LM statistic [p-value]", zh: "KP rk LM统计量[p值]" },
  cdWaldF: { en: "Cragg–Donald Wald F", zh: "Cragg–Donald Wald F统计量" },
  stockYogo: { en: "Stock–Yogo 10% critical value", zh: "Stock–Yogo 10%临界值" },
  hansenJp: { en: "Hansen J p-value", zh: "Hansen J检验p值" },
} as const;

const BUILT_IN_FE: Record<string, { en: string; zh: string }> = {
  code: { en: "City FE", zh: "城市固定效应" },
  year: { en: "Year FE", zh: "年份固定效应" },
  "province^year": { en: "Province × Year FE", zh: "省份×年份固定效应" },
  province: { en: "Province FE", zh: "省份固定效应" },
};

/** Row order of fixed effects: city, other unit effects, year, combined effects. */
function fixedEffectRank(name: string): number {
  if (name === "code") return 0;
  if (name === "year") return 2;
  if (name.includes("^")) return name === "province^year" ? 3 : 4;
  return 1;
}

function matches(name: string, patterns: (string | RegExp)[] | undefined): boolean {
  if (!patterns) return false;
  return patterns.some((p) => (typeof p === "string" ? p === name : p.test(name)));
}

function fixedEffectLabel(name: string, lang: Lang, custom: Record<string, string>): string {
  if (Object.prototype.hasOwnProperty.call(custom, name)) return custom[name];
  const known = BUILT_IN_FE[name];
  if (known) return known[lang];
  const shown = name.split("^").map((part) => variableLabel(part, lang)).join(lang === "zh" ? "×" : " × ");
  return lang === "zh" ? `${shown}固定效应` : `${shown} FE`;
}

/** The variance label of a fit without its model-specific counts (", G = …, N = …, K = …, t(df)"). */
export function varianceKind(fit: ReportFit): string {
  return fit.vcovType.replace(/, (G|N) = .*$/, "");
}

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

/** The note stating the variance of each column (one phrase when all columns agree). */
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

/** The star convention, stated in the notes. */
export function starsNote(lang: Lang): string {
  return lang === "zh"
    ? "***、**、*分别表示在1%、5%、10%的水平上显著（中文经济学期刊惯例）。"
    : "*** p<0.01, ** p<0.05, * p<0.1 (the convention of Chinese economics journals; R's summary() uses other cut-offs).";
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

/**
 * Builds a regression table from fitted models (one column each).
 *
 * Fixed-effect rows come from the fits: a fixed effect named "code" is City FE, "year" Year FE,
 * "province^year" Province × Year FE (others: "<name> FE", or the label in `fixedEffects`).
 * Regressors listed in `controls` collapse into one "Controls: Yes/No" row. 2SLS columns add the
 * first-stage coefficient of each excluded instrument (with its SE), the Kleibergen–Paap rk Wald F,
 * the KP rk LM statistic with its p-value, the Cragg–Donald Wald F, the Stock–Yogo 10% maximal-size
 * critical value and, when over-identified, Hansen's J p-value.
 * @throws RangeError for an empty list of models or a column-title count that does not match.
 * @example buildRegressionTable([fit1, fit2], { labels: "zh", controls: ["lnpgdp", "gov"] })
 */
export function buildRegressionTable(models: ReportFit[], options: RegressionTableOptions = {}): TableSpec {
  if (!Array.isArray(models) || models.length === 0) throw new OptionsError("buildRegressionTable: pass at least one fitted model.");
  const lang: Lang = options.labels ?? "en";
  const digits = checkDigits(options.digits ?? 3, "buildRegressionTable");
  const statistic = options.statistic ?? "se";
  const yesNo = options.yesNo ?? [TEXT.yes[lang], TEXT.no[lang]];
  const rename = options.rename ?? {};
  const m = models.length;
  const ncol = m + 1;
  const blank = (): string[] => new Array<string>(m).fill("");
  if (options.columnTitles && options.columnTitles.length !== m) {
    throw new OptionsError(`buildRegressionTable: ${options.columnTitles.length} column titles for ${m} models.`);
  }

  // Header: (1) (2) …, optional titles, method and dependent variable rows.
  const header: HeaderCell[][] = [[{ text: TEXT.variables[lang] }, ...models.map((_, k) => ({ text: `(${k + 1})` }))]];
  if (options.columnTitles) header.push([{ text: "" }, ...options.columnTitles.map((t) => ({ text: t }))]);
  const methods = models.map((f) => f.method);
  if (options.methodRow ?? new Set(methods).size > 1) header.push([{ text: TEXT.method[lang] }, ...spans(methods)]);
  if (options.depVarRow ?? true) header.push([{ text: TEXT.depVar[lang] }, ...spans(models.map((f) => variableLabel(f.depVar, lang)))]);

  // Coefficient rows.
  const controls = options.controls ?? [];
  const showIntercept = options.intercept ?? true;
  const terms: string[] = [];
  for (const fit of models) {
    for (const name of fit.coefNames) {
      if (terms.includes(name) || matches(name, controls) || matches(name, options.drop)) continue;
      if (name === "(Intercept)" && !showIntercept) continue;
      terms.push(name);
    }
  }
  const ordered = [...(options.order ?? []).filter((t) => terms.includes(t)), ...terms.filter((t) => !(options.order ?? []).includes(t) && t !== "(Intercept)")];
  if (terms.includes("(Intercept)") && !(options.order ?? []).includes("(Intercept)")) ordered.push("(Intercept)");

  const coefRows: TableRow[] = [];
  const addCoefficient = (label: string, cells: { b?: number; s?: number; t?: number; p?: number }[]): void => {
    coefRows.push({ kind: "coef", cells: [label, ...cells.map((c) => (c.b === undefined ? "" : formatFixed(c.b, digits) + significanceStars(c.p ?? NaN)))] });
    coefRows.push({ kind: "se", cells: ["", ...cells.map((c) => (c.b === undefined ? "" : `(${formatFixed(statistic === "t" ? c.t : c.s, digits)})`))] });
  };
  for (const term of ordered) {
    addCoefficient(
      coefLabel(term, lang, rename),
      models.map((f) => (Object.prototype.hasOwnProperty.call(f.coef, term) ? { b: f.coef[term], s: f.se[term], t: f.tstat[term], p: f.pvalue[term] } : {})),
    );
  }

  // Controls and fixed effects.
  const indicatorRows: TableRow[] = [];
  if (controls.length > 0) {
    indicatorRows.push({
      kind: "indicator",
      cells: [TEXT.controls[lang], ...models.map((f) => ([...f.coefNames, ...(f.collinear ?? [])].some((n) => matches(n, controls)) ? yesNo[0] : yesNo[1]))],
    });
  }
  const feNames: string[] = [...(options.fixedEffectRows ?? [])];
  for (const fit of models) for (const name of Object.keys(fit.fixedEffectSizes)) if (!feNames.includes(name)) feNames.push(name);
  feNames.sort((a, b) => fixedEffectRank(a) - fixedEffectRank(b));
  for (const name of feNames) {
    indicatorRows.push({
      kind: "indicator",
      cells: [fixedEffectLabel(name, lang, options.fixedEffects ?? {}), ...models.map((f) => (Object.prototype.hasOwnProperty.call(f.fixedEffectSizes, name) ? yesNo[0] : yesNo[1]))],
    });
  }

  // Fit statistics.
  const anyFixedEffects = models.some((f) => Object.keys(f.fixedEffectSizes).length > 0);
  const stats: TableStat[] = options.stats ?? (anyFixedEffects ? ["nobs", "r2", "r2Within"] : ["nobs", "r2"]);
  const statRows: TableRow[] = stats.map((s) => ({
    kind: "stat" as const,
    cells: [TEXT[s][lang], ...models.map((f) => (s === "nobs" ? formatCount(f.nobs) : formatFixed(s === "adjR2" ? f.adjR2 : f[s], digits)))],
  }));

  // IV diagnostics.
  const diagnosticRows: TableRow[] = [];
  const ivFits = models.map((f) => (isReportIvFit(f) ? f : undefined));
  if (ivFits.some((f) => f !== undefined)) {
    const pairs: [string, string][] = [];
    for (const f of ivFits) {
      if (!f) continue;
      for (const e of f.endogenous) for (const z of f.instruments) if (!pairs.some(([a, b]) => a === e && b === z)) pairs.push([e, z]);
    }
    const manyEndogenous = new Set(pairs.map(([e]) => e)).size > 1;
    for (const [e, z] of pairs) {
      const zLabel = coefLabel(z, lang, rename);
      const label = lang === "zh" ? `第一阶段：${zLabel}${manyEndogenous ? `→${coefLabel(e, lang, rename)}` : ""}` : `First stage: ${zLabel}${manyEndogenous ? ` → ${coefLabel(e, lang, rename)}` : ""}`;
      const before = coefRows.length;
      addCoefficient(
        label,
        ivFits.map((f) => {
          const fs = f?.firstStage[e]?.fit;
          return fs && Object.prototype.hasOwnProperty.call(fs.coef, z) ? { b: fs.coef[z], s: fs.se[z], t: fs.tstat[z], p: fs.pvalue[z] } : {};
        }),
      );
      for (const row of coefRows.splice(before)) diagnosticRows.push(row);
    }
    const diag = (label: string, value: (f: ReportIvFit) => string): TableRow => ({
      kind: "diagnostic",
      cells: [label, ...ivFits.map((f) => (f ? value(f) : ""))],
    });
    diagnosticRows.push(diag(TEXT.kpWaldF[lang], (f) => formatFixed(f.ivDiagnostics.kpWaldF, digits)));
    diagnosticRows.push(diag(TEXT.kpLM[lang], (f) => `${formatFixed(f.ivDiagnostics.kpLM, digits)} [${formatFixed(f.ivDiagnostics.kpLMp, digits)}]`));
    diagnosticRows.push(diag(TEXT.cdWaldF[lang], (f) => formatFixed(f.ivDiagnostics.cdWaldF, digits)));
    diagnosticRows.push(diag(TEXT.stockYogo[lang], (f) => (f.ivDiagnostics.stockYogo.size ? f.ivDiagnostics.stockYogo.size["10%"].toFixed(2) : "—")));
    if (ivFits.some((f) => f?.ivDiagnostics.hansenJp !== undefined)) {
      diagnosticRows.push(diag(TEXT.hansenJp[lang], (f) => (f.ivDiagnostics.hansenJp === undefined ? "—" : formatFixed(f.ivDiagnostics.hansenJp, digits))));
    }
  }

  // Notes.
  const notes: string[] = [];
  if (lang === "zh") {
    notes.push(`注：${varianceNote(models, lang, statistic)}；${starsNote(lang)}`);
    if (diagnosticRows.length > 0) {
      notes.push("第一阶段F值为Kleibergen–Paap rk Wald F统计量（ivreghdfe口径）；方括号内为KP rk LM不可识别检验的p值；Stock–Yogo临界值对应2SLS名义5%检验的10%最大真实水平；Cragg–Donald F为fixest口径。");
    }
  } else {
    notes.push(`Notes: ${varianceNote(models, lang, statistic)} ${starsNote(lang)}`);
    if (diagnosticRows.length > 0) {
      notes.push("First-stage F: Kleibergen–Paap rk Wald F (ivreghdfe scaling); p-value of the KP rk LM under-identification test in brackets; Stock–Yogo critical value for a 10% maximal size of a nominal 5% 2SLS Wald test; Cragg–Donald F in fixest's form.");
    }
  }
  if (controls.length > 0) {
    const listed = Array.from(new Set(models.flatMap((f) => f.coefNames.filter((n) => matches(n, controls)))));
    if (listed.length > 0) {
      notes.push(lang === "zh" ? `控制变量：${listed.map((n) => coefLabel(n, lang, rename)).join("、")}。` : `Controls: ${listed.map((n) => coefLabel(n, lang, rename)).join(", ")}.`);
    }
  }
  notes.push(...(options.notes ?? []));
  const dataNote = options.dataNote ?? true ? dataNoteText(lang) : undefined;
  if (dataNote) notes.push(dataNote);

  const sections = [coefRows, indicatorRows, statRows, diagnosticRows].filter((s) => s.length > 0);
  const table: TableSpec = {
    kind: "regression",
    lang,
    title: options.title,
    ncol,
    align: ["l", ...blank().map(() => "c" as const)],
    header,
    sections,
    notes,
  };
  checkTableSpec(table);
  return table;
}
