/**
 * A small, strict CSV reader for the kit's own data files (RFC 4180 dialect, UTF-8).
 *
 * - Fields are separated by commas; records end with LF or CRLF; a final newline is optional.
 * - A field may be quoted with double quotes; inside quotes, commas and newlines are literal and
 *   a doubled quote ("") stands for one quote. A quote inside an unquoted field is an error.
 * - A UTF-8 byte-order mark at the start is dropped. The first record is the header: its names must
 *   be non-empty and unique, and every later record must have exactly as many fields.
 * - Empty lines are errors, except trailing ones at the end of the file — a blank line in the middle
 *   of a table is almost always a damaged file.
 *
 * Every problem raises a DataError that names the file, the line and the column, so that the user can
 * open the file at the right place. No value is converted: callers decide what a field means.
 */

import { readFileSync } from "node:fs";
import { DataError } from "../errors";

/** A parsed CSV file: its header, its records as strings, and where each record started. */
export interface CsvTable {
  /** Where the text came from, for messages (a path or a label). */
  readonly source: string;
  /** Column names, in file order. */
  readonly header: string[];
  /** One array of fields per record after the header. */
  readonly rows: string[][];
  /** 1-based line number on which each record of `rows` starts. */
  readonly lines: number[];
}

/**
 * Parse CSV text (RFC 4180 dialect, see the module comment) into a header and string records.
 * @param text the file's contents
 * @param source a file name or label used in error messages
 * @throws DataError on an unterminated quote, a stray quote, an empty or duplicated header name,
 *   a blank line inside the table, or a record whose number of fields differs from the header's —
 *   the message names the source, line and column.
 * @example parseCsv('a,b\n1,"x,y"\n').rows // [["1", "x,y"]]
 */
export function parseCsv(text: string, source = "<string>"): CsvTable {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const { records, starts } = scanRecords(input, source);
  if (records.length === 0) {
    throw new DataError(`${source}: the file is empty; expected a header line with column names.`);
  }
  const header = records[0];
  checkHeader(header, source, starts[0]);
  const rows = records.slice(1);
  const lines = starts.slice(1);
  checkRecordLengths(rows, lines, header, source);
  return { source, header, rows, lines };
}

/** One record as {@link scanRecord} read it. */
interface ScannedRecord {
  /** The record's fields, with quotes removed and doubled quotes undone. */
  readonly fields: string[];
  /** Index of the first character after the record's line break (the text's length at the end). */
  readonly end: number;
  /** 1-based line on which the next record starts. */
  readonly endLine: number;
  /** True when some field of the record was quoted (so `""` alone is a field, not a blank line). */
  readonly sawQuote: boolean;
}

/**
 * Split the text (BOM already removed) into records, each with the line it starts on. Trailing
 * blank lines end the table; a blank line with data after it is an error.
 * @throws DataError on a malformed record or a blank line inside the table.
 * @example scanRecords("a\n1\n\n", "t.csv") // { records: [["a"], ["1"]], starts: [1, 2] }
 */
function scanRecords(input: string, source: string): { records: string[][]; starts: number[] } {
  const records: string[][] = [];
  const starts: number[] = [];
  let line = 1;
  let i = 0;
  while (i < input.length) {
    const record = scanRecord(input, i, line, source);
    if (record.fields.length === 1 && record.fields[0] === "" && !record.sawQuote) {
      // A blank line: allowed only if nothing but blank lines follows.
      if (input.slice(record.end).trim() === "") break;
      throw new DataError(
        `${source}, line ${line}: blank line inside the table; remove it (a blank line in the middle ` +
          `of a data file usually means the file was damaged or concatenated).`,
      );
    }
    records.push(record.fields);
    starts.push(line);
    i = record.end;
    line = record.endLine;
  }
  return { records, starts };
}

/**
 * Read one record starting at index `start` (line `recordLine`): unquoted fields character by
 * character, quoted fields with {@link scanQuotedField}, up to and including the record's LF or
 * CRLF (or the end of the text).
 * @throws DataError on a quote inside an unquoted field, or a malformed quoted field.
 * @example scanRecord('1,"x"\n2', 0, 1, "t.csv") // { fields: ["1", "x"], end: 6, endLine: 2, sawQuote: true }
 */
function scanRecord(input: string, start: number, recordLine: number, source: string): ScannedRecord {
  const n = input.length;
  const fields: string[] = [];
  let field = "";
  let atFieldStart = true;
  let sawQuote = false;
  let line = recordLine;
  let i = start;
  while (i < n) {
    const ch = input[i];
    if (ch === '"') {
      if (!atFieldStart) {
        throw new DataError(
          `${source}, line ${line}, column ${fields.length + 1}: a quote inside an unquoted field; ` +
            `quote the whole field and double the quote inside it ("").`,
        );
      }
      const quoted = scanQuotedField(input, i + 1, line, recordLine, fields.length + 1, source);
      field = quoted.value;
      line = quoted.line;
      i = quoted.end;
      sawQuote = true;
      atFieldStart = false;
      continue;
    }
    if (ch === ",") {
      fields.push(field);
      field = "";
      atFieldStart = true;
      i += 1;
      continue;
    }
    if (ch === "\r" || ch === "\n") {
      if (ch === "\r" && input[i + 1] === "\n") i += 1;
      i += 1;
      line += 1;
      break;
    }
    field += ch;
    atFieldStart = false;
    i += 1;
  }
  fields.push(field);
  return { fields, end: i, endLine: line, sawQuote };
}

