/**
 * Refits that reuse the work of earlier ones (lastResults.ts, extendBasis, leastSquaresOn) give the
 * very numbers — bit for bit — of the same computation done afresh, so a seeded Monte Carlo prints
 * the same digits whichever refits came before.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PreparedModel, isIvResult } from "../lib/index";
import { LastResults } from "../lib/estimate/lastResults";
import { leastSquares, leastSquaresOn } from "../lib/solve/leastSquares";
import { extendBasis, orthogonalBasis } from "../lib/solve/orthogonalize";
import { Rng } from "../lib/random/rng";
import { simulatePanel } from "../lib/study/simulate/panel";

function columns(n: number, k: number, seed: number): Float64Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: k }, () => Float64Array.from({ length: n }, () => rng.normal()));
}

const ss = (x: Float64Array) => x.reduce((s, v) => s + v * v, 0);

describe("extendBasis and leastSquaresOn", () => {
  it("carrying a basis on gives the basis of the whole list, a collinear column dropped", () => {
    const [a, b, c, z1, z2] = columns(200, 5, 7);
    const collinear = Float64Array.from(a, (v, i) => 2 * v - b[i]);
    const prefix = orthogonalBasis([a, b, collinear, c], [a, b, collinear, c].map(ss));
    assert.deepEqual(prefix.dropped, [2]);
    const whole = orthogonalBasis([a, b, c, z1, z2], [a, b, c, z1, z2].map(ss));
    const extended = extendBasis(prefix, [z1, z2], [z1, z2].map(ss));
    assert.deepEqual(extended.kept, whole.kept);
    assert.deepEqual(extended.norms, whole.norms);
    assert.deepEqual(extended.r, whole.r);
    extended.basis.forEach((v, k) => assert.deepEqual(v, whole.basis[k]));
  });

  it("least squares on a shared basis equals least squares, and reading Q leaves the basis as it was", () => {
    const X = columns(150, 4, 11);
    const [y] = columns(150, 1, 12);
    const basis = orthogonalBasis(X, X.map(ss));
    const before = basis.basis.map((v) => Float64Array.from(v));
    const shared = leastSquaresOn(basis, y);
    const fresh = leastSquares(X, y, X.map(ss));
    assert.deepEqual(shared.coef, fresh.coef);
    assert.deepEqual(shared.bread, fresh.bread);
    assert.deepEqual(shared.residuals, fresh.residuals);
    shared.q.forEach((q, k) => assert.deepEqual(q, fresh.q[k]));
    basis.basis.forEach((v, k) => assert.deepEqual(v, before[k]));
  });
});

describe("LastResults", () => {
  it("recomputes when any key element is another object or number, and reuses otherwise", () => {
    const memo = new LastResults();
    const [x, y] = columns(3, 2, 1);
    let calls = 0;
    const f = () => ++calls;
    assert.equal(memo.get("s", [x, 1], f), 1);
    assert.equal(memo.get("s", [x, 1], f), 1);
    assert.equal(memo.get("s", [y, 1], f), 2);
    assert.equal(memo.get("s", [y, 2], f), 3);
    assert.equal(memo.get("t", [y, 2], f), 4);
  });
});

describe("PreparedModel.refit reusing its last refits", () => {
  const first = simulatePanel(undefined, 3);
  const second = simulatePanel(undefined, 4);
  const formula = "shrink ~ lnpgdp + gov | code + year | ai ~ ai_iv";
  const names = ["shrink", "ai", "ai_iv", "lnpgdp", "gov"];
  const onSample = (panel: Record<string, unknown>, rows: Int32Array) =>
    Object.fromEntries(names.map((n) => [n, Float64Array.from(rows, (r) => (panel[n] as Float64Array)[r])]));
  const numbers = (fit: unknown) => {
    assert.ok(isIvResult(fit as never));
    const f = fit as ReturnType<PreparedModel["refit"]> & { firstStage: Record<string, { waldF: { stat: number }; partialF: { stat: number } }> };
    return { coef: f.coef, se: f.se, residuals: Array.from(f.residuals), waldF: f.firstStage.ai.waldF.stat, partialF: f.firstStage.ai.partialF.stat };
  };

  it("gives, refit after refit, what a freshly prepared model gives — also when an array is rewritten in place", () => {
    const reused = new PreparedModel(formula, first, { vcov: { cluster: "code" } });
    const rows = reused.frame.rows;
    const clean = onSample(second, rows);
    const noisy = { ...clean, ai_iv: Float64Array.from(clean.ai_iv, (v, i) => v + Math.sin(i)) };
    const steps: [Record<string, Float64Array>, "iid" | undefined][] = [
      [clean, undefined],
      [clean, "iid"],
      [{ ...clean, shrink: onSample(second, rows).ai }, "iid"],
      [noisy, undefined],
      [clean, undefined],
    ];
    for (const [columns, vcov] of steps) {
      const fresh = new PreparedModel(formula, first, { vcov: { cluster: "code" } });
      const options = vcov ? { vcov } : {};
      assert.deepEqual(numbers(reused.refit(columns, options)), numbers(fresh.refit(columns, options)));
    }
    clean.gov.reverse(); // the same array, other values: the demeaned column must not come from the last refit
    const fresh = new PreparedModel(formula, first, { vcov: { cluster: "code" } });
    assert.deepEqual(numbers(reused.refit(clean)), numbers(fresh.refit(clean)));
  });
});
