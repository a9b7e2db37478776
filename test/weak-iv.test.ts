/**
 * The weak-instrument and endogeneity diagnostics of issue 18 against independent references, to a
 * relative 1e-8 unless a published table is rounded:
 * - R's qchisq(p, df, ncp) and pchisq for the non-central χ²;
 * - the Montiel Olea–Pflueger effective F, K_eff, the Nagar bias bound and the simplified and
 *   generalized critical values computed in R from matrices, as Stata's weakivtest defines them
 *   (test/golden/make_weakiv_golden.R → weakiv_r.json), on Grunfeld with 1, 2 and 3 instruments
 *   under iid, HC1 and firm clustering, and on the bundled panel (notebook 04's 2SLS);
 * - the Lee, McCrary, Moreira & Porter (2022) tF critical values (their Table 3, as ivDiag
 *   transcribes it) and the tF interval;
 * - the control-function Wu–Hausman test under the model's variance (R by hand and R fixest 0.12.1:
 *   feols with the first-stage residual, its clustered t-test and wald()).
 * Then the sentence of describeIvEffect checked against what the diagnostics say on the panel.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  describeIvEffect,
  feols,
  isIvResult,
  IvResult,
  nonCentralChiSquareCdf,
  nonCentralChiSquareQuantile,
  OptionsError,
  patnaikCriticalValue,
  tFAdjustment,
  tFCriticalValue,
  TF_CRITICAL_VALUES_05,
  buildRegressionTable,
  type FeolsOptions,
  type VcovOption,
  type WeakIvCriticalValues,
} from "../lib/index";
import { formatFixed } from "../lib/report/format";
import { loadStudyPanel } from "../lib/study/index";
import { assertClose, readGolden, readGoldenCsv, withLag } from "./helpers/golden";

const golden = readGolden("weakiv_r.json");
const grunfeld = readGoldenCsv("grunfeld_with_lag.csv") as Record<string, (number | null)[]>;

const data = { ...grunfeld, value_lag2: withLag(grunfeld, "value", 2), capital_lag1: withLag(grunfeld, "capital", 1) };

/** feols on a formula held in a variable, checked to be an IV fit. */
function fitIv(formula: string, input: unknown, options?: FeolsOptions): IvResult {
  const fit = feols(formula, input as never, options);
  assert.ok(isIvResult(fit), "an IV formula gives an IvResult");
  return fit;
}

const TAUS = ["5%", "10%", "20%", "30%"] as const;

function assertCritical(actual: WeakIvCriticalValues, expected: Record<string, number>, what: string): void {
  for (const tau of TAUS) assertClose(actual[tau], expected[tau], 1e-8, `${what} ${tau}`);
}

describe("non-central χ² (R's qchisq and pchisq with ncp)", () => {
  for (const c of golden.noncentral_chisq) {
    it(`df = ${c.df}, ncp = ${c.ncp}: 95% quantile and CDF at df + ncp`, () => {
      assertClose(nonCentralChiSquareQuantile(c.p, c.df, c.ncp), c.quantile, 1e-10, "quantile");
      assertClose(nonCentralChiSquareCdf(c.cdf_at, c.df, c.ncp), c.cdf, 1e-10, "cdf");
    });
  }
  it("gives the known one-instrument 10% value 23.1085 (the 'F > 23.1' rule)", () => {
    const one = patnaikCriticalValue([1], 10);
    assert.equal(one.kEff, 1);
    assert.equal(one.value.toFixed(4), "23.1085");
  });
  it("rejects impossible arguments with NaN and bounds the CDF", () => {
    assert.ok(Number.isNaN(nonCentralChiSquareQuantile(1.2, 1, 1)));
    assert.ok(Number.isNaN(nonCentralChiSquareCdf(1, -1, 1)));
    assert.equal(nonCentralChiSquareCdf(0, 2, 3), 0);
    assert.equal(nonCentralChiSquareCdf(Infinity, 2, 3), 1);
  });
});

