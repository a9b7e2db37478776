/**
 * The value audit and the audit's lists as CSV files written beside the row audit (writeCleaned):
 * audit_variables.csv (one row per panel variable), audit_missing.csv (every missing panel cell and its
 * cause), audit_gaps.csv (every run of missing years left unfilled in the harmonised levels) and
 * audit_warnings.csv (implausible values that can be real).
 */
import { formatCsv } from "../csv";
import { Audit } from "./audit";
import { citySource } from "./fileFeeds";
import { ValueAudit } from "./valueAudit";
import { CityVar } from "../variables/levels";

/**
 * audit_variables.csv: per panel variable, in panel order, rows = computed + filled + missing, clipped
 * (part of computed + filled), how cells were filled, what the missing ones lack, the files not supplied.
 * @example valueAuditCsv(values).split("\n")[0] // "variable,rows,computed,filled,missing,clipped,filled_how,missing_causes,files_not_supplied"
 */
export function valueAuditCsv(values: ValueAudit): string {
  return formatCsv(
    ["variable", "rows", "computed", "filled", "missing", "clipped", "filled_how", "missing_causes", "files_not_supplied"],
    values.variables.map((v) => [v.variable, String(v.rows), String(v.computed), String(v.filled), String(v.missing), String(v.clipped), v.filledHow, v.missingCauses, v.filesNotSupplied.join(" ")]),
  );
}

/**
 * audit_missing.csv: one row per missing panel cell with the raw file, column and year of the input it
 * lacks, and the cause in words.
 * @example missingCellsCsv(values).split("\n")[0] // "variable,code,year,file,column,source_year,cause"
 */
export function missingCellsCsv(values: ValueAudit): string {
  return formatCsv(
    ["variable", "code", "year", "file", "column", "source_year", "cause"],
    values.missing.map((m) => [m.variable, m.code, String(m.year), m.file ?? "", m.column ?? "", m.sourceYear === null ? "" : String(m.sourceYear), m.cause]),
  );
}

/**
 * audit_gaps.csv: every run of missing years left unfilled (too long to interpolate, or at an end of the
 * series), with the raw file and column of the variable.
 * @example gapsCsv(audit).split("\n")[0] // "code,variable,file,column,from,to"
 */
export function gapsCsv(audit: Audit): string {
  return formatCsv(
    ["code", "variable", "file", "column", "from", "to"],
    audit.unfilled.map((u) => {
      const src = citySource(u.variable as CityVar);
      return [u.code, u.variable, src.file, src.column, String(u.from), String(u.to)];
    }),
  );
}

/**
 * audit_warnings.csv: the audit's warnings (values that may be real but look wrong).
 * @example warningsCsv(audit).split("\n")[0] // "kind,file,line,code,year,variable,detail"
 */
export function warningsCsv(audit: Audit): string {
  return formatCsv(
    ["kind", "file", "line", "code", "year", "variable", "detail"],
    audit.warnings.map((w) => [w.kind, w.file ?? "", w.line === null ? "" : String(w.line), w.code, w.year === null ? "" : String(w.year), w.variable, w.detail]),
  );
}
