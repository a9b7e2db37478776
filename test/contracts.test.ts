/**
 * Contracts that hold everywhere (issue: one library in three layers):
 * - every public function of the three entry points that takes an options object rejects an
 *   unknown key with a KitError that names the key (and suggests the nearest valid one);
 * - a level given in percent to `confint` is a KitError that says how to write it;
 * - every error the kit throws on purpose is a KitError: no `throw new RangeError/Error` in lib/.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import * as library from "../lib/index";
import * as study from "../lib/study/index";
import * as workshop from "../lib/workshop/index";
import { readGoldenCsv } from "./helpers/golden";

const {
  feols,
  PreparedModel,
  KitError,
  OptionsError,
  mediate,
  compareGroups,
  winsorize,
  panelLag,
  panelLead,
  restrictYears,
  placeboTest,
  wildClusterBootstrap,
  buildRegressionTable,
  buildDataTable,
  buildDescriptiveTable,
  buildDefinitionTable,
  toCsv,
  toLatex,
  coefficientPlot,
  groupForestPlot,
  placeboPlot,
  yearlyTrendsPlot,
  yearlyMeans,
  figureBundle,
  saveFigureHtml,
  displayTable,
  describeEffect,
  describeIvEffect,
  describeGroupDifference,
  describeGroupComparison,
  describeOlsIvTruth,
  setReportDefaults,
  isIvResult,
} = library;

const grunfeld = readGoldenCsv("grunfeld.csv");
const fit = feols("inv ~ value + capital | firm + year", grunfeld, { vcov: { cluster: "firm" } });
const iv = feols("inv ~ capital | firm + year | value ~ value_lag1", readGoldenCsv("grunfeld_with_lag.csv"), { vcov: { cluster: "firm" } });
if (!isIvResult(iv)) throw new Error("expected an IV fit");
const grouped = { ...grunfeld, big: grunfeld.firm.map((f) => (Number(f) <= 5 ? 1 : 0)) };
const comparison = compareGroups({ data: grouped, formula: "inv ~ value + capital | year", by: "big", coef: "value" });
const scratch = mkdtempSync(join(tmpdir(), "kit-contracts-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The misspelt key each call passes, next to its correct spelling. */
const TYPO = "seedd";

