/**
 * Executes a notebook through the real Jupyter kernel protocol (Debian's nbconvert + jupyter-client)
 * with the kit's committed kernelspec (kernels/tslab-kit), as a user's JupyterLab would run it.
 * Debian's Jupyter runs under /usr/bin/python3, not the python3 first on PATH.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { Notebook } from "./ipynb";

export const JUPYTER_PYTHON = "/usr/bin/python3";

/** True when nbconvert and jupyter-client are importable by Debian's Python. */
export function hasJupyter(): boolean {
  const probe = spawnSync(JUPYTER_PYTHON, ["-c", "import nbconvert, jupyter_client, nbclient"], { stdio: "ignore" });
  return probe.status === 0;
}

/** Options of `executeWithKernel`. */
export interface KernelRunOptions {
  /** Seconds a cell may take (nbconvert's ExecutePreprocessor.timeout; default 300). */
  timeoutSeconds?: number;
  /** Variables added to the environment the kernel starts with (e.g. KIT_RESAMPLING, KIT_STACK). */
  env?: Record<string, string>;
  /** Stops nbconvert (and with it the kernel) when aborted; the promise then rejects. */
  signal?: AbortSignal;
}

/**
 * Runs `jupyter nbconvert --execute` on a notebook with the kit's kernel and resolves with the
 * executed notebook; rejects with nbconvert's stderr (where tslab's real message is) when a cell
 * fails. Several may run at once: each has its own kernel and output folder.
 */
export async function executeWithKernel(rootDir: string, notebookPath: string, options: KernelRunOptions = {}): Promise<Notebook> {
  const timeoutSeconds = options.timeoutSeconds ?? 300;
  const outDir = mkdtempSync(join(tmpdir(), "kit-nbconvert-"));
  const output = basename(notebookPath);
  try {
    const args = [
      "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
      "--ExecutePreprocessor.kernel_name=tslab-kit",
      `--ExecutePreprocessor.timeout=${timeoutSeconds}`,
      // A busy 2-core machine can take longer than nbclient's default 4 s to send a cell's first output.
      "--ExecutePreprocessor.iopub_timeout=30",
      "--output-dir", outDir, "--output", output, notebookPath,
    ];
    const env = { ...process.env, ...options.env, JUPYTER_PATH: rootDir };
    const result = await run(JUPYTER_PYTHON, args, env, (timeoutSeconds + 60) * 1000, options.signal);
    if (result.status !== 0) throw new Error(`nbconvert failed on ${output} (exit ${result.status}):\n${result.stderr.slice(-4000)}`);
    return JSON.parse(readFileSync(join(outDir, output), "utf8")) as Notebook;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** Runs a command to its end (killed after `timeoutMs`, or when `signal` aborts), collecting its stderr. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number, signal?: AbortSignal): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "ignore", "pipe"], timeout: timeoutMs, signal });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
    child.on("error", (error) => resolve({ status: null, stderr: `${command}: ${error.message}` }));
    child.on("close", (status) => resolve({ status, stderr }));
  });
}
