/**
 * Findings sentences carry numbers computed from the result (checked by recomputing them from the
 * fit, never by typing them), flip their wording with the sign and the p-value; annotate keys a
 * note by what it is about and its author, never collects a placeholder, and collect, write and
 * append round-trip through the findings file's one JSON format. No test here reads a notebook's prose.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, it } from "node:test";
import { feols } from "../lib/feols";
import { isIvResult } from "../lib/estimate/ivResult";
import { formatFixed } from "../lib/report/format";
import {
  describeEffect,
  describeGroupComparison,
  describeGroupDifference,
  describeIvEffect,
  describeOlsIvTruth,
  significancePhrase,
  type SentenceFit,
} from "../lib/report/findings";
import { useStudyDefaults } from "../lib/study/reportDefaults";
import { annotate, clearFindings, collectFindings, isPlaceholderNote, readFindings, writeFindings } from "../lib/workshop/annotations";
import { readGoldenCsv } from "./helpers/golden";
import { tempDir } from "./helpers/tempDir";

useStudyDefaults(); // sentences name the study's variables ("ai", "shrink") with its codebook words
const grunfeld = readGoldenCsv("grunfeld.csv");
const twfe = feols("inv ~ value + capital | firm + year", grunfeld, { vcov: { cluster: "firm" } });
const iv = feols("inv ~ 1 | firm + year | value ~ capital", grunfeld, { vcov: { cluster: "firm" } });
if (!isIvResult(iv)) throw new Error("expected an IV fit");

function fit(b: number, p: number, term = "ai", depVar = "shrink"): SentenceFit {
  return { coef: { [term]: b }, se: { [term]: Math.abs(b) / 3 }, pvalue: { [term]: p }, depVar };
}

describe("describeEffect", () => {
  it("states the size b·SD computed from the fit and the SD, and the significance phrase of its p-value", () => {
    const sd = 150.5;
    const s = describeEffect(twfe, { term: "value", sdOfRegressor: sd });
    assert.ok(s.includes(formatFixed(Math.abs(twfe.coef.value * sd), 3)), s);
    assert.ok(s.includes(`(${formatFixed(sd, 3)})`), s);
    assert.ok(s.includes(`(${significancePhrase(twfe.pvalue.value)})`), s);
    assert.ok(s.includes("raises") && s.includes("increases"), "a positive coefficient raises");
  });

  it("flips its wording with the sign of the coefficient", () => {
    const down = describeEffect(fit(-0.15, 0.001), { sdOfRegressor: 0.8 });
    const up = describeEffect(fit(0.15, 0.001), { sdOfRegressor: 0.8 });
    assert.ok(down.startsWith("AI development lowers urban shrinkage") && down.includes("reduces the shrinkage rate"), down);
    assert.ok(up.startsWith("AI development raises urban shrinkage") && up.includes("increases the shrinkage rate"), up);
    assert.ok(down.includes(formatFixed(0.15 * 0.8, 3)) && up.includes(formatFixed(0.15 * 0.8, 3)));
    const zhDown = describeEffect(fit(-0.15, 0.001), { sdOfRegressor: 0.8, lang: "zh" });
    const zhUp = describeEffect(fit(0.15, 0.001), { sdOfRegressor: 0.8, lang: "zh" });
    assert.ok(zhDown.startsWith("人工智能发展降低了城市收缩") && zhDown.includes("城市收缩率下降"), zhDown);
    assert.ok(zhUp.startsWith("人工智能发展提高了城市收缩") && zhUp.includes("城市收缩率上升"), zhUp);
  });

  it("speaks of a one-unit increase without an SD", () => {
    const s = describeEffect(fit(-0.25, 0.03));
    assert.ok(s.includes("a one-unit increase in robot penetration reduces the shrinkage rate by 0.250 percentage points (p < 0.05)"), s);
  });

  it("uses the p-value thresholds of the tables' stars, and says 'not significant at 10%' above them", () => {
    assert.equal(significancePhrase(0.0099), "p < 0.01");
    assert.equal(significancePhrase(0.01), "p < 0.05");
    assert.equal(significancePhrase(0.05), "p < 0.1");
    assert.equal(significancePhrase(0.1), "not significant at 10%");
    assert.equal(significancePhrase(0.004, "zh"), "在1%的水平上显著");
    assert.equal(significancePhrase(0.2, "zh"), "在10%的水平上不显著");
    const s = describeEffect(fit(-0.05, 0.4));
    assert.ok(s.includes("not significant at 10%") && s.includes(`p = ${formatFixed(0.4, 3)}`), s);
  });

  it("reads the fit's first regressor when no term is named (an IV fit's endogenous regressor)", () => {
    assert.ok(describeEffect(twfe).includes(formatFixed(Math.abs(twfe.coef.value), 3)));
    assert.ok(describeEffect(iv).includes(formatFixed(Math.abs(iv.coef.value), 3)));
  });

  it("refuses a term the fit does not have and a non-positive SD", () => {
    assert.throws(() => describeEffect(twfe, { term: "ai" }), /no coefficient "ai"/);
    assert.throws(() => describeEffect(fit(-0.1, 0.01), { sdOfRegressor: 0 }), /positive/);
  });
});

describe("IV, group and OLS-versus-2SLS sentences", () => {
  it("reports the effective F of the IV fit against its 10% critical value (test/weak-iv.test.ts checks the rest)", () => {
    const s = describeIvEffect(iv, { term: "value" });
    const e = iv.ivDiagnostics.effectiveF as { F: number; critical: { "10%": number } };
    assert.ok(s.includes(formatFixed(e.F, 3)) && s.includes(formatFixed(e.critical["10%"], 3)), s);
    assert.ok(s.includes(e.F > e.critical["10%"] ? "above" : "below"), s);
    assert.ok(s.includes(formatFixed(Math.abs(iv.coef.value), 3)), s);
    const zh = describeIvEffect(iv, { term: "value", lang: "zh" });
    assert.ok(zh.includes(formatFixed(e.F, 3)) && zh.includes(e.F > e.critical["10%"] ? "高于" : "低于"), zh);
  });

  it("compares two groups: the larger effect in magnitude, the difference and its p-value", () => {
    const input = { groups: [{ label: "north-west cities", estimate: -0.05 }, { label: "south-east cities", estimate: -0.2 }] as [{ label: string; estimate: number }, { label: string; estimate: number }], p: 0.003, test: "SUEST" };
    const s = describeGroupDifference(input, { term: "ai", outcome: "shrink" });
    assert.ok(s.includes(`larger in magnitude among south-east cities (${formatFixed(-0.2, 3)}) than among north-west cities (${formatFixed(-0.05, 3)})`), s);
    assert.ok(s.includes(formatFixed(-0.2 - -0.05, 3)) && s.includes("is significant at 1% (SUEST: p = 0.003)"), s);
    const ns = describeGroupDifference({ ...input, p: 0.4 }, { term: "ai", outcome: "shrink" });
    assert.ok(ns.includes(`not significant at 10% (SUEST: p = ${formatFixed(0.4, 3)}), which does not show that the effects are equal`), ns);
    const zh = describeGroupDifference(input, { term: "ai", outcome: "shrink", lang: "zh" });
    assert.ok(zh.includes("在1%的水平上显著") && zh.includes(formatFixed(-0.15, 3)), zh);
  });

  it("reads a compareGroups-shaped result: sorted levels, codebook group phrases and the chosen test's p", () => {
    const cmp = {
      by: "hu_se",
      coef: "ai",
      fits: { "1": fit(-0.2, 0.001), "0": fit(-0.05, 0.2) },
      difference: -0.15,
      interaction: { p: 0.03 },
      suest: { p: 0.02 },
      permutation: { p: 0.004, draws: 499 },
    };
    const s = describeGroupComparison(cmp);
    assert.ok(s.includes("among cities south-east of the Hu line (-0.200) than among cities north-west of the Hu line (-0.050)"), s);
    assert.ok(s.includes("(cities south-east of the Hu line minus cities north-west of the Hu line, -0.150)"), s);
    assert.ok(s.includes("significant at 1% (permutation test, 499 draws: p = 0.004)"), s);
    assert.ok(describeGroupComparison(cmp, { test: "suest" }).includes("significant at 5% (SUEST test: p = 0.020)"));
    assert.ok(describeGroupComparison(cmp, { lang: "zh" }).includes("胡焕庸线东南侧城市"));
  });

  it("without estimands, sets 2SLS against OLS as a ratio computed from the fits", () => {
    const s = describeOlsIvTruth({ ols: twfe, iv, term: "value" });
    assert.ok(s.includes(formatFixed(twfe.coef.value, 3)) && s.includes(formatFixed(iv.coef.value, 3)), s);
    assert.ok(s.includes(`${formatFixed(iv.coef.value / twfe.coef.value, 2)} times`), s);
    assert.ok(!s.includes("estimand"), s);
    const zh = describeOlsIvTruth({ ols: twfe, iv, term: "value" }, { lang: "zh" });
    assert.ok(zh.includes(`${formatFixed(iv.coef.value / twfe.coef.value, 2)}倍`), zh);
  });

  /** A fit with one coefficient, its SE and t degrees of freedom (the 95 % quantile of t(286) is 1.968). */
  const est = (b: number, se: number, dfT = 286) => ({ coef: { ai: b }, se: { ai: se }, pvalue: { ai: 0.001 }, dfT });

  it("states OLS's bias relative to its own estimand as (b − e)/e with its direction and distance in SEs", () => {
    // notebook 04's numbers: OLS -0.466 (SE 0.025) against its estimand -0.782: |(-0.466 + 0.782)/-0.782| = 40.4 %
    const s = describeOlsIvTruth({ ols: est(-0.466, 0.025), iv: est(-0.749, 0.164), olsEstimand: -0.782, ivEstimand: -0.598, totalEffect: -0.792 });
    assert.ok(s.includes("OLS is biased towards zero by 40.4% relative to its own estimand (-0.782; 12.6 standard errors away)"), s);
    const away = describeOlsIvTruth({ ols: est(-0.9, 0.025), iv: est(-0.749, 0.164), olsEstimand: -0.782 });
    assert.ok(away.includes("OLS is biased away from zero by 15.1% relative to its own estimand"), away);
    const opposite = describeOlsIvTruth({ ols: est(0.2, 0.025), iv: est(-0.749, 0.164), olsEstimand: -0.782 });
    assert.ok(opposite.includes("OLS has the opposite sign of its own estimand (-0.782"), opposite);
  });

  it("calls OLS biased only when its 95% interval misses its estimand", () => {
    // |(-0.74) - (-0.782)| / 0.025 = 1.68 < 1.968: within the interval
    const s = describeOlsIvTruth({ ols: est(-0.74, 0.025), iv: est(-0.749, 0.164), olsEstimand: -0.782 });
    assert.ok(s.includes("OLS lies 5.4% from its own estimand (-0.782), only 1.7 standard errors: within its 95% interval"), s);
    assert.ok(!s.includes("biased"), s);
  });

  it("says whether 2SLS's 95% interval covers its estimand, with the t quantile of its degrees of freedom", () => {
    const covers = describeOlsIvTruth({ ols: est(-0.466, 0.025), iv: est(-0.749, 0.164), ivEstimand: -0.598 });
    assert.ok(covers.includes("2SLS lies 0.92 standard errors from its estimand (-0.598), which its 95% interval covers"), covers);
    // 1.97 SEs: beyond t(286)'s 1.968 (misses), within t(4)'s 2.776 (covers)
    const edge = { ols: est(-0.466, 0.025), ivEstimand: -0.598 };
    assert.ok(describeOlsIvTruth({ ...edge, iv: est(-0.598 - 1.97 * 0.1, 0.1) }).includes("which its 95% interval does not cover"));
    assert.ok(describeOlsIvTruth({ ...edge, iv: est(-0.598 - 1.97 * 0.1, 0.1, 4) }).includes("which its 95% interval covers"));
  });

  it("splits the OLS–2SLS gap exactly into OLS's bias, the difference of the estimands and 2SLS's sampling error", () => {
    const s = describeOlsIvTruth({ ols: est(-0.466, 0.025), iv: est(-0.749, 0.164), olsEstimand: -0.782, ivEstimand: -0.598, totalEffect: -0.792 });
    // gap 0.283 = 0.316 + (-0.184) - (-0.151)
    assert.ok(s.includes("This sample's two estimands differ from each other and from the mean total effect (-0.792) because the estimators weight heterogeneous effects differently"), s);
    assert.ok(s.includes("the OLS–2SLS gap (0.283) is OLS's bias (0.316) plus the difference of the estimands (-0.184) minus 2SLS's sampling error (-0.151): it mixes bias with weighting"), s);
    const same = describeOlsIvTruth({ ols: est(-0.466, 0.025), iv: est(-0.749, 0.164), olsEstimand: -0.7, ivEstimand: -0.7 });
    const withPopulation = describeOlsIvTruth({ ols: est(-0.466, 0.025), iv: est(-0.749, 0.164), olsEstimand: -0.782, ivEstimand: -0.598, ivPopulationEstimand: -0.696 });
    assert.ok(withPopulation.includes("2SLS lies 0.92 standard errors from this sample's estimand (-0.598, which moves from panel to panel) and 0.32 from the population 2SLS estimand (-0.696); its 95% interval covers the first and covers the second"), withPopulation);
    assert.ok(same.includes("The two estimands coincide, so the OLS–2SLS gap (0.283) is OLS's bias (0.234) minus 2SLS's sampling error (-0.049)"), same);
  });

  it("says the same in Chinese", () => {
    const zh = describeOlsIvTruth({ ols: est(-0.466, 0.025), iv: est(-0.749, 0.164), olsEstimand: -0.782, ivEstimand: -0.598, totalEffect: -0.792 }, { lang: "zh" });
    assert.ok(zh.startsWith("OLS估计值为-0.466，2SLS估计值为-0.749。"), zh);
    assert.ok(zh.includes("相对于其自身的估计目标（-0.782），OLS向零偏误40.4%（相距12.6个标准误）"), zh);
    assert.ok(zh.includes("2SLS距其估计目标（-0.598）0.92个标准误，其95%置信区间覆盖该目标"), zh);
    assert.ok(zh.includes("也不同于平均总效应（-0.792）") && zh.includes("OLS与2SLS之差（0.283）= OLS的偏误（0.316）+ 两个估计目标之差（-0.184）− 2SLS的抽样误差（-0.151）"), zh);
  });
});

