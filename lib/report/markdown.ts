/**
 * Renders a TableSpec as a GitHub-flavoured Markdown pipe table. Markdown has one header row and
 * no spanning cells: the first header row is the Markdown header, further header rows open the
 * body, and a spanned cell's text is repeated in each column it covers. Markdown's special characters are
 * escaped, so "***" shows as stars rather than emphasis.
 */
import { checkTableSpec, expandHeaderRow, type TableSpec } from "./table";

/**
 * Escapes the characters Markdown would read as syntax (\ ` * _ | < > [ ]).
 * @example escapeMarkdown("0.120***") // "0.120\\*\\*\\*"
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_|<>[\]]/g, (c) => `\\${c}`);
}

const RULE = { l: ":--", c: ":-:", r: "--:" } as const;

/**
 * The table as Markdown: an optional bold title, the pipe table, then the notes as paragraphs.
 * @throws ReportError when a row does not fit the table's columns.
 * @example toMarkdown(buildDescriptiveTable(data))
 */
export function toMarkdown(table: TableSpec): string {
  checkTableSpec(table);
  const line = (cells: string[]): string => `| ${cells.map(escapeMarkdown).join(" | ")} |`;
  const out: string[] = [];
  if (table.title) out.push(`**${escapeMarkdown(table.title)}**`, "");
  const [first, ...rest] = table.header;
  out.push(line(expandHeaderRow(first)));
  out.push(`|${table.align.map((a) => RULE[a]).join("|")}|`);
  for (const row of rest) out.push(line(expandHeaderRow(row)));
  for (const section of table.sections) for (const row of section) out.push(line(row.cells));
  if (table.notes.length > 0) {
    out.push("");
    out.push(table.notes.map(escapeMarkdown).join("  \n"));
  }
  return out.join("\n") + "\n";
}
