/**
 * Reads data/truth.json: the simulation's true parameters and estimands (field by field in
 * data/CODEBOOK.md, section truth.json).
 * @example readTruth().estimands.iv.value  // the 2SLS estimand the IV notebook compares with
 */
import * as fs from "fs";
import * as path from "path";
import { Calibration } from "./calibration";
import { Truth } from "./simulate/truth";

/** The committed truth's location. */
export const DEFAULT_TRUTH_PATH = path.resolve(__dirname, "..", "..", "data", "truth.json");

/** truth.json's content. */
export type TruthFile = Truth & {
  /** The calibration magnitudes of design §6 measured on the simulated world and its panel (calibration.ts). */
  calibration: Calibration;
};

/**
 * Reads data/truth.json (or `file`) as it is; no field is checked.
 * @example readTruth().estimands.iv.value // the 2SLS estimand the IV notebook compares with
 */
export function readTruth(file: string = DEFAULT_TRUTH_PATH): TruthFile {
  return JSON.parse(fs.readFileSync(file, "utf8")) as TruthFile;
}
