/**
 * The workshop exercises of notebooks 02–04: each correct answer, computed here the way a participant
 * would (feols, panelLag, describeVariables, the registry), is checked "correct"; each anticipated
 * mistake, computed here as a participant would make it, gets exactly its own feedback; a fit (or
 * other object), a string and a missing answer get the object, string and unattempted feedback; every
 * option of a choice exercise gets its own feedback. The claims the feedback makes about the data are
 * checked on the data, and the notebooks hold each exercise as question, solution and check cells that
 * the student edition can strip.
 */
import { assertExerciseNotebookSetup, assertMistakesGetTheirFeedback, assertNonNumbersGetTheirFeedback, readCells, tagged, text, type Cell, type Participant } from "./helpers/exerciseCases";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeVariables, feols, panelLag, tQuantile } from "../lib/index";
import { HU_LINE_HEIHE, HU_LINE_TENGCHONG, isSouthEastOfHuLine, loadRegistry, loadStudyPanel, readTruth } from "../lib/study/index";
import { EXERCISE_LIST, checkExercise, type ChoiceExercise, type Exercise, type NumericExercise } from "../lib/workshop/index";

const panel = loadStudyPanel();
const registry = loadRegistry();
const context = { panel, registry };
const CONTROLS = "lnpgdp + gov + fin + open + hc + infra + density";
const COLUMN4 = `shrink ~ ai + ${CONTROLS} | code + year`;
const IV = `shrink ~ ${CONTROLS} + i(year, share_sum) | code + year | ai ~ ai_iv` as const;
/** Notebook 04's OLS column: the 2SLS model's controls and share_sum slopes, ai not instrumented. */
const TABLE5_OLS = `shrink ~ ai + ${CONTROLS} + i(year, share_sum) | code + year`;
const LAGGED_IV = `shrink ~ ${CONTROLS} + i(year, share_sum) | code + year | ai_lag1 ~ ai_iv_lag1`;
const cluster = { cluster: "code" };

/** Values of ai in one year (or all), as a participant filters them. */
const aiIn = (year?: number) => panel.ai.filter((_, i) => year === undefined || panel.year[i] === year);
/** The panel with ai_lag1 and ai_iv_lag1, as notebook 04 and the solution of 04.3 build it. */
const lagged = panelLag(panelLag(panel, { unit: "code", time: "year", column: "ai", k: 1 }).data, { unit: "code", time: "year", column: "ai_iv", k: 1 }).data;
/** Notebook 04's 2SLS fit. */
const iv = feols(IV, panel, { vcov: cluster });
/** The straight segment from Tengchong to Heihe on a longitude/latitude map, as a participant might draw it. */
const belowSegment = (lon: number, lat: number) => lat <= HU_LINE_TENGCHONG.lat + ((HU_LINE_HEIHE.lat - HU_LINE_TENGCHONG.lat) / (HU_LINE_HEIHE.lon - HU_LINE_TENGCHONG.lon)) * (lon - HU_LINE_TENGCHONG.lon);

/** What a participant computes for a numeric exercise: the right answer, each anticipated mistake (in the exercise's order), and the object a participant may store instead of the number. */

