/**
 * Figure helpers: every helper's spec passes the structural validation (known trace types, equal
 * lengths, no NaN, a title), says the data is simulated unless told otherwise, and carries the
 * numbers it was given — checked by recomputing them (confint, hand means). The city map and the
 * Hu line's great circle are tested in city-map.test.ts.
 * A browser check of the rendering comes with the notebooks.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { feols } from "../lib/feols";
import { coefficientPlot } from "../lib/report/figures/coefficientPlot";
import { differenceTestText, type GroupComparisonLike, groupForestPlot } from "../lib/report/figures/forestPlot";
import { empiricalP, placeboPlot } from "../lib/report/figures/placeboPlot";
import type { FigureSpec } from "../lib/report/figures/spec";
import { SIMULATED_DATA_CAPTION, useStudyDefaults } from "../lib/study/reportDefaults";
import { yearlyMeans, yearlyTrendsPlot } from "../lib/report/figures/trendsPlot";
import { validateFigure } from "../lib/report/figures/validate";
import { formatFixed } from "../lib/report/format";
import { readGoldenCsv } from "./helpers/golden";

useStudyDefaults(); // figures labelled by the study's codebook, captioned as simulated
const grunfeld = readGoldenCsv("grunfeld.csv");
const pooled = feols("inv ~ value + capital", grunfeld, { vcov: "hetero" });
const twfe = feols("inv ~ value + capital | firm + year", grunfeld, { vcov: { cluster: "firm" } });

function subset(data: Record<string, (number | string | null)[]>, keep: (i: number) => boolean): Record<string, (number | string | null)[]> {
  const out: Record<string, (number | string | null)[]> = {};
  for (const [k, v] of Object.entries(data)) out[k] = v.filter((_, i) => keep(i));
  return out;
}

const low = feols("inv ~ value + capital | firm + year", subset(grunfeld, (i) => (grunfeld.firm[i] as number) <= 5), { vcov: "hetero" });
const high = feols("inv ~ value + capital | firm + year", subset(grunfeld, (i) => (grunfeld.firm[i] as number) > 5), { vcov: "hetero" });
const comparison: GroupComparisonLike = {
  fits: { "0": low, "1": high },
  difference: high.coef.value - low.coef.value,
  interaction: { estimate: high.coef.value - low.coef.value, se: 0.01, p: 0.0004 },
  suest: { chi2: 8.123, p: 0.0044 },
  permutation: { p: 0.012, draws: 499 },
};

function titleText(spec: FigureSpec): string {
  const t = spec.layout.title;
  return typeof t === "string" ? t : (t?.text ?? "");
}

function trace(spec: FigureSpec, k: number): Record<string, any> {
  return spec.data[k] as Record<string, any>;
}

function assertValid(spec: FigureSpec): void {
  assert.deepEqual(validateFigure(spec), [], "the spec should pass validation");
}

describe("coefficient plot", () => {
  it("plots each estimate with its confidence interval from confint as error bars", () => {
    const spec = coefficientPlot(
      [
        { fit: pooled, term: "value", label: "Pooled OLS", group: "OLS" },
        { fit: twfe, term: "value", label: "Two-way FE", group: "FE" },
        { fit: twfe, term: "capital", label: "Two-way FE: capital", group: "FE" },
      ],
      { references: [{ value: 0.1, label: "Reference" }] },
    );
    assertValid(spec);
    assert.equal(spec.data.length, 2, "one trace per group");
    const fe = trace(spec, 1);
    const ci = twfe.confint(0.95);
    assert.deepEqual(fe.x, [twfe.coef.value, twfe.coef.capital]);
    assert.deepEqual(fe.error_x.array, [ci.value[1] - twfe.coef.value, ci.capital[1] - twfe.coef.capital]);
    assert.deepEqual(fe.error_x.arrayminus, [twfe.coef.value - ci.value[0], twfe.coef.capital - ci.capital[0]]);
    assert.ok((spec.layout.shapes ?? []).some((s) => s.x0 === 0.1 && s.x1 === 0.1), "reference line drawn");
    assert.ok(titleText(spec).includes(SIMULATED_DATA_CAPTION.en), "simulated by default");
  });

  it("accepts estimates given as numbers, a 90% level, and leaves out the caption with dataNote: false", () => {
    const spec = coefficientPlot([{ estimate: -0.2, lower: -0.3, upper: -0.1, label: "2SLS" }], { dataNote: false, level: 0.9, lang: "zh" });
    assertValid(spec);
    assert.ok(!titleText(spec).includes(SIMULATED_DATA_CAPTION.zh));
    assert.ok(JSON.stringify(spec.layout.xaxis).includes("90%"));
  });

  it("refuses a term the fit does not have and an empty list", () => {
    assert.throws(() => coefficientPlot([{ fit: pooled, term: "ai" }]), /no coefficient "ai"/);
    assert.throws(() => coefficientPlot([]), /at least one/);
  });
});

describe("group forest plot", () => {
  it("plots each group's estimate in sorted level order with codebook labels and the difference test under it", () => {
    const spec = groupForestPlot(comparison, { term: "value", by: "hu_se" });
    assertValid(spec);
    const t = trace(spec, 0);
    assert.deepEqual(t.y, ["North-west of the Hu line", "South-east of the Hu line"]);
    assert.deepEqual(t.x, [low.coef.value, high.coef.value]);
    const note = (spec.layout.annotations ?? []).map((a) => a.text).join(" ");
    assert.ok(note.includes(formatFixed(comparison.difference, 3)), note);
    assert.ok(note.includes("499 draws") && note.includes("SUEST χ² = 8.12") && note.includes("interaction p < 0.001"), note);
    assert.ok(titleText(spec).includes(SIMULATED_DATA_CAPTION.en));
  });

  it("takes the term and the group variable from the comparison itself", () => {
    const spec = groupForestPlot({ ...comparison, by: "shrinking", coef: "capital" }, { lang: "zh" });
    assertValid(spec);
    assert.deepEqual(trace(spec, 0).y, ["非收缩型城市", "收缩型城市"]);
    assert.deepEqual(trace(spec, 0).x, [low.coef.capital, high.coef.capital]);
  });

  it("names the split in its default title, so two forest plots of one notebook differ, and keeps the Hu line's capital", () => {
    const title = (by: string, lang: "en" | "zh" = "en") => titleText(groupForestPlot({ ...comparison, by, coef: "value" }, { lang, dataNote: false }));
    assert.match(title("hu_se"), /, by south-east of the Hu line$/);
    assert.match(title("shrinking"), /, by shrinking city$/);
    assert.notEqual(title("shrinking"), title("resource"));
    assert.match(title("shrinking", "zh"), /（按收缩型城市分组）$/);
    assert.equal(titleText(groupForestPlot(comparison, { term: "value", title: "Mine", dataNote: false })), "Mine");
  });

  it("writes the difference test in Chinese with lang: 'zh'", () => {
    const text = differenceTestText(comparison, "zh", ["非收缩型城市", "收缩型城市"]);
    assert.ok(text.startsWith(`组间差异（收缩型城市 − 非收缩型城市）= ${formatFixed(comparison.difference, 3)}`), text);
    assert.ok(text.includes("置换检验经验p值 = 0.012（499次）"), text);
  });

  it("takes group estimates as numbers with a test text of the caller's", () => {
    const spec = groupForestPlot(
      [
        { label: "A", estimate: 1, lower: 0.5, upper: 1.5 },
        { label: "B", estimate: 2, lower: 1.5, upper: 2.5 },
      ],
      { testText: "Difference 1.000, p = 0.010" },
    );
    assertValid(spec);
    assert.equal((spec.layout.annotations ?? [])[0].text, "Difference 1.000, p = 0.010");
  });
});

describe("placebo plot", () => {
  it("computes the two-sided empirical p as (1 + #{|placebo| ≥ |estimate|})/(1 + R), as placeboTest does (hand count)", () => {
    assert.equal(empiricalP([0.1, -0.3, 0.02, 0.5], -0.25), (1 + 2) / (1 + 4));
    assert.equal(empiricalP([0.1, Number.NaN, 0.02], 0.05), (1 + 1) / (1 + 2), "non-finite draws are left out");
  });

  it("draws the histogram of the finite draws, marks the real estimate and puts the empirical p in the title", () => {
    const draws = Array.from({ length: 200 }, (_, i) => Math.sin(i * 12.9898) * 0.05);
    draws.push(Number.NaN);
    const estimate = -0.04;
    const spec = placeboPlot({ draws, estimate }, { term: "ai", bins: 30 });
    assertValid(spec);
    const h = trace(spec, 0);
    assert.equal(h.type, "histogram");
    assert.equal(h.x.length, 200);
    assert.equal(h.nbinsx, 30);
    const p = empiricalP(draws, estimate);
    assert.ok(titleText(spec).includes(`empirical p = ${formatFixed(p, 3)}`), titleText(spec));
    assert.ok(titleText(spec).includes("200 random permutations (1 failed)"), titleText(spec));
    assert.ok((spec.layout.shapes ?? []).some((s) => s.x0 === estimate && s.x1 === estimate), "vertical line at the estimate");
    assert.ok(titleText(spec).includes(SIMULATED_DATA_CAPTION.en));
  });

  it("takes placeboTest's result shape (coefficients in `placebo`, `draws` their count) and uses its own p", () => {
    const result = { coef: "ai", estimate: 0.5, tstat: 5, placebo: Float64Array.from([0.01, 0.02, -0.03]), p: 0.25, draws: 3, seed: 1 };
    const spec = placeboPlot(result);
    assertValid(spec);
    assert.ok(titleText(spec).includes("3 random permutations, empirical p = 0.250"), titleText(spec));
    assert.ok(titleText(placeboPlot({ ...result, p: 0.0002 })).includes("p < 0.001"));
    assert.throws(() => placeboPlot({ draws: [Number.NaN], estimate: 0.5 }), /no finite placebo/);
  });
});

describe("yearly trends by group", () => {
  const data = {
    year: [2007, 2007, 2008, 2008, 2007, 2008, 2008, 2009],
    g: [0, 0, 0, 0, 1, 1, 1, null],
    y: [1, 3, 2, null, 10, 20, 40, 5],
  };

  it("averages the variable by year within each level, skipping missing values (hand means)", () => {
    const series = yearlyMeans(data, { variable: "y", by: "g" });
    assert.deepEqual(series, [
      { level: "0", years: [2007, 2008], means: [(1 + 3) / 2, 2], counts: [2, 1] },
      { level: "1", years: [2007, 2008], means: [10, (20 + 40) / 2], counts: [1, 2] },
    ]);
  });

  it("draws one line per level with codebook level labels", () => {
    const spec = yearlyTrendsPlot({ ...data, shrinking: data.g }, { variable: "y", by: "shrinking" });
    assertValid(spec);
    assert.deepEqual(spec.data.map((t) => (t as { name?: string }).name), ["Non-shrinking", "Shrinking"]);
    assert.ok(titleText(spec).includes(SIMULATED_DATA_CAPTION.en));
    const zh = yearlyTrendsPlot({ ...data, shrinking: data.g }, { variable: "y", by: "shrinking", lang: "zh" });
    assert.deepEqual(zh.data.map((t) => (t as { name?: string }).name), ["非收缩型城市", "收缩型城市"]);
  });

  it("titles a split by its label in sentence case, keeping names and acronyms (\"south-east of the Hu line\")", () => {
    const spec = yearlyTrendsPlot({ ...data, hu_se: data.g, ai: data.y }, { variable: "ai", by: "hu_se", dataNote: false });
    assert.equal(titleText(spec), "AI (robot penetration): yearly mean by south-east of the Hu line");
  });

  it("draws a single line without a group variable", () => {
    const spec = yearlyTrendsPlot(data, { variable: "y" });
    assertValid(spec);
    assert.deepEqual(trace(spec, 0).y, [(1 + 3 + 10) / 3, (2 + 20 + 40) / 3, 5]);
  });
});

describe("figure validation", () => {
  it("catches NaN, unequal arrays, unknown trace types and a missing title", () => {
    const bad: FigureSpec = {
      data: [
        { type: "scatter", x: [1, 2, 3], y: [1, Number.NaN] },
        { type: "nonsense" as "scatter", x: [1], y: [1] },
      ],
      layout: {},
    };
    const problems = validateFigure(bad);
    assert.ok(problems.some((p) => p.includes("NaN")), problems.join("; "));
    assert.ok(problems.some((p) => p.includes("y has 2 entries but x has 3")), problems.join("; "));
    assert.ok(problems.some((p) => p.includes('"nonsense"')), problems.join("; "));
    assert.ok(problems.some((p) => p.includes("title")), problems.join("; "));
  });
});
