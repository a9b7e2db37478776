/**
 * Notebook 04's claims about the truth, each checked against the data-generating process: the
 * estimands of OLS and 2SLS re-estimated on the latent panel (true robot penetration, the adverse
 * shock, the outcome without its error term) and recomputed independently as weighted averages of the
 * city effects; OLS's bias relative to its estimand and 2SLS's coverage of its own, as the sentences
 * state them; why the estimands differ (weighting); exclusion and the non-persistent shock in the
 * simulation; the lagged-AI claims of exercise 04.3 and the bias decomposition of exercise 04.4;
 * and the sentence builders' English and Chinese output.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeIidVersusRobustF, describeIvEffect, describeOlsIvTruth, describeWuHausman, feols, KitError, panelLag } from "../lib/index";
import { describeEstimands, loadLatentPanel, loadStudyPanel, olsIvEstimands, readTruth, type OlsIvEstimands } from "../lib/study/index";
import { checkExercise } from "../lib/workshop/index";

const truth = readTruth();
const panel = loadStudyPanel();
const latent = loadLatentPanel(panel);
const CONTROLS = "lnpgdp + gov + fin + open + hc + infra + density + i(year, share_sum)";
const OLS = `shrink ~ ai + ${CONTROLS} | code + year`;
const IV = `shrink ~ ${CONTROLS} | code + year | ai ~ ai_iv`;
const vcov = { cluster: "code" };
/** Notebook 04's Table 5: OLS (with the share_sum slopes, as the 2SLS) and 2SLS, clustered by city. */
const ols = feols(OLS, panel, { vcov });
const iv = feols(IV, panel, { vcov });
const estimands = olsIvEstimands({ ols: OLS, iv: IV });

/** One value per city: the city's first row. */
function perCity(values: ArrayLike<number>): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i < latent.code.length; i++) if (!out.has(latent.code[i])) out.set(latent.code[i], values[i]);
  return out;
}

/** Σ_t r_it·x_it per city, r a residual column aligned with the latent panel's rows. */
function cityWeights(residual: ArrayLike<number>, x: ArrayLike<number>): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i < latent.code.length; i++) out.set(latent.code[i], (out.get(latent.code[i]) ?? 0) + residual[i] * x[i]);
  return out;
}

const tau = perCity(latent.effect_total);
/** The residual of the instrument and of ai_true on the exogenous regressors and fixed effects (FWL). */
const zTilde = feols(`ai_iv ~ ${CONTROLS} | code + year`, latent).residuals;
const aTilde = feols(`ai_true ~ shock + ${CONTROLS} | code + year`, latent).residuals;
const sum = (m: Map<string, number>) => Array.from(m.values()).reduce((s, v) => s + v, 0);
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + v * b[i], 0);

