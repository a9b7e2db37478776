/**
 * Executes notebooks headless with tslab's own compiler and executor — the code path of the
 * tslab kernel, without Jupyter or Python. Like the kernel, it routes the process's stdout and
 * stderr into the running cell and installs the display hook that `tslab.display` (and the kit's
 * display helpers) write rich outputs through, and it runs cells through the kit's layer over
 * tslab's executor (kitExecutor.ts), which the kernel's launcher installs too.
 */
import { basename } from "node:path";
import { format } from "node:util";
import { sourceText, toLines, type Cell, type Notebook, type Output } from "./ipynb";
import { useCompiledLib, withCompiledLib } from "./compiledLib";
import { usePlainBuilder } from "../kernel/plainBuilder";
import { withKitCells, type CreateExecutor, type TslabExecutor } from "./kitExecutor";

/** A code cell about to run: its number among all cells (from 1), the notebook's cell count, the time since the notebook started. */
export interface CellStart {
  notebook: string;
  cell: number;
  cells: number;
  elapsedMs: number;
}

/** A code cell that ran: as CellStart, and how long it took. */
export interface Progress extends CellStart {
  cellMs: number;
}

/** The metadata key under which JupyterLab (with `recordTiming`) and the runner record when a cell ran. */
const TIMING = "execution";

/**
 * How long each cell of an executed notebook took (milliseconds, by cell index), from the
 * timestamps in `metadata.execution` ("iopub.execute_input", "shell.execute_reply") that the
 * runner writes and JupyterLab writes with `recordTiming`; undefined for a cell without them.
 */
export function cellDurations(notebook: Notebook): (number | undefined)[] {
  return notebook.cells.map((cell) => {
    const timing = cell.metadata?.[TIMING] as Record<string, unknown> | undefined;
    const start = Date.parse(String(timing?.["iopub.execute_input"] ?? ""));
    const end = Date.parse(String(timing?.["shell.execute_reply"] ?? ""));
    return Number.isFinite(start) && Number.isFinite(end) && end >= start ? end - start : undefined;
  });
}

/** A cell that failed: the notebook, the cell number (1-based among all cells) and the real error text. */
export class NotebookCellError extends Error {
  constructor(
    readonly notebook: string,
    readonly cell: number,
    readonly detail: string,
  ) {
    super(`${notebook}, cell ${cell} failed:\n${detail}`);
    this.name = "NotebookCellError";
  }
}

interface TslabConverter {
  close(): void;
}

/**
 * One set of tslab converters (the expensive part) shared by every notebook of a run.
 *
 * Cells import the compiled library (build/, made current here) as the kernel's cells do, instead of
 * type-checking lib/'s sources in this process: ≈ 17 CPU s less per process. The redirection
 * (compiledLib.ts) touches only requests from cells and from build/'s own modules: a test or script
 * that imports lib/ through tsx (a .ts parent) keeps the sources, so both live side by side in such a
 * process, and state a notebook sets (study defaults, the last fit) is the notebook's own.
 * `compiledLib: false`, or KIT_LIB_SOURCES=1 in the environment, type-checks and runs lib/'s sources
 * instead (stack traces then point into lib/).
 * The converter for browser cells (`//%browser`) is made on first use, as tslab's kernel makes it:
 * no notebook of the kit has one, and each converter is a TypeScript program (≈ 1 CPU s).
 */
export class NotebookRunner {
  private readonly node: TslabConverter;
  private browserConverter?: TslabConverter;
  private readonly jupyter: { lastWriteDisplayData: unknown };
  private readonly compiledLib: boolean;

  constructor(private readonly rootDir: string, options: { compiledLib?: boolean } = {}) {
    this.compiledLib = options.compiledLib ?? process.env.KIT_LIB_SOURCES !== "1";
    if (this.compiledLib) useCompiledLib(rootDir);
    usePlainBuilder(rootDir);
    this.node = this.newConverter(false);
    this.jupyter = require("tslab/dist/jupyter");
  }

  /** A tslab converter made in the project root: it resolves "./lib/index" from the directory it is made in. */
  private newConverter(isBrowser: boolean): TslabConverter {
    const { createConverter } = require("tslab/dist/converter");
    const cwd = process.cwd();
    try {
      process.chdir(this.rootDir);
      return createConverter({ isBrowser });
    } finally {
      process.chdir(cwd);
    }
  }

