/** Fixed-effect demeaning: exactness with one fixed effect, convergence with several. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Demeaner } from "../lib/absorb/demean";
import { positiveRows, ReweightedColumns } from "../lib/absorb/reweightedColumns";
import { subsetFactor } from "../lib/design/factor";

function factor(name: string, codes: number[]) {
  const rows = Int32Array.from(codes.map((_, i) => i));
  return subsetFactor(name, Int32Array.from(codes), rows);
}

/** A small deterministic pseudo-random sequence (LCG) for test data. */
function sequence(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return out;
}

describe("Demeaner", () => {
  it("one fixed effect: exact group demeaning in one pass", () => {
    const fe = factor("g", [0, 0, 1, 1, 1, 2]);
    const x = Float64Array.from([1, 3, 2, 4, 9, 7]);
    const report = new Demeaner([fe]).demean(x);
    assert.equal(report.iterations, 1);
    const out = new Float64Array(6);
    new Demeaner([fe]).demean(x, out);
    assert.deepEqual(Array.from(out), [-1, 1, -3, -1, 4, 0]);
  });
  it("two unbalanced fixed effects: the result is orthogonal to every dummy (normal equations hold)", () => {
    const n = 3000;
    const u = sequence(n, 7);
    const v = sequence(n, 11);
    const a = Array.from(u, (z) => Math.floor((z + 0.5) * 300)); // 300 unbalanced levels
    const b = Array.from(v, (z) => Math.floor((z + 0.5) ** 2 * 40)); // 40 skewed levels
    const x = sequence(n, 13).map((z, i) => z + a[i] / 50 + b[i] / 10);
    const fa = factor("a", a);
    const fb = factor("b", b);
    const out = new Float64Array(n);
    const report = new Demeaner([fa, fb]).demean(x, out);
    assert.ok(report.converged);
    for (const f of [fa, fb]) {
      const sums = new Float64Array(f.nLevels);
      for (let i = 0; i < n; i++) sums[f.codes[i]] += out[i];
      const worst = Math.max(...Array.from(sums, Math.abs));
      assert.ok(worst < 1e-10, `largest level sum ${worst}`);
    }
  });
  it("balanced two-way panel converges at once", () => {
    const id = [], t = [];
    for (let i = 0; i < 20; i++) for (let s = 0; s < 5; s++) { id.push(i); t.push(s); }
    const x = sequence(100, 3);
    const report = new Demeaner([factor("id", id), factor("t", t)]).demean(x);
    assert.ok(report.iterations <= 1, `iterations ${report.iterations}`);
  });
  it("three fixed effects: residual orthogonal to all three", () => {
    const n = 2000;
    const a = Array.from(sequence(n, 1), (z) => Math.floor((z + 0.5) * 100));
    const b = Array.from(sequence(n, 2), (z) => Math.floor((z + 0.5) * 10));
    const c = a.map((ai, i) => (ai % 10) * 10 + b[i]); // a group-by-b combination
    const fs = [factor("a", a), factor("b", b), factor("c", c)];
    const out = new Float64Array(n);
    new Demeaner(fs).demean(sequence(n, 5), out);
    for (const f of fs) {
      const sums = new Float64Array(f.nLevels);
      for (let i = 0; i < n; i++) sums[f.codes[i]] += out[i];
      assert.ok(Math.max(...Array.from(sums, Math.abs)) < 1e-10);
    }
  });
});

describe("Demeaner with unit-constant weights on a balanced panel", () => {
  it("the closed form equals the general weighted projection (rows with positive weight)", () => {
    const id: number[] = [];
    const t: number[] = [];
    for (let i = 0; i < 30; i++) for (let s = 0; s < 6; s++) { id.push(i); t.push(s); }
    const x = sequence(180, 17);
    const unitWeight = Array.from(sequence(30, 23), (u) => Math.floor((u + 0.5) * 4)); // 0..3 per unit
    const w = Float64Array.from(id, (i) => unitWeight[i]);
    const fast = new Demeaner([factor("id", id), factor("t", t)]);
    fast.setWeights(w);
    const a = new Float64Array(180);
    const report = fast.demean(x, a);
    assert.equal(report.iterations, 1);
    const general = new Demeaner([factor("id", id), factor("t", t), factor("all", id.map(() => 0))]);
    general.setWeights(w);
    const b = new Float64Array(180);
    general.demean(x, b);
    for (let i = 0; i < 180; i++) if (w[i] > 0) assert.ok(Math.abs(a[i] - b[i]) < 1e-9, `row ${i}: ${a[i]} vs ${b[i]}`);
  });
});

describe("Demeaner.demeanRows (many weight vectors on the same columns)", () => {
  const unitWeights = (units: number, seed: number) => Array.from(sequence(units, seed), (u) => Math.floor((u + 0.5) * 4)); // 0..3 per unit
  const check = (factors: ReturnType<typeof factor>[], unit: number[], columns: Float64Array[], seeds: number[]) => {
    const d = new Demeaner(factors);
    const prepared = new ReweightedColumns(columns);
    for (const seed of seeds) {
      const perUnit = unitWeights(Math.max(...unit) + 1, seed);
      const w = Float64Array.from(unit, (u) => perUnit[u]);
      d.setWeights(w);
      const rows = positiveRows(w);
      const out = columns.map(() => new Float64Array(rows.length));
      d.demeanRows(prepared, rows, out);
      columns.forEach((x, k) => {
        const full = new Float64Array(x.length);
        d.demean(x, full);
        rows.forEach((i, j) => assert.ok(Object.is(out[k][j], full[i]), `column ${k}, row ${i}: ${out[k][j]} vs ${full[i]}`));
      });
    }
  };

  it("the balanced cross with unit-constant weights: bit for bit `demean` on the rows of positive weight, for any number of columns", () => {
    const id: number[] = [];
    const t: number[] = [];
    for (let i = 0; i < 30; i++) for (let s = 0; s < 6; s++) { id.push(i); t.push(s); }
    for (const k of [1, 4, 5, 10]) check([factor("id", id), factor("t", t)], id, Array.from({ length: k }, (_, c) => sequence(180, 31 + c)), [23, 24, 25]);
    // the period effect first, the weights constant within the second
    check([factor("t", t), factor("id", id)], id, [sequence(180, 41), sequence(180, 42)], [26]);
  });

  it("other designs (an unbalanced panel, weights varying within both effects, no fixed effects): `demean` in full, then the rows picked", () => {
    const id: number[] = [];
    const t: number[] = [];
    for (let i = 0; i < 30; i++) for (let s = 0; s < 6; s++) if ((i + s) % 7 !== 0) { id.push(i); t.push(s); }
    const n = id.length;
    check([factor("id", id), factor("t", t)], id, [sequence(n, 51), sequence(n, 52), sequence(n, 53)], [27, 28]);
    check([factor("id", id.map((_, i) => i % 30)), factor("t", t)], Array.from(id, (_, i) => i), [sequence(n, 54)], [29]);
    check([], id, [sequence(n, 55), sequence(n, 56)], [30]);
  });
});
