/**
 * The fast paths of the estimation core (issue 7) give what the general code gives.
 * Reference: the general weighted Gauss–Seidel sweep with unit weights (the code path the fast ones
 * replace), the normal equations of the projection, and the general string-keyed factor coding.
 * No timings here: speed is measured by bench/run.ts.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Demeaner } from "../lib/absorb/demean";
import { combineCodes, subsetFactor } from "../lib/design/factor";
import { factorColumn } from "../lib/design/columns";
import { toDataColumns } from "../lib/design/input";
import { uniforms } from "./helpers/random";

function factor(name: string, codes: ArrayLike<number>) {
  const rows = Int32Array.from({ length: codes.length }, (_, i) => i);
  return subsetFactor(name, Int32Array.from(codes), rows);
}

/** Demeaned by the general sweep: unit weights route around the two-fixed-effect fast path. */
function generalDemean(fs: ReturnType<typeof factor>[], x: Float64Array): Float64Array {
  const d = new Demeaner(fs);
  d.setWeights(new Float64Array(x.length).fill(1));
  const out = new Float64Array(x.length);
  assert.ok(d.demean(x, out).converged);
  return out;
}

function maxDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function levelSumsVanish(fs: ReturnType<typeof factor>[], out: Float64Array): void {
  for (const f of fs) {
    const sums = new Float64Array(f.nLevels);
    for (let i = 0; i < out.length; i++) sums[f.codes[i]] += out[i];
    assert.ok(Math.max(...Array.from(sums, Math.abs)) < 1e-9, `${f.name}: largest level sum ${Math.max(...Array.from(sums, Math.abs))}`);
  }
}

describe("two-fixed-effect demeaning fast paths", () => {
  // An unbalanced panel: 400 units × 12 periods with a quarter of the rows removed, rows shuffled.
  const u = uniforms(4800, 3);
  const order = Array.from({ length: 4800 }, (_, i) => i).sort((a, b) => uniforms(1, a + 17)[0] - uniforms(1, b + 17)[0]);
  const kept = order.filter((i) => u[i] > 0.25);
  const unit = kept.map((i) => Math.floor(i / 12));
  const period = kept.map((i) => i % 12);
  const noise = uniforms(kept.length, 9);
  const x = Float64Array.from(kept, (i, k) => Math.floor(i / 12) / 40 + (i % 12) / 3 + noise[k]);

  it("unsorted unbalanced data (direct solve over the small fixed effect) matches the general sweep", () => {
    const fs = [factor("unit", unit), factor("period", period)];
    const out = new Float64Array(x.length);
    const report = new Demeaner(fs).demean(x, out);
    assert.ok(report.converged);
    assert.ok(maxDiff(out, generalDemean(fs, x)) < 1e-10);
    levelSumsVanish(fs, out);
  });

  it("with the many-level fixed effect second (iterated by level blocks) matches the general sweep", () => {
    const fs = [factor("period", period), factor("unit", unit)];
    const out = new Float64Array(x.length);
    assert.ok(new Demeaner(fs).demean(x, out).converged);
    assert.ok(maxDiff(out, generalDemean(fs, x)) < 1e-10);
    levelSumsVanish(fs, out);
  });

  it("a disconnected design (two separate groups of units and periods) is solved exactly", () => {
    // units 0–9 only in periods 0–4, units 10–19 only in periods 5–9, with gaps
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < 20; i++) for (let t = 0; t < 5; t++) if ((i + t) % 4 !== 0) {
      a.push(i);
      b.push(i < 10 ? t : t + 5);
    }
    const fs = [factor("a", a), factor("b", b)];
    const v = uniforms(a.length, 5).map((z, k) => z + a[k] * 0.3 - b[k] * 0.2);
    const out = new Float64Array(v.length);
    assert.ok(new Demeaner(fs).demean(v, out).converged);
    assert.ok(maxDiff(out, generalDemean(fs, v)) < 1e-10);
    levelSumsVanish(fs, out);
  });

  it("a complete balanced cross is demeaned exactly: x − x̄_unit − x̄_period + x̄", () => {
    const a: number[] = [];
    const b: number[] = [];
    for (let t = 0; t < 6; t++) for (let i = 0; i < 30; i++) {
      a.push(i);
      b.push(t);
    }
    const v = uniforms(a.length, 11);
    const out = new Float64Array(v.length);
    const report = new Demeaner([factor("a", a), factor("b", b)]).demean(v, out);
    assert.equal(report.iterations, 1);
    const meanA = new Float64Array(30);
    const meanB = new Float64Array(6);
    let mean = 0;
    for (let k = 0; k < v.length; k++) {
      meanA[a[k]] += v[k] / 6;
      meanB[b[k]] += v[k] / 30;
      mean += v[k] / v.length;
    }
    for (let k = 0; k < v.length; k++) assert.ok(Math.abs(out[k] - (v[k] - meanA[a[k]] - meanB[b[k]] + mean)) < 1e-12);
  });

  // The same panel with its rows sorted by unit, as panels usually arrive: each unit a run of rows.
  const byUnit = Array.from(kept.keys()).sort((p, q) => unit[p] - unit[q] || period[p] - period[q]);
  const sortedFactors = () => [factor("unit", byUnit.map((k) => unit[k])), factor("period", byUnit.map((k) => period[k]))];
  const sortedX = Float64Array.from(byUnit, (k) => x[k]);

  it("rows sorted by the first fixed effect (two passes over level runs) match the general sweep", () => {
    const fs = sortedFactors();
    const out = new Float64Array(sortedX.length);
    const report = new Demeaner(fs).demean(sortedX, out);
    assert.deepEqual(report, { iterations: 1, converged: true });
    assert.ok(maxDiff(out, generalDemean(fs, sortedX)) < 1e-10);
    levelSumsVanish(fs, out);
  });

  it("rows sorted by the first fixed effect: in place, and when the direct solve must hand over to the iteration", () => {
    const fs = sortedFactors();
    const reference = generalDemean(fs, sortedX);
    const inPlace = sortedX.slice();
    new Demeaner(fs).demean(inPlace, inPlace);
    assert.ok(maxDiff(inPlace, reference) < 1e-10);
    // A threshold no rounding can meet forces the hand-over to the iteration.
    const forced = new Float64Array(sortedX.length);
    const report = new Demeaner(fs, { tolerance: 1e-300, maxIterations: 20 }).demean(sortedX, forced);
    // (It may still converge: the sweep can reach an exact floating-point fixed point.)
    assert.ok(report.iterations > 1, `iterations ${report.iterations}`);
    assert.ok(maxDiff(forced, reference) < 1e-10, `max diff ${maxDiff(forced, reference)}`);
    levelSumsVanish(fs, forced);
  });

  it("demeans in place (out = x)", () => {
    const fs = [factor("unit", unit), factor("period", period)];
    const copy = x.slice();
    new Demeaner(fs).demean(copy, copy);
    assert.ok(maxDiff(copy, generalDemean(fs, x)) < 1e-10);
  });
});

