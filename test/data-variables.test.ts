/**
 * The building blocks of the panel, on small inputs computed by hand (or with R where stated).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { quantile7, quantile7Unsorted, winsorize } from "../lib/toolkit/quantile";
import { entropyIndex } from "../lib/study/variables/entropy";
import { fillShortGaps } from "../lib/study/clean/interpolate";
import { parseNumber } from "../lib/study/clean/numbers";
import { componentFromScore, ieiFromComponents } from "../lib/study/variables/innovation";
import { Rng } from "../lib/random/rng";

test("type-7 quantiles match R: quantile(1:10, c(.01, .5, .99)) = 1.09, 5.5, 9.91", () => {
  const x = Float64Array.from({ length: 10 }, (_, i) => i + 1);
  assert.ok(Math.abs(quantile7(x, 0.01) - 1.09) < 1e-12);
  assert.ok(Math.abs(quantile7(x, 0.5) - 5.5) < 1e-12);
  assert.ok(Math.abs(quantile7(x, 0.99) - 9.91) < 1e-12);
  const shuffled = Float64Array.from([7, 3, 10, 1, 5, 9, 2, 8, 6, 4]);
  assert.ok(Math.abs(quantile7Unsorted(shuffled, 0.99) - 9.91) < 1e-12);
});

test("quickselect quantiles equal sort-based ones on random samples with ties", () => {
  const r = new Rng(5);
  for (let trial = 0; trial < 100; trial++) {
    const n = 1 + r.int(200);
    const xs = Float64Array.from({ length: n }, () => (r.uniform() < 0.3 ? Math.round(r.normal()) : r.normal()));
    const sorted = Float64Array.from(xs).sort();
    for (const p of [0, 0.01, 0.37, 0.99, 1]) assert.equal(quantile7Unsorted(Float64Array.from(xs), p), quantile7(sorted, p));
  }
});

test("winsorizing at 10%/90% of 1..10 clamps to 1.9 and 9.1 and keeps NaN", () => {
  const w = winsorize(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NaN]), 0.1, 0.9);
  assert.ok(Math.abs(w.lo - 1.9) < 1e-12 && Math.abs(w.hi - 9.1) < 1e-12);
  assert.ok(Math.abs(w.values[0] - 1.9) < 1e-12 && Math.abs(w.values[9] - 9.1) < 1e-12);
  assert.equal(w.values[4], 5);
  assert.ok(Number.isNaN(w.values[10]));
  assert.equal(w.changed, 2);
});

test("entropy weights by hand: a constant-share indicator gets weight 0", () => {
  // indicator A = (0, 1, 2) → normalised (0, .5, 1), p = (0, 1/3, 2/3), e = −(1/ln 3)(⅓ln⅓ + ⅔ln⅔) = 0.5794;
  // indicator B = (1, 1, 1) → normalised all 0 (no spread): p undefined → e = 1, d = 0, weight 0
  const { weights, index } = entropyIndex([Float64Array.from([0, 1, 2]), Float64Array.from([1, 1, 1])]);
  assert.ok(Math.abs(weights[0] - 1) < 1e-12 && Math.abs(weights[1]) < 1e-12);
  assert.deepEqual(Array.from(index), [0, 50, 100]);
  // two indicators: A as above, C = (2, 0, 1) → normalised (1, 0, .5): same entropy, equal weights
  const two = entropyIndex([Float64Array.from([0, 1, 2]), Float64Array.from([2, 0, 1])]);
  assert.ok(Math.abs(two.weights[0] - 0.5) < 1e-12);
  assert.deepEqual(Array.from(two.index), [50, 25, 75]);
});

test("short interior gaps are interpolated; long ones and ones at the ends are left", () => {
  const x = Float64Array.from([NaN, 1, NaN, 3, NaN, NaN, 9, NaN, NaN, NaN, 1]);
  const r = fillShortGaps(x, 2);
  assert.ok(Number.isNaN(x[0]));
  assert.equal(x[2], 2);
  assert.equal(x[4], 5);
  assert.equal(x[5], 7);
  assert.ok(Number.isNaN(x[7]) && Number.isNaN(x[9]));
  assert.deepEqual(r.filled.map((f) => f.t), [2, 4, 5]);
  assert.deepEqual(r.unfilled, [{ from: 0, to: 0 }, { from: 7, to: 9 }]);
});

test("numbers printed with thousands separators are read; other text is not a number", () => {
  assert.deepEqual(parseNumber("1,234.5"), { value: 1234.5, separators: true });
  assert.deepEqual(parseNumber(" 12345 "), { value: 12345, separators: false });
  assert.deepEqual(parseNumber("-3.5e2"), { value: -350, separators: false });
  assert.ok(Number.isNaN(parseNumber("")!.value));
  for (const bad of ["1.234,5", "12 345", "n.a.", "1,23", "12,3456", "--1"]) assert.equal(parseNumber(bad), null, bad);
});

test("the innovation index inverts its components: equal scores of 40 give iei = 40", () => {
  const pop = 500;
  const values = [0, 1, 2, 3].map((m) => componentFromScore(m, 40, pop));
  assert.ok(Math.abs(ieiFromComponents(values, pop) - 40) < 1e-9);
  assert.ok(Number.isNaN(ieiFromComponents([1, 2, 0, 4], pop)));
});