describe("the estimands of OLS and 2SLS on the latent panel", () => {
  it("the OLS estimand is OLS of shrink_noerr on ai_true with the shock controlled (≈ −0.785 without the share_sum slopes, −0.782 with)", () => {
    const direct = feols(`shrink_noerr ~ ai_true + shock + ${CONTROLS} | code + year`, latent).coef.ai_true;
    assert.ok(Math.abs(estimands.ols.value - direct) < 1e-12, `${estimands.ols.value} vs ${direct}`);
    const withoutSlopes = feols("shrink_noerr ~ ai_true + shock + lnpgdp + gov + fin + open + hc + infra + density | code + year", latent).coef.ai_true;
    assert.ok(Math.abs(withoutSlopes - -0.785) < 0.005, String(withoutSlopes));
    assert.ok(Math.abs(estimands.ols.value - -0.782) < 0.005, String(estimands.ols.value));
  });

  it("the OLS estimand is the variance-weighted average Σ w_i τ_i, w_i ∝ Σ_t ã_it·ai*_it (Frisch–Waugh–Lovell)", () => {
    const w = cityWeights(aTilde, latent.ai_true);
    const total = sum(w);
    const weighted = Array.from(w.entries()).reduce((s, [c, v]) => s + (v / total) * tau.get(c)!, 0);
    // shrink_noerr − τ_i·ai* is spanned by the fixed effects and the controls up to the density column's rounding
    assert.ok(Math.abs(weighted - estimands.ols.value) < 1e-4, `${weighted} vs ${estimands.ols.value}`);
  });

  it("the 2SLS estimand is data/truth.json's (computed by the kit-independent routine of simulate/twfe.ts)", () => {
    assert.ok(Math.abs(estimands.iv.value - truth.estimands.iv_share_sum.value) < 1e-8, `${estimands.iv.value} vs ${truth.estimands.iv_share_sum.value}`);
  });

  it("the 2SLS estimand is the first-stage-weighted sum Σ_i τ_i Σ_t z̃_it·ai*_it / Σ z̃·ai, and the negative weights are counted right", () => {
    const w = cityWeights(zTilde, latent.ai_true);
    const denominator = dot(zTilde, latent.ai);
    const weighted = Array.from(w.entries()).reduce((s, [c, v]) => s + (v / denominator) * tau.get(c)!, 0);
    // up to the 2SLS coefficient of the density column's recording (|·| ≈ 2e-4; see the exclusion test below)
    assert.ok(Math.abs(weighted - estimands.iv.value) < 1e-3, `${weighted} vs ${estimands.iv.value}`);
    assert.equal(estimands.ivNegativeWeights, Array.from(w.values()).filter((v) => v < 0).length);
    assert.equal(estimands.units, 287);
    assert.ok(estimands.ivNegativeWeights > 50, "a sizeable share of cities enter with negative weight, as the sentence says");
  });

  it("the mean total effect is truth.json's mean over the 287 cities", () => {
    assert.ok(Math.abs(estimands.totalEffect - truth.effects.total.mean) < 1e-12);
  });
});

describe("describeOlsIvTruth's claims, on Table 5 and the estimands", () => {
  const sentence = describeOlsIvTruth({ ols, iv, olsEstimand: estimands.ols.value, ivEstimand: estimands.iv.value, totalEffect: estimands.totalEffect });

  it("OLS is biased towards zero relative to its estimand, by the share the sentence states, and the estimand lies outside OLS's 95% interval", () => {
    const b = ols.coef.ai;
    const e = estimands.ols.value;
    assert.ok(Math.sign(b) === Math.sign(e) && Math.abs(b) < Math.abs(e), "same sign, closer to zero");
    const pct = (100 * Math.abs(b - e)) / Math.abs(e);
    assert.ok(pct > 30 && pct < 50, `bias ${pct}%`);
    const [lo, hi] = ols.confint(0.95).ai;
    assert.ok(e < lo || e > hi, "the estimand is outside OLS's interval: a bias, not sampling error");
    assert.ok(sentence.includes(`OLS is biased towards zero by ${pct.toFixed(1)}% relative to its own estimand (${e.toFixed(3)};`), sentence);
  });

  it("2SLS's 95% interval covers its estimand, as the sentence says", () => {
    const [lo, hi] = iv.confint(0.95).ai;
    assert.ok(lo <= estimands.iv.value && estimands.iv.value <= hi, `[${lo}, ${hi}] vs ${estimands.iv.value}`);
    const ses = Math.abs(iv.coef.ai - estimands.iv.value) / iv.se.ai;
    assert.ok(sentence.includes(`2SLS lies ${ses.toFixed(2)} standard errors from its estimand (${estimands.iv.value.toFixed(3)}), which its 95% interval covers`), sentence);
  });

  it("the two estimands differ from each other and from the mean total effect, as stated", () => {
    const { ols: o, iv: v, totalEffect: t } = estimands;
    assert.ok(Math.abs(o.value - v.value) > 0.1, `${o.value} vs ${v.value}`);
    assert.ok(Math.abs(v.value - t) > 0.1, `${v.value} vs ${t}`);
    assert.ok(Math.abs(o.value - t) > 0.005, `${o.value} vs ${t}`);
    assert.ok(sentence.includes(`from the mean total effect (${t.toFixed(3)})`), sentence);
  });

  it("they differ because of weighting: with every city at the mean effect, OLS's estimand is the mean and 2SLS's within 0.03 of it", () => {
    const { ols: o, iv: v, totalEffect: t } = estimands;
    assert.ok(Math.abs(o.commonEffect - t) < 1e-10, String(o.commonEffect));
    assert.ok(Math.abs(v.commonEffect - t) < 0.03, String(v.commonEffect));
    assert.ok(Math.abs(v.commonEffect - t) < Math.abs(v.value - t) / 5, "weighting, not the common-effect residue, makes most of the gap");
  });

  it("2SLS's common-effect estimand differs from the mean only by the instrument's sample covariance with the recording error", () => {
    const ratio = dot(zTilde, latent.ai_true) / dot(zTilde, latent.ai);
    assert.ok(Math.abs(estimands.iv.commonEffect / estimands.totalEffect - ratio) < 1e-8, `${estimands.iv.commonEffect / estimands.totalEffect} vs ${ratio}`);
  });

  it("the OLS–2SLS gap is OLS's bias plus the difference of the estimands minus 2SLS's sampling error, with the numbers the sentence prints", () => {
    const parts = [ols.coef.ai - iv.coef.ai, ols.coef.ai - estimands.ols.value, estimands.ols.value - estimands.iv.value, iv.coef.ai - estimands.iv.value].map((v) => v.toFixed(3));
    assert.ok(sentence.includes(`the OLS–2SLS gap (${parts[0]}) is OLS's bias (${parts[1]}) plus the difference of the estimands (${parts[2]}) minus 2SLS's sampling error (${parts[3]})`), sentence);
  });
});

