/**
 * Runs notebooks in parallel in child processes (notebookWorker.ts), each with its own tslab
 * converters: on two cores, two notebooks at once. A notebook's outputs do not depend on the
 * process it runs in (each runs in a fresh executor, as in the single-process runner, and in its
 * own Jupyter kernel in JupyterLab), so the executed notebooks are the same whichever way they run;
 * the caller publishes them in file-name order. The children inherit the environment (KIT_PANEL,
 * KIT_RESAMPLING) as it is when the pool starts.
 */
import { fork, type ChildProcess } from "node:child_process";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { NotebookCellError, type CellStart, type Progress } from "./execute";
import type { Notebook } from "./ipynb";

/** What the parent sends a worker. */
export type ParentMessage = { type: "run"; id: number; notebook: Notebook; name: string } | { type: "close" };

/** What a worker sends the parent. */
export type WorkerMessage =
  | { type: "ready" }
  | { type: "start"; id: number; start: CellStart }
  | { type: "end"; id: number; progress: Progress }
  | { type: "done"; id: number; notebook: Notebook }
  | { type: "failed"; id: number; cell?: { notebook: string; cell: number; detail: string }; message: string };

/** What the caller hears of one notebook: that a worker took it, and each code cell's start and end. */
export interface PoolListeners {
  onStart?: () => void;
  onProgress?: (p: Progress) => void;
  onCellStart?: (s: CellStart) => void;
}

/** One notebook's run: how to hear of its cells, and how to settle it. */
interface Job {
  id: number;
  notebook: Notebook;
  name: string;
  listeners: PoolListeners;
  resolve: (executed: Notebook) => void;
  reject: (error: Error) => void;
}

interface Worker {
  child: ChildProcess;
  job?: Job;
  exited: boolean;
}

/**
 * How many notebooks run at once when the caller does not say: KIT_JOBS if set (an integer ≥ 1),
 * otherwise the machine's cores, at most 4 (each process holds its own copy of the compiler and
 * the data) and at most the number of notebooks.
 * @example defaultJobs(8) // 2 on a 2-core machine
 */
export function defaultJobs(notebooks: number): number {
  const asked = Number(process.env.KIT_JOBS);
  const jobs = Number.isInteger(asked) && asked >= 1 ? asked : Math.min(4, availableParallelism());
  return Math.max(1, Math.min(jobs, notebooks));
}

/**
 * V8's young generation for the workers: 16 MB semi-spaces. The resampling cells allocate a fresh
 * panel or column per draw, and with Node's default the scavenger ran so often that, in notebook 08's
 * Monte Carlo (199 simulated panels), garbage collection took ≈ 3 of 13 CPU seconds, on threads that
 * compete with the other worker (issue 17: the cell went from 9.4 s to 7.3 s alone, ≈ 10 MB more per
 * worker). The kernel keeps 4 MB (kernels/tslab-kit/kernel.json), where memory is the constraint.
 */
const WORKER_SEMI_SPACE = "--max-semi-space-size=16";

/** A pool of `size` worker processes running notebooks from the project at `rootDir`. */
export class NotebookPool {
  private readonly workers: Worker[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;

  constructor(
    private readonly rootDir: string,
    readonly size: number,
  ) {
    for (let k = 0; k < size; k++) this.workers.push(this.spawn());
  }

  /** Runs a notebook in the first free worker (in the order asked); settles as the single-process runner's `run`. */
  run(notebook: Notebook, name: string, listeners: PoolListeners = {}): Promise<Notebook> {
    return new Promise<Notebook>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, notebook, name, listeners, resolve, reject });
      this.dispatch();
    });
  }

  /** Ends the workers: those still running a notebook are stopped. */
  close(): void {
    this.queue.length = 0;
    for (const w of this.workers) {
      if (w.exited) continue;
      if (w.job) w.child.kill();
      else if (w.child.connected) w.child.send({ type: "close" } satisfies ParentMessage);
    }
  }

  private spawn(): Worker {
    const child = fork(join(__dirname, "notebookWorker.ts"), [this.rootDir], {
      cwd: this.rootDir,
      execArgv: [WORKER_SEMI_SPACE, "--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      serialization: "advanced",
    });
    const worker: Worker = { child, exited: false };
    child.on("message", (message: WorkerMessage) => this.hear(worker, message));
    child.on("exit", (code, signal) => {
      worker.exited = true;
      const job = worker.job;
      worker.job = undefined;
      job?.reject(new Error(`The process running ${job.name} ended (${signal ?? `exit code ${code}`}) before the notebook finished.`));
    });
    return worker;
  }

  private hear(worker: Worker, message: WorkerMessage): void {
    const job = worker.job;
    if (message.type === "ready" || !job || message.id !== job.id) return;
    if (message.type === "start") job.listeners.onCellStart?.(message.start);
    else if (message.type === "end") job.listeners.onProgress?.(message.progress);
    else {
      worker.job = undefined;
      if (message.type === "done") job.resolve(message.notebook);
      else job.reject(message.cell ? new NotebookCellError(message.cell.notebook, message.cell.cell, message.cell.detail) : new Error(message.message));
      this.dispatch();
    }
  }

  private dispatch(): void {
    for (const worker of this.workers) {
      if (this.queue.length === 0) return;
      if (worker.job || worker.exited) continue;
      const job = this.queue.shift() as Job;
      worker.job = job;
      job.listeners.onStart?.();
      worker.child.send({ type: "run", id: job.id, notebook: job.notebook, name: job.name } satisfies ParentMessage);
    }
    if (this.queue.length > 0 && this.workers.every((w) => w.exited)) {
      for (const job of this.queue.splice(0)) job.reject(new Error(`No process is left to run ${job.name}.`));
    }
  }
}
