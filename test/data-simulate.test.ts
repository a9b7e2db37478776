/**
 * The simulated panel has the magnitudes of design §6 and the structure data/truth.json states.
 * Reference numbers: design §6's targets (population growth mean ≈ 0.2 %, SD ≈ 1.4 %, ≈ 40 % of cities
 * declining 2010–2020 including all of Heilongjiang, ln GDP per capita ≈ 9.7 → ≈ 11.0 current, ≈ 10.7 at
 * 2007 prices, tertiary/secondary ≈ 0.9 → 1.5, China's robot stock ≈ 52 k in 2010 and ≈ 783 k in 2019).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { simulatePanel } from "../lib/study/simulate/panel";
import { DEFAULT_PARAMS, withParams } from "../lib/study/simulate/params";
import { loadRegistry } from "../lib/study/registry";

const data = path.resolve(__dirname, "..", "data");
const truth = JSON.parse(fs.readFileSync(path.join(data, "truth.json"), "utf8"));
const cal = truth.calibration;
const registry = loadRegistry();

test("all of Heilongjiang's cities lose population from 2010 to 2020, and about 40 % of all cities do", () => {
  const [dec, all] = String(cal.heilongjiang_declining).split("/").map(Number);
  assert.equal(all, registry.filter((c) => c.province_code === "23").length);
  assert.equal(dec, all);
  assert.ok(cal.declining_2010_2020_share > 0.33 && cal.declining_2010_2020_share < 0.47, String(cal.declining_2010_2020_share));
});

test("population growth has mean ≈ 0.2 % and SD ≈ 1.4 %", () => {
  assert.ok(Math.abs(cal.growth_mean_pct - 0.2) < 0.1, String(cal.growth_mean_pct));
  assert.ok(cal.growth_sd_pct > 1.1 && cal.growth_sd_pct < 1.7, String(cal.growth_sd_pct));
});

test("GDP per capita, industrial structure and robot stocks have the design's magnitudes", () => {
  assert.ok(Math.abs(cal.lnpgdp_current_2007 - 9.7) < 0.15);
  assert.ok(Math.abs(cal.lnpgdp_current_2021 - 11.0) < 0.15);
  assert.ok(Math.abs(cal.lnpgdp_real_2021 - 10.7) < 0.15);
  assert.ok(Math.abs(cal.lnpgdp_sd_2007 - 0.7) < 0.15);
  assert.ok(Math.abs(cal.isu_2007 - 0.9) < 0.1);
  assert.ok(Math.abs(cal.isu_2019 - 1.5) < 0.1);
  assert.ok(Math.abs(cal.china_robot_stock_2010 - 52000) < 2000);
  assert.ok(Math.abs(cal.china_robot_stock_2019 - 783000) < 10000);
});

test("truth.json: the total effect is the direct effect plus Σ a_k·b_k, and every group level is stronger", () => {
  const m = truth.effects.mechanisms;
  const ab = m.pop_return.a * m.pop_return.b + m.iei.a * m.iei.b + m.isu.a * m.isu.b;
  assert.ok(Math.abs(truth.effects.indirect - ab) < 1e-12);
  assert.ok(Math.abs(truth.effects.total.mean - (truth.effects.direct.mean + ab)) < 1e-12);
  assert.ok(truth.effects.total.mean < 0);
  for (const g of ["shrinking", "hu_se", "peripheral", "resource"]) {
    assert.ok(truth.groups[g]["1"].total_effect_mean < truth.groups[g]["0"].total_effect_mean, g);
    assert.ok(truth.groups[g].difference_total < 0, g);
  }
});

test("OLS is attenuated (about 1/2–2/3 of the total effect), still significant; the first stage is strong", () => {
  const ols = truth.reference_estimates.ols;
  const ratio = ols.coef / truth.effects.total.mean;
  assert.ok(ratio > 0.45 && ratio < 0.7, `OLS/total = ${ratio}`);
  assert.ok(ols.coef / ols.se < -3);
  assert.ok(truth.estimands.iv.firstStageF > 30);
  assert.ok(Math.abs(truth.reference_estimates.iv.coef) > Math.abs(ols.coef));
});

test("simulatePanel: same seed, same numbers; another seed, other numbers; a changed parameter moves the truth", () => {
  const a = simulatePanel(DEFAULT_PARAMS, 11, registry);
  const b = simulatePanel(DEFAULT_PARAMS, 11, registry);
  const c = simulatePanel(DEFAULT_PARAMS, 12, registry);
  assert.deepEqual(Array.from(a.shrink), Array.from(b.shrink));
  assert.deepEqual(Array.from(a.ai_iv), Array.from(b.ai_iv));
  assert.notDeepEqual(Array.from(a.shrink), Array.from(c.shrink));
  assert.equal(a.code.length, 287 * 17);
  const d = simulatePanel(withParams({ effect: { direct: -0.5 } }), 11, registry);
  assert.ok(Math.abs(d.effect_direct[0] - a.effect_direct[0] + 0.4) < 1e-12);
});

