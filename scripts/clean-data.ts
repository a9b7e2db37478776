/**
 * Bring your own data: runs the kit's cleaning pipeline on a folder of real yearbook files in the
 * documented schema (data/CODEBOOK.md, "raw files") and writes the analysis panel and its audit.
 * A file with a missing column, a wrong type, an unknown city, a duplicated city-year or an
 * impossible value stops the run with an error naming the file, row and column; nothing in the
 * output folder is touched until every file has been read and checked.
 *
 *   npm run clean-data -- --raw my-yearbooks/ --out my-data/ [--encoding gb18030] [--strict]
 *
 * Then run the notebooks on it: `KIT_PANEL=my-data/panel.csv npm run replicate` (or start Jupyter
 * with KIT_PANEL set) — every notebook reads that panel and says "Real data: <path>".
 *
 * Safe writing (the rules of scripts/notebooks/outputFolder.ts, as `replicate` follows them):
 * - it never writes into the kit's own data/ (or a folder inside it) unless `--force`;
 * - `--out` must be a new or empty folder, or one this command wrote before: it records what it
 *   wrote in `<out>/.kit-manifest.json` and replaces only those files, and only while unchanged;
 *   a folder holding files it did not write is refused before anything is written;
 * - it lists the files it wrote, prints the audit's warnings (implausible values that can be real)
 *   in one summary, and exits 1 on any error (2 on a wrong argument).
 */
import { existsSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { writeCleaned } from "../lib/study/buildDataset";
import type { AuditWarning } from "../lib/study/clean/audit";
import type { RawEncoding } from "../lib/study/clean/encoding";
import { cleanRawFolder } from "../lib/study/clean/store";
import { worstFirst, type ValueAudit } from "../lib/study/clean/valueAudit";
import { loadRegistry } from "../lib/study/registry";
import { displayPath, OutputFolder } from "./notebooks/outputFolder";

/** The one-line usage, printed for a wrong argument and for --help. */
export const CLEAN_USAGE =
  "usage: npm run clean-data -- --raw <folder of raw files> --out <new or empty folder> [--encoding utf-8|gb18030|auto] [--strict] [--force]";

/** The kit's committed data folder, which the cleaner leaves alone unless --force. */
export const KIT_DATA_DIR = resolve(__dirname, "..", "data");

/** The manifest's command name for the folders this script writes. */
const COMMAND = "clean-data";

const ENCODINGS: readonly RawEncoding[] = ["utf-8", "gb18030", "auto"];

/** The file in which the cleaner's writeCleaned lists every warning, when it writes one. */
const WARNINGS_FILE = "audit_warnings.csv";
const MISSING_FILE = "audit_missing.csv";

/** What the command line asks for. */
export interface CleanDataOptions {
  /** The folder of raw files (absolute). */
  raw: string;
  /** The output folder (absolute). */
  out: string;
  /** How the raw files are encoded (default "utf-8"). */
  encoding: RawEncoding;
  /** Implausible values stop the run (the audit's warnings become an error). */
  strict: boolean;
  /** Allow writing into the kit's own data/ folder. */
  force: boolean;
}

/** A command-line mistake: the message is the line to print (it ends with the usage). */
export class CleanUsageError extends Error {}

/**
 * Parses the command line; `--help` throws a CleanUsageError holding the usage line alone.
 * @throws CleanUsageError for an unknown argument, a missing value, an unknown encoding, or a missing --raw/--out.
 */
export function parseCleanArgs(argv: string[]): CleanDataOptions {
  let raw: string | undefined;
  let out: string | undefined;
  let encoding: RawEncoding = "utf-8";
  let strict = false;
  let force = false;
  const value = (i: number): string => {
    if (argv[i] === undefined || argv[i].startsWith("--")) throw new CleanUsageError(`${argv[i - 1]} needs a value. ${CLEAN_USAGE}`);
    return argv[i];
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") throw new CleanUsageError(CLEAN_USAGE);
    else if (arg === "--raw") raw = value(++i);
    else if (arg === "--out") out = value(++i);
    else if (arg === "--encoding") {
      const chosen = value(++i).toLowerCase();
      if (!ENCODINGS.includes(chosen as RawEncoding)) throw new CleanUsageError(`--encoding takes ${ENCODINGS.join(", ")}, not "${argv[i]}". ${CLEAN_USAGE}`);
      encoding = chosen as RawEncoding;
    } else if (arg === "--strict") strict = true;
    else if (arg === "--force") force = true;
    else throw new CleanUsageError(`Unknown argument "${arg}". ${CLEAN_USAGE}`);
  }
  if (!raw || !out) throw new CleanUsageError(`${!raw ? "--raw" : "--out"} is missing. ${CLEAN_USAGE}`);
  return { raw: resolve(raw), out: resolve(out), encoding, strict, force };
}

/** A path with symbolic links resolved, also for a folder not created yet (its nearest existing ancestor is resolved). */
function realPath(path: string): string {
  if (existsSync(path)) return realpathSync(path);
  const parent = dirname(path);
  return parent === path ? path : join(realPath(parent), basename(path));
}

/**
 * True when `out` is the kit's data/ folder or inside it (links resolved).
 * @example isInsideKitData(KIT_DATA_DIR) // true
 */
export function isInsideKitData(out: string, kitData: string = KIT_DATA_DIR): boolean {
  const rel = relative(realPath(kitData), realPath(out));
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** An error of the run whose message is the line to print. */
export class CleanDataError extends Error {}

/**
 * The audit's warnings in one summary: a head line counting them by kind, then one line each
 * (file:line, city, year, variable, what was seen), at most `limit` of them; `listedIn` names the
 * file that holds them all (the cleaner's audit_warnings.csv), when there is one.
 * @example warningSummary([]) // []
 */
export function warningSummary(warnings: readonly AuditWarning[], limit = 50, listedIn?: string): string[] {
  if (warnings.length === 0) return [];
  const byKind = new Map<string, number>();
  for (const w of warnings) byKind.set(w.kind, (byKind.get(w.kind) ?? 0) + 1);
  const kinds = [...byKind].map(([kind, n]) => `${n} ${kind}`).join(", ");
  const lines = [`${warnings.length} warning${warnings.length === 1 ? "" : "s"} (${kinds}): values that look implausible but can be real — check each; --strict turns them into an error.`];
  for (const w of warnings.slice(0, limit)) {
    const where = w.file ? `${w.file}${w.line !== null ? `:${w.line}` : ""}` : "(derived)";
    lines.push(`  ${w.kind}  ${where}  city ${w.code}${w.year !== null ? `, ${w.year}` : ""}, ${w.variable}: ${w.detail}`);
  }
  if (warnings.length > limit) lines.push(`  … and ${warnings.length - limit} more of the same kinds${listedIn ? ` (all in ${listedIn})` : ""}.`);
  else if (listedIn) lines.push(`  (also listed in ${listedIn})`);
  return lines;
}

/** What a run did. */
export interface CleanDataResult {
  /** Rows of the panel written. */
  panelRows: number;
  /** Files written (relative to the output folder), in the order written. */
  written: string[];
  /** Files that already held exactly these bytes. */
  unchanged: string[];
  /** Files of an earlier run of this command that it no longer makes, deleted. */
  removed: string[];
  /** The audit's warnings. */
  warnings: AuditWarning[];
  /** The value audit: every panel cell computed, filled or missing. */
  values: ValueAudit;
}

/**
 * Refuses an output folder before any work: the kit's data/ without --force, a path that is not a
 * folder, a non-empty folder this command did not write (no manifest), another command's folder.
 * Writes nothing (OutputFolder.open writes only into a new or empty folder, which is not opened here).
 */
function checkOutFolder(options: CleanDataOptions): void {
  if (isInsideKitData(options.out)) {
    if (options.force) return;
    throw new CleanDataError(
      `Refusing to write into ${displayPath(options.out)}: it is the kit's own data folder (the committed simulated panel and its audit). Give --out a folder of your own, or add --force to overwrite the kit's files (scripts/build-data.ts rebuilds them).`,
    );
  }
  const occupied = existsSync(options.out) && (!statSync(options.out).isDirectory() || readdirSync(options.out).length > 0);
  if (occupied) OutputFolder.open(options.out, { command: COMMAND }); // refuses a file, a foreign or another command's folder; writes nothing here
}

/**
 * Cleans `options.raw` and writes the products into `options.out` through the output folder's
 * manifest (or, with --force, straight into the kit's data/).
 * @throws CleanDataError, an OutputFolderError or a DataFileError (the cleaner's), each message the line to print.
 */
export function cleanData(options: CleanDataOptions): CleanDataResult {
  checkOutFolder(options);
  const clean = cleanRawFolder(options.raw, loadRegistry(), { encoding: options.encoding, strict: options.strict });
  const origin = `Counts of the cleaning run that made ${join(displayPath(options.out), "panel.csv")} from ${displayPath(options.raw)}`;
  const result: CleanDataResult = { panelRows: clean.panel.code.length, written: [], unchanged: [], removed: [], warnings: clean.audit.warnings ?? [], values: clean.values };
  if (options.force && isInsideKitData(options.out)) {
    result.written = writeCleaned(options.out, clean, origin); // the kit's data/ keeps no manifest
    return result;
  }
  const staging = mkdtempSync(join(tmpdir(), "kit-clean-"));
  try {
    const files = writeCleaned(staging, clean, origin);
    const folder = OutputFolder.open(options.out, { command: COMMAND });
    for (const file of files) {
      const outcome = folder.copyIn(join(staging, file), file.split(/[\\/]/).join("/"), COMMAND);
      if (outcome === "written") result.written.push(file);
      else if (outcome === "unchanged") result.unchanged.push(file);
    }
    folder.removeStale(() => true);
    result.removed = folder.removed;
    if (folder.kept.length > 0) {
      throw new CleanDataError(
        `Not every file was written, so ${displayPath(options.out)} mixes this run's files with others:\n${folder.kept.map((k) => `  ${k.message}`).join("\n")}`,
      );
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return result;
}

/**
 * The value audit in a few lines: every cell computed or filled, or a head line counting the
 * missing cells, then one line per variable with missing cells, worst first — how many, and their
 * causes (or, for a variable not built at all, the files it needs).
 * @example missingSummary(values, "out/audit_missing.csv") // ["4879 cells missing in 1 variable …", "  shrinking: 4879 of 4879 — …"]
 */
export function missingSummary(values: ValueAudit, listedIn?: string, limit = 30): string[] {
  const gappy = worstFirst(values.variables).filter((v) => v.missing > 0);
  if (gappy.length === 0) return [`Every cell of the ${values.variables.length} panel variables was computed or filled (the value audit: audit_variables.csv).`];
  const total = gappy.reduce((sum, v) => sum + v.missing, 0);
  const lines = [`${total} cells missing in ${gappy.length} of the ${values.variables.length} variables${listedIn ? ` (each with its cause in ${listedIn})` : ""}:`];
  for (const v of gappy.slice(0, limit)) {
    const why = v.filesNotSupplied.length > 0 ? `not built: needs ${v.filesNotSupplied.join(", ")}` : v.missingCauses;
    lines.push(`  ${v.variable}: ${v.missing} of ${v.rows} — ${why}`);
  }
  if (gappy.length > limit) lines.push(`  … and ${gappy.length - limit} more variables.`);
  return lines;
}

/** The lines a successful run prints. */
export function reportLines(options: CleanDataOptions, result: CleanDataResult): string[] {
  const out = displayPath(options.out);
  const lines = [`Cleaned ${displayPath(options.raw)}: ${result.panelRows} panel rows.`];
  lines.push(result.written.length > 0 ? `Wrote to ${out}: ${result.written.join(", ")}.` : `Wrote nothing to ${out}.`);
  if (result.unchanged.length > 0) lines.push(`Already up to date in ${out}: ${result.unchanged.join(", ")}.`);
  if (result.removed.length > 0) lines.push(`Removed from ${out} (written by an earlier run, no longer made): ${result.removed.join(", ")}.`);
  const listed = [...result.written, ...result.unchanged].find((f) => f === WARNINGS_FILE);
  const missingListed = [...result.written, ...result.unchanged].find((f) => f === MISSING_FILE);
  lines.push(...missingSummary(result.values, missingListed ? join(out, missingListed) : undefined));
  lines.push(...warningSummary(result.warnings, 50, listed ? join(out, listed) : undefined));
  lines.push(`Run the notebooks on it: KIT_PANEL=${join(out, "panel.csv")} npm run replicate`);
  return lines;
}

if (require.main === module) {
  try {
    const options = parseCleanArgs(process.argv.slice(2));
    process.stdout.write(reportLines(options, cleanData(options)).join("\n") + "\n"); // one write: a closed pipe (| head) loses lines, not the exit code
  } catch (error) {
    if (error instanceof CleanUsageError && error.message === CLEAN_USAGE) {
      console.log(CLEAN_USAGE); // --help
      process.exit(0);
    }
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(error instanceof CleanUsageError ? 2 : 1);
  }
}
