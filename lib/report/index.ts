/**
 * The reporting layer: publication tables (HTML, Markdown, LaTeX, CSV), plotly figure specs, display
 * bundles for notebooks, and sentences read out of results. It reads results and knows no study:
 * labels and the data note come from `setReportDefaults`. lib/index.ts re-exports all of it.
 */
export { setReportDefaults, reportDefaults, type ReportDefaults } from "./defaults";
export { ROLE_LABELS, variableInfo, variableLabel, coefLabel, levelLabel, groupPhrase, sentenceWords } from "./labels";
export type { Lang, Bilingual, Codebook, VariableInfo, VariableRole, SentenceWords } from "./labels";
export { significanceStars, formatFixed, formatCount } from "./format";
export type { TableSpec, TableRow, HeaderCell, RowKind, Align } from "./table";
export { buildRegressionTable } from "./regressionTable";
export type { RegressionTableOptions, TableStat } from "./regressionTable";
export type { ReportFit, ReportIvFit, ReportFirstStage, ReportIvDiagnostics } from "./reportFit";
export { varianceNote, starsNote } from "./varianceNote";
export { buildDataTable, type DataTableOptions, type DataTableColumn } from "./dataTable";
export { buildDescriptiveTable, describeVariables } from "./descriptive";
export type { DescriptiveTableOptions, VariableSummary } from "./descriptive";
export { buildDefinitionTable } from "./definitions";
export type { DefinitionTableOptions } from "./definitions";
export { toHtml } from "./html";
export { toMarkdown } from "./markdown";
export { toLatex, type LatexOptions } from "./latex";
export { toCsv, type CsvOptions } from "./csv";
export { saveTable, type SavedTablePaths } from "./saveTable";
export { FIGURE_OPTION_KEYS } from "./figures/spec";
export type { FigureSpec, FigureOptions } from "./figures/spec";
export { coefficientPlot } from "./figures/coefficientPlot";
export type { CoefficientItem, CoefficientPlotOptions, IntervalFit, ReferenceLine } from "./figures/coefficientPlot";
export { groupForestPlot, differenceTestText } from "./figures/forestPlot";
export type { GroupComparisonLike, GroupEstimate, ForestPlotOptions } from "./figures/forestPlot";
export { placeboPlot, empiricalP } from "./figures/placeboPlot";
export type { PlaceboLike, PlaceboPlotOptions } from "./figures/placeboPlot";
export { cutoffPlot, type CutoffPlotOptions, type SeFit } from "./figures/cutoffPlot";
export { rotembergPlot, type RotembergLike, type RotembergPlotOptions } from "./figures/rotembergPlot";
export { yearlyTrendsPlot, yearlyMeans } from "./figures/trendsPlot";
export type { TrendsOptions, YearlyMeansOptions, YearlySeries } from "./figures/trendsPlot";
export { figureBundle, saveFigureHtml, displayTable, finding, show } from "./display";
export { summary, print, FitSummary, type Summarizable } from "./printing";
export type { DisplayBundle, FigureBundle, TableBundle, FigureBundleOptions, SaveFigureHtmlOptions, DisplayTableOptions } from "./display";
export {
  describeEffect,
  describeIvEffect,
  describeGroupDifference,
  describeGroupComparison,
  describeOlsIvTruth,
  significancePhrase,
} from "./findings/index";
export type {
  EffectOptions,
  GroupDifferenceInput,
  GroupDifferenceOptions,
  GroupSentenceEstimate,
  GroupComparisonSentenceInput,
  PermutationTestSummary,
  GroupComparisonSentenceOptions,
  OlsIvTruthInput,
  OlsIvTruthOptions,
  SentenceFit,
  SentenceIvFit,
} from "./findings/index";
