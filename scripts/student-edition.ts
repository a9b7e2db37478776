/**
 * Writes the student edition of the notebooks for an instructor to hand out: every cell tagged
 * "solution" is replaced by an empty exercise cell that keeps the solution's first comment line
 * as the prompt, and all outputs are cleared.
 *
 * Usage: npm run student-edition [-- --out dir]   (default: output/student/)
 */
import { mkdirSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { clearOutputs, readNotebook, sourceText, toLines, writeNotebook, type Cell, type Notebook } from "./notebooks/ipynb";

const ROOT = resolve(__dirname, "..");

/**
 * The prompt left in place of a solution: its leading comment lines (or a generic one), and each
 * variable the solution declares at the top level, declared empty — so the check cell that follows
 * still compiles and tells the participant the answer is missing.
 */
export function promptFor(solution: Cell): string[] {
  const lines = sourceText(solution).split("\n");
  const comments = lines.filter((_, i, all) => all.slice(0, i + 1).every((l) => l.trim().startsWith("//")));
  const header = comments.length > 0 ? comments.join("\n") : "// Exercise: write your answer here.";
  const declared = lines.map((l) => l.match(/^(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=/)).filter((m): m is RegExpMatchArray => m !== null).map((m) => m[1]);
  const stubs = declared.map((name) => `let ${name}: any = undefined; // your answer`);
  return toLines(`${header}\n// Your code here.\n${stubs.map((s) => s + "\n").join("")}`);
}

/** The notebook with solution cells replaced by prompts and no outputs. */
export function studentEdition(notebook: Notebook): Notebook {
  const cleared = clearOutputs(notebook);
  return {
    ...cleared,
    cells: cleared.cells.map((cell) => {
      const tags = cell.metadata.tags ?? [];
      if (cell.cell_type !== "code" || !tags.includes("solution")) return cell;
      return { ...cell, source: promptFor(cell), metadata: { ...cell.metadata, tags: tags.filter((t) => t !== "solution").concat("exercise") } };
    }),
  };
}

if (require.main === module) {
  // The student edition goes to a folder of its own (default: student-edition/ at the project root,
  // outside output/), under the same manifest rules as replicate (scripts/notebooks/outputFolder.ts):
  // a notebook a participant has worked in, or any file the command did not write, is never touched.
  const { mkdtempSync, rmSync } = require("node:fs") as typeof import("node:fs");
  const { tmpdir } = require("node:os") as typeof import("node:os");
  const { OutputFolder, OutputFolderError, displayPath } = require("./notebooks/outputFolder") as typeof import("./notebooks/outputFolder");
  const usage = "Usage: npm run student-edition [-- --out <new or empty folder>]   (default: student-edition/ at the project root)";
  const fail = (message: string, code: number): never => {
    console.error(message);
    process.exit(code);
  };
  const args = process.argv.slice(2);
  let outDir = join(ROOT, "student-edition");
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--help" || args[i] === "-h") {
      console.log(usage);
      process.exit(0);
    } else if (args[i] === "--out" && args[i + 1] !== undefined && !args[i + 1].startsWith("--")) outDir = resolve(args[++i]);
    else if (args[i] === "--out") fail(`--out needs a folder. ${usage}`, 2);
    else fail(`Unknown argument "${args[i]}". ${usage}`, 2);
  }
  const open = (): import("./notebooks/outputFolder").OutputFolder => {
    try {
      return OutputFolder.open(outDir, { command: "student-edition" });
    } catch (error) {
      if (error instanceof OutputFolderError) fail(error.message, 1);
      throw error;
    }
  };
  const opened = open();
  const staging = mkdtempSync(join(tmpdir(), "kit-student-"));
  try {
    const files = readdirSync(join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort();
    for (const file of files) {
      writeNotebook(join(staging, file), studentEdition(readNotebook(join(ROOT, "notebooks", file))));
      opened.copyIn(join(staging, file), file, file);
    }
    opened.removeStale(() => true);
    const written = files.filter((f) => opened.written.has(f)).length;
    console.log(`Student edition of ${files.length} notebooks in ${displayPath(opened.dir)} (${written} written or up to date${opened.removed.length ? `, ${opened.removed.length} old removed` : ""}).`);
    for (const k of opened.kept) console.warn(`! ${k.message}`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
