/**
 * Every notebook through the real Jupyter kernel protocol (nbconvert + the committed kernelspec),
 * and the R-habit fixture (test/r-habits.test.ts runs it headless) through the same kernel. It also
 * reports — as information, not as a timed assertion — how long a fresh kernel takes from start to
 * the first clustered feols result on the study panel, and the kernel's resident memory after it
 * (bench/kernelProbe.py; `npm run bench -- --workshop` measures the same with medians and R beside).
 * The eight notebooks are those of the shared real-data run (test/helpers/sharedReplicate.ts:
 * `replicate --kernel --smoke` on a cleaned copy of the raw files, each notebook in a fresh kernel, two
 * at a time, kept as the kernel returned it): this file checks the protocol on them — no error output,
 * nothing on stderr, counts, the display channel — test/real-data-replicate.test.ts checks what they say
 * of the user's data, and the numbers at the kit's own counts are checked on the simulated shared run
 * (test/notebooks.test.ts).
 * Skipped with a line saying so when Debian's jupyter-nbconvert/jupyter-client are missing —
 * unless KIT_REQUIRE_JUPYTER=1 (set by .ci/run), which makes that a failure.
 */
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { before, describe, it } from "node:test";
import { buildProblem } from "../scripts/build-lib";
import { readNotebook, type Notebook } from "../scripts/notebooks/ipynb";
import { executeWithKernel, hasJupyter } from "../scripts/notebooks/jupyter";
import { replicate } from "../scripts/replicate";
import { sharedRun } from "./helpers/sharedReplicate";

const root = join(__dirname, "..");
const available = hasJupyter();
if (!available) {
  if (process.env.KIT_REQUIRE_JUPYTER === "1") throw new Error("KIT_REQUIRE_JUPYTER=1 but nbconvert/jupyter-client are missing: apt-get install jupyter-nbconvert jupyter-client.");
  console.log("# not exercised: the notebooks through the real Jupyter kernel (install Debian's jupyter-nbconvert and jupyter-client)");
}

/** Every code cell carries the count the kernel gave it (tslab sends no execute_input; launch.js does). */
function assertCounted(executed: Notebook): void {
  const code = executed.cells.filter((c) => c.cell_type === "code");
  code.forEach((c, k) => assert.equal(c.execution_count, k + 1, `code cell ${k + 1} has execution_count ${c.execution_count}; its outputs: ${JSON.stringify(c.outputs)}`));
}

/** A cell's text on one channel. */
function streamText(executed: Notebook, id: string, channel: "stdout" | "stderr"): string {
  const cell = executed.cells.find((c) => c.id === id);
  assert.ok(cell, `no cell ${id}`);
  return (cell.outputs ?? []).map((o) => (o.output_type === "stream" && o.name === channel ? o.text.join("") : "")).join("");
}

const notebookDir = join(root, "notebooks");
const notebooks = existsSync(notebookDir) ? readdirSync(notebookDir).filter((f) => f.endsWith(".ipynb")).sort().map((f) => join(notebookDir, f)) : [];

/** What bench/kernelProbe.py reports for one fresh kernel's first result. */
interface FirstResult {
  startToReady: number;
  firstCell: number;
  startToFirstResult: number;
  cpuToFirstResult: number;
  rssMB: number;
  output: string;
  error: string | null;
}

