/**
 * Grades a folder of students' notebooks: runs each notebook headless (tslab's compiler and
 * executor, KIT_RESAMPLING=fast) in a process of its own with a time limit, reads the verdict of
 * every check cell (`metadata.kit.kind === "check"`), and prints and writes a table student ×
 * exercise — ✓, ✗ with the feedback, "not attempted", or why the notebook could not be graded (a
 * file that is not a notebook, the cell that failed and its error, a cell that hung) — with every
 * student's notes (annotations; placeholders left out).
 *
 * A student is a notebook file at the top of the folder (named after the file: `alice.ipynb` →
 * alice) or a subfolder (named after the folder) holding their notebooks, in subfolders too.
 * The students' code runs on this machine, with the project root as its working directory.
 *
 * Writes into --out (default: grades/ in the working directory) under the kit's output-folder rules
 * (scripts/notebooks/outputFolder.ts): a folder that exists must be empty or one `npm run grade`
 * wrote — anything else is refused before a notebook runs — and a file edited since the grader
 * wrote it is kept, not overwritten:
 *   grades.md             the table, the notes and the failures in full
 *   grades.csv            the table
 *   findings.md, .json    every student's notes (notebook "student/notebook.ipynb"; `npm run findings -- grades` reads them too)
 *   executed/<student>/   the executed notebooks, to open in Jupyter
 *
 * Usage: npm run grade -- <folder> [--out <dir>] [--timeout <seconds per notebook, default 300>] [--jobs <n>]
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import type { Finding } from "../lib/workshop/annotations";
import { EXERCISE_LIST } from "../lib/workshop/exercises/index";
import { checkId } from "./notebooks/editions";
import { notebookFindings, notebooksUnder, writeFindingsFiles } from "./notebooks/findings";
import type { CheckOutput, WorkerMessage } from "./notebooks/grade-worker";
import { readNotebook, sourceText, type Notebook } from "./notebooks/ipynb";
import { MANIFEST_NAME, OutputFolder, OutputFolderError, displayPath } from "./notebooks/outputFolder";

const ROOT = resolve(__dirname, "..");
const WORKER = join(__dirname, "notebooks", "grade-worker.ts");

/** The grader's settings. */
export interface GradeOptions {
  /** The folder of students' notebooks. */
  folder: string;
  /** Where to write the grades: a new or empty folder, or one the grader wrote. */
  outDir: string;
  /** Time limit per notebook, in seconds (default 300). */
  timeoutSeconds?: number;
  /** Notebooks run at once (default: the CPUs, at most 4). */
  jobs?: number;
  /** Print nothing while grading (the report is still returned). */
  quiet?: boolean;
}

/** One student's work: their name and their notebooks. */
export interface StudentWork {
  /** The file name without .ipynb, or the subfolder's name. */
  student: string;
  /** Their notebooks: the absolute path and the name shown (the file name, or the path under their folder). */
  notebooks: { path: string; name: string }[];
}

/** The outcome of one notebook. */
export interface NotebookOutcome {
  /** Whose. */
  student: string;
  /** The name shown. */
  notebook: string;
  /** The exercises this notebook holds: its check cells' ids (when it cannot be read: the ids still legible in it, or those of its file name's number); null when unknown. */
  exercises: string[] | null;
  /** The check verdicts, when it ran to the end. */
  checks: CheckOutput[];
  /** The notes and computed findings it showed (notebook named "student/notebook"). */
  findings: Finding[];
  /** Why it could not be graded, in one line (absent when it ran to the end). */
  failure?: string;
  /** The full error, when it failed. */
  detail?: string;
  /** Seconds it took. */
  seconds: number;
}

