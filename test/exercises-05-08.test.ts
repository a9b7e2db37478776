/**
 * The workshop exercises of notebooks 05–08: each correct answer, computed here the way a participant
 * would, is checked "correct"; each anticipated mistake, computed here as a participant would make it,
 * gets exactly its own feedback; a fit (or other object), a string and a missing answer get the object,
 * string and unattempted feedback; every option of a choice exercise gets its own feedback. Every
 * check runs with exactly the context its notebook's check cell passes. The claims the questions and
 * feedback make about the data are checked on the data, and the notebooks hold each exercise as
 * question, solution and check cells that the student edition can strip. Resampling runs here with
 * fewer draws than the notebooks: the checks compute from whatever results they are given.
 */
import { assertExerciseNotebookSetup, assertMistakesGetTheirFeedback, assertNonNumbersGetTheirFeedback, readCells, tagged, text, type Cell, type Participant } from "./helpers/exerciseCases";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compareGroups, dropUnits, feols, mediate, placeboTest, restrictYears, winsorize, type GroupComparison } from "../lib/index";
import { loadRegistry, loadStudyPanel, readTruth } from "../lib/study/index";
import { EXERCISE_LIST, checkExercise, monteCarloStudy, weakInstrumentRows, type ChoiceExercise, type Exercise, type ExerciseContext, type NumericExercise } from "../lib/workshop/index";

const panel = loadStudyPanel();
const registry = loadRegistry();
const truth = readTruth();
const CONTROLS = "lnpgdp + gov + fin + open + hc + infra + density";
const BASELINE = `shrink ~ ai + ${CONTROLS} | code + year`;
const cluster = { cluster: "code" };
const baseline = feols(BASELINE, panel, { vcov: cluster });

// What the notebooks compute before their exercises (with fewer resampling draws).
/** Notebook 05's four checks of Table 8. */
const checks = [
  feols(BASELINE, winsorize(panel, ["shrink", "ai"], { lower: 0.01, upper: 0.99, by: "year" }).data, { vcov: cluster }),
  feols(BASELINE, dropUnits(panel, "municipality", [1]).data, { vcov: cluster }),
  feols(BASELINE, restrictYears(panel, "year", { drop: [2020, 2021, 2022] }).data, { vcov: cluster }),
  feols(`shrink ~ ai + ${CONTROLS} | code + province^year`, panel, { vcov: cluster }),
];
const placebo = placeboTest({ data: panel, formula: BASELINE, coef: "ai", vcov: cluster, draws: 99, seed: 20260301, tstats: false });
const splits = ["shrinking", "hu_se", "peripheral", "resource"];
// 499 draws and the seeds of notebook 06: with fewer, the peripheral split's studentized p sits at its floor with
// two others, and its Holm adjustment equals Bonferroni's (exercise 06.2 could not tell them apart).
const comparisons: GroupComparison[] = splits.map((by, k) =>
  compareGroups({ data: panel, formula: BASELINE, by, coef: "ai", vcov: cluster, permutations: { draws: 499, seed: 20260301 + k } }),
);
const mechanisms = ["pop_return", "iei", "isu"];
const mediation = (m: string, vcov: "iid" | typeof cluster = cluster) =>
  mediate({ data: panel, outcome: "shrink", treatment: "ai", mediator: m, controls: CONTROLS.split(" + "), fe: ["code", "year"], vcov });
const bk = mechanisms.map((m) => mediation(m));
const study = monteCarloStudy({ draws: 5, seed: 1, cities: registry, noiseLevels: [3.2] });
/** The strongest and the weakest row of notebook 08's table, on the study's panels (fewer draws than the notebook). */
const weak = weakInstrumentRows(study);

/** The values a check cell may pass, by the name the notebooks give them. */
const IN_HAND: Record<string, unknown> = { panel, registry, truth, checks, placebo, comparisons, bk, study, weak };

