/**
 * The simulated panel reproduces the paper's findings with the kit's estimator, and the estimator agrees
 * with the simulator's independent routine (lib/study/simulate/twfe.ts, reported in data/truth.json):
 *  - two-way FE OLS of shrink on ai (lagged controls, city-clustered) is significantly negative but biased
 *    towards zero relative to the total effect in data/truth.json;
 *  - 2SLS with ai_iv is within two standard errors of the 2SLS estimand in data/truth.json;
 *  - the first-stage partial F exceeds 10.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { feols } from "../lib/index";
import { readPanel } from "../lib/study/readPanel";
import { readTruth } from "../lib/study/readTruth";

const truth = readTruth();
const panel = readPanel();
const controls = "lnpgdp + gov + fin + open + hc + infra + density";
const opts = { vcov: { cluster: "code" } } as const;
/** The partial F as a number (the result may hold it as a number or as an F test with `.stat`). */
const statOf = (f: unknown): number => (typeof f === "number" ? f : (f as { stat: number }).stat);

test("two-way FE OLS: significantly negative, but smaller in magnitude than the total effect", () => {
  const fit = feols(`shrink ~ ai + ${controls} | code + year`, panel, opts);
  const b = fit.coef.ai;
  const total = truth.effects.total.mean;
  assert.ok(b < 0, `OLS ${b}`);
  assert.ok(fit.pvalue.ai < 0.01, `p = ${fit.pvalue.ai}`);
  assert.ok(Math.abs(b) < Math.abs(total), `OLS ${b} vs total ${total}`);
  // the same numbers as the simulator's own routine
  assert.ok(Math.abs(b - truth.reference_estimates.ols.coef) < 1e-8);
  assert.ok(Math.abs(fit.se.ai / truth.reference_estimates.ols.se - 1) < 1e-6);
});

test("2SLS with the US shift-share instrument is within two SEs of the 2SLS estimand; first-stage F > 10", () => {
  const iv = feols(`shrink ~ ${controls} | code + year | ai ~ ai_iv`, panel, opts);
  const b = iv.coef.ai;
  const se = iv.se.ai;
  const estimand = truth.estimands.iv.value;
  assert.ok(Math.abs(b - estimand) < 2 * se, `2SLS ${b} (SE ${se}) vs estimand ${estimand}`);
  assert.ok(statOf(iv.firstStage.ai.partialF) > 10, `F = ${statOf(iv.firstStage.ai.partialF)}`);
  assert.ok(b < 0);
  assert.ok(Math.abs(b - truth.reference_estimates.iv.coef) < 1e-8);
  assert.ok(Math.abs(statOf(iv.firstStage.ai.partialF) / (truth.reference_estimates.iv.partialF as number) - 1) < 1e-6);
});

test("2SLS with year-specific slopes of share_sum stays within two SEs of its estimand", () => {
  const iv = feols(`shrink ~ ${controls} + i(year, share_sum) | code + year | ai ~ ai_iv`, panel, opts);
  const b = iv.coef.ai;
  assert.ok(Math.abs(b - truth.estimands.iv_share_sum.value) < 2 * iv.se.ai, `2SLS ${b} (SE ${iv.se.ai}) vs ${truth.estimands.iv_share_sum.value}`);
  assert.ok(statOf(iv.firstStage.ai.partialF) > 10);
});
