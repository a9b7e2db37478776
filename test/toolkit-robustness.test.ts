/** Robustness helpers: winsorizing, panel lags and leads, dropping units, restricting years, alternative FE. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as aq from "arquero";
import { DataError, feols, OptionsError } from "../lib/index";
import { dropUnits, panelLag, panelLead, restrictYears, winsorize } from "../lib/index";
import { assertClose, readGoldenCsv } from "./helpers/golden";

// R 4.x: x <- c(3.1, -2, 7.5, 0.4, 12, 5.5, NA, 1.25, 9, -4.75, 6)
//        quantile(x, c(0.01, 0.05, 0.1, 0.9, 0.95, 0.99), na.rm = TRUE, type = 7)
const X = [3.1, -2, 7.5, 0.4, 12, 5.5, null, 1.25, 9, -4.75, 6];
const R_QUANTILES: [number, number][] = [
  [0.01, -4.5024999999999995],
  [0.05, -3.5125000000000002],
  [0.1, -2.2750000000000004],
  [0.9, 9.2999999999999989],
  [0.95, 10.6499999999999968],
  [0.99, 11.7300000000000004],
];
const YEAR = [2010, 2010, 2010, 2010, 2010, 2010, 2011, 2011, 2011, 2011, 2011];

describe("winsorize", () => {
  it("uses R's type-7 quantiles as bounds (pooled), for every percentile tested", () => {
    for (const [lo, qlo] of R_QUANTILES.slice(0, 3)) {
      const hiPair = R_QUANTILES[R_QUANTILES.length - 1 - R_QUANTILES.findIndex(([p]) => p === lo)];
      const { bounds } = winsorize({ x: X }, "x", { lower: lo, upper: hiPair[0] });
      assertClose(bounds.x[0].lower, qlo, 1e-14, `Q(${lo})`);
      assertClose(bounds.x[0].upper, hiPair[1], 1e-14, `Q(${hiPair[0]})`);
      assert.equal(bounds.x[0].n, 10, "the missing value does not count");
    }
  });

  it("pooled at 10/90: two values move to the bounds, the missing value stays null, the rest are untouched", () => {
    const { data, changed, bounds } = winsorize({ x: X, year: YEAR }, ["x"], { lower: 0.1, upper: 0.9 });
    assert.equal(changed.x, 2);
    assert.deepEqual([bounds.x[0].raised, bounds.x[0].lowered], [1, 1]);
    const out = data.x as (number | null)[];
    assert.equal(out[6], null);
    assertClose(out[9] as number, -2.2750000000000004, 1e-15, "−4.75 raised");
    assertClose(out[4] as number, 9.2999999999999989, 1e-15, "12 lowered");
    for (const i of [0, 1, 2, 3, 5, 7, 8, 10]) assert.equal(out[i], X[i]);
    assert.equal(data.year, YEAR, "other columns are passed through");
    assert.notEqual(data.x, X, "the input is not modified");
    assert.equal(X[4], 12);
  });

  it("by year: bounds per year from R (quantile of each year's values) and counts per group", () => {
    // R: quantile(c(3.1, -2, 7.5, 0.4, 12, 5.5), c(.1, .9)) = -0.8, 9.75; quantile(c(1.25, 9, -4.75, 6), c(.1, .9)) = -2.95, 8.1
    const { changed, bounds, description } = winsorize({ x: X, year: YEAR }, "x", { lower: 0.1, upper: 0.9, by: "year" });
    assert.equal(changed.x, 4);
    const [y2010, y2011] = bounds.x;
    assert.equal(y2010.group, "2010");
    assertClose(y2010.lower, -0.80000000000000004, 1e-14, "2010 lower");
    assertClose(y2010.upper, 9.75, 1e-14, "2010 upper");
    assertClose(y2011.lower, -2.9499999999999997, 1e-14, "2011 lower");
    assertClose(y2011.upper, 8.1000000000000014, 1e-14, "2011 upper");
    assert.equal(y2011.n, 4);
    assert.match(description, /1st|10th/);
    assert.match(description, /by year: 4 values changed/);
  });

  it("keeps a Float64Array a Float64Array (NaN stays NaN) and rows a list of rows", () => {
    const typed = winsorize({ x: Float64Array.from(X, (v) => (v === null ? NaN : v)) }, "x", { lower: 0.1, upper: 0.9 });
    assert.ok(typed.data.x instanceof Float64Array);
    assert.ok(Number.isNaN((typed.data.x as Float64Array)[6]));
    const rows = X.map((x, i) => ({ x, year: YEAR[i] }));
    const fromRows = winsorize(rows, "x", { lower: 0.1, upper: 0.9 });
    assert.ok(Array.isArray(fromRows.data));
    assert.equal(fromRows.data[4].x, 9.2999999999999989);
    assert.equal(fromRows.data[6].x, null);
    assert.equal(rows[4].x, 12);
  });

  it("an arquero table comes back as an arquero table with the column replaced", () => {
    const table = aq.table({ x: X, year: YEAR });
    const { data, changed } = winsorize(table, "x", { lower: 0.1, upper: 0.9, by: "year" });
    assert.equal(typeof (data as typeof table).numRows, "function");
    assert.equal(changed.x, 4);
    const x = Array.from((data as typeof table).array("x") as ArrayLike<number | null>);
    assert.equal(x[1], -0.80000000000000004);
    assert.equal(x[6], null);
  });

  it("a filtered arquero table is winsorized on the rows it shows", () => {
    const table = aq.table({ x: X, year: YEAR }).filter((d: { year: number }) => d.year === 2011);
    const { data, bounds } = winsorize(table, "x", { lower: 0.1, upper: 0.9 });
    assert.equal((data as typeof table).numRows(), 5);
    assertClose(bounds.x[0].lower, -2.9499999999999997, 1e-14, "2011 lower");
  });

  it("bad input: text in the column (row named), an unknown column, percentiles out of order", () => {
    assert.throws(() => winsorize({ x: [1, 2, "3,5"] }, "x"), (e: Error) => e instanceof DataError && /Column "x".*text "3,5" in row 3/.test(e.message));
    assert.throws(() => winsorize({ x: [1, 2] }, "gdp"), (e: Error) => e instanceof DataError && /"gdp" is not a column/.test(e.message));
    assert.throws(() => winsorize({ x: [1, 2] }, "x", { by: "yr" }), (e: Error) => e instanceof DataError && /grouping column \(by\) "yr"/.test(e.message));
    assert.throws(() => winsorize({ x: [1, 2] }, "x", { lower: 1, upper: 99 }), (e: Error) => e instanceof OptionsError && /as shares/.test(e.message));
  });
});

describe("panelLag / panelLead", () => {
  // Unit 1 has a gap (no 2003); unit 2 is out of order and has a missing value in 2002.
  const panel = {
    code: [1, 1, 1, 1, 2, 2, 2],
    year: [2001, 2002, 2004, 2005, 2003, 2001, 2002],
    ai: [10, 11, 13, 14, 22, 20, null],
  };

  it("the lag is matched on the year, not the previous row: missing across a gap and at the panel's start", () => {
    const { data, available, noMatchingPeriod, missingValue, name } = panelLag(panel, { unit: "code", time: "year", column: "ai" });
    assert.equal(name, "ai_lag1");
    assert.deepEqual(data.ai_lag1, [null, 10, null, 13, null, null, 20]);
    assert.equal(available, 3);
    assert.equal(noMatchingPeriod, 3, "2001 of both units and 2004 of unit 1 (2003 absent)");
    assert.equal(missingValue, 1, "unit 2's 2003 lag is its missing 2002 value");
    assert.deepEqual(data.ai, panel.ai, "the source column is untouched");
  });

  it("the lead looks forward; k = 2 reaches two years", () => {
    assert.deepEqual(panelLead(panel, { unit: "code", time: "year", column: "ai" }).data.ai_lead1, [11, null, 14, null, null, null, 22]);
    assert.deepEqual(panelLag(panel, { unit: "code", time: "year", column: "ai", k: 2 }).data.ai_lag2, [null, null, 11, null, 20, null, null]);
    assert.deepEqual(panelLag(panel, { unit: "code", time: "year", column: "ai", k: 2, name: "L2ai" }).data.L2ai, [null, null, 11, null, 20, null, null]);
  });

  it("a row with a missing unit or year gets a missing lag and is counted", () => {
    const gaps = { code: [1, 1, null], year: [2001, 2002, 2002], ai: [1, 2, 3] };
    const { data, missingKey } = panelLag(gaps, { unit: "code", time: "year", column: "ai" });
    assert.deepEqual(data.ai_lag1, [null, 1, null]);
    assert.equal(missingKey, 1);
  });

  it("Float64Array columns give a Float64Array lag with NaN for missing; arquero in, arquero out", () => {
    const typed = { code: Int32Array.from([1, 1, 1]), year: Int32Array.from([2001, 2002, 2003]), ai: Float64Array.from([1, NaN, 3]) };
    const lag = panelLag(typed, { unit: "code", time: "year", column: "ai" }).data.ai_lag1 as Float64Array;
    assert.ok(lag instanceof Float64Array);
    assert.ok(Number.isNaN(lag[0]) && Number.isNaN(lag[2]) && lag[1] === 1);
    const table = aq.table(panel);
    const out = panelLag(table, { unit: "code", time: "year", column: "ai" }).data;
    assert.deepEqual(Array.from(out.array("ai_lag1") as ArrayLike<number | null>), [null, 10, null, 13, null, null, 20]);
  });

  it("a duplicate unit-year names both rows; a fractional year and k = 0 are refused", () => {
    const dup = { code: [1, 1, 1], year: [2001, 2002, 2001], ai: [1, 2, 3] };
    assert.throws(() => panelLag(dup, { unit: "code", time: "year", column: "ai" }), (e: Error) => e instanceof DataError && /rows 1 and 3 both have code = 1 and year = 2001/.test(e.message));
    assert.throws(() => panelLag({ code: [1], year: [2001.5], ai: [1] }, { unit: "code", time: "year", column: "ai" }), (e: Error) => e instanceof DataError && /2001.5 in row 1/.test(e.message));
    assert.throws(() => panelLag(panel, { unit: "code", time: "year", column: "ai", k: 0 }), OptionsError);
    assert.throws(() => panelLead(panel, { unit: "city", time: "year", column: "ai" }), (e: Error) => e instanceof DataError && /unit column "city"/.test(e.message));
  });
});

describe("dropUnits and restrictYears", () => {
  const panel = {
    code: [110000, 110000, 120000, 130100, 130100, 310000, 130200],
    year: [2019, 2020, 2021, 2020, 2022, 2021, null],
    y: [1, 2, 3, 4, 5, 6, 7],
  };

  it("dropUnits removes every row of the listed units, matching numbers and their text, and reports what it did not find", () => {
    const { data, removed, kept, removedBy, notFound, description } = dropUnits(panel, "code", ["110000", 310000, 500000]);
    assert.equal(removed, 3);
    assert.equal(kept, 4);
    assert.deepEqual(removedBy, { "110000": 2, "310000": 1, "500000": 0 });
    assert.deepEqual(notFound, ["500000"]);
    assert.deepEqual(data.code, [120000, 130100, 130100, 130200]);
    assert.deepEqual(data.y, [3, 4, 5, 7]);
    assert.match(description, /Dropped 3 rows of 2 code values; 4 rows kept; not found: 500000/);
  });

  it("restrictYears drops listed years and counts rows outside a range and with a missing year", () => {
    const listed = restrictYears(panel, "year", { drop: [2020, 2021, 2022] });
    assert.deepEqual(listed.removed, { beforeFrom: 0, afterTo: 0, listed: 5, missing: 1 });
    assert.deepEqual(listed.data.y, [1]);
    const range = restrictYears(panel, "year", { from: 2020, to: 2021 });
    assert.deepEqual(range.removed, { beforeFrom: 1, afterTo: 1, listed: 0, missing: 1 });
    assert.equal(range.kept, 4);
    assert.match(range.description, /Removed 3 rows \(1 before 2020; 1 after 2021; 1 with a missing year\); 4 rows kept/);
  });

  it("typed columns keep their type, arquero tables stay tables and rows stay rows", () => {
    const typed = restrictYears({ year: Int32Array.from([2019, 2020, 2021]), y: Float64Array.from([1, 2, 3]) }, "year", { to: 2020 });
    assert.ok(typed.data.year instanceof Int32Array && typed.data.y instanceof Float64Array);
    assert.deepEqual(Array.from(typed.data.y as Float64Array), [1, 2]);
    const table = aq.table({ code: panel.code, y: panel.y });
    const out = dropUnits(table, "code", [110000]).data;
    assert.equal(out.numRows(), 5);
    const rows = panel.y.map((y, i) => ({ code: panel.code[i], y }));
    assert.deepEqual(dropUnits(rows, "code", [110000, 120000]).data.map((r) => r.y), [4, 5, 6, 7]);
  });

  it("bad input: an empty list, no rule, from after to, text years", () => {
    assert.throws(() => dropUnits(panel, "code", []), OptionsError);
    assert.throws(() => dropUnits(panel, "city", [1]), (e: Error) => e instanceof DataError && /unit column "city"/.test(e.message));
    assert.throws(() => restrictYears(panel, "year", {}), (e: Error) => e instanceof OptionsError && /drop.*from.*to/.test(e.message));
    assert.throws(() => restrictYears(panel, "year", { from: 2022, to: 2020 }), OptionsError);
    assert.throws(() => restrictYears({ year: ["2019", "2020"] }, "year", { to: 2019 }), (e: Error) => e instanceof DataError && /"year".*text "2019" in row 1/.test(e.message));
  });
});

describe("alternative fixed effects are a formula", () => {
  it("`| id + region^year` equals the model with a hand-made region-year column as the fixed effect", () => {
    const panel = readGoldenCsv("unbalanced_panel.csv", ["region"]) as Record<string, (number | string | null)[]>;
    const regionYear = panel.region.map((r, i) => (r === null || panel.year[i] === null ? null : `${r}_${panel.year[i]}`));
    const combined = feols("y ~ x1 + x2 | id + region^year", panel, { vcov: { cluster: "id" } });
    const byHand = feols("y ~ x1 + x2 | id + ry", { ...panel, ry: regionYear }, { vcov: { cluster: "id" } });
    for (const name of ["x1", "x2"]) {
      assertClose(combined.coef[name], byHand.coef[name], 1e-10, `${name} coefficient`);
      assertClose(combined.se[name], byHand.se[name], 1e-10, `${name} se`);
    }
    assert.equal(combined.fixedEffectSizes["region^year"], byHand.fixedEffectSizes.ry);
  });
});