/** The graded folder: the table's rows and columns, each cell's text, the notes and the failures. */
export interface GradeReport {
  /** Students, by name. */
  students: string[];
  /** Exercise ids, in the workshop's order. */
  exercises: string[];
  /** The table: student → exercise → "✓", "✗ feedback", "not attempted", "failed (…)" or "—" (none of the student's notebooks holds it). */
  table: Record<string, Record<string, string>>;
  /** Every notebook's outcome. */
  outcomes: NotebookOutcome[];
  /** Where each executed notebook was left (absolute path), by "student/notebook"; absent for a notebook that did not run to the end. */
  executed: Record<string, string>;
  /** Settings used. */
  timeoutSeconds: number;
}

/** The students of a folder: each top-level notebook file, and each subfolder (hidden folders and the kit's own output folders skipped). */
export function discoverStudents(folder: string): StudentWork[] {
  const students: StudentWork[] = [];
  for (const entry of readdirSync(folder).sort()) {
    if (entry.startsWith(".") || entry === "node_modules") continue;
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) {
      if (existsSync(join(path, MANIFEST_NAME))) continue;
      students.push({ student: entry, notebooks: notebooksUnder(path).map((name) => ({ path: join(path, name), name })) });
    } else if (entry.endsWith(".ipynb")) {
      students.push({ student: entry.replace(/\.ipynb$/, ""), notebooks: [{ path, name: entry }] });
    }
  }
  return students;
}

/** The exercise ids a notebook's code cells check (`check("03.1", …)`), in order. */
export function checkedExercises(notebook: Notebook): string[] {
  const ids = notebook.cells.filter((c) => c.cell_type === "code").flatMap((c) => [...sourceText(c).matchAll(/\bcheck\(\s*["'`][^"'`]+["'`]/g)].map((m) => checkId(m[0])));
  return [...new Set(ids.filter((id): id is string => id !== null))];
}

/**
 * The exercises of a notebook that cannot be read: the ids of the check calls still legible in its
 * text, and those of the number its file name starts with ("03_baseline.ipynb" → 03.*); null when none.
 */
function exercisesOfUnreadable(path: string, name: string): string[] | null {
  let text = "";
  try {
    text = readFileSync(path, "utf8");
  } catch {
    // unreadable bytes: the file name is all there is
  }
  const legible = [...text.matchAll(/\bcheck\(\s*\\?["'`]([^"'`\\]+)\\?["'`]/g)].map((m) => m[1]);
  const number = basename(name).match(/^(\d+)/);
  const byName = number ? EXERCISE_LIST.filter((ex) => ex.id.split(".")[0] === number[1]).map((ex) => ex.id) : [];
  const ids = [...new Set([...legible, ...byName])];
  return ids.length > 0 ? ids : null;
}

/** The most telling line of a failing cell's error: the error's own line, else the first line. */
export function errorLine(detail: string): string {
  const lines = detail.split("\n").map((l) => l.trim()).filter((l) => l !== "");
  const telling = lines.find((l) => /^\w*(Error|Exception)\b|^\S*\s*\d+:\d+ - /.test(l));
  return (telling ?? lines[0] ?? "(no message)").slice(0, 200);
}

/** The number of the code cell that runs after cell `done` (numbers from 1), or the first code cell. */
function nextCodeCell(notebook: Notebook | undefined, done: number): number | undefined {
  if (!notebook) return undefined;
  for (let i = done; i < notebook.cells.length; i++) if (notebook.cells[i].cell_type === "code") return i + 1;
  return undefined;
}

/** Runs one notebook in a worker process with a time limit. */
function runInWorker(student: string, nb: { path: string; name: string }, executedPath: string, timeoutSeconds: number): Promise<NotebookOutcome> {
  const started = Date.now();
  let parsed: Notebook | undefined;
  try {
    parsed = readNotebook(nb.path);
  } catch (error) {
    const failure = `${nb.name} is not a readable notebook (${(error as Error).message.split("\n")[0].slice(0, 120)})`;
    return Promise.resolve({ student, notebook: nb.name, exercises: exercisesOfUnreadable(nb.path, nb.name), checks: [], findings: [], failure, detail: (error as Error).message, seconds: 0 });
  }
  const exercises = checkedExercises(parsed);
  const base = { student, notebook: nb.name, exercises };
  return new Promise((settle) => {
    let settled = false;
    const resolveOutcome = (outcome: NotebookOutcome) => {
      if (!settled) settle(outcome);
      settled = true;
    };
    const child = spawn(process.execPath, ["--import", "tsx", WORKER, nb.path, executedPath, nb.name], {
      cwd: ROOT,
      env: { ...process.env, KIT_RESAMPLING: "fast" },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    let lastCell = 0;
    let timedOut = false;
    let final: WorkerMessage | undefined;
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString("utf8")).slice(-4000)));
    child.stdout?.resume();
    child.on("message", (m: WorkerMessage) => (m.type === "cell" ? (lastCell = m.cell) : (final = m)));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutSeconds * 1000);
    child.on("error", (error) => {
      stderr += `\n${error.message}`;
      if (child.pid === undefined) {
        clearTimeout(timer);
        resolveOutcome({ ...base, checks: [], findings: [], failure: `${nb.name}: its process could not start (${error.message})`, detail: error.message, seconds: 0 });
      }
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      const seconds = (Date.now() - started) / 1000;
      const outcome = { ...base, checks: [] as CheckOutput[], findings: [] as Finding[], seconds };
      if (final?.type === "done") return resolveOutcome({ ...outcome, checks: final.checks, findings: final.findings.map((f) => ({ ...f, notebook: `${student}/${nb.name}` })) });
      const saved = notebookFindings(parsed as Notebook, `${student}/${nb.name}`).map((f) => ({ ...f, text: `${f.text} (from the outputs saved in the submitted notebook)` }));
      if (final?.type === "failed") {
        const where = final.cell ? `${nb.name}, cell ${final.cell}` : nb.name;
        return resolveOutcome({ ...outcome, findings: saved, failure: `${where}: ${errorLine(final.detail)}`, detail: final.detail });
      }
      const hung = nextCodeCell(parsed, lastCell);
      const failure = timedOut ? `${nb.name}: no result within the time limit of ${timeoutSeconds} s${hung ? ` (cell ${hung} was running)` : ""}` : `${nb.name}: its process ended (${signal ?? `exit code ${code}`}) after cell ${lastCell} without a result`;
      resolveOutcome({ ...outcome, findings: saved, failure, detail: stderr.trim() || failure });
    });
  });
}

/** Runs tasks with at most `jobs` at a time, keeping their order. */
async function pool<T>(tasks: (() => Promise<T>)[], jobs: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const k = next++;
      results[k] = await tasks[k]();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, tasks.length)) }, lane));
  return results;
}

