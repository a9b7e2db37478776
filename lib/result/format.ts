/** Number formatting shared by the plain-text summaries. */

/** Significance stars with R's cut-offs: *** 0.001, ** 0.01, * 0.05, . 0.1. */
export function stars(p: number): string {
  return p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : p < 0.1 ? "." : "";
}

/** Six significant digits, switching to exponent notation for very large or small magnitudes. */
export function formatNumber(x: number, digits = 6): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e7)) return x.toExponential(digits - 2);
  return Number(x.toPrecision(digits)).toString();
}

/** p-values as R prints them: "< 2.2e-16" at the floor, otherwise 4 significant digits. */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return String(p);
  if (p < 2.2e-16) return "< 2.2e-16";
  return p < 1e-4 ? p.toExponential(2) : Number(p.toPrecision(4)).toString();
}

/** Lays out rows of cells as a text table, the first column left-aligned, the rest right-aligned. */
export function textTable(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, j) => (widths[j] = Math.max(widths[j] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join("  ").trimEnd()).join("\n");
}
