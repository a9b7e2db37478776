/**
 * The plain data structure every table is built into before it is rendered (HTML, Markdown,
 * LaTeX, CSV — one file per renderer). Builders (`buildRegressionTable`, `buildDescriptiveTable`,
 * `buildDefinitionTable`) make a TableSpec; renderers only lay it out, so all four formats carry
 * the same cells.
 */
import { ReportError } from "../errors";
import type { Lang } from "./labels";

/** A header cell; `span` columns wide (default 1). */
export interface HeaderCell {
  /** The cell's text. */
  text: string;
  /** How many columns the cell covers (default 1). */
  span?: number;
}

/**
 * What a body row holds: a coefficient, the standard error (or t) under it, a Yes/No indicator
 * (controls, fixed effects), a fit statistic, an IV diagnostic, or plain data (descriptive and
 * definition tables).
 */
export type RowKind = "coef" | "se" | "indicator" | "stat" | "diagnostic" | "data";

/** A body row: one cell per column, the first one the row label. */
export interface TableRow {
  /** What the row holds; renderers may style kinds differently (HTML sets `class="kit-<kind>"`). */
  kind: RowKind;
  /** One text per column, the row label first. */
  cells: string[];
}

/** Column alignment: left, centre, right. */
export type Align = "l" | "c" | "r";

/** A table ready for rendering. */
export interface TableSpec {
  /** Which builder made the table. */
  kind: "regression" | "descriptive" | "definitions" | "data";
  /** Language of the labels (HTML's `lang` attribute). */
  lang: Lang;
  /** Title above the table (caption); none when undefined. */
  title?: string;
  /** Number of columns, the label column included. */
  ncol: number;
  /** Alignment of each column, the label column included (`ncol` entries). */
  align: Align[];
  /** Header rows above the first rule. */
  header: HeaderCell[][];
  /** Body sections, separated by a rule. */
  sections: TableRow[][];
  /** Note lines under the table. */
  notes: string[];
}

/**
 * Checks that every header row spans `ncol` columns and every body row has `ncol` cells.
 * @throws ReportError naming the first row that does not fit.
 * @example checkTableSpec(buildRegressionTable([fit])) // passes; a row with a cell too many throws
 */
export function checkTableSpec(table: TableSpec): void {
  if (table.align.length !== table.ncol) {
    throw new ReportError(`Table "${table.title ?? table.kind}": ${table.align.length} alignments for ${table.ncol} columns.`);
  }
  table.header.forEach((row, r) => {
    const width = row.reduce((s, c) => s + (c.span ?? 1), 0);
    if (width !== table.ncol) throw new ReportError(`Table "${table.title ?? table.kind}": header row ${r + 1} spans ${width} columns, not ${table.ncol}.`);
  });
  table.sections.forEach((section, s) =>
    section.forEach((row, r) => {
      if (row.cells.length !== table.ncol) {
        throw new ReportError(`Table "${table.title ?? table.kind}": row ${r + 1} of section ${s + 1} ("${row.cells[0]}") has ${row.cells.length} cells, not ${table.ncol}.`);
      }
    }),
  );
}

/**
 * A header row expanded to one string per column, for formats without spanning cells (Markdown,
 * CSV): a spanned cell's text is repeated in every column it covers, so each column reads alone.
 * @example expandHeaderRow([{ text: "" }, { text: "OLS", span: 2 }]) // ["", "OLS", "OLS"]
 */
export function expandHeaderRow(row: HeaderCell[]): string[] {
  const out: string[] = [];
  for (const cell of row) for (let k = 0; k < (cell.span ?? 1); k++) out.push(cell.text);
  return out;
}
