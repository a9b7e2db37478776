/**
 * The kit's main job: executes every notebook in notebooks/ in order, headless, with tslab's own
 * compiler and executor (no Python needed), and writes the report to output/:
 *   output/notebooks/*.ipynb and *.html   the executed notebooks (outputs and execution counts)
 *   output/tables/, output/figures/       every table (HTML, Markdown, LaTeX, CSV) and figure
 *   output/findings.md, findings.json     computed findings and participants' annotations
 *   output/index.html                     a report linking it all, readable offline
 * Stops at the first failing cell, naming the notebook, the cell and the real error.
 *
 * It never loses anyone's work (scripts/notebooks/outputFolder.ts): it writes only inside its output
 * folder, records what it wrote in output/.kit-manifest.json, and replaces or deletes only files listed
 * there that nobody has edited since; any other file (a student's answers, your notes) is left alone.
 * `--only 04` runs notebook 04 and replaces only its outputs and the report, which it rebuilds from
 * every executed notebook in output/notebooks/. `--out <dir>` must be a new or empty folder, or one
 * replicate wrote before.
 *
 * Usage: npm run replicate [-- --full] [-- --only 03] [-- --out dir]
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { extractArtifacts, type Artifact } from "./notebooks/artifacts";
import { writeFindingsFiles } from "./notebooks/findings";
import { NotebookCellError, NotebookRunner } from "./notebooks/execute";
import { indexPage, notebookPage } from "./notebooks/html";
import { readNotebook, sourceText, writeNotebook, type Notebook } from "./notebooks/ipynb";
import { OutputFolder, posixRelative, type KeptFile } from "./notebooks/outputFolder";

export interface ReplicateOptions {
  full: boolean;
  /** Folder of the notebooks (default: notebooks/). */
  notebooksDir?: string;
  /** Run only the notebooks whose file name contains this; the others' outputs are kept. */
  only?: string;
  outDir: string;
  quiet?: boolean;
  /** A runner to reuse across calls (its caller closes it); by default each call makes and closes its own. */
  runner?: NotebookRunner;
}

/** What a run did. */
export interface ReplicateResult {
  /** The artifacts of the report: of the notebooks run, and (with --only) of the executed notebooks kept from earlier runs. */
  artifacts: Artifact[];
  /** The notebooks run. */
  notebooks: string[];
  /** Files left alone because they are the user's (see OutputFolder). */
  kept: KeptFile[];
  /** Outputs of earlier runs this run deleted because it no longer makes them. */
  removed: string[];
}

const ROOT = resolve(__dirname, "..");
/** The default output folder. */
export const DEFAULT_OUT = join(ROOT, "output");
const USAGE = "Usage: npm run replicate [-- --full] [-- --only <part of a notebook's name>] [-- --out <new or empty folder>]";
const REPORT = "report";

/** A command-line mistake: the message is the one line to print. */
class UsageError extends Error {}

function parseArgs(argv: string[]): ReplicateOptions {
  const options: ReplicateOptions = { full: false, outDir: DEFAULT_OUT };
  const value = (i: number) => {
    if (argv[i] === undefined || argv[i].startsWith("--")) throw new UsageError(`${argv[i - 1]} needs a value. ${USAGE}`);
    return argv[i];
  };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--full") options.full = true;
    else if (argv[i] === "--only") options.only = value(++i);
    else if (argv[i] === "--out") options.outDir = resolve(value(++i));
    else throw new UsageError(`Unknown argument "${argv[i]}". ${USAGE}`);
  }
  return options;
}

/** The notebooks to run, in file-name order. */
export function notebookFiles(dir: string, only?: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb") && (!only || f.includes(only)))
    .sort();
}

