/**
 * The error of a raw data file that cannot be loaded as it is: a `DataError` (lib/errors.ts) that also
 * carries the file, the 1-based line (the header is line 1) and the column, so a user can open the file at
 * the right place. `kind` says which rule failed.
 */
import { DataError } from "../../errors";

/** What was wrong with the file. */
export type DataFileErrorKind =
  | "missing_file" // not there, unreadable, or not a file of the schema
  | "missing_column" // the header lacks a column of the schema
  | "wrong_type" // a cell is not a code, a year or a number
  | "unknown_city" // a code the registry, the crosswalk and the exclusions do not know
  | "duplicate_city_year" // two different rows for one key, no rule to choose
  | "impossible_value" // negative, or 0 where the variable must be positive
  | "already_loaded" // a second file of a kind already in the store
  | "wrong_encoding" // not valid in the encoding asked for, or not detectable with certainty
  | "garbled_name" // a city name garbled by a wrong encoding (garbledName.ts)
  | "no_data_rows" // a header and nothing else
  | "year_out_of_range" // a city-year outside the years built (a typo, never dropped and filled)
  | "missing_value" // a missing cell in a table that may not have one
  | "code_name_mismatch" // a printed name that belongs to another code (深圳市 on 440100)
  | "unit_after_change" // a row of a merged or abolished unit after the crosswalk's date
  | "incomplete_input" // a series or base-year file lacks a year, city or industry a variable needs
  | "implausible_value"; // strict mode: the audit has warnings

/** A raw file error naming file, line and column. */
export class DataFileError extends DataError {
  /** The file (path or name) that failed, or the folder for a missing file. */
  readonly file: string;
  /** 1-based line of the problem (the header is line 1); null when it concerns the whole file. */
  readonly line: number | null;
  /** Name of the column of the problem; null when it concerns a whole row or file. */
  readonly column: string | null;
  /** Which rule failed. */
  readonly kind: DataFileErrorKind;

  /**
   * The message is `file, line L, column "C": what todo`, leaving out the parts that are null.
   * @param what what is wrong, as a sentence
   * @param todo what the user should do about it
   * @example new DataFileError("wrong_type", "economy.csv", 7, "gdp", '"n.a." is not a number.', "Write a plain number.").message
   *   // 'economy.csv, line 7, column "gdp": "n.a." is not a number. Write a plain number.'
   */
  constructor(kind: DataFileErrorKind, file: string, line: number | null, column: string | null, what: string, todo: string) {
    const where = [file, line === null ? null : `line ${line}`, column === null ? null : `column "${column}"`].filter((x) => x !== null).join(", ");
    super(`${where}: ${what} ${todo}`);
    this.file = file;
    this.line = line;
    this.column = column;
    this.kind = kind;
  }
}
