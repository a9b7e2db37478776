/**
 * The headless notebook runner (tslab's compiler and executor, as the kernel uses them):
 * outputs and execution counts are recorded, a failing cell stops the run with the notebook,
 * the cell number and the real message, and tagged display outputs become report artifacts.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { extractArtifacts, findingsMarkdown } from "../scripts/notebooks/artifacts";
import { cellDurations, NotebookCellError, NotebookRunner, type CellStart, type Progress } from "../scripts/notebooks/execute";
import { clearOutputs, hasOutputs, readNotebook } from "../scripts/notebooks/ipynb";
import { LONG_CELL_MS, RunProgress } from "../scripts/notebooks/progress";
import { noNotebookMessage, notebookFiles, parseArgs, replicate, UsageError } from "../scripts/replicate";
import { tempDir } from "./helpers/tempDir";

const root = join(__dirname, "..");
const fixtures = join(__dirname, "fixtures", "notebooks");
// One runner for the file, as replicate keeps one per process: each run is a fresh executor, and a
// runner's compiler is its costly part (≈ 3 CPU s to make; issue 17).
const runner = new NotebookRunner(root);
after(() => runner.close());

describe("NotebookRunner", () => {

  it("records each cell's output and numbers the executions", async () => {
    const executed = await runner.run(readNotebook(join(fixtures, "ok.ipynb")), "ok.ipynb");
    const code = executed.cells.filter((c) => c.cell_type === "code");
    assert.deepEqual(code.map((c) => c.execution_count), [1, 2, 3]);
    const first = code[0].outputs?.[0];
    assert.ok(first && first.output_type === "stream" && /x: 0\.38461/.test(first.text.join("")));
    assert.ok(code[1].outputs?.some((o) => o.output_type === "display_data" && o.data["text/markdown"] === "**bold**"));
    assert.ok(hasOutputs(executed));
    assert.ok(!hasOutputs(clearOutputs(executed)));
  });

  it("stops at the first failing cell with the notebook, cell number and the real message", async () => {
    await assert.rejects(runner.run(readNotebook(join(fixtures, "failing.ipynb")), "failing.ipynb"), (error: unknown) => {
      assert.ok(error instanceof NotebookCellError);
      assert.equal(error.notebook, "failing.ipynb");
      assert.equal(error.cell, 3);
      assert.match(error.detail, /planted failure in cell three/);
      return true;
    });
  });

  it("turns tagged display outputs into artifacts and a findings file", async () => {
    const executed = await runner.run(readNotebook(join(fixtures, "ok.ipynb")), "ok.ipynb");
    const out = tempDir("kit-artifacts-");
    const artifacts = extractArtifacts(executed, "ok.ipynb", out);
    assert.deepEqual(artifacts.map((a) => [a.kind, a.id]), [["finding", "ok-1"], ["figure", "smoke-figure"]]);
    assert.equal(artifacts[0].text, "x is positive");
    assert.ok(readFileSync(join(out, "figures", "smoke-figure.html"), "utf8").includes("Plotly.newPlot"));
    assert.match(findingsMarkdown(artifacts), /## ok\.ipynb\n\n- x is positive/);
  });
});

describe("NotebookRunner's browser converter", () => {

  it("is made when a cell first asks for it: a browser module cell compiles, and a type error in it is reported", async () => {
    const cell = (source: string) => ({ cell_type: "code" as const, source: [source], metadata: {}, outputs: [], execution_count: null });
    const notebook = { cells: [cell("/**\n * @module widget\n * @browser\n */\nexport const size: number = \"big\";"), cell("console.log(1 + 1);")], metadata: {}, nbformat: 4, nbformat_minor: 5 };
    const executed = await runner.run(notebook, "browser.ipynb");
    const [moduleCell, after2] = executed.cells;
    const text = (c: typeof moduleCell) => (c.outputs ?? []).map((o) => (o.output_type === "stream" ? o.text.join("") : "")).join("");
    assert.match(text(moduleCell), /not assignable to type 'number'/, "the browser converter type-checked the module");
    assert.match(text(after2), /^2\n$/);
  });
});