const GRUNFELD: Record<string, string> = {
  A: "inv ~ capital | firm + year | value ~ value_lag1",
  B: "inv ~ capital | firm + year | value ~ value_lag1 + value_lag2",
  D: "inv ~ capital | firm + year | value ~ value_lag1 + value_lag2 + capital_lag1",
};
const VCOVS: Record<string, VcovOption> = { iid: "iid", hetero: "hetero", cluster: { cluster: "firm" } };

for (const [model, formula] of Object.entries(GRUNFELD)) {
  describe(`Grunfeld ${model} (${golden.grunfeld[model].instruments.length} instrument(s)): effective F and control-function Wu–Hausman vs R`, () => {
    for (const [vcovKey, vcov] of Object.entries(VCOVS)) {
      it(`${vcovKey}: F_eff, K_eff, B_e, generalized and simplified critical values; Wu–Hausman under the model's variance`, () => {
        const iv = fitIv(formula, data, { vcov });
        const expected = golden.grunfeld[model][vcovKey];
        const e = iv.ivDiagnostics.effectiveF;
        assert.ok(e, "one endogenous regressor: the effective F is defined");
        assertClose(e.F, expected.effective_F.F, 1e-8, "F_eff");
        assertClose(e.kEff, expected.effective_F.k_eff, 1e-8, "K_eff");
        // B_e is 0 (up to rounding) with two instruments under iid: the Nagar bias of 2SLS is ∝ (k − 2)
        assert.ok(Math.abs(e.biasBound - expected.effective_F.bias_bound) <= 1e-8 * Math.max(1, expected.effective_F.bias_bound), `B_e ${e.biasBound}`);
        assertCritical(e.critical, expected.effective_F.critical, "generalized");
        assertCritical(e.criticalSimplified, expected.effective_F.critical_simplified, "simplified");
        assert.equal(e.instruments, golden.grunfeld[model].instruments.length);
        const w = iv.ivDiagnostics.wuHausmanRobust;
        assertClose(w.stat, expected.cf_wu_hausman.stat, 1e-8, "CF Wu–Hausman");
        assertClose(w.p, expected.cf_wu_hausman.p, 1e-8, "CF Wu–Hausman p");
        assert.deepEqual([w.df1, w.df2], [expected.cf_wu_hausman.df1, expected.cf_wu_hausman.df2]);
        assert.equal(w.vcovType.split(":")[0], iv.vcovType.split(":")[0], "labelled with the model's variance");
      });
    }
  });
}

describe("effective F: the identities the definitions imply", () => {
  it("with one instrument F_eff is the robust first-stage Wald F, B_e = 1, and generalized = simplified", () => {
    const iv = fitIv(GRUNFELD.A, data, { vcov: { cluster: "firm" } });
    const e = iv.ivDiagnostics.effectiveF!;
    assertClose(e.F, iv.firstStage.value.waldF.stat, 1e-10, "F_eff = ivwald");
    assert.equal(e.biasBound, 1);
    assert.deepEqual(e.critical, e.criticalSimplified);
  });
  it("with several instruments the generalized critical value is below the simplified one (B_e < 1)", () => {
    const e = fitIv(GRUNFELD.D, data, { vcov: "hetero" }).ivDiagnostics.effectiveF!;
    assert.ok(e.biasBound < 1 && e.critical["10%"] < e.criticalSimplified["10%"], JSON.stringify(e));
  });
  it("under iid the control-function test is the classical Wu–Hausman (fixest wh) with the same F", () => {
    const d = fitIv(GRUNFELD.B, data).ivDiagnostics;
    assertClose(d.wuHausmanRobust.stat, d.wuHausman.stat, 1e-10, "iid CF = wh");
    assert.equal(d.wuHausmanRobust.df2, d.wuHausman.df2);
  });
  it("is absent with several endogenous regressors; tF is absent unless exactly one instrument", () => {
    const several = fitIv("inv ~ 1 | firm + year | value + capital ~ value_lag1 + value_lag2 + capital_lag1", data, { vcov: { cluster: "firm" } }).ivDiagnostics;
    assert.ok(!("effectiveF" in several) && !("tF" in several));
    assert.ok(Number.isFinite(several.wuHausmanRobust.stat) && several.wuHausmanRobust.df1 === 2);
    const over = fitIv(GRUNFELD.B, data, { vcov: { cluster: "firm" } }).ivDiagnostics;
    assert.ok(over.effectiveF !== undefined && !("tF" in over));
  });
});