/** Each public function that takes options, called once with the unknown key TYPO. */
const calls: Record<string, () => unknown> = {
  feols: () => feols("inv ~ value", grunfeld, { [TYPO]: 1 } as never),
  "feols (vcov)": () => feols("inv ~ value", grunfeld, { vcov: { cluster: "firm", [TYPO]: 1 } as never }),
  "feols (demean)": () => feols("inv ~ value | firm", grunfeld, { demean: { [TYPO]: 1 } as never }),
  PreparedModel: () => new PreparedModel("inv ~ value | firm", grunfeld, { [TYPO]: 1 } as never),
  "PreparedModel.refit": () => new PreparedModel("inv ~ value | firm", grunfeld).refit({}, { [TYPO]: 1 } as never),
  "PreparedModel.coefficients": () => new PreparedModel("inv ~ value | firm", grunfeld).coefficients({ [TYPO]: 1 } as never),
  mediate: () => mediate({ data: grunfeld, outcome: "inv", treatment: "value", mediator: "capital", [TYPO]: 1 } as never),
  "mediate (bootstrap)": () =>
    mediate({ data: grunfeld, outcome: "inv", treatment: "value", mediator: "capital", fe: "firm", vcov: { cluster: "firm" }, bootstrap: { draws: 9, seed: 1, [TYPO]: 1 } as never }),
  compareGroups: () => compareGroups({ data: grouped, formula: "inv ~ value | year", by: "big", coef: "value", [TYPO]: 1 } as never),
  "compareGroups (permutations)": () =>
    compareGroups({ data: grouped, formula: "inv ~ value | year", by: "big", coef: "value", permutations: { draws: 9, seed: 1, [TYPO]: 1 } as never }),
  winsorize: () => winsorize(grunfeld, "inv", { [TYPO]: 1 } as never),
  panelLag: () => panelLag(grunfeld, { unit: "firm", time: "year", column: "value", [TYPO]: 1 } as never),
  panelLead: () => panelLead(grunfeld, { unit: "firm", time: "year", column: "value", [TYPO]: 1 } as never),
  restrictYears: () => restrictYears(grunfeld, "year", { from: 1940, [TYPO]: 1 } as never),
  placeboTest: () => placeboTest({ data: grunfeld, formula: "inv ~ value | firm + year", coef: "value", draws: 9, seed: 1, [TYPO]: 1 } as never),
  wildClusterBootstrap: () => wildClusterBootstrap({ data: grunfeld, formula: "inv ~ value | year", coef: "value", cluster: "firm", draws: 9, seed: 1, [TYPO]: 1 } as never),
  buildRegressionTable: () => buildRegressionTable([fit], { [TYPO]: 1 } as never),
  buildDataTable: () => buildDataTable([{ a: 1 }], { [TYPO]: 1 } as never),
  buildDescriptiveTable: () => buildDescriptiveTable(grunfeld, { [TYPO]: 1 } as never),
  buildDefinitionTable: () => buildDefinitionTable({ [TYPO]: 1 } as never),
  toCsv: () => toCsv(buildDataTable([{ a: 1 }]), { [TYPO]: 1 } as never),
  toLatex: () => toLatex(buildDataTable([{ a: 1 }]), { [TYPO]: 1 } as never),
  coefficientPlot: () => coefficientPlot([{ fit, term: "value", label: "TWFE" }], { [TYPO]: 1 } as never),
  groupForestPlot: () => groupForestPlot(comparison, { [TYPO]: 1 } as never),
  placeboPlot: () => placeboPlot({ draws: [0.1, -0.2, 0.05], estimate: 0.3 }, { [TYPO]: 1 } as never),
  yearlyTrendsPlot: () => yearlyTrendsPlot(grunfeld, { variable: "inv", [TYPO]: 1 } as never),
  yearlyMeans: () => yearlyMeans(grunfeld, { variable: "inv", [TYPO]: 1 } as never),
  figureBundle: () => figureBundle(coefficientPlot([{ fit, term: "value", label: "TWFE" }]), { [TYPO]: 1 } as never),
  saveFigureHtml: () => saveFigureHtml(coefficientPlot([{ fit, term: "value", label: "TWFE" }]), join(scratch, "f.html"), { [TYPO]: 1 } as never),
  displayTable: () => displayTable(buildDataTable([{ a: 1 }]), { [TYPO]: 1 } as never),
  describeEffect: () => describeEffect(fit, { [TYPO]: 1 } as never),
  describeIvEffect: () => describeIvEffect(iv, { [TYPO]: 1 } as never),
  describeGroupDifference: () =>
    describeGroupDifference({ groups: [{ label: "a", estimate: 1 }, { label: "b", estimate: 2 }], p: 0.5 }, { term: "x", outcome: "y", [TYPO]: 1 } as never),
  describeGroupComparison: () => describeGroupComparison(comparison, { [TYPO]: 1 } as never),
  describeOlsIvTruth: () => describeOlsIvTruth({ ols: fit, iv, term: "value" }, { [TYPO]: 1 } as never),
  setReportDefaults: () => setReportDefaults({ [TYPO]: 1 } as never),
  formatPValue: () => library.formatPValue(0.5, { [TYPO]: 1 } as never),
  pValueText: () => library.pValueText(0.5, { [TYPO]: 1 } as never),
  partialCorrelation: () => library.partialCorrelation(grunfeld, "value", "inv", { [TYPO]: 1 } as never),
  describeIidVersusRobustF: () => library.describeIidVersusRobustF(iv, { [TYPO]: 1 } as never),
  describeWuHausman: () => library.describeWuHausman(iv, { [TYPO]: 1 } as never),
  describeCoverage: () => library.describeCoverage({ fits: { OLS: fit }, term: "value", truth: 0.1 }, { [TYPO]: 1 } as never),
  describeIndirectEffect: () => library.describeIndirectEffect({} as never, { [TYPO]: 1 } as never),
  jointInteractions: () => library.jointInteractions({ data: grouped, formula: "inv ~ value | year", coef: "value", flags: ["big"], [TYPO]: 1 } as never),
  describeJointInteractions: () => library.describeJointInteractions({} as never, { [TYPO]: 1 } as never),
  describeJointTarget: () => library.describeJointTarget({} as never, { [TYPO]: 1 } as never),
  "study: olsIvEstimands": () => study.olsIvEstimands({} as never, { [TYPO]: 1 } as never),
  "study: describeEstimands": () => study.describeEstimands({} as never, { [TYPO]: 1 } as never),
  "study: indirectEffectBiases": () => study.indirectEffectBiases({ [TYPO]: 1 } as never),
  "study: describeIndirectBiases": () => study.describeIndirectBiases([], { [TYPO]: 1 } as never),
  "workshop: describeSamplingDistributions": () => workshop.describeSamplingDistributions({} as never, { totalEffect: 1, [TYPO]: 1 } as never),
  "workshop: describeTarget": () => workshop.describeTarget({} as never, { totalEffect: 1, [TYPO]: 1 } as never),
  "workshop: describeMonteCarloCoverage": () => workshop.describeMonteCarloCoverage({} as never, { [TYPO]: 1 } as never),
  "workshop: describeWeakInstrument": () => workshop.describeWeakInstrument({} as never, [], { [TYPO]: 1 } as never),
  "study: cleanRawFolder": () => study.cleanRawFolder("data/raw", study.loadRegistry(), { [TYPO]: 1 } as never),
  "study: cityMapPlot (panel, variable, year)": () => study.cityMapPlot(study.loadStudyPanel(), "ai", 2019, { [TYPO]: 1 } as never),
  "study: cityMapPlot": () => study.cityMapPlot({ lon: [116.4], lat: [39.9], v: [1] }, { color: "v", [TYPO]: 1 } as never),
  "workshop: writeFindings": () => workshop.writeFindings(join(scratch, "findings.md"), { [TYPO]: 1 } as never),
  "workshop: monteCarloStudy": () => workshop.monteCarloStudy({ draws: 2, seed: 1, [TYPO]: 1 } as never),
  "workshop: weakInstrumentExperiment": () => workshop.weakInstrumentExperiment({ instrumentNoise: [1], draws: 2, seed: 1, [TYPO]: 1 } as never),
};

