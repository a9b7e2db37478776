/**
 * The test command. `npm test` runs every check of the kit as one queue of tasks that keeps the
 * machine's cores busy (cores + 1 tasks at once, the longest first), so that nothing runs twice and
 * no core waits while work is left:
 *   checks   the type check, the layer rules and the API docs check, a task each;
 *   shared   the replication on the simulated panel and `replicate --smoke` on a cleaned copy of the
 *            raw files (KIT_PANEL; through the Jupyter kernel when it is installed), each built once,
 *            two notebooks at once (each counts as two tasks; test/helpers/sharedReplicate.ts), then the
 *            test files that read each (notebooks.test.ts and notebooks-browser.test.ts;
 *            real-data-replicate.test.ts and kernel.test.ts) as soon as its run is built;
 *   files    every other test file in a process of its own (it runs notebooks, a browser or Jupyter,
 *            or changes the environment, the working folder or the study's defaults), except
 *   groups   the files listed in ONE_PROCESS_GROUPS, loaded into one process per group: they leave
 *            no global state behind, and starting node and tsx per file cost more than their tests.
 * Each task's output is printed when all have ended, then a line per task with its time, the sum of
 * the tests counted by node:test and of those that failed; the exit code is 1 when any task failed.
 * A new test file gets a process of its own unless it is added to a group.
 *
 * `npm run test:quick` runs only the estimator core — the reference tests against R and fixest, the
 * formula, design, absorption, variance, IV and shift-share tests — in one process (≈ 8 s quiet).
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

/** The test files that read each shared replication (test/helpers/sharedReplicate.ts). */
const SHARED_FILES = { simulated: ["notebooks.test.ts", "notebooks-browser.test.ts"], real: ["real-data-replicate.test.ts", "kernel.test.ts"] } as const;

/** The estimator core: `npm run test:quick`, and the first one-process group of `npm test`. */
export const QUICK_FILES = [
  "reference-fixest.test.ts", "reference-iv.test.ts", "reference-r-core.test.ts", "fixest-parity-variance.test.ts",
  "absorb.test.ts", "absorb-fast.test.ts", "design.test.ts", "formula.test.ts", "formula-functions.test.ts",
  "errors.test.ts", "errors-iv.test.ts", "weak-iv.test.ts", "stockYogo.test.ts", "refit.test.ts", "weights.test.ts",
  "variance-panel-errors.test.ts", "conley-large.test.ts", "workBuffers.test.ts", "shiftshare-se.test.ts",
  "rotemberg.test.ts", "rotemberg-fe.test.ts", "shocklevel.test.ts", "shiftshare-panel.test.ts", "pvalue-format.test.ts", "names.test.ts", "contracts.test.ts",
];

/**
 * Short files that change no environment variable, working folder or study default and start no
 * process, notebook, browser or kernel: loaded into one process each group.
 */
const ONE_PROCESS_GROUPS: Record<string, string[]> = {
  "estimator core": QUICK_FILES,
  "data, cleaning, toolkit and truth": [
    "report-data-table-note.test.ts", "lib-imports.test.ts", "readme-links.test.ts", "data-rng.test.ts", "registry.test.ts",
    "data-variables.test.ts", "r-habits-lib.test.ts", "clean-crosswalk.test.ts", "data-estimates.test.ts", "data-simulate.test.ts",
    "validation-page.test.ts", "toolkit-heterogeneity.test.ts", "toolkit-robustness.test.ts", "refit-reuse.test.ts",
    "toolkit-mediate.test.ts", "resample-placebo.test.ts", "resample-wild.test.ts", "clean-subset.test.ts", "data-errors.test.ts",
    "function-length.test.ts", "clean-reading.test.ts", "truth-03-05.test.ts", "determinism.test.ts", "clean-plausibility.test.ts",
    "data-byod.test.ts", "data-dirt.test.ts", "exercises-01.test.ts", "toolkit-groups.test.ts", "truth-04.test.ts",
  ],
};

/**
 * CPU seconds of the longer tasks, each run alone on a quiet 2-core machine (issue 17): the queue
 * starts the longest first, so that the short ones fill in around them. Unlisted tasks count 3 s.
 */
