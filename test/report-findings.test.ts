/**
 * Findings sentences carry numbers computed from the result (checked by recomputing them from the
 * fit, never by typing them), flip their wording with the sign and the p-value; annotate, collect
 * and write round-trip through Markdown and JSON.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
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
import { annotate, clearFindings, collectFindings, writeFindings } from "../lib/workshop/annotations";
import { readGoldenCsv } from "./helpers/golden";

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
  it("reports the first-stage F of the IV fit against the Stock–Yogo critical value", () => {
    const s = describeIvEffect(iv, { term: "value" });
    const f = iv.ivDiagnostics.kpWaldF;
    const cv = (iv.ivDiagnostics.stockYogo.size as { "10%": number })["10%"];
    assert.ok(s.includes(formatFixed(f, 3)) && s.includes(cv.toFixed(2)), s);
    assert.ok(s.includes(f > cv ? "above" : "below"), s);
    assert.ok(s.includes(formatFixed(Math.abs(iv.coef.value), 3)), s);
    const zh = describeIvEffect(iv, { term: "value", lang: "zh" });
    assert.ok(zh.includes(formatFixed(f, 3)) && zh.includes(f > cv ? "高于" : "低于"), zh);
  });

  it("compares two groups: the larger effect in magnitude, the difference and its p-value", () => {
    const input = { groups: [{ label: "north-west cities", estimate: -0.05 }, { label: "south-east cities", estimate: -0.2 }] as [{ label: string; estimate: number }, { label: string; estimate: number }], p: 0.003, test: "SUEST" };
    const s = describeGroupDifference(input, { term: "ai", outcome: "shrink" });
    assert.ok(s.includes(`larger in magnitude among south-east cities (${formatFixed(-0.2, 3)}) than among north-west cities (${formatFixed(-0.05, 3)})`), s);
    assert.ok(s.includes(formatFixed(-0.2 - -0.05, 3)) && s.includes("significant (p < 0.01, SUEST)"), s);
    const ns = describeGroupDifference({ ...input, p: 0.4 }, { term: "ai", outcome: "shrink" });
    assert.ok(ns.includes(`not significant at 10% (p = ${formatFixed(0.4, 3)}, SUEST)`), ns);
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
    assert.ok(s.includes("(p < 0.01, permutation test, 499 draws)"), s);
    assert.ok(describeGroupComparison(cmp, { test: "suest" }).includes("(p < 0.05, SUEST test)"));
    assert.ok(describeGroupComparison(cmp, { lang: "zh" }).includes("胡焕庸线东南侧城市"));
  });

  it("sets OLS against 2SLS and the truth with ratios computed from the fits", () => {
    const truth = 0.9;
    const s = describeOlsIvTruth({ ols: twfe, iv, truth, term: "value" });
    assert.ok(s.includes(formatFixed(twfe.coef.value, 3)) && s.includes(formatFixed(iv.coef.value, 3)), s);
    assert.ok(s.includes(`${formatFixed(iv.coef.value / twfe.coef.value, 2)} times`), s);
    assert.ok(s.includes(`${formatFixed((100 * twfe.coef.value) / truth, 1)}%`) && s.includes(`${formatFixed((100 * iv.coef.value) / truth, 1)}%`), s);
    assert.ok(s.includes("attenuated towards zero"), "OLS below the truth in magnitude is attenuated");
    const zh = describeOlsIvTruth({ ols: twfe, iv, term: "value" }, { lang: "zh" });
    assert.ok(zh.includes(`${formatFixed(iv.coef.value / twfe.coef.value, 2)}倍`), zh);
  });
});

describe("annotate and the findings file", () => {
  beforeEach(() => clearFindings());

  it("returns a bundle showing the result beside the note, and collects it", () => {
    const sentence = describeEffect(fit(-0.15, 0.001), { sdOfRegressor: 0.8 });
    const bundle = annotate(sentence, "Stronger than the OLS suggests.", "Wang Fang");
    const html = String(bundle["text/html"]);
    assert.ok(html.includes("Stronger than the OLS suggests.") && html.includes("Wang Fang") && html.includes("AI development lowers"));
    assert.ok(String(bundle["text/markdown"]).includes("> **Note #1 — Wang Fang:**"));
    assert.deepEqual(collectFindings(), [{ id: 1, label: sentence, numbers: {}, note: "Stronger than the OLS suggests.", author: "Wang Fang" }]);
  });

  it("records a fit's numbers with the note", () => {
    annotate(twfe, "Capital matters too.");
    const [f] = collectFindings();
    assert.equal(f.label, `OLS: ${twfe.formula}`);
    assert.equal(f.numbers["value.estimate"], twfe.coef.value);
    assert.equal(f.numbers["capital.p"], twfe.pvalue.capital);
    assert.equal(f.numbers.nobs, twfe.nobs);
    assert.equal(f.author, undefined);
  });

  it("refuses an empty note", () => {
    assert.throws(() => annotate("x", "  "), /non-empty/);
  });

  it("writes Markdown and JSON that read back to the collected findings, and appends across runs", () => {
    const dir = mkdtempSync(join(tmpdir(), "kit-findings-"));
    annotate("First result", "note one", "A");
    annotate({ label: "Second result", numbers: { beta: -0.123456 } }, "note two");
    const paths = writeFindings(join(dir, "out", "findings.md"));
    assert.equal(paths.markdown, join(dir, "out", "findings.md"));
    assert.equal(paths.json, join(dir, "out", "findings.json"));
    const json = JSON.parse(readFileSync(paths.json, "utf8"));
    assert.deepEqual(json.findings, collectFindings());
    const md = readFileSync(paths.markdown, "utf8");
    assert.ok(md.includes("## 1. First result") && md.includes("> note one — A") && md.includes("beta = -0.1235"), md);

    clearFindings();
    annotate("Third result", "note three");
    writeFindings(join(dir, "out", "findings"), { append: true });
    const appended = JSON.parse(readFileSync(paths.json, "utf8")).findings as { id: number; label: string }[];
    assert.deepEqual(appended.map((f) => [f.id, f.label]), [[1, "First result"], [2, "Second result"], [3, "Third result"]]);
    assert.ok(existsSync(paths.markdown) && readFileSync(paths.markdown, "utf8").includes("## 3. Third result"));
  });
});
