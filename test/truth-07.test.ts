/**
 * Notebook 07's claims held against the data-generating process (issue 18): what the notebook says
 * about step 2 (OLS misses the true a, 2SLS with the baseline's instrument covers it), about the
 * Baron–Kenny a·b (measurement error in ai and the shock bias it; with the true ai and the shock
 * controlled it lands on the truth), and the true shares of the total effect — each re-estimated on
 * the simulation's latent columns (loadLatentPanel) or read from data/truth.json, so that a change in
 * the simulator or the estimators that makes a sentence false fails here. The sentence builders are
 * checked word for word in English and Chinese on hand-made inputs.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeCoverage, describeIndirectEffect, feols, intervalCovers, KitError, mediate, OptionsError, setReportDefaults } from "../lib/index";
import {
  BIAS_VARIANTS,
  describeIndirectBiases,
  indirectBiasTableRows,
  indirectEffectBiases,
  loadLatentPanel,
  loadStudyPanel,
  readTruth,
  trueMediationShares,
  useStudyDefaults,
  type IndirectBiasRow,
} from "../lib/study/index";

const panel = loadStudyPanel();
const latent = loadLatentPanel(panel);
const truth = readTruth();
const CONTROLS = "lnpgdp + gov + fin + open + hc + infra + density";
const RHS = `${CONTROLS} + i(year, share_sum)`;
const cluster = { vcov: { cluster: "code" } };
const MECHANISMS = ["pop_return", "iei", "isu"] as const;
const trueA = (m: (typeof MECHANISMS)[number]) => truth.effects.mechanisms[m].a;
/** Step 2 as notebook 07 runs it: OLS and 2SLS, same controls with i(year, share_sum), city and year FE, clustered by city. */
const stepTwo = Object.fromEntries(
  MECHANISMS.map((m) => [m, { ols: feols(`${m} ~ ai + ${RHS} | code + year`, panel, cluster), iv: feols(`${m} ~ ${RHS} | code + year | ai ~ ai_iv`, panel, cluster) }]),
);
const biases = indirectEffectBiases({ latent, truth });
const row = (m: string, v: IndirectBiasRow["variant"]) => biases.find((r) => r.mediator === m && r.variant === v)!;

describe("the data-generating process behind notebook 07's step-2 markdown", () => {
  it("a is one number per mechanism (homogeneous), the shock raises robot adoption, lowers population return and leaves iei and isu alone", () => {
    for (const m of MECHANISMS) assert.equal(typeof truth.params.mechanisms[m].a, "number");
    assert.ok(truth.params.shock.onAi > 0 && truth.params.shock.onShrink > 0);
    assert.ok(truth.params.mechanisms.pop_return.c < 0);
    assert.equal(truth.params.mechanisms.iei.c, 0);
    assert.equal(truth.params.mechanisms.isu.c, 0);
    assert.ok(truth.params.robots.measurementSd > 0);
  });
  it("on the latent panel the shock's coefficient on pop_return is c within 3 SEs, and ai differs from ai_true (measurement error)", () => {
    const fit = feols(`pop_return ~ ai_true + shock + ${CONTROLS} | code + year`, latent, cluster);
    assert.ok(Math.abs(fit.coef.shock - truth.params.mechanisms.pop_return.c) < 3 * fit.se.shock, `${fit.coef.shock} (${fit.se.shock})`);
    const gaps = Array.from(latent.ai, (v, i) => v - latent.ai_true[i]).filter(Number.isFinite);
    assert.ok(Math.sqrt(gaps.reduce((s, g) => s + g * g, 0) / gaps.length) > 0.05);
  });
});