describe("notebooks run in the real tslab kernel", { skip: !available }, () => {
  it("a fresh kernel's first result, from the compiled library (time and memory reported, not asserted)", (t) => {
    const run = spawnSync("/usr/bin/python3", [join(root, "bench", "kernelProbe.py"), "first-result", root], {
      cwd: root,
      env: { ...process.env, JUPYTER_PATH: root },
      encoding: "utf8",
    });
    assert.equal(run.status, 0, run.stderr);
    const probe = JSON.parse(run.stdout.trim().split("\n").pop() ?? "{}") as FirstResult;
    assert.equal(probe.error, null);
    assert.match(probe.output, /^ai: -?\d+\.\d+ \(se \d+\.\d+\)$/, "the cell printed the baseline's coefficient");
    assert.equal(buildProblem(root), null, "the kernel left build/ current with lib/ (it builds when missing or stale)");
    const info =
      `kernel start → first feols result ${probe.startToFirstResult.toFixed(2)} s (ready ${probe.startToReady.toFixed(2)} s + cell ${probe.firstCell.toFixed(2)} s; ` +
      `kernel CPU ${probe.cpuToFirstResult.toFixed(2)} s), kernel RSS after the fit ${probe.rssMB} MB, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`;
    t.diagnostic(info);
  });
  it("the kernelspec starts tslab in the project root (fixture notebook imports ./lib/index)", async () => {
    const executed = await executeWithKernel(root, join(__dirname, "fixtures", "notebooks", "ok.ipynb"));
    const first = executed.cells.find((c) => c.cell_type === "code")?.outputs?.[0];
    assert.ok(first && first.output_type === "stream" && /x: 0\.38461/.test(first.text.join("")), JSON.stringify(first));
    assertCounted(executed);
  });
  it("R habits: { fit } across cells, the ^ warning, a FormulaError without stack frames, the ./lib hint", async () => {
    const executed = await executeWithKernel(root, join(__dirname, "fixtures", "notebooks", "r-habits.ipynb"));
    assertCounted(executed);
    assert.match(streamText(executed, "c2", "stdout"), /shorthand: \d+\.\d{4}/);
    assert.equal(streamText(executed, "c2", "stderr"), "");
    assert.equal(streamText(executed, "c3", "stderr"), "`^` is bitwise XOR in TypeScript; write `**` for a power (line 2: `x ^ 2`)\n");
    assert.equal(streamText(executed, "c3", "stdout"), "squared: 1\n");
    assert.equal(streamText(executed, "c4", "stderr"), "", "a formula string with ^ does not warn");
    const formulaError = streamText(executed, "c5", "stderr");
    assert.match(formulaError, /^FormulaError: The regressor "xx" is not a column of the data\.[^\n]*\n {2}y ~ xx\n {6}\^\n$/);
    assert.doesNotMatch(formulaError, /^ {4}at /m);
    const folder = streamText(executed, "c6", "stderr");
    assert.match(folder, /Cannot find module '\.\/lib'/);
    assert.ok(folder.includes("tslab cannot import a folder: write ./lib/index (or ./lib/study/index, ./lib/workshop/index)"), folder);
    assert.match(streamText(executed, "c7", "stdout"), /after the errors: 8/, "the cell after a raises-exception cell runs (stop_on_error honoured)");
    const summary = streamText(executed, "c8", "stdout");
    assert.match(summary, /^OLS estimation, Dep\. Var\.: y\n/, "a fit as the last line prints its summary");
    assert.match(summary, /Standard-errors: Clustered \(id\)/, 'vcov: "~id" clusters by id');
    assert.ok(summary.split("\n").length < 25 && !/residuals|Float64Array/.test(summary), summary);
  });
  it("R habits with KIT_STACK=1: the kit's errors keep their stack", async () => {
    const executed = await executeWithKernel(root, join(__dirname, "fixtures", "notebooks", "r-habits.ipynb"), { env: { KIT_STACK: "1" } });
    const text = streamText(executed, "c5", "stderr");
    assert.match(text, /FormulaError: The regressor "xx" is not a column of the data/);
    assert.match(text, /^ {4}at /m);
    assertCounted(executed);
  });
  it("a kernel ends by itself when the process that started it dies without shutting it down", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kit-orphan-kernel-"));
    try {
      const port = 40000 + Math.floor(Math.random() * 20000);
      const connection = join(dir, "kernel.json");
      writeFileSync(connection, JSON.stringify({ shell_port: port, iopub_port: port + 1, stdin_port: port + 2, control_port: port + 3, hb_port: port + 4, ip: "127.0.0.1", key: "k", transport: "tcp", signature_scheme: "hmac-sha256", kernel_name: "tslab-kit" }));
      // The shell starts the kernel, lives 3 s, says whether the kernel is still running then, and ends
      // without a word to it (as a killed nbconvert would).
      const launch = join(root, "kernels", "tslab-kit", "launch.js");
      const script = `${JSON.stringify(process.execPath)} ${JSON.stringify(launch)} ${JSON.stringify(connection)} >/dev/null 2>&1 & pid=$!; sleep 3; kill -0 $pid && echo "running $pid"`;
      const shell = spawnSync("sh", ["-c", script], { encoding: "utf8" });
      const running = /^running (\d+)$/.exec(shell.stdout.trim());
      assert.ok(running, `the kernel was not running 3 s after its start (a port in use?): ${shell.stdout}${shell.stderr}`);
      const pid = Number(running[1]);
      const alive = () => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      };
      const deadline = Date.now() + 20_000;
      while (alive() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
      const left = alive();
      if (left) process.kill(pid, "SIGKILL");
      assert.ok(!left, "the kernel was still running 20 s after its parent ended");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it("replicate --kernel stops at a notebook whose cell fails, with the kernel's error, and publishes nothing of it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kit-kernel-replicate-"));
    try {
      mkdirSync(join(dir, "notebooks"));
      copyFileSync(join(__dirname, "fixtures", "notebooks", "failing.ipynb"), join(dir, "notebooks", "01_failing.ipynb"));
      const out = join(dir, "out");
      await assert.rejects(replicate({ full: false, smoke: true, notebooksDir: join(dir, "notebooks"), outDir: out, quiet: true, kernel: true }), (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.match(error.message, /nbconvert failed on 01_failing\.ipynb/);
        assert.match(error.message, /planted failure in cell three/);
        return true;
      });
      assert.ok(!existsSync(join(out, "notebooks", "01_failing.ipynb")), "the failed notebook is not published");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  // The shared real-data run's notebooks, as the kernels returned them (built before this file by npm test, or now when it runs alone).
  let kernelOutputs = "";
  before(async () => {
    const run = await sharedRun("real");
    assert.ok(run.kernelOutputs, "the shared real-data run did not go through the Jupyter kernel (was Jupyter missing when it was built?)");
    kernelOutputs = run.kernelOutputs;
  });
  notebooks.forEach((path) => {
    const name = path.split("/").pop() as string;
    it(`${name} executes without an error output (smoke counts, the user's cleaned panel)`, () => {
      const executed = readNotebook(join(kernelOutputs, name));
      assertCounted(executed);
      const displays = executed.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.output_type === "display_data");
      assert.ok(displays.length > 0, "the kit's display helpers reach the kernel's display channel");
      for (const output of displays) {
        if (output.output_type === "display_data" && "application/vnd.plotly.v1+json" in output.data) {
          assert.ok("text/html" in output.data, "a figure output carries the plotly JSON and the offline HTML together");
        }
      }
      for (const [k, cell] of executed.cells.entries()) {
        for (const output of cell.outputs ?? []) {
          assert.notEqual(output.output_type, "error", `cell ${k + 1} raised an error`);
          if (output.output_type === "stream") assert.notEqual(output.name, "stderr", `cell ${k + 1} wrote to stderr: ${output.text.join("")}`);
        }
      }
    });
  });
});