describe("the instrument in the simulation (the notebook's markdown)", () => {
  it("share_sum has no trend of its own in the outcome", () => {
    assert.equal(truth.params.shareSumTrend, 0);
  });

  it("the error-free outcome is τ_i·ai* plus fixed effects and controls: the shares have no path to shrinkage but robots", () => {
    const rest = Float64Array.from(latent.shrink_noerr, (y, i) => y - latent.effect_total[i] * latent.ai_true[i]);
    // what is left is the density control as recorded (rounded registered population) against the one the outcome used:
    // an SD about a thousandth of shrinkage's, and unrelated to the instrument
    const residual = feols(`rest ~ ${CONTROLS} + ai_iv | code + year`, { ...latent, rest }, { vcov });
    assert.ok(Math.abs(residual.tstat.ai_iv) < 1.96 && Math.abs(residual.coef.ai_iv) < 1e-3, `${residual.coef.ai_iv} (t = ${residual.tstat.ai_iv})`);
    const sd = Math.sqrt(dot(residual.residuals, residual.residuals) / residual.residuals.length);
    assert.ok(sd < 0.005, `residual SD ${sd}`);
  });

  it("the outcome's errors (shock and noise) are unrelated to the instrument: the reduced form of shrink − shrink_noerr has |t| < 1.96", () => {
    const error = Float64Array.from(latent.shrink, (y, i) => y - latent.shrink_noerr[i]);
    const rf = feols(`error ~ ai_iv + ${CONTROLS} | code + year`, { ...latent, error }, { vcov });
    assert.ok(Math.abs(rf.tstat.ai_iv) < 1.96, String(rf.tstat.ai_iv));
  });

  it("with one instrument the effective F equals the Kleibergen–Paap F (the diagnostics markdown)", () => {
    const eff = iv.ivDiagnostics.effectiveF;
    assert.ok(eff !== undefined);
    assert.ok(Math.abs(eff.F - iv.ivDiagnostics.kpWaldF) < 1e-8 * iv.ivDiagnostics.kpWaldF, `${eff.F} vs ${iv.ivDiagnostics.kpWaldF}`);
  });

  it("ai is endogenous by construction: OLS misses its estimand by more than ten standard errors", () => {
    assert.ok(Math.abs(ols.coef.ai - estimands.ols.value) / ols.se.ai > 10);
  });
});