const PARTICIPANT: Record<string, Participant> = {
  "02.2": {
    correct: () => describeVariables({ ai: aiIn(2023) }, ["ai"])[0].mean,
    mistakes: [() => describeVariables(panel, ["ai"])[0].mean, () => describeVariables({ ai: aiIn(2023) }, ["ai"])[0].sd, () => aiIn(2023).reduce((s, v) => s + v, 0)],
    object: () => describeVariables({ ai: aiIn(2023) }, ["ai"]),
  },
  "02.4": {
    correct: () => registry.filter((c) => isSouthEastOfHuLine(c.lon, c.lat)).length,
    mistakes: [
      () => registry.filter((c) => !isSouthEastOfHuLine(c.lon, c.lat)).length,
      () => registry.filter((c) => belowSegment(c.lon, c.lat)).length,
      () => panel.hu_se.filter((v) => v === 1).length,
      () => registry.length,
    ],
    object: () => registry.filter((c) => isSouthEastOfHuLine(c.lon, c.lat)),
  },
  "03.1": {
    correct: () => feols(COLUMN4, panel, { vcov: { cluster: "province" } }).se.ai,
    mistakes: [
      () => feols(COLUMN4, panel, { vcov: cluster }).se.ai,
      () => feols(COLUMN4, panel).se.ai,
      () => feols(COLUMN4, panel, { vcov: "hetero" }).se.ai,
      () => feols(COLUMN4, panel, { vcov: { cluster: "province" } }).se.lnpgdp,
    ],
    object: () => feols(COLUMN4, panel, { vcov: { cluster: "province" } }),
  },
  "04.1": {
    correct: () => iv.reducedForm().coef.ai_iv / iv.firstStage.ai.fit.coef.ai_iv,
    mistakes: [
      () => iv.firstStage.ai.fit.coef.ai_iv / iv.reducedForm().coef.ai_iv,
      () => iv.reducedForm().coef.ai_iv,
      () => iv.firstStage.ai.fit.coef.ai_iv,
      () => feols(TABLE5_OLS, panel, { vcov: cluster }).coef.ai,
      () => feols(COLUMN4, panel, { vcov: cluster }).coef.ai,
    ],
    object: () => iv,
  },
  "04.3": {
    correct: () => feols(LAGGED_IV, lagged, { vcov: cluster }).coef.ai_lag1,
    mistakes: [
      () => feols(`shrink ~ ai_lag1 + ${CONTROLS} + i(year, share_sum) | code + year`, lagged, { vcov: cluster }).coef.ai_lag1,
      () => feols(`shrink ~ ai_lag1 + ${CONTROLS} | code + year`, lagged, { vcov: cluster }).coef.ai_lag1,
      () => iv.coef.ai,
      () => feols(`shrink ~ ${CONTROLS} + i(year, share_sum) | code + year | ai_lag1 ~ ai_iv`, lagged, { vcov: cluster }).coef.ai_lag1,
      () => feols(`shrink ~ ${CONTROLS} | code + year | ai_lag1 ~ ai_iv_lag1`, lagged, { vcov: cluster }).coef.ai_lag1,
    ],
    object: () => feols(LAGGED_IV, lagged, { vcov: cluster }),
  },
};

const NOTEBOOKS: Record<string, string> = { "02": "02_descriptives.ipynb", "03": "03_baseline.ipynb", "04": "04_endogeneity.ipynb" };
const exercisesOf = (nb: string): Exercise[] => EXERCISE_LIST.filter((ex) => ex.id.startsWith(`${nb}.`));

describe("the exercises of notebooks 02–04", () => {
  for (const nb of Object.keys(NOTEBOOKS)) {
    it(`notebook ${nb} has at least three exercises, two of them conceptual`, () => {
      const list = exercisesOf(nb);
      assert.ok(list.length >= 3, `${list.length} exercises`);
      assert.ok(list.filter((ex) => ex.kind === "choice").length >= 2);
    });
  }
  for (const ex of EXERCISE_LIST.filter((e) => e.id >= "02" && e.id < "05")) {
    if (ex.kind === "numeric") numericCases(ex);
    else choiceCases(ex);
  }
});

