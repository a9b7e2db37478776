/**
 * Regression weights (`options.weights`, fixest's `weights = ~w`): reading and checking the column.
 * Rows with a missing or zero weight leave the sample (fixest: "observations removed because of
 * NA values (Weights: …)" and "… because of 0-weight"); a negative weight or a column of text is
 * an error naming the column.
 */
import { DataError, OptionsError } from "../errors";
import { unknownNameHint } from "../names";
import { numericColumn } from "./columns";
import type { DataColumns } from "./input";

/**
 * Refuses a `weights` option that is not a column name (fixest's `weights = ~w` is written `weights: "w"`).
 * @param where the function's name, for the message
 * @throws OptionsError for anything but a non-empty string (a leading "~" is accepted and removed by `weightsName`).
 * @example checkWeightsOption("feols", "pop") // passes
 */
export function checkWeightsOption(where: string, weights: unknown): void {
  if (weights === undefined) return;
  if (typeof weights !== "string" || weightsName(weights).length === 0) {
    const shown = ArrayBuffer.isView(weights) || Array.isArray(weights) ? "an array" : JSON.stringify(weights);
    throw new OptionsError(`${where}: weights must be the name of a numeric column, e.g. { weights: "pop" } (fixest's weights = ~pop), got ${shown}; add the weights to the data as a column.`);
  }
}

/** The column name of a weights option: "w" or fixest's "~w". */
export function weightsName(option: string): string {
  return option.replace(/^\s*~/, "").trim();
}

/**
 * Reads the weights column over all rows, marks rows with a missing weight in `keep`, checks that no
 * weight is negative, then marks rows of zero weight (still kept) in `keep` and counts them.
 *
 *   w_i missing → dropped as missing;  w_i = 0 → dropped and counted in `zeroWeight`;  w_i < 0 → error.
 *
 * @returns the weights over all input rows and the number of rows, otherwise complete, dropped for a zero weight
 * @throws DataError naming the column for text, an infinite value or a negative weight; FormulaError-like DataError for an unknown column.
 * @example readWeights(data, "pop", keep) // { values, zeroWeight: 0 }
 */
export function readWeights(data: DataColumns, option: string, keep: Uint8Array): { name: string; values: Float64Array } {
  const name = weightsName(option);
  if (!data.has(name)) {
    throw new DataError(`The weights column "${name}" is not a column of the data. ${unknownNameHint(name, data.names(), "Available columns")}`);
  }
  const values = numericColumn(data, name, "weights", keep);
  firstNegative(values, name);
  return { name, values };
}

/** @throws DataError at the first negative weight, naming the column and the row. */
function firstNegative(values: Float64Array, name: string): void {
  for (let i = 0; i < values.length; i++) {
    if (values[i] < 0) {
      throw new DataError(`The weights column "${name}" has a negative value (${values[i]}) in row ${i + 1}; weights must be zero or positive (a zero or missing weight drops the row).`);
    }
  }
}

/** Drops (keep = 0) the still-kept rows whose weight is zero; returns how many. */
export function dropZeroWeights(values: Float64Array, keep: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < keep.length; i++) {
    if (keep[i] && values[i] === 0) {
      keep[i] = 0;
      count++;
    }
  }
  return count;
}