describe("weak-instrument and Wu–Hausman sentences on Table 5's 2SLS", () => {
  it("reports the ratio of the Kleibergen–Paap F to the iid Cragg–Donald F, about a quarter here", () => {
    const d = iv.ivDiagnostics;
    const ratio = d.kpWaldF / d.cdWaldF;
    assert.ok(ratio > 0.2 && ratio < 0.3, String(ratio));
    const s = describeIidVersusRobustF(iv);
    assert.ok(s.includes(`the cluster-robust Kleibergen–Paap F (${d.kpWaldF.toFixed(2)}) is ${ratio.toFixed(2)} times the iid Cragg–Donald F (${d.cdWaldF.toFixed(2)}), so the iid statistic would overstate`), s);
  });

  it("the instrument passes the effective-F screen and the Anderson–Rubin set is bounded and, like the Wald interval, excludes zero", () => {
    const d = iv.ivDiagnostics;
    assert.ok(d.effectiveF!.F > d.effectiveF!.critical["10%"]);
    const ar = iv.andersonRubinSet(0.95);
    const [lo, hi] = iv.confint(0.95).ai;
    assert.equal(ar.shape, "interval");
    assert.ok(ar.upper! < 0 && hi < 0 && lo < ar.upper!);
    assert.ok(/passes the weak-instrument screens/.test(describeIvEffect(iv)) || /passes the screens/.test(describeIvEffect(iv)), describeIvEffect(iv));
  });

  it("the iid Wu–Hausman rejects at 5% and the control-function one under clustering does not, as the sentence says", () => {
    const d = iv.ivDiagnostics;
    assert.ok(d.wuHausman.p < 0.05 && d.wuHausmanRobust.p > 0.05 && d.wuHausmanRobust.p < 0.1, `${d.wuHausman.p}, ${d.wuHausmanRobust.p}`);
    const s = describeWuHausman(iv);
    assert.ok(s.includes(`rejects exogeneity at 5% (F = ${d.wuHausman.stat.toFixed(2)}, p = ${d.wuHausman.p.toFixed(3)})`), s);
    assert.ok(s.includes(`does not reject it at 5% (F = ${d.wuHausmanRobust.stat.toFixed(2)}, p = ${d.wuHausmanRobust.p.toFixed(3)})`), s);
  });
});

