/**
 * The estimator library: formula to result, the analysis toolkit, resampling, and the tables,
 * figures and sentences that read results — usable on any panel; it knows nothing of the study.
 * This paper's data lives in lib/study/index.ts, the workshop in lib/workshop/index.ts.
 * Notebooks import from "./lib/index" (tslab cannot import a folder).
 * @packageDocumentation
 */

// Estimation: feols and its results.
export { feols, type FeolsOptions, type FeolsFit, type FeolsMulti, type FeolsSingleFit } from "./feols";
export { FeolsResult } from "./result/fit";
export type { CoefficientRow } from "./result/types";
export { formatPValue, pValueText, type PValueFormatOptions } from "./result/format";
export { IvResult, isIvResult, type IvDiagnostics } from "./estimate/ivResult";
export { PreparedModel, type RefitInput, type PrepareOptions, type FactorCodes } from "./estimate/refit";
export type { FirstStage } from "./diagnostics/firstStage";
export type { FTest } from "./diagnostics/wuHausman";
export type { AndersonRubinSet } from "./diagnostics/andersonRubin";
export type { OveridentificationTest } from "./diagnostics/hansenJ";
export { stockYogoCriticalValues, type StockYogoCriticalValues, type StockYogoSize, type StockYogoBias } from "./diagnostics/stockYogo";
export { patnaikCriticalValue, type PatnaikCriticalValue, type EffectiveF, type WeakIvCriticalValues } from "./diagnostics/effectiveF";
export { tFCriticalValue, tFAdjustment, TF_CRITICAL_VALUES_05, TF_STRONG_F, type TFAdjustment } from "./diagnostics/tF";
export { controlFunctionWuHausman, type RobustFTest } from "./diagnostics/controlFunctionHausman";
export { nonCentralChiSquareCdf, nonCentralChiSquareQuantile } from "./distributions/nonCentralChiSquare";
export type { SentenceArSet } from "./report/findings/sentence";
export { parseFormula } from "./formula/parse";
export { expandStepwise, type StepwiseModel } from "./formula/stepwise";
export type { Formula, Term, FixedEffectTerm, Expression, FormulaFunction } from "./formula/types";
export type { DataInput, ArqueroLike, Cell } from "./design/input";
export type { DroppedRows } from "./design/modelFrame";
export type { DemeanOptions } from "./absorb/demean";
export type { Dense } from "./linalg/dense";
export type { VcovOption, VcovSpec } from "./variance/spec";
export { releaseWorkBuffers } from "./linalg/workBuffers";
export { KitError, FormulaError, DataError, IdentificationError, OptionsError, VarianceError, ReportError, NotSupportedError, SetupError } from "./errors";
export { tTwoSidedP, fUpperP, chiSquareUpperP, tQuantile } from "./distributions/index";
export { normalCdf, normalTwoSidedP, normalQuantile } from "./distributions/normal";

// The analysis toolkit: mechanisms, heterogeneity, robustness, resampling.
export {
  mediate,
  MediationResult,
  MEDIATION_CAVEAT,
  MEDIATION_CAVEAT_ZH,
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
export { percentileInterval, biasCorrectedInterval } from "./toolkit/intervals";
export { DEFAULT_PERMUTATION_DRAWS, DEFAULT_PERMUTATION_SEED, MAX_EXACT_ASSIGNMENTS, type PermutationStatistic } from "./toolkit/groupPermutation";
export { jointInteractions, JointInteractions, type JointInteractionsOptions, type SlopeTerm, type SlopeIncrement, type JointWaldTest } from "./toolkit/jointInteractions";
export { holmAdjust, bonferroniAdjust } from "./toolkit/multipleTesting";
export { winsorize, type WinsorizeOptions, type WinsorizeResult, type WinsorizeBounds } from "./toolkit/winsorize";
export { partialCorrelation, type PartialCorrelationOptions } from "./toolkit/partialCorrelation";
export { panelLag, panelLead, type PanelShiftOptions, type PanelShiftResult } from "./toolkit/panelShift";
export { dropUnits, restrictYears, type DropUnitsResult, type RestrictYearsOptions, type RestrictYearsResult } from "./toolkit/restrictSample";
export type { TableData, WithColumns, ArqueroTableLike } from "./toolkit/tableData";
export { placeboTest, type PlaceboOptions, type PlaceboResult } from "./resample/placebo";
export { wildClusterBootstrap, type WildBootstrapOptions, type WildBootstrapResult } from "./resample/wildBootstrap";
export type { WildWeightType } from "./resample/weights";

// Reporting: tables, figures, display bundles and sentences.
export * from "./report/index";
export { describeCoverage, describeIndirectEffect, intervalCovers, type CoverageFit, type CoverageInput, type CoverageOptions, type IndirectEffectFit, type IndirectEffectInput, type IndirectEffectOptions } from "./report/findings/mechanisms";
export type { OlsIvTruthFit } from "./report/findings/olsIvTruth";
export { describeIidVersusRobustF, describeWuHausman, type IvScreenFit, type IvScreenOptions } from "./report/findings/ivScreens";
export { describeJointInteractions, describeJointTarget, jointCoverage, type CoverageCount, type JointInteractionsSentenceInput, type JointInteractionsSentenceOptions, type JointTargetInput, type JointTargetOptions } from "./report/findings/groups";
export { rotembergWeights, type RotembergInput, type RotembergWeights, type FirstStageVcov, type FirstStageCluster } from "./toolkit/shiftShare/rotembergWeights";
export { rotembergSummary, type RotembergSummary, type RotembergSummaryOptions, type RotembergSector, type WeightSign } from "./toolkit/shiftShare/rotembergSummary";
export { shiftShareSE, type ShiftShareOptions, type ShiftShareResult } from "./toolkit/shiftShare/shiftShareSE";
export type { ShiftShareConfidenceSet } from "./toolkit/shiftShare/akm0Set";
export { shockLevelIV, type ShockLevelInput, type ShockLevelResult, type ShockTable } from "./toolkit/shiftShare/shockLevelIV";
export { panelShares, type PanelSharesInput, type PanelShares, type PanelSector } from "./toolkit/shiftShare/panelShares";