describe("the kit's display helpers inside a notebook", () => {

  it("tag tables, figures, findings and notes so the report writes and gathers them", async () => {
    const executed = await runner.run(readNotebook(join(fixtures, "report.ipynb")), "report.ipynb");
    const out = tempDir("kit-report-artifacts-");
    const artifacts = extractArtifacts(executed, "report.ipynb", out);
    assert.deepEqual(
      artifacts.map((a) => [a.kind, a.id]),
      [["table", "fixture-table"], ["figure", "fixture-figure"], ["finding", "report-3"], ["annotation", "report-4"]],
    );
    assert.deepEqual(artifacts[0].files.map((f) => f.split(".").pop()), ["html", "md", "tex", "csv"]);
    assert.match(readFileSync(join(out, "tables", "fixture-table.tex"), "utf8"), /\\toprule/);
    const figureOutput = executed.cells[2].outputs?.find((o) => o.output_type === "display_data");
    assert.ok(figureOutput && figureOutput.output_type === "display_data");
    assert.ok("application/vnd.plotly.v1+json" in figureOutput.data && "text/html" in figureOutput.data, "one output carries both formats");
    assert.ok(!("kit" in figureOutput.data), "the tag travels as metadata, not as data");
    const findings = findingsMarkdown(artifacts);
    assert.match(findings, /Note by Tester on OLS: y ~ x \| id: A note on the fixture fit\./);
    assert.match(findings, /- .*x/);
  });
});

describe("committed notebooks", () => {
  it("carry no outputs (the repository stays diff-friendly)", () => {
    const fs = require("node:fs") as typeof import("node:fs");
    const dir = join(root, "notebooks");
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f: string) => f.endsWith(".ipynb")) : [];
    for (const f of files) assert.ok(!hasOutputs(readNotebook(join(dir, f))), `${f} has outputs: clear them before committing`);
    for (const f of ["ok.ipynb", "failing.ipynb", "report.ipynb", "r-habits.ipynb"]) assert.ok(!hasOutputs(readNotebook(join(fixtures, f))), `fixture ${f} has outputs`);
    assert.ok(readFileSync(join(fixtures, "ok.ipynb"), "utf8").length > 0);
  });
});

describe("the runner's progress", () => {

  it("hears of each code cell before it runs and after, and records when each ran (metadata.execution)", async () => {
    const events: string[] = [];
    const executed = await runner.run(
      readNotebook(join(fixtures, "ok.ipynb")),
      "ok.ipynb",
      (p: Progress) => events.push(`end ${p.cell}/${p.cells} ${p.cellMs >= 0 && p.elapsedMs >= p.cellMs}`),
      (s: CellStart) => events.push(`start ${s.cell}/${s.cells}`),
    );
    assert.deepEqual(events, ["start 2/4", "end 2/4 true", "start 3/4", "end 3/4 true", "start 4/4", "end 4/4 true"]);
    const durations = cellDurations(executed);
    assert.equal(durations[0], undefined, "a markdown cell does not run");
    for (const ms of durations.slice(1)) assert.ok(ms !== undefined && ms >= 0 && ms < 60_000, String(ms));
    assert.deepEqual(cellDurations({ ...executed, cells: [{ cell_type: "code", metadata: { execution: { "iopub.execute_input": "2024-01-01T00:00:00.000Z", "shell.execute_reply": "2024-01-01T00:00:26.500Z" } }, source: [], outputs: [], execution_count: 1 }] }), [26500]);
  });
});

/** What RunProgress writes to a stand-in for stdout. */
function progressText(tty: boolean, previous: (number | undefined)[], cells: number[]): string {
  let text = "";
  const progress = new RunProgress({ isTTY: tty, write: (t: string) => (text += t) });
  progress.notebook(1, 2, "03_baseline.ipynb", cells.length, previous);
  let elapsed = 0;
  cells.forEach((ms, k) => {
    progress.cellStart({ notebook: "03_baseline.ipynb", cell: k + 1, cells: cells.length, elapsedMs: elapsed });
    elapsed += ms;
    progress.cellEnd({ notebook: "03_baseline.ipynb", cell: k + 1, cells: cells.length, elapsedMs: elapsed, cellMs: ms });
  });
  progress.notebookDone(elapsed);
  return text;
}

