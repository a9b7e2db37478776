/**
 * Formula functions (log, exp, sqrt, abs, I), i() and stepwise estimation against R fixest 0.12.1:
 * test/golden/formula_r.json, made by test/golden/make_formula_golden.R from spatial_panel.csv (the
 * parity panel, origin in test/golden/README-parity.md). Every figure at relative 1e-8 (p-values
 * below 1e-10 at 1e-4); the parity cases spatial_i_noref and spatial_i_ref of fixest_parity.json too.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { feols, FormulaError, KitError, parseFormula } from "../lib/index";
import type { FeolsResult } from "../lib/result/fit";
import { assertClose, readGolden, readGoldenCsv } from "./helpers/golden";

const golden = readGolden("formula_r.json");
const parity = readGolden("fixest_parity.json");
const spatial = readGoldenCsv("spatial_panel.csv");
const data = { ...spatial, k: golden.extra_columns.k as number[], cst: golden.extra_columns.cst as number[] };

interface Figure {
  estimate: number;
  se: number;
  t: number;
  p: number;
}
interface Want {
  want: { coefficients: Record<string, Figure>; nobs: number; r2: number; r2Within?: number };
  dof_K: number;
  t_df: number;
  collinear: string[];
  dropped?: { missing: number; infinite: number; singletons: number };
}

/**
 * Every figure of one fixest fit; fixest names an instrumented regressor fit_x, the kit keeps x.
 * R puts products after main effects (terms() orders by degree); the kit keeps formula order, so
 * with a product term only the set of terms is compared.
 */
function assertFit(fit: FeolsResult, c: Want): void {
  const want = c.want;
  const wanted = Object.keys(want.coefficients).map((k) => k.replace(/^fit_/, ""));
  const order = wanted.some((k) => k.includes(":") && !k.includes("::")) ? (a: string[]) => [...a].sort() : (a: string[]) => a;
  assert.deepEqual(order(Object.keys(fit.coef)), order(wanted), "terms and their order");
  for (const [name, w] of Object.entries(want.coefficients)) {
    const term = name.replace(/^fit_/, "");
    assertClose(fit.coef[term], w.estimate, 1e-8, `${term} estimate`);
    assertClose(fit.se[term], w.se, 1e-8, `${term} se`);
    assertClose(fit.tstat[term], w.t, 1e-8, `${term} t`);
    assertClose(fit.pvalue[term], w.p, w.p < 1e-10 ? 1e-4 : 1e-8, `${term} p`);
  }
  assert.equal(fit.nobs, want.nobs);
  assertClose(fit.r2, want.r2, 1e-8, "r2");
  if (want.r2Within !== undefined) assertClose(fit.r2Within as number, want.r2Within, 1e-8, "r2Within");
  assert.equal(fit.dofK, c.dof_K, "dof K");
  assert.equal(fit.dfT, c.t_df, "t df");
  assert.deepEqual(fit.collinear, c.collinear, "collinear terms");
  if (c.dropped) {
    const { missing, infinite, singletons } = c.dropped;
    assert.deepEqual(fit.dropped, { missing, singletons, ...(infinite > 0 ? { infinite } : {}) }, "dropped rows");
  }
}

const single = Object.entries(golden.cases as Record<string, any>).filter(([, c]) => !c.fits);
const stepwise = Object.entries(golden.cases as Record<string, any>).filter(([, c]) => c.fits);

describe("formula functions and i() match fixest 0.12.1 (formula_r.json)", () => {
  for (const [name, c] of single) {
    it(`${name}: ${c.formula} (${c.note})`, () => assertFit(feols(c.formula, data, c.options) as FeolsResult, c));
  }
});

describe("i(f, v) keeps every level (fixest_parity.json)", () => {
  for (const name of ["spatial_i_noref", "spatial_i_ref"]) {
    it(`${name}: ${parity.cases[name].formula}`, () => {
      const c = parity.cases[name];
      assertFit(feols(c.formula, spatial, c.options), { ...c, collinear: [] });
    });
  }
});