describe("the instrument is unrelated to what biases OLS step 2 (exercise 07.1's answer)", () => {
  it("ai_iv does not predict the shock or the recording error ai − ai_true given the controls and fixed effects (|t| < 2.5; zero by construction)", () => {
    const data = { ...latent, recording_error: Float64Array.from(latent.ai, (v, i) => v - latent.ai_true[i]) };
    for (const y of ["shock", "recording_error"]) {
      const fit = feols(`${y} ~ ai_iv + ${RHS} | code + year`, data, cluster);
      assert.ok(Math.abs(fit.tstat.ai_iv) < 2.5, `${y}: t = ${fit.tstat.ai_iv}`);
    }
  });
});

describe("step 2: OLS misses the true a, 2SLS with ai_iv covers it (Table 11's sentences)", () => {
  for (const m of MECHANISMS) {
    it(`${m}: the 95% interval of OLS excludes the true a, that of 2SLS contains it, and the sentence says so`, () => {
      const { ols, iv } = stepTwo[m];
      const t = trueA(m);
      assert.equal(intervalCovers(ols.confint(0.95).ai, t), false, `OLS ${ols.coef.ai} (${ols.se.ai})`);
      assert.equal(intervalCovers(iv.confint(0.95).ai, t), true, `2SLS ${iv.coef.ai} (${iv.se.ai})`);
      assert.ok(ols.coef.ai < t, "OLS is attenuated (below the positive true a)");
      const sentence = describeCoverage({ fits: { OLS: ols, "2SLS": iv }, term: "ai", outcome: m, truth: t });
      assert.match(sentence, new RegExp(`OLS .* misses the true ${t.toFixed(3)}.*; 2SLS .* covers it`));
    });
  }
  it("the 2SLS estimates are those the issue reports: 1.74 (0.36), 4.62 (0.60), 0.153 (0.014)", () => {
    const got = MECHANISMS.map((m) => [stepTwo[m].iv.coef.ai, stepTwo[m].iv.se.ai]);
    const want = [[1.736, 0.356], [4.622, 0.597], [0.1526, 0.0142]];
    got.forEach(([b, se], k) => {
      assert.ok(Math.abs(b - want[k][0]) < 5e-4 * Math.max(1, want[k][0]), `${MECHANISMS[k]} b ${b}`);
      assert.ok(Math.abs(se - want[k][1]) < 5e-4 * Math.max(1, want[k][1] * 10), `${MECHANISMS[k]} se ${se}`);
    });
  });
});

