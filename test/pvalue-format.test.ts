/** p-values in sentences and tables: a comparison sign, the display floor, and a resampling test's floor 1/(B + 1). */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { formatPValue, pValueText } from "../lib/index";
import { placeboTest } from "../lib/index";
import { loadStudyPanel } from "../lib/study/index";

describe("formatPValue", () => {
  it("prints an ordinary p-value with '=' and three decimals", () => {
    assert.equal(formatPValue(0.0213), "= 0.021");
    assert.equal(pValueText(0.4), "p = 0.400");
    assert.equal(formatPValue(0.04567, { digits: 2 }), "= 0.05");
  });
  it("never prints 0.000: below the display floor it says '< 0.001'", () => {
    assert.equal(formatPValue(2e-7), "< 0.001");
    assert.equal(formatPValue(0.0005), "< 0.001");
    assert.equal(formatPValue(0), "< 0.001");
  });
  it("prints a resampling test's floor 1/(B + 1) as '≤', rounded up so it stays true", () => {
    assert.equal(formatPValue(1 / 500, { draws: 499 }), "≤ 0.002");
    assert.equal(formatPValue(1 / 1000, { draws: 999 }), "≤ 0.001");
    assert.equal(formatPValue(1 / 200, { draws: 199 }), "≤ 0.005");
    assert.equal(formatPValue(1 / 10000, { draws: 9999 }), "< 0.001");
    assert.equal(formatPValue(3 / 500, { draws: 499 }), "= 0.006");
  });
  it("the placebo test's sentence uses it: a real effect far in the tail reads 'p ≤ 1/(B+1)'", () => {
    const panel = loadStudyPanel();
    const r = placeboTest({ data: panel, formula: "shrink ~ ai + lnpgdp | code + year", coef: "ai", draws: 19, seed: 3 });
    assert.equal(r.p, 1 / 20);
    assert.match(r.description, /permutation p ≤ 0\.050/);
    assert.doesNotMatch(r.description, /0\.000/);
  });
});

describe("buildDataTable's p-value columns", () => {
  it("print '< 0.001' instead of 0.000 in a column named like a p-value, and leave other columns alone", async () => {
    const { buildDataTable } = await import("../lib/index");
    const spec = buildDataTable([{ mediator: "isu", indirect: 0.0002, sobel_p: 1e-9, p: 0, p_holm: 0.0123 }]);
    assert.deepEqual(spec.sections[0][0].cells, ["isu", "0.000", "< 0.001", "< 0.001", "0.012"]);
  });
});
