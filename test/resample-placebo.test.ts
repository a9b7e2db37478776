/** Placebo (permutation) test: permutation schemes, determinism, and behaviour on known truths. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Rng } from "../lib/random/rng";
import { DataError, feols, OptionsError, PreparedModel } from "../lib/index";
import { placeboTest, seriesPermuter, withinPermuter } from "../lib/resample/placebo";
import { assertClose } from "./helpers/golden";

/** A balanced panel of `units` × `years` with city and year effects and y = beta·x + …; x is persistent. */
function panel(units: number, years: number, beta: number, seed: number, skip?: (u: number, t: number) => boolean) {
  const rng = new Rng(seed);
  const code: number[] = [];
  const year: number[] = [];
  const x: number[] = [];
  const w: number[] = [];
  const y: number[] = [];
  const yearEffect = Array.from({ length: years }, () => rng.normal());
  for (let u = 0; u < units; u++) {
    const a = rng.normal();
    let level = rng.normal();
    for (let t = 0; t < years; t++) {
      level = 0.7 * level + rng.normal();
      if (skip?.(u, t)) continue;
      const xv = 0.5 * a + level;
      const wv = rng.normal();
      code.push(100000 + u);
      year.push(2007 + t);
      x.push(xv);
      w.push(wv);
      y.push(beta * xv + 0.3 * wv + a + yearEffect[t] + rng.normal());
    }
  }
  return { code, year, x, w, y };
}

describe("placebo test: permutation schemes", () => {
  it("series permutation gives every unit the whole time path of another unit (a bijection)", () => {
    const data = panel(12, 6, 0, 1);
    const model = new PreparedModel("y ~ x + w | code + year", data);
    const x = model.numeric("x");
    const codes = model.codes("code").codes;
    const out = new Float64Array(x.length);
    seriesPermuter(model, "code", "year").apply(x, out, new Rng(3));
    const series = (values: Float64Array, unit: number) => Array.from(values).filter((_, i) => codes[i] === unit).join(",");
    const original = Array.from({ length: 12 }, (_, u) => series(x, u));
    const permuted = Array.from({ length: 12 }, (_, u) => series(out, u));
    assert.deepEqual(permuted.slice().sort(), original.slice().sort(), "the same series, reassigned");
    assert.ok(permuted.some((s, u) => s !== original[u]), "some unit received another's series");
  });

  it("in an unbalanced panel units are permuted only among units with the same periods; unique ones stay put", () => {
    // units 0–2 miss 2009 (t = 2), unit 3 misses 2008 and 2009: a unique pattern.
    const data = panel(8, 6, 0, 2, (u, t) => (u <= 2 && t === 2) || (u === 3 && (t === 1 || t === 2)));
    const model = new PreparedModel("y ~ x + w | code + year", data);
    const permuter = seriesPermuter(model, "code", "year");
    assert.equal(permuter.fixedUnits, 1);
    const x = model.numeric("x");
    const out = new Float64Array(x.length);
    permuter.apply(x, out, new Rng(5));
    const codes = model.codes("code").codes;
    for (let i = 0; i < x.length; i++) if (codes[i] === 3) assert.equal(out[i], x[i], "unit 3 keeps its own series");
    const pattern = (u: number) => Array.from(out).filter((_, i) => codes[i] === u);
    for (const u of [0, 1, 2]) assert.equal(pattern(u).length, 5);
  });

  it("within-year permutation keeps each year's values (as a multiset)", () => {
    const data = panel(10, 5, 0, 3);
    const model = new PreparedModel("y ~ x + w | code + year", data);
    const x = model.numeric("x");
    const years = model.numeric("year");
    const out = new Float64Array(x.length);
    withinPermuter(model, "year").apply(x, out, new Rng(8));
    for (const t of new Set(years)) {
      const before = Array.from(x).filter((_, i) => years[i] === t).sort();
      const after = Array.from(out).filter((_, i) => years[i] === t).sort();
      assert.deepEqual(after, before, `year ${t}`);
    }
    assert.ok(out.some((v, i) => v !== x[i]));
  });
});

