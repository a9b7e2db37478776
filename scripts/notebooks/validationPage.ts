/**
 * The report's validation page (output/validation.html): the value audit of the panel the run used as
 * a readable page — one table per panel variable, worst first (most missing cells, then most filled,
 * then most clipped), each with its counts, how cells were filled, what the missing ones lack, and the
 * first missing cells with their causes (the full list is audit_missing.csv).
 */
import { escapeHtml } from "./artifacts";
import { worstFirst, type MissingCell, type ValueAudit, type VariableAudit } from "../../lib/study/clean/valueAudit";

const STYLE = `body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;line-height:1.5;color:#222}h1{font-size:1.6em}
h2{font-size:1.15em;margin-top:1.6em}table{border-collapse:collapse;margin:.4em 0}td,th{padding:.15em .6em;border-bottom:1px solid #ddd;text-align:left}
td.n{text-align:right}.banner{background:#fff7d6;border:1px solid #e6c200;padding:.5em 1em;margin-bottom:1em}.ok{color:#276}.bad{color:#a22}`;

/** How many missing cells a variable's section lists before pointing to audit_missing.csv. */
export const MISSING_CELLS_SHOWN = 25;

/** What the page says besides the audit. */
export interface ValidationPageOptions {
  /** The banner naming the data, e.g. "Simulated data (data/panel.csv)" or "Real data: /path/panel.csv". */
  dataLabel: string;
  /** Where the full lists lie, e.g. "data/" (audit_variables.csv, audit_missing.csv). */
  auditFolder: string;
}

/**
 * One variable's section: counts (rows = computed + filled + missing; clipped is part of the first two),
 * how filled cells were filled, the causes of the missing ones, and its first missing cells.
 * @example variableSection(values.variables[0], values.missing, "data/")
 */
function variableSection(v: VariableAudit, missing: readonly MissingCell[], auditFolder: string): string {
  const reconciles = v.computed + v.filled + v.missing === v.rows;
  const counts = `<table><tr><th>rows</th><th>computed</th><th>filled</th><th>missing</th><th>clipped</th><th>reconciles</th></tr>
<tr><td class="n">${v.rows}</td><td class="n">${v.computed}</td><td class="n">${v.filled}</td><td class="n">${v.missing}</td><td class="n">${v.clipped}</td><td class="${reconciles ? "ok" : "bad"}">${reconciles ? "yes" : "NO"}</td></tr></table>`;
  const notes: string[] = [];
  if (v.filesNotSupplied.length > 0) notes.push(`<p class="bad">Not built: needs ${v.filesNotSupplied.map((f) => `<code>${escapeHtml(f)}</code>`).join(", ")}, which ${v.filesNotSupplied.length === 1 ? "was" : "were"} not supplied.</p>`);
  if (v.filledHow) notes.push(`<p>Filled: ${escapeHtml(v.filledHow)}.</p>`);
  if (v.missingCauses) notes.push(`<p>Missing because of: ${escapeHtml(v.missingCauses)}.</p>`);
  const own = missing.filter((m) => m.variable === v.variable);
  let list = "";
  if (own.length > 0) {
    const rows = own
      .slice(0, MISSING_CELLS_SHOWN)
      .map((m) => `<tr><td>${escapeHtml(m.code)}</td><td>${m.year}</td><td>${escapeHtml(m.file ?? "")}</td><td>${escapeHtml(m.column ?? "")}</td><td>${m.sourceYear ?? ""}</td><td>${escapeHtml(m.cause)}</td></tr>`)
      .join("\n");
    const more = own.length > MISSING_CELLS_SHOWN ? `<p>… and ${own.length - MISSING_CELLS_SHOWN} more in <code>${escapeHtml(auditFolder)}audit_missing.csv</code>.</p>` : "";
    list = `<table><tr><th>code</th><th>year</th><th>file</th><th>column</th><th>input year</th><th>cause</th></tr>\n${rows}</table>${more}`;
  }
  return `<section><h2><code>${escapeHtml(v.variable)}</code></h2>\n${counts}\n${notes.join("\n")}\n${list}</section>`;
}

/**
 * The validation page of a value audit (module comment).
 * @example validationPage(cleaned.values, { dataLabel: "Simulated data (data/panel.csv)", auditFolder: "data/" }).startsWith("<!doctype html>") // true
 */
export function validationPage(values: ValueAudit, options: ValidationPageOptions): string {
  const ordered = worstFirst(values.variables);
  const totalMissing = values.variables.reduce((s, v) => s + v.missing, 0);
  const totalFilled = values.variables.reduce((s, v) => s + v.filled, 0);
  const allReconcile = values.variables.every((v) => v.computed + v.filled + v.missing === v.rows);
  const summary = `<p>${values.variables.length} variables of ${values.variables[0]?.rows ?? 0} rows each: ${totalMissing} cells missing and ${totalFilled} filled from interpolated inputs in all; ${allReconcile ? "for every variable computed + filled + missing = rows" : "<strong>some variables do NOT reconcile</strong>"}. Variables below are ordered worst first. The full lists are <code>${escapeHtml(options.auditFolder)}audit_variables.csv</code> and <code>${escapeHtml(options.auditFolder)}audit_missing.csv</code>.</p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Validation: every value of the panel</title><style>${STYLE}</style></head><body>
<div class="banner">${escapeHtml(options.dataLabel)}</div>
<h1>Validation: every value of the panel</h1>
<p>Each cell of the panel is <em>computed</em> from inputs read in the raw files, <em>filled</em> (computed with at least one interpolated input), or <em>missing</em> with its cause; <em>clipped</em> counts the computed or filled cells winsorized to a bound.</p>
${summary}
${ordered.map((v) => variableSection(v, values.missing, options.auditFolder)).join("\n")}
</body></html>
`;
}