describe("tF critical values (Lee, McCrary, Moreira & Porter 2022, Table 3)", () => {
  it("matches the table's entries and its linear interpolation in √F (R, ivDiag's rule)", () => {
    for (const { F, c } of golden.tF_points) assertClose(tFCriticalValue(F), c, 1e-12, `c(${F})`);
    assert.equal(TF_CRITICAL_VALUES_05.length, 84);
    assert.equal(tFCriticalValue(4), 18.66);
    assert.equal(tFCriticalValue(2.1 ** 2).toFixed(2), "9.74");
  });
  it("reproduces the paper's headline numbers: 3.43 at F = 10 (linear interpolation gives 3.435), and 1.96 from F = 104.7 on", () => {
    assert.ok(Math.abs(tFCriticalValue(10) - 3.43) < 0.01, "3.43 at F = 10, within the table's interpolation");
    assert.equal(tFCriticalValue(104.67), 1.96);
    assert.equal(tFCriticalValue(5000), 1.96);
    assert.ok(tFCriticalValue(104.6) > 1.96);
  });
  it("is infinite below F = 4, where the tF interval is the whole line", () => {
    const t = tFAdjustment(3.9, "x", 1, 0.5);
    assert.equal(t.criticalValue, Infinity);
    assert.deepEqual(t.ci.x, [-Infinity, Infinity]);
  });
  it("falls as F rises", () => {
    let last = Infinity;
    for (let F = 4; F < 110; F += 0.37) {
      const c = tFCriticalValue(F);
      assert.ok(c <= last + 1e-12, `c(${F}) = ${c} rose above ${last}`);
      last = c;
    }
  });
});

