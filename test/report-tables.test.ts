/**
 * Publication tables: every table rendered in all four formats and compared byte for byte with the
 * committed snapshots in test/snapshots/ (fits on the Grunfeld panel, test/golden/grunfeld.csv);
 * stars, parentheses, fixed-effect rows, controls, IV diagnostics and Chinese labels checked on
 * their own; descriptive statistics against simple-statistics and hand computation.
 *
 * Regenerate the snapshots after an intended change of layout:
 *   UPDATE_SNAPSHOTS=1 node --import tsx --test test/report-tables.test.ts
 * and review the diff of test/snapshots/ before committing.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { mean, sampleStandardDeviation } from "simple-statistics";
import { DataError } from "../lib/errors";
import { feols } from "../lib/feols";
import { isIvResult, type IvResult } from "../lib/estimate/ivResult";
import { toCsv } from "../lib/report/csv";
import { buildDefinitionTable } from "../lib/report/definitions";
import { buildDescriptiveTable, describeVariables } from "../lib/report/descriptive";
import { formatFixed, significanceStars } from "../lib/report/format";
import { toHtml } from "../lib/report/html";
import { coefLabel, variableLabel } from "../lib/report/labels";
import { STUDY_CODEBOOK as CODEBOOK } from "../lib/study/codebook";
import { useStudyDefaults } from "../lib/study/reportDefaults";
import { toLatex } from "../lib/report/latex";
import { toMarkdown } from "../lib/report/markdown";
import { buildRegressionTable, type ReportFit, varianceKind } from "../lib/report/regressionTable";
import { saveTable } from "../lib/report/saveTable";
import type { TableSpec } from "../lib/report/table";
import { readGoldenCsv } from "./helpers/golden";
import { tempDir } from "./helpers/tempDir";

const SNAPSHOT_DIR = join(__dirname, "snapshots");
const UPDATE = process.env.UPDATE_SNAPSHOTS === "1";

useStudyDefaults(); // tables labelled by the study's codebook, noted as simulated
const grunfeld = readGoldenCsv("grunfeld.csv");
const grunfeldLag = readGoldenCsv("grunfeld_with_lag.csv");

const pooled = feols("inv ~ value + capital", grunfeld, { vcov: "hetero" });
const twfe = feols("inv ~ value + capital | firm + year", grunfeld, { vcov: { cluster: "firm" } });
const twfeOnlyValue = feols("inv ~ value | firm + year", grunfeld, { vcov: { cluster: "firm" } });
const ivExact = feols("inv ~ 1 | firm + year | value ~ capital", grunfeld, { vcov: { cluster: "firm" } });
const ivOver = feols("inv ~ 1 | firm + year | value ~ capital + value_lag1", grunfeldLag, { vcov: { cluster: "firm" } });
if (!isIvResult(ivExact) || !isIvResult(ivOver)) throw new Error("the IV formulas should give IV fits");

/** The tables whose four renderings are snapshotted. */
function snapshotTables(): Record<string, TableSpec> {
  const fe = { firm: "Firm FE" };
  return {
    "regression-en": buildRegressionTable([pooled, twfeOnlyValue, twfe], {
      title: "Table 1 Investment and firm value (Grunfeld)",
      controls: ["capital"],
      fixedEffects: fe,
      dataNote: false,
    }),
    "regression-zh": buildRegressionTable([pooled, twfeOnlyValue, twfe], {
      labels: "zh",
      title: "表1 投资与企业价值（Grunfeld数据）",
      columnTitles: ["混合OLS", "双向固定效应", "双向固定效应"],
      controls: ["capital"],
      dataNote: false,
    }),
    "regression-t": buildRegressionTable([pooled, twfe], { statistic: "t", digits: 4, fixedEffects: fe, dataNote: true }),
    "iv-en": buildRegressionTable([ivExact.firstStage.value.fit, twfeOnlyValue, ivExact, ivOver], {
      title: "Table 2 2SLS (Grunfeld)",
      columnTitles: ["First stage", "OLS", "2SLS", "2SLS"],
      fixedEffects: fe,
      dataNote: false,
    }),
    "iv-zh": buildRegressionTable([ivExact, ivOver], { labels: "zh", title: "表2 工具变量估计", dataNote: false }),
    "descriptive-en": buildDescriptiveTable(grunfeldLag, { title: "Descriptive statistics", variables: ["inv", "value", "capital", "value_lag1"], dataNote: false }),
    "descriptive-zh": buildDescriptiveTable(grunfeldLag, { labels: "zh", title: "描述性统计", variables: ["inv", "value", "capital", "value_lag1"] }),
    "definitions-en": buildDefinitionTable({ title: "Variable definitions" }),
    "definitions-zh": buildDefinitionTable({ labels: "zh", title: "变量定义" }),
  };
}

