/**
 * The audit of a cleaning run: every data row of every raw file is kept (used as printed), fixed (used
 * after the fixes listed) or dropped (with the reason) — one entry per row, so that for each file
 * rows = kept + fixed + dropped holds exactly; plus every cell filled by interpolation and every gap left.
 */
import { formatCsv } from "../csv";

/** One raw row's fate. */
export interface AuditRow {
  /** The raw file's name, e.g. "economy.csv". */
  file: string;
  /** 1-based line of the row in the file (the header is line 1). */
  line: number;
  /** The code as printed (a city code; "CN" or "US" for national series, the country for robot stocks). */
  code: string;
  /** The row's year; null when the row has none. */
  year: number | null;
  /** Used as printed, used after fixes, or not used. */
  status: "kept" | "fixed" | "dropped";
  /** The fixes, joined by " | ", or the reason for dropping; empty for a kept row. */
  detail: string;
}

/** A cell filled by interpolation. */
export interface ImputedCell {
  /** City code. */
  code: string;
  /** Year of the filled cell. */
  year: number;
  /** Harmonised variable (levels.ts CITY_VARS). */
  variable: string;
  /** Raw file the variable comes from. */
  file: string;
  /** The interpolated value (interpolate.ts), in the variable's unit. */
  value: number;
  /** Length in years of the gap the cell belongs to. */
  gap: number;
}

/** A run of missing years left missing (too long, or at an end of the series). */
export interface UnfilledGap {
  /** City code. */
  code: string;
  /** Harmonised variable (levels.ts CITY_VARS). */
  variable: string;
  /** First missing year of the run. */
  from: number;
  /** Last missing year of the run. */
  to: number;
}

/**
 * A value that may be real but looks wrong: listed in the audit, printed in one summary, and an error
 * under `--strict` (lib/study/clean/plausibility.ts makes them).
 */
export interface AuditWarning {
  /** The rule, e.g. "yoy_jump", "outlier", "boundary_change", "name_not_registry". */
  kind: string;
  /** The raw file the value came from (null for a derived variable). */
  file: string | null;
  /** 1-based line of the row in that file, when one row is concerned. */
  line: number | null;
  /** City code. */
  code: string;
  /** The year concerned (null: none). */
  year: number | null;
  /** The harmonised variable (levels.ts CITY_VARS) or panel variable concerned. */
  variable: string;
  /** What was seen and the threshold, in words. */
  detail: string;
}

/** Counts of one file. */
export interface FileSummary {
  /** Data rows audited (rows = kept + fixed + dropped). */
  rows: number;
  /** Rows used as printed. */
  kept: number;
  /** Rows used after fixes. */
  fixed: number;
  /** Rows not used. */
  dropped: number;
  /** Counts of fixed rows by kind of fix ({@link categoryOf}); a fixed row may count under several fixes. */
  fixes: Record<string, number>;
  /** Counts of dropped rows by kind of reason ({@link categoryOf}). */
  reasons: Record<string, number>;
}

/** The whole audit. */
export interface Audit {
  /** One entry per data row of every raw file loaded, in load order. */
  rows: AuditRow[];
  /** Every cell filled by interpolation of a short gap. */
  imputed: ImputedCell[];
  /** Every run of missing years left missing. */
  unfilled: UnfilledGap[];
  /** Implausible values that can be real ({@link AuditWarning}). */
  warnings: AuditWarning[];
}

/**
 * The category of a fix or a drop reason, for the counts: the first rule whose pattern matches, else "other".
 * @example categoryOf("exact duplicate of line 12") // "exact_duplicate"
 */
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

/**
 * Per-file counts; every audited row is counted once as kept, fixed or dropped.
 * @example summarize(result.audit)["economy.csv"].dropped // rows of economy.csv not used
 */
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

/**
 * data/audit.csv: the fixed and dropped rows (kept rows are every other row of the file).
 * @example auditCsv(result.audit).split("\n")[0] // "file,line,code,year,status,detail"
 */
export function auditCsv(audit: Audit): string {
  const rows = audit.rows
    .filter((r) => r.status !== "kept")
    .map((r) => [r.file, String(r.line), r.code, r.year === null ? "" : String(r.year), r.status, r.detail]);
  return formatCsv(["file", "line", "code", "year", "status", "detail"], rows);
}

/**
 * data/imputed.csv: the interpolated cells, values rounded to 6 decimals.
 * @example imputedCsv(result.audit).split("\n")[0] // "code,year,variable,file,value,gap_length"
 */
export function imputedCsv(audit: Audit): string {
  return formatCsv(
    ["code", "year", "variable", "file", "value", "gap_length"],
    audit.imputed.map((c) => [c.code, String(c.year), c.variable, c.file, String(Math.round(c.value * 1e6) / 1e6), String(c.gap)]),
  );
}

/**
 * One row per raw file, files in name order: rows read, and how many were kept, fixed and dropped
 * (rows = kept + fixed + dropped).
 * @example auditFileRows(result.audit)[0].file // "economy.csv"
 */
export function auditFileRows(audit: Audit): {
  /** The raw file's name. */
  file: string;
  /** Data rows read. */
  rows: number;
  /** Rows used as printed. */
  kept: number;
  /** Rows used after fixes. */
  fixed: number;
  /** Rows not used. */
  dropped: number;
}[] {
  return Object.entries(summarize(audit))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([file, s]) => ({ file, rows: s.rows, kept: s.kept, fixed: s.fixed, dropped: s.dropped }));
}

/**
 * What the cleaning found, by kind: fixes and drop reasons summed over files, plus interpolated cells
 * and gaps left; actions in the order left missing, interpolated, fixed, dropped, and the most
 * frequent kind first within an action.
 * @example auditKindRows(result.audit).find((r) => r.kind === "exact_duplicate")?.count
 */
export function auditKindRows(audit: Audit): {
  /** "fixed", "dropped", "interpolated" or "left missing". */
  action: string;
  /** The category ({@link categoryOf}), or what was interpolated or left missing. */
  kind: string;
  /** Rows (for fixes and drops), cells (interpolated) or runs of years (left missing). */
  count: number;
}[] {
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
