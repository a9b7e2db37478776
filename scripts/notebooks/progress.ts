/**
 * What `npm run replicate` prints while it runs. On a terminal: a progress bar per notebook from
 * cli-progress, redrawn in place ten times a second (cell 12/30, how long the cell took last time,
 * the time so far, ticking while a long cell runs). Anywhere else (a log file, CI): plain lines,
 * never a carriage return — a line when a code cell starts (only before the cells that took
 * LONG_CELL_MS or more last run, once an earlier run's timings are known), a line when a long cell
 * ends, and a line per notebook with its time and slowest cell.
 */
import { Format, Presets, SingleBar } from "cli-progress";
import type { CellStart, Progress } from "./execute";

/** The runner's terminal bar: 20 characters of bar, then the status line `statusText` gives at each redraw. */
export function progressBar(out: ProgressStream, statusText: () => string): SingleBar {
  return new SingleBar({
    stream: out as NodeJS.WritableStream,
    format: (options, params) => `  ${Format.BarFormat(params.progress, options)} ${statusText()}`,
    barsize: 20,
    clearOnComplete: true,
    hideCursor: false,
    gracefulExit: true,
  }, Presets.shades_classic);
}

/** A cell that takes at least this long gets its own lines. */
export const LONG_CELL_MS = 5000;

/** Where the lines go: process.stdout, or a stand-in with the same members. */
export interface ProgressStream {
  isTTY?: boolean;
  /** The terminal's width in characters, when known. */
  columns?: number;
  write(text: string): unknown;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** What the bar shows besides the count: the running cell's state and when the notebook started. */
interface BarState {
  value: number;
  cell: number;
  cells: number;
  state: string;
  notebookStart: number;
}

/** The progress display of one run of the runner. */
export class RunProgress {
  private readonly tty: boolean;
  private previous: (number | undefined)[] = [];
  private slowest: { cell: number; ms: number } | undefined;
  private bar: SingleBar | undefined;
  private barState: BarState = { value: 0, cell: 0, cells: 0, state: "", notebookStart: 0 };

  constructor(private readonly out: ProgressStream) {
    this.tty = out.isTTY === true;
  }

  /** Notebook k of n starts; `previous` holds each cell's time on an earlier run (by cell index), when known. */
  notebook(k: number, n: number, file: string, cells: number, previous: (number | undefined)[] = []): void {
    this.previous = previous;
    this.slowest = undefined;
    const known = previous.some((ms) => ms !== undefined);
    const total = previous.reduce<number>((sum, ms) => sum + (ms ?? 0), 0);
    this.line(`[${k}/${n}] ${file} (${cells} cells${known ? `; about ${seconds(total)} last run` : ""})`);
    this.barState = { value: 0, cell: 0, cells, state: "starting", notebookStart: Date.now() };
    if (this.tty) this.showBar();
  }

  /** A code cell starts. */
  cellStart(s: CellStart): void {
    const before = this.previous[s.cell - 1];
    const hint = before === undefined ? "" : before >= LONG_CELL_MS ? ` (took ${seconds(before)} last run)` : "";
    if (this.tty) this.setBar(s.cell - 1, s.cell, s.cells, `running${hint}`);
    else if (before === undefined ? !this.previous.some((ms) => ms !== undefined) : before >= LONG_CELL_MS) this.line(`  cell ${s.cell}/${s.cells}: running${hint}`);
  }

  /** A code cell ended. */
  cellEnd(p: Progress): void {
    if (!this.slowest || p.cellMs > this.slowest.ms) this.slowest = { cell: p.cell, ms: p.cellMs };
    if (this.tty) this.setBar(p.cell, p.cell, p.cells, `done in ${seconds(p.cellMs)}`);
    else if (p.cellMs >= LONG_CELL_MS) this.line(`  cell ${p.cell}/${p.cells}: done in ${seconds(p.cellMs)}`);
  }

  /** The notebook ran in `ms`. */
  notebookDone(ms: number): void {
    const slowest = this.slowest ? ` (slowest: cell ${this.slowest.cell}, ${seconds(this.slowest.ms)})` : "";
    this.line(`  done in ${seconds(ms)}${slowest}`);
  }

  /** A line that stays (a bar on the terminal is cleared first and comes back with the next cell). */
  line(text: string): void {
    this.close();
    this.out.write(`${text}\n`);
  }

  /** Clears the bar, if one is shown (before an error message, and at the end). */
  close(): void {
    this.bar?.stop();
    this.bar = undefined;
  }

  /** The terminal's bar at `value` of `cells`, cell `cell` in the given state. */
  private setBar(value: number, cell: number, cells: number, state: string): void {
    this.barState = { ...this.barState, value, cell, cells, state };
    if (this.bar) this.bar.update(value);
    else this.showBar();
  }

  private showBar(): void {
    this.bar = progressBar(this.out, () => this.statusText());
    this.bar.start(this.barState.cells, this.barState.value);
  }

  /** "cell 12/30: running (took 20.0 s last run) · 14.2 s so far", the time read when drawn. */
  private statusText(): string {
    const { cell, cells, state, notebookStart } = this.barState;
    const where = cell === 0 ? state : `cell ${cell}/${cells}: ${state}`;
    return `${where} · ${seconds(Date.now() - notebookStart)} so far`;
  }
}