const CPU_SECONDS: Record<string, number> = {
  "shared simulated": 100, "shared real": 71, "kernel.test.ts": 27, "grade.test.ts": 49, "data, cleaning, toolkit and truth": 40,
  "outputs-safety.test.ts": 28, "browser.test.ts": 27, "build-lib.test.ts": 23, "docs:check": 8, "notebook-runner.test.ts": 19,
  "report-pages.test.ts": 19, "monte-carlo-truth.test.ts": 18, "typecheck": 17, "clean-value-audit.test.ts": 14,
  "tslab-compile.test.ts": 13, "shiftshare-notebook.test.ts": 13, "exercises-05-08.test.ts": 13, "clean-data-cli.test.ts": 12,
  "estimator core": 12, "exercises-02-04.test.ts": 10, "editions.test.ts": 9, "findings-collect.test.ts": 7,
  "notebooks.test.ts": 20, "notebooks-browser.test.ts": 40, "real-data-replicate.test.ts": 2, "plain-builder.test.ts": 8,
};

/** What a command printed and whether it exited with 0. */
interface Outcome {
  ok: boolean;
  output: string;
}

/** One entry of the queue. */
interface Task {
  name: string;
  /** Cores it keeps busy (the simulated replication runs two notebooks at once). */
  cores: number;
  /** Names of the tasks that must have passed first. */
  after: string[];
  run: () => Promise<Outcome>;
}

/** How a task ended. */
interface Ended extends Outcome {
  name: string;
  ms: number;
}

/** Runs one command, collecting its output; resolves with whether it exited with 0. */
function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => (output += text));
    child.stderr.setEncoding("utf8").on("data", (text: string) => (output += text));
    child.on("error", (error) => resolve({ ok: false, output: `${command}: ${error.message}\n` }));
    child.on("close", (code) => resolve({ ok: code === 0, output }));
  });
}

const npmRun = (script: string) => () => runCommand(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "--silent", script]);

/**
 * Node's flags for every test process: tsx, and V8's young generation at 16 MB semi-spaces, as the
 * notebook workers (scripts/notebooks/pool.ts): the estimators' tests allocate a fresh column per
 * refit, and the default's scavenges cost CPU on the other tasks' cores.
 */
const NODE_FLAGS = ["--max-semi-space-size=16", "--import", "tsx"];

/** One test file in a process of its own (node:test runs a file given to node directly; no runner process around it). */
const testFile = (file: string, env?: NodeJS.ProcessEnv) => () =>
  runCommand(process.execPath, [...NODE_FLAGS, "--test-reporter=spec", join("test", file)], env);

/** Test files loaded into one process (scripts/test-one-process.ts): no per-file start-up of node and tsx. */
const inOneProcess = (files: string[]) => () =>
  runCommand(process.execPath, [...NODE_FLAGS, "--test-reporter=spec", join("scripts", "test-one-process.ts"), ...files.map((f) => join("test", f))]);

/** Builds a shared replication in its own process (its own KIT_PANEL), into `dir`. */
const buildShared = (kind: "simulated" | "real", dir: string, jobs: number) => () =>
  runCommand(process.execPath, [...NODE_FLAGS, join("test", "helpers", "sharedReplicate.ts"), kind, dir, String(jobs)]);

/** Every task of a full run. */
function tasks(shared: string): Task[] {
  const grouped = Object.values(ONE_PROCESS_GROUPS).flat();
  const sharedEnv = { ...process.env, KIT_TEST_SHARED: shared };
  const own = readdirSync(TEST_DIR)
    .filter((f) => f.endsWith(".test.ts"))
    .filter((f) => !grouped.includes(f) && !Object.values(SHARED_FILES).flat().includes(f as never));
  const task = (name: string, run: () => Promise<Outcome>, after: string[] = [], cores = 1): Task => ({ name, cores, after, run });
  return [
    task("typecheck", npmRun("typecheck")),
    task("lint:layers", npmRun("lint:layers")),
    // `npm run docs:check` without its own type check: the typecheck task runs tsc on the same tsconfig (≈ 12 CPU s less).
    task("docs:check", () => runCommand(process.execPath, [join("node_modules", "typedoc", "bin", "typedoc"), "--emit", "none", "--skipErrorChecking"])),
    task("shared simulated", buildShared("simulated", shared, 2), [], 2),
    task("shared real", buildShared("real", shared, 2), [], 2),
    ...SHARED_FILES.simulated.map((f) => task(f, testFile(f, sharedEnv), ["shared simulated"])),
    ...SHARED_FILES.real.map((f) => task(f, testFile(f, sharedEnv), ["shared real"])),
    ...Object.entries(ONE_PROCESS_GROUPS).map(([name, files]) => task(name, inOneProcess(files))),
    ...own.map((f) => task(f, testFile(f))),
  ];
}

