/**
 * Collects the computed findings and the participants' notes of a folder of executed notebooks —
 * the report's output/notebooks, or the students' copies, in subfolders too — into one findings file:
 * findings.md and findings.json (`{ "findings": [...] }`, the format of scripts/notebooks/findings.ts).
 * Notes still holding a notebook's placeholder are left out; notebooks that were never executed
 * carry no outputs and contribute nothing (they are counted).
 *
 * The files go to a folder of the command's own (default: findings/ in the working directory),
 * under the kit's output-folder rules (scripts/notebooks/outputFolder.ts): a folder that exists must
 * be empty or one `npm run findings` wrote, and a file edited since it was written is kept.
 *
 * Usage: npm run findings -- <folder> [--out <dir>]
 */
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { collectFolderFindings, writeFindingsFiles } from "./notebooks/findings";
import { OutputFolder, OutputFolderError, displayPath } from "./notebooks/outputFolder";

/** The command line: the folder to collect from and where to write, relative to where `npm run` was typed (INIT_CWD). */
export function parseFindingsArgs(argv: string[], cwd = process.env.INIT_CWD ?? process.cwd()): { folder: string; outDir: string } {
  let folder: string | undefined;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--out") out = argv[++i];
    else if (argv[i].startsWith("--")) throw new Error(`Unknown option "${argv[i]}". Usage: npm run findings -- <folder> [--out <dir>]`);
    else if (folder === undefined) folder = argv[i];
    else throw new Error(`One folder only (got "${folder}" and "${argv[i]}").`);
  }
  if (folder === undefined) throw new Error("Name the folder of executed notebooks: npm run findings -- <folder> [--out <dir>]");
  if (argv.includes("--out") && (out === undefined || out === "" || out.startsWith("--"))) throw new Error("--out needs a folder.");
  const absolute = resolve(cwd, folder);
  if (!existsSync(absolute) || !statSync(absolute).isDirectory()) throw new Error(`${folder} is not a folder.`);
  return { folder: absolute, outDir: resolve(cwd, out ?? "findings") };
}

/** Collects and writes; returns the lines it prints. */
export function runFindings(folder: string, outDir: string): string[] {
  const found = collectFolderFindings(folder);
  const out = OutputFolder.open(outDir, { command: "findings" });
  writeFindingsFiles(out, found.findings, { source: displayPath(folder) });
  const notes = found.findings.filter((f) => f.kind === "annotation").length;
  const lines = [
    `${found.notebooks.length} notebooks read under ${folder}: ${found.findings.length - notes} computed findings, ${notes} notes (placeholders left out).`,
  ];
  if (found.unexecuted.length > 0) lines.push(`Not executed (no outputs, nothing collected): ${found.unexecuted.join(", ")}`);
  for (const u of found.unreadable) lines.push(`Not a readable notebook: ${u.notebook} (${u.error})`);
  lines.push(`Written: ${displayPath(join(out.dir, "findings.md"))}, ${displayPath(join(out.dir, "findings.json"))}`);
  for (const k of out.kept) lines.push(`! ${k.message}`);
  return lines;
}

if (require.main === module) {
  try {
    const { folder, outDir } = parseFindingsArgs(process.argv.slice(2));
    for (const line of runFindings(folder, outDir)) console.log(line);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(error instanceof OutputFolderError ? 1 : 2);
  }
}
