/**
 * The estimator core against R fixest 0.12.1 on the Grunfeld panel
 * (test/golden/grunfeld_fixest.json, copied from the project's shared reference folder;
 * see test/golden/README.md). Every figure to a relative 1e-8.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { feols } from "../lib/index";
import { assertClose, assertCoefficients, readGolden, readGoldenCsv } from "./helpers/golden";

const ref = readGolden("grunfeld_fixest.json");
const grunfeld = readGoldenCsv("grunfeld.csv");

describe("pooled OLS on Grunfeld matches fixest", () => {
  it("iid: coefficients, SEs, t, p and N", () => {
    const fit = feols("inv ~ value + capital", grunfeld);
    assertCoefficients(fit, ref.pooled_ols_iid.coefficients);
    assert.equal(fit.nobs, ref.pooled_ols_iid.nobs);
    assert.equal(fit.dfT, ref.pooled_ols_iid.df_t);
    assert.equal(fit.dofK, ref.pooled_ols_iid.dof_K);
  });
  it("HC1 ('hetero')", () => {
    const fit = feols("inv ~ value + capital", grunfeld, { vcov: "hetero" });
    assertCoefficients(fit, ref.pooled_ols_hc1.coefficients);
    assert.match(fit.vcovType, /HC1/);
  });
  it("R² and adjusted R²", () => {
    const fit = feols("inv ~ value + capital", grunfeld);
    assertClose(fit.r2, ref.pooled_ols_fit.r2, 1e-8, "r2");
    assertClose(fit.adjR2, ref.pooled_ols_fit.adj_r2, 1e-8, "adj r2");
    assertClose(fit.rmse, ref.pooled_ols_fit.rmse, 1e-8, "rmse");
  });
  it("the variance matrix, entry by entry", () => {
    const fit = feols("inv ~ value + capital", grunfeld);
    const names: string[] = ref.pooled_ols_iid.vcov_names;
    names.forEach((a, i) => names.forEach((b, j) => assertClose(fit.vcov(a, b), ref.pooled_ols_iid.vcov[i][j], 1e-8, `vcov[${a},${b}]`)));
  });
});

describe("two-way fixed effects (firm + year) on Grunfeld matches fixest", () => {
  const formula = "inv ~ value + capital | firm + year";
  it("iid", () => {
    const fit = feols(formula, grunfeld);
    assertCoefficients(fit, ref.twfe_iid.coefficients);
    assert.equal(fit.dofK, ref.twfe_iid.dof_K);
    assert.equal(fit.dfT, ref.twfe_iid.df_t);
  });
  it("HC1", () => {
    const fit = feols(formula, grunfeld, { vcov: "hetero" });
    assertCoefficients(fit, ref.twfe_hc1.coefficients);
  });
  it("clustered by firm, nested K = 22, t(9)", () => {
    const fit = feols(formula, grunfeld, { vcov: { cluster: "firm" } });
    assertCoefficients(fit, ref.twfe_cluster_firm_default.coefficients);
    assert.equal(fit.dofK, ref.twfe_cluster_firm_default.dof_K);
    assert.equal(fit.dfT, ref.twfe_cluster_firm_default.df_t);
    const names: string[] = ref.twfe_cluster_firm_default.vcov_names;
    names.forEach((a, i) => names.forEach((b, j) => assertClose(fit.vcov(a, b), ref.twfe_cluster_firm_default.vcov[i][j], 1e-8, `vcov[${a},${b}]`)));
  });
  it("two-way clustered by firm and year, K = 3, t(G_min − 1)", () => {
    const fit = feols(formula, grunfeld, { vcov: { cluster: ["firm", "year"] } });
    assertCoefficients(fit, ref.twfe_cluster_firm_year_default.coefficients);
    assert.equal(fit.dofK, ref.twfe_cluster_firm_year_default.dof_K);
    assert.equal(fit.dfT, ref.twfe_cluster_firm_year_default.df_t);
  });
  it("R², within R², adjusted within R², RMSE, fixed-effect sizes, N", () => {
    const fit = feols(formula, grunfeld);
    const f = ref.twfe_fit;
    assertClose(fit.r2, f.r2, 1e-8, "r2");
    assertClose(fit.adjR2, f.adj_r2, 1e-8, "adj r2");
    assertClose(fit.r2Within, f.within_r2, 1e-8, "within r2");
    assertClose(fit.adjR2Within, f.within_adj_r2, 1e-8, "within adj r2");
    assertClose(fit.ssr, f.ssr, 1e-8, "ssr");
    assertClose(fit.rmse, f.rmse, 1e-8, "rmse");
    assert.deepEqual(fit.fixedEffectSizes, f.fixef_sizes);
    assert.equal(fit.kFull, f.nparams);
    assert.equal(fit.nobs, 200);
  });
  it("confidence intervals use t(G − 1) quantiles", () => {
    const fit = feols(formula, grunfeld, { vcov: { cluster: "firm" } });
    const ci = fit.confint(0.95);
    // t(9) 0.975 quantile from R: qt(0.975, 9)
    const q = 2.2621571627982;
    assertClose(ci.value[0], fit.coef.value - q * fit.se.value, 1e-10, "lower");
    assertClose(ci.value[1], fit.coef.value + q * fit.se.value, 1e-10, "upper");
  });
});