describe("the bundled panel: notebook 04's 2SLS, clustered by city", () => {
  const p = golden.panel;
  const panel = loadStudyPanel();
  const iv = fitIv("shrink ~ lnpgdp + gov + fin + open + hc + infra + density + i(year, share_sum) | code + year | ai ~ ai_iv", panel, { vcov: { cluster: "code" } });
  const d = iv.ivDiagnostics;

  it("runs on the panel the golden values were made from", () => {
    const sum = (x: ArrayLike<number>) => Array.from(x).reduce((s, v) => s + v, 0);
    const why = "data/panel.csv changed since weakiv_r.json was made: rerun R_LIBS_USER=/work/rlib Rscript test/golden/make_weakiv_golden.R";
    assert.equal(iv.nobs, p.checksum.nobs, why);
    assertClose(sum(panel.shrink as ArrayLike<number>), p.checksum.sum_shrink, 1e-10, why);
    assertClose(sum(panel.ai as ArrayLike<number>), p.checksum.sum_ai, 1e-10, why);
    assertClose(sum(panel.ai_iv as ArrayLike<number>), p.checksum.sum_ai_iv, 1e-10, why);
  });
  it("effective F and its critical values", () => {
    const e = d.effectiveF!;
    assertClose(e.F, p.effective_F.F, 1e-8, "F_eff");
    assertClose(e.kEff, p.effective_F.k_eff, 1e-8, "K_eff");
    assertCritical(e.critical, p.effective_F.critical, "generalized");
    assertCritical(e.criticalSimplified, p.effective_F.critical_simplified, "simplified");
    if (p.fixest) assertClose(e.F, p.fixest.ivwald, 1e-8, "fixest ivwald");
  });
  it("tF: F, c(F), adjusted SE and 95% interval", () => {
    const t = d.tF!;
    assertClose(iv.coef.ai, p.tF.coef, 1e-8, "2SLS coefficient");
    assertClose(iv.se.ai, p.tF.se, 1e-8, "2SLS SE");
    assertClose(t.F, p.tF.F, 1e-8, "F");
    assertClose(t.criticalValue, p.tF.critical_value, 1e-8, "c(F)");
    assertClose(t.se.ai, p.tF.se_tF, 1e-8, "tF SE");
    assertClose(t.ci.ai[0], p.tF.ci[0], 1e-8, "tF lower");
    assertClose(t.ci.ai[1], p.tF.ci[1], 1e-8, "tF upper");
  });
  it("control-function Wu–Hausman, clustered (df 1 and G − 1), and the iid Wu–Hausman", () => {
    const w = d.wuHausmanRobust;
    assertClose(w.stat, p.cf_wu_hausman.stat, 1e-8, "CF stat");
    assertClose(w.p, p.cf_wu_hausman.p, 1e-8, "CF p");
    assert.deepEqual([w.df1, w.df2], [1, 286]);
    assert.ok(w.vcovType.startsWith("Clustered (code)"), w.vcovType);
    if (p.fixest) {
      assertClose(w.stat, p.fixest.cf_wald.stat, 1e-8, "fixest wald() stat");
      assertClose(w.p, p.fixest.cf_t_pvalue, 1e-8, "fixest clustered t-test p on the residual");
    }
    assertClose(d.wuHausman.stat, p.wu_hausman_iid.stat, 1e-8, "iid wh");
    assertClose(d.wuHausman.p, p.wu_hausman_iid.p, 1e-8, "iid wh p");
    assert.ok(d.wuHausmanRobust.p > d.wuHausman.p, "the robust test is the weaker evidence here");
  });
  it("labels each statistic of diagnosticsText with the variance it assumes", () => {
    const lines = iv.diagnosticsText().split("\n");
    const line = (start: string) => lines.find((l) => l.startsWith(start)) ?? assert.fail(`no line "${start}"`);
    assert.ok(line("Wu–Hausman (endogeneity; fixest wh)").trimEnd().endsWith("iid"));
    assert.ok(line("Wu–Hausman, control function").trimEnd().endsWith("model"));
    assert.ok(line("Effective F (Montiel Olea–Pflueger)").includes(formatFixed(d.effectiveF!.F, 3).slice(0, 5)));
    assert.ok(line("Cragg–Donald Wald F (fixest)").trimEnd().endsWith("iid"));
    assert.ok(lines[0].includes(iv.vcovType), lines[0]);
    assert.ok(lines.some((l) => l.startsWith("tF (Lee, McCrary, Moreira & Porter 2022)")));
    assert.ok(lines.some((l) => l.startsWith("Stock–Yogo critical values") && l.includes("iid errors")));
  });
  it("shows the effective F and its 10% critical value as rows of the regression table", () => {
    const table = buildRegressionTable([iv]);
    const row = (label: string) => table.sections.flat().find((r) => r.cells[0] === label)?.cells ?? assert.fail(`no row ${label}`);
    assert.deepEqual(row("Effective F (Montiel Olea–Pflueger)"), ["Effective F (Montiel Olea–Pflueger)", formatFixed(d.effectiveF!.F, 3)]);
    assert.deepEqual(row("Effective F 10% critical value"), ["Effective F 10% critical value", formatFixed(d.effectiveF!.critical["10%"], 3)]);
    assert.ok(table.notes.some((n) => n.includes("weakivtest") && n.includes("assumes iid errors")));
  });

  describe("describeIvEffect says what is true of this fit", () => {
    const en = describeIvEffect(iv, { term: "ai", outcome: "shrink" });
    const zh = describeIvEffect(iv, { term: "ai", outcome: "shrink", lang: "zh" });
    const e = d.effectiveF!;
    const ar = iv.andersonRubinSet(0.95);
    const waldExcludes = iv.pvalue.ai < 0.05;
    it("states the effective F and its 10% critical value, never the Stock–Yogo verdict", () => {
      for (const s of [en, zh]) assert.ok(s.includes(formatFixed(e.F, 3)) && s.includes(formatFixed(e.critical["10%"], 3)), s);
      assert.ok(!en.includes("not weak") && !zh.includes("不存在弱工具变量问题") && !en.includes("Stock–Yogo"), en);
    });
    it("says 'passes the screens' exactly when F_eff exceeds its critical value", () => {
      assert.equal(en.includes("passes the weak-instrument screens"), e.F > e.critical["10%"]);
      assert.equal(zh.includes("通过弱工具变量检验"), e.F > e.critical["10%"]);
      assert.ok(e.F > e.critical["10%"], "on the simulated panel the instrument is strong");
    });
    it("gives the tF interval of the fit", () => {
      const [lo, hi] = d.tF!.ci.ai;
      assert.ok(en.includes(`[${formatFixed(lo, 3)}, ${formatFixed(hi, 3)}]`), en);
    });
    it("says the Anderson–Rubin set agrees only when it is bounded and excludes 0 exactly when the Wald interval does", () => {
      const agrees = ar.shape === "interval" && Number.isFinite(ar.lower!) && Number.isFinite(ar.upper!) && !(ar.lower! <= 0 && 0 <= ar.upper!) === waldExcludes;
      assert.equal(en.includes("agrees"), agrees, en);
      assert.equal(zh.includes("与之一致"), agrees, zh);
      assert.ok(agrees, "on the simulated panel AR and Wald agree");
      assert.ok(en.includes(`[${formatFixed(ar.lower!, 3)}, ${formatFixed(ar.upper!, 3)}]`), en);
    });
    it("still refuses an unknown option", () => {
      assert.throws(() => describeIvEffect(iv, { term: "ai", tpyo: 1 } as never), OptionsError);
    });
  });
});

