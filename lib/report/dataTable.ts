/** Plain data tables: rows of named values (counts, audits, Monte Carlo summaries) as a TableSpec. */
import { OptionsError } from "../errors";
import { checkOptions } from "../options";
import { dataNoteText } from "./defaults";
import { checkDigits, formatFixed } from "./format";
import { optionKeys } from "./optionKeys";
import type { Align, TableSpec } from "./table";

/** One column of a data table: the row field it shows and its header. */
export interface DataTableColumn {
  /** The field of each row shown in the column. */
  key: string;
  /** Header text (default: the key). */
  header?: string;
}

/** Options of a plain data table. */
export interface DataTableOptions {
  /** Title above the table (default: none). */
  title?: string;
  /** Columns to show, in order, with their header text (default: the keys of the first row). */
  columns?: DataTableColumn[];
  /** Note lines under the table. */
  notes?: string[];
  /** Decimals for non-integer numbers (default 3). */
  digits?: number;
  /**
   * Add the note on the data set from `setReportDefaults({ dataNote })` under the table (default false:
   * a data table may hold counts, audits or simulations; pass true for estimates from the study's data).
   */
  dataNote?: boolean;
}

/** The keys of DataTableOptions, for the options check. */
const DATA_TABLE_OPTION_KEYS = optionKeys<DataTableOptions>()(["title", "columns", "notes", "digits", "dataNote"]);

/**
 * A table of plain rows (counts, audits, Monte Carlo summaries) in the same TableSpec the
 * regression tables use, so it renders to HTML, Markdown, LaTeX and CSV alike. Integers print as
 * they are, other numbers with `digits` decimals, text as it is. A p-value column (key `p`, `pvalue`,
 * `p_value`, or starting or ending in `p_`/`_p`) never shows 0.000: below 10^−digits it reads "< 0.001".
 * @throws OptionsError for an unknown option, bad `digits`, or no columns to show.
 * @example buildDataTable([{ file: "economy.csv", rows: 4879 }], { title: "Raw files" })
 */
export function buildDataTable(input: readonly object[], options: DataTableOptions = {}): TableSpec {
  checkOptions("buildDataTable", options, DATA_TABLE_OPTION_KEYS);
  const rows = input as readonly Record<string, unknown>[];
  const columns: DataTableColumn[] = options.columns ?? Object.keys(rows[0] ?? {}).map((key) => ({ key }));
  if (columns.length === 0) throw new OptionsError("buildDataTable: no columns to show; pass rows with named values.");
  const digits = checkDigits(options.digits ?? 3, "buildDataTable");
  const cell = (value: unknown, key: string): string => {
    if (typeof value === "number" && isPValueKey(key) && value >= 0 && value < 10 ** -digits) return `< ${(10 ** -digits).toFixed(digits)}`;
    if (typeof value === "number") return Number.isInteger(value) ? String(value) : Number.isFinite(value) ? formatFixed(value, digits) : "";
    return value === null || value === undefined ? "" : String(value);
  };
  const align: Align[] = columns.map((c, k) => (k === 0 || rows.every((r) => typeof r[c.key] !== "number") ? "l" : "r"));
  return {
    kind: "data",
    lang: "en",
    title: options.title,
    ncol: columns.length,
    align,
    header: [columns.map((c) => ({ text: c.header ?? c.key }))],
    sections: [rows.map((r) => ({ kind: "data" as const, cells: columns.map((c) => cell(r[c.key], c.key)) }))],
    notes: withDataNote(options.notes ?? [], options.dataNote === true),
  };
}

/** The notes, followed by the data set's note (setReportDefaults) when asked for and set. */
function withDataNote(notes: string[], wanted: boolean): string[] {
  const note = wanted ? dataNoteText("en") : undefined;
  return note ? [...notes, note] : notes;
}

/** True for a column key that names a p-value: p, pvalue, p_value, p_holm, sobel_p. */
function isPValueKey(key: string): boolean {
  return /^(p|pvalue|p_value)$|^p_|_p$/i.test(key);
}