describe("placebo test: results", () => {
  const effect = panel(60, 10, 0.5, 11);
  const formula = "y ~ x + w | code + year";

  it("with a true effect the placebo estimates centre on zero and the real one is beyond all of them", () => {
    const pl = placeboTest({ data: effect, formula, coef: "x", vcov: { cluster: "code" }, draws: 199, seed: 1 });
    const real = feols(formula, effect, { vcov: { cluster: "code" } });
    assertClose(pl.estimate, real.coef.x, 1e-12, "real estimate");
    assertClose(pl.tstat, real.tstat.x, 1e-12, "real t");
    assert.ok(Math.abs(pl.mean) < 0.25 * pl.sd + 0.01, `placebo mean ${pl.mean}, sd ${pl.sd}`);
    assert.ok(Math.abs(pl.estimate) > 5 * pl.sd, "the real estimate is far in the tail");
    assert.equal(pl.p, 1 / 200, "p = (1 + 0)/(1 + 199)");
    assert.equal(pl.pT, 1 / 200);
    assert.equal(pl.placebo.length, 199);
    assert.equal(pl.placeboT?.length, 199);
    assert.match(pl.description, /199 draws \(seed 1\)/);
  });

  it("p is (1 + #{|b*| ≥ |b|})/(1 + draws), and is not small when there is no effect", () => {
    const none = panel(60, 10, 0, 12);
    const pl = placeboTest({ data: none, formula, coef: "x", draws: 199, seed: 2, tstats: false });
    let hits = 0;
    for (const b of pl.placebo) if (Math.abs(b) >= Math.abs(pl.estimate)) hits++;
    assert.equal(pl.p, (1 + hits) / 200);
    assert.ok(pl.p > 0.05, `p = ${pl.p} under no effect`);
    assert.equal(pl.placeboT, undefined);
  });

  it("each placebo coefficient is what feols gives on the permuted data", () => {
    const pl = placeboTest({ data: effect, formula, coef: "x", draws: 3, seed: 9, tstats: true, vcov: { cluster: "code" } });
    const model = new PreparedModel(formula, effect, { vcov: { cluster: "code" } });
    const x = model.numeric("x");
    const out = new Float64Array(x.length);
    const rng = new Rng(9);
    const permuter = seriesPermuter(model, "code", "year");
    for (let b = 0; b < 3; b++) {
      permuter.apply(x, out, rng);
      const fit = feols(formula, { ...effect, x: Array.from(out) }, { vcov: { cluster: "code" } });
      assertClose(pl.placebo[b], fit.coef.x, 1e-9, `draw ${b} coefficient`);
      assertClose((pl.placeboT as Float64Array)[b], fit.tstat.x, 1e-9, `draw ${b} t`);
    }
  });

  it("the same seed gives the same placebo draws byte for byte; another seed does not", () => {
    const a = placeboTest({ data: effect, formula, coef: "x", draws: 50, seed: 77 });
    const b = placeboTest({ data: effect, formula, coef: "x", draws: 50, seed: 77 });
    const c = placeboTest({ data: effect, formula, coef: "x", draws: 50, seed: 78 });
    assert.deepEqual(Buffer.from(a.placebo.buffer), Buffer.from(b.placebo.buffer));
    assert.deepEqual(Buffer.from((a.placeboT as Float64Array).buffer), Buffer.from((b.placeboT as Float64Array).buffer));
    assert.notDeepEqual(Buffer.from(a.placebo.buffer), Buffer.from(c.placebo.buffer));
  });

  it("within-year permutation also puts a true effect in the tail", () => {
    const pl = placeboTest({ data: effect, formula, coef: "x", draws: 99, seed: 4, permuteWithin: "year", tstats: false });
    assert.equal(pl.scheme, "within:year");
    assert.equal(pl.p, 1 / 100);
    assert.ok(Math.abs(pl.mean) < 0.25 * pl.sd + 0.01);
  });
});

describe("placebo test: bad input", () => {
  const data = panel(10, 4, 0.5, 5);
  it("a coefficient that is not a plain regressor is named", () => {
    assert.throws(() => placeboTest({ data, formula: "y ~ x + w | code + year", coef: "v", seed: 1 }), (e: Error) => e instanceof OptionsError && /"v" is not a plain regressor.*x, w/.test(e.message));
    assert.throws(() => placeboTest({ data, formula: "y ~ x + x:w | code + year", coef: "x", seed: 1 }), (e: Error) => e instanceof OptionsError && /also enters a product/.test(e.message));
  });
  it("a missing seed or bad draws are refused", () => {
    assert.throws(() => placeboTest({ data, formula: "y ~ x + w | code + year", coef: "x", seed: undefined as unknown as number }), (e: Error) => e instanceof OptionsError && /seed/.test(e.message));
    assert.throws(() => placeboTest({ data, formula: "y ~ x + w | code + year", coef: "x", seed: 1, draws: 0 }), (e: Error) => e instanceof OptionsError && /draws/.test(e.message));
  });
  it("two rows for the same unit and year are named", () => {
    const dup = { ...data, code: data.code.slice(), year: data.year.slice() };
    dup.year[1] = dup.year[0];
    assert.throws(() => placeboTest({ data: dup, formula: "y ~ x + w | code", coef: "x", seed: 1 }), (e: Error) => e instanceof DataError && /code = 100000 has two rows for year = 2007/.test(e.message));
  });
});
