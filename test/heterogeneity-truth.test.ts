/**
 * What notebook 06 says about the truth, checked against the simulation that wrote the bundled panel
 * (data/truth.json and the latent columns of loadLatentPanel): the joint interaction model's intervals
 * against the simulation's increments; what the joint OLS targets (the same model on the latent panel);
 * where the biases of measurement error and confounding fall (the level, not the increments); the Hu-line
 * split that one-at-a-time testing calls not significant; the latent-panel group differences of Table 10
 * as variance-weighted averages of the cities' true slopes, not the groups' mean effects; and the Holm
 * reading of the four splits in the sentences. Numbers are computed here, never typed.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compareGroups, describeGroupComparison, describeJointInteractions, describeJointTarget, feols, holmAdjust, jointCoverage, jointInteractions } from "../lib/index";
import { loadLatentPanel, loadStudyPanel, readTruth, useStudyDefaults } from "../lib/study/index";

useStudyDefaults();
const panel = loadStudyPanel();
const latent = loadLatentPanel(panel);
const truth = readTruth();
const increments = truth.effects.direct.increments as Record<string, number>;
const CONTROLS = "lnpgdp + gov + fin + open + hc + infra + density";
const FORMULA = `shrink ~ ai + ${CONTROLS} | code + year`;
const LATENT = `shrink_noerr ~ ai_true + shock + ${CONTROLS} | code + year`;
const splits = ["shrinking", "hu_se", "peripheral", "resource"];
const cluster = { cluster: "code" } as const;
const joint = jointInteractions({ data: panel, formula: FORMULA, coef: "ai", flags: splits, vcov: cluster });
const latentJoint = jointInteractions({ data: latent, formula: LATENT, coef: "ai_true", flags: splits, vcov: cluster });
/** The joint model of `y` on `x` (plus `extra` regressors) on the latent panel. */
const jointOn = (y: string, x: string, extra: string) => jointInteractions({ data: latent, formula: `${y} ~ ${x} + ${extra}${CONTROLS} | code + year`, coef: x, flags: splits, vcov: cluster });
/** Largest |change| of the increments between two joint fits, and the change of the base slope. */
const shifts = (a: ReturnType<typeof jointOn>, b: ReturnType<typeof jointOn>) => ({
  base: Math.abs(a.base.estimate - b.base.estimate),
  increments: Math.max(...a.increments.map((d, k) => Math.abs(d.estimate - b.increments[k].estimate))),
});

describe("notebook 06: the joint interaction model against the simulation's increments", () => {
  it("every 95% interval of the joint model covers the simulation's increment, and the sentence counts them", () => {
    const covering = joint.increments.filter((d) => d.ci[0] <= increments[d.flag] && increments[d.flag] <= d.ci[1]).map((d) => d.flag);
    assert.deepEqual(covering, splits, `intervals covering the truth: ${covering.join(", ")}`);
    const { covered, total } = jointCoverage(joint, increments);
    assert.equal(covered, covering.length);
    assert.equal(total, splits.length);
    const sentence = describeJointInteractions(joint, { truth: increments });
    assert.ok(sentence.includes(`in ${covered} of ${total} cases`), sentence);
  });

  it("the increments of the direct effect are those of the total effect: total − direct is the same in every city", () => {
    const gaps = Array.from(latent.effect_total, (t, i) => t - latent.effect_direct[i]);
    assert.ok(Math.max(...gaps) - Math.min(...gaps) < 1e-12);
    assert.ok(Math.abs(gaps[0] - truth.effects.indirect) < 1e-12);
  });

  it("on the latent panel (true ai, shock controlled, error-free outcome) the joint model returns the increments within 1e-4: what the joint OLS targets", () => {
    for (const d of latentJoint.increments) assert.ok(Math.abs(d.estimate - increments[d.flag]) < 1e-4, `${d.flag}: ${d.estimate} vs ${increments[d.flag]}`);
    const base = truth.effects.direct.base + truth.effects.indirect;
    assert.ok(Math.abs(latentJoint.base.estimate - base) < 1e-3, `base slope ${latentJoint.base.estimate} vs β₀ + Σ a·b = ${base}`);
    const sentence = describeJointTarget({ observed: joint, latent: latentJoint, truth: increments });
    assert.ok(sentence.includes("within 0.0001 of the true ones"), sentence);
  });

  it("on the observed panel the biases fall on the level: the base slope moves more than five times as far as any increment", () => {
    const s = shifts(joint, latentJoint);
    assert.ok(s.base > 5 * s.increments, `base moves ${s.base}, increments at most ${s.increments}`);
    const sentence = describeJointTarget({ observed: joint, latent: latentJoint, truth: increments });
    assert.ok(sentence.includes(`is ${joint.base.estimate.toFixed(3)} against ${latentJoint.base.estimate.toFixed(3)} there`) && sentence.includes(`at most ${s.increments.toFixed(3)}`), sentence);
  });

  it("each bias on its own moves the level more than three times as far as any increment (confounding by the shock; measurement error)", () => {
    const confounding = shifts(jointOn("shrink", "ai_true", ""), jointOn("shrink", "ai_true", "shock + "));
    assert.ok(confounding.base > 3 * confounding.increments, `shock: base ${confounding.base}, increments ${confounding.increments}`);
    const measurement = shifts(jointOn("shrink_noerr", "ai", "shock + "), latentJoint);
    assert.ok(measurement.base > 3 * measurement.increments, `measurement error: base ${measurement.base}, increments ${measurement.increments}`);
  });
});