describe("lagged AI (the markdown and exercise 04.3)", () => {
  let data = latent as unknown as Parameters<typeof panelLag>[0];
  for (const column of ["ai", "ai_iv", "ai_true", "shock"]) data = panelLag(data, { unit: "code", time: "year", column, k: 1 }).data;
  const lagged = data as unknown as Record<string, Float64Array>;
  const LAG_OLS = `shrink ~ ai_lag1 + ${CONTROLS} | code + year`;
  const LAG_IV = `shrink ~ ${CONTROLS} | code + year | ai_lag1 ~ ai_iv_lag1`;
  const lagEstimands = olsIvEstimands({ ols: LAG_OLS, iv: LAG_IV }, { data: lagged });
  const coef = (formula: string, term: string, d: unknown = lagged) => feols(formula, d as never).coef[term];

  it("the shock is drawn anew each year: its correlation with last year's is below 3/√N", () => {
    const rows = Array.from(lagged.shock_lag1.keys()).filter((i) => Number.isFinite(lagged.shock_lag1[i]));
    const x = rows.map((i) => lagged.shock[i]);
    const y = rows.map((i) => lagged.shock_lag1[i]);
    const mean = (v: number[]) => v.reduce((s, a) => s + a, 0) / v.length;
    const [mx, my] = [mean(x), mean(y)];
    const cov = x.reduce((s, v, k) => s + (v - mx) * (y[k] - my), 0);
    const r = cov / Math.sqrt(x.reduce((s, v) => s + (v - mx) ** 2, 0) * y.reduce((s, v) => s + (v - my) ** 2, 0));
    assert.ok(Math.abs(r) < 3 / Math.sqrt(rows.length), `r = ${r}`);
  });

  it("lagging changes the estimand: last year's true robots give an OLS estimand far from this year's", () => {
    assert.ok(Math.abs(lagEstimands.ols.value - estimands.ols.value) > 0.2, `${lagEstimands.ols.value} vs ${estimands.ols.value}`);
  });

  it("OLS with the recorded lag falls short of its estimand (towards zero), and the recording error is why", () => {
    const observed = coef(LAG_OLS, "ai_lag1");
    assert.ok(Math.abs(observed) < Math.abs(lagEstimands.ols.value));
    const withShock = coef(LAG_OLS.replace("ai_lag1 +", "ai_lag1 + shock +"), "ai_lag1");
    const trueWithShock = coef(LAG_OLS.replace("ai_lag1 +", "ai_true_lag1 + shock +"), "ai_true_lag1");
    assert.ok(Math.abs(trueWithShock - lagEstimands.ols.value) < Math.abs(withShock - lagEstimands.ols.value), `${trueWithShock}, ${withShock}`);
  });

  it("this year's shock hardly moves the lagged regression (under a quarter of what it does to the current one)", () => {
    const shift = (x: string, d: unknown) => coef(OLS.replace("ai +", `${x} +`), x, d) - coef(OLS.replace("ai +", `${x} + shock +`), x, d);
    const lagShift = Math.abs(shift("ai_true_lag1", lagged));
    const currentShift = Math.abs(shift("ai_true", latent));
    assert.ok(lagShift < currentShift / 4, `${lagShift} vs ${currentShift}`);
  });

  it("lagged 2SLS covers its own estimand", () => {
    const fit = feols(LAG_IV, lagged as never, { vcov });
    const [lo, hi] = fit.confint(0.95).ai_lag1;
    assert.ok(lo <= lagEstimands.iv.value && lagEstimands.iv.value <= hi);
  });

  it("exercise 04.3's explanation quotes these numbers", () => {
    const lagPanel = panelLag(panelLag(panel, { unit: "code", time: "year", column: "ai", k: 1 }).data, { unit: "code", time: "year", column: "ai_iv", k: 1 }).data;
    const answer = feols(LAG_IV.replace("shrink ~", "shrink ~"), lagPanel, { vcov }).coef.ai_lag1;
    const result = checkExercise("04.3", answer, { panel });
    assert.equal(result.status, "correct");
    assert.ok(result.feedback.includes(`gives ${lagEstimands.ols.value.toFixed(3)}, against ${estimands.ols.value.toFixed(3)} for this year's: lagging changes the estimand`), result.feedback);
    assert.ok(result.feedback.includes(`its own estimand (${lagEstimands.iv.value.toFixed(3)})`), result.feedback);
  });
});

describe("exercise 04.4: each bias alone pulls OLS towards zero; weighting works the other way", () => {
  const on = (x: string, shock: boolean) => feols(OLS.replace("ai +", shock ? `${x} + shock +` : `${x} +`), latent).coef[x];
  const [both, confounding, measurement, neither] = [ols.coef.ai, on("ai_true", false), on("ai", true), on("ai_true", true)];

  it("the confounding-only and measurement-error-only regressions lie between the observed OLS and the regression with neither problem", () => {
    for (const single of [confounding, measurement]) {
      assert.ok(Math.abs(single) < Math.abs(neither), `${single} vs ${neither}`);
      assert.ok(Math.abs(both) < Math.abs(single), `${both} vs ${single}`);
    }
  });

  it("the 2SLS estimand is closer to zero than the OLS estimand (the question's premise), and 2SLS's estimate farther than OLS's", () => {
    assert.ok(Math.abs(estimands.iv.value) < Math.abs(estimands.ols.value));
    assert.ok(Math.abs(iv.coef.ai) > Math.abs(ols.coef.ai));
  });

  it("the check quotes the latent numbers with the verdict", () => {
    const result = checkExercise("04.4", "a", { panel });
    assert.equal(result.status, "correct");
    assert.ok(result.feedback.includes(`olsTrueAi = ${confounding.toFixed(4)}`) && result.feedback.includes(`olsNeither = ${neither.toFixed(4)}`), result.feedback);
  });
});