const RANK: Record<CheckOutput["status"], number> = { correct: 3, wrong: 2, unattempted: 1 };

/** A check's verdict as a table cell. */
function verdictText(check: CheckOutput): string {
  if (check.status === "correct") return "✓";
  if (check.status === "unattempted") return "not attempted";
  return `✗ ${check.text}`;
}

/** The exercise ids of the table: every exercise a notebook holds or a check reported, in the workshop's order. */
function exerciseColumns(outcomes: readonly NotebookOutcome[]): string[] {
  const seen = new Set(outcomes.flatMap((o) => [...(o.exercises ?? []), ...o.checks.map((c) => c.id)]));
  const order = EXERCISE_LIST.map((ex) => ex.id);
  const known = order.filter((id) => seen.has(id));
  return [...known, ...[...seen].filter((id) => !order.includes(id)).sort()];
}

/** One student's row: the best verdict of each exercise, else the failure of the notebook that holds it, else "—". */
function studentRow(outcomes: readonly NotebookOutcome[], exercises: readonly string[]): Record<string, string> {
  const row: Record<string, string> = {};
  for (const id of exercises) {
    const checks = outcomes.flatMap((o) => o.checks.filter((c) => c.id === id));
    const best = checks.sort((a, b) => RANK[b.status] - RANK[a.status])[0];
    const failed = outcomes.find((o) => o.failure && (o.exercises === null || o.exercises.includes(id)));
    row[id] = best ? verdictText(best) : failed ? `failed (${failed.failure})` : "—";
  }
  return row;
}

