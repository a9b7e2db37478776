/** Workshop helpers: the Monte Carlo study (determinism, agreement with fresh fits), budgets, checks. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { feols, isIvResult } from "../lib/index";
import { DEFAULT_PARAMS, loadRegistry, simulatePanel } from "../lib/study/index";
import { checkAnswer, draws, monteCarloStudy, showError } from "../lib/workshop/index";

const cities = loadRegistry();

describe("monteCarloStudy", () => {
  const study = monteCarloStudy({ draws: 3, seed: 11, cities });
  it("gives the same numbers as fresh fits on each redrawn panel", () => {
    const panel = simulatePanel(DEFAULT_PARAMS, 12, cities);
    const controls = "lnpgdp + gov + fin + open + hc + infra + density";
    const ols = feols(`shrink ~ ai + ${controls} | code + year`, panel, { vcov: { cluster: "code" } });
    const iv = feols(`shrink ~ ${controls} | code + year | ai ~ ai_iv`, panel, { vcov: { cluster: "code" } });
    const target = feols(`shrink_noerr ~ ${controls} | code + year | ai ~ ai_iv`, panel);
    assert.ok(isIvResult(iv));
    const close = (a: number, b: number) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${a} vs ${b}`);
    close(study.ols[1], ols.coef.ai);
    close(study.iv[1], iv.coef.ai);
    close(study.ivSeCluster[1], iv.se.ai);
    close(study.firstStageF[1], iv.firstStage.ai.partialF.stat);
    close(study.estimand[1], target.coef.ai);
  });
  it("is reproducible: the same seed gives the same bytes", () => {
    const again = monteCarloStudy({ draws: 3, seed: 11, cities });
    assert.deepEqual(Array.from(again.iv), Array.from(study.iv));
    assert.deepEqual(again.coverage, study.coverage);
  });
  it("noise on the instrument weakens the first stage but leaves the estimand alone", () => {
    const noisy = monteCarloStudy({ draws: 3, seed: 11, cities, iid: false, instrumentNoise: 1 });
    assert.deepEqual(Array.from(noisy.estimand), Array.from(study.estimand));
    for (let d = 0; d < 3; d++) assert.ok(noisy.firstStageF[d] < study.firstStageF[d]);
  });
});

describe("workshop helpers", () => {
  it("resampling budgets switch with KIT_RESAMPLING=full", () => {
    const previous = process.env.KIT_RESAMPLING;
    delete process.env.KIT_RESAMPLING;
    const fast = draws("bootstrap");
    process.env.KIT_RESAMPLING = "full";
    const full = draws("bootstrap");
    if (previous === undefined) delete process.env.KIT_RESAMPLING;
    else process.env.KIT_RESAMPLING = previous;
    assert.ok(full > fast && full >= 999, `${fast} → ${full}`);
  });
  it("checkAnswer accepts a match, and explains a miss or a missing answer", () => {
    assert.match(String(checkAnswer("x", 1.0000000001, 1)["text/plain"]), /^✓/);
    assert.match(String(checkAnswer("x", 1.1, 1)["text/plain"]), /^✗ x: 1\.1 is not/);
    assert.match(String(checkAnswer("x", undefined, 1)["text/plain"]), /no number yet/);
  });
  it("showError shows the error type and message instead of throwing", () => {
    assert.match(String(showError(() => feols("y ~ nope", { y: [1, 2] }))["text/plain"]), /^FormulaError: The regressor "nope"/);
  });
});