describe("annotate and the findings file", () => {
  beforeEach(() => clearFindings());

  it("returns a bundle showing the result beside the note, and collects it in the findings file's format", () => {
    const sentence = describeEffect(fit(-0.15, 0.001), { sdOfRegressor: 0.8 });
    const bundle = annotate(sentence, "Stronger than the OLS suggests.", "Wang Fang");
    const html = String(bundle["text/html"]);
    assert.ok(html.includes("Stronger than the OLS suggests.") && html.includes("Wang Fang") && html.includes("AI development lowers"));
    assert.ok(String(bundle["text/markdown"]).includes("> **Note #1 — Wang Fang:**"));
    assert.deepEqual(collectFindings(), [{ kind: "annotation", notebook: null, cell: null, author: "Wang Fang", about: sentence, text: "Stronger than the OLS suggests.", numbers: {} }]);
    assert.deepEqual(bundle.kit, { kind: "annotation", text: "Stronger than the OLS suggests.", about: sentence, author: "Wang Fang", numbers: {} });
  });

  it("records a fit's numbers with the note", () => {
    annotate(twfe, "Capital matters too.");
    const [f] = collectFindings();
    assert.equal(f.about, `OLS: ${twfe.formula}`);
    assert.equal(f.numbers["value.estimate"], twfe.coef.value);
    assert.equal(f.numbers["capital.p"], twfe.pvalue.capital);
    assert.equal(f.numbers.nobs, twfe.nobs);
    assert.equal(f.author, null);
  });

  it("refuses an empty note", () => {
    assert.throws(() => annotate("x", "  "), /non-empty/);
  });

  it("keys a note by what it is about and its author: running the cell again replaces it in place", () => {
    annotate("Column (4)", "first reading", "Li");
    annotate("Column (2)", "other result", "Li");
    annotate("Column (4)", "another author", "Wang");
    const again = annotate("Column (4)", "second reading", "Li");
    assert.deepEqual(collectFindings().map((f) => [f.about, f.author, f.text]), [["Column (4)", "Li", "second reading"], ["Column (2)", "Li", "other result"], ["Column (4)", "Wang", "another author"]]);
    assert.match(String(again["text/plain"]), /Note #1 — Li: second reading/);
  });

  it("never collects a placeholder, tags it placeholder: true, and a placeholder run again takes the note back", () => {
    for (const placeholder of ["Replace this with your reading of the result.", "Your reading here", "TODO", "…"]) {
      assert.equal(isPlaceholderNote(placeholder), true, placeholder);
      const bundle = annotate("Result", placeholder, "Li");
      assert.equal((bundle.kit as { placeholder?: boolean }).placeholder, true);
      assert.deepEqual(collectFindings(), []);
    }
    assert.equal(isPlaceholderNote("The notebook's own words", [" The notebook's own words "]), true, "a text the notebook offers");
    assert.equal(isPlaceholderNote("Larger than I expected; I replace this view with the IV one."), false);
    annotate("Result", "A real reading.", "Li");
    assert.equal(collectFindings().length, 1);
    annotate("Result", "Replace this with your reading.", "Li");
    assert.deepEqual(collectFindings(), []);
  });

  it("writes Markdown and JSON ({ findings: [...] }) that read back to the collected findings, and appends across runs", () => {
    const dir = tempDir("kit-findings-");
    annotate("First result", "note one", "A");
    annotate({ label: "Second result", numbers: { beta: -0.123456 } }, "note two");
    const paths = writeFindings(join(dir, "out", "findings.md"), { notebook: "03_baseline.ipynb" });
    assert.equal(paths.markdown, join(dir, "out", "findings.md"));
    assert.equal(paths.json, join(dir, "out", "findings.json"));
    const json = JSON.parse(readFileSync(paths.json, "utf8"));
    assert.deepEqual(Object.keys(json), ["findings"]);
    assert.deepEqual(json.findings, collectFindings().map((f) => ({ ...f, notebook: "03_baseline.ipynb" })));
    assert.deepEqual(readFindings(paths.json), json.findings);
    const md = readFileSync(paths.markdown, "utf8");
    assert.ok(md.includes("## 03_baseline.ipynb") && md.includes("- Note by A on First result: note one") && md.includes("beta = -0.1235"), md);

    clearFindings();
    annotate("Third result", "note three");
    annotate("First result", "note one, revised", "A");
    writeFindings(join(dir, "out", "findings"), { append: true, notebook: "03_baseline.ipynb" });
    const appended = readFindings(paths.json);
    assert.deepEqual(appended.map((f) => [f.about, f.text]), [["Second result", "note two"], ["Third result", "note three"], ["First result", "note one, revised"]]);
    assert.ok(existsSync(paths.markdown) && readFileSync(paths.markdown, "utf8").includes("note three"));
  });

  it("refuses to append to a file that is not a findings file", () => {
    const dir = tempDir("kit-findings-bad-");
    writeFileSync(join(dir, "findings.json"), "{ not json");
    annotate("Result", "a note");
    assert.throws(() => writeFindings(join(dir, "findings"), { append: true }), /not a findings file/);
    writeFileSync(join(dir, "findings.json"), JSON.stringify({ other: [] }));
    assert.throws(() => writeFindings(join(dir, "findings"), { append: true }), /no "findings" list/);
  });
});
