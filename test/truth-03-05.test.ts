/**
 * The claims notebooks 03 and 05 make, held against the simulation's truth (loadLatentPanel: true ai,
 * the shock, the error-free outcome). If a change to the simulator or the estimators makes one of
 * these sentences false, a test here fails.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { feols, partialCorrelation, describeVariables, dropUnits, restrictYears, winsorize } from "../lib/index";
import { loadLatentPanel, readTruth } from "../lib/study/index";

const panel = loadLatentPanel();
const truth = readTruth();
const controlNames = ["lnpgdp", "gov", "fin", "open", "hc", "infra", "density"];
const controls = controlNames.join(" + ");
const cluster = { cluster: "code" };
const full = feols(`shrink ~ ai + ${controls} | code + year`, panel, { vcov: cluster });

/** Pearson correlation of two equally long arrays. */
function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ma = 0, mb = 0;
  for (let i = 0; i < a.length; i++) (ma += a[i]), (mb += b[i]);
  ma /= a.length;
  mb /= b.length;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < a.length; i++) (sab += (a[i] - ma) * (b[i] - mb)), (saa += (a[i] - ma) ** 2), (sbb += (b[i] - mb) ** 2);
  return sab / Math.sqrt(saa * sbb);
}

/** Correlation of a city-year series with its own value one year earlier, within cities. */
function lagOneAutocorrelation(x: ArrayLike<number>): number {
  const now: number[] = [], before: number[] = [];
  for (let i = 1; i < panel.code.length; i++) {
    if (panel.code[i] === panel.code[i - 1] && panel.year[i] === panel.year[i - 1] + 1) (now.push(x[i]), before.push(x[i - 1]));
  }
  return correlation(now, before);
}

describe("partialCorrelation", () => {
  it("equals the correlation of the two variables residualized on the fixed effects (Frisch–Waugh–Lovell)", () => {
    const a = feols("ai ~ i(year) | code", panel).residuals;
    const b = feols("density ~ i(year) | code", panel).residuals;
    const r = partialCorrelation(panel, "ai", "density", { fe: "code + year" });
    assert.ok(Math.abs(r - correlation(a, b)) < 1e-10, `${r} vs ${correlation(a, b)}`);
  });
  it("rejects an unknown option and the same variable twice", () => {
    assert.throws(() => partialCorrelation(panel, "ai", "gov", { fe: "code", absorb: "year" } as never), /absorb/);
    assert.throws(() => partialCorrelation(panel, "ai", "ai"), /both "ai"/);
  });
});

describe("notebook 03 against the truth", () => {
  it("the coefficient is stable because the controls are nearly unrelated to robots, observed and true (|r| < 0.1)", () => {
    for (const c of controlNames) {
      assert.ok(Math.abs(partialCorrelation(panel, "ai", c, { fe: "code + year" })) < 0.1, c);
      assert.ok(Math.abs(partialCorrelation(panel, "ai_true", c, { fe: "code + year" })) < 0.1, `${c} (true ai)`);
    }
  });
  it("population density's coefficient lies many standard errors from its true value: controls are not effects", () => {
    const gap = Math.abs(full.coef.density - truth.params.controls.density) / full.se.density;
    assert.ok(gap > 3, `only ${gap.toFixed(2)} SEs`);
  });
  it("density's bias comes mainly from the common slope of ai: with the four group slopes it shrinks, and vanishes on the error-free outcome", () => {
    const slopes = "ai:shrinking + ai:hu_se + ai:peripheral + ai:resource";
    const observed = feols(`shrink ~ ai + ${slopes} + ${controls} | code + year`, panel, { vcov: cluster });
    const gamma = truth.params.controls.density;
    assert.ok(Math.abs(observed.coef.density - gamma) < Math.abs(full.coef.density - gamma) / 2, `${observed.coef.density}`);
    const trueSlopes = "ai_true:shrinking + ai_true:hu_se + ai_true:peripheral + ai_true:resource";
    const errorFree = feols(`shrink_noerr ~ ai_true + ${trueSlopes} + shock + ${controls} | code + year`, panel);
    assert.ok(Math.abs(errorFree.coef.density - gamma) < 0.05, `error-free density ${errorFree.coef.density}`);
    const errorFreeCommon = feols(`shrink_noerr ~ ai_true + shock + ${controls} | code + year`, panel);
    assert.ok(Math.abs(errorFreeCommon.coef.density - gamma) > 1, `common slope, error-free: ${errorFreeCommon.coef.density}`);
  });
  it("the simulated shock and noise are independent over a city's years, so clustering changes the SE little", () => {
    assert.ok(Math.abs(lagOneAutocorrelation(panel.shock)) < 0.05);
    const noise = panel.shrink.map((v, i) => v - panel.shrink_noerr[i]);
    assert.ok(Math.abs(lagOneAutocorrelation(noise)) < 0.05);
    const iid = feols(`shrink ~ ai + ${controls} | code + year`, panel);
    const ratio = full.se.ai / iid.se.ai;
    assert.ok(ratio > 1 && ratio < 1.25, `ratio ${ratio}`);
  });
  it("the within SD of ai, which the fixed effects use, is well below the pooled SD", () => {
    const within = feols("ai ~ i(year) | code", panel).residuals;
    const sdWithin = describeVariables({ w: within }, ["w"])[0].sd;
    const sdPooled = describeVariables(panel, ["ai"])[0].sd;
    assert.ok(sdWithin < sdPooled / 2, `${sdWithin} vs ${sdPooled}`);
  });
});

describe("notebook 05 against the truth", () => {
  const fe = ["code + year", "code + year", "code + year", "code + province^year"];
  const samples = [
    winsorize(panel, ["shrink", "ai"], { lower: 0.01, upper: 0.99, by: "year" }).data,
    dropUnits(panel, "municipality", [1]).data,
    restrictYears(panel, "year", { drop: [2020, 2021, 2022] }).data,
    panel,
  ];
  const checks = samples.map((data, k) => feols(`shrink ~ ai + ${controls} | ${fe[k]}`, data, { vcov: cluster }));
  it("every robustness check is attenuated relative to the OLS estimand, each interval excluding it", () => {
    const estimand = feols(`shrink_noerr ~ ai_true + shock + ${controls} | code + year`, panel).coef.ai_true;
    for (const f of checks) {
      assert.ok(Math.abs(f.coef.ai) < Math.abs(estimand) && Math.sign(f.coef.ai) === Math.sign(estimand));
      const [lo, hi] = f.confint(0.95).ai;
      assert.ok(estimand < lo || estimand > hi, `interval [${lo}, ${hi}] covers ${estimand}`);
    }
  });
  it("province × year effects drop exactly the municipalities' city-years as singletons", () => {
    const municipalityRows = Array.from(panel.municipality).filter((m) => m === 1).length;
    assert.equal(checks[3].dropped.singletons, municipalityRows);
    assert.equal(checks[3].nobs, panel.code.length - municipalityRows);
  });
  it("robot paths are not exchangeable across cities: they follow the industry-mix exposure", () => {
    const r = partialCorrelation(panel, "ai_iv", "ai", { fe: "code + year" });
    const fit = feols(`ai ~ ai_iv | code + year`, panel, { vcov: cluster });
    assert.ok(r > 0.1 && fit.pvalue.ai_iv < 0.001, `r = ${r}, p = ${fit.pvalue.ai_iv}`);
  });
});
