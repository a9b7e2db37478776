/**
 * Executes one student's notebook headless in a process of its own, for `npm run grade`
 * (scripts/grade.ts), so that a cell that hangs, a crash or an uncaught error stays with that
 * notebook. Reports over the IPC channel:
 *   { type: "cell", cell }                       after each cell that ran (its number, from 1);
 *   { type: "done", checks, findings }           the check verdicts and the notes and findings shown;
 *   { type: "failed", cell?, detail }            the cell that failed and the real error, or why the file is not a notebook.
 * The executed notebook is written to the path given, for the instructor to open.
 *
 * Usage (by scripts/grade.ts): node --import tsx grade-worker.ts <notebook> <executed out> <name>
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Finding } from "../../lib/workshop/annotations";
import { extractArtifacts } from "./artifacts";
import { NotebookCellError, NotebookRunner } from "./execute";
import { notebookFindings } from "./findings";
import { readNotebook, writeNotebook, type Notebook } from "./ipynb";

const ROOT = resolve(__dirname, "..", "..");

/** A check's verdict as the grader reads it from the check cell's output. */
export interface CheckOutput {
  /** The exercise id. */
  id: string;
  /** Correct, wrong or unattempted. */
  status: "correct" | "wrong" | "unattempted";
  /** The feedback shown. */
  text: string;
  /** The check cell's number, from 1. */
  cell: number;
}

/** What the worker sends to the grader. */
export type WorkerMessage =
  | { type: "cell"; cell: number }
  | { type: "done"; checks: CheckOutput[]; findings: Finding[] }
  | { type: "failed"; cell?: number; detail: string };

/** The check verdicts an executed notebook shows, in cell order. */
export function checkOutputs(executed: Notebook, name: string): CheckOutput[] {
  return extractArtifacts(executed, name)
    .filter((a) => a.kind === "check" && a.status !== undefined)
    .map((a) => ({ id: a.id, status: a.status as CheckOutput["status"], text: (a.text ?? "").trim(), cell: a.cell ?? 0 }));
}

/** Runs the notebook, reporting each cell through `progress`; resolves with the final message ("done" or "failed"). */
export async function gradeNotebook(path: string, executedPath: string, name: string, progress: (m: WorkerMessage) => void = () => undefined): Promise<WorkerMessage> {
  let notebook: Notebook;
  try {
    notebook = readNotebook(path);
  } catch (error) {
    return { type: "failed", detail: `not a readable notebook: ${(error as Error).message.split("\n")[0]}` };
  }
  const runner = new NotebookRunner(ROOT);
  let message: WorkerMessage;
  try {
    const executed = await runner.run(notebook, name, (p) => progress({ type: "cell", cell: p.cell }));
    mkdirSync(dirname(executedPath), { recursive: true });
    writeNotebook(executedPath, executed);
    message = { type: "done", checks: checkOutputs(executed, name), findings: notebookFindings(executed, name) };
  } catch (error) {
    message = error instanceof NotebookCellError ? { type: "failed", cell: error.cell, detail: error.detail } : { type: "failed", detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  } finally {
    runner.close();
  }
  return message;
}

if (require.main === module) {
  const [path, executedPath, name] = process.argv.slice(2);
  const finish = (m: WorkerMessage) => (process.send ? process.send(m, () => process.exit(0)) : (console.log(JSON.stringify(m)), process.exit(0)));
  gradeNotebook(path, executedPath, name, (m) => process.send?.(m))
    .then(finish)
    .catch((error: unknown) => finish({ type: "failed", detail: String(error) }));
}
