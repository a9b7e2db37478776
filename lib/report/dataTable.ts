import { OptionsError } from "../errors";
import { formatFixed } from "./format";
import type { Align, TableSpec } from "./table";

/** Options of a plain data table. */
export interface DataTableOptions {
  title?: string;
  /** Columns to show, in order, with their header text (default: the keys of the first row). */
  columns?: { key: string; header?: string }[];
  notes?: string[];
  /** Decimals for non-integer numbers (default 3). */
  digits?: number;
}

/**
 * A table of plain rows (counts, audits, Monte Carlo summaries) in the same TableSpec the
 * regression tables use, so it renders to HTML, Markdown, LaTeX and CSV alike. Integers print as
 * they are, other numbers with `digits` decimals, text as it is.
 * @example buildDataTable([{ file: "economy.csv", rows: 4879 }], { title: "Raw files" })
 */
export function buildDataTable(input: readonly object[], options: DataTableOptions = {}): TableSpec {
  const rows = input as readonly Record<string, unknown>[];
  const columns: { key: string; header?: string }[] = options.columns ?? Object.keys(rows[0] ?? {}).map((key) => ({ key }));
  if (columns.length === 0) throw new OptionsError("buildDataTable: no columns to show; pass rows with named values.");
  const digits = options.digits ?? 3;
  const cell = (value: unknown): string => {
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
    sections: [rows.map((r) => ({ kind: "data" as const, cells: columns.map((c) => cell(r[c.key])) }))],
    notes: options.notes ?? [],
  };
}
