/**
 * 2SLS and its diagnostics against independent golden values:
 * - R fixest 0.12.1 (test/golden/grunfeld_fixest.json, the iv_* entries) for model A;
 * - R by hand in matrix algebra, cross-checked with AER::ivreg + sandwich and numpy
 *   (test/golden/make_iv_golden.R → iv_r.json; see README-iv.md) for models A, B, C under
 *   iid, HC1, firm clustering and (A) two-way clustering: coefficients, SEs, first stages,
 *   partial and Wald F, Kleibergen–Paap rk LM/Wald, Cragg–Donald, Hansen J / Sargan,
 *   Wu–Hausman and Anderson–Rubin. All to a relative 1e-8.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { feols, isIvResult, IvResult, type FeolsOptions, type VcovOption } from "../lib/index";
import { assertClose, assertCoefficients, readGolden, readGoldenCsv, withLag } from "./helpers/golden";

const fixest = readGolden("grunfeld_fixest.json");
const golden = readGolden("iv_r.json");
const grunfeld = readGoldenCsv("grunfeld_with_lag.csv") as Record<string, (number | null)[]>;

const data = { ...grunfeld, value_lag2: withLag(grunfeld, "value", 2), capital_lag1: withLag(grunfeld, "capital", 1) };

/** feols on a formula held in a variable, checked to be an IV fit. */
function fitIv(formula: string, options?: FeolsOptions): IvResult {
  const fit = feols(formula, data, options);
  assert.ok(isIvResult(fit), "an IV formula gives an IvResult");
  return fit;
}

const VCOVS: Record<string, VcovOption> = {
  iid: "iid",
  hetero: "hetero",
  cluster_firm: { cluster: "firm" },
  twoway_firm_year: { cluster: ["firm", "year"] },
};

describe("model A (just identified) matches fixest 0.12.1", () => {
  const formula = "inv ~ capital | firm + year | value ~ value_lag1";
  it("clustered by firm: coefficients, SEs, t, p, K = 21, N = 190", () => {
    const iv = feols(formula, data, { vcov: { cluster: "firm" } });
    assertCoefficients(iv, fixest.iv_twfe_cluster_firm.coefficients, 1e-8, { fit_value: "value" });
    assert.equal(iv.nobs, fixest.iv_twfe_cluster_firm.nobs);
    assert.equal(iv.dofK, fixest.iv_twfe_cluster_firm.dof_K);
    assert.equal(iv.dfT, fixest.iv_twfe_cluster_firm.df_t);
  });
  it("iid", () => {
    assertCoefficients(feols(formula, data), fixest.iv_twfe_iid.coefficients, 1e-8, { fit_value: "value" });
  });
  it("first stage coefficients and SEs (clustered)", () => {
    const iv = feols(formula, data, { vcov: { cluster: "firm" } });
    assertCoefficients(iv.firstStage.value.fit, fixest.iv_first_stage_cluster_firm.coefficients);
  });
  it("ivf, ivwald, Cragg–Donald, Wu–Hausman, R² (clustered)", () => {
    const iv = feols(formula, data, { vcov: { cluster: "firm" } });
    const f = fixest.iv_fitstat_cluster_firm;
    assertClose(iv.firstStage.value.partialF.stat, f["ivf1::value"].stat, 1e-8, "ivf");
    assertClose(iv.firstStage.value.partialF.p, f["ivf1::value"].p, 1e-8, "ivf p");
    assert.equal(iv.firstStage.value.partialF.df2, f["ivf1::value"].df2);
    assertClose(iv.firstStage.value.waldF.stat, f["ivwald1::value"].stat, 1e-8, "ivwald");
    assertClose(iv.firstStage.value.waldF.p, f["ivwald1::value"].p, 1e-8, "ivwald p");
    assertClose(iv.ivDiagnostics.cdWaldF, f.cd, 1e-8, "cd");
    assertClose(iv.ivDiagnostics.wuHausman.stat, f.wh.stat, 1e-8, "wh");
    assertClose(iv.ivDiagnostics.wuHausman.p, f.wh.p, 1e-8, "wh p");
    assert.equal(iv.ivDiagnostics.wuHausman.df2, f.wh.df2);
    assertClose(iv.r2, f.r2, 1e-8, "r2");
    assertClose(iv.r2Within, f.wr2, 1e-8, "wr2");
  });
  it("first-stage statistics under iid (the *_vcov_set_at_estimation entry)", () => {
    const iv = feols(formula, data);
    const f = fixest.iv_fitstat_iid_vcov_set_at_estimation;
    assertClose(iv.firstStage.value.partialF.stat, f["ivf1::value"].stat, 1e-8, "ivf");
    assertClose(iv.firstStage.value.waldF.stat, f["ivwald1::value"].stat, 1e-8, "ivwald");
    assert.equal(iv.firstStage.value.waldF.df2, f["ivwald1::value"].df2);
  });
  it("the hetero Wald F (fixest's value with vcov set at estimation)", () => {
    const iv = feols(formula, data, { vcov: "hetero" });
    assertClose(iv.firstStage.value.waldF.stat, fixest.iv_fitstat_hetero_vcov_set_at_estimation["ivwald1::value"].stat, 1e-8, "ivwald hetero");
  });
  it("with one endogenous regressor and clustering, the KP rk Wald F equals the first-stage Wald F (design §4)", () => {
    const iv = feols(formula, data, { vcov: { cluster: "firm" } });
    assertClose(iv.ivDiagnostics.kpWaldF, fixest.iv_fitstat_cluster_firm["ivwald1::value"].stat, 1e-8, "kp F");
  });
  it("the iid KP rk Wald χ² equals the hand-computed kp_iid_correct", () => {
    assertClose(feols(formula, data).ivDiagnostics.kpWaldChi2, fixest.kp_manual.kp_iid_correct, 1e-8, "kp iid");
  });
});