describe("Baron–Kenny a·b against the truth (Table 13 and the markdown that reads it)", () => {
  it("with the true ai and the shock controlled, a, b and a·b each lie within 2 SEs of the truth (a·b: 2 Sobel SEs, about 0.009–0.028 here)", () => {
    for (const m of MECHANISMS) {
      const r = row(m, "trueAiShock");
      const fit = mediate({ data: latent, outcome: "shrink", treatment: "ai_true", mediator: m, controls: [...CONTROLS.split(" + "), "shock"], fe: ["code", "year"], vcov: { cluster: "code" } });
      assert.ok(Math.abs(r.indirect - truth.effects.mechanisms[m].ab) < 2 * r.sobelSe, `${m}: a·b ${r.indirect} ± ${r.sobelSe}`);
      assert.ok(Math.abs(fit.a - r.trueA) < 2 * fit.paths.a.se, `${m}: a ${fit.a} (${fit.paths.a.se})`);
      assert.ok(Math.abs(fit.b - r.trueB) < 2 * fit.paths.b.se, `${m}: b ${fit.b} (${fit.paths.b.se})`);
      assert.ok(r.covers);
    }
  });
  it("isu: with the observed ai the interval misses the truth and b is more than twice the true b; the true ai alone brings a·b onto the truth; the shock control moves it by less than one Sobel SE", () => {
    const [obs, tru, shk] = [row("isu", "observed"), row("isu", "trueAi"), row("isu", "trueAiShock")];
    assert.equal(obs.covers, false);
    assert.ok(obs.interval[1] < obs.trueIndirect, "the whole interval lies below the true a·b");
    assert.ok(obs.b / obs.trueB > 2, `b ${obs.b} vs ${obs.trueB}`);
    assert.ok(tru.covers && Math.abs(tru.indirect - tru.trueIndirect) < tru.sobelSe);
    assert.ok(Math.abs(shk.indirect - tru.indirect) < tru.sobelSe);
    assert.ok(Math.abs(bkObserved("isu").sobel.z) > 3, "Sobel z far from zero");
  });
  it("pop_return: the observed a·b lies within one Sobel SE of the truth although a is too small and b too large; the true ai alone leaves a short by over 3 SEs and b overstated; the shock control puts both right", () => {
    const [obs, tru, shk] = [row("pop_return", "observed"), row("pop_return", "trueAi"), row("pop_return", "trueAiShock")];
    const obsFit = bkObserved("pop_return");
    assert.ok(Math.abs(obs.indirect - obs.trueIndirect) < obs.sobelSe);
    assert.ok(obs.trueA - obs.a > 3 * obsFit.paths.a.se, "a attenuated");
    assert.ok(obs.trueB - obs.b > 3 * obsFit.paths.b.se, "b overstated (more negative)");
    const truFit = mediate({ data: latent, outcome: "shrink", treatment: "ai_true", mediator: "pop_return", controls: CONTROLS.split(" + "), fe: ["code", "year"], vcov: { cluster: "code" } });
    assert.ok(tru.trueA - tru.a > 3 * truFit.paths.a.se, "the shock still pulls a down");
    assert.ok(tru.trueB - tru.b > 3 * truFit.paths.b.se, "the shock still overstates b");
    assert.ok(Math.abs(shk.a - shk.trueA) < Math.abs(tru.a - tru.trueA) / 5 && Math.abs(shk.b - shk.trueB) < Math.abs(tru.b - tru.trueB) / 5);
  });
  it("iei: the measurement error attenuates a and overstates b (removing it moves both towards the truth)", () => {
    const [obs, tru] = [row("iei", "observed"), row("iei", "trueAi")];
    assert.ok(obs.a < obs.trueA && Math.abs(obs.b) > Math.abs(obs.trueB));
    assert.ok(Math.abs(tru.a - tru.trueA) < Math.abs(obs.a - obs.trueA));
    assert.ok(Math.abs(tru.b - tru.trueB) < Math.abs(obs.b - obs.trueB));
  });
  it("the observed variant on the latent panel is the Baron–Kenny of Table 12 (same a, b, a·b to 1e-12)", () => {
    for (const m of MECHANISMS) {
      const r = row(m, "observed");
      const bk = bkObserved(m);
      assert.ok(Math.abs(r.a - bk.a) < 1e-12 && Math.abs(r.b - bk.b) < 1e-12 && Math.abs(r.indirect - bk.indirect) < 1e-12);
    }
  });
});

/** Baron–Kenny with the observed ai on the bundled panel, as Table 12 runs it (without the bootstrap). */
function bkObserved(m: string) {
  return mediate({ data: panel, outcome: "shrink", treatment: "ai", mediator: m, controls: CONTROLS.split(" + "), fe: ["code", "year"], vcov: { cluster: "code" } });
}

