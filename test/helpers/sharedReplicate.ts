/**
 * One replication shared by the tests that read executed notebooks, instead of one per test file.
 * `npm test` (scripts/test.ts) builds both runs once, before those files start, into the folder named
 * by KIT_TEST_SHARED; a test file run alone (`node --import tsx --test test/notebooks.test.ts`)
 * builds the one it needs itself, in a temporary folder removed after the file.
 *
 * - "simulated": `replicate` on the kit's simulated panel (test/notebooks.test.ts, test/notebooks-browser.test.ts);
 * - "real": the bundled raw files cleaned by clean-data into a folder of the user's, then `replicate
 *   --smoke` with KIT_PANEL naming that panel.csv (test/real-data-replicate.test.ts) — through the real
 *   Jupyter kernel (`--kernel`) when Debian's Jupyter is installed, keeping each notebook as the kernel
 *   returned it (before figures are drawn) for test/kernel.test.ts, which checks the protocol on it
 *   instead of running the eight notebooks in kernels again (issue 17: ≈ 30 CPU s less per `npm test`).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { cleanData } from "../../scripts/clean-data";
import { writeNotebook, type Notebook } from "../../scripts/notebooks/ipynb";
import { hasJupyter } from "../../scripts/notebooks/jupyter";
import { replicate } from "../../scripts/replicate";

/** The environment variable naming the folder the test runner built the shared runs in. */
export const SHARED_ENV = "KIT_TEST_SHARED";

/** Which shared run. */
export type SharedKind = "simulated" | "real";

/**
 * A finished shared run: its output folder, the notebooks it ran, and (real data) the panel it read and,
 * when it ran in Jupyter kernels, the folder of the notebooks as the kernels returned them.
 */
export interface SharedRun {
  out: string;
  notebooks: string[];
  panelPath?: string;
  kernelOutputs?: string;
}

const RAW = resolve(__dirname, "..", "..", "data", "raw");
const DONE = "shared-run.json";

/** Runs `fn` with KIT_PANEL set to `panelPath`, restoring it afterwards. */
async function withPanel<T>(panelPath: string, fn: () => Promise<T>): Promise<T> {
  const saved = process.env.KIT_PANEL;
  process.env.KIT_PANEL = panelPath;
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.KIT_PANEL;
    else process.env.KIT_PANEL = saved;
  }
}

/**
 * Builds one shared run under `dir` (in `dir/<kind>`) and records it there (shared-run.json);
 * `jobs` notebooks run at once (default: replicate's).
 */
export async function buildSharedRun(kind: SharedKind, dir: string, jobs?: number): Promise<SharedRun> {
  const base = join(dir, kind);
  mkdirSync(base, { recursive: true });
  const out = join(base, "report");
  let run: SharedRun;
  if (kind === "simulated") {
    run = { out, notebooks: (await replicate({ full: false, outDir: out, quiet: true, jobs })).notebooks };
  } else {
    const panelPath = join(base, "my-data", "panel.csv");
    cleanData({ raw: RAW, out: join(base, "my-data"), encoding: "utf-8", strict: false, force: false });
    // Smoke counts: this run checks that a user's panel goes through every cell and is labelled as theirs; the numbers at the kit's counts are the simulated run's.
    const kernel = hasJupyter();
    const kernelOutputs = kernel ? join(base, "kernel-outputs") : undefined;
    const onExecuted = kernelOutputs ? (file: string, executed: Notebook) => writeNotebook(join(kernelOutputs, file), executed) : undefined;
    if (kernelOutputs) mkdirSync(kernelOutputs);
    const notebooks = await withPanel(panelPath, async () => (await replicate({ full: false, smoke: true, outDir: out, quiet: true, jobs, kernel, onExecuted })).notebooks);
    run = { out, notebooks, panelPath, kernelOutputs };
  }
  writeFileSync(join(base, DONE), JSON.stringify(run, null, 1));
  return run;
}

/**
 * The shared run of `kind`: the one the test runner built (KIT_TEST_SHARED), or, when the file runs
 * alone, one built now in a temporary folder removed when the test file's process exits (not with
 * tempDir: a hook registered in a `before` hook would remove it before the tests read it).
 * @throws Error when KIT_TEST_SHARED names a folder without that run (the runner's setup failed).
 */
export async function sharedRun(kind: SharedKind): Promise<SharedRun> {
  const dir = process.env[SHARED_ENV];
  if (!dir) {
    const own = mkdtempSync(join(tmpdir(), `kit-shared-${kind}-`));
    process.on("exit", () => rmSync(own, { recursive: true, force: true }));
    return buildSharedRun(kind, own);
  }
  const record = join(dir, kind, DONE);
  if (!existsSync(record)) throw new Error(`${SHARED_ENV}=${dir} has no finished ${kind} run (${record} is missing): the test runner's setup did not finish; see its output above.`);
  return JSON.parse(readFileSync(record, "utf8")) as SharedRun;
}

/** `node --import tsx test/helpers/sharedReplicate.ts <simulated|real> <folder> [jobs]`: the test runner's setup step. */
if (require.main === module) {
  const [kind, dir, jobs] = process.argv.slice(2);
  if ((kind !== "simulated" && kind !== "real") || !dir) {
    console.error("Usage: node --import tsx test/helpers/sharedReplicate.ts <simulated|real> <folder> [jobs]");
    process.exit(2);
  }
  buildSharedRun(kind, dir, jobs ? Number(jobs) : undefined).catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
}