  /** The converter for browser cells, made when a cell first asks for it. */
  private get browser(): TslabConverter {
    this.browserConverter ??= this.newConverter(true);
    return this.browserConverter;
  }

  close(): void {
    this.node.close();
    this.browserConverter?.close();
  }

  /**
   * Runs every code cell in order in a fresh executor (a fresh kernel state: the library's
   * modules are loaded anew for each notebook) and returns the notebook with outputs and
   * execution counts. Stops at the first failing cell with a NotebookCellError, except a cell
   * tagged "raises-exception" (as nbconvert does: its error is its output, and the run goes on).
   * `onCellStart` hears of each code cell before it runs, `onProgress` after; each executed cell
   * records when it ran in `metadata.execution` (see cellDurations).
   */
  async run(notebook: Notebook, name: string, onProgress?: (p: Progress) => void, onCellStart?: (s: CellStart) => void): Promise<Notebook> {
    const tslabCreate = (require("tslab/dist/executor") as { createExecutor: CreateExecutor }).createExecutor;
    const createExecutor = withKitCells(this.compiledLib ? withCompiledLib(tslabCreate, this.rootDir) : tslabCreate);
    const started = Date.now();
    let outputs: Output[] = [];
    const stream = (channel: "stdout" | "stderr", text: string) => {
      const last = outputs[outputs.length - 1];
      if (last && last.output_type === "stream" && last.name === channel) last.text = toLines(last.text.join("") + text);
      else outputs.push({ output_type: "stream", name: channel, text: toLines(text) });
    };
    const browser = () => this.browser; // made only if a cell asks for it
    const executor: TslabExecutor = createExecutor(
      this.rootDir,
      { node: this.node, get browser() { return browser(); }, close: () => undefined },
      { log: (...args: unknown[]) => stream("stdout", format(...args) + "\n"), error: (...args: unknown[]) => stream("stderr", format(...args) + "\n") },
    );
    const cwd = process.cwd();
    const writeOut = process.stdout.write;
    const writeErr = process.stderr.write;
    const previousDisplay = this.jupyter.lastWriteDisplayData;
    const cells: Cell[] = [];
    let count = 0;
    try {
      process.chdir(this.rootDir);
      for (let index = 0; index < notebook.cells.length; index++) {
        const cell = notebook.cells[index];
        if (cell.cell_type !== "code") {
          cells.push({ ...cell });
          continue;
        }
        onCellStart?.({ notebook: basename(name), cell: index + 1, cells: notebook.cells.length, elapsedMs: Date.now() - started });
        const cellStarted = Date.now();
        outputs = [];
        this.jupyter.lastWriteDisplayData = (content: { data: Record<string, unknown>; metadata?: Record<string, unknown> }) => {
          outputs.push({ output_type: "display_data", data: content.data, metadata: content.metadata ?? {} });
        };
        process.stdout.write = ((chunk: string | Uint8Array) => (stream("stdout", typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8")), true)) as typeof process.stdout.write;
        process.stderr.write = ((chunk: string | Uint8Array) => (stream("stderr", typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8")), true)) as typeof process.stderr.write;
        let ok: boolean;
        try {
          ok = await executor.execute(sourceText(cell));
        } finally {
          process.stdout.write = writeOut;
          process.stderr.write = writeErr;
        }
        count++;
        if (!ok && !(cell.metadata?.tags ?? []).includes("raises-exception")) {
          const detail = outputs
            .filter((o): o is Extract<Output, { output_type: "stream" }> => o.output_type === "stream" && o.name === "stderr")
            .map((o) => o.text.join(""))
            .join("");
          throw new NotebookCellError(basename(name), index + 1, detail.trim() || "(the cell reported no message)");
        }
        const cellEnded = Date.now();
        const timing = { "iopub.execute_input": new Date(cellStarted).toISOString(), "shell.execute_reply": new Date(cellEnded).toISOString() };
        cells.push({ ...cell, metadata: { ...cell.metadata, [TIMING]: timing }, outputs, execution_count: count });
        onProgress?.({ notebook: basename(name), cell: index + 1, cells: notebook.cells.length, elapsedMs: cellEnded - started, cellMs: cellEnded - cellStarted });
      }
    } finally {
      process.chdir(cwd);
      this.jupyter.lastWriteDisplayData = previousDisplay;
      executor.close();
    }
    return { ...notebook, cells };
  }
}
