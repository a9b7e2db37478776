/**
 * Writes the workshop editions of the notebooks (scripts/notebooks/editions.ts):
 * - the student edition, to hand out: solution cells replaced by their prompts, answer variables
 *   declared empty in the first cell, teaching notes removed, outputs cleared;
 * - with --instructor, the instructor edition: the solutions marked, teaching notes kept and a
 *   summary of the exercises at the top.
 * Each goes to a folder of its own (default student-edition/ or instructor-edition/ at the project
 * root, outside output/), under the manifest rules of replicate (scripts/notebooks/outputFolder.ts):
 * a notebook a participant has worked in, or any file the command did not write, is never touched.
 *
 * Usage: npm run student-edition [-- --instructor] [-- --out <new or empty folder>]
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { instructorEdition, studentEdition } from "./notebooks/editions";
import { readNotebook, writeNotebook } from "./notebooks/ipynb";
import { displayPath, OutputFolder, OutputFolderError } from "./notebooks/outputFolder";

export { studentEdition, instructorEdition, promptFor } from "./notebooks/editions";

const ROOT = resolve(__dirname, "..");
const USAGE = "Usage: npm run student-edition [-- --instructor] [-- --out <new or empty folder>]   (default: student-edition/ or instructor-edition/ at the project root)";

/** Prints a one-line message and exits. */
function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

/** The edition asked for and its folder, from the command line. */
function parseArgs(args: string[]): { instructor: boolean; outDir: string } {
  let instructor = false;
  let outDir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--help" || args[i] === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else if (args[i] === "--instructor") instructor = true;
    else if (args[i] === "--out" && args[i + 1] !== undefined && !args[i + 1].startsWith("--")) outDir = resolve(args[++i]);
    else if (args[i] === "--out") fail(`--out needs a folder. ${USAGE}`, 2);
    else fail(`Unknown argument "${args[i]}". ${USAGE}`, 2);
  }
  return { instructor, outDir: outDir ?? join(ROOT, instructor ? "instructor-edition" : "student-edition") };
}

/** Writes one edition of every notebook through the folder's manifest. */
function writeEdition(instructor: boolean, outDir: string): void {
  const command = instructor ? "instructor-edition" : "student-edition";
  let folder: OutputFolder;
  try {
    folder = OutputFolder.open(outDir, { command });
  } catch (error) {
    if (error instanceof OutputFolderError) fail(error.message, 1);
    throw error;
  }
  const edition = instructor ? instructorEdition : studentEdition;
  const staging = mkdtempSync(join(tmpdir(), "kit-edition-"));
  try {
    const files = readdirSync(join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort();
    for (const file of files) {
      writeNotebook(join(staging, file), edition(readNotebook(join(ROOT, "notebooks", file))));
      folder.copyIn(join(staging, file), file, file);
    }
    folder.removeStale(() => true);
    const written = files.filter((f) => folder.written.has(f)).length;
    const removed = folder.removed.length ? `, ${folder.removed.length} old removed` : "";
    console.log(`${instructor ? "Instructor" : "Student"} edition of ${files.length} notebooks in ${displayPath(folder.dir)} (${written} written or up to date${removed}).`);
    for (const kept of folder.kept) console.warn(`! ${kept.message}`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const { instructor, outDir } = parseArgs(process.argv.slice(2));
  writeEdition(instructor, outDir);
}
