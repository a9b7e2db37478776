/**
 * One switch for every notebook: KIT_PANEL selects the user's cleaned panel for `loadStudyPanel()`,
 * the table notes and figure captions say "Real data: <path>", each notebook's data line names it,
 * the comparisons with the simulation's truth are skipped with one line, and the report's banner
 * says "Real data: <path>" instead of "Simulated data".
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, it } from "node:test";
import { SetupError, DataError } from "../lib/errors";
import { dataCaptionText, dataNoteText } from "../lib/report/defaults";
import { bundledStudyData, dataInUse, DEFAULT_PANEL_PATH, loadLatentPanel, loadStudyPanel, studyData, useStudyDefaults, SIMULATED_DATA_NOTE, SIMULATED_DATA_CAPTION } from "../lib/study/index";
import { check, EXERCISE_LIST, truthOfData, withTruth } from "../lib/workshop/index";
import { indexPage } from "../scripts/notebooks/reportIndex";
import { tempDir } from "./helpers/tempDir";

/** A "real" panel: the bundled one without its last 287 rows (2023), so that its rows are countably different. */
function writeUserPanel(): { path: string; rows: number } {
  const dir = tempDir("kit-switch-");
  const lines = readFileSync(DEFAULT_PANEL_PATH, "utf8").trimEnd().split("\n");
  const kept = [lines[0], ...lines.slice(1).filter((l) => !/^\d{6},2023,/.test(l))];
  const path = join(dir, "panel.csv");
  writeFileSync(path, kept.join("\n") + "\n");
  return { path, rows: kept.length - 1 };
}

const user = writeUserPanel();
const saved = process.env.KIT_PANEL;
afterEach(() => {
  if (saved === undefined) delete process.env.KIT_PANEL;
  else process.env.KIT_PANEL = saved;
  useStudyDefaults(); // leave the report defaults as the other tests expect them
});

describe("studyData", () => {
  it("is the bundled simulated panel when KIT_PANEL is unset, empty or names data/panel.csv", () => {
    for (const env of [{}, { KIT_PANEL: "  " }, { KIT_PANEL: DEFAULT_PANEL_PATH }]) {
      assert.deepEqual(studyData(env), bundledStudyData());
    }
    assert.equal(bundledStudyData().simulated, true);
  });

  it("is the user's panel, labelled real data with its absolute path, when KIT_PANEL names one", () => {
    const d = studyData({ KIT_PANEL: user.path });
    assert.equal(d.simulated, false);
    assert.equal(d.panelPath, user.path);
    assert.equal(d.label, `Real data: ${user.path}`);
  });

  it("stops with a SetupError naming the path when KIT_PANEL names no file", () => {
    assert.throws(() => studyData({ KIT_PANEL: "no/such/panel.csv" }), (e: unknown) => e instanceof SetupError && /no\/such\/panel\.csv.*does not exist.*clean-data/.test(e.message));
  });
});

describe("KIT_PANEL switches every notebook's panel and labels", () => {
  it("loadStudyPanel() reads KIT_PANEL's file: 287 fewer rows than the bundled panel", () => {
    process.env.KIT_PANEL = user.path;
    const panel = loadStudyPanel();
    assert.equal(panel.code.length, user.rows);
    assert.equal(user.rows, 4879 - 287);
  });

  it("useStudyDefaults() notes tables and captions figures 'Real data: <path>' in both languages, and the simulated ones otherwise", () => {
    process.env.KIT_PANEL = user.path;
    useStudyDefaults();
    assert.equal(dataNoteText("en"), `Real data: ${user.path}`);
    assert.equal(dataCaptionText("en"), `Real data: ${user.path}`);
    assert.equal(dataNoteText("zh"), `真实数据：${user.path}`);
    delete process.env.KIT_PANEL;
    useStudyDefaults();
    assert.equal(dataNoteText("en"), SIMULATED_DATA_NOTE.en);
    assert.equal(dataCaptionText("zh"), SIMULATED_DATA_CAPTION.zh);
  });

  it("the data line says 'Real data: <path>' on real data and 'Simulated data' on the bundled panel", () => {
    assert.match(String(dataInUse({}, studyData({ KIT_PANEL: user.path }))["text/plain"]), new RegExp(`^Real data: ${user.path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} \\(KIT_PANEL\\)`));
    assert.match(String(dataInUse({}, bundledStudyData())["text/plain"]), /^Simulated data: /);
    assert.match(String(dataInUse({ readsPanel: false }, studyData({ KIT_PANEL: user.path }))["text/plain"]), /^Real data: .*reads no panel: it redraws the kit's simulated panels/);
    assert.match(String(dataInUse({ readsPanel: false, instead: "cleans data/raw" }, bundledStudyData())["text/plain"]), /^Simulated data: this notebook cleans data\/raw; /);
  });
});

describe("comparisons with the truth", () => {
  it("withTruth runs the comparison on the simulated panel and returns its value", () => {
    assert.equal(withTruth("a test", () => 42, bundledStudyData()), 42);
  });

  it("withTruth skips the comparison on real data (it is never called) and returns undefined", () => {
    let called = false;
    const value = withTruth("a test", () => { called = true; return 42; }, studyData({ KIT_PANEL: user.path }));
    assert.equal(value, undefined);
    assert.equal(called, false);
  });

  it("truthOfData is the truth on simulated data and undefined on real data", () => {
    assert.equal(typeof truthOfData(bundledStudyData())?.seed, "number");
    assert.equal(truthOfData(studyData({ KIT_PANEL: user.path })), undefined);
  });

  it("check() skips an exercise whose premise is the truth on real data, with one untagged line, and checks it on simulated data", () => {
    process.env.KIT_PANEL = user.path;
    const skipped = check("06.3", "c", {});
    assert.match(String(skipped["text/plain"]), /^Skipped on real data: exercise 06\.3 \(it asks about the simulation's true effects\) — it needs the simulation's truth/);
    assert.equal(skipped.kit, undefined, "nothing for the grader");
    delete process.env.KIT_PANEL;
    assert.match(String(check("06.3", "c", { panel: loadStudyPanel(), truth: truthOfData() })["text/plain"]), /^✓ Exercise 06\.3/);
  });

  it("marks exactly the exercises whose premise is the simulation's truth", () => {
    assert.deepEqual(EXERCISE_LIST.filter((e) => e.needsTruth).map((e) => e.id), ["04.4", "05.2", "06.3", "07.1", "07.3"]);
  });

  it("loadLatentPanel() under KIT_PANEL refuses, naming KIT_PANEL and withTruth, instead of using the simulated panel", () => {
    process.env.KIT_PANEL = user.path;
    assert.throws(() => loadLatentPanel(), (e: unknown) => e instanceof DataError && /KIT_PANEL.*no latent columns.*withTruth/.test(e.message));
  });
});

describe("the report's banner", () => {
  it("says 'Real data: <path>' and not 'Simulated data' under KIT_PANEL", () => {
    const html = indexPage([], [], "", { elapsedMs: 1000, resampling: "fast", data: studyData({ KIT_PANEL: user.path }) });
    assert.ok(html.includes(`Real data: ${user.path}`));
    assert.ok(!html.includes("Simulated data"));
  });

  it("says 'Simulated data' on the bundled panel", () => {
    assert.match(indexPage([], [], "", { elapsedMs: 1000, resampling: "fast", data: bundledStudyData() }), /<div class="banner">Simulated data: /);
  });
});
