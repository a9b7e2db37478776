/**
 * Executes a notebook through the real Jupyter kernel protocol (Debian's nbconvert + jupyter-client)
 * with the kit's committed kernelspec (kernels/tslab-kit), as a user's JupyterLab would run it.
 * Debian's Jupyter runs under /usr/bin/python3, not the python3 first on PATH.
 */
import { spawnSync } from "node:child_process";
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

/**
 * Runs `jupyter nbconvert --execute` on a notebook with the kit's kernel and returns the executed
 * notebook; throws with nbconvert's stderr (where tslab's real message is) when a cell fails.
 */
export function executeWithKernel(rootDir: string, notebookPath: string, timeoutSeconds = 300): Notebook {
  const outDir = mkdtempSync(join(tmpdir(), "kit-nbconvert-"));
  try {
    return executeInto(outDir, rootDir, notebookPath, timeoutSeconds);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** nbconvert's run writing the executed notebook into outDir; returns it parsed. */
function executeInto(outDir: string, rootDir: string, notebookPath: string, timeoutSeconds: number): Notebook {
  const output = basename(notebookPath);
  const result = spawnSync(
    JUPYTER_PYTHON,
    [
      "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
      "--ExecutePreprocessor.kernel_name=tslab-kit",
      `--ExecutePreprocessor.timeout=${timeoutSeconds}`,
      // A busy 2-core machine can take longer than nbclient's default 4 s to send a cell's first output.
      "--ExecutePreprocessor.iopub_timeout=30",
      "--output-dir", outDir, "--output", output, notebookPath,
    ],
    { env: { ...process.env, JUPYTER_PATH: rootDir }, encoding: "utf8", timeout: (timeoutSeconds + 60) * 1000 },
  );
  if (result.status !== 0) {
    throw new Error(`nbconvert failed on ${basename(notebookPath)} (exit ${result.status}):\n${(result.stderr || "").slice(-4000)}`);
  }
  return JSON.parse(readFileSync(join(outDir, output), "utf8")) as Notebook;
}
