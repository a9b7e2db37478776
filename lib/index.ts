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
export type { CoefficientRow } from "./result/types";
export { parseFormula } from "./formula/parse";
export type { Formula, Term, FixedEffectTerm } from "./formula/types";
export type { DataInput } from "./design/input";
export type { VcovOption } from "./variance/spec";
export { KitError, FormulaError, DataError, IdentificationError, OptionsError, VarianceError } from "./errors";
export { tTwoSidedP, fUpperP, chiSquareUpperP, tQuantile } from "./distributions/index";