/** Holm's adjusted p-values, in the order given, as a participant writes them. */
function holm(ps: number[]): number[] {
  const sorted = [...ps].sort((a, b) => a - b);
  const adjusted = sorted.map((_, j) => Math.max(...sorted.slice(0, j + 1).map((q, k) => Math.min(1, (sorted.length - k) * q))));
  return ps.map((p) => adjusted[sorted.indexOf(p)]);
}
const peripheral = splits.indexOf("peripheral");
const resource = comparisons[splits.indexOf("resource")];
const mean = (x: ArrayLike<number>) => Array.from(x).reduce((s, v) => s + v, 0) / x.length;
const rmse = (x: ArrayLike<number>, target: (d: number) => number) => Math.sqrt(mean(Array.from(x, (v, d) => (v - target(d)) ** 2)));
const sobel = (r: (typeof bk)[number], aroian = false) => {
  const { a, b } = r.paths;
  return Math.sqrt(b.estimate ** 2 * a.se ** 2 + a.estimate ** 2 * b.se ** 2 + (aroian ? a.se ** 2 * b.se ** 2 : 0));
};
const winsorized = (columns: string[], lower: number, upper: number, byYear = true) =>
  feols(BASELINE, winsorize(panel, columns, byYear ? { lower, upper, by: "year" } : { lower, upper }).data, { vcov: cluster });
const simple = () => feols(`shrink ~ ai + ai:resource + ${CONTROLS} | code + year`, panel, { vcov: cluster });
const withAll = () => feols(`shrink ~ ai + pop_return + iei + isu + ${CONTROLS} | code + year`, panel, { vcov: cluster });
let noisy: ReturnType<typeof monteCarloStudy> | undefined;
/** Exercise 08.4's run as its solution makes it (once: it is a Monte Carlo). */
const noisyRun = () => (noisy ??= monteCarloStudy({ draws: 10, seed: 100, cities: registry, iid: false, instrumentNoise: 0.8 }));

/** What a participant computes for a numeric exercise: the right answer, each anticipated mistake (in the exercise's order), and an object a participant may store instead. */

const PARTICIPANT: Record<string, Participant> = {
  "05.1": {
    correct: () => winsorized(["shrink", "ai"], 0.05, 0.95).coef.ai,
    mistakes: [
      () => winsorized(["shrink", "ai"], 0.01, 0.99).coef.ai,
      () => baseline.coef.ai,
      () => winsorized(["shrink", "ai"], 0.05, 0.95, false).coef.ai,
      () => winsorized(["ai"], 0.05, 0.95).coef.ai,
      () => winsorized(["shrink"], 0.05, 0.95).coef.ai,
      () => winsorized(["shrink", "ai"], 0.05, 0.95).se.ai,
    ],
    object: () => winsorized(["shrink", "ai"], 0.05, 0.95),
  },
  "05.4": {
    correct: () => feols(BASELINE, dropUnits(panel, "imputed", [1]).data, { vcov: cluster }).coef.ai,
    mistakes: [
      () => baseline.coef.ai,
      () => feols(BASELINE, dropUnits(panel, "imputed", [0]).data, { vcov: cluster }).coef.ai,
      () => feols(BASELINE, dropUnits(panel, "imputed", [1]).data, { vcov: cluster }).se.ai,
    ],
    object: () => feols(BASELINE, dropUnits(panel, "imputed", [1]).data, { vcov: cluster }),
  },
  "06.2": {
    correct: () => holm(comparisons.map((c) => c.permutation!.p))[peripheral],
    mistakes: [
      () => comparisons[peripheral].permutation!.p,
      () => Math.min(1, 4 * comparisons[peripheral].permutation!.p),
      () => holm(comparisons.map((c) => c.interaction.p))[peripheral],
      () => holm(comparisons.map((c) => c.suest.p))[peripheral],
    ],
    object: () => comparisons[peripheral].permutation,
  },
  "06.4": {
    correct: () => simple().coef["ai:resource"],
    mistakes: [() => resource.interaction.estimate, () => simple().coef.ai, () => resource.fits["1"].coef.ai, () => simple().se["ai:resource"]],
    object: () => simple(),
  },
  "07.2": {
    correct: () => sobel(bk[2]),
    mistakes: [() => sobel(bk[2], true), () => sobel(bk[2]) ** 2, () => sobel(mediation("isu", "iid")), () => sobel(bk[0]), () => bk[2].indirect / sobel(bk[2])],
    object: () => bk[2],
  },
  "07.4": {
    correct: () => (bk[0].total - withAll().coef.ai) / bk[0].total,
    mistakes: [
      () => bk.reduce((s, r) => s + r.shareMediated, 0),
      () => bk[2].shareMediated,
      () => (100 * (bk[0].total - withAll().coef.ai)) / bk[0].total,
      () => withAll().coef.ai / bk[0].total,
      () => bk[0].total - withAll().coef.ai,
    ],
    object: () => withAll(),
  },
  "08.1": {
    correct: () => rmse(study.iv, () => study.target.value),
    mistakes: [
      () => Math.sqrt(Array.from(study.iv).reduce((s, v) => s + (v - mean(study.iv)) ** 2, 0) / (study.draws - 1)),
      () => rmse(study.iv, (d) => study.drawEstimand[d]),
      () => rmse(study.ols, () => study.target.value),
      () => rmse(study.iv, () => study.target.value) ** 2,
      () => rmse(study.iv, () => truth.effects.total.mean),
      () => rmse(study.iv, () => truth.estimands.iv.value),
    ],
    object: () => study,
  },
  "08.4": {
    correct: () => {
      const run = noisyRun();
      return run.kpF.filter((f) => f > 10).length / run.draws;
    },
    mistakes: [
      () => noisyRun().kpF.filter((f) => f > 10).length,
      () => noisyRun().kpF.filter((f) => f <= 10).length / 10,
    ],
    object: () => noisyRun(),
  },
};

