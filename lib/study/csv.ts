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
  const records: string[][] = [];
  const starts: number[] = [];

  let line = 1;
  let i = 0;
  const n = input.length;

  while (i < n) {
    const recordLine = line;
    const fields: string[] = [];
    let field = "";
    let atFieldStart = true;
    let quoted = false;
    let sawQuote = false;
    let endOfRecord = false;

    while (i < n && !endOfRecord) {
      const ch = input[i];
      if (quoted) {
        if (ch === '"') {
          if (input[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          quoted = false;
          i += 1;
          const next = input[i];
          if (i < n && next !== "," && next !== "\n" && next !== "\r") {
            throw new DataError(
              `${source}, line ${line}, column ${fields.length + 1}: text after a closing quote; ` +
                `quote the whole field and double any quote inside it ("").`,
            );
          }
          continue;
        }
        if (ch === "\n") line += 1;
        field += ch;
        i += 1;
        continue;
      }
      if (ch === '"') {
        if (!atFieldStart) {
          throw new DataError(
            `${source}, line ${line}, column ${fields.length + 1}: a quote inside an unquoted field; ` +
              `quote the whole field and double the quote inside it ("").`,
          );
        }
        quoted = true;
        sawQuote = true;
        atFieldStart = false;
        i += 1;
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
        endOfRecord = true;
        continue;
      }
      field += ch;
      atFieldStart = false;
      i += 1;
    }

    if (quoted) {
      throw new DataError(
        `${source}, line ${recordLine}, column ${fields.length + 1}: the quoted field opened here is never closed; ` +
          `add the closing quote.`,
      );
    }
    fields.push(field);

    if (fields.length === 1 && fields[0] === "" && !sawQuote) {
      // A blank line: allowed only if nothing but blank lines follows.
      if (input.slice(i).trim() === "") break;
      throw new DataError(
        `${source}, line ${recordLine}: blank line inside the table; remove it (a blank line in the middle ` +
          `of a data file usually means the file was damaged or concatenated).`,
      );
    }
    records.push(fields);
    starts.push(recordLine);
  }

  if (records.length === 0) {
    throw new DataError(`${source}: the file is empty; expected a header line with column names.`);
  }

  const header = records[0];
  const seen = new Set<string>();
  header.forEach((name, k) => {
    if (name === "") {
      throw new DataError(`${source}, line ${starts[0]}, column ${k + 1}: empty column name in the header; name every column.`);
    }
    if (seen.has(name)) {
      throw new DataError(`${source}, line ${starts[0]}, column ${k + 1}: column name "${name}" appears twice in the header; make the names unique.`);
    }
    seen.add(name);
  });

  const rows = records.slice(1);
  const lines = starts.slice(1);
  rows.forEach((row, r) => {
    if (row.length !== header.length) {
      throw new DataError(
        `${source}, line ${lines[r]}: ${row.length} fields where the header has ${header.length} ` +
          `(${header.join(",")}); check for an unquoted comma or a missing field.`,
      );
    }
  });

  return { source, header, rows, lines };
}

/**
 * Read and parse a UTF-8 CSV file with {@link parseCsv}.
 * @throws DataError when the file cannot be read or is malformed (the message names the path).
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

/** Quote a field for CSV output when it contains a comma, a quote or a line break (RFC 4180). */
export function formatCsvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Format a header and records as CSV text with LF line endings and a final newline; fields are quoted
 * only where needed ({@link formatCsvField}).
 * @throws DataError when a record's length differs from the header's.
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