function titleOf(cells: { cell_type: string; source: string[] | string }[], fallback: string): string {
  const first = cells.find((c) => c.cell_type === "markdown");
  const heading = first ? sourceText(first as never).match(/^#\s+(.+)$/m) : null;
  return heading ? heading[1].trim() : fallback;
}

const stemOf = (file: string) => file.replace(/\.ipynb$/, "");

/**
 * Publishes one executed notebook: its .ipynb and HTML page, its tables and figures (rendered in
 * `staging` first, then written through the manifest), then deletes what this notebook made on an
 * earlier run and no longer makes. Returns its artifacts.
 */
function publishNotebook(folder: OutputFolder, staging: string, file: string, executed: Notebook, title: string): Artifact[] {
  const stem = stemOf(file);
  const own = join(staging, stem);
  mkdirSync(join(own, "notebooks"), { recursive: true });
  writeNotebook(join(own, "notebooks", file), executed);
  folder.copyIn(join(own, "notebooks", file), `notebooks/${file}`, file);
  folder.write(`notebooks/${stem}.html`, notebookPage(executed, title, "../plotly.js"), file);
  const artifacts = extractArtifacts(executed, file, own);
  for (const path of new Set(artifacts.flatMap((a) => a.files))) folder.copyIn(join(own, path), posixRelative(path), file);
  folder.removeStale((f) => f.source === file);
  return artifacts;
}

/**
 * The executed notebooks of earlier runs that the report also covers: those the manifest lists
 * under notebooks/ and that are still on disk, except the ones run now. Their artifacts are read
 * back from the executed notebooks (into a scratch folder: their files in the output stay as they are).
 */
function earlierNotebooks(folder: OutputFolder, ran: Set<string>): { file: string; notebook: Notebook }[] {
  return folder
    .listed()
    .filter((f) => /^notebooks\/[^/]+\.ipynb$/.test(f.path) && f.source === f.path.slice("notebooks/".length) && !ran.has(f.source))
    .filter((f) => existsSync(join(folder.dir, ...f.path.split("/"))))
    .map((f) => ({ file: f.source, notebook: readNotebook(join(folder.dir, ...f.path.split("/"))) }));
}

/** Writes index.html and the findings from every executed notebook the report covers, in file-name order. */
function publishReport(folder: OutputFolder, notebooks: { file: string; notebook: Notebook; artifacts?: Artifact[] }[], staging: string, meta: { elapsedMs: number; full: boolean }): Artifact[] {
  const sorted = [...notebooks].sort((a, b) => (a.file < b.file ? -1 : 1));
  const scratch = join(staging, ".earlier");
  const artifacts = sorted.flatMap((n) => n.artifacts ?? extractArtifacts(n.notebook, n.file, scratch));
  const titles = sorted.map((n) => ({ name: n.file, title: titleOf(n.notebook.cells, stemOf(n.file)) }));
  const { markdown } = writeFindingsFiles(folder, artifacts, { source: REPORT });
  folder.write("index.html", indexPage(titles, artifacts, markdown, meta), REPORT);
  return artifacts;
}

/** The files a run is sure to write: a default folder without a manifest that holds any of them is an earlier kit run's. */
function certainOutputs(files: string[]): string[] {
  return ["index.html", "findings.md", "findings.json", "plotly.js", ...files.flatMap((f) => [`notebooks/${f}`, `notebooks/${stemOf(f)}.html`])];
}

/** Runs the notebooks and writes the report; returns what it did. */
export async function replicate(options: ReplicateOptions): Promise<ReplicateResult> {
  const dir = options.notebooksDir ?? join(ROOT, "notebooks");
  const files = notebookFiles(dir, options.only);
  if (files.length === 0) throw new Error(options.only ? `No notebook in ${dir} has "${options.only}" in its name.` : `No notebooks found in ${dir}.`);
  process.env.KIT_RESAMPLING = options.full ? "full" : "fast";
  const out = resolve(options.outDir);
  const folder = OutputFolder.open(out, { command: "replicate", defaultFolderWrites: out === DEFAULT_OUT ? certainOutputs(files) : undefined });
  const log = (line: string) => options.quiet || console.log(line);
  const started = Date.now();
  const runner = options.runner ?? new NotebookRunner(ROOT);
  const staging = mkdtempSync(join(tmpdir(), "kit-replicate-"));
  const ran: { file: string; notebook: Notebook; artifacts: Artifact[] }[] = [];
  try {
    folder.copyIn(require.resolve("plotly.js-dist/plotly.js"), "plotly.js", "plotly.js-dist");
    for (const [k, file] of files.entries()) {
      const notebookStart = Date.now();
      log(`[${k + 1}/${files.length}] ${file}`);
      const executed = await runner.run(readNotebook(join(dir, file)), file, (p) => {
        if (!options.quiet) process.stdout.write(`\r  cell ${p.cell}/${p.cells}  ${(p.elapsedMs / 1000).toFixed(1)} s   `);
      });
      if (!options.quiet) process.stdout.write("\n");
      const artifacts = publishNotebook(folder, staging, file, executed, titleOf(executed.cells, stemOf(file)));
      ran.push({ file, notebook: executed, artifacts });
      log(`  done in ${((Date.now() - notebookStart) / 1000).toFixed(1)} s`);
    }
    // A full run makes every notebook's outputs: those it made before and no longer makes (a renamed notebook's) go.
    if (!options.only) folder.removeStale((f) => f.source !== REPORT);
    const earlier = earlierNotebooks(folder, new Set(files));
    const artifacts = publishReport(folder, [...ran, ...earlier], staging, { elapsedMs: Date.now() - started, full: options.full });
    log(`Report: ${join(out, "index.html")}  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return { artifacts, notebooks: files, kept: folder.kept, removed: folder.removed };
  } finally {
    if (!options.runner) runner.close();
    rmSync(staging, { recursive: true, force: true });
    if (!options.quiet) for (const k of folder.kept) console.warn(`! ${k.message}`);
  }
}

if (require.main === module) {
  Promise.resolve()
    .then(() => replicate(parseArgs(process.argv.slice(2))))
    .catch((error: unknown) => {
      if (error instanceof NotebookCellError) {
        console.error(`\n✗ ${error.notebook}, cell ${error.cell} failed:\n${error.detail}`);
      } else {
        console.error(error instanceof Error ? error.message : error);
      }
      process.exit(error instanceof UsageError ? 2 : 1);
    });
}
