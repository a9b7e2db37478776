// Stock-Yogo (2005) critical values: spot checks against a second copy of the tables.
//
// Expected numbers below are read from restatr/ivreg2r, data-raw/stock-yogo-tables.R
// (matrices sy_ivbias5 ... sy_limlsize25, rows = number of excluded instruments K2,
// columns = number of endogenous regressors), a transcription independent of the one in
// lib/diagnostics/stockYogo.ts (which was read from the livreg2 s_cdsy() strings in
// ivreg2's SSC file ivreg210.ado). Both go back to Stock & Yogo (2005): Tables 5.1 (bias), 5.2 (size) and the LIML size table.

import { test } from "node:test";
import assert from "node:assert/strict";
import {
  stockYogoCriticalValues,
  stockYogoLimlSizeCriticalValues,
  STOCK_YOGO_MAX_EXCLUDED,
} from "../lib/diagnostics/stockYogo";

test("2SLS size (Table 5.2) matches the second copy", () => {
  // sy_ivsize10/15/20/25 row 1, column 1: the familiar 16.38 / 8.96 / 6.66 / 5.53
  assert.deepEqual(stockYogoCriticalValues(1, 1).size, { "10%": 16.38, "15%": 8.96, "20%": 6.66, "25%": 5.53 });
  // row 2: n = 1 and n = 2
  assert.equal(stockYogoCriticalValues(1, 2).size?.["10%"], 19.93);
  assert.equal(stockYogoCriticalValues(2, 2).size?.["10%"], 7.03);
  // row 7, sy_ivsize20: 12.48, 9.77
  assert.equal(stockYogoCriticalValues(1, 7).size?.["20%"], 12.48);
  assert.equal(stockYogoCriticalValues(2, 7).size?.["20%"], 9.77);
  // row 12, sy_ivsize15: 23.24, 17.95
  assert.equal(stockYogoCriticalValues(1, 12).size?.["15%"], 23.24);
  assert.equal(stockYogoCriticalValues(2, 12).size?.["15%"], 17.95);
  // row 30: sy_ivsize10 86.17, 63.51; sy_ivsize25 23.65, 18.35
  assert.deepEqual(
    [stockYogoCriticalValues(1, 30).size?.["10%"], stockYogoCriticalValues(2, 30).size?.["10%"]],
    [86.17, 63.51],
  );
  assert.deepEqual(
    [stockYogoCriticalValues(1, 30).size?.["25%"], stockYogoCriticalValues(2, 30).size?.["25%"]],
    [23.65, 18.35],
  );
});

test("2SLS relative bias (Table 5.1) matches the second copy", () => {
  assert.deepEqual(stockYogoCriticalValues(1, 3).bias, { "5%": 13.91, "10%": 9.08, "20%": 6.46, "30%": 5.39 });
  // sy_ivbias10 row 4: 10.27, 7.56
  assert.equal(stockYogoCriticalValues(1, 4).bias?.["10%"], 10.27);
  assert.equal(stockYogoCriticalValues(2, 4).bias?.["10%"], 7.56);
  // sy_ivbias20 row 5: 6.77, 5.91, 4.99
  assert.deepEqual([1, 2, 3].map((n) => stockYogoCriticalValues(n, 5).bias?.["20%"]), [6.77, 5.91, 4.99]);
  // sy_ivbias5 row 10: 20.74, 18.76, 16.80
  assert.deepEqual([1, 2, 3].map((n) => stockYogoCriticalValues(n, 10).bias?.["5%"]), [20.74, 18.76, 16.8]);
  // sy_ivbias30 row 17: 4.56, 4.45, 4.34
  assert.deepEqual([1, 2, 3].map((n) => stockYogoCriticalValues(n, 17).bias?.["30%"]), [4.56, 4.45, 4.34]);
  // row 30: sy_ivbias5 21.42, 20.86, 20.27; sy_ivbias10 11.32, 11.05, 10.77
  assert.deepEqual([1, 2, 3].map((n) => stockYogoCriticalValues(n, 30).bias?.["5%"]), [21.42, 20.86, 20.27]);
  assert.deepEqual([1, 2, 3].map((n) => stockYogoCriticalValues(n, 30).bias?.["10%"]), [11.32, 11.05, 10.77]);
});

