/**
 * The findings file — computed findings and participants' notes — of executed notebooks, in the
 * kit's one JSON format (lib/workshop/annotations.ts, `Finding`):
 *
 *   { "findings": [ { "kind": "annotation" | "finding", "notebook": "03_baseline.ipynb", "cell": 17,
 *                     "author": "Li Lei" | null, "about": "OLS: shrink ~ ai + … | code + year" | null,
 *                     "text": "…", "numbers": { "ai.estimate": -0.12, … } }, … ] }
 *
 * `notebook` is the file name (the report) or the path under the folder collected (students'
 * copies); `cell` counts every cell from 1, as the runner's error messages do. The same file is
 * what `writeFindings(…, { append: true })` reads and appends to. Placeholder notes are never in it.
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { findingsJson, findingsMarkdown, isPlaceholderNote, type Finding } from "../../lib/workshop/annotations";
import { artifactsToFindings, extractArtifacts, type Artifact } from "./artifacts";
import { hasOutputs, readNotebook, type Notebook } from "./ipynb";
import { OutputFolder } from "./outputFolder";
import { offeredPlaceholders } from "./placeholders";

/** The computed findings and the notes (placeholders left out) an executed notebook shows. */
export function notebookFindings(notebook: Notebook, name: string): Finding[] {
  return artifactsToFindings(extractArtifacts(notebook, name));
}

/** The findings of the report's artifacts, or findings as they are; placeholders (also those the kit's notebooks offer) left out. */
function asFindings(source: readonly Artifact[] | readonly Finding[]): Finding[] {
  const list = source.some((x) => "files" in x) ? artifactsToFindings(source as readonly Artifact[]) : [...(source as readonly Finding[])];
  const offered = offeredPlaceholders();
  return list.filter((f) => !(f.kind === "annotation" && isPlaceholderNote(f.text, offered)));
}

/**
 * The two files of a findings file, as text: `findings.json` (`{ "findings": [...] }`) and
 * `findings.md`, from the report's artifacts or from findings already in the file's format.
 */
export function findingsDocuments(source: readonly Artifact[] | readonly Finding[], options: { title?: string } = {}): { markdown: string; json: string } {
  const list = asFindings(source);
  return { markdown: findingsMarkdown(list, options.title), json: findingsJson(list) };
}

/**
 * Writes `findings.md` and `findings.json` into an output folder (through its manifest, as
 * `source`, default "report") or into a plain folder path (created if needed).
 * @returns the Markdown and the JSON written (the Markdown goes on the report's front page).
 */
export function writeFindingsFiles(
  target: OutputFolder | string,
  source: readonly Artifact[] | readonly Finding[],
  options: { title?: string; source?: string } = {},
): { markdown: string; json: string } {
  const documents = findingsDocuments(source, options);
  if (target instanceof OutputFolder) {
    target.write("findings.md", documents.markdown, options.source ?? "report");
    target.write("findings.json", documents.json, options.source ?? "report");
  } else {
    mkdirSync(target, { recursive: true });
    writeFileSync(join(target, "findings.md"), documents.markdown);
    writeFileSync(join(target, "findings.json"), documents.json);
  }
  return documents;
}

/** Folders never searched for notebooks: hidden ones (.ipynb_checkpoints, .git) and node_modules. */
function skipped(name: string): boolean {
  return name.startsWith(".") || name === "node_modules";
}

/** The notebooks under a folder, recursively, as paths relative to it with "/" (sorted). */
export function notebooksUnder(folder: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir)
      .filter((name) => !skipped(name))
      .sort()
      .flatMap((name) => {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) return walk(path);
        return name.endsWith(".ipynb") ? [path] : [];
      });
  return walk(folder).map((path) => relative(folder, path).split(sep).join("/"));
}

/** What `collectFolderFindings` found. */
export interface FolderFindings {
  /** The findings and notes, notebook by notebook (notebooks in path order, each in cell order). */
  findings: Finding[];
  /** Every notebook read (paths under the folder). */
  notebooks: string[];
  /** Notebooks without outputs: not executed, so nothing to collect. */
  unexecuted: string[];
  /** Files that could not be read as notebooks, with the reason. */
  unreadable: { notebook: string; error: string }[];
}

/**
 * The computed findings and participants' notes of every executed notebook under a folder,
 * recursively (students' copies in subfolders included); each entry's `notebook` is its path under
 * the folder. Unexecuted and unreadable notebooks are listed, not fatal.
 */
export function collectFolderFindings(folder: string): FolderFindings {
  const result: FolderFindings = { findings: [], notebooks: [], unexecuted: [], unreadable: [] };
  for (const path of notebooksUnder(folder)) {
    let notebook: Notebook;
    try {
      notebook = readNotebook(join(folder, path));
    } catch (error) {
      result.unreadable.push({ notebook: path, error: (error as Error).message.split("\n")[0] });
      continue;
    }
    result.notebooks.push(path);
    if (!hasOutputs(notebook)) result.unexecuted.push(path);
    result.findings.push(...notebookFindings(notebook, path));
  }
  return result;
}