const RENDERERS: [string, (t: TableSpec) => string][] = [
  ["html", toHtml],
  ["md", toMarkdown],
  ["tex", (t) => toLatex(t)],
  ["csv", (t) => toCsv(t)],
];

describe("table snapshots (Grunfeld fits, four formats)", () => {
  const tables = snapshotTables();
  if (UPDATE) mkdirSync(SNAPSHOT_DIR, { recursive: true });
  for (const [name, table] of Object.entries(tables)) {
    for (const [ext, render] of RENDERERS) {
      it(`${name}.${ext} matches its committed snapshot byte for byte`, () => {
        const file = join(SNAPSHOT_DIR, `report-${name}.${ext}`);
        const rendered = render(table);
        if (UPDATE) writeFileSync(file, rendered, "utf8");
        assert.ok(existsSync(file), `missing snapshot ${file}: run UPDATE_SNAPSHOTS=1 node --import tsx --test test/report-tables.test.ts`);
        const same = readFileSync(file).toString("hex") === Buffer.from(rendered, "utf8").toString("hex");
        if (!same) assert.equal(readFileSync(file, "utf8"), rendered, `${file} differs from the rendering; if the change is intended, regenerate with UPDATE_SNAPSHOTS=1 and review the diff`);
        assert.ok(same, `${file} differs from the rendering in its bytes (encoding or byte-order mark)`);
      });
    }
  }
});

/** A minimal fit with chosen numbers, for checks that need exact p-values. */
function fakeFit(over: Partial<ReportFit> & { coefs: Record<string, [number, number, number]> }): ReportFit {
  const coef: Record<string, number> = {};
  const se: Record<string, number> = {};
  const tstat: Record<string, number> = {};
  const pvalue: Record<string, number> = {};
  for (const [name, [b, s, p]] of Object.entries(over.coefs)) {
    coef[name] = b;
    se[name] = s;
    tstat[name] = b / s;
    pvalue[name] = p;
  }
  return {
    method: "OLS",
    depVar: "shrink",
    coefNames: Object.keys(over.coefs),
    coef,
    se,
    tstat,
    pvalue,
    nobs: 4879,
    r2: 0.5,
    r2Within: 0.1,
    vcovType: "Clustered (code): CR1 = CR0 × G/(G − 1) · (N − 1)/(N − K), G = 287, N = 4879, K = 20, t(286)",
    vcovSpec: { type: "cluster", variables: ["code"] },
    fixedEffectSizes: { code: 287, year: 17 },
    ...over,
  };
}

function row(table: TableSpec, label: string): string[] {
  for (const section of table.sections) for (const r of section) if (r.cells[0] === label) return r.cells;
  throw new Error(`no row "${label}" in ${JSON.stringify(table.sections.map((s) => s.map((r) => r.cells[0])))}`);
}

function rowAfter(table: TableSpec, label: string): string[] {
  for (const section of table.sections) {
    const k = section.findIndex((r) => r.cells[0] === label);
    if (k >= 0) return section[k + 1].cells;
  }
  throw new Error(`no row "${label}"`);
}

