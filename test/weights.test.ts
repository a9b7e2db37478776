/**
 * Regression weights (`options.weights`, fixest's `weights = ~w`) against R fixest 0.12.1: the weighted
 * parity cases of test/golden/fixest_parity.json (spatial_w_iid, spatial_w_hetero, spatial_w_cluster,
 * spatial_wz_cluster; origin in test/golden/README-parity.md), every figure at relative 1e-8 (p-values
 * below 1e-10 at 1e-4), and the bad input fixest refuses (a negative weight, a weights column of text).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DataError, feols, KitError, OptionsError, type FeolsResult } from "../lib/index";
import { assertClose, readGolden, readGoldenCsv } from "./helpers/golden";

const parity = readGolden("fixest_parity.json");
const spatial = readGoldenCsv("spatial_panel.csv");
const CASES = ["spatial_w_iid", "spatial_w_hetero", "spatial_w_cluster", "spatial_wz_cluster"];

interface Figure {
  estimate: number;
  se: number;
  t: number;
  p: number;
}

describe("weighted fits match fixest 0.12.1 (fixest_parity.json)", () => {
  for (const name of CASES) {
    it(name, () => {
      const c = parity.cases[name];
      const fit = feols(c.formula, spatial, c.options) as FeolsResult;
      for (const [term, want] of Object.entries(c.want.coefficients as Record<string, Figure>)) {
        assertClose(fit.coef[term], want.estimate, 1e-8, `${term} estimate`);
        assertClose(fit.se[term], want.se, 1e-8, `${term} se`);
        assertClose(fit.tstat[term], want.t, 1e-8, `${term} t`);
        assertClose(fit.pvalue[term], want.p, want.p < 1e-10 ? 1e-4 : 1e-8, `${term} p`);
      }
      assert.equal(fit.nobs, c.want.nobs);
      assertClose(fit.r2, c.want.r2, 1e-8, "r2");
      assertClose(fit.r2Within, c.want.r2Within, 1e-8, "r2Within");
      assert.equal(fit.dofK, c.dof_K);
      assert.equal(fit.dfT, c.t_df);
    });
  }

  it("zero and missing weights are dropped and counted apart (fixest: 4 for 0-weight, 4 for NA)", () => {
    const fit = feols("y ~ x1 + x2 | code + year", spatial, { weights: "wz", vcov: { cluster: "code" } });
    assert.deepEqual(fit.dropped, { missing: 4, singletons: 0, zeroWeight: 4 });
    assert.equal(fit.nobs, 712);
  });

  it("residuals are y − ŷ on the data's scale (fixest resid()) and SSR is Σ w e²", () => {
    const fit = feols("y ~ x1 + x2 | code + year", spatial, { weights: "w" });
    const w = spatial.w as number[];
    let ssr = 0;
    fit.residuals.forEach((e, i) => (ssr += w[i] * e * e));
    assertClose(fit.ssr, ssr, 1e-12, "ssr");
  });

  it("unit weights give the unweighted fit", () => {
    const ones = { ...spatial, one: spatial.w.map(() => 1) };
    const weighted = feols("y ~ x1 + x2 | code + year", ones, { weights: "one", vcov: { cluster: "code" } });
    const plain = feols("y ~ x1 + x2 | code + year", ones, { vcov: { cluster: "code" } });
    for (const k of ["x1", "x2"]) {
      assertClose(weighted.coef[k], plain.coef[k], 1e-12, k);
      assertClose(weighted.se[k], plain.se[k], 1e-12, k);
    }
    assertClose(weighted.r2Within, plain.r2Within, 1e-12, "r2Within");
  });

  it("rows in another order (the general weighted iteration) give the fit of rows sorted by unit (the weighted two-pass solve)", () => {
    const n = spatial.code.length;
    const order = spatial.code.map((_, i) => (i * 337) % n);
    const shuffled = Object.fromEntries(Object.entries(spatial).map(([k, v]) => [k, order.map((i) => v[i])]));
    const sorted = feols("y ~ x1 + x2 | code + year", spatial, { weights: "w" });
    const other = feols("y ~ x1 + x2 | code + year", shuffled, { weights: "w" });
    for (const k of ["x1", "x2"]) assertClose(other.coef[k], sorted.coef[k], 1e-10, k);
  });
});

describe("other weighted designs match fixest 0.12.1 (weights_golden.json: no FE, one FE, 2SLS)", () => {
  const golden = readGolden("weights_golden.json");
  for (const [name, c] of Object.entries<any>(golden.cases)) {
    it(name, () => {
      const fit = feols(c.formula, spatial, c.options) as FeolsResult;
      for (const [fixestName, want] of Object.entries(c.want.coefficients as Record<string, Figure>)) {
        const term = fixestName.replace(/^fit_/, ""); // fixest names an instrumented regressor fit_x1
        assertClose(fit.coef[term], want.estimate, 1e-8, `${term} estimate`);
        assertClose(fit.se[term], want.se, 1e-8, `${term} se`);
        assertClose(fit.tstat[term], want.t, 1e-8, `${term} t`);
        assertClose(fit.pvalue[term], want.p, want.p < 1e-10 ? 1e-4 : 1e-8, `${term} p`);
      }
      assert.equal(fit.nobs, c.want.nobs);
      assertClose(fit.r2, c.want.r2, 1e-8, "r2");
    });
  }
});

describe("bad weights are errors naming the column", () => {
  it("a negative weight (fixest: 'The vector of weights contains negative values')", () => {
    const bad = { ...spatial, wneg: spatial.w.map((v, i) => (i === 2 ? -1 : v)) };
    assert.throws(() => feols("y ~ x1 | code", bad, { weights: "wneg" }), (e: unknown) => e instanceof DataError && /"wneg".*negative.*row 3/.test((e as Error).message));
  });
  it("a weights column of text", () => {
    const bad = { ...spatial, wtext: spatial.w.map((v) => `w${v}`) };
    assert.throws(() => feols("y ~ x1 | code", bad, { weights: "wtext" }), (e: unknown) => e instanceof DataError && /"wtext"/.test((e as Error).message));
  });
  it("an unknown weights column, with the nearest names", () => {
    assert.throws(() => feols("y ~ x1 | code", spatial, { weights: "ww" }), (e: unknown) => e instanceof KitError && /"ww".*not a column/.test((e as Error).message));
  });
  it("weights that are not a column name", () => {
    assert.throws(() => feols("y ~ x1 | code", spatial, { weights: [1, 2] as unknown as string }), OptionsError);
  });
  it("every weight zero", () => {
    const zero = { ...spatial, w0: spatial.w.map(() => 0) };
    assert.throws(() => feols("y ~ x1 | code", zero, { weights: "w0" }), KitError);
  });
});
