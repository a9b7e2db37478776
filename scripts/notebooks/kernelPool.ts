/**
 * Runs notebooks through the real Jupyter kernel — nbconvert with the kit's kernelspec, a fresh kernel
 * per notebook, as JupyterLab gives each notebook its own (jupyter.ts) — `size` at once, behind the
 * same `run`/`close` as the headless NotebookPool, so that `replicate --kernel` publishes what the
 * kernel produced through the same steps. It hears of each notebook's start, not of its cells:
 * nbconvert reports only the executed notebook.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeNotebook, type Notebook } from "./ipynb";
import { executeWithKernel } from "./jupyter";
import type { PoolListeners } from "./pool";

export class KernelPool {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly stop = new AbortController();
  private readonly scratch = mkdtempSync(join(tmpdir(), "kit-kernel-pool-"));
  private next = 0;

  constructor(
    private readonly rootDir: string,
    readonly size: number,
  ) {}

  /** Runs a notebook in a fresh kernel once one of the `size` slots is free; rejects with nbconvert's report when a cell fails. */
  async run(notebook: Notebook, name: string, listeners: PoolListeners = {}): Promise<Notebook> {
    await this.slot();
    try {
      if (this.stop.signal.aborted) throw new Error(`The run stopped before ${name} started.`);
      listeners.onStart?.();
      const folder = join(this.scratch, String(this.next++));
      mkdirSync(folder);
      writeNotebook(join(folder, name), notebook);
      return await executeWithKernel(this.rootDir, join(folder, name), { signal: this.stop.signal });
    } finally {
      this.release();
    }
  }

  /** Stops the kernels still running (their notebooks reject) and removes the copies handed to nbconvert. */
  close(): void {
    this.stop.abort();
    this.waiting.splice(0).forEach((start) => start());
    rmSync(this.scratch, { recursive: true, force: true });
  }

  private slot(): Promise<void> {
    if (this.running < this.size) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(() => (this.running++, resolve())));
  }

  private release(): void {
    this.running--;
    this.waiting.shift()?.();
  }
}