describe("regression table cells", () => {
  it("puts *** below 0.01, ** below 0.05, * below 0.1 and nothing from 0.1 on (Chinese journals' convention)", () => {
    const cases: [number, string][] = [
      [0.0099, "***"],
      [0.01, "**"],
      [0.0499, "**"],
      [0.05, "*"],
      [0.0999, "*"],
      [0.1, ""],
      [0.6, ""],
    ];
    for (const [p, expected] of cases) {
      assert.equal(significanceStars(p), expected, `p = ${p}`);
      const table = buildRegressionTable([fakeFit({ coefs: { ai: [-0.1234, 0.05, p] } })]);
      assert.equal(row(table, "AI (robot penetration)")[1], `-0.123${expected}`, `cell at p = ${p}`);
    }
  });

  it("puts the standard error in parentheses under the coefficient, or the t statistic with statistic: 't'", () => {
    const fit = fakeFit({ coefs: { ai: [-0.1234, 0.0456, 0.01] } });
    assert.equal(rowAfter(buildRegressionTable([fit]), "AI (robot penetration)")[1], "(0.046)");
    assert.equal(rowAfter(buildRegressionTable([fit], { statistic: "t" }), "AI (robot penetration)")[1], `(${formatFixed(-0.1234 / 0.0456, 3)})`);
  });

  it("reads stars and SEs of real fits from their p-values and SEs", () => {
    const table = buildRegressionTable([pooled, twfe], { digits: 4 });
    const cells = row(table, "value");
    const under = rowAfter(table, "value");
    [pooled, twfe].forEach((fit, k) => {
      assert.equal(cells[k + 1], formatFixed(fit.coef.value, 4) + significanceStars(fit.pvalue.value));
      assert.equal(under[k + 1], `(${formatFixed(fit.se.value, 4)})`);
    });
  });

  it("derives City FE, Year FE and Province × Year FE rows from the fits' fixed effects", () => {
    const a = fakeFit({ coefs: { ai: [-0.1, 0.05, 0.04] }, fixedEffectSizes: { code: 287, year: 17 } });
    const b = fakeFit({ coefs: { ai: [-0.1, 0.05, 0.04] }, fixedEffectSizes: { code: 287, "province^year": 510 } });
    const c = fakeFit({ coefs: { ai: [-0.1, 0.05, 0.04], "(Intercept)": [1, 1, 0.3] }, fixedEffectSizes: {} });
    const table = buildRegressionTable([a, b, c]);
    assert.deepEqual(row(table, "City FE"), ["City FE", "Yes", "Yes", "No"]);
    assert.deepEqual(row(table, "Year FE"), ["Year FE", "Yes", "No", "No"]);
    assert.deepEqual(row(table, "Province × Year FE"), ["Province × Year FE", "No", "Yes", "No"]);
    const zh = buildRegressionTable([a, b, c], { labels: "zh" });
    assert.deepEqual(row(zh, "城市固定效应"), ["城市固定效应", "是", "是", "否"]);
    assert.deepEqual(row(zh, "省份×年份固定效应"), ["省份×年份固定效应", "否", "是", "否"]);
  });

  it("collapses the listed controls into one Controls row and drops their coefficient rows", () => {
    const a = fakeFit({ coefs: { ai: [-0.1, 0.05, 0.04] } });
    const b = fakeFit({ coefs: { ai: [-0.1, 0.05, 0.04], lnpgdp: [0.2, 0.1, 0.05], gov: [0.3, 0.1, 0.01] } });
    const table = buildRegressionTable([a, b], { controls: ["lnpgdp", "gov", "fin"] });
    assert.deepEqual(row(table, "Controls"), ["Controls", "No", "Yes"]);
    const labels = table.sections.flat().map((r) => r.cells[0]);
    assert.ok(!labels.includes(variableLabel("lnpgdp")) && !labels.includes(variableLabel("gov")), "control rows should be collapsed");
    assert.ok(table.notes.some((n) => n.includes(variableLabel("lnpgdp")) && n.includes(variableLabel("gov"))), "the note lists the controls");
  });

  it("reports N, R² and within R² of each fit", () => {
    const table = buildRegressionTable([pooled, twfe]);
    assert.deepEqual(row(table, "Observations"), ["Observations", String(pooled.nobs), String(twfe.nobs)]);
    assert.deepEqual(row(table, "R²"), ["R²", formatFixed(pooled.r2, 3), formatFixed(twfe.r2, 3)]);
    assert.deepEqual(row(table, "Within R²"), ["Within R²", "", formatFixed(twfe.r2Within, 3)]);
  });

  it("states each column's variance type from vcovType and the star convention in the notes", () => {
    const table = buildRegressionTable([pooled, twfe]);
    const note = table.notes[0];
    assert.ok(note.includes(varianceKind(pooled)) && varianceKind(pooled).startsWith("Heteroskedasticity-robust (HC1)"), note);
    assert.ok(note.includes(varianceKind(twfe)) && varianceKind(twfe).startsWith("Clustered (firm)"), note);
    assert.ok(note.includes("(1) ") && note.includes("(2) "), "columns with different variances are named");
    assert.ok(note.includes("*** p<0.01, ** p<0.05, * p<0.1"), note);
    const zh = buildRegressionTable([fakeFit({ coefs: { ai: [-0.1, 0.05, 0.04] } })], { labels: "zh" });
    assert.ok(zh.notes[0].includes("聚类到城市层面") && zh.notes[0].includes("***、**、*分别表示在1%、5%、10%的水平上显著"), zh.notes[0]);
  });

  it("adds the IV diagnostics rows to 2SLS columns, with Hansen's J only when over-identified", () => {
    const table = buildRegressionTable([twfeOnlyValue, ivExact, ivOver]);
    const iv = [ivExact, ivOver] as IvResult[];
    assert.deepEqual(row(table, "First-stage F (KP rk Wald F)"), ["First-stage F (KP rk Wald F)", "", ...iv.map((f) => formatFixed(f.ivDiagnostics.kpWaldF, 3))]);
    assert.deepEqual(row(table, "KP rk LM statistic [p-value]").slice(2), iv.map((f) => `${formatFixed(f.ivDiagnostics.kpLM, 3)} [${formatFixed(f.ivDiagnostics.kpLMp, 3)}]`));
    assert.deepEqual(row(table, "Cragg–Donald Wald F").slice(2), iv.map((f) => formatFixed(f.ivDiagnostics.cdWaldF, 3)));
    assert.deepEqual(row(table, "Stock–Yogo 10% critical value").slice(2), iv.map((f) => (f.ivDiagnostics.stockYogo.size as { "10%": number })["10%"].toFixed(2)));
    assert.equal(ivExact.ivDiagnostics.hansenJp, undefined);
    assert.deepEqual(row(table, "Hansen J p-value"), ["Hansen J p-value", "", "—", formatFixed(ivOver.ivDiagnostics.hansenJp as number, 3)]);
    const fs = ivExact.firstStage.value.fit;
    assert.equal(row(table, "First stage: capital")[2], formatFixed(fs.coef.capital, 3) + significanceStars(fs.pvalue.capital));
    assert.equal(rowAfter(table, "First stage: capital")[2], `(${formatFixed(fs.se.capital, 3)})`);
    assert.ok(!buildRegressionTable([ivExact]).sections.flat().some((r) => r.cells[0] === "Hansen J p-value"), "no Hansen row without over-identification");
  });

  it("uses Chinese labels from the codebook with labels: 'zh', and raw names for unknown variables", () => {
    const fit = fakeFit({ coefs: { ai: [-0.1, 0.05, 0.04], mystery: [1, 2, 0.5], "(Intercept)": [1, 1, 0.3] } });
    const zh = buildRegressionTable([fit], { labels: "zh" });
    assert.equal(row(zh, CODEBOOK.ai.label.zh)[0], "人工智能（机器人渗透度）");
    assert.ok(zh.header.some((h) => h.some((c) => c.text === "城市收缩")), "dependent variable in Chinese");
    assert.ok(zh.header.some((h) => h[0].text === "被解释变量"));
    assert.equal(row(zh, "mystery")[0], "mystery");
    assert.equal(row(zh, "常数项")[0], "常数项");
    assert.equal(row(zh, "观测值")[1], "4879");
    for (const format of [toHtml(zh), toMarkdown(zh), toLatex(zh), toCsv(zh)]) assert.ok(format.includes("人工智能（机器人渗透度）"));
    assert.equal(coefLabel("ai:hu_se", "en"), `${variableLabel("ai")} × ${variableLabel("hu_se")}`);
    assert.equal(coefLabel("year::2008:share_sum", "zh"), `${variableLabel("share_sum", "zh")} × 2008年`);
  });

  it("puts the constant last and leaves a column's cell empty when its model lacks the term", () => {
    const a = fakeFit({ coefs: { "(Intercept)": [1, 1, 0.3], ai: [-0.1, 0.05, 0.04] } });
    const b = fakeFit({ coefs: { ai_firms: [-0.2, 0.05, 0.001] } });
    const table = buildRegressionTable([a, b]);
    const labels = table.sections[0].filter((r) => r.kind === "coef").map((r) => r.cells[0]);
    assert.deepEqual(labels, [variableLabel("ai"), variableLabel("ai_firms"), "Constant"]);
    assert.deepEqual(row(table, variableLabel("ai_firms")), [variableLabel("ai_firms"), "", "-0.200***"]);
  });

  it("refuses an empty model list and a wrong number of column titles", () => {
    assert.throws(() => buildRegressionTable([]), /at least one fitted model/);
    assert.throws(() => buildRegressionTable([pooled], { columnTitles: ["a", "b"] }), /2 column titles for 1 models/);
  });

  it("labels every header row in both languages: a 2SLS table's column titles sit in a Model row and replace the method row", () => {
    const titled = (labels: "en" | "zh", extra = {}) => buildRegressionTable([twfeOnlyValue, ivExact.firstStage.value.fit, ivExact], { labels, columnTitles: ["OLS", "First stage", "2SLS"], ...extra });
    for (const lang of ["en", "zh"] as const) {
      const table = titled(lang);
      for (const h of table.header) assert.notEqual(h[0].text, "", `${lang}: unlabelled header row ${JSON.stringify(h)}`);
      assert.deepEqual(
        table.header.map((h) => h[0].text),
        lang === "en" ? ["Variables", "Model", "Dependent variable"] : ["变量", "模型", "被解释变量"],
      );
      assert.deepEqual(table.header[1].map((c) => c.text).slice(1), ["OLS", "First stage", "2SLS"]);
      for (const line of toMarkdown(table).split("\n").slice(2, 5)) assert.doesNotMatch(line, /^\|\s+\|/, `${lang}: a Markdown header row without a label: ${line}`);
    }
    const withMethod = titled("en", { methodRow: true, columnTitlesLabel: "Estimator" });
    assert.deepEqual(withMethod.header.map((h) => h[0].text), ["Variables", "Estimator", "Method", "Dependent variable"]);
    assert.deepEqual(buildRegressionTable([twfeOnlyValue, ivExact]).header.map((h) => h[0].text), ["Variables", "Method", "Dependent variable"], "without titles the mixed methods get their row");
  });
});

