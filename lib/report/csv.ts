/**
 * Renders a TableSpec as CSV (RFC 4180 quoting, "\n" line ends, UTF-8): an optional title row,
 * the header rows (a spanned cell's text repeated in each column it covers), the body rows, then each note as
 * a one-field row after an empty line.
 */
import { checkOptions } from "../options";
import { optionKeys } from "./optionKeys";
import { checkTableSpec, expandHeaderRow, type TableSpec } from "./table";

/**
 * Quotes a field when it holds a comma, a quote, a line break or leading/trailing space, doubling
 * the quotes inside (RFC 4180).
 * @example csvField('say "hi", then go') // '"say ""hi"", then go"'
 */
export function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Options of `toCsv`. */
export interface CsvOptions {
  /** Start with a UTF-8 byte-order mark, so that Excel reads Chinese labels (default false). */
  bom?: boolean;
}

/** The keys of CsvOptions, for the options check. */
const CSV_OPTION_KEYS = optionKeys<CsvOptions>()(["bom"]);

/**
 * The table as CSV text.
 * @throws OptionsError for an unknown option.
 * @throws ReportError when a row does not fit the table's columns.
 * @example toCsv(buildRegressionTable([fit]), { bom: true })
 */
export function toCsv(table: TableSpec, options: CsvOptions = {}): string {
  checkOptions("toCsv", options, CSV_OPTION_KEYS);
  checkTableSpec(table);
  const rows: string[][] = [];
  if (table.title) rows.push([table.title]);
  for (const row of table.header) rows.push(expandHeaderRow(row));
  for (const section of table.sections) for (const row of section) rows.push(row.cells);
  if (table.notes.length > 0) {
    rows.push([]);
    for (const note of table.notes) rows.push([note]);
  }
  return (options.bom ? "\uFEFF" : "") + rows.map((r) => r.map(csvField).join(",")).join("\n") + "\n";
}
