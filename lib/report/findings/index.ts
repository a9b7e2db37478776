/**
 * Findings: sentences computed from results, in English and Chinese, so that no number in a
 * notebook's prose is typed by hand. They name variables with the codebook's sentence words
 * (lib/report/labels.ts) and know no study: the regressor defaults to the fit's first regressor
 * and the outcome to its dependent variable.
 */
export { firstRegressor, significancePhrase, type SentenceFit, type SentenceIvFit } from "./sentence";
export { describeEffect, describeIvEffect, type EffectOptions } from "./effect";
export {
  describeGroupComparison,
  describeGroupDifference,
  type GroupComparisonSentenceInput,
  type GroupComparisonSentenceOptions,
  type GroupDifferenceInput,
  type GroupDifferenceOptions,
  type GroupSentenceEstimate,
  type PermutationTestSummary,
} from "./groups";
export { describeOlsIvTruth, type OlsIvTruthFit, type OlsIvTruthInput, type OlsIvTruthOptions } from "./olsIvTruth";
export { describeIidVersusRobustF, describeWuHausman, type IvScreenFit, type IvScreenOptions } from "./ivScreens";