const NOTEBOOKS: Record<string, string> = { "05": "05_robustness.ipynb", "06": "06_heterogeneity.ipynb", "07": "07_mechanisms.ipynb", "08": "08_truth.ipynb" };
const exercisesOf = (nb: string): Exercise[] => EXERCISE_LIST.filter((ex) => ex.id.startsWith(`${nb}.`));

/** A notebook's cells: type, tags and source text. */
/** The names a cell declares at the top level (const/let/var, and imports). */
const declared = (cell: Cell): string[] => [
  ...[...text(cell).matchAll(/^(?:const|let|var)\s+(?:\[([^\]]*)\]|([A-Za-z_$][\w$]*))/gm)].flatMap((m) => (m[1] ? m[1].split(",").map((s) => s.trim()) : [m[2]])),
  ...[...text(cell).matchAll(/^import\s*\{([^}]*)\}/gm)].flatMap((m) => m[1].split(",").map((s) => s.trim().replace(/^type\s+/, ""))),
];
const CHECK_CALL = /^show\(check\("(\d\d\.\d+)", ([A-Za-z_$][\w$]*)(?:, \{ ([^}]*) \})?\)\);$/;

/** The context an exercise's check cell passes, built from the values in hand under the same names. */
function contextOf(ex: Exercise): ExerciseContext {
  const cells = readCells(NOTEBOOKS[ex.id.slice(0, 2)]);
  const call = cells.map((c) => text(c).match(CHECK_CALL)).find((m) => m?.[1] === ex.id);
  assert.ok(call, `no check cell for ${ex.id}`);
  const context: ExerciseContext = {};
  for (const entry of (call[3] ?? "").split(",").filter((s) => s.trim())) {
    const [key, value] = entry.split(":").map((s) => s.trim());
    assert.ok(value in IN_HAND, `${ex.id}: this test has no value for ${value}`);
    context[key] = IN_HAND[value];
  }
  return context;
}

describe("the exercises of notebooks 05–08", () => {
  for (const nb of Object.keys(NOTEBOOKS)) {
    it(`notebook ${nb} has at least three exercises, two of them conceptual`, () => {
      const list = exercisesOf(nb);
      assert.ok(list.length >= 3, `${list.length} exercises`);
      assert.ok(list.filter((ex) => ex.kind === "choice").length >= 2);
    });
  }
  for (const ex of EXERCISE_LIST.filter((e) => e.id >= "05" && e.id < "09")) {
    if (ex.kind === "numeric") numericCases(ex);
    else choiceCases(ex);
  }
});