describe("factor coding fast paths", () => {
  it("integer codes give the same codes and levels as text keys would", () => {
    const values = [2010, 2008, null, 2009, 2008, NaN, 2012, 2010];
    const fast = factorColumn(toDataColumns({ v: values }), "v");
    const text = factorColumn(toDataColumns({ v: values.map((z) => (z === null || Number.isNaN(z) ? null : `y${z}`)) }), "v");
    assert.deepEqual(Array.from(fast.codes), Array.from(text.codes));
    assert.deepEqual(fast.levels, ["2008", "2009", "2010", "2012"]);
  });

  it("Int32Array and Float64Array columns are coded like arrays of the same numbers", () => {
    const values = [7, 3, 9, 3, 7, 12];
    const plain = factorColumn(toDataColumns({ v: values }), "v");
    for (const typed of [Int32Array.from(values), Float64Array.from(values)]) {
      const f = factorColumn(toDataColumns({ v: typed }), "v");
      assert.deepEqual(Array.from(f.codes), Array.from(plain.codes));
      assert.deepEqual(f.levels, ["3", "7", "9", "12"]);
    }
    const withMissing = factorColumn(toDataColumns({ v: Float64Array.from([2, NaN, 1]) }), "v");
    assert.deepEqual(Array.from(withMissing.codes), [1, -1, 0]);
  });

  it("non-integer numbers fall back to the general path, sorted numerically", () => {
    const f = factorColumn(toDataColumns({ v: Float64Array.from([0.5, -1, 0.5, 10]) }), "v");
    assert.deepEqual(f.levels, ["-1", "0.5", "10"]);
    assert.deepEqual(Array.from(f.codes), [1, 0, 1, 2]);
  });

  it("combined factors number combinations in order of first appearance, with either key store", () => {
    const a = Int32Array.from([0, 1, 0, 1, 2, -1, 0]);
    const b = Int32Array.from([1, 1, 1, 0, 0, 0, 0]);
    assert.deepEqual(Array.from(combineCodes([a, b])), [0, 1, 0, 2, 3, -1, 4]);
    // many levels: the Map path
    const n = 50;
    const big = Int32Array.from({ length: n }, (_, i) => i * 1000);
    const other = Int32Array.from({ length: n }, (_, i) => i % 7);
    const codes = combineCodes([big, other]);
    assert.deepEqual(Array.from(codes), Array.from({ length: n }, (_, i) => i));
  });

  it("a subset that loses a level is renumbered densely with matching counts", () => {
    const f = subsetFactor("g", Int32Array.from([0, 1, 2, 1, 2]), Int32Array.from([0, 2, 4]));
    assert.equal(f.nLevels, 2);
    assert.deepEqual(Array.from(f.codes), [0, 1, 1]);
    assert.deepEqual(Array.from(f.counts), [1, 2]);
  });
});
