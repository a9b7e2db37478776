/**
 * The study: *How Can Artificial Intelligence Mitigate Urban Shrinkage* (Liu, Tang, Wang and Cai,
 * 2026) — its city registry and the Hu Huanyong line, the codebook that labels its variables, the
 * seeded simulation of the panel and its truth, the cleaning of raw yearbook files, and loading the
 * analysis panel. Built on the estimator library (lib/index.ts); notebooks import it from
 * "./lib/study/index".
 * @packageDocumentation
 */
export { loadRegistry, DEFAULT_REGISTRY_PATH, CITY_COLUMNS, type City, type Region, type ResourceType, type Flag } from "./registry";
export { isSouthEastOfHuLine, huLineDistanceDeg, HU_LINE_NORMAL, HU_LINE_HEIHE, HU_LINE_TENGCHONG, type LonLat } from "./huLine";
export { STUDY_CODEBOOK } from "./codebook";
export { useStudyDefaults, SIMULATED_DATA_NOTE, SIMULATED_DATA_CAPTION, REAL_DATA_PREFIX, realDataNote } from "./reportDefaults";
export { studyData, bundledStudyData, type StudyData } from "./dataSource";
export { dataInUse, dataInUseSentence, type DataInUseOptions } from "./dataNotice";
export { readPanel, DEFAULT_PANEL_PATH, type PanelTable } from "./readPanel";
export { readTruth, DEFAULT_TRUTH_PATH, type TruthFile } from "./readTruth";
export { GROUPS, type Truth, type GroupLevel, type MechanismTruth, type Estimate } from "./simulate/truth";
export { loadStudyPanel, cityMeans, type StudyPanel } from "./studyPanel";
export { loadLatentPanel, LATENT_COLUMNS, type LatentStudyPanel } from "./latentPanel";
export { simulatePanel, type SimulatedPanel } from "./simulate/panel";
export type { SimCity, LooseFlag } from "./simulate/cities";
export { DEFAULT_PARAMS, DEFAULT_SEED, withParams, type SimParams, type DeepPartial, type MechanismParams } from "./simulate/params";
export { cleanRawFolder, RawStore, type CleanResult, type CleanCity, type StoreOptions } from "./clean/store";
export type { BuildOptions, BuildMeta } from "./variables/build";
export { CITY_VARS, type Levels, type CityVar } from "./variables/levels";
export { PANEL_VARS, type PanelColumns, type PanelVar } from "./variables/panelSchema";
export type { Calibration } from "./calibration";
export { DataFileError, type DataFileErrorKind } from "./clean/errors";
export { summarize as summarizeAudit, auditFileRows, auditKindRows, categoryOf, type Audit, type AuditRow, type FileSummary, type ImputedCell, type UnfilledGap, type AuditWarning } from "./clean/audit";
export type { RawEncoding } from "./clean/encoding";
export { valueAudit, worstFirst, notBuilt, valueAuditRows, type ValueAudit, type VariableAudit, type MissingCell, type ValueAuditInputs } from "./clean/valueAudit";
export { readValueAudit } from "./clean/readValueAudit";
export { valueAuditCsv, missingCellsCsv, gapsCsv, warningsCsv } from "./clean/valueAuditCsv";
export { RAW_FILE_FEEDS, RAW_FILES, filesNeededBy, rawFileFeedsMarkdown } from "./clean/fileFeeds";
export { plausibilityWarnings, PLAUSIBILITY_RULES, OUTLIER_FACTOR, BOUNDARY_JUMP, BOUNDARY_VARS, MIN_CITIES, type PlausibilityRule, type PlausibilityContext } from "./clean/plausibility";
export { RENAMES, MERGES, SPLITS, BOUNDARY_CHANGES, OUT_OF_SAMPLE_UNITS, type Rename, type Merge, type Split, type SplitPart, type BoundaryChange, type AffectedCity, type OutOfSampleUnit } from "./crosswalk";
export { cityMapPlot, type CityMapOptions, type CityYearMapOptions, type CityMapBaseOptions } from "./figures/cityMap";
export { albersEqualArea, CHINA_ALBERS, type AlbersParams, type Projection } from "./figures/albers";
export { loadChinaOutline, ringPath, arcUses, DEFAULT_CHINA_OUTLINE_PATH, type ChinaOutline, type ProvinceOutline, type OutlineSimplification } from "./figures/chinaOutline";
export { huLinePath } from "./figures/huLinePath";
export { trueMediationShares, indirectEffectBiases, describeIndirectBiases, indirectBiasTableRows, MECHANISM_NAMES, BIAS_VARIANTS, type MechanismName, type TrueMediationShare, type TrueMediationShares, type BiasVariant, type BiasVariantSpec, type IndirectBiasRow, type IndirectBiasOptions, type IndirectBiasSentenceOptions } from "./mechanismTruth";
export { olsIvEstimands, describeEstimands, type EstimandFormulas, type EstimandOptions, type Estimand, type OlsIvEstimands, type EstimandSentenceOptions } from "./estimands";
export { instrumentShares, INSTRUMENT_FILES, DEFAULT_RAW_PATH, type InstrumentShares, type InstrumentSharesOptions, type InstrumentPanel } from "./instrumentShares";
export { SHARE_SHOCK_OFF, checkShareShock, type ShareShockParams } from "./simulate/shareShock";
