/**
 * Renders a TableSpec as LaTeX: a `table` float with a `threeparttable`, a booktabs `tabular`
 * (\toprule, \midrule between sections, \cmidrule under spanning header cells, \bottomrule) and
 * the notes in `tablenotes`. Needs \usepackage{booktabs,threeparttable}; Chinese labels need a
 * CJK-capable engine (xelatex with ctex or xeCJK).
 */
import { checkOptions } from "../options";
import { optionKeys } from "./optionKeys";
import { checkTableSpec, type TableSpec } from "./table";

/** Options of `toLatex`. */
export interface LatexOptions {
  /** A `\label{…}` for cross-references (default: none). */
  label?: string;
  /** The float's placement specifier (default "htbp"). */
  placement?: string;
}

/** The keys of LatexOptions, for the options check. */
const LATEX_OPTION_KEYS = optionKeys<LatexOptions>()(["label", "placement"]);

const SPECIAL: Record<string, string> = {
  "\\": "\\textbackslash{}",
  "&": "\\&",
  "%": "\\%",
  $: "\\$",
  "#": "\\#",
  _: "\\_",
  "{": "\\{",
  "}": "\\}",
  "~": "\\textasciitilde{}",
  "^": "\\textasciicircum{}",
  "²": "$^2$",
  "×": "$\\times$",
  "−": "$-$",
  "≥": "$\\geq$",
  "≤": "$\\leq$",
  "χ": "$\\chi$",
  "σ": "$\\sigma$",
  "Σ": "$\\Sigma$",
  "·": "$\\cdot$",
  "∞": "$\\infty$",
  "–": "--",
  "—": "---",
  "<": "$<$",
  ">": "$>$",
};

/**
 * Escapes LaTeX's special characters and writes the few Unicode symbols tables use in math mode.
 * @example escapeLatex("R² & 5%") // "R$^2$ \\& 5\\%"
 */
export function escapeLatex(text: string): string {
  return text.replace(/[\\&%$#_{}~^²×−≥≤χσΣ·∞–—<>]/g, (c) => SPECIAL[c]);
}

/**
 * A cell: escaped; a minus sign before a number (at the start, or after "(", "[" or a space) as
 * $-$; trailing significance stars as a superscript.
 */
function cell(text: string): string {
  let out = escapeLatex(text)
    .replace(/(^|[([ ])-(?=\d)/g, "$1$-$")
    .replace(/(\d)(\*{1,3})$/, "$1$^{$2}$");
  // A row starting with "[" would be read as the optional argument of the previous row's \\.
  if (out.startsWith("[")) out = `{${out}}`;
  return out;
}

/**
 * The table as a LaTeX float.
 * @throws OptionsError for an unknown option.
 * @throws ReportError when a row does not fit the table's columns.
 * @example toLatex(buildRegressionTable([fit1, fit2], { title: "Baseline" }), { label: "tab:baseline" })
 */
export function toLatex(table: TableSpec, options: LatexOptions = {}): string {
  checkOptions("toLatex", options, LATEX_OPTION_KEYS);
  checkTableSpec(table);
  const out: string[] = [];
  out.push(`\\begin{table}[${options.placement ?? "htbp"}]`);
  out.push("\\centering");
  out.push("\\begin{threeparttable}");
  if (table.title) out.push(`\\caption{${escapeLatex(table.title)}}`);
  if (options.label) out.push(`\\label{${options.label}}`);
  out.push(`\\begin{tabular}{${table.align.join("")}}`);
  out.push("\\toprule");
  for (const row of table.header) {
    let col = 1;
    const rules: string[] = [];
    const cells = row.map((c) => {
      const span = c.span ?? 1;
      const from = col;
      col += span;
      if (span > 1) {
        rules.push(`\\cmidrule(lr){${from}-${from + span - 1}}`);
        return `\\multicolumn{${span}}{c}{${cell(c.text)}}`;
      }
      return cell(c.text);
    });
    out.push(`${cells.join(" & ")} \\\\${rules.length > 0 ? " " + rules.join(" ") : ""}`);
  }
  for (const section of table.sections) {
    out.push("\\midrule");
    for (const row of section) out.push(`${row.cells.map(cell).join(" & ")} \\\\`);
  }
  out.push("\\bottomrule");
  out.push("\\end{tabular}");
  if (table.notes.length > 0) {
    out.push("\\begin{tablenotes}[flushleft]");
    out.push("\\footnotesize");
    for (const note of table.notes) out.push(`\\item ${escapeLatex(note)}`);
    out.push("\\end{tablenotes}");
  }
  out.push("\\end{threeparttable}");
  out.push("\\end{table}");
  return out.join("\n") + "\n";
}
