/**
 * Regenerates the simulated dataset from the seed: the raw files (data/raw/), their dirt manifest
 * (data/raw_dirt.csv), the analysis panel cleaned from those raw files (data/panel.csv), the audit
 * (data/audit.csv, data/audit_summary.json, data/imputed.csv), the value audit (data/audit_variables.csv,
 * data/audit_missing.csv), the gaps left and the warnings (data/audit_gaps.csv, data/audit_warnings.csv)
 * and the truth (data/truth.json).
 * Same seed, same bytes: every number is drawn from lib/random/rng.ts and printed with fixed rules.
 */
import { DataError } from "../errors";
import * as fs from "fs";
import * as path from "path";
import { auditCsv, imputedCsv, summarize } from "./clean/audit";
import { CleanCity, CleanResult, cleanRawFolder } from "./clean/store";
import { gapsCsv, missingCellsCsv, valueAuditCsv, warningsCsv } from "./clean/valueAuditCsv";
import { measureCalibration } from "./calibration";
import { SimCity } from "./simulate/cities";
import { panelOfWorld } from "./simulate/panel";
import { DEFAULT_PARAMS, DEFAULT_SEED, SimParams } from "./simulate/params";
import { renderRaw } from "./simulate/raw/write";
import { computeTruth } from "./simulate/truth";
import { simulateWorld } from "./simulate/world";
import { PANEL_VARS, PanelColumns } from "./variables/panelSchema";

/** What a build wrote, for the caller's report. */
export interface BuildReport {
  files: string[];
  rawRows: number;
  panelRows: number;
}

/** A number as printed in data/panel.csv: 10 significant digits, shortest form; empty when missing. */
export function formatPanelNumber(x: number): string {
  if (!Number.isFinite(x)) return "";
  const v = Number(x.toPrecision(10));
  return Object.is(v, -0) ? "0" : String(v);
}

/** data/panel.csv's text: code, year, the panel variables and the `imputed` flag. */
export function panelCsv(panel: PanelColumns, imputed: Float64Array): string {
  const header = ["code", "year", ...PANEL_VARS, "imputed"];
  const lines = [header.join(",")];
  for (let i = 0; i < panel.code.length; i++) {
    const cells = [panel.code[i], String(panel.year[i])];
    for (const v of PANEL_VARS) cells.push(formatPanelNumber(panel[v][i]));
    cells.push(String(imputed[i]));
    lines.push(cells.join(","));
  }
  return lines.join("\n") + "\n";
}

/**
 * Writes a cleaning run's products into `outDir`: panel.csv, audit.csv (every fixed or dropped
 * raw row), imputed.csv (interpolated cells), audit_summary.json (counts per file, which
 * reconcile: rows = kept + fixed + dropped), audit_variables.csv (per panel variable: computed + filled +
 * missing = panel rows, and clipped), audit_missing.csv (every missing panel cell with its cause),
 * audit_gaps.csv (every run of years left missing) and audit_warnings.csv (implausible values).
 * Returns the files written.
 * @example writeCleaned("my-data", cleanRawFolder("my-raw", loadRegistry()), "my run") // ["panel.csv", "audit.csv", …]
 */
export function writeCleaned(outDir: string, clean: CleanResult, origin: string): string[] {
  fs.mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  const write = (rel: string, text: string): void => {
    fs.writeFileSync(path.join(outDir, rel), text);
    written.push(rel);
  };
  write("panel.csv", panelCsv(clean.panel, clean.imputedFlag));
  write("audit.csv", auditCsv(clean.audit));
  write("imputed.csv", imputedCsv(clean.audit));
  write("audit_variables.csv", valueAuditCsv(clean.values));
  write("audit_missing.csv", missingCellsCsv(clean.values));
  write("audit_gaps.csv", gapsCsv(clean.audit));
  write("audit_warnings.csv", warningsCsv(clean.audit));
  const summary = summarize(clean.audit);
  const totals = { rows: 0, kept: 0, fixed: 0, dropped: 0 };
  for (const s of Object.values(summary)) {
    totals.rows += s.rows;
    totals.kept += s.kept;
    totals.fixed += s.fixed;
    totals.dropped += s.dropped;
  }
  write(
    "audit_summary.json",
    JSON.stringify(
      {
        note: `${origin}: every data row of every raw file is kept, fixed or dropped (rows = kept + fixed + dropped). Fixed and dropped rows are listed in audit.csv, interpolated cells in imputed.csv.`,
        totals,
        files: summary,
        imputed_cells: clean.audit.imputed.length,
        unfilled_gaps: clean.audit.unfilled.length,
        panel_rows: clean.panel.code.length,
        panel_rows_with_imputed_input: clean.imputedFlag.reduce((a, b) => a + b, 0),
        entropy_weights: clean.meta.entropyWeights,
        winsorized: clean.meta.winsor,
      },
      null,
      2,
    ) + "\n",
  );
  return written;
}

/** Builds everything into `outDir` (data/ for the committed files). */
export function buildDataset(
  outDir: string,
  cities: readonly (SimCity & CleanCity)[],
  options: { seed?: number; params?: SimParams } = {},
): BuildReport {
  const seed = options.seed ?? DEFAULT_SEED;
  const params = options.params ?? DEFAULT_PARAMS;
  const world = simulateWorld(cities, params, seed);
  const raw = renderRaw(world);
  const rawDir = path.join(outDir, "raw");
  fs.mkdirSync(rawDir, { recursive: true });
  const written: string[] = [];
  const write = (rel: string, text: string): void => {
    fs.writeFileSync(path.join(outDir, rel), text);
    written.push(rel);
  };
  let rawRows = 0;
  for (const [name, text] of raw.files) {
    write(path.join("raw", name), text);
    rawRows += text.split("\n").length - 2;
  }
  write("raw_dirt.csv", raw.manifest);
  // clean the raw files just written, exactly as a user's files would be
  const clean = cleanRawFolder(rawDir, cities);
  written.push(...writeCleaned(outDir, clean, "SIMULATED DATA. Counts of the cleaning run that made data/panel.csv from data/raw/"));
  // truth: estimands on the cleaned panel, with the world's latent columns attached row by row
  const latent = panelOfWorld(world).panel;
  for (let i = 0; i < latent.code.length; i++) {
    if (latent.code[i] !== clean.panel.code[i] || latent.year[i] !== clean.panel.year[i]) {
      throw new DataError(`buildDataset: panel row ${i} is ${clean.panel.code[i]}/${clean.panel.year[i]}, the simulator's is ${latent.code[i]}/${latent.year[i]}.`);
    }
  }
  const truth = computeTruth(world, { ...clean.panel, shrink_noerr: latent.shrink_noerr, ai_true: latent.ai_true });
  const provinceOf = new Map(cities.map((c) => [String(c.code), String(c.province_code)]));
  const calibration = measureCalibration(clean.levels, clean.panel, (code) => provinceOf.get(code) ?? code.slice(0, 2));
  write("truth.json", JSON.stringify({ ...truth, calibration }, null, 2) + "\n");
  return { files: written, rawRows, panelRows: clean.panel.code.length };
}