test("LIML size matches the second copy", () => {
  assert.deepEqual(stockYogoLimlSizeCriticalValues(1, 1), { "10%": 16.38, "15%": 8.96, "20%": 6.66, "25%": 5.53 });
  assert.equal(stockYogoLimlSizeCriticalValues(1, 2)?.["10%"], 8.68);
  assert.equal(stockYogoLimlSizeCriticalValues(2, 2)?.["10%"], 7.03);
  assert.equal(stockYogoLimlSizeCriticalValues(1, 3)?.["20%"], 3.69);
  assert.equal(stockYogoLimlSizeCriticalValues(2, 3)?.["20%"], 3.32);
  assert.equal(stockYogoLimlSizeCriticalValues(1, 20)?.["15%"], 2.34);
  assert.equal(stockYogoLimlSizeCriticalValues(2, 20)?.["15%"], 2.38);
  assert.equal(stockYogoLimlSizeCriticalValues(2, 30)?.["25%"], 1.75);
  assert.equal(stockYogoLimlSizeCriticalValues(2, 1), undefined);
  assert.equal(stockYogoLimlSizeCriticalValues(3, 5), undefined);
});

test("untabulated cases return undefined", () => {
  // bias needs K2 >= nEndog + 2
  assert.equal(stockYogoCriticalValues(1, 1).bias, undefined);
  assert.equal(stockYogoCriticalValues(1, 2).bias, undefined);
  assert.equal(stockYogoCriticalValues(2, 3).bias, undefined);
  assert.equal(stockYogoCriticalValues(3, 4).bias, undefined);
  assert.notEqual(stockYogoCriticalValues(3, 5).bias, undefined);
  // size: two endogenous regressors need two instruments; no table for three
  assert.equal(stockYogoCriticalValues(2, 1).size, undefined);
  assert.equal(stockYogoCriticalValues(3, 10).size, undefined);
  // outside the published range or not a count
  for (const [n, k] of [[4, 10], [0, 3], [1, 0], [1, STOCK_YOGO_MAX_EXCLUDED + 1], [1, 31], [1.5, 3], [1, 2.5], [-1, 3], [Number.NaN, 3]]) {
    const cv = stockYogoCriticalValues(n, k);
    assert.equal(cv.size, undefined, `size(${n}, ${k})`);
    assert.equal(cv.bias, undefined, `bias(${n}, ${k})`);
  }
});

test("2SLS size critical values rise with the number of instruments (no shifted rows)", () => {
  for (const n of [1, 2]) {
    let prev = 0;
    for (let k = n; k <= STOCK_YOGO_MAX_EXCLUDED; k++) {
      const s = stockYogoCriticalValues(n, k).size;
      assert.ok(s !== undefined, `size(${n}, ${k}) tabulated`);
      assert.ok(s["10%"] > prev, `size 10% increasing at (${n}, ${k})`);
      assert.ok(s["10%"] > s["15%"] && s["15%"] > s["20%"] && s["20%"] > s["25%"], `size ordering at (${n}, ${k})`);
      prev = s["10%"];
    }
  }
  for (const n of [1, 2, 3]) {
    for (let k = n + 2; k <= STOCK_YOGO_MAX_EXCLUDED; k++) {
      const b = stockYogoCriticalValues(n, k).bias;
      assert.ok(b !== undefined, `bias(${n}, ${k}) tabulated`);
      assert.ok(b["5%"] > b["10%"] && b["10%"] > b["20%"] && b["20%"] > b["30%"], `bias ordering at (${n}, ${k})`);
    }
  }
});