describe("the true shares of the total effect", () => {
  it("are a_k·b_k / mean total effect, from the structural parameters: ≈ 15 %, 13 %, 11 %, 39 % together", () => {
    const shares = trueMediationShares(truth);
    const p = truth.params.mechanisms;
    const tau = truth.effects.total.mean;
    assert.ok(Math.abs(shares.mechanisms.pop_return.share - (p.pop_return.a * p.pop_return.b) / tau) < 1e-12);
    assert.ok(Math.abs(shares.mechanisms.iei.share - (p.iei.a * p.iei.b) / tau) < 1e-12);
    assert.ok(Math.abs(shares.mechanisms.isu.share - (p.isu.a * p.isu.b) / tau) < 1e-12);
    assert.deepEqual(MECHANISMS.map((m) => Math.round(100 * shares.mechanisms[m].share)), [15, 13, 11]);
    assert.ok(Math.abs(shares.joint - truth.effects.indirect / tau) < 1e-12);
    assert.equal(Math.round(100 * shares.joint), 39);
  });
  it("the mean total effect is the mean over cities of β_i + Σ a_k b_k on the latent panel", () => {
    const perCity = new Map<string, number>();
    panel.code.forEach((c, i) => perCity.set(String(c), latent.effect_total[i]));
    const values = [...perCity.values()];
    assert.ok(Math.abs(values.reduce((s, v) => s + v, 0) / values.length - trueMediationShares(truth).total) < 1e-9);
  });
  it("the mediators are correlated given the noisy ai; with the true ai the separate shares add up to the joint one (exercise 07.4's explanation)", () => {
    const resid = (m: string) => feols(`${m} ~ ai + ${CONTROLS} | code + year`, panel, cluster).residuals;
    const corr = (x: Float64Array, y: Float64Array) => {
      let [sxy, sxx, syy] = [0, 0, 0];
      for (let i = 0; i < x.length; i++) [sxy, sxx, syy] = [sxy + x[i] * y[i], sxx + x[i] ** 2, syy + y[i] ** 2];
      return sxy / Math.sqrt(sxx * syy);
    };
    const [p, e, u] = MECHANISMS.map(resid);
    for (const [name, r] of [["pop_return–iei", corr(p, e)], ["pop_return–isu", corr(p, u)], ["iei–isu", corr(e, u)]] as const) assert.ok(r > 0.01, `${name}: ${r}`);
    const gap = (treatment: string) => {
      const separate = MECHANISMS.map((m) => mediate({ data: latent, outcome: "shrink", treatment, mediator: m, controls: CONTROLS.split(" + "), fe: ["code", "year"], vcov: { cluster: "code" } }));
      const total = separate[0].total;
      const joint = (total - feols(`shrink ~ ${treatment} + ${MECHANISMS.join(" + ")} + ${CONTROLS} | code + year`, latent, cluster).coef[treatment]) / total;
      return separate.reduce((s, r) => s + r.shareMediated, 0) - joint;
    };
    assert.ok(gap("ai") > 0.1, "with the noisy ai the separate shares double-count");
    assert.ok(Math.abs(gap("ai_true")) < 0.02, "with the true ai they add up to the joint share");
  });
  it("the estimated shares of Table 12 add up to more than twice the true joint share, and their denominator c is biased towards zero", () => {
    const sum = MECHANISMS.reduce((s, m) => s + bkObserved(m).shareMediated, 0);
    const c = bkObserved("isu").total;
    assert.ok(c < 0 && c > truth.effects.total.mean + 3 * bkObserved("isu").paths.total.se, `c = ${c}`);
    assert.ok(sum > 2 * trueMediationShares(truth).joint, `${sum}`);
  });
});

/** A fit with one coefficient and a fixed interval, for the sentence tests. */
const fakeFit = (b: number, se: number, ci: [number, number], depVar = "y") => ({ coef: { x: b }, se: { x: se }, pvalue: { x: 0.01 }, depVar, confint: () => ({ x: ci }) });