function numericCases(ex: NumericExercise): void {
  describe(`${ex.id} (numeric): ${ex.title}`, () => {
    const participant = PARTICIPANT[ex.id];
    const context = contextOf(ex);
    it("has a participant's computation in this test, at least two anticipated mistakes and a way out of an object", () => {
      assert.ok(participant, `no participant computation for ${ex.id}`);
      assert.ok((ex.mistakes ?? []).length >= 2);
      assert.equal(participant.mistakes.length, ex.mistakes?.length);
      assert.ok(ex.fromObject);
    });
    it("the right answer, computed independently, is correct, with an explanation", () => {
      const result = checkExercise(ex.id, participant.correct(), context);
      assert.equal(result.status, "correct", result.feedback);
      assert.match(result.feedback, /^Correct \(/);
      assert.doesNotMatch(result.feedback, /NaN|undefined|Infinity/);
    });
    it("each anticipated mistake gets exactly its own feedback", () => assertMistakesGetTheirFeedback(ex, participant, context));
    it("an object, a string and no answer get their own feedback", () => assertNonNumbersGetTheirFeedback(ex, participant, context));
  });
}

function choiceCases(ex: ChoiceExercise): void {
  describe(`${ex.id} (choice): ${ex.title}`, () => {
    const letters = Object.keys(ex.options);
    const context = contextOf(ex);
    it("has at least three options, exactly one of them right, and the solution names it", () => {
      assert.ok(letters.length >= 3);
      const right = letters.filter((l) => ex.options[l].correct);
      assert.equal(right.length, 1);
      assert.ok(ex.solution.startsWith(`const ${ex.answerName} = "${right[0]}";`), ex.solution);
    });
    it("every option gets its own feedback, with the numbers it is about", () => {
      for (const letter of letters) {
        const option = ex.options[letter];
        const result = checkExercise(ex.id, letter, context);
        assert.equal(result.status, option.correct ? "correct" : "wrong", `${ex.id} option ${letter}`);
        assert.ok(result.feedback.startsWith(`${option.correct ? "Correct" : "Not quite"}: ${option.feedback}`), result.feedback);
        assert.doesNotMatch(result.feedback, /NaN|undefined/);
      }
      assert.equal(new Set(letters.map((l) => ex.options[l].feedback)).size, letters.length);
    });
    it("no answer, or no letter, says what to store", () => {
      assert.equal(checkExercise(ex.id, undefined, context).status, "unattempted");
      const fit = checkExercise(ex.id, baseline, context);
      assert.equal(fit.status, "wrong");
      assert.match(fit.feedback, /^Answer with one of the letters/);
    });
  });
}

describe("what the exercises say about the data holds on the data", () => {
  const numbers = (id: string) => {
    const ex = EXERCISE_LIST.find((e) => e.id === id) as ChoiceExercise;
    return ex.numbers!(contextOf(ex));
  };
  it("05.1: pooled percentiles clip mostly the early and the late years", () => {
    const pooled = winsorize(panel, ["ai"], { lower: 0.05, upper: 0.95 }).data;
    const clipped = (years: number[]) => panel.ai.filter((v, i) => years.includes(panel.year[i]) && v !== pooled.ai[i]).length;
    assert.ok(clipped([2007, 2008, 2022, 2023]) > 5 * clipped([2013, 2014, 2015, 2016]));
  });
  it("05.2: 2SLS and the truth are further from zero than every check, and the checks lie within one SE of each other", () => {
    const n = numbers("05.2");
    assert.ok(n.iv < n.checkFurthestFromZero && truth.estimands.iv.value < n.checkFurthestFromZero && truth.effects.total.mean < n.checkFurthestFromZero);
    assert.ok(n.checkClosestToZero - n.checkFurthestFromZero < baseline.se.ai);
  });
  it("05.3: no placebo draw comes near the real estimate, so p sits at its floor 1/(B + 1)", () => {
    const n = numbers("05.3");
    assert.equal(n.placeboAsFarFromZero, 0);
    assert.equal(n.p, n.floor);
    assert.ok(Math.abs(placebo.estimate) > 10 * placebo.sd && Math.abs(placebo.mean) < placebo.sd);
  });
  it("06.2: Holm differs from Bonferroni and from no adjustment (the mistakes are distinguishable)", () => {
    const p = PARTICIPANT["06.2"];
    const values = [p.correct(), ...p.mistakes.map((m) => m())];
    assert.equal(new Set(values.map((v) => v.toPrecision(8))).size, values.length);
  });
  it("06.3: no central city is resource-based, fewer are shrinking, and the true difference exceeds the increment", () => {
    const n = numbers("06.3");
    assert.equal(n.resourceAmongCentral, 0);
    assert.ok(n.resourceAmongPeripheral > 0.3 && n.shrinkingAmongCentral < n.shrinkingAmongPeripheral);
    assert.ok(Math.abs(n.trueDifference) > 2 * Math.abs(n.peripheralIncrement));
    const all = feols(`shrink ~ ai + ai:shrinking + ai:hu_se + ai:peripheral + ai:resource + ${CONTROLS} | code + year`, panel, { vcov: cluster });
    assert.ok(Math.abs(all.coef["ai:peripheral"] - n.peripheralIncrement) < 2 * all.se["ai:peripheral"], "all four interactions at once separate the increments");
    // the true difference is the composition of the direct increments alone (the mechanism paths are the same in every city)
    const flags = new Map<number, Record<string, number>>();
    panel.code.forEach((code, i) => flags.set(Number(code), { shrinking: Number(panel.shrinking[i]), hu_se: Number(panel.hu_se[i]), peripheral: Number(panel.peripheral[i]), resource: Number(panel.resource[i]) }));
    const increments = truth.effects.direct.increments as Record<string, number>;
    const direct = (f: Record<string, number>) => Object.keys(increments).reduce((s, k) => s + increments[k] * f[k], 0);
    const groupMean = (level: number) => mean([...flags.values()].filter((f) => f.peripheral === level).map(direct));
    assert.ok(Math.abs(groupMean(1) - groupMean(0) - n.trueDifference) < 1e-9);
  });
  it("06.4: the simple interaction differs from the fully interacted difference", () => {
    assert.ok(Math.abs(PARTICIPANT["06.4"].correct() - resource.difference) > 1e-3);
    assert.ok(Math.abs(resource.interaction.estimate - resource.difference) < 1e-10);
  });
  it("07.1: every OLS step-2 interval misses the true a and every 2SLS interval covers it; 2SLS is closer, with SEs over three times OLS's; clustering leaves the a's unchanged", () => {
    const n = numbers("07.1");
    for (const m of mechanisms) {
      const [ols, iv, trueA] = [n[`${m}_aOls`], n[`${m}_a2sls`], n[`${m}_trueA`]];
      assert.ok((trueA - ols) / n[`${m}_seOls`] > 3, `${m}: OLS falls short by more than three SEs`);
      assert.ok(Math.abs(iv - trueA) < 1.96 * n[`${m}_se2sls`], `${m}: 2SLS within 1.96 SEs`);
      assert.ok(Math.abs(iv - trueA) < Math.abs(ols - trueA), `${m}: 2SLS point closer`);
      assert.ok(n[`${m}_se2sls`] > 3 * n[`${m}_seOls`], `${m}: 2SLS SE several times OLS's`);
    }
    const rhs = `${CONTROLS} + i(year, share_sum)`;
    assert.ok(Math.abs(feols(`isu ~ ai + ${rhs} | code + year`, panel).coef.ai - n.isu_aOls) < 1e-12);
    assert.ok(Math.abs(feols(`isu ~ ${rhs} | code + year | ai ~ ai_iv`, panel).coef.ai - n.isu_a2sls) < 1e-12);
  });
  it("07.3: isu's b and a·b are overstated beyond two Sobel SEs; pop_return's b too and its a too small, while its a·b lands near the truth; every Sobel z is far from zero", () => {
    const n = numbers("07.3");
    assert.ok(n.isu_b < n.isu_trueB && n.isu_ab < n.isu_trueAb - 2 * bk[2].sobel.se);
    assert.ok(n.pop_return_b < n.pop_return_trueB);
    assert.ok(Math.abs(bk[0].indirect - truth.effects.mechanisms.pop_return.ab) < 2 * bk[0].sobel.se);
    assert.ok(bk[0].a < truth.effects.mechanisms.pop_return.a);
    for (const r of bk) assert.ok(Math.abs(r.sobel.z) > 3, r.mediator);
  });
  it("07.4: the separate shares add up to more than the joint share", () => {
    assert.ok(bk.reduce((s, r) => s + r.shareMediated, 0) > PARTICIPANT["07.4"].correct());
  });
  it("08.3: the table's rows span a strong and a weak cluster-robust F, the spread grows, and OLS sits on the zero side of the target", () => {
    const n = numbers("08.3");
    assert.ok(n.weakestMedianKpF < 10 && n.strongestMedianKpF > 10);
    assert.ok(weak[1].iqrIv > 2 * weak[0].iqrIv);
    assert.ok(n.meanOls > n.target, "OLS is biased towards zero");
    // the drift towards OLS against its Monte Carlo error, and the t-test's size, are statistical: test/monte-carlo-truth.test.ts
  });
  it("08.4: some draws clear F > 10 and most do not", () => {
    const share = PARTICIPANT["08.4"].correct();
    assert.ok(share > 0 && share < 0.5);
  });
});

describe("the exercises sit in notebooks 05–08 as question, solution and check", () => {
  for (const [nb, file] of Object.entries(NOTEBOOKS)) {
    const cells = readCells(file);
    it(`${file}: imports check, hint and showMe, has no old-style checkAnswer, and carries no outputs`, () => {
      assertExerciseNotebookSetup(cells);
    });
    it(`${file}: each exercise is a question, a tagged solution declaring the answer, and a check on the answer and earlier data only`, () => {
      const headings = cells.map((c, k) => ({ c, k })).filter(({ c }) => c.cell_type === "markdown" && /^## Exercise \d\d\.\d+:/.test(text(c)));
      assert.deepEqual(headings.map(({ c }) => text(c).slice(12, 16)), exercisesOf(nb).map((ex) => ex.id), "exercises in id order");
      for (const ex of exercisesOf(nb)) {
        const k = headings.find(({ c }) => text(c).startsWith(`## Exercise ${ex.id}:`))!.k;
        const [question, solution, check] = [cells[k], cells[k + 1], cells[k + 2]];
        assert.ok(text(question).includes(`\`${ex.answerName}\``), `${ex.id}: the question names ${ex.answerName}`);
        assert.ok(text(question).includes(`\`hint("${ex.id}")\``) && text(question).includes(`\`showMe("${ex.id}")\``));
        if (ex.kind === "choice") for (const [letter, option] of Object.entries(ex.options)) assert.ok(text(question).includes(`- **${letter}**: ${option.text}`), `${ex.id} lists option ${letter}`);
        assert.ok(tagged(solution, "solution") && text(solution).startsWith(`// Exercise ${ex.id}: `), `${ex.id}: solution cell`);
        assert.ok(declared(solution).includes(ex.answerName), `${ex.id}: the solution declares ${ex.answerName}`);
        if (ex.kind === "numeric") assert.equal(text(solution).split("\n").slice(1).join("\n"), ex.solution, `${ex.id}: showMe shows the notebook's solution`);
        else assert.ok(ex.solution.startsWith(text(solution).split("\n")[1]), `${ex.id}: showMe gives the notebook's letter`);
        const call = text(check).match(CHECK_CALL);
        assert.ok(tagged(check, "check") && call, `${ex.id}: check cell is a single check call: ${text(check)}`);
        assert.equal(call[1], ex.id);
        assert.equal(call[2], ex.answerName);
        const earlier = cells.slice(0, k).filter((c) => c.cell_type === "code" && !tagged(c, "solution")).flatMap(declared);
        for (const entry of (call[3] ?? "").split(",").filter((s) => s.trim())) {
          const [key, value] = entry.split(":").map((s) => s.trim());
          assert.ok(value !== undefined, `${ex.id}: write { ${key}: ${key} } (tslab does not rewrite shorthand properties)`);
          assert.ok(earlier.includes(value), `${ex.id}: the check passes ${value}, which no earlier non-solution cell defines`);
        }
      }
    });
    it(`${file}: no cell but its own check uses what a solution cell declares (the student edition empties them)`, () => {
      cells.forEach((cell, k) => {
        if (!tagged(cell, "solution")) return;
        const names = declared(cell);
        for (const later of cells.slice(k + 2).filter((c) => c.cell_type === "code" && !tagged(c, "solution"))) {
          for (const name of names) assert.ok(!new RegExp(`\\b${name.replace("$", "\\$")}\\b`).test(text(later)), `${name} is used after its exercise: ${text(later)}`);
        }
      });
    });
  }
});
