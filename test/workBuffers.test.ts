/**
 * Pooled work arrays (lib/linalg/workBuffers): reused between estimations, zeroed when lent, and
 * never part of a result — a later fit must not change an earlier fit's numbers.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { feols } from "../lib/index";
import { MIN_POOLED_LENGTH, pooledBytes, releaseWorkBuffers, withWorkBuffers } from "../lib/linalg/workBuffers";
import { uniforms } from "./helpers/random";

describe("work buffers", () => {
  const n = MIN_POOLED_LENGTH + 1000;

  it("lends a returned array again, zero-filled; small arrays are not pooled", () => {
    releaseWorkBuffers();
    let first: Float64Array | undefined;
    withWorkBuffers((allocate) => {
      first = allocate(n);
      first.fill(7);
    });
    assert.equal(pooledBytes(), n * 8);
    withWorkBuffers((allocate) => {
      const again = allocate(n);
      assert.equal(again, first);
      assert.ok(again.every((v) => v === 0));
      const other = allocate(n); // the pool has one; a second is new
      assert.notEqual(other, first);
      const small = allocate(10);
      assert.equal(small.length, 10);
    });
    assert.equal(pooledBytes(), 2 * n * 8);
    releaseWorkBuffers();
    assert.equal(pooledBytes(), 0);
  });

  it("keeps codes (Int32Array) and values (Float64Array) apart", () => {
    releaseWorkBuffers();
    let codes: Int32Array | undefined;
    withWorkBuffers((_allocate, allocateCodes) => {
      codes = allocateCodes(n);
      codes.fill(-1);
    });
    withWorkBuffers((allocate, allocateCodes) => {
      const values = allocate(n);
      assert.ok(values instanceof Float64Array);
      const again = allocateCodes(n);
      assert.equal(again, codes);
      assert.ok(again.every((v) => v === 0));
    });
    releaseWorkBuffers();
  });

  it("takes the arrays back when the work throws", () => {
    releaseWorkBuffers();
    assert.throws(() =>
      withWorkBuffers((allocate) => {
        allocate(n);
        throw new Error("boom");
      }),
    /boom/);
    assert.equal(pooledBytes(), n * 8);
    releaseWorkBuffers();
  });

  it("an OLS fit's residuals and estimates survive later fits that reuse the pool", () => {
    releaseWorkBuffers();
    const units = 5000;
    const years = 8;
    const rows = units * years;
    assert.ok(rows >= MIN_POOLED_LENGTH, "the panel must be large enough to use the pool");
    const unit = Int32Array.from({ length: rows }, (_, i) => Math.floor(i / years));
    const year = Int32Array.from({ length: rows }, (_, i) => i % years);
    const noise = uniforms(rows * 3, 42);
    const x = Float64Array.from({ length: rows }, (_, i) => noise[i] + unit[i] / units);
    const y1 = Float64Array.from({ length: rows }, (_, i) => 0.5 * x[i] + noise[rows + i] + year[i] / 10);
    const y2 = Float64Array.from({ length: rows }, (_, i) => -2 * x[i] + noise[2 * rows + i]);
    // Drop a few rows so the demeaning takes the unbalanced path.
    const keep = (i: number) => i % 17 !== 3;
    const data = (y: Float64Array) => ({
      unit: unit.filter((_, i) => keep(i)),
      year: year.filter((_, i) => keep(i)),
      x: x.filter((_, i) => keep(i)),
      y: y.filter((_, i) => keep(i)),
    });
    const first = feols("y ~ x | unit + year", data(y1), { vcov: { cluster: "unit" } });
    const residuals = first.residuals.slice();
    const coef = first.coef.x;
    const se = first.se.x;
    assert.ok(pooledBytes() > 0, "the fit should have returned work arrays to the pool");
    const second = feols("y ~ x | unit + year", data(y2), { vcov: { cluster: "unit" } });
    assert.ok(Math.abs(second.coef.x + 2) < 0.1);
    assert.deepEqual(first.residuals, residuals);
    assert.equal(first.coef.x, coef);
    assert.equal(first.se.x, se);
    // And the same fit again gives the same bytes.
    const again = feols("y ~ x | unit + year", data(y1), { vcov: { cluster: "unit" } });
    assert.deepEqual(again.residuals, residuals);
    assert.equal(again.coef.x, coef);
    releaseWorkBuffers();
  });
});