describe("renderers", () => {
  const table = buildRegressionTable([fakeFit({ coefs: { ai: [-0.1234, 0.05, 0.001] } })], { title: "R&D 50% _x_ | y", dataNote: false });

  it("escapes Markdown syntax so stars stay stars", () => {
    const md = toMarkdown(table);
    assert.ok(md.includes("-0.123\\*\\*\\*"));
    assert.ok(md.includes("\\_x\\_ \\| y"));
  });

  it("escapes LaTeX specials and sets stars as superscripts in a booktabs threeparttable", () => {
    const tex = toLatex(table);
    assert.ok(tex.includes("R\\&D 50\\% \\_x\\_"));
    assert.ok(tex.includes("$-$0.123$^{***}$"));
    for (const part of ["\\toprule", "\\midrule", "\\bottomrule", "\\begin{threeparttable}", "\\begin{tablenotes}"]) assert.ok(tex.includes(part), part);
  });

  it("quotes CSV fields holding commas or quotes", () => {
    const t = buildDefinitionTable({ variables: ["ai"], notes: ['say "hi", twice'] });
    const csv = toCsv(t);
    assert.ok(csv.includes('"say ""hi"", twice"'));
    assert.ok(csv.includes(`"${CODEBOOK.ai.definition.en}"`), "a definition with a comma is quoted");
  });

  it("saves all four formats next to each other, the CSV with a byte-order mark for Excel", () => {
    const dir = tempDir("kit-table-");
    const paths = saveTable(table, join(dir, "tables", "t1.tex"));
    assert.equal(readFileSync(paths.html, "utf8"), toHtml(table));
    assert.equal(readFileSync(paths.md, "utf8"), toMarkdown(table));
    assert.equal(readFileSync(paths.tex, "utf8"), toLatex(table));
    assert.equal(readFileSync(paths.csv, "utf8"), "\uFEFF" + toCsv(table));
    assert.equal(paths.csv, join(dir, "tables", "t1.csv"));
  });

  it("escapes HTML in cells", () => {
    const html = toHtml(buildRegressionTable([fakeFit({ coefs: { "<b>": [1, 1, 0.5] } })]));
    assert.ok(html.includes("&lt;b&gt;") && !html.includes("<b>"));
  });
});

