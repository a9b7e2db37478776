/**
 * What `npm run replicate` prints while several notebooks run at once (pool.ts). On a terminal: one
 * cli-progress bar for the run (notebooks done of all) that names each running notebook with its
 * cell, redrawn in place; the lines a notebook's start and end print stay above it. Anywhere else:
 * plain lines, each naming its notebook — when one starts, when a long cell (LONG_CELL_MS, or one
 * that took that long last run) starts and ends, and when one is done, with its time and slowest cell.
 */
import type { SingleBar } from "cli-progress";
import type { CellStart, Progress } from "./execute";
import { LONG_CELL_MS, progressBar, type ProgressStream } from "./progress";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const stem = (file: string) => file.replace(/\.ipynb$/, "");

/** A running notebook: its cell times last run, its slowest cell so far, the cell running now. */
interface Running {
  previous: (number | undefined)[];
  slowest?: { cell: number; ms: number };
  cell: number;
  cells: number;
}

/** The progress display of a run with several notebooks at once. */
export class PoolProgress {
  private readonly tty: boolean;
  private readonly running = new Map<string, Running>();
  private done = 0;
  private bar: SingleBar | undefined;
  private readonly started = Date.now();

  constructor(
    private readonly out: ProgressStream,
    private readonly total: number,
  ) {
    this.tty = out.isTTY === true;
  }

  /** Notebook k of n starts (k in file order); `previous` holds each cell's time on an earlier run, when known. */
  notebook(k: number, file: string, cells: number, previous: (number | undefined)[] = []): void {
    this.running.set(file, { previous, cell: 0, cells });
    const known = previous.some((ms) => ms !== undefined);
    const total = previous.reduce<number>((sum, ms) => sum + (ms ?? 0), 0);
    this.line(`[${k}/${this.total}] ${file} (${cells} cells${known ? `; about ${seconds(total)} last run` : ""})`);
  }

  /** A code cell starts. */
  cellStart(s: CellStart): void {
    const run = this.running.get(s.notebook);
    if (!run) return;
    run.cell = s.cell;
    const before = run.previous[s.cell - 1];
    if (this.tty) this.redraw();
    else if (before !== undefined && before >= LONG_CELL_MS) this.line(`  ${stem(s.notebook)}: cell ${s.cell}/${s.cells}: running (took ${seconds(before)} last run)`);
  }

  /** A code cell ended. */
  cellEnd(p: Progress): void {
    const run = this.running.get(p.notebook);
    if (!run) return;
    if (!run.slowest || p.cellMs > run.slowest.ms) run.slowest = { cell: p.cell, ms: p.cellMs };
    if (this.tty) this.redraw();
    else if (p.cellMs >= LONG_CELL_MS) this.line(`  ${stem(p.notebook)}: cell ${p.cell}/${p.cells}: done in ${seconds(p.cellMs)}`);
  }

  /** A notebook ran in `ms`. */
  notebookDone(file: string, ms: number): void {
    const slowest = this.running.get(file)?.slowest;
    this.running.delete(file);
    this.done++;
    this.line(`  ${file} done in ${seconds(ms)}${slowest ? ` (slowest: cell ${slowest.cell}, ${seconds(slowest.ms)})` : ""}`);
  }

  /** A line that stays (the bar is cleared first and comes back while notebooks run). */
  line(text: string): void {
    this.close();
    this.out.write(`${text}\n`);
    if (this.tty && this.running.size > 0) this.redraw();
  }

  /** Clears the bar, if one is shown (before an error message, and at the end). */
  close(): void {
    this.bar?.stop();
    this.bar = undefined;
  }

  private redraw(): void {
    if (this.bar) {
      this.bar.update(this.done);
      return;
    }
    this.bar = progressBar(this.out, () => this.statusText());
    this.bar.start(this.total, this.done);
  }

  /** "3/8 done · 04_endogeneity cell 5/23 · 08_truth cell 4/22 (took 49.1 s last run) · 32.1 s", read when drawn. */
  private statusText(): string {
    const running = [...this.running.entries()].map(([file, r]) => {
      const before = r.previous[r.cell - 1];
      const hint = before !== undefined && before >= LONG_CELL_MS ? ` (took ${seconds(before)} last run)` : "";
      return r.cell === 0 ? `${stem(file)} starting` : `${stem(file)} cell ${r.cell}/${r.cells}${hint}`;
    });
    return [`${this.done}/${this.total} done`, ...running, seconds(Date.now() - this.started)].join(" · ");
  }
}