const FORMULAS: Record<string, string> = {
  A: "inv ~ capital | firm + year | value ~ value_lag1",
  B: "inv ~ capital | firm + year | value ~ value_lag1 + value_lag2",
  C: "inv ~ 1 | firm + year | value + capital ~ value_lag1 + value_lag2 + capital_lag1",
};

for (const [model, formula] of Object.entries(FORMULAS)) {
  const entry = golden.models[model];
  describe(`model ${model}: ${formula} matches R (iv_r.json)`, () => {
    it("formula, N and fit statistics from the structural residuals", () => {
      assert.equal(entry.formula, formula);
      const iv = fitIv(formula);
      assert.equal(iv.nobs, entry.nobs);
      assert.equal(iv.kFull, entry.K_full);
      assertClose(iv.ssr, entry.fit.ssr, 1e-8, "ssr");
      assertClose(iv.r2, entry.fit.r2, 1e-8, "r2");
      assertClose(iv.r2Within, entry.fit.within_r2, 1e-8, "within r2");
    });
    it("Cragg–Donald (fixest's form and ivreg2's count) and Wu–Hausman", () => {
      const iv = fitIv(formula);
      assertClose(iv.ivDiagnostics.cdWaldF, entry.cragg_donald.fixest, 1e-8, "cd fixest");
      assertClose(iv.ivDiagnostics.cdWaldFIvreg2, entry.cragg_donald.ivreg2, 1e-8, "cd ivreg2");
      entry.cragg_donald.canonical_correlations.forEach((rho: number, k: number) =>
        assertClose(iv.ivDiagnostics.canonicalCorrelations[k], rho, 1e-8, `canonical correlation ${k}`),
      );
      assertClose(iv.ivDiagnostics.wuHausman.stat, entry.wu_hausman.stat, 1e-8, "wh");
      assertClose(iv.ivDiagnostics.wuHausman.p, entry.wu_hausman.p, 1e-8, "wh p");
      assert.equal(iv.ivDiagnostics.wuHausman.df1, entry.wu_hausman.df1);
      assert.equal(iv.ivDiagnostics.wuHausman.df2, entry.wu_hausman.df2);
    });
    for (const [vcovKey, expected] of Object.entries<any>(entry.vcov)) {
      describe(`vcov ${vcovKey}`, () => {
        const iv = fitIv(formula, { vcov: VCOVS[vcovKey] });
        it("second stage: coefficients, SEs, t, p, variance matrix, K and t df", () => {
          assertCoefficients(iv, expected.coefficients);
          assert.equal(iv.dofK, expected.K);
          assert.equal(iv.dfT, expected.df_t);
          const names: string[] = expected.vcov_names;
          names.forEach((a, i) => names.forEach((b, j) => assertClose(iv.vcov(a, b), expected.vcov[i][j], 1e-8, `vcov[${a},${b}]`)));
        });
        it("first stages: coefficients, SEs, partial F and Wald F with their degrees of freedom", () => {
          for (const [endo, fs] of Object.entries<any>(expected.first_stage)) {
            const ours = iv.firstStage[endo];
            assertCoefficients(ours.fit, fs.coefficients);
            assert.equal(ours.fit.dofK, fs.K);
            assertClose(ours.fit.ssr, fs.ssr, 1e-8, "first-stage ssr");
            assertClose(ours.partialF.stat, fs.ivf.stat, 1e-8, `${endo} ivf`);
            assertClose(ours.partialF.p, fs.ivf.p, 1e-8, `${endo} ivf p`);
            assert.deepEqual([ours.partialF.df1, ours.partialF.df2], [fs.ivf.df1, fs.ivf.df2]);
            assertClose(ours.waldF.stat, fs.ivwald.stat, 1e-8, `${endo} ivwald`);
            assertClose(ours.waldF.p, fs.ivwald.p, 1e-8, `${endo} ivwald p`);
          }
        });
        it("Kleibergen–Paap rk LM, rk Wald χ² and rk Wald F", () => {
          const d = iv.ivDiagnostics;
          assertClose(d.kpLM, expected.kp.lm.stat, 1e-8, "kp lm");
          assertClose(d.kpLMp, expected.kp.lm.p, 1e-8, "kp lm p");
          assert.equal(d.kpLMdf, expected.kp.lm.df);
          assertClose(d.kpWaldChi2, expected.kp.wald_chi2.stat, 1e-8, "kp wald chi2");
          assertClose(d.kpWaldF, expected.kp.wald_F, 1e-8, "kp wald F");
        });
        it(expected.overid ? "over-identification: Hansen J (Sargan under iid) with df and p" : "exactly identified: no Hansen J at all (absent, not 0 or NaN)", () => {
          const d = iv.ivDiagnostics;
          if (!expected.overid) {
            assert.ok(!("hansenJ" in d) && !("hansenJp" in d) && !("overidentification" in d));
            return;
          }
          const o = expected.overid.hansen_j ?? expected.overid.sargan;
          assert.equal(d.overidentification?.test, expected.overid.hansen_j ? "Hansen J" : "Sargan");
          assertClose(d.hansenJ as number, o.stat, 1e-8, "J");
          assertClose(d.hansenJp as number, o.p, 1e-8, "J p");
          assert.equal(d.hansenJdf, o.df);
        });
        if (entry.anderson_rubin?.[vcovKey]) {
          const ar = entry.anderson_rubin[vcovKey];
          it("Anderson–Rubin tests at three β₀ and the 95% confidence set", () => {
            for (const t of ar.tests) {
              const ours = iv.andersonRubin(t.beta0);
              assertClose(ours.stat, t.stat, 1e-8, `AR(${t.beta0})`);
              assertClose(ours.p, t.p, 1e-8, `AR(${t.beta0}) p`);
              assert.deepEqual([ours.df1, ours.df2], [t.df1, t.df2]);
            }
            const set = iv.andersonRubinSet(0.95);
            const c = ar.confidence_set_95;
            assert.equal(set.shape, c.shape.startsWith("bounded") ? "interval" : "two rays");
            assertClose(set.critical, c.F_crit, 1e-8, "F crit");
            assertClose(set.lower as number, c.lower, 1e-8, "lower");
            assertClose(set.upper as number, c.upper, 1e-8, "upper");
          });
        }
      });
    }
  });
}