describe("descriptive statistics", () => {
  it("matches simple-statistics on the Grunfeld columns", () => {
    const [inv] = describeVariables(grunfeld, ["inv"]);
    const x = grunfeld.inv as number[];
    assert.equal(inv.n, x.length);
    assert.equal(inv.mean, mean(x));
    assert.equal(inv.sd, sampleStandardDeviation(x));
    assert.equal(inv.min, Math.min(...x));
    assert.equal(inv.max, Math.max(...x));
  });

  it("skips missing values and reports N per variable (hand computation)", () => {
    const data = { a: [1, 2, null, 4, Number.NaN], b: [1, 1, 1, 1, 5] };
    const [a, b] = describeVariables(data);
    assert.equal(a.n, 3);
    const m = (1 + 2 + 4) / 3;
    assert.ok(Math.abs(a.mean - m) < 1e-15);
    assert.ok(Math.abs(a.sd - Math.sqrt(((1 - m) ** 2 + (2 - m) ** 2 + (4 - m) ** 2) / 2)) < 1e-15);
    assert.equal(b.n, 5);
    const [lag] = describeVariables(grunfeldLag, ["value_lag1"]);
    assert.equal(lag.n, (grunfeldLag.value_lag1 as (number | null)[]).filter((v) => v !== null).length);
    assert.equal(lag.n, 190, "the first year of each of the 10 firms has no lag");
  });

  it("prints N, mean, SD, min and max with labels, and Chinese headers with labels: 'zh'", () => {
    const en = buildDescriptiveTable({ ai: [0.5, 1.5, null] }, { dataNote: false });
    assert.deepEqual(en.header[0].map((c) => c.text), ["Variable", "Symbol", "N", "Mean", "SD", "Min", "Max"]);
    assert.deepEqual(en.sections[0][0].cells, [variableLabel("ai"), "ai", "2", "1.000", formatFixed(Math.SQRT1_2, 3), "0.500", "1.500"]);
    const zh = buildDescriptiveTable({ ai: [0.5, 1.5, null] }, { labels: "zh" });
    assert.deepEqual(zh.header[0].map((c) => c.text), ["变量", "符号", "观测值", "均值", "标准差", "最小值", "最大值"]);
    assert.equal(zh.sections[0][0].cells[0], "人工智能（机器人渗透度）");
  });

  it("reads an arquero table and an array of rows the same way", async () => {
    const aq = await import("arquero");
    const cols = { x: [3, 1, null, 2] };
    const fromTable = describeVariables(aq.table(cols), ["x"]);
    const fromRows = describeVariables([{ x: 3 }, { x: 1 }, { x: null }, { x: 2 }], ["x"]);
    assert.deepEqual(fromTable, describeVariables(cols, ["x"]));
    assert.deepEqual(fromRows, describeVariables(cols, ["x"]));
  });

  it("refuses text in a numeric column and unknown columns, naming them", () => {
    assert.throws(() => describeVariables({ x: [1, "1,234"] }, ["x"]), (e: unknown) => e instanceof DataError && /"x".*row 2/.test((e as Error).message));
    assert.throws(() => describeVariables({ x: [1] }, ["y"]), (e: unknown) => e instanceof DataError && /"y" is not a column/.test((e as Error).message));
  });
});