/**
 * Grades the folder: runs every notebook and builds the table. Writes nothing but the executed
 * notebooks, into `stagingDir` (as student/notebook).
 */
export async function gradeFolder(options: Omit<GradeOptions, "outDir">, stagingDir: string): Promise<GradeReport> {
  const timeoutSeconds = options.timeoutSeconds ?? 300;
  const jobs = options.jobs ?? Math.min(4, availableParallelism());
  const students = discoverStudents(options.folder);
  const log = (line: string) => options.quiet || process.stderr.write(line + "\n");
  const work = students.flatMap((s) => s.notebooks.map((nb) => ({ student: s.student, nb })));
  let done = 0;
  const tasks = work.map(({ student, nb }) => async () => {
    const outcome = await runInWorker(student, nb, join(stagingDir, student, nb.name), timeoutSeconds);
    log(`[${++done}/${work.length}] ${student}: ${nb.name} ${outcome.failure ? `failed: ${outcome.failure}` : `${outcome.checks.length} checks`} (${outcome.seconds.toFixed(1)} s)`);
    return outcome;
  });
  const outcomes = await pool(tasks, jobs);
  const exercises = exerciseColumns(outcomes);
  const table: GradeReport["table"] = {};
  for (const s of students) table[s.student] = studentRow(outcomes.filter((o) => o.student === s.student), exercises);
  for (const s of students.filter((x) => x.notebooks.length === 0)) for (const id of exercises) table[s.student][id] = "failed (no notebooks in the folder)";
  const executed: Record<string, string> = {};
  for (const o of outcomes) if (!o.failure) executed[`${o.student}/${o.notebook}`] = join(stagingDir, o.student, o.notebook);
  return { students: students.map((s) => s.student), exercises, table, outcomes, executed, timeoutSeconds };
}

/** A table cell's text for Markdown: one line, pipes escaped. */
const mdCell = (s: string) => s.replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|");
/** A CSV field, quoted when needed (RFC 4180). */
const csvField = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The table as CSV: a row per student, a column per exercise. */
export function gradesCsv(report: GradeReport): string {
  const rows = [["student", ...report.exercises], ...report.students.map((s) => [s, ...report.exercises.map((id) => report.table[s][id])])];
  return rows.map((r) => r.map(csvField).join(",")).join("\n") + "\n";
}

/** The table as Markdown. */
export function gradesTable(report: GradeReport): string {
  const head = `| student | ${report.exercises.join(" | ")} |\n|---|${report.exercises.map(() => "---").join("|")}|`;
  const rows = report.students.map((s) => `| ${mdCell(s)} | ${report.exercises.map((id) => mdCell(report.table[s][id])).join(" | ")} |`);
  return [head, ...rows].join("\n") + "\n";
}

/** The report as Markdown: what was graded, the table, every student's notes, and each failure in full. */
export function gradesMarkdown(report: GradeReport): string {
  const notebooks = report.outcomes.length;
  const out = ["# Grades", "", `${report.students.length} students, ${notebooks} notebooks, each run headless in a process of its own (KIT_RESAMPLING=fast, at most ${report.timeoutSeconds} s per notebook). ✓ correct · ✗ wrong, with the feedback the student saw · not attempted · failed (why the notebook could not be graded) · — not in the student's notebooks.`, "", gradesTable(report), "## Notes", ""];
  for (const student of report.students) {
    const notes = report.outcomes.filter((o) => o.student === student).flatMap((o) => o.findings.filter((f) => f.kind === "annotation"));
    out.push(`### ${student}`, "");
    if (notes.length === 0) out.push("No notes.");
    const line = (s: string) => s.replace(/\s*\n\s*/g, " ");
    for (const n of notes) out.push(`- ${line(n.notebook ?? "")}${n.cell ? `, cell ${n.cell}` : ""}${n.about ? `, on ${line(n.about)}` : ""}: ${line(n.text)}${n.author ? ` — ${line(n.author)}` : ""}`);
    out.push("");
  }
  const failures = report.outcomes.filter((o) => o.failure);
  if (failures.length > 0) {
    out.push("## Failures", "");
    for (const f of failures) out.push(`### ${f.student}: ${f.notebook}`, "", f.failure as string, "", "```", (f.detail ?? "").trim().split("\n").slice(0, 30).join("\n"), "```", "");
  }
  return out.join("\n");
}