describe("describeCoverage", () => {
  setReportDefaults({ labels: {} });
  it("reads each estimator against the truth, in English", () => {
    const s = describeCoverage({ fits: { OLS: fakeFit(1, 0.1, [0.8, 1.2]), "2SLS": fakeFit(1.4, 0.2, [1, 1.8]) }, truth: 1.5 });
    assert.equal(s, "The effect of x on y: OLS 1.000 (SE 0.100; 95% interval [0.800, 1.200]) misses the true 1.500, 5.0 SEs away; 2SLS 1.400 (SE 0.200; 95% interval [1.000, 1.800]) covers it (0.5 SEs away).");
  });
  it("in Chinese, and when the first estimator covers the truth", () => {
    const s = describeCoverage({ fits: { "2SLS": fakeFit(1.4, 0.2, [1, 1.8]), OLS: fakeFit(1, 0.1, [0.8, 1.2]) }, truth: 1.5 }, { lang: "zh" });
    assert.equal(s, "x对y的效应：2SLS估计为1.400（标准误0.200；95%置信区间[1.000, 1.800]），覆盖真实值1.500（相距0.5个标准误）；OLS估计为1.000（标准误0.100；95%置信区间[0.800, 1.200]），未覆盖真实值1.500（相距5.0个标准误）。");
  });
  it("uses the codebook's words and the level asked for", () => {
    useStudyDefaults();
    const s = describeCoverage({ fits: { OLS: fakeFit(1, 0.1, [0.9, 1.1]) }, term: "x", outcome: "isu", truth: 1 }, { level: 0.9, digits: 2 });
    assert.equal(s, "The effect of x on industrial-structure upgrading: OLS 1.00 (SE 0.10; 90% interval [0.90, 1.10]) covers the true 1.00 (0.0 SEs away).");
    setReportDefaults({ labels: {} });
  });
  it("rejects an unknown option, no fits, a missing term and a level in percent", () => {
    const fits = { OLS: fakeFit(1, 0.1, [0.8, 1.2]) };
    assert.throws(() => describeCoverage({ fits, truth: 1 }, { seedd: 1 } as never), (e: unknown) => e instanceof KitError && /"seedd"/.test((e as Error).message));
    assert.throws(() => describeCoverage({ fits: {}, truth: 1 }), OptionsError);
    assert.throws(() => describeCoverage({ fits, truth: 1, term: "z" }), /no coefficient "z"/);
    assert.throws(() => describeCoverage({ fits, truth: 1 }, { level: 95 }), /0\.95/);
  });
});

/** A mediation result as describeIndirectEffect reads it. */
const fakeMediation = (boot: boolean) => ({
  mediator: "m",
  indirect: -0.18,
  total: -0.45,
  shareMediated: 0.4,
  sobel: { se: 0.025, z: -7.2, p: 1e-12 },
  ...(boot ? { bootstrap: { draws: 499, level: 0.95, ci: { percentile: [-0.23, -0.13] as [number, number] } } } : {}),
});

describe("describeIndirectEffect", () => {
  it("reads a·b, its share, Sobel and the bootstrap, then the true a·b and share and whether the interval covers it (English)", () => {
    const s = describeIndirectEffect({ result: fakeMediation(true), truth: { indirect: -0.1, total: -0.8 } });
    assert.equal(
      s,
      "Through m: a·b = -0.180, 40.0% of the estimated total effect -0.450 (Sobel z = -7.20, p < 0.001; bootstrap 95% interval [-0.230, -0.130], 499 draws). In the simulation a·b is -0.100, 12.5% of the mean true total effect -0.800: the interval misses it.",
    );
  });
  it("in Chinese, without a bootstrap (the Sobel interval), covering the truth", () => {
    const s = describeIndirectEffect({ result: fakeMediation(false), truth: { indirect: -0.2, total: -0.8 } }, { lang: "zh" });
    assert.equal(
      s,
      "通过m的间接效应a·b = -0.180，占估计总效应-0.450的40.0%（Sobel z = -7.20，p < 0.001；Sobel 95%置信区间[-0.229, -0.131]）。模拟中的真实a·b为-0.200，占真实平均总效应-0.800的25.0%：该区间覆盖真实值。",
    );
  });
  it("without the truth it stops after the estimate; an unknown option is an error", () => {
    assert.equal(describeIndirectEffect({ result: fakeMediation(false) }), "Through m: a·b = -0.180, 40.0% of the estimated total effect -0.450 (Sobel z = -7.20, p < 0.001; Sobel 95% interval [-0.229, -0.131]).");
    assert.throws(() => describeIndirectEffect({ result: fakeMediation(false) }, { seedd: 1 } as never), /"seedd"/);
  });
});

