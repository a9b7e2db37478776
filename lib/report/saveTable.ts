/** Writes a table in all four formats, for the main job's output/tables/. */
import { mkdirSync, writeFileSync } from "fs";
import { dirname } from "path";
import { toCsv } from "./csv";
import { toHtml } from "./html";
import { toLatex } from "./latex";
import { toMarkdown } from "./markdown";
import type { TableSpec } from "./table";

/** The four files `saveTable` writes. */
export interface SavedTablePaths {
  /** `<base>.html`: the HTML fragment (`toHtml`). */
  html: string;
  /** `<base>.md`: the Markdown table (`toMarkdown`). */
  md: string;
  /** `<base>.tex`: the LaTeX float (`toLatex`). */
  tex: string;
  /** `<base>.csv`: the CSV with a byte-order mark (`toCsv`). */
  csv: string;
}

/**
 * Writes `<base>.html`, `<base>.md`, `<base>.tex` and `<base>.csv` (CSV with a UTF-8 byte-order
 * mark, so that Excel reads Chinese labels), creating the folder if needed. An extension on `base`
 * (.html, .md, .tex, .csv) is dropped.
 * @returns the four paths written.
 * @example saveTable(table, "output/tables/baseline")
 */
export function saveTable(table: TableSpec, base: string): SavedTablePaths {
  const stem = base.replace(/\.(html|md|tex|csv)$/i, "");
  const paths = { html: `${stem}.html`, md: `${stem}.md`, tex: `${stem}.tex`, csv: `${stem}.csv` };
  mkdirSync(dirname(stem), { recursive: true });
  writeFileSync(paths.html, toHtml(table), "utf8");
  writeFileSync(paths.md, toMarkdown(table), "utf8");
  writeFileSync(paths.tex, toLatex(table), "utf8");
  writeFileSync(paths.csv, toCsv(table, { bom: true }), "utf8");
  return paths;
}