/** The CPU seconds a task is expected to take (CPU_SECONDS, else 3). */
const expected = (t: Task): number => CPU_SECONDS[t.name] ?? 3;

/**
 * Runs the tasks with at most `slots` cores' worth at once: whenever a slot frees, the longest
 * task whose prerequisites passed starts (one wider than the free slots starts only on an idle
 * queue). A task whose prerequisite failed is not run, and says so.
 */
async function runQueue(all: Task[], slots: number): Promise<Ended[]> {
  const waiting = [...all].sort((a, b) => expected(b) - expected(a));
  const ended: Ended[] = [];
  const passed = new Set<string>();
  const failed = new Set<string>();
  let busy = 0;
  return new Promise((resolve) => {
    const finish = (name: string, started: number, outcome: Outcome, cores: number) => {
      busy -= cores;
      (outcome.ok ? passed : failed).add(name);
      const result = { name, ms: Date.now() - started, ...outcome };
      ended.push(result);
      process.stdout.write(`${result.ok ? "✓" : "✗"} ${name} (${(result.ms / 1000).toFixed(1)} s)\n`);
      pump();
    };
    const pump = (): void => {
      for (let k = 0; k < waiting.length; ) {
        const t = waiting[k];
        if (t.after.some((a) => failed.has(a))) {
          waiting.splice(k, 1);
          finish(t.name, Date.now(), { ok: false, output: `not run: ${t.after.filter((a) => failed.has(a)).join(", ")} failed\n` }, 0);
          return;
        }
        const ready = t.after.every((a) => passed.has(a));
        const fits = busy + t.cores <= slots || busy === 0;
        if (ready && fits) {
          waiting.splice(k, 1);
          busy += t.cores;
          const started = Date.now();
          void t.run().then((outcome) => finish(t.name, started, outcome, t.cores));
        } else k++;
      }
      if (waiting.length === 0 && busy === 0) resolve(ended);
    };
    pump();
  });
}

/** The sum over the outputs of node:test's closing counts ("ℹ tests N", "ℹ fail N"). */
function countTests(results: Ended[]): { tests: number; fail: number } {
  const sum = (label: string) => results.reduce((s, r) => s + [...r.output.matchAll(new RegExp(`^ℹ ${label} (\\d+)$`, "gm"))].reduce((t, m) => t + Number(m[1]), 0), 0);
  return { tests: sum("tests"), fail: sum("fail") };
}

function report(results: Ended[], startedAt: number): boolean {
  for (const r of results) process.stdout.write(`\n──── ${r.name} ────\n${r.output}`);
  process.stdout.write("\n");
  for (const r of [...results].sort((a, b) => b.ms - a.ms)) process.stdout.write(`${r.ok ? "✓" : "✗"} ${r.name}: ${(r.ms / 1000).toFixed(1)} s\n`);
  const { tests, fail } = countTests(results);
  const bad = results.filter((r) => !r.ok).map((r) => r.name);
  process.stdout.write(`\n${tests} tests, ${fail} failed, in ${results.length} tasks; ${((Date.now() - startedAt) / 1000).toFixed(1)} s in all.${bad.length ? ` Failed: ${bad.join(", ")}.` : ""}\n`);
  return bad.length === 0;
}

async function main(argv: string[]): Promise<boolean> {
  const startedAt = Date.now();
  if (argv.includes("--quick")) {
    const started = Date.now();
    const outcome = await inOneProcess(QUICK_FILES)();
    return report([{ name: `estimator core (${QUICK_FILES.length} files)`, ms: Date.now() - started, ...outcome }], startedAt);
  }
  ensureLibraryBuild(ROOT); // once, before the tasks: every notebook run below imports build/
  const cores = Math.max(2, availableParallelism());
  const shared = mkdtempSync(join(tmpdir(), "kit-test-shared-"));
  const queue = tasks(shared);
  process.stdout.write(`${queue.length} tasks, ${cores + 1} at once, the longest first; each one's output is printed when all have ended.\n`);
  try {
    return report(await runQueue(queue, cores + 1), startedAt);
  } finally {
    rmSync(shared, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((ok) => process.exit(ok ? 0 : 1));
}
