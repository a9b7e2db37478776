/**
 * The public surface of the kit's estimator library. Notebooks import from "./lib/index"
 * (tslab cannot import a folder).
 */
export { feols, type FeolsOptions, type FeolsFit } from "./feols";
export { IvResult, isIvResult, type IvDiagnostics } from "./result/ivResult";
export type { FirstStage } from "./diagnostics/firstStage";
export type { FTest } from "./diagnostics/wuHausman";
export type { AndersonRubinSet } from "./diagnostics/andersonRubin";
export { stockYogoCriticalValues } from "./diagnostics/stockYogo";
export { FeolsResult } from "./result/fit";
export { PreparedModel, type RefitInput, type PrepareOptions } from "./estimate/refit";
export { releaseWorkBuffers } from "./linalg/workBuffers";
export type { CoefficientRow } from "./result/types";
export { parseFormula } from "./formula/parse";
export type { Formula, Term, FixedEffectTerm } from "./formula/types";
export type { DataInput } from "./design/input";
export type { VcovOption } from "./variance/spec";
export { KitError, FormulaError, DataError, IdentificationError, OptionsError, VarianceError } from "./errors";
export { tTwoSidedP, fUpperP, chiSquareUpperP, tQuantile } from "./distributions/index";
export { normalCdf, normalTwoSidedP, normalQuantile } from "./distributions/normal";

// The analysis toolkit: mechanisms, heterogeneity, robustness.
export {
  mediate,
  MediationResult,
  MEDIATION_CAVEAT,
  type MediateOptions,
  type MediationBootstrapOptions,
  type MediationBootstrap,
  type IndirectTest,
  type PathEstimate,
} from "./toolkit/mediate";
export {
  compareGroups,
  GroupComparison,
  type CompareGroupsOptions,
  type PermutationOptions,
  type InteractionTest,
  type SuestTest,
  type PermutationTest,
} from "./toolkit/compareGroups";
export { stackedScoreCovariance, type ScoreBlock } from "./toolkit/suest";
export { percentileInterval, biasCorrectedInterval, sortedQuantile } from "./toolkit/intervals";
export { winsorize, panelLag, panelLead, dropUnits, restrictYears } from "./toolkit/robustness";
export type {
  WinsorizeOptions,
  WinsorizeResult,
  WinsorizeBounds,
  PanelShiftOptions,
  PanelShiftResult,
  DropUnitsResult,
  RestrictYearsOptions,
  RestrictYearsResult,
  TableData,
  WithColumns,
} from "./toolkit/robustness";
export { placeboTest, type PlaceboOptions, type PlaceboResult } from "./resample/placebo";
export { wildClusterBootstrap, type WildBootstrapOptions, type WildBootstrapResult } from "./resample/wildBootstrap";
export { wildWeights, WEBB_POINTS, type WildWeightType } from "./resample/weights";

// Tables, figures, display helpers and computed findings.
export * from "./report/index";

// The data: the city registry, the simulated panel and its truth, the cleaning pipeline.
export { loadRegistry, isSouthEastOfHuLine, huLineDistanceDeg, HU_LINE_NORMAL, type City } from "./data/registry";
export { HU_LINE_HEIHE, HU_LINE_TENGCHONG } from "./data/huLine";
export { readPanel, DEFAULT_PANEL_PATH, type PanelTable } from "./data/readPanel";
export { readTruth, DEFAULT_TRUTH_PATH, type TruthFile } from "./data/readTruth";
export { simulatePanel, type SimulatedPanel } from "./data/simulate/panel";
export { DEFAULT_PARAMS, DEFAULT_SEED, withParams, type SimParams } from "./data/simulate/params";
export { cleanRawFolder, RawStore, type CleanResult } from "./data/clean/store";
export { DataFileError } from "./data/clean/errors";
export { loadStudyPanel, cityMeans, type StudyPanel } from "./data/studyPanel";

// Workshop helpers for the notebooks.
export { draws, fullResampling, type ResamplingKind } from "./workshop/budget";
export { checkAnswer, showError } from "./workshop/exercise";
export { summarize as summarizeAudit, auditFileRows, auditKindRows, type Audit, type AuditRow } from "./data/clean/audit";
export { monteCarloStudy, weakInstrumentExperiment, type MonteCarloStudy, type MonteCarloOptions, type WeakInstrumentRow } from "./workshop/monteCarlo";
export { samplingDistributionPlot, coveragePlot, weakInstrumentPlot } from "./workshop/monteCarloPlots";
