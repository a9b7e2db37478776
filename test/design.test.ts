/** The design step: data forms, missing values, singletons and expansions. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as aq from "arquero";
import { feols } from "../lib/index";
import { dropSingletons } from "../lib/design/singletons";
import { readGoldenCsv } from "./helpers/golden";

const grunfeld = readGoldenCsv("grunfeld.csv");

describe("the three data forms give the same fit", () => {
  const columns = grunfeld as Record<string, number[]>;
  const rows = columns.inv.map((_, i) => Object.fromEntries(Object.keys(columns).map((k) => [k, columns[k][i]])));
  const table = aq.table(columns);
  const formula = "inv ~ value + capital | firm + year";
  const reference = feols(formula, columns, { vcov: { cluster: "firm" } });
  it("array of row objects", () => {
    assert.deepEqual(feols(formula, rows, { vcov: { cluster: "firm" } }).coef, reference.coef);
  });
  it("arquero table", () => {
    const fit = feols(formula, table, { vcov: { cluster: "firm" } });
    assert.deepEqual(fit.coef, reference.coef);
    assert.deepEqual(fit.se, reference.se);
  });
  it("typed-array columns", () => {
    const typed = Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, Float64Array.from(v)]));
    assert.deepEqual(feols(formula, typed).coef, feols(formula, columns).coef);
  });
  it("string fixed-effect codes give the same fit as numeric ones", () => {
    const named = { ...columns, firm: columns.firm.map((f) => `firm-${f}`) };
    const fit = feols(formula, named, { vcov: { cluster: "firm" } });
    assert.deepEqual(fit.coef, reference.coef);
    assert.deepEqual(fit.se, reference.se);
  });
});

describe("missing values", () => {
  it("null, undefined, NaN and empty strings are dropped and counted", () => {
    const y = grunfeld.inv.slice() as (number | null | undefined | string)[];
    y[3] = null;
    y[10] = NaN;
    y[20] = "";
    y[30] = undefined;
    const fit = feols("inv ~ value + capital", { ...grunfeld, inv: y });
    assert.equal(fit.nobs, 196);
    assert.deepEqual(fit.dropped, { missing: 4, singletons: 0 });
    assert.ok(!fit.rows.includes(3) && !fit.rows.includes(30));
  });
  it("a missing cluster value drops the row", () => {
    const firm = grunfeld.firm.slice();
    firm[0] = null;
    const fit = feols("inv ~ value", { ...grunfeld, firm }, { vcov: { cluster: "firm" } });
    assert.equal(fit.dropped.missing, 1);
  });
});

describe("singletons", () => {
  it("are removed repeatedly until none is left (a cascade over two fixed effects)", () => {
    // rows: id  a a b c c d ; t 1 2 1 2 3 3 — b is a singleton; then t=1 has one row (a,1)...
    const id = Int32Array.from([0, 0, 1, 2, 2, 3, 3]);
    const t = Int32Array.from([0, 1, 0, 1, 2, 2, 1]);
    const keep = new Uint8Array(7).fill(1);
    const { removed, counts } = dropSingletons([{ codes: id, nLevels: 4 }, { codes: t, nLevels: 3 }], keep);
    // round 1: id 1 (row 2); round 2: t 0 now only row 0 → row 0; round 3: id 0 has row 1 only → row 1;
    // then t 1 has rows 3 and 6, t 2 rows 4 and 5, ids 2 and 3 two rows each: stop.
    assert.equal(removed, 3);
    assert.deepEqual(Array.from(keep), [0, 0, 0, 1, 1, 1, 1]);
    // The level counts describe the rows kept.
    assert.deepEqual(Array.from(counts[0]), [0, 0, 2, 2]);
    assert.deepEqual(Array.from(counts[1]), [0, 2, 2]);
  });
  it('are kept with singletons: "keep"', () => {
    const data = { y: [1, 2, 3, 4, 9], x: [2, 1, 3, 5, 4], id: [1, 1, 2, 2, 3] };
    assert.deepEqual(feols("y ~ x | id", data).dropped, { missing: 0, singletons: 1 });
    assert.deepEqual(feols("y ~ x | id", data, { singletons: "keep" }).dropped, { missing: 0, singletons: 0 });
    assert.equal(feols("y ~ x | id", data, { singletons: "keep" }).coef.x, feols("y ~ x | id", data).coef.x);
  });
});

describe("the sample's rows", () => {
  it("list every input row when none is dropped, and the kept rows otherwise", () => {
    const full = { y: [1, 2, 3, 4, 9, 2], x: [2, 1, 3, 5, 4, 1], id: [1, 1, 2, 2, 3, 3] };
    assert.deepEqual(Array.from(feols("y ~ x | id", full).rows), [0, 1, 2, 3, 4, 5]);
    // Row 1 has a missing x; then id 1 is a singleton (row 0).
    const holes = { y: [1, 2, 3, 4, 9, 2], x: [2, null, 3, 5, 4, 1], id: [1, 1, 2, 2, 3, 3] };
    const fit = feols("y ~ x | id", holes);
    assert.deepEqual(fit.dropped, { missing: 1, singletons: 1 });
    assert.deepEqual(Array.from(fit.rows), [2, 3, 4, 5]);
    assert.equal(fit.rows, fit.rows, "listed once");
  });
});

describe("expansions", () => {
  it("i(year, v) gives one column for every year, keyed year::t:v (fixest 0.12.1)", () => {
    const fit = feols("inv ~ capital + i(year, value) | firm", grunfeld);
    assert.equal(fit.coefNames.length, 1 + 20);
    assert.equal(fit.coefNames[1], "year::1935:value");
  });
  it("i(year, v, ref = 1940) moves the reference level", () => {
    const fit = feols("inv ~ i(year, value, ref = 1940) | firm", grunfeld);
    assert.ok("year::1935:value" in fit.coef && !("year::1940:value" in fit.coef));
  });
  it("x1:x2 is the product, keyed x1:x2", () => {
    const product = (grunfeld.value as number[]).map((v, i) => v * (grunfeld.capital[i] as number));
    const a = feols("inv ~ value:capital", grunfeld);
    const b = feols("inv ~ vc", { ...grunfeld, vc: product });
    assert.equal(a.coef["value:capital"], b.coef.vc);
  });
  it("a collinear regressor is dropped with a note naming it, never a NaN", () => {
    const double = (grunfeld.value as number[]).map((v) => 2 * v);
    const fit = feols("inv ~ value + capital + value2", { ...grunfeld, value2: double });
    assert.deepEqual(fit.collinear, ["value2"]);
    assert.match(fit.summary(), /"value2" was removed because of collinearity/);
    assert.ok(Object.values(fit.se).every(Number.isFinite));
  });
});
