/**
 * The group-comparison sentences (lib/report/findings/groups.ts), English and Chinese: the test named
 * with its statistic and draws, p-values through pValueText (a resampling test's floor 1/(B + 1) as
 * "p ≤ …", never 0.000), the verdict judged on a Holm-adjusted p when one is passed and both p-values
 * named; the joint-interaction sentences: increments, the Wald test, coverage of true increments, the
 * splits whose verdict the joint model reverses, and what the joint OLS targets. Inputs are built here.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { OptionsError } from "../lib/errors";
import { describeGroupComparison, describeGroupDifference, describeJointInteractions, describeJointTarget, jointCoverage, pValueText, type JointInteractionsSentenceInput } from "../lib/index";
import { useStudyDefaults } from "../lib/study/index";

useStudyDefaults();
const fit = (b: number) => ({ coef: { ai: b }, depVar: "shrink" });
const comparison = (permutation: { p: number; draws: number; statistic?: string; exact?: boolean }) => ({
  by: "hu_se",
  coef: "ai",
  fits: { "1": fit(-0.47), "0": fit(-0.4) },
  difference: -0.07,
  interaction: { p: 0.3 },
  suest: { p: 0.0004 },
  permutation,
});

describe("describeGroupComparison and describeGroupDifference", () => {
  it("names the studentized permutation test with its draws and writes a p at the floor 1/(B + 1) as p ≤ …", () => {
    const s = describeGroupComparison(comparison({ p: 1 / 500, draws: 499, statistic: "studentized" }));
    assert.ok(s.includes("is significant at 1% (studentized permutation test, 499 draws: p ≤ 0.002)"), s);
    const zh = describeGroupComparison(comparison({ p: 1 / 500, draws: 499, statistic: "studentized" }), { lang: "zh" });
    assert.ok(zh.includes("在1%的水平上显著（学生化置换检验，499次：p ≤ 0.002）"), zh);
  });

  it("names the unstudentized statistic and an exact enumeration, whose floor is 1/assignments", () => {
    assert.ok(describeGroupComparison(comparison({ p: 0.364, draws: 499, statistic: "difference" })).includes("(permutation test of the unstudentized difference, 499 draws: p = 0.364)"));
    const exact = describeGroupComparison(comparison({ p: 1 / 126, draws: 126, statistic: "studentized", exact: true }));
    assert.ok(exact.includes("(exact studentized permutation test, all 126 assignments: p ≤ 0.008)"), exact);
    assert.ok(describeGroupComparison(comparison({ p: 1 / 126, draws: 126, statistic: "studentized", exact: true }), { lang: "zh" }).includes("精确学生化置换检验，全部126种分配"));
  });

  it("never prints 0.000: a tiny SUEST p is p < 0.001", () => {
    const s = describeGroupComparison(comparison({ p: 0.5, draws: 99 }), { test: "suest" });
    assert.ok(s.includes("(SUEST test: p < 0.001)") && !s.includes("0.000"), s);
  });

  it("judges significance on the Holm-adjusted p when given, and names the adjustment and both p-values", () => {
    const c = comparison({ p: 0.03, draws: 999, statistic: "studentized" });
    const raw = describeGroupComparison(c);
    assert.ok(raw.includes("is significant at 5% (") && !raw.includes("Holm"), raw);
    const adjusted = describeGroupComparison(c, { adjusted: { p: 0.12, method: "Holm", tests: 4 } });
    assert.ok(adjusted.includes("is not significant at 10% after Holm's adjustment for 4 comparisons (studentized permutation test, 999 draws: p = 0.030; Holm-adjusted p = 0.120), which does not show that the effects are equal."), adjusted);
    const zh = describeGroupComparison(c, { lang: "zh", adjusted: { p: 0.12, method: "Holm", tests: 4 } });
    assert.ok(zh.includes("经Holm校正（4组比较）后在10%的水平上不显著（学生化置换检验，999次：p = 0.030；Holm校正后 p = 0.120）"), zh);
    const bonferroni = describeGroupComparison(c, { adjusted: { p: 0.06, method: "Bonferroni", tests: 2 } });
    assert.ok(bonferroni.includes("significant at 10% after Bonferroni's adjustment for 2 comparisons") && bonferroni.includes("Bonferroni-adjusted p = 0.060"), bonferroni);
  });

  it("rejects an unknown option, naming it", () => {
    assert.throws(() => describeGroupComparison(comparison({ p: 0.03, draws: 999 }), { holm: 0.1 } as never), (e: Error) => e instanceof OptionsError && /"holm"/.test(e.message));
    assert.throws(() => describeJointInteractions(joint, { truths: truth } as never), (e: Error) => e instanceof OptionsError && /"truths"\. Did you mean "truth"/.test(e.message));
    assert.throws(() => describeJointTarget({ observed: joint, latent: joint, truth }, { language: "zh" } as never), (e: Error) => e instanceof OptionsError && /"language"/.test(e.message));
  });

  it("refuses a malformed adjusted p-value", () => {
    const c = comparison({ p: 0.03, draws: 999 });
    assert.throws(() => describeGroupComparison(c, { adjusted: { p: 1.2, method: "Holm", tests: 4 } }), OptionsError);
    assert.throws(() => describeGroupComparison(c, { adjusted: { p: 0.2, method: "holm" as never, tests: 4 } }), OptionsError);
    assert.throws(() => describeGroupDifference({ groups: [{ label: "a", estimate: 1 }, { label: "b", estimate: 2 }], p: 0.5, adjusted: { p: 0.5, method: "Holm", tests: 0 } }, { term: "x", outcome: "y" }), OptionsError);
  });

  it("describeGroupDifference: the larger effect in magnitude, the difference, and p through pValueText", () => {
    const s = describeGroupDifference({ groups: [{ label: "north-west cities", estimate: -0.05 }, { label: "south-east cities", estimate: -0.2 }], p: 0.4, test: "SUEST test" }, { term: "ai", outcome: "shrink" });
    assert.ok(s.includes("larger in magnitude among south-east cities (-0.200) than among north-west cities (-0.050)"), s);
    assert.ok(s.includes(`is not significant at 10% (SUEST test: ${pValueText(0.4)})`), s);
  });
});

/** A joint model as its sentences read it: three flags, intervals t(…) ≈ ±2 SE. */
const joint: JointInteractionsSentenceInput = {
  coef: "ai",
  level: 0.95,
  base: { estimate: -0.135 },
  increments: [
    { flag: "shrinking", estimate: -0.277, se: 0.025, tstat: -11.08, p: 1e-20, ci: [-0.326, -0.228] },
    { flag: "hu_se", estimate: -0.124, se: 0.035, tstat: -3.54, p: 0.0005, ci: [-0.193, -0.055] },
    { flag: "resource", estimate: -0.1, se: 0.021, tstat: -4.76, p: 1e-5, ci: [-0.141, -0.059] },
  ],
  wald: { stat: 69.58, df1: 3, df2: 4564, p: 1e-40 },
  fit: { depVar: "shrink" },
};
const truth = { shrinking: -0.3, hu_se: -0.15, resource: -0.2 };

