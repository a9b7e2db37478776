/** Workshop helpers: the Monte Carlo study (agreement with fresh fits, coverage counting, the fixed target, determinism), the weak-instrument rows, budgets, checks. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { feols, isIvResult } from "../lib/index";
import { DEFAULT_PARAMS, loadRegistry, simulatePanel } from "../lib/study/index";
import { OptionsError } from "../lib/errors";
import { tQuantile } from "../lib/distributions/index";
import { Rng } from "../lib/random/rng";
import { checkAnswer, draws, monteCarloStudy, resamplingLevel, POPULATION_ESTIMAND, showError, weakInstrumentExperiment, weakInstrumentRows } from "../lib/workshop/index";

const cities = loadRegistry();

describe("monteCarloStudy", () => {
  const study = monteCarloStudy({ draws: 3, seed: 11, cities, noiseLevels: [1.5] });
  const controls = "lnpgdp + gov + fin + open + hc + infra + density";
  const close = (a: number, b: number) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${a} vs ${b}`);
  it("gives the same numbers as fresh fits on each redrawn panel", () => {
    const panel = simulatePanel(DEFAULT_PARAMS, 12, cities);
    const ols = feols(`shrink ~ ai + ${controls} | code + year`, panel, { vcov: { cluster: "code" } });
    const iv = feols(`shrink ~ ${controls} | code + year | ai ~ ai_iv`, panel, { vcov: { cluster: "code" } });
    const ivIid = feols(`shrink ~ ${controls} | code + year | ai ~ ai_iv`, panel, { vcov: "iid" });
    const target = feols(`shrink_noerr ~ ${controls} | code + year | ai ~ ai_iv`, panel);
    assert.ok(isIvResult(iv));
    close(study.ols[1], ols.coef.ai);
    close(study.iv[1], iv.coef.ai);
    close(study.ivSeCluster[1], iv.se.ai);
    close(study.ivSeIid[1], ivIid.se.ai);
    close(study.kpF[1], iv.ivDiagnostics.kpWaldF);
    close(study.drawEstimand[1], target.coef.ai);
    assert.equal(study.dfCluster, iv.dfT);
  });
  it("fits the noisier instrument of noiseLevels on the same panel: z + N(0, (k·SD(z))²) from the draw's own stream", () => {
    const panel = simulatePanel(DEFAULT_PARAMS, 13, cities);
    const z = Float64Array.from(panel.ai_iv as ArrayLike<number>);
    const m = z.reduce((s, v) => s + v, 0) / z.length;
    const sd = Math.sqrt(z.reduce((s, v) => s + (v - m) ** 2, 0) / (z.length - 1));
    const rng = new Rng(13).fork("instrument noise");
    const noisy = { ...panel, ai_iv: Float64Array.from(z, (v) => v + rng.gauss(0, 1.5 * sd)) };
    const iv = feols(`shrink ~ ${controls} | code + year | ai ~ ai_iv`, noisy, { vcov: { cluster: "code" } });
    assert.ok(isIvResult(iv));
    assert.equal(study.noisy[0].instrumentNoise, 1.5);
    close(study.noisy[0].iv[2], iv.coef.ai);
    close(study.noisy[0].se[2], iv.se.ai);
    close(study.noisy[0].kpF[2], iv.ivDiagnostics.kpWaldF);
  });
  it("counts coverage of the fixed target as the share of b ± t·SE containing it, with SE √(c(1 − c)/B)", () => {
    const t = study.target.value;
    const count = (se: Float64Array, df: number, target: (d: number) => number) =>
      Array.from(study.iv).filter((b, d) => Math.abs(b - target(d)) <= tQuantile(0.975, df) * se[d]).length / study.draws;
    const dfIid = feols(`shrink ~ ${controls} | code + year | ai ~ ai_iv`, simulatePanel(DEFAULT_PARAMS, 11, cities)).dfT;
    assert.equal(study.coverage.cluster, count(study.ivSeCluster, study.dfCluster, () => t));
    assert.equal(study.coverage.iid, count(study.ivSeIid, dfIid, () => t));
    assert.equal(study.drawCoverage.iid, count(study.ivSeIid, dfIid, (d) => study.drawEstimand[d]));
    const c = study.coverage.cluster;
    close(study.coverage.clusterMcSe, Math.sqrt((c * (1 - c)) / 3));
  });
  it("measures coverage against the precomputed population estimand on the default simulation, else against the mean of its own draws", () => {
    assert.equal(study.target.source, "precomputed");
    assert.equal(study.target.value, POPULATION_ESTIMAND.value);
    const other = monteCarloStudy({ draws: 2, seed: 11, cities, iid: false, params: { ...DEFAULT_PARAMS, shrinkNoiseSd: 0.5 } });
    assert.equal(other.target.source, "these draws");
    close(other.target.value, (other.drawEstimand[0] + other.drawEstimand[1]) / 2);
  });
  it("is reproducible: the same seed gives the same bytes", () => {
    const again = monteCarloStudy({ draws: 3, seed: 11, cities, noiseLevels: [1.5] });
    assert.deepEqual(Array.from(again.iv), Array.from(study.iv));
    assert.deepEqual(Array.from(again.noisy[0].iv), Array.from(study.noisy[0].iv));
    assert.deepEqual(again.coverage, study.coverage);
  });
  it("noise on the instrument weakens the first stage but leaves each draw's error-free 2SLS alone", () => {
    const noisy = monteCarloStudy({ draws: 3, seed: 11, cities, iid: false, instrumentNoise: 1 });
    assert.deepEqual(Array.from(noisy.drawEstimand), Array.from(study.drawEstimand));
    for (let d = 0; d < 3; d++) assert.ok(noisy.kpF[d] < study.kpF[d]);
  });
  it("refuses bad noise levels, naming the option", () => {
    assert.throws(() => monteCarloStudy({ draws: 2, seed: 1, noiseLevels: [-1] }), (e: unknown) => e instanceof OptionsError && /noiseLevels/.test((e as Error).message));
    assert.throws(() => weakInstrumentExperiment({ instrumentNoise: [], draws: 2, seed: 1 }), (e: unknown) => e instanceof OptionsError && /at least one noise level/.test((e as Error).message));
  });
});

describe("weakInstrumentRows", () => {
  const study = monteCarloStudy({ draws: 5, seed: 21, cities, iid: false, noiseLevels: [2] });
  const rows = weakInstrumentRows(study);
  const median = (x: ArrayLike<number>) => {
    const s = Array.from(x).sort((a, b) => a - b);
    return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
  };
  it("has one row for the study's own instrument and one per noise level, with medians, not means", () => {
    assert.deepEqual(rows.map((r) => r.instrumentNoise), [0, 2]);
    assert.equal(rows[1].medianIv, median(study.noisy[0].iv));
    assert.equal(rows[0].medianKpF, median(study.kpF));
    assert.equal(rows[1].medianBias, rows[1].medianIv - study.target.value);
  });
  it("counts rejections of the true target by the nominal 5% clustered t-test", () => {
    const t = tQuantile(0.975, study.dfCluster);
    const n = study.noisy[0];
    const rejected = Array.from(n.iv).filter((b, d) => Math.abs(b - study.target.value) > t * n.se[d]).length;
    assert.equal(rows[1].rejectTarget, rejected / 5);
  });
  it("gives the median bias a bootstrap Monte Carlo SE no smaller than the target's own, reproducibly", () => {
    for (const r of rows) assert.ok(r.medianBiasMcSe > study.target.mcSe && Number.isFinite(r.medianBiasMcSe));
    assert.deepEqual(weakInstrumentRows(study), rows);
  });
});

describe("workshop helpers", () => {
  it("resampling budgets switch with KIT_RESAMPLING=full and smoke", () => {
    const previous = process.env.KIT_RESAMPLING;
    const at = (level: string | undefined) => {
      if (level === undefined) delete process.env.KIT_RESAMPLING;
      else process.env.KIT_RESAMPLING = level;
      return { level: resamplingLevel(), bootstrap: draws("bootstrap"), montecarlo: draws("montecarlo") };
    };
    try {
      const [fast, full, smoke, other] = [at(undefined), at("full"), at("smoke"), at("quick")];
      assert.deepEqual([fast.level, full.level, smoke.level, other.level], ["fast", "full", "smoke", "fast"]);
      assert.ok(full.bootstrap > fast.bootstrap && full.bootstrap >= 999, `${fast.bootstrap} → ${full.bootstrap}`);
      assert.ok(smoke.bootstrap < fast.bootstrap && smoke.montecarlo < fast.montecarlo && smoke.montecarlo >= 2, JSON.stringify(smoke));
      assert.deepEqual(other, { ...fast, level: "fast" }, "an unknown level gives the fast defaults");
    } finally {
      at(previous);
    }
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
