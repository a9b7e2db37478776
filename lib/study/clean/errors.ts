/**
 * The error of a raw data file that cannot be loaded as it is: a `DataError` (lib/errors.ts) that also
 * carries the file, the 1-based line (the header is line 1) and the column, so a user can open the file at
 * the right place. `kind` says which rule failed.
 */
import { DataError } from "../../errors";

/** What was wrong with the file. */
export type DataFileErrorKind =
  | "missing_file"
  | "missing_column"
  | "wrong_type"
  | "unknown_city"
  | "duplicate_city_year"
  | "impossible_value"
  | "already_loaded";

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