describe("describeIvEffect on a weak instrument and where the Anderson–Rubin set differs", () => {
  it("below the critical value it says the instrument may be weak and points to the Anderson–Rubin set", () => {
    const iv = fitIv(GRUNFELD.B, data, { vcov: { cluster: "firm" } });
    const e = iv.ivDiagnostics.effectiveF!;
    assert.ok(e.F < e.critical["10%"], "Grunfeld B clustered by firm has a weak instrument");
    const en = describeIvEffect(iv, { term: "value" });
    assert.ok(en.includes("below its 10% critical value") && en.includes("may be weak") && en.includes("Anderson–Rubin"), en);
    assert.ok(!en.includes("passes"), en);
    const zh = describeIvEffect(iv, { term: "value", lang: "zh" });
    assert.ok(zh.includes("低于") && zh.includes("可能偏弱") && !zh.includes("通过弱工具变量检验"), zh);
  });
  it("says what differs when a strong-F fit has an Anderson–Rubin set that is not the bounded interval the Wald test implies", () => {
    const base = fitIv(GRUNFELD.A, data, { vcov: { cluster: "firm" } });
    const fake = {
      coef: base.coef,
      se: base.se,
      pvalue: { ...base.pvalue, value: 0.001 },
      depVar: base.depVar,
      endogenous: ["value"],
      ivDiagnostics: { kpWaldF: 50, effectiveF: { F: 50, critical: { "10%": 23.1085 } } },
      andersonRubinSet: () => ({ shape: "two rays", intervals: [[-Infinity, -1], [2, Infinity]] as [number, number][] }),
    };
    const en = describeIvEffect(fake, { term: "value" });
    assert.ok(en.includes("passes the weak-instrument screens, but the Anderson–Rubin 95% set (−∞, -1.000] ∪ [2.000, ∞) is unbounded"), en);
    assert.ok(!en.includes("agrees"), en);
    const zero = { ...fake, andersonRubinSet: () => ({ shape: "interval", intervals: [[-0.5, 2]] as [number, number][] }) };
    assert.ok(describeIvEffect(zero, { term: "value" }).includes("includes 0 while the Wald interval excludes it"));
    const union = { ...fake, andersonRubinSet: () => ({ shape: "union", intervals: [[0.5, 1], [2, 3]] as [number, number][] }) };
    assert.ok(describeIvEffect(union, { term: "value" }).includes("is not one interval"));
    const zh = describeIvEffect(fake, { term: "value", lang: "zh" });
    assert.ok(zh.includes("通过弱工具变量检验，但") && zh.includes("无界"), zh);
  });
});