describe("stepwise estimation matches fixest 0.12.1 (formula_r.json)", () => {
  for (const [name, c] of stepwise) {
    it(`${name}: ${c.formula} gives fixest's fits, names and order`, () => {
      const fits = feols(c.formula as string, data, c.options) as unknown as FeolsResult[] & { names: string[] };
      assert.ok(Array.isArray(fits));
      assert.deepEqual(fits.names, c.names);
      assert.equal(fits.length, c.fits.length);
      fits.forEach((fit, k) => assertFit(fit, c.fits[k]));
    });
  }
  it("a literal stepwise formula is typed as a list of fits", () => {
    const fits = feols("y ~ x2 + csw0(x1, x1:x2)", data);
    assert.deepEqual(fits.names, ["rhs: x2", "rhs: x2 + x1", "rhs: x2 + x1 + x1:x2"]);
    assert.deepEqual(fits.formulas, ["y ~ x2", "y ~ x2 + x1", "y ~ x2 + x1 + x1:x2"]);
  });
});

describe("formula functions: names and bad input", () => {
  it("names terms as R deparses them (fixest's coefficient names)", () => {
    const f = parseFormula("log(y) ~ I(x1/2-(x2+1)^2) + I(1e3*x) + I(0.50*x) + I(x^-1) + I(1e5 * x) + exp(-x)");
    assert.equal(f.response, "log(y)");
    assert.deepEqual(Object.keys(f.computed), ["log(y)", "I(x1/2 - (x2 + 1)^2)", "I(1000 * x)", "I(0.5 * x)", "I(x^-1)", "I(1e+05 * x)", "exp(-x)"]);
  });
  it("an unknown function is a FormulaError listing the supported ones, with a caret under it", () => {
    assert.throws(
      () => feols("y ~ x1 + square(x2)", data),
      (e: unknown) => e instanceof FormulaError && e instanceof KitError && e.position === 9 && /Unknown function "square\(\)"/.test(e.message) && /log\(\), exp\(\), sqrt\(\), abs\(\), I\(\)/.test(e.message),
    );
    assert.throws(() => feols("y ~ log(pmax(x1, 0))", data), (e: unknown) => e instanceof FormulaError && e.position === 8);
  });
  it("a column missing inside a function is a FormulaError pointing at it", () => {
    assert.throws(() => feols("y ~ log(x1 + density)", data), (e: unknown) => e instanceof FormulaError && e.position === 13 && /"density"/.test(e.message));
  });
  it("log() of a non-positive value: rows removed and counted as fixest does (NaN as missing, −∞ as infinite), no error", () => {
    const fit = feols("y ~ log(k) + x2 | code + year", data, { vcov: { cluster: "code" } });
    assert.deepEqual(fit.dropped, { missing: 324, singletons: 2, infinite: 95 });
    assert.ok(fit.summary().includes("95 (infinite)"));
    assert.ok(Object.values(fit.coef).every(Number.isFinite));
  });
  it("arithmetic outside I() is refused with a hint", () => {
    assert.throws(() => parseFormula("y ~ x1 * x2"), (e: unknown) => e instanceof FormulaError && /I\(x1 \* x2\)/.test(e.message));
  });
  it("two stepwise functions in one part is an error, as in fixest", () => {
    assert.throws(() => feols("y ~ csw(x1, x2) + sw(k, cst)", data), (e: unknown) => e instanceof FormulaError && /more than one stepwise/.test(e.message) && e.position === 18);
  });
  it("a ref level that the factor lacks is a FormulaError naming it", () => {
    assert.throws(() => feols("y ~ i(year, x1, ref = 1999) | code", data), (e: unknown) => e instanceof FormulaError && /ref = 1999 is not a level of "year"/.test(e.message));
  });
});
