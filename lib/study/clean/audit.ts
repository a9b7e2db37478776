/**
 * The audit of a cleaning run: every data row of every raw file is kept (used as printed), fixed (used
 * after the fixes listed) or dropped (with the reason) — one entry per row, so that for each file
 * rows = kept + fixed + dropped holds exactly; plus every cell filled by interpolation and every gap left.
 */
import { formatCsv } from "../csv";

/** One raw row's fate. */
export interface AuditRow {
  file: string;
  line: number;
  code: string;
  year: number | null;
  status: "kept" | "fixed" | "dropped";
  detail: string;
}

/** A cell filled by interpolation. */
export interface ImputedCell {
  code: string;
  year: number;
  variable: string;
  file: string;
  value: number;
  gap: number;
}

/** A run of missing years left missing (too long, or at an end of the series). */
export interface UnfilledGap {
  code: string;
  variable: string;
  from: number;
  to: number;
}

/** Counts of one file. */
export interface FileSummary {
  rows: number;
  kept: number;
  fixed: number;
  dropped: number;
  /** Counts by kind of fix or reason for dropping (a fixed row may count under several fixes). */
  fixes: Record<string, number>;
  reasons: Record<string, number>;
}

/** The whole audit. */
export interface Audit {
  rows: AuditRow[];
  imputed: ImputedCell[];
  unfilled: UnfilledGap[];
}

/** The category of a fix or a drop reason, for the counts. */
export function categoryOf(detail: string): string {
  const rules: [RegExp, string][] = [
    [/^exact duplicate/, "exact_duplicate"],
    [/conflicting duplicate/, "conflicting_duplicate"],
    [/not in the 287-city sample/, "out_of_sample"],
    [/^year \d+ outside/, "year_out_of_range"],
    [/read as persons/, "unit_persons"],
    [/: text ".*" read as/, "text_number"],
    [/^code \d{6} .* → \d{6}/, "renamed_code"],
    [/^name .* → .*\(registry name\)/, "name_to_registry"],
    [/^name /, "renamed_name"],
    [/^merged into/, "merged_unit"],
    [/^added /, "merged_unit_added"],
  ];
  for (const [re, cat] of rules) if (re.test(detail)) return cat;
  return "other";
}

/** Per-file counts; every audited row is counted once as kept, fixed or dropped. */
export function summarize(audit: Audit): Record<string, FileSummary> {
  const out: Record<string, FileSummary> = {};
  for (const r of audit.rows) {
    const s = (out[r.file] ??= { rows: 0, kept: 0, fixed: 0, dropped: 0, fixes: {}, reasons: {} });
    s.rows++;
    s[r.status]++;
    if (r.status === "fixed") {
      for (const part of r.detail.split(" | ")) {
        const c = categoryOf(part);
        s.fixes[c] = (s.fixes[c] ?? 0) + 1;
      }
    } else if (r.status === "dropped") {
      const c = categoryOf(r.detail);
      s.reasons[c] = (s.reasons[c] ?? 0) + 1;
    }
  }
  return out;
}

/** data/audit.csv: the fixed and dropped rows (kept rows are every other row of the file). */
export function auditCsv(audit: Audit): string {
  const rows = audit.rows
    .filter((r) => r.status !== "kept")
    .map((r) => [r.file, String(r.line), r.code, r.year === null ? "" : String(r.year), r.status, r.detail]);
  return formatCsv(["file", "line", "code", "year", "status", "detail"], rows);
}

/** data/imputed.csv: the interpolated cells. */
export function imputedCsv(audit: Audit): string {
  return formatCsv(
    ["code", "year", "variable", "file", "value", "gap_length"],
    audit.imputed.map((c) => [c.code, String(c.year), c.variable, c.file, String(Math.round(c.value * 1e6) / 1e6), String(c.gap)]),
  );
}

/** One row per raw file: rows read, and how many were kept, fixed and dropped (rows = kept + fixed + dropped). */
export function auditFileRows(audit: Audit): { file: string; rows: number; kept: number; fixed: number; dropped: number }[] {
  return Object.entries(summarize(audit))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([file, s]) => ({ file, rows: s.rows, kept: s.kept, fixed: s.fixed, dropped: s.dropped }));
}

/** What the cleaning found, by kind: fixes and drop reasons summed over files, plus interpolated cells. */
export function auditKindRows(audit: Audit): { action: string; kind: string; count: number }[] {
  const fixes: Record<string, number> = {};
  const reasons: Record<string, number> = {};
  for (const s of Object.values(summarize(audit))) {
    for (const [k, n] of Object.entries(s.fixes)) fixes[k] = (fixes[k] ?? 0) + n;
    for (const [k, n] of Object.entries(s.reasons)) reasons[k] = (reasons[k] ?? 0) + n;
  }
  const rows = [
    ...Object.entries(fixes).map(([kind, count]) => ({ action: "fixed", kind, count })),
    ...Object.entries(reasons).map(([kind, count]) => ({ action: "dropped", kind, count })),
    { action: "interpolated", kind: "short gap (cells)", count: audit.imputed.length },
    { action: "left missing", kind: "long or edge gap (runs)", count: audit.unfilled.length },
  ];
  return rows.sort((a, b) => (a.action === b.action ? b.count - a.count : a.action < b.action ? 1 : -1));
}