describe("the sentence builders, in English and Chinese", () => {
  const e: OlsIvEstimands = {
    ols: { value: -0.78, formula: "", commonEffect: -0.79 },
    iv: { value: -0.6, formula: "", commonEffect: -0.77 },
    totalEffect: -0.79,
    ivNegativeWeights: 140,
    units: 287,
  };
  it("describeEstimands reads the common-effect counterfactual and the negative weights", () => {
    const s = describeEstimands(e);
    assert.ok(s.startsWith("Had every city the mean total effect (-0.790), the OLS estimand would be -0.790 and the 2SLS estimand -0.770, instead of -0.780 and -0.600"), s);
    assert.ok(s.includes("negative in 140 of 287 cities"), s);
    const zh = describeEstimands(e, { lang: "zh", digits: 2 });
    assert.ok(zh.startsWith("若每个城市的效应都等于平均总效应（-0.79），OLS的估计目标将为-0.79，2SLS的估计目标将为-0.77，而实际分别为-0.78和-0.60"), zh);
    assert.ok(zh.includes("287个城市中有140个城市"), zh);
  });

  const fit = (kp: number, cd: number, vcovType = "Clustered (code): …") => ({
    vcovType,
    ivDiagnostics: { kpWaldF: kp, cdWaldF: cd, wuHausman: { stat: 5.3, df1: 1, df2: 4551, p: 0.0213 }, wuHausmanRobust: { stat: 3.28, df1: 1, df2: 286, p: 0.0712 } },
  });
  it("describeIidVersusRobustF states the ratio and which way the iid statistic errs", () => {
    assert.equal(
      describeIidVersusRobustF(fit(40, 160)),
      "Stock–Yogo's critical values assume iid errors: here the cluster-robust Kleibergen–Paap F (40.00) is 0.25 times the iid Cragg–Donald F (160.00), so the iid statistic would overstate the instrument's strength; the screen that fits is the effective F, computed under the model's variance.",
    );
    assert.ok(describeIidVersusRobustF(fit(50, 25, "Heteroskedasticity-robust (HC1): …")).includes("the heteroskedasticity-robust Kleibergen–Paap F (50.00) is 2.00 times the iid Cragg–Donald F (25.00), so the iid statistic would understate"));
    assert.ok(describeIidVersusRobustF(fit(40, 160), { lang: "zh" }).includes("此处聚类稳健的Kleibergen–Paap F（40.00）是iid的Cragg–Donald F（160.00）的0.25倍，iid统计量会高估工具变量的强度"));
  });
  it("describeWuHausman gives each version's decision at 5%", () => {
    assert.equal(
      describeWuHausman(fit(40, 160)),
      "The classical Wu–Hausman test, which assumes iid errors, rejects exogeneity at 5% (F = 5.30, p = 0.021); its control-function form under the model's variance does not reject it at 5% (F = 3.28, p = 0.071).",
    );
    assert.equal(describeWuHausman(fit(40, 160), { lang: "zh" }), "假定iid误差的经典Wu–Hausman检验在5%水平上拒绝外生性（F = 5.30, p = 0.021）；在模型的方差设定下的控制函数形式在5%水平上不能拒绝外生性（F = 3.28, p = 0.071）。");
  });
  it("each rejects an unknown option, naming it; olsIvEstimands refuses a formula without the regressor", () => {
    const typo = { seedd: 1 } as never;
    for (const call of [() => describeEstimands(e, typo), () => describeIidVersusRobustF(fit(1, 2), typo), () => describeWuHausman(fit(1, 2), typo), () => olsIvEstimands({ ols: OLS, iv: IV }, typo)]) {
      assert.throws(call, (error: unknown) => error instanceof KitError && /"seedd"/.test((error as Error).message));
    }
    assert.throws(() => olsIvEstimands({ ols: "shrink ~ lnpgdp | code + year", iv: IV }, { data: latent as never }), /has no term "ai"/);
    assert.throws(() => olsIvEstimands({ ols: OLS, iv: OLS }, { data: latent as never }), /has no IV part/);
  });
});
