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
  readonly file: string;
  readonly line: number | null;
  readonly column: string | null;
  readonly kind: DataFileErrorKind;

  constructor(kind: DataFileErrorKind, file: string, line: number | null, column: string | null, what: string, todo: string) {
    const where = [file, line === null ? null : `line ${line}`, column === null ? null : `column "${column}"`].filter((x) => x !== null).join(", ");
    super(`${where}: ${what} ${todo}`);
    this.file = file;
    this.line = line;
    this.column = column;
    this.kind = kind;
  }
}
