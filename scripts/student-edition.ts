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
  const args = process.argv.slice(2);
  const outIndex = args.indexOf("--out");
  const outDir = outIndex >= 0 ? resolve(args[outIndex + 1]) : join(ROOT, "output", "student");
  mkdirSync(outDir, { recursive: true });
  const files = readdirSync(join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort();
  for (const file of files) writeNotebook(join(outDir, file), studentEdition(readNotebook(join(ROOT, "notebooks", file))));
  console.log(`Student edition of ${files.length} notebooks written to ${outDir}`);
}
