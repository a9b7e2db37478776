/**
 * The test command. `npm test` runs every check of the kit in three lanes at once, so that a 2-core
 * machine is kept busy and nothing runs twice:
 *   checks   the type check, the layer rules and the API docs check, one after the other;
 *   tests    every test file that needs no executed replication, N files at once (node --test
 *            --test-concurrency, N = the machine's cores; the longest files start first);
 *   shared   the replication on the simulated panel and the one on a cleaned copy of the raw files
 *            (KIT_PANEL), each built once (test/helpers/sharedReplicate.ts), then the test files
 *            that read them (notebooks.test.ts, real-data-replicate.test.ts).
 * Each lane's output is printed whole when it ends, then a line per lane with its time; the exit
 * code is 1 when any lane failed.
 *
 * `npm run test:quick` runs only the estimator core — the reference tests against R and fixest, the
 * formula, design, absorption, variance, IV and shift-share tests — in one process (≈ 12 s). The full
 * run loads the same files into one process too, after the other test files.
 *
 * Usage: npm test [-- --quick]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { ensureLibraryBuild } from "./build-lib";

const ROOT = join(__dirname, "..");
const TEST_DIR = join(ROOT, "test");

/** The test files that read the shared replications (test/helpers/sharedReplicate.ts). */
const SHARED_FILES = ["notebooks.test.ts", "real-data-replicate.test.ts"];

/** The estimator core: `npm run test:quick`. */
export const QUICK_FILES = [
  "reference-fixest.test.ts", "reference-iv.test.ts", "reference-r-core.test.ts", "fixest-parity-variance.test.ts",
  "absorb.test.ts", "absorb-fast.test.ts", "design.test.ts", "formula.test.ts", "formula-functions.test.ts",
  "errors.test.ts", "errors-iv.test.ts", "weak-iv.test.ts", "stockYogo.test.ts", "refit.test.ts", "weights.test.ts",
  "variance-panel-errors.test.ts", "conley-large.test.ts", "workBuffers.test.ts", "shiftshare-se.test.ts",
  "rotemberg.test.ts", "rotemberg-fe.test.ts", "shocklevel.test.ts", "shiftshare-panel.test.ts", "pvalue-format.test.ts", "names.test.ts", "contracts.test.ts",
];

/**
 * The files that take longest (measured: each runs notebooks, a browser or Jupyter), started first so
 * that the short ones fill in around them; the others follow in name order.
 */
const LONGEST_FIRST = [
  "kernel.test.ts", "grade.test.ts", "browser.test.ts", "editions.test.ts", "findings-collect.test.ts",
  "clean-data-cli.test.ts", "monte-carlo-truth.test.ts", "heterogeneity-truth.test.ts", "clean-value-audit.test.ts",
  "report-pages.test.ts", "outputs-safety.test.ts", "exercises-05-08.test.ts", "notebook-runner.test.ts",
];

/** What a lane ran and how it ended. */
interface LaneResult {
  name: string;
  ok: boolean;
  ms: number;
  output: string;
}

/** Runs one command, collecting its output; resolves with whether it exited with 0. */
function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => (output += text));
    child.stderr.setEncoding("utf8").on("data", (text: string) => (output += text));
    child.on("error", (error) => resolve({ ok: false, output: `${command}: ${error.message}\n` }));
    child.on("close", (code) => resolve({ ok: code === 0, output }));
  });
}

/** Runs steps one after the other as one lane, stopping at the first that fails. */
async function lane(name: string, steps: (() => Promise<{ ok: boolean; output: string }>)[]): Promise<LaneResult> {
  const started = Date.now();
  let output = "";
  for (const step of steps) {
    const result = await step();
    output += result.output;
    if (!result.ok) return ended({ name, ok: false, ms: Date.now() - started, output });
  }
  return ended({ name, ok: true, ms: Date.now() - started, output });
}

/** Says at once that a lane ended (its output follows when every lane has). */
function ended(result: LaneResult): LaneResult {
  process.stdout.write(`${result.ok ? "✓" : "✗"} ${result.name} ended after ${(result.ms / 1000).toFixed(1)} s\n`);
  return result;
}

const npmRun = (script: string) => () => runCommand(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "--silent", script]);

/** node --test on `files` (names in test/), `concurrency` files at once. */
const nodeTest = (files: string[], concurrency: number, env?: NodeJS.ProcessEnv) => () =>
  runCommand(process.execPath, ["--import", "tsx", "--test", `--test-concurrency=${concurrency}`, "--test-reporter=spec", ...files.map((f) => join("test", f))], env);

/** Test files loaded into one process (scripts/test-one-process.ts): no per-file start-up of node and tsx. */
const inOneProcess = (files: string[]) => () =>
  runCommand(process.execPath, ["--import", "tsx", join("scripts", "test-one-process.ts"), ...files.map((f) => join("test", f))]);

/** The test files, longest first. */
function orderedFiles(files: string[]): string[] {
  const known = LONGEST_FIRST.filter((f) => files.includes(f));
  return [...known, ...files.filter((f) => !known.includes(f)).sort()];
}

/** Builds a shared replication in its own process (its own KIT_PANEL), into `dir`. */
const buildShared = (kind: "simulated" | "real", dir: string, jobs: number) => () =>
  runCommand(process.execPath, ["--import", "tsx", join("test", "helpers", "sharedReplicate.ts"), kind, dir, String(jobs)]);

function report(results: LaneResult[]): boolean {
  for (const r of results) process.stdout.write(`\n──── ${r.name} ────\n${r.output}`);
  process.stdout.write("\n");
  for (const r of results) process.stdout.write(`${r.ok ? "✓" : "✗"} ${r.name}: ${(r.ms / 1000).toFixed(1)} s\n`);
  return results.every((r) => r.ok);
}

async function main(argv: string[]): Promise<boolean> {
  const cores = Math.max(2, availableParallelism());
  const all = readdirSync(TEST_DIR).filter((f) => f.endsWith(".test.ts"));
  if (argv.includes("--quick")) return report([await lane(`estimator core (${QUICK_FILES.length} files)`, [inOneProcess(QUICK_FILES)])]);
  ensureLibraryBuild(ROOT); // once, before the lanes: every notebook run below imports build/
  const shared = mkdtempSync(join(tmpdir(), "kit-test-shared-"));
  process.stdout.write("Three lanes at once: checks, tests, shared replications; each one's output is printed when all have ended.\n");
  try {
    const independent = orderedFiles(all.filter((f) => !SHARED_FILES.includes(f) && !QUICK_FILES.includes(f)));
    const sharedEnv = { ...process.env, KIT_TEST_SHARED: shared };
    const results = await Promise.all([
      lane("checks (typecheck, lint:layers, docs:check)", [npmRun("typecheck"), npmRun("lint:layers"), npmRun("docs:check")]),
      lane(`tests (${independent.length} files, ${cores} at once; then the estimator core's ${QUICK_FILES.length} in one process)`, [nodeTest(independent, cores), inOneProcess(QUICK_FILES)]),
      lane("shared replications and the tests that read them", [
        () => Promise.all([buildShared("simulated", shared, 2)(), buildShared("real", shared, 1)()]).then((r) => ({ ok: r.every((x) => x.ok), output: r.map((x) => x.output).join("") })),
        nodeTest(SHARED_FILES, 2, sharedEnv),
      ]),
    ]);
    return report(results);
  } finally {
    rmSync(shared, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((ok) => process.exit(ok ? 0 : 1));
}