/**
 * Grades the folder and writes grades.md, grades.csv, the notes' findings file and the executed
 * notebooks into outDir (through its manifest: see the top of this file).
 * @throws OutputFolderError before any notebook runs when outDir is not the grader's to write.
 */
export async function grade(options: GradeOptions): Promise<{ report: GradeReport; markdown: string; folder: OutputFolder }> {
  const folder = resolve(options.folder);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new Error(`${options.folder} is not a folder.`);
  const out = OutputFolder.open(options.outDir, { command: "grade" });
  const staging = mkdtempSync(join(tmpdir(), "kit-grade-"));
  try {
    const report = await gradeFolder({ ...options, folder }, staging);
    const markdown = gradesMarkdown(report);
    for (const [name, path] of Object.entries(report.executed)) out.copyIn(path, `executed/${name}`, name);
    out.write("grades.md", markdown, "grades");
    out.write("grades.csv", gradesCsv(report), "grades");
    writeFindingsFiles(out, report.outcomes.flatMap((o) => o.findings.filter((f) => f.kind === "annotation")), { title: "Students' notes", source: "grades" });
    out.removeStale(() => true);
    return { report, markdown, folder: out };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** The command line, paths relative to where `npm run` was typed (INIT_CWD). @throws Error naming what is wrong. */
export function parseGradeArgs(argv: string[], cwd = process.env.INIT_CWD ?? process.cwd()): GradeOptions {
  const usage = "Usage: npm run grade -- <folder> [--out <dir>] [--timeout <seconds>] [--jobs <n>]";
  const options: Partial<GradeOptions> = {};
  const number = (flag: string, value: string | undefined) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} needs a positive number, got ${value ?? "nothing"}. ${usage}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--out") {
      const value = argv[++i];
      if (value === undefined || value === "" || value.startsWith("--")) throw new Error(`--out needs a folder. ${usage}`);
      options.outDir = resolve(cwd, value);
    }
    else if (arg === "--timeout") options.timeoutSeconds = number(arg, argv[++i]);
    else if (arg === "--jobs") options.jobs = Math.round(number(arg, argv[++i]));
    else if (arg.startsWith("--")) throw new Error(`Unknown option "${arg}". ${usage}`);
    else if (options.folder === undefined) options.folder = resolve(cwd, arg);
    else throw new Error(`One folder only (got ${options.folder} and ${arg}). ${usage}`);
  }
  if (options.folder === undefined) throw new Error(`Name the folder of students' notebooks. ${usage}`);
  return { folder: options.folder, outDir: options.outDir ?? resolve(cwd, "grades"), timeoutSeconds: options.timeoutSeconds, jobs: options.jobs };
}

if (require.main === module) {
  (async () => {
    const options = parseGradeArgs(process.argv.slice(2));
    const { markdown, folder } = await grade(options);
    console.log(markdown);
    const shown = displayPath(folder.dir);
    console.log(`Written: ${shown}/grades.md, ${shown}/grades.csv, ${shown}/findings.md (the notes), ${shown}/executed/ (the executed notebooks)`);
    for (const k of folder.kept) console.warn(`! ${k.message}`);
  })().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(error instanceof OutputFolderError ? 1 : 2);
  });
}
