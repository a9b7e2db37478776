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
 * The data: the kit's simulated panel, or the user's cleaned panel when the environment variable
 * KIT_PANEL names it (`KIT_PANEL=my-data/panel.csv npm run replicate`); every notebook and the
 * report then say "Real data: <path>" and skip the comparisons with the simulation's truth.
 *
 * The notebooks run two at a time on two cores (`--jobs`, KIT_JOBS; each in a worker process with
 * its own compiler, as each has its own kernel in JupyterLab), the static figures are drawn while the
 * next notebooks run, and everything is published in file-name order: the outputs are the same
 * whatever the number of jobs.
 *
 * `--smoke` runs every cell with a tenth of the draws (lib/workshop/budget.ts): a check that a setup or
 * a panel goes through, whose resampled numbers are not for reading; the report says so.
 *
 * `--kernel` runs each notebook through the real Jupyter kernel instead (nbconvert with the kit's
 * kernelspec, a fresh kernel per notebook, `--jobs` at once; needs Debian's jupyter-nbconvert and
 * jupyter-client): what a participant's JupyterLab would produce, published the same way. It costs a
 * kernel's start per notebook (≈ 2–3 CPU s) and shows no per-cell progress.
 *
 * Usage: npm run replicate -- [--full | --smoke] [--only 03] [--out dir] [--jobs 2] [--kernel]   (--help prints this line)
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { extractArtifacts, type Artifact } from "./notebooks/artifacts";
import { writeFindingsFiles } from "./notebooks/findings";
import { ensureLibraryBuild } from "./build-lib";
import { cellDurations, NotebookCellError, NotebookRunner } from "./notebooks/execute";
import { indexPage, notebookPage } from "./notebooks/html";
import { readNotebook, sourceText, writeNotebook, type Notebook } from "./notebooks/ipynb";
import { katexAssets } from "./notebooks/markdown";
import { displayPath, OutputFolder, posixRelative, type KeptFile } from "./notebooks/outputFolder";
import { RunProgress } from "./notebooks/progress";
import { hasJupyter } from "./notebooks/jupyter";
import { KernelPool } from "./notebooks/kernelPool";
import { defaultJobs, NotebookPool } from "./notebooks/pool";
import { PoolProgress } from "./notebooks/poolProgress";
import { startOrder } from "./notebooks/schedule";
import { StaticFigures } from "./notebooks/staticFigures";
import { validationPage } from "./notebooks/validationPage";
import { escapeHtml } from "./notebooks/artifacts";
import { plotlyBundlePath } from "../lib/report/display";
import { studyData, type StudyData } from "../lib/study/dataSource";
import { resamplingLevel, type ResamplingLevel } from "../lib/workshop/budget";
import { readValueAudit } from "../lib/study/clean/readValueAudit";

export interface ReplicateOptions {
  /** Publication-grade resampling counts (KIT_RESAMPLING=full). */
  full: boolean;
  /** Smoke counts (KIT_RESAMPLING=smoke): every cell runs with few draws, to check a setup or a panel end to end. */
  smoke?: boolean;
  /** Folder of the notebooks (default: notebooks/). */
  notebooksDir?: string;
  /** Run only the notebooks whose file name contains this; the others' outputs are kept. */
  only?: string;
  outDir: string;
  quiet?: boolean;
  /** A runner to reuse across calls (its caller closes it); the notebooks then run one after the other in this process. */
  runner?: NotebookRunner;
  /**
   * How many notebooks run at once, each in a worker process (default: `defaultJobs`, the cores up
   * to 4; KIT_JOBS sets it too). 1 runs them one after the other in this process.
   */
  jobs?: number;
  /** Run each notebook through the real Jupyter kernel (nbconvert, a fresh kernel each) instead of headless. */
  kernel?: boolean;
  /** Hears each executed notebook as it came back, before its figures are drawn and it is published. */
  onExecuted?: (file: string, executed: Notebook) => void;
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
const USAGE = "Usage: npm run replicate -- [--full | --smoke] [--only <part of a notebook's name>] [--out <new or empty folder>] [--jobs <notebooks at once>] [--kernel]";
const REPORT = "report";

/** A command-line mistake: the message is the one line to print. */
export class UsageError extends Error {}

/** The options the command line asks for; `--help` throws a UsageError holding the usage line alone. */
export function parseArgs(argv: string[]): ReplicateOptions {
  const options: ReplicateOptions = { full: false, outDir: DEFAULT_OUT };
  const value = (i: number) => {
    if (argv[i] === undefined || argv[i].startsWith("--")) throw new UsageError(`${argv[i - 1]} needs a value. ${USAGE}`);
    return argv[i];
  };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--help" || argv[i] === "-h") throw new UsageError(USAGE);
    if (argv[i] === "--full") options.full = true;
    else if (argv[i] === "--smoke") options.smoke = true;
    else if (argv[i] === "--only") options.only = value(++i);
    else if (argv[i] === "--out") options.outDir = resolve(value(++i));
    else if (argv[i] === "--jobs") options.jobs = jobsValue(value(++i));
    else if (argv[i] === "--kernel") options.kernel = true;
    else throw new UsageError(`Unknown argument "${argv[i]}". ${USAGE}`);
  }
  if (options.full && options.smoke) throw new UsageError(`--full and --smoke ask for different counts: give one. ${USAGE}`);
  return options;
}