/**
 * Read the inside of a quoted field that opened just before index `start`, on line `line`: commas and
 * line breaks are literal, `""` stands for one quote. Returns the value, the index just after the
 * closing quote and the line reached there.
 * @param recordLine the line on which the record started, named when the quote is never closed
 * @param column the field's 1-based column, for messages
 * @throws DataError when the closing quote is followed by anything but a comma, a line break or the
 *   end of the text, or when the quote is never closed.
 * @example scanQuotedField('"say ""hi""",', 1, 1, 1, 1, "t.csv") // { value: 'say "hi"', end: 12, line: 1 }
 */
function scanQuotedField(
  input: string,
  start: number,
  line: number,
  recordLine: number,
  column: number,
  source: string,
): { value: string; end: number; line: number } {
  const n = input.length;
  let value = "";
  let i = start;
  while (i < n) {
    const ch = input[i];
    if (ch === '"') {
      if (input[i + 1] === '"') {
        value += '"';
        i += 2;
        continue;
      }
      i += 1;
      const next = input[i];
      if (i < n && next !== "," && next !== "\n" && next !== "\r") {
        throw new DataError(
          `${source}, line ${line}, column ${column}: text after a closing quote; ` +
            `quote the whole field and double any quote inside it ("").`,
        );
      }
      return { value, end: i, line };
    }
    if (ch === "\n") line += 1;
    value += ch;
    i += 1;
  }
  throw new DataError(
    `${source}, line ${recordLine}, column ${column}: the quoted field opened here is never closed; ` +
      `add the closing quote.`,
  );
}

/**
 * Check the header record: every name non-empty and none repeated.
 * @param line the header's 1-based line (1, unless blank lines came first)
 * @throws DataError naming the column of the first empty or repeated name.
 * @example checkHeader(["a", "b", "a"], "t.csv", 1) // throws: column 3: column name "a" appears twice
 */
function checkHeader(header: readonly string[], source: string, line: number): void {
  const seen = new Set<string>();
  header.forEach((name, k) => {
    if (name === "") {
      throw new DataError(`${source}, line ${line}, column ${k + 1}: empty column name in the header; name every column.`);
    }
    if (seen.has(name)) {
      throw new DataError(`${source}, line ${line}, column ${k + 1}: column name "${name}" appears twice in the header; make the names unique.`);
    }
    seen.add(name);
  });
}

/**
 * Check that every record has as many fields as the header.
 * @param lines the 1-based line on which each record starts
 * @throws DataError naming the line of the first record of another length.
 * @example checkRecordLengths([["1", "2", "3"]], [2], ["a", "b"], "t.csv") // throws: line 2: 3 fields where the header has 2
 */
function checkRecordLengths(rows: readonly string[][], lines: readonly number[], header: readonly string[], source: string): void {
  rows.forEach((row, r) => {
    if (row.length !== header.length) {
      throw new DataError(
        `${source}, line ${lines[r]}: ${row.length} fields where the header has ${header.length} ` +
          `(${header.join(",")}); check for an unquoted comma or a missing field.`,
      );
    }
  });
}

/**
 * Read and parse a UTF-8 CSV file with {@link parseCsv}.
 * @throws DataError when the file cannot be read or is malformed (the message names the path).
 * @example readCsv("data/cities.csv").header[0] // "code"
 */
export function readCsv(path: string): CsvTable {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new DataError(`Cannot read CSV file "${path}": ${reason}. Check the path (relative paths start at the working directory).`);
  }
  return parseCsv(text, path);
}

/**
 * Quote a field for CSV output when it contains a comma, a quote or a line break (RFC 4180).
 * @example formatCsvField('say "hi", twice') // '"say ""hi"", twice"'
 */
export function formatCsvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Format a header and records as CSV text with LF line endings and a final newline; fields are quoted
 * only where needed ({@link formatCsvField}).
 * @throws DataError when a record's length differs from the header's.
 * @example formatCsv(["a", "b"], [["1", "x,y"]]) // 'a,b\n1,"x,y"\n'
 */
export function formatCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const out = [header.map(formatCsvField).join(",")];
  rows.forEach((row, r) => {
    if (row.length !== header.length) {
      throw new DataError(`Record ${r + 1} has ${row.length} fields where the header has ${header.length}; fix the record before writing.`);
    }
    out.push(row.map(formatCsvField).join(","));
  });
  return out.join("\n") + "\n";
}
