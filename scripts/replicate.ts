/**
 * The kit's main job: executes every notebook in notebooks/ in order, headless, with tslab's own
 * compiler and executor (no Python needed), and writes the report to output/:
 *   output/notebooks/*.ipynb and *.html   the executed notebooks (outputs and execution counts)
 *   output/tables/, output/figures/       every table (HTML, Markdown, LaTeX, CSV) and figure
 *   output/findings.md, findings.json     computed findings and participants' annotations
 *   output/index.html                     a report linking it all, readable offline
 * Stops at the first failing cell, naming the notebook, the cell and the real error.
 *
 * Usage: npm run replicate [-- --full] [-- --only 03] [-- --out dir]
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { extractArtifacts, findingsMarkdown, type Artifact } from "./notebooks/artifacts";
import { NotebookCellError, NotebookRunner } from "./notebooks/execute";
import { indexPage, notebookPage } from "./notebooks/html";
import { readNotebook, sourceText, writeNotebook } from "./notebooks/ipynb";

export interface ReplicateOptions {
  full: boolean;
  /** Folder of the notebooks (default: notebooks/). */
  notebooksDir?: string;
  only?: string;
  outDir: string;
  quiet?: boolean;
}

const ROOT = resolve(__dirname, "..");

function parseArgs(argv: string[]): ReplicateOptions {
  const options: ReplicateOptions = { full: false, outDir: join(ROOT, "output") };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--full") options.full = true;
    else if (argv[i] === "--only") options.only = argv[++i];
    else if (argv[i] === "--out") options.outDir = resolve(argv[++i]);
    else throw new Error(`Unknown argument "${argv[i]}". Use --full, --only <name part> or --out <dir>.`);
  }
  return options;
}

/** The notebooks to run, in file-name order. */
export function notebookFiles(dir: string, only?: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb") && (!only || f.includes(only)))
    .sort();
}

function titleOf(cells: { cell_type: string; source: string[] | string }[], fallback: string): string {
  const first = cells.find((c) => c.cell_type === "markdown");
  const heading = first ? sourceText(first as never).match(/^#\s+(.+)$/m) : null;
  return heading ? heading[1].trim() : fallback;
}

/** Runs the notebooks and writes the report; returns the artifacts. */
export async function replicate(options: ReplicateOptions): Promise<{ artifacts: Artifact[]; notebooks: string[] }> {
  const dir = options.notebooksDir ?? join(ROOT, "notebooks");
  const files = notebookFiles(dir, options.only);
  if (files.length === 0) throw new Error(`No notebooks found in ${dir}.`);
  process.env.KIT_RESAMPLING = options.full ? "full" : "fast";
  const out = options.outDir;
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, "notebooks"), { recursive: true });
  copyFileSync(require.resolve("plotly.js-dist/plotly.js"), join(out, "plotly.js"));
  const log = (line: string) => options.quiet || console.log(line);
  const started = Date.now();
  const runner = new NotebookRunner(ROOT);
  const artifacts: Artifact[] = [];
  const titles: { name: string; title: string }[] = [];
  try {
    for (const [k, file] of files.entries()) {
      const notebookStart = Date.now();
      const notebook = readNotebook(join(dir, file));
      log(`[${k + 1}/${files.length}] ${file}`);
      const executed = await runner.run(notebook, file, (p) => {
        if (!options.quiet) process.stdout.write(`\r  cell ${p.cell}/${p.cells}  ${(p.elapsedMs / 1000).toFixed(1)} s   `);
      });
      if (!options.quiet) process.stdout.write("\n");
      const stem = file.replace(/\.ipynb$/, "");
      const title = titleOf(executed.cells, stem);
      titles.push({ name: file, title });
      writeNotebook(join(out, "notebooks", file), executed);
      writeFileSync(join(out, "notebooks", `${stem}.html`), notebookPage(executed, title, "../plotly.js"));
      artifacts.push(...extractArtifacts(executed, file, out));
      log(`  done in ${((Date.now() - notebookStart) / 1000).toFixed(1)} s`);
    }
  } finally {
    runner.close();
  }
  const findings = findingsMarkdown(artifacts);
  writeFileSync(join(out, "findings.md"), findings);
  writeFileSync(
    join(out, "findings.json"),
    JSON.stringify(artifacts.filter((a) => a.kind === "finding" || a.kind === "annotation"), null, 2) + "\n",
  );
  writeFileSync(join(out, "index.html"), indexPage(titles, artifacts, findings, { elapsedMs: Date.now() - started, full: options.full }));
  log(`Report: ${join(out, "index.html")}  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return { artifacts, notebooks: files };
}

if (require.main === module) {
  replicate(parseArgs(process.argv.slice(2))).catch((error: unknown) => {
    if (error instanceof NotebookCellError) {
      console.error(`\n✗ ${error.notebook}, cell ${error.cell} failed:\n${error.detail}`);
    } else {
      console.error(error instanceof Error ? error.message : error);
    }
    process.exit(1);
  });
}
