/**
 * A child process of the notebook pool (pool.ts): it runs the notebooks the parent sends, one at a
 * time, with its own NotebookRunner (its own tslab converters), and sends back each cell's start and
 * end and the executed notebook — or the failing cell (a NotebookCellError) or any other error.
 * Every notebook runs in a fresh executor, as in the single-process runner, so which process runs a
 * notebook changes none of its outputs.
 *
 * Messages from the parent: { type: "run", id, notebook, name } and { type: "close" }.
 * Messages to the parent: "ready", "start", "end", "done", "failed" (see WorkerMessage in pool.ts).
 */
import { NotebookCellError, NotebookRunner } from "./execute";
import type { Notebook } from "./ipynb";
import type { ParentMessage, WorkerMessage } from "./pool";

const send = (message: WorkerMessage) => process.send?.(message);

/** Runs one notebook and reports back; a failure is reported, never thrown (the worker stays up). */
async function runOne(runner: NotebookRunner, id: number, notebook: Notebook, name: string): Promise<void> {
  try {
    const executed = await runner.run(notebook, name, (p) => send({ type: "end", id, progress: p }), (s) => send({ type: "start", id, start: s }));
    send({ type: "done", id, notebook: executed });
  } catch (error) {
    const cell = error instanceof NotebookCellError ? { notebook: error.notebook, cell: error.cell, detail: error.detail } : undefined;
    send({ type: "failed", id, cell, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}

function main(): void {
  const root = process.argv[2];
  if (!root || !process.send) throw new Error("notebookWorker.ts is started by the notebook pool (scripts/notebooks/pool.ts), not by hand.");
  const runner = new NotebookRunner(root);
  let queue = Promise.resolve();
  process.on("message", (message: ParentMessage) => {
    if (message.type === "run") queue = queue.then(() => runOne(runner, message.id, message.notebook, message.name));
    else if (message.type === "close") {
      void queue.then(() => {
        runner.close();
        process.disconnect();
      });
    }
  });
  send({ type: "ready" });
}

main();