/** Three hand-made rows of one mechanism. */
function fakeRows(covers: [boolean, boolean, boolean], c = 0): IndirectBiasRow[] {
  const base = { mediator: "isu" as const, sobelSe: 0.02, level: 0.95, trueA: 0.15, trueB: -0.6, trueIndirect: -0.09, trueC: c, interval: [0, 0] as [number, number] };
  return [
    { ...base, variant: "observed", a: 0.13, b: -1.4, indirect: -0.182, covers: covers[0] },
    { ...base, variant: "trueAi", a: 0.15, b: -0.55, indirect: -0.0825, covers: covers[1] },
    { ...base, variant: "trueAiShock", a: 0.15, b: -0.62, indirect: -0.093, covers: covers[2] },
  ];
}

describe("describeIndirectBiases and indirectBiasTableRows", () => {
  it("English: a·b under the three regressions, the moves of a and b, what the shock does, and the coverage", () => {
    setReportDefaults({ labels: {} });
    assert.equal(
      describeIndirectBiases(fakeRows([false, true, true])),
      "Through isu, a·b is -0.182 with the observed ai, -0.083 with the true ai and -0.093 with the true ai and the shock controlled, against a true -0.090 (a = 0.150, b = -0.600). " +
        "Removing the measurement error in ai moves a from 0.130 to 0.150 and b from -1.400 to -0.550; then controlling the shock, which does not move isu in the simulation (c = 0), moves a from 0.150 to 0.150 and b from -0.550 to -0.620. " +
        "The 95% interval (a·b ± 1.96 Sobel SE) misses the truth with the observed ai; it covers it with the true ai and with the true ai and the shock controlled.",
    );
  });
  it("Chinese, with a shock that moves the mechanism and every interval covering", () => {
    assert.equal(
      describeIndirectBiases(fakeRows([true, true, true], -0.6), { lang: "zh" }),
      "通过isu的a·b：使用观测的ai为-0.182，使用真实ai为-0.083，使用真实ai并控制冲击为-0.093，真实值为-0.090（真实a = 0.150，b = -0.600）。" +
        "消除ai的测量误差使a从0.130变为0.150，b从-1.400变为-0.550；再控制冲击（模拟中冲击也影响isu，c = -0.600，因而混杂了它与城市收缩的关系）使a从0.150变为0.150，b从-0.550变为-0.620。95%区间（a·b ± 1.96 Sobel标准误）在三种回归中都覆盖真实值。",
    );
    assert.match(describeIndirectBiases(fakeRows([false, false, false], -0.6)), /misses the truth in all three regressions\.$/);
  });
  it("rejects rows that are not one mechanism's three variants, and unknown options", () => {
    assert.throws(() => describeIndirectBiases(fakeRows([true, true, true]).slice(0, 2)), /three rows/);
    assert.throws(() => describeIndirectBiases(fakeRows([true, true, true]), { seedd: 1 } as never), /"seedd"/);
    assert.throws(() => indirectEffectBiases({ latent, seedd: 1 } as never), /"seedd"/);
    assert.throws(() => indirectEffectBiases({ latent, mediators: ["gdp" as never] }), /not a mechanism/);
  });
  it("the table has one row per mechanism and path, a column per regression and the truth", () => {
    const table = indirectBiasTableRows(biases);
    assert.equal(table.length, 9);
    assert.deepEqual(Object.keys(table[0]), ["mechanism", "path", ...Object.values(BIAS_VARIANTS).map((v) => v.label.en), "truth"]);
    const isuAb = table.find((r) => r.mechanism === "isu" && r.path === "a·b")!;
    assert.equal(isuAb["true ai"], row("isu", "trueAi").indirect);
    assert.equal(isuAb.truth, truth.effects.mechanisms.isu.ab);
    assert.deepEqual(Object.keys(indirectBiasTableRows(biases, "zh")[0]).slice(0, 2), ["机制", "路径"]);
  });
});
