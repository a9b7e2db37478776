/**
 * The public surface of the kit's estimator library. Notebooks import from "./lib/index"
 * (tslab cannot import a folder).
 */
export { feols, type FeolsOptions } from "./feols";
export { FeolsResult } from "./result/fit";
export type { CoefficientRow } from "./result/types";
export { parseFormula } from "./formula/parse";
export type { Formula, Term, FixedEffectTerm } from "./formula/types";
export type { DataInput } from "./design/input";
export type { VcovOption } from "./variance/spec";
export { KitError, FormulaError, DataError, IdentificationError, OptionsError, VarianceError } from "./errors";
export { tTwoSidedP, fUpperP, chiSquareUpperP, tQuantile } from "./distributions/index";
