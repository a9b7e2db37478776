/**
 * Reads a value audit back from the files the cleaner wrote beside a panel (audit_variables.csv and
 * audit_missing.csv, valueAuditCsv.ts) — for a report or notebook about a panel cleaned earlier, e.g. the
 * user's panel named by KIT_PANEL.
 */
import * as fs from "fs";
import * as path from "path";
import { readCsv } from "../csv";
import { DataFileError } from "./errors";
import { MissingCell, ValueAudit, VariableAudit } from "./valueAudit";
import { PanelVar } from "../variables/panelSchema";

/**
 * The value audit stored in `folder` (the cleaner's output folder).
 * @throws DataFileError ("missing_file") when audit_variables.csv or audit_missing.csv is absent.
 * @example readValueAudit("data").variables.length // 23
 */
export function readValueAudit(folder: string): ValueAudit {
  const file = (name: string): string => {
    const p = path.join(folder, name);
    if (!fs.existsSync(p)) {
      throw new DataFileError("missing_file", p, null, null, "does not exist.", "Clean the raw files again with scripts/clean-data.ts: it writes the value audit beside panel.csv.");
    }
    return p;
  };
  const vars = readCsv(file("audit_variables.csv"));
  const miss = readCsv(file("audit_missing.csv"));
  const v = (name: string): number => vars.header.indexOf(name);
  const m = (name: string): number => miss.header.indexOf(name);
  const variables: VariableAudit[] = vars.rows.map((r) => ({
    variable: r[v("variable")] as PanelVar,
    rows: Number(r[v("rows")]),
    computed: Number(r[v("computed")]),
    filled: Number(r[v("filled")]),
    missing: Number(r[v("missing")]),
    clipped: Number(r[v("clipped")]),
    filledHow: r[v("filled_how")],
    missingCauses: r[v("missing_causes")],
    filesNotSupplied: r[v("files_not_supplied")] ? r[v("files_not_supplied")].split(" ") : [],
  }));
  const missing: MissingCell[] = miss.rows.map((r) => ({
    variable: r[m("variable")] as PanelVar,
    code: r[m("code")],
    year: Number(r[m("year")]),
    file: r[m("file")] || null,
    column: r[m("column")] || null,
    sourceYear: r[m("source_year")] ? Number(r[m("source_year")]) : null,
    cause: r[m("cause")],
  }));
  return { variables, missing };
}
