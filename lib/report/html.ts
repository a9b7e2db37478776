/**
 * Renders a TableSpec as a self-contained HTML `<table>` with minimal inline CSS (three-line
 * table: a heavy rule above and below, a light rule under the header and between sections), for
 * notebooks and exported HTML.
 */
import { checkTableSpec, type TableSpec } from "./table";

/**
 * Escapes &, <, > and " for HTML text and attributes.
 * @example escapeHtml('<b>"R&D"</b>') // "&lt;b&gt;&quot;R&amp;D&quot;&lt;/b&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const ALIGN = { l: "left", c: "center", r: "right" } as const;
const CELL = "padding:2px 10px;white-space:nowrap;";
const RULE = "border-top:1px solid #000;";

/**
 * The table as an HTML fragment (one `<table>` element).
 * @throws ReportError when a row does not fit the table's columns.
 * @example toHtml(buildRegressionTable([fit])) // '<table class="kit-table" …'
 */
export function toHtml(table: TableSpec): string {
  checkTableSpec(table);
  const lines: string[] = [];
  lines.push(
    `<table class="kit-table kit-table-${table.kind}" lang="${table.lang === "zh" ? "zh-CN" : "en"}" style="border-collapse:collapse;border-top:2px solid #000;border-bottom:2px solid #000;font-size:13px;line-height:1.35;margin:0.5em 0;">`,
  );
  if (table.title) lines.push(`<caption style="caption-side:top;font-weight:bold;padding:4px 0;text-align:center;">${escapeHtml(table.title)}</caption>`);
  lines.push("<thead>");
  table.header.forEach((row, r) => {
    const last = r === table.header.length - 1;
    let col = 0;
    const cells = row.map((cell) => {
      const span = cell.span ?? 1;
      const align = ALIGN[col === 0 ? table.align[0] : "c"];
      col += span;
      const style = `${CELL}text-align:${align};font-weight:normal;${last ? "border-bottom:1px solid #000;" : ""}`;
      return `<th${span > 1 ? ` colspan="${span}"` : ""} style="${style}">${escapeHtml(cell.text)}</th>`;
    });
    lines.push(`<tr>${cells.join("")}</tr>`);
  });
  lines.push("</thead>");
  lines.push("<tbody>");
  table.sections.forEach((section, s) => {
    section.forEach((row, r) => {
      const rule = s > 0 && r === 0 ? RULE : "";
      const cells = row.cells.map((text, k) => `<td style="${CELL}text-align:${ALIGN[table.align[k]]};${rule}">${escapeHtml(text)}</td>`);
      lines.push(`<tr class="kit-${row.kind}">${cells.join("")}</tr>`);
    });
  });
  lines.push("</tbody>");
  if (table.notes.length > 0) {
    lines.push("<tfoot>");
    for (const [k, note] of table.notes.entries()) {
      lines.push(
        `<tr><td colspan="${table.ncol}" style="padding:2px 10px;text-align:left;font-size:11px;white-space:normal;${k === 0 ? "border-top:2px solid #000;" : ""}">${escapeHtml(note)}</td></tr>`,
      );
    }
    lines.push("</tfoot>");
  }
  lines.push("</table>");
  return lines.join("\n") + "\n";
}