describe("variable-definition table", () => {
  it("lists every codebook variable but the keys, with symbol, label and definition", () => {
    const t = buildDefinitionTable();
    const names = Object.keys(CODEBOOK).filter((n) => CODEBOOK[n].role !== "key");
    assert.deepEqual(t.sections[0].map((r) => r.cells[2]), names);
    for (const r of t.sections[0]) {
      assert.equal(r.cells[1], CODEBOOK[r.cells[2]].label.en);
      assert.equal(r.cells[3], CODEBOOK[r.cells[2]].definition.en);
    }
    const zh = buildDefinitionTable({ labels: "zh", variables: ["shrink", "ai", "nonsense"] });
    assert.deepEqual(zh.sections[0].map((r) => r.cells[1]), ["城市收缩", "人工智能（机器人渗透度）", "nonsense"]);
    assert.equal(zh.sections[0][0].cells[0], "被解释变量");
  });

  it("covers the variables of design §5", () => {
    const design5 = ["shrink", "shrink_hukou", "shrink_index", "ai", "ai_bartik", "ai_firms", "ai_patents", "ai_iv", "lnpgdp", "gov", "fin", "open", "hc", "infra", "density", "pop_return", "iei", "isu", "share_sum", "shrinking", "hu_se", "peripheral", "resource"];
    for (const name of design5) {
      const info = CODEBOOK[name];
      assert.ok(info && info.label.en && info.label.zh && info.definition.en && info.definition.zh, name);
    }
  });
});
