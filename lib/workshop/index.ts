/**
 * The workshop: exercises and their checks, participants' annotations and the findings file,
 * resampling budgets, and the Monte Carlo lessons on the study's simulation. Built on the estimator
 * library and the study; notebooks import it from "./lib/workshop/index".
 * @packageDocumentation
 */
export { draws, fullResampling, resamplingLevel, type ResamplingKind, type ResamplingLevel } from "./budget";
export { checkAnswer, showError } from "./exercise";
export { withTruth, truthOfData, truthSkippedLine } from "./truthOnly";
export { check, checkExercise, hint, showMe, showMeAllowed, exercise, type CheckResult } from "./check";
export { EXERCISES, EXERCISE_LIST } from "./exercises/index";
export type { Exercise, NumericExercise, ChoiceExercise, ChoiceOption, AnticipatedMistake, ExerciseContext, CheckStatus } from "./exercises/types";
export {
  annotate,
  collectFindings,
  clearFindings,
  writeFindings,
  findingsMarkdown,
  isPlaceholderNote,
  readFindings,
  type Finding,
  type Annotatable,
  type WriteFindingsOptions,
} from "./annotations";
export { monteCarloStudy, type MonteCarloStudy, type MonteCarloOptions, type NoisyInstrumentFits, type CoverageShares } from "./monteCarlo";
export { weakInstrumentExperiment, weakInstrumentRows, weakInstrumentDrift, type WeakInstrumentRow, type WeakInstrumentOptions, type WeakInstrumentDrift } from "./weakInstrument";
export { POPULATION_ESTIMAND, simulationFingerprint, MONTE_CARLO_CONTROLS, type PopulationTarget, type PrecomputedEstimand } from "./populationEstimand";
export { describeSamplingDistributions, describeTarget, describeMonteCarloCoverage, describeWeakInstrument, type MonteCarloSentenceOptions, type SamplingSentenceOptions } from "./monteCarloFindings";
export { samplingDistributionPlot, coveragePlot, weakInstrumentPlot, type SamplingDistributionPlotOptions } from "./monteCarloPlots";
export { shiftShareMonteCarlo, SHIFT_SHARE_TESTS, type ShiftShareMonteCarlo, type ShiftShareMonteCarloOptions, type ShiftShareDesign, type ShiftShareTest } from "./shiftShareMonteCarlo";
export { shiftShareRows, shiftShareRejectionPlot, describeShiftShareMonteCarlo, type ShiftShareSentenceOptions } from "./shiftShareLesson";
export { shockLevelIndustryRows, shockLevelComparisonRows, describeShockLevel, type RegionIvLike, type FirstStageWaldLike } from "./shockLevelReading";
export { shiftShareIV, shiftShareRotemberg, shiftShareShockLevel, TABLE5_CONTROLS, TABLE5_LINEAR_IV, SHIFT_SHARE_COLUMN, type ShiftShareIVPanel, type StudyPanelShares } from "./shiftShareIV";
export { instrumentFormRows, describeInstrumentForms, intervalRows, describeShiftShareIntervals, rotembergByIndustry, describeRotemberg, type IvFitLike, type FirstStagePartialLike, type IndustryWeight } from "./shiftShareReading";
export { instrumentSharesInUse } from "./instrumentInUse";