describe("notebook 06: the splits, one at a time and together", () => {
  const comparisons = splits.map((by, k) => compareGroups({ data: panel, formula: FORMULA, by, coef: "ai", vcov: cluster, permutations: { draws: 99, seed: 20260301 + k } }));
  const holm = holmAdjust(comparisons.map((c) => c.permutation!.p));

  it("the Hu-line split is not significant one at a time (raw and Holm), while its joint increment has |t| > 3, and the sentence names it", () => {
    const k = splits.indexOf("hu_se");
    assert.ok(comparisons[k].permutation!.p > 0.1 && holm[k] > 0.1 && comparisons[k].suest.p > 0.1);
    const d = joint.increments[k];
    assert.ok(Math.abs(d.tstat) > 3 && d.p < 0.01, `joint t = ${d.tstat}`);
    const sentence = describeJointInteractions(joint, { splits: comparisons.map((c) => ({ by: c.by, difference: c.difference, p: c.permutation!.p })) });
    assert.ok(sentence.includes("One split at a time, the difference between cities south-east of the Hu line and the others was"), sentence);
  });

  it("each sentence's verdict is the Holm-adjusted p's: not significant at 10% exactly when it is ≥ 0.1, and the adjusted p is printed", () => {
    comparisons.forEach((c, k) => {
      const sentence = describeGroupComparison(c, { adjusted: { p: holm[k], method: "Holm", tests: splits.length } });
      assert.equal(sentence.includes("not significant at 10%"), holm[k] >= 0.1, sentence);
      if (holm[k] < 0.1) assert.ok(sentence.includes(`significant at ${holm[k] < 0.01 ? 1 : holm[k] < 0.05 ? 5 : 10}% after Holm's adjustment for 4 comparisons`), sentence);
      const atFloor = c.permutation!.p <= 1 / (c.permutation!.draws + 1) + 1e-12;
      assert.ok(sentence.includes(`Holm-adjusted p ${atFloor ? "≤" : "="} ${holm[k].toFixed(3)}`), sentence);
      assert.ok(sentence.includes("studentized permutation test, 99 draws"), sentence);
    });
  });

  it("the peripheral split's difference of mean effects is composition: the direct increments averaged over each group's flags", () => {
    const flags = new Map<number, Record<string, number>>();
    panel.code.forEach((code, i) => flags.set(Number(code), Object.fromEntries(splits.map((f) => [f, Number((panel as unknown as Record<string, ArrayLike<unknown>>)[f][i])]))));
    const direct = (f: Record<string, number>) => splits.reduce((s, k) => s + increments[k] * f[k], 0);
    const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
    const groupMean = (level: number) => mean([...flags.values()].filter((f) => f.peripheral === level).map(direct));
    assert.ok(Math.abs(groupMean(1) - groupMean(0) - truth.groups.peripheral.difference_total) < 1e-9);
    assert.ok(Math.abs(truth.groups.peripheral.difference_total) > 2 * Math.abs(increments.peripheral));
  });
});

describe("notebook 06: Table 10's latent_difference", () => {
  const latentSplits = splits.map((by) => compareGroups({ data: latent, formula: LATENT, by, coef: "ai_true", vcov: cluster }));

  it("each group's latent slope is its cities' true slopes averaged with weights Σₜ ãᵢₜ·aᵢₜ (ã: true ai after FE, shock and controls)", () => {
    // FWL: b = Σ ã·y / Σ ã², and y = FE + γ′X + βᵢ·a (error-free outcome, true ai; exact up to the panel's rounding), so b = Σᵢ βᵢ Σₜ ãᵢₜ aᵢₜ / Σ ã²
    const effect = latent.effect_total;
    const column = (name: string) => (latent as unknown as Record<string, ArrayLike<number | string>>)[name];
    for (const c of latentSplits) {
      for (const level of c.levels) {
        const rows = Array.from(latent.code, (_, i) => i).filter((i) => String(column(c.by)[i]) === level);
        const sub = Object.fromEntries(["ai_true", "shock", "code", "year", ...CONTROLS.split(" + ")].map((name) => [name, rows.map((i) => column(name)[i])]));
        const residual = feols(`ai_true ~ shock + ${CONTROLS} | code + year`, sub).residuals;
        let num = 0;
        let den = 0;
        residual.forEach((r, j) => {
          num += r * latent.ai_true[rows[j]] * effect[rows[j]];
          den += r * r;
        });
        assert.ok(Math.abs(c.fits[level].coef.ai_true - num / den) < 1e-3, `${c.by} = ${level}: slope ${c.fits[level].coef.ai_true} vs weighted average ${num / den}`);
      }
    }
  });

  it("is not the difference of the groups' mean effects (truth.groups): they differ by more than 0.02 in some split", () => {
    const gaps = latentSplits.map((c) => Math.abs(c.difference - truth.groups[c.by as "shrinking"].difference_total));
    assert.ok(Math.max(...gaps) > 0.02, `largest gap ${Math.max(...gaps)}`);
  });
});