describe("describeJointInteractions and describeJointTarget", () => {
  it("reads each increment with SE and t, the joint Wald test, and counts the intervals that cover the truth", () => {
    assert.deepEqual(jointCoverage(joint, truth), { covered: 2, total: 3 });
    const s = describeJointInteractions(joint, { truth });
    assert.ok(s.startsWith("Holding the other flags fixed, the effect of robot penetration on the shrinkage rate changes by -0.277 in shrinking cities (SE 0.025, t = -11.08), by -0.124 in cities south-east of the Hu line"), s);
    assert.ok(s.includes("the 3 increments are jointly significant at 1% (Wald F(3, 4564) = 69.58, p < 0.001)"), s);
    assert.ok(s.includes("The 95% intervals cover the true increments (-0.300, -0.150 and -0.200) in 2 of 3 cases."), s);
    const zh = describeJointInteractions(joint, { truth, lang: "zh" });
    assert.ok(zh.includes("在收缩型城市中变化-0.277（标准误0.025，t = -11.08）") && zh.includes("3个95%置信区间中有2个覆盖真实增量"), zh);
  });

  it("names a split whose verdict the joint model reverses, and only that one", () => {
    const splits = [
      { by: "shrinking", difference: -0.32, p: 0.002 },
      { by: "hu_se", difference: -0.075, p: 0.364, test: "studentized permutation test" },
      { by: "resource", difference: -0.21, p: 0.002 },
    ];
    const s = describeJointInteractions(joint, { splits });
    assert.ok(s.includes("One split at a time, the difference between cities south-east of the Hu line and the others was -0.075, not significant at 10% (studentized permutation test: p = 0.364); holding the other flags fixed, their increment is -0.124 (t = -3.54), significant at 1%."), s);
    assert.ok(!s.includes("between shrinking cities") && !s.includes("between resource-based cities"), s);
  });

  it("describeJointTarget: the latent increments, how close to the truth, and how far the observed level and increments move", () => {
    const latent: JointInteractionsSentenceInput = { ...joint, base: { estimate: -0.41 }, increments: joint.increments.map((d) => ({ ...d, estimate: truth[d.flag as keyof typeof truth] + 3e-5 })) };
    const s = describeJointTarget({ observed: joint, latent, truth });
    assert.ok(s.includes("returns increments of -0.300, -0.150 and -0.200, within 0.0001 of the true ones"), s);
    assert.ok(s.includes("the slope with every flag 0 is -0.135 against -0.410 there, while the increments differ from theirs by at most 0.100"), s);
    assert.throws(() => describeJointTarget({ observed: joint, latent: { ...latent, increments: latent.increments.slice(1) }, truth }), OptionsError);
    assert.ok(describeJointTarget({ observed: joint, latent, truth }, { lang: "zh" }).includes("与真实增量之差在0.0001以内"));
  });
});
