/**
 * The parts of the Jupyter notebook format (nbformat 4) the runner reads and writes.
 * https://nbformat.readthedocs.io/en/latest/format_description.html
 */
import { readFileSync, writeFileSync } from "node:fs";

export type MimeBundle = Record<string, unknown>;

export type Output =
  | { output_type: "stream"; name: "stdout" | "stderr"; text: string[] }
  | { output_type: "display_data"; data: MimeBundle; metadata: Record<string, unknown> }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

export interface Cell {
  cell_type: "code" | "markdown" | "raw";
  id?: string;
  metadata: Record<string, unknown> & { tags?: string[] };
  source: string[] | string;
  outputs?: Output[];
  execution_count?: number | null;
}

export interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** A cell's source as one string. */
export function sourceText(cell: Cell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** Splits text into the line array nbformat stores (each line keeps its "\n"). */
export function toLines(text: string): string[] {
  const lines = text.split("\n").map((line, i, all) => (i < all.length - 1 ? line + "\n" : line));
  return lines[lines.length - 1] === "" ? lines.slice(0, -1) : lines;
}

export function readNotebook(path: string): Notebook {
  const notebook = JSON.parse(readFileSync(path, "utf8")) as Notebook;
  if (!Array.isArray(notebook.cells)) throw new Error(`${path} is not a Jupyter notebook (no "cells" array).`);
  return notebook;
}

/** Writes a notebook the way Jupyter does (one-space indent, trailing newline), so diffs stay small. */
export function writeNotebook(path: string, notebook: Notebook): void {
  writeFileSync(path, JSON.stringify(notebook, null, 1) + "\n");
}

/** True when any code cell carries outputs or an execution count. */
export function hasOutputs(notebook: Notebook): boolean {
  return notebook.cells.some((c) => c.cell_type === "code" && ((c.outputs?.length ?? 0) > 0 || (c.execution_count ?? null) !== null));
}

/** A copy with every output and execution count removed. */
export function clearOutputs(notebook: Notebook): Notebook {
  return {
    ...notebook,
    cells: notebook.cells.map((c) => (c.cell_type === "code" ? { ...c, outputs: [], execution_count: null } : { ...c })),
  };
}