function numericCases(ex: NumericExercise): void {
  describe(`${ex.id} (numeric): ${ex.title}`, () => {
    const participant = PARTICIPANT[ex.id];
    it("has a participant's computation in this test, at least two anticipated mistakes and a way out of an object", () => {
      assert.ok(participant, `no participant computation for ${ex.id}`);
      assert.ok((ex.mistakes ?? []).length >= 2);
      assert.equal(participant.mistakes.length, ex.mistakes?.length);
      assert.ok(ex.fromObject);
    });
    it("the right answer, computed independently, is correct", () => {
      const result = checkExercise(ex.id, participant.correct(), context);
      assert.equal(result.status, "correct", result.feedback);
      assert.match(result.feedback, /^Correct \(/);
    });
    it("each anticipated mistake gets exactly its own feedback", () => assertMistakesGetTheirFeedback(ex, participant, context));
    it("an object, a string and no answer get their own feedback", () => assertNonNumbersGetTheirFeedback(ex, participant, context));
  });
}

function choiceCases(ex: ChoiceExercise): void {
  describe(`${ex.id} (choice): ${ex.title}`, () => {
    const letters = Object.keys(ex.options);
    it("has at least three options, exactly one of them right", () => {
      assert.ok(letters.length >= 3);
      assert.equal(letters.filter((l) => ex.options[l].correct).length, 1);
    });
    it("every option gets its own feedback", () => {
      for (const letter of letters) {
        const option = ex.options[letter];
        const result = checkExercise(ex.id, letter, context);
        assert.equal(result.status, option.correct ? "correct" : "wrong", `${ex.id} option ${letter}`);
        assert.ok(result.feedback.startsWith(`${option.correct ? "Correct" : "Not quite"}: ${option.feedback}`), result.feedback);
      }
      assert.equal(new Set(letters.map((l) => ex.options[l].feedback)).size, letters.length);
    });
    it("no answer, or no letter, says what to store", () => {
      assert.equal(checkExercise(ex.id, undefined, context).status, "unattempted");
      const fit = checkExercise(ex.id, feols(COLUMN4, panel), context);
      assert.equal(fit.status, "wrong");
      assert.match(fit.feedback, /^Answer with one of the letters/);
    });
  });
}

describe("what the exercises say about the data holds on the data", () => {
  const numbers = (id: string) => (EXERCISE_LIST.find((e) => e.id === id) as ChoiceExercise).numbers!(context);
  it("02.2: robot penetration rises: the 2023 mean is far above the 2007 mean", () => {
    assert.ok(describeVariables({ ai: aiIn(2023) }, ["ai"])[0].mean > 2 * describeVariables({ ai: aiIn(2007) }, ["ai"])[0].mean);
  });
  it("02.3: Yan'an, Xi'an and Chengdu lie above the straight segment yet south-east of the great circle; Yulin is north-west; three provinces straddle the line", () => {
    const city = (code: string) => registry.find((c) => c.code === code)!;
    for (const code of ["610600", "610100", "510100"]) {
      const c = city(code);
      assert.ok(isSouthEastOfHuLine(c.lon, c.lat) && !belowSegment(c.lon, c.lat), c.name_pinyin);
    }
    const yulin = city("610800");
    assert.equal(yulin.name_pinyin, "Yulin");
    assert.ok(!isSouthEastOfHuLine(yulin.lon, yulin.lat));
    for (const province of ["15", "61", "62"]) {
      const sides = new Set(registry.filter((c) => c.province_code === province).map((c) => isSouthEastOfHuLine(c.lon, c.lat)));
      assert.equal(sides.size, 2, `province ${province}`);
    }
    const yanan = numbers("02.3");
    assert.ok(yanan.distanceDeg > 0.5 && yanan.lat > yanan.segmentLat + 1, "Yan'an is clearly inside the sliver, not on its edge");
    assert.ok(registry.every((c) => !belowSegment(c.lon, c.lat) || isSouthEastOfHuLine(c.lon, c.lat)), "the arc lies north-west of the chord");
  });
  it("02.4: the registry's flag hu_se agrees with the great-circle rule", () => {
    assert.ok(registry.every((c) => (c.hu_se === 1) === isSouthEastOfHuLine(c.lon, c.lat)));
  });
  it("03.2: same N and coefficient; the province SE is larger, far beyond what the small-sample factor explains", () => {
    const byCity = feols(COLUMN4, panel, { vcov: cluster });
    const byProvince = feols(COLUMN4, panel, { vcov: { cluster: "province" } });
    assert.equal(byProvince.nobs, byCity.nobs);
    assert.equal(byProvince.coef.ai, byCity.coef.ai);
    assert.equal(byProvince.dfT, (byProvince.nClusters ?? NaN) - 1);
    const n = numbers("03.2");
    assert.ok(n.seProvince > n.seCity);
    assert.ok(n.factorRatio - 1 < (n.seRatio - 1) / 4, `factor ${n.factorRatio} vs SE ratio ${n.seRatio}`);
  });
  it("03.3: the pooled SD of ai is more than twice its SD net of city and year effects, and few city-years move a pooled SD", () => {
    const n = numbers("03.3");
    assert.ok(n.sdPooled > 2 * n.sdWithin);
    const within = feols("ai ~ i(year) | code", panel).residuals;
    assert.ok(within.filter((v) => Math.abs(v) > n.sdPooled).length < 0.05 * within.length);
  });
  it("04.2: the KP F is a fraction of the iid Cragg–Donald F; with one instrument the effective F is the KP F; an F of 9 fails every effective-F critical value yet t = 3 rejects π = 0 at 1 %; no bias table for one instrument", () => {
    const n = numbers("04.2");
    assert.ok(n.kpOverCd < 0.5, String(n.kpOverCd));
    assert.ok(Math.abs(n.effectiveF - n.kpWaldF) < 1e-8 * n.kpWaldF);
    assert.ok(n.effectiveF > n.effectiveCritical10, "the data's instrument passes the screen");
    const critical = iv.ivDiagnostics.effectiveF!.critical;
    assert.ok(Object.values(critical).every((cv) => 9 < cv), JSON.stringify(critical));
    assert.ok(Math.sqrt(9) > tQuantile(0.995, iv.dfT));
    assert.equal(iv.ivDiagnostics.stockYogo.bias, undefined);
  });
  it("04.3: lagging alone leaves OLS attenuated: 2SLS with lagged ai is further from zero", () => {
    const ols = feols(`shrink ~ ai_lag1 + ${CONTROLS} + i(year, share_sum) | code + year`, lagged, { vcov: cluster }).coef.ai_lag1;
    assert.ok(Math.abs(PARTICIPANT["04.3"].correct()) > Math.abs(ols));
  });
  it("04.4: 2SLS and its estimand lie beyond OLS; the first-stage coefficient is not below one; the estimand differs from the mean total effect", () => {
    const n = numbers("04.4");
    assert.equal(n.ols, feols(TABLE5_OLS, panel, { vcov: cluster }).coef.ai);
    assert.ok(Math.abs(n.ivEstimand) < Math.abs(n.olsEstimand), "the premise of the question: the 2SLS estimand is closer to zero");
    const truth = readTruth();
    assert.ok(Math.abs(n.iv) > Math.abs(n.ols));
    assert.ok(Math.abs(truth.estimands.iv_share_sum.value) > Math.abs(n.ols));
    assert.ok(n.firstStage > 1);
    assert.ok(Math.abs(truth.estimands.iv_share_sum.value - truth.effects.total.mean) > 0.05);
  });
});

/** A notebook's cells: type, tags and source text. */
/** The names a cell declares at the top level (const/let/var, and imports). */
const declared = (cell: Cell): string[] => [
  ...[...text(cell).matchAll(/^(?:const|let|var)\s+(?:\[([^\]]*)\]|([A-Za-z_$][\w$]*))/gm)].flatMap((m) => (m[1] ? m[1].split(",").map((s) => s.trim()) : [m[2]])),
  ...[...text(cell).matchAll(/^import\s*\{([^}]*)\}/gm)].flatMap((m) => m[1].split(",").map((s) => s.trim().replace(/^type\s+/, ""))),
];

describe("the exercises sit in notebooks 02–04 as question, solution and check", () => {
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
        assert.ok(question.cell_type === "markdown" && text(question).includes(`\`${ex.answerName}\``), `${ex.id}: the question names ${ex.answerName}`);
        if (ex.kind === "choice") for (const [letter, option] of Object.entries(ex.options)) assert.ok(text(question).includes(`- **${letter}**: ${option.text}`), `${ex.id} lists option ${letter}`);
        assert.ok(tagged(solution, "solution") && text(solution).startsWith(`// Exercise ${ex.id}: `), `${ex.id}: solution cell`);
        assert.ok(declared(solution).includes(ex.answerName), `${ex.id}: the solution declares ${ex.answerName}`);
        const call = text(check).match(/^show\(check\("(\d\d\.\d+)", ([A-Za-z_$][\w$]*)(?:, \{ ([^}]*) \})?\)\);$/);
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
