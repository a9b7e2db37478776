/**
 * The estimator core against golden values made in R (test/golden/make_core_golden.R →
 * core_r.json): an unbalanced panel with missing values, planted singletons (including a
 * cascade that needs three rounds), a combined region^year fixed effect, collinear
 * regressors, a product term and an i(year, x3) expansion, each under iid, HC1, one-way and
 * two-way clustering, with fixest's conventions reproduced by hand from lm()/sandwich
 * (the script first proves those conventions on fixest's own Grunfeld figures).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { feols, type VcovOption } from "../lib/index";
import { assertClose, assertCoefficients, readGolden, readGoldenCsv } from "./helpers/golden";

const golden = readGolden("core_r.json");
const panel = readGoldenCsv("unbalanced_panel.csv", ["region"]);

/** Our formula for each golden model (the golden file's own formula carries notes for two of them). */
const MODELS: Record<string, { formula: string; singletons: "keep" | "drop" }> = {
  a_twfe_keep: { formula: "y ~ x1 + x2 | id + year", singletons: "keep" },
  b_twfe_drop: { formula: "y ~ x1 + x2 | id + year", singletons: "drop" },
  c_id_regionyear_keep: { formula: "y ~ x1 + x2 | id + region^year", singletons: "keep" },
  c_id_regionyear_drop: { formula: "y ~ x1 + x2 | id + region^year", singletons: "drop" },
  d_collinear_xcoll_keep: { formula: "y ~ x1 + x2 + x_coll | id + year", singletons: "keep" },
  d_collinear_xcoll_drop: { formula: "y ~ x1 + x2 + x_coll | id + year", singletons: "drop" },
  d_collinear_fe_keep: { formula: "y ~ x1 + x_fecoll | id + year", singletons: "keep" },
  d_collinear_fe_drop: { formula: "y ~ x1 + x_fecoll | id + year", singletons: "drop" },
  e_pooled_interaction: { formula: "y ~ x1 + x2 + x1:x2", singletons: "keep" },
  // The golden's f_iyear cases drop the first year level: fixest's i(year, x3, ref = 2001).
  f_iyear_keep: { formula: "y ~ x1 + i(year, x3, ref = 2001) | id + year", singletons: "keep" },
  f_iyear_drop: { formula: "y ~ x1 + i(year, x3, ref = 2001) | id + year", singletons: "drop" },
  // i(year, x3) without ref keeps every level, as fixest (design §3).
  f_iyear_allLevels_keep: { formula: "y ~ x1 + i(year, x3) | id + year", singletons: "keep" },
};
// Not compared: b_twfe_drop_onepass (one-pass singleton removal, not the kit's convention).

const VCOVS: Record<string, VcovOption> = {
  iid: "iid",
  hetero: "hetero",
  cluster_id: { cluster: "id" },
  cluster_id_year: { cluster: ["id", "year"] },
};

for (const [key, model] of Object.entries(MODELS)) {
  const entry = golden[key];
  describe(`${key}: ${model.formula} (singletons ${model.singletons}) matches R`, () => {
    for (const [vcovKey, vcov] of Object.entries(VCOVS)) {
      const expected = entry.vcov[vcovKey];
      it(`${vcovKey}: coefficients, SEs, t, p, K and t degrees of freedom`, () => {
        const fit = feols(model.formula, panel, { vcov, singletons: model.singletons });
        assertCoefficients(fit, expected.coefficients);
        assert.deepEqual(fit.coefNames, expected.vcov_names);
        assert.equal(fit.dofK, expected.dof_K, "K of the small-sample factor");
        assert.equal(fit.dfT, expected.df_t, "t degrees of freedom");
        const names: string[] = expected.vcov_names;
        names.forEach((a, i) => names.forEach((b, j) => assertClose(fit.vcov(a, b), expected.vcov[i][j], 1e-8, `vcov[${a},${b}]`)));
      });
    }
    it("N, rows dropped by reason, fixed-effect sizes, collinear regressors and fit statistics", () => {
      const fit = feols(model.formula, panel, { singletons: model.singletons });
      assert.equal(fit.nobs, entry.nobs);
      assert.deepEqual(fit.dropped, entry.dropped);
      assert.deepEqual(fit.fixedEffectSizes, entry.fixef_sizes);
      assert.deepEqual(fit.collinear, entry.collinear_dropped);
      assert.equal(fit.kFull, entry.K_full);
      assertClose(fit.r2, entry.fit.r2, 1e-8, "r2");
      assertClose(fit.adjR2, entry.fit.adj_r2, 1e-8, "adj r2");
      assertClose(fit.ssr, entry.fit.ssr, 1e-8, "ssr");
      assertClose(fit.rmse, entry.fit.rmse, 1e-8, "rmse");
      if (entry.fit.within_r2 !== undefined) {
        assertClose(fit.r2Within, entry.fit.within_r2, 1e-8, "within r2");
        assertClose(fit.adjR2Within, entry.fit.within_adj_r2, 1e-8, "within adj r2");
      } else {
        assert.ok(Number.isNaN(fit.r2Within), "no within R² without fixed effects");
      }
    });
  });
}