/** The value of --jobs: an integer ≥ 1. @throws UsageError otherwise. */
function jobsValue(text: string): number {
  const jobs = Number(text);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs takes a whole number of notebooks to run at once (1 or more), got "${text}". ${USAGE}`);
  return jobs;
}

/** Why nothing runs: no notebook matches `--only` (naming those there are), or the folder has none. */
export function noNotebookMessage(dir: string, only: string | undefined): string {
  const all = notebookFiles(dir).map((f) => f.replace(/\.ipynb$/, ""));
  if (all.length === 0) return `No notebooks found in ${dir}.`;
  return `No notebook in ${dir} has "${only}" in its name; --only takes part of one of: ${all.join(", ")} (e.g. --only ${all[0].split(/[_-]/)[0]}).`;
}

/** How long each cell of a notebook took when it last ran into this output folder, if it did. */
function previousDurations(out: string, file: string): (number | undefined)[] {
  try {
    const path = join(out, "notebooks", file);
    return existsSync(path) ? cellDurations(readNotebook(path)) : [];
  } catch {
    return []; // an unreadable earlier notebook only costs the hints
  }
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
function publishReport(folder: OutputFolder, notebooks: { file: string; notebook: Notebook; artifacts?: Artifact[] }[], staging: string, meta: { elapsedMs: number; resampling: ResamplingLevel; data: StudyData }): Artifact[] {
  const sorted = [...notebooks].sort((a, b) => (a.file < b.file ? -1 : 1));
  const scratch = join(staging, ".earlier");
  const artifacts = sorted.flatMap((n) => n.artifacts ?? extractArtifacts(n.notebook, n.file, scratch));
  const titles = sorted.map((n) => ({ name: n.file, title: titleOf(n.notebook.cells, stemOf(n.file)) }));
  const { markdown } = writeFindingsFiles(folder, artifacts, { source: REPORT });
  const validation = publishValidation(folder, meta.data);
  folder.write("index.html", indexPage(titles, artifacts, markdown, { ...meta, validation }), REPORT);
  return artifacts;
}

/**
 * Writes validation.html, the value audit of the panel the notebooks used (the cleaner's
 * audit_variables.csv and audit_missing.csv beside it); returns the index page's sentence on it (HTML).
 */
function publishValidation(folder: OutputFolder, data: StudyData): string {
  if (!existsSync(join(data.folder, "audit_variables.csv"))) {
    return `No value audit lies beside ${escapeHtml(data.panelPath)}: clean the raw files with <code>npm run clean-data</code> to get one.`;
  }
  folder.write("validation.html", validationPage(readValueAudit(data.folder), { dataLabel: data.label, auditFolder: `${displayPath(data.folder)}/` }), REPORT);
  return `Data validation: <a href="validation.html">every cell of the panel computed, filled or missing, by variable, worst first</a> (the value audit of ${escapeHtml(data.panelPath)}).`;
}

/** The files a run is sure to write: a default folder without a manifest that holds any of them is an earlier kit run's. */
function certainOutputs(files: string[]): string[] {
  return ["index.html", "findings.md", "findings.json", "plotly.js", ...files.flatMap((f) => [`notebooks/${f}`, `notebooks/${stemOf(f)}.html`])];
}

/** What running the notebooks needs: where they are, where the outputs go, how to show progress. */
interface RunContext {
  dir: string;
  out: string;
  folder: OutputFolder;
  staging: string;
  figures: StaticFigures;
  onExecuted?: (file: string, executed: Notebook) => void;
}

/** A notebook that ran: as executed (for the report), and its artifacts as published. */
type Ran = { file: string; notebook: Notebook; artifacts: Artifact[] };

/** Runs the notebooks one after the other in `runner` (this process), publishing each as it ends. */
async function runInSequence(ctx: RunContext, files: string[], runner: NotebookRunner, progress?: RunProgress): Promise<Ran[]> {
  const ran: Ran[] = [];
  try {
    for (const [k, file] of files.entries()) {
      const notebookStart = Date.now();
      const source = readNotebook(join(ctx.dir, file));
      progress?.notebook(k + 1, files.length, file, source.cells.length, previousDurations(ctx.out, file));
      const executed = await runner.run(source, file, (p) => progress?.cellEnd(p), (s) => progress?.cellStart(s));
      ctx.onExecuted?.(file, executed);
      const artifacts = publishNotebook(ctx.folder, ctx.staging, file, await ctx.figures.add(executed, file), titleOf(executed.cells, stemOf(file)));
      ran.push({ file, notebook: executed, artifacts });
      progress?.notebookDone(Date.now() - notebookStart);
    }
  } finally {
    progress?.close(); // the terminal's bar, before an error message
  }
  return ran;
}

/** The total of a notebook's cell times on the previous run, or undefined when none is known. */
function lastRunTotal(previous: (number | undefined)[]): number | undefined {
  return previous.some((ms) => ms !== undefined) ? previous.reduce<number>((sum, ms) => sum + (ms ?? 0), 0) : undefined;
}

/**
 * Runs the notebooks in `pool` — `jobs` at a time, in worker processes or (--kernel) Jupyter kernels —
 * longest first (see schedule.ts), renders
 * each one's static figures in this process as soon as it ends (one figure at a time, while the
 * workers run the next notebooks), and publishes them in file-name order — so the output folder is
 * written as by the sequential run. The first failing cell stops the run; the pool is closed at the end.
 */
async function runInPool(ctx: RunContext, files: string[], pool: NotebookPool | KernelPool, progress?: PoolProgress): Promise<Ran[]> {
  const previous = new Map(files.map((f) => [f, previousDurations(ctx.out, f)]));
  let figureQueue: Promise<unknown> = Promise.resolve();
  let fail: (error: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);
  const rendered = new Map<string, Promise<{ executed: Notebook; shown: Notebook }>>();
  for (const file of startOrder(files, files.map((f) => lastRunTotal(previous.get(f) ?? [])))) {
    const source = readNotebook(join(ctx.dir, file));
    let started = Date.now();
    const onStart = () => {
      started = Date.now();
      progress?.notebook(files.indexOf(file) + 1, file, source.cells.length, previous.get(file));
    };
    const run = pool.run(source, file, { onStart, onProgress: (p) => progress?.cellEnd(p), onCellStart: (s) => progress?.cellStart(s) });
    const shown = run.then((executed) => {
      progress?.notebookDone(file, Date.now() - started);
      ctx.onExecuted?.(file, executed);
      const figures = figureQueue.then(() => ctx.figures.add(executed, file));
      figureQueue = figures.catch(() => undefined);
      return figures.then((withImages) => ({ executed, shown: withImages }));
    });
    shown.catch(fail);
    rendered.set(file, shown);
  }
  const ran: Ran[] = [];
  try {
    for (const file of files) {
      const { executed, shown } = await Promise.race([rendered.get(file) as Promise<{ executed: Notebook; shown: Notebook }>, failed]);
      ran.push({ file, notebook: executed, artifacts: publishNotebook(ctx.folder, ctx.staging, file, shown, titleOf(executed.cells, stemOf(file))) });
    }
  } finally {
    progress?.close();
    pool.close();
  }
  return ran;
}

/** Runs the notebooks and writes the report; returns what it did. */
export async function replicate(options: ReplicateOptions): Promise<ReplicateResult> {
  const dir = options.notebooksDir ?? join(ROOT, "notebooks");
  const files = notebookFiles(dir, options.only);
  if (files.length === 0) throw new UsageError(noNotebookMessage(dir, options.only));
  process.env.KIT_RESAMPLING = options.full ? "full" : options.smoke ? "smoke" : "fast";
  const data = studyData(); // a KIT_PANEL naming no file stops here, before any notebook runs
  const out = resolve(options.outDir);
  const folder = OutputFolder.open(out, { command: "replicate", defaultFolderWrites: out === DEFAULT_OUT ? certainOutputs(files) : undefined });
  if (options.kernel && options.runner) throw new UsageError("A runner runs notebooks headless in this process; --kernel runs them in Jupyter kernels: give one.");
  if (options.kernel && !hasJupyter()) throw new UsageError("--kernel needs Debian's Jupyter: apt-get install jupyter-nbconvert jupyter-client python3-ipykernel.");
  const jobs = options.runner ? 1 : (options.jobs ?? defaultJobs(files.length));
  const inThisProcess = jobs === 1 && !options.kernel; // one headless runner here, else a pool of workers or kernels
  const progress = options.quiet ? undefined : inThisProcess ? new RunProgress(process.stdout) : new PoolProgress(process.stdout, files.length);
  const log = (line: string) => progress?.line(line);
  log(`Data: ${data.label}`);
  const started = Date.now();
  const runner = inThisProcess ? (options.runner ?? new NotebookRunner(ROOT)) : undefined;
  const figures = new StaticFigures(log); // a static image of every figure, and plotly.js once per notebook
  const staging = mkdtempSync(join(tmpdir(), "kit-replicate-"));
  const ctx: RunContext = { dir, out, folder, staging, figures, onExecuted: options.onExecuted };
  try {
    folder.copyIn(plotlyBundlePath("cartesian"), "plotly.js", "plotly.js-cartesian-dist-min");
    for (const asset of katexAssets()) folder.copyIn(asset.from, asset.path, "katex");
    if (process.env.KIT_LIB_SOURCES !== "1") ensureLibraryBuild(ROOT); // once here, so the workers and kernels find build/ current
    const ran = runner
      ? await runInSequence(ctx, files, runner, progress as RunProgress | undefined)
      : await runInPool(ctx, files, options.kernel ? new KernelPool(ROOT, jobs) : new NotebookPool(ROOT, jobs), progress as PoolProgress | undefined);
    // A full run makes every notebook's outputs: those it made before and no longer makes (a renamed notebook's) go.
    if (!options.only) folder.removeStale((f) => f.source !== REPORT);
    const earlier = earlierNotebooks(folder, new Set(files));
    const artifacts = publishReport(folder, [...ran, ...earlier], staging, { elapsedMs: Date.now() - started, resampling: resamplingLevel(), data: data });
    log(`Report: ${join(out, "index.html")}  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return { artifacts, notebooks: files, kept: folder.kept, removed: folder.removed };
  } finally {
    progress?.close(); // the terminal's bar, before an error message
    if (runner && !options.runner) runner.close();
    await figures.close();
    rmSync(staging, { recursive: true, force: true });
    if (!options.quiet) for (const k of folder.kept) console.warn(`! ${k.message}`);
  }
}

if (require.main === module) {
  Promise.resolve()
    .then(() => replicate(parseArgs(process.argv.slice(2))))
    .catch((error: unknown) => {
      if (error instanceof UsageError && error.message === USAGE) {
        console.log(USAGE); // --help
        process.exit(0);
      } else if (error instanceof NotebookCellError) {
        console.error(`\n✗ ${error.notebook}, cell ${error.cell} failed:\n${error.detail}`);
      } else {
        console.error(error instanceof Error ? error.message : error);
      }
      process.exit(error instanceof UsageError ? 2 : 1);
    });
}