describe("what npm run replicate prints", () => {
  it("writes plain lines without a carriage return when stdout is not a terminal, one as each cell starts on a first run", () => {
    const text = progressText(false, [], [100, 26_000, 300]);
    assert.ok(!text.includes("\r"), JSON.stringify(text));
    assert.deepEqual(text.trim().split("\n"), [
      "[1/2] 03_baseline.ipynb (3 cells)",
      "  cell 1/3: running",
      "  cell 2/3: running",
      "  cell 2/3: done in 26.0 s",
      "  cell 3/3: running",
      "  done in 26.4 s (slowest: cell 2, 26.0 s)",
    ]);
  });

  it("announces only the long cells, with their time on the last run, once that run's timings are known", () => {
    const text = progressText(false, [120, LONG_CELL_MS + 15_000, 90], [110, 19_000, 80]);
    assert.deepEqual(text.trim().split("\n"), [
      "[1/2] 03_baseline.ipynb (3 cells; about 20.2 s last run)",
      "  cell 2/3: running (took 20.0 s last run)",
      "  cell 2/3: done in 19.0 s",
      "  done in 19.2 s (slowest: cell 2, 19.0 s)",
    ]);
  });

  it("draws a cli-progress bar in place on a terminal, ticking while a cell runs, and leaves whole lines behind", async () => {
    let text = "";
    const progress = new RunProgress({ isTTY: true, columns: 120, write: (t: string) => (text += t) });
    progress.notebook(1, 2, "03_baseline.ipynb", 2, [120, 26_000]);
    progress.cellStart({ notebook: "03_baseline.ipynb", cell: 1, cells: 2, elapsedMs: 0 });
    progress.cellEnd({ notebook: "03_baseline.ipynb", cell: 1, cells: 2, elapsedMs: 100, cellMs: 100 });
    progress.cellStart({ notebook: "03_baseline.ipynb", cell: 2, cells: 2, elapsedMs: 100 });
    await new Promise((done) => setTimeout(done, 350)); // the bar redraws on its own timer
    assert.match(text, /\x1b\[1G  [█░]{20} cell 2\/2: running \(took 26\.0 s last run\) · \d+\.\d s so far\x1b\[0K/);
    progress.cellEnd({ notebook: "03_baseline.ipynb", cell: 2, cells: 2, elapsedMs: 26_100, cellMs: 26_000 });
    progress.notebookDone(26_100);
    const lines = text.split("\n");
    assert.equal(lines[0], "[1/2] 03_baseline.ipynb (2 cells; about 26.1 s last run)");
    assert.equal(lines.length, 3, "the bar never leaves a line of its own behind");
    assert.ok(lines[1].endsWith("\x1b[2K  done in 26.1 s (slowest: cell 2, 26.0 s)"), JSON.stringify(lines[1]));
    assert.equal(lines[2], "");
  });

  it("answers an unknown argument with one usage line, and --help with the usage", () => {
    assert.throws(() => parseArgs(["--bogus"]), (e: unknown) => e instanceof UsageError && /^Unknown argument "--bogus"\. Usage: npm run replicate -- \[--full \| --smoke\]/.test(e.message) && !e.message.includes("\n"));
    assert.throws(() => parseArgs(["--only"]), (e: unknown) => e instanceof UsageError && /^--only needs a value\. Usage:/.test(e.message));
    assert.throws(() => parseArgs(["--help"]), (e: unknown) => e instanceof UsageError && /^Usage: npm run replicate/.test(e.message));
    assert.deepEqual(parseArgs(["--full", "--only", "03"]).only, "03");
    assert.equal(parseArgs(["--smoke"]).smoke, true);
    assert.equal(parseArgs(["--kernel", "--jobs", "2"]).kernel, true);
    assert.equal(parseArgs([]).kernel, undefined, "headless unless asked");
    assert.throws(() => parseArgs(["--full", "--smoke"]), (e: unknown) => e instanceof UsageError && /^--full and --smoke ask for different counts: give one\./.test(e.message));
  });

  it("names the notebooks there are when --only matches none", async () => {
    const dir = join(root, "notebooks");
    const names = notebookFiles(dir).map((f) => f.replace(/\.ipynb$/, ""));
    assert.ok(names.length >= 8);
    const message = noNotebookMessage(dir, "99");
    for (const name of names) assert.ok(message.includes(name), `${name} in: ${message}`);
    await assert.rejects(replicate({ full: false, only: "99", outDir: tempDir("kit-only-99-"), quiet: true }), (e: unknown) => e instanceof UsageError && e.message === message);
  });

  it("prints one line and no stack trace for a command-line mistake", () => {
    const cli = (args: string[]) => spawnSync(process.execPath, ["--import", "tsx", join(root, "scripts", "replicate.ts"), ...args], { cwd: root, encoding: "utf8", timeout: 60_000 });
    for (const [args, pattern] of [[["--bogus"], /^Unknown argument "--bogus"/], [["--only", "99"], /^No notebook in .* has "99" in its name; --only takes part of one of: 01_data_cleaning, /]] as const) {
      const result = cli([...args]);
      assert.equal(result.status, 2, result.stderr);
      assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
      assert.match(result.stderr, pattern);
      assert.doesNotMatch(result.stderr, /\n\s+at /);
    }
    const help = cli(["--help"]);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: npm run replicate -- \[--full \| --smoke\] \[--only <part of a notebook's name>\] \[--out <new or empty folder>\] \[--jobs <notebooks at once>\] \[--kernel\]\n$/);
  });
});