describe("every public function that takes options rejects an unknown key, naming it", () => {
  for (const [name, call] of Object.entries(calls)) {
    it(name, () => {
      assert.throws(call, (error: unknown) => {
        assert.ok(error instanceof KitError, `${name}: expected a KitError, got ${String(error)}`);
        assert.ok((error as Error).message.includes(`"${TYPO}"`), `${name}: the message should name the key: ${(error as Error).message}`);
        return true;
      });
    });
  }
});

describe("the shared option check", () => {
  it("suggests the nearest valid key (wildClusterBootstrap's draw → draws)", () => {
    assert.throws(
      () => wildClusterBootstrap({ data: grunfeld, formula: "inv ~ value | year", coef: "value", cluster: "firm", draw: 9, seed: 1 } as never),
      (error: unknown) => error instanceof OptionsError && /unknown option "draw"\. Did you mean "draws"\?/.test((error as Error).message),
    );
  });

  it("confint(95) is a KitError that says to write 0.95", () => {
    assert.throws(
      () => fit.confint(95),
      (error: unknown) => error instanceof KitError && /confint\(0\.95\)/.test((error as Error).message),
    );
  });
});

/** Source files of lib/, recursively. */
function libFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? libFiles(path) : name.endsWith(".ts") ? [path] : [];
  });
}

it("lib/ throws only KitError subclasses on purpose (no RangeError, TypeError or bare Error)", () => {
  const offenders = libFiles(join(__dirname, "..", "lib")).flatMap((path) =>
    readFileSync(path, "utf8")
      .split("\n")
      .flatMap((line, k) => (/throw new (Range|Type|Syntax)?Error\(/.test(line) ? [`${path}:${k + 1}`] : [])),
  );
  assert.deepEqual(offenders, []);
});
